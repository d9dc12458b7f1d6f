//! Applying fixes to source text.

use crate::report::Fix;

/// Applies a fix's edits to `source`. Edits are applied from the last to the first; an edit
/// whose span is out of range, not on char boundaries, or overlaps an earlier-applied one is
/// skipped, so the result is always valid UTF-8 text.
pub fn apply_fix(source: &str, fix: &Fix) -> String {
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| (e.span.byte_start, e.span.byte_end));
    edits.dedup_by(|a, b| a.span.byte_start == b.span.byte_start && a.span.byte_end == b.span.byte_end && a.replacement == b.replacement);
    let mut out = String::with_capacity(source.len() + 64);
    let mut pos = 0;
    for e in edits {
        let (s, t) = (e.span.byte_start, e.span.byte_end);
        if s < pos || t < s || t > source.len() || !source.is_char_boundary(s) || !source.is_char_boundary(t) {
            continue;
        }
        out.push_str(&source[pos..s]);
        out.push_str(&e.replacement);
        pos = t;
    }
    out.push_str(&source[pos..]);
    out
}
