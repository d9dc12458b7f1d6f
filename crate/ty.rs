//! Types as the analyzer understands them.
