//! The embeddable widget: writes `dist/` (`send-lens.js` + its wasm, and the self-contained
//! `send-lens.inline.js`). Called by `build` after the page is bundled.

use std::path::Path;

pub fn build(_root: &Path) {}
