//! Bounds that keep every analysis finite. Inputs beyond them get an `input-limit` warning
//! instead of a parse (syn, the visitors and the tree's destructor all recurse).

/// Deepest nesting of brackets, braces and parentheses we parse.
pub const MAX_NESTING: usize = 256;
/// Largest input we parse, in bytes.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
