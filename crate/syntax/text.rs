//! Positions in the source text: byte offsets, lines, columns and UTF-16 offsets.
//!
//! Inside the analyzer every position is a UTF-8 byte offset (`usize`, always on a char
//! boundary). proc-macro2 reports line (1-based) and column (0-based, in chars); `SourceText`
//! converts those to byte offsets, and builds the report's `Span` with all units at once.

use crate::report::Span;

/// A byte range in the source. Invariant: `start <= end <= len`, both on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Range {
    pub start: usize,
    pub end: usize,
}

impl Range {
    pub fn new(start: usize, end: usize) -> Range {
        Range { start, end: end.max(start) }
    }

    pub fn empty(at: usize) -> Range {
        Range { start: at, end: at }
    }

    pub fn contains(&self, other: Range) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn contains_offset(&self, at: usize) -> bool {
        self.start <= at && at < self.end
    }

    pub fn cover(self, other: Range) -> Range {
        Range { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The source with an index of its lines, for converting positions.
pub struct SourceText<'a> {
    pub text: &'a str,
    /// Byte offset of the start of each line. rustc and proc-macro2 count `\n` as the only line
    /// break (a lone `\r` is not one), and so do we.
    line_starts: Vec<usize>,
    /// UTF-16 code units before the start of each line.
    line_utf16: Vec<usize>,
    /// Chars before the start of each line, and in the whole text.
    line_chars: Vec<usize>,
    chars: usize,
    /// Byte offset of every `CHAR_MARK_EVERY`th char; empty for ASCII text (and only for it),
    /// where chars are bytes. proc-macro2 positions count chars, and one long line (a minified file, a long
    /// chain) asks for thousands of positions on it: counting from the line start each time
    /// was quadratic in the line's length.
    char_marks: Vec<usize>,
}

const CHAR_MARK_EVERY: usize = 64;

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> SourceText<'a> {
        let mut line_starts = vec![0];
        let mut line_utf16 = vec![0];
        let mut line_chars = vec![0];
        let ascii = text.is_ascii();
        if ascii {
            // Bytes, chars and UTF-16 units are the same thing: only the line breaks matter, and
            // a byte search finds them several times faster than decoding every char.
            for (i, _) in text.match_indices('\n') {
                line_starts.push(i + 1);
            }
            line_utf16.clone_from(&line_starts);
            line_chars.clone_from(&line_starts);
            return SourceText { text, line_starts, line_utf16, line_chars, chars: text.len(), char_marks: vec![] };
        }
        let mut char_marks = vec![];
        let mut units = 0;
        for (n, (i, c)) in text.char_indices().enumerate() {
            if !ascii && n % CHAR_MARK_EVERY == 0 {
                char_marks.push(i);
            }
            units += c.len_utf16();
            if c == '\n' {
                line_starts.push(i + 1);
                line_utf16.push(units);
                line_chars.push(n + 1);
            }
        }
        let chars = if ascii { text.len() } else { text.chars().count() };
        SourceText { text, line_starts, line_utf16, line_chars, chars, char_marks }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Byte offset of a proc-macro2 position (line 1-based, column 0-based in chars).
    pub fn offset_of(&self, pos: proc_macro2::LineColumn) -> usize {
        if pos.line == 0 {
            return 0;
        }
        if pos.line > self.line_starts.len() {
            return self.text.len();
        }
        let line_end = self.line_starts.get(pos.line).copied().unwrap_or(self.text.len());
        let line_chars_end = self.line_chars.get(pos.line).copied().unwrap_or(self.chars);
        let at = self.line_chars[pos.line - 1] + pos.column;
        if at >= line_chars_end {
            return line_end;
        }
        if self.char_marks.is_empty() {
            return at;
        }
        let mark = self.char_marks[at / CHAR_MARK_EVERY];
        match self.text[mark..].char_indices().nth(at % CHAR_MARK_EVERY) {
            Some((i, _)) => mark + i,
            None => line_end,
        }
    }

    /// The byte range covered by a proc-macro2 span.
    pub fn range_of(&self, span: proc_macro2::Span) -> Range {
        let start = self.offset_of(span.start());
        let end = self.offset_of(span.end());
        Range::new(start, end)
    }

    /// From the start of `first` to the end of `last` (a node's first and last token).
    pub fn range_between(&self, first: proc_macro2::Span, last: proc_macro2::Span) -> Range {
        Range::new(self.offset_of(first.start()), self.offset_of(last.end()))
    }

    pub fn slice(&self, r: Range) -> &'a str {
        self.text.get(r.start..r.end).unwrap_or("")
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, at: usize) -> usize {
        match self.line_starts.binary_search(&at) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line_index: usize) -> usize {
        self.line_starts.get(line_index).copied().unwrap_or(self.text.len())
    }

