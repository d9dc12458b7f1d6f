//! Applying fixes to source text.

use crate::report::Fix;

/// Applies a fix's edits to `source`. Edits are applied from the last to the first; an edit
/// whose span is out of range, not on char boundaries, or overlaps an earlier-applied one is
/// skipped, so the result is always valid UTF-8 text.
pub fn apply_fix(source: &str, fix: &Fix) -> String {
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| (e.span.byte_start, e.span.byte_end));
    edits.dedup_by(|a, b| {
        a.span.byte_start == b.span.byte_start && a.span.byte_end == b.span.byte_end && a.replacement == b.replacement
    });
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

/// Whether two edits of `fix` overlap (identical edits count once, as `apply_fix` applies them).
/// `apply_fix` would skip one of them and leave half a fix, so such a fix is never offered: the
/// fix builders assume one statement per line, and code such as `let g = m.lock().unwrap(); x.await;`
/// on a single line (found by the fuzzer, `tests/fixtures/fuzz/`) breaks that assumption.
pub(crate) fn edits_overlap(fix: &Fix) -> bool {
    let mut edits: Vec<_> = fix.edits.iter().map(|e| (e.span.byte_start, e.span.byte_end, &e.replacement)).collect();
    edits.sort();
    edits.dedup();
    edits.windows(2).any(|w| w[1].0 < w[0].1)
}