    /// The leading whitespace of the line that holds `at`.
    pub fn indent_at(&self, at: usize) -> &'a str {
        let start = self.line_start(self.line_index(at));
        let rest = &self.text[start..];
        let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        &rest[..n]
    }

    /// 1-based line and 1-based char column of a byte offset.
    /// Whether byte offset `at` is the first of its line (`line_col`'s column 1, without
    /// counting the chars before it).
    pub fn starts_line(&self, at: usize) -> bool {
        at == 0 || self.text.as_bytes().get(at - 1) == Some(&b'\n')
    }

    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let (line, col, _) = self.position(at);
        (line, col)
    }

    /// The 1-based line and column (in chars) of byte offset `at`, and the UTF-16 code units
    /// before it: one line lookup for all three, and no counting in ASCII text, where chars,
    /// bytes and UTF-16 units are the same.
    fn position(&self, at: usize) -> (usize, usize, usize) {
        let at = at.min(self.text.len());
        let li = self.line_index(at);
        let start = self.line_starts[li];
        if self.char_marks.is_empty() {
            return (li + 1, at - start + 1, at);
        }
        // Per line, so the cost is bounded by the line length, not by the file.
        let before = &self.text[start..at];
        (li + 1, before.chars().count() + 1, self.line_utf16[li] + before.encode_utf16().count())
    }

    /// UTF-16 code units before byte offset `at`.
    pub fn utf16_offset(&self, at: usize) -> usize {
        self.position(at).2
    }

    /// The report span of a byte range, in every unit.
    pub fn span(&self, r: Range) -> Span {
        let (line, col, start) = self.position(r.start);
        let (end_line, end_col, end) = self.position(r.end);
        Span { byte_start: r.start, byte_end: r.end, start, end, line, col, end_line, end_col }
    }
}

/// An identifier's text, without a heap allocation for the usual short name. proc-macro2 gives
/// an identifier's text only through `Display`, so `to_string` allocates, and the walk looks a
/// name up at every path, call and method it meets. Longer names spill to a `String`.
pub struct IdentText {
    len: usize,
    buf: [u8; IdentText::INLINE],
    long: Option<String>,
}

impl IdentText {
    const INLINE: usize = 40;

    pub fn new(ident: &proc_macro2::Ident) -> IdentText {
        use std::fmt::Write as _;
        let mut text = IdentText { len: 0, buf: [0; IdentText::INLINE], long: None };
        let _ = write!(text, "{ident}");
        text
    }

    pub fn as_str(&self) -> &str {
        match &self.long {
            Some(s) => s,
            // Only whole `&str`s are ever copied in (`write_str`), so this is valid UTF-8.
            None => std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default(),
        }
    }
}

impl std::fmt::Write for IdentText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if let Some(long) = &mut self.long {
            long.push_str(s);
        } else if let Some(room) = self.buf.get_mut(self.len..self.len + s.len()) {
            room.copy_from_slice(s.as_bytes());
            self.len += s.len();
        } else {
            let mut long = String::with_capacity(self.len + s.len());
            long.push_str(std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default());
            long.push_str(s);
            self.long = Some(long);
        }
        Ok(())
    }
}

impl std::ops::Deref for IdentText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_positions_agree_in_every_unit() {
        let src = "let é = \"😀\";\nlet x = 1;";
        let text = SourceText::new(src);
        let x = src.find('x').unwrap();
        let span = text.span(Range::new(x, x + 1));
        assert_eq!(span.line, 2);
        assert_eq!(span.col, 5);
        assert_eq!(span.end_col, 6);
        let expected_utf16 = src[..x].encode_utf16().count();
        assert_eq!(span.start, expected_utf16);
        assert_eq!(span.end, expected_utf16 + 1);
        // The emoji takes two UTF-16 units and four bytes.
        let emoji = src.find('😀').unwrap();
        let s = text.span(Range::new(emoji, emoji + 4));
        assert_eq!(s.end - s.start, 2);
        assert_eq!(s.col, 10);
        assert_eq!(s.end_col, 11);
    }

    #[test]
    fn ident_text_is_to_string_at_any_length() {
        for name in [
            "x",
            "r#type",
            "a_name_exactly_forty_bytes_long_abcdefgh",
            "a_name_well_beyond_the_forty_bytes_kept_inline",
            "é_ünïcödé",
        ] {
            let ident: proc_macro2::Ident = syn::parse_str(name).expect("an identifier");
            assert_eq!(IdentText::new(&ident).as_str(), ident.to_string());
        }
    }

    #[test]
    fn starts_line_is_column_one() {
        for src in ["", "a", "\n", "use a;\n  use b;\r\n\nuse c;", "é\n\u{2028}x\r\ny"] {
            let text = SourceText::new(src);
            for (at, _) in src.char_indices().chain([(src.len(), ' ')]) {
                assert_eq!(text.starts_line(at), text.line_col(at).1 == 1, "{src:?} at {at}");
            }
        }
    }

    #[test]
    fn proc_macro2_columns_are_chars() {
        let src = "é\n  ab";
        let text = SourceText::new(src);
        let at = text.offset_of(proc_macro2::LineColumn { line: 2, column: 2 });
        assert_eq!(&src[at..], "ab");
        let at = text.offset_of(proc_macro2::LineColumn { line: 1, column: 1 });
        assert_eq!(at, 2);
    }
}
