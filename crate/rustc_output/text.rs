//! Text clean-up and small readers shared by the human and JSON parsers.

use std::borrow::Cow;

use super::Dropped;

/// Whether the input holds ANSI colour codes whose escape character was lost in the paste
/// (`[1m[91merror[0m`): then [`clean_line`] removes `[..m` sequences too.
pub(super) fn has_escape_less_ansi(input: &str) -> bool {
    !input.contains('\x1b') && !input.contains("\\u001b") && (input.contains("[0m") || input.contains("[1m"))
}

/// One input line as the parsers want it: the line end (`\r`), ANSI escape sequences, the text a
/// carriage return overwrote (progress bars), trailing white space removed; tabs expanded to
/// 8-column stops; non-breaking spaces made spaces.
pub(super) fn clean_line(raw: &str, escape_less: bool) -> Cow<'_, str> {
    let mut line = raw.strip_suffix('\r').unwrap_or(raw);
    if let Some(at) = line.rfind('\r') {
        line = &line[at + 1..];
    }
    let line = line.trim_end_matches([' ', '\t']);
    let needs = line.contains(['\x1b', '\t', '\u{a0}']) || (escape_less && line.contains('['));
    if !needs {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut width = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => skip_escape(&mut chars),
            '[' if escape_less && is_sgr(chars.clone()) => while chars.next().is_some_and(|c| c != 'm') {},
            '\t' => {
                let spaces = 8 - width % 8;
                out.extend(std::iter::repeat_n(' ', spaces));
                width += spaces;
            }
            '\u{a0}' => {
                out.push(' ');
                width += 1;
            }
            c => {
                out.push(c);
                width += 1;
            }
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    Cow::Owned(out)
}

/// Skips one escape sequence after its ESC: CSI (`[` parameters, final byte `@`..`~`), OSC (`]`
/// up to BEL or ESC `\`, as in rustc's terminal links), or a two-character sequence.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            while let Some(c) = chars.next() {
                if c == '\x07' {
                    break;
                }
                if c == '\x1b' {
                    chars.next_if_eq(&'\\');
                    break;
                }
            }
        }
        _ => {}
    }
}

/// Whether the text after a `[` is an SGR sequence's rest: digits and semicolons, then `m`.
fn is_sgr(mut rest: impl Iterator<Item = char>) -> bool {
    for (n, c) in rest.by_ref().enumerate() {
        match c {
            '0'..='9' | ';' if n < 16 => {}
            'm' => return true,
            _ => return false,
        }
    }
    false
}

/// What a parse may still make, so that memory stays proportional to the input whatever the
/// text: bytes of copied source text and file names (a multiple of the input: overlapping
/// multi-line spans and many spans of one long file name could otherwise grow faster than the
/// input), and numbers of spans, children and diagnostics (caps far above any real compiler
/// run, which bound the memory of the structures themselves). What is refused is counted in
/// [`Dropped`]; a refused text is just `None`.
pub(super) struct Budget {
    bytes: usize,
    spans: usize,
    children: usize,
    diagnostics: usize,
    pub(super) dropped: Dropped,
}

pub(super) const MAX_DIAGNOSTICS: usize = 20_000;
pub(super) const MAX_CHILDREN: usize = 200_000;
pub(super) const MAX_SPANS: usize = 200_000;

impl Budget {
    pub(super) fn for_input(len: usize) -> Budget {
        Budget {
            bytes: len.saturating_mul(3).saturating_add(1 << 20),
            spans: MAX_SPANS,
            children: MAX_CHILDREN,
            diagnostics: MAX_DIAGNOSTICS,
            dropped: Dropped::default(),
        }
    }

    /// Takes `n` bytes; false when they are not left.
    pub(super) fn take(&mut self, n: usize) -> bool {
        if n > self.bytes {
            self.bytes = 0;
            return false;
        }
        self.bytes -= n;
        true
    }

    /// One span naming a file of `file_len` bytes.
    pub(super) fn span(&mut self, file_len: usize) -> bool {
        let ok = self.spans > 0 && self.take(file_len);
        if ok {
            self.spans -= 1;
        } else {
            self.dropped.spans += 1;
        }
        ok
    }

    pub(super) fn child(&mut self) -> bool {
        let ok = self.children > 0;
        if ok {
            self.children -= 1;
        } else {
            self.dropped.children += 1;
        }
        ok
    }

    pub(super) fn diagnostic(&mut self) -> bool {
        let ok = self.diagnostics > 0;
        if ok {
            self.diagnostics -= 1;
        } else {
            self.dropped.diagnostics += 1;
        }
        ok
    }
}

/// The number at the start of `text` and the rest.
pub(super) fn leading_number(text: &str) -> Option<(usize, &str)> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n = text[..digits].parse().ok()?;
    Some((n, &text[digits..]))
}

/// Error and warning counts of `N previous errors; M warnings emitted` (either part may miss).
pub(super) fn counts(text: &str) -> (usize, usize) {
    let (mut errors, mut warnings) = (0, 0);
    for part in text.split(';') {
        if let Some((n, rest)) = leading_number(part.trim_start()) {
            if rest.contains("error") {
                errors = n;
            } else if rest.contains("warning") {
                warnings = n;
            }
        }
    }
    (errors, warnings)
}

/// The text between the first `open` and the next `close`.
pub(super) fn between(text: &str, open: char, close: char) -> Option<&str> {
    let start = text.find(open)? + open.len_utf8();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// The columns a character takes in a terminal, as rustc counts them when it draws labels: wide
/// East Asian characters and emoji take 2, combining marks and zero-width characters 0, tabs
/// (which rustc shows as 4 spaces) 4, anything else 1. A compact table, not all of Unicode's.
pub(super) fn char_width(c: char) -> usize {
    let u = c as u32;
    if c == '\t' {
        return 4;
    }
    if u < 0x300 {
        return 1;
    }
    const ZERO: &[(u32, u32)] = &[
        (0x300, 0x36F),
        (0x483, 0x489),
        (0x591, 0x5BD),
        (0x610, 0x61A),
        (0x64B, 0x65F),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x20D0, 0x20FF),
        (0xFE00, 0xFE0F),
        (0xFE20, 0xFE2F),
        (0xFEFF, 0xFEFF),
    ];
    const WIDE: &[(u32, u32)] = &[
        (0x1100, 0x115F),
        (0x231A, 0x231B),
        (0x2329, 0x232A),
        (0x23E9, 0x23EC),
        (0x23F0, 0x23F3),
        (0x25FD, 0x25FE),
        (0x2614, 0x2615),
        (0x2648, 0x2653),
        (0x267F, 0x267F),
        (0x2693, 0x2693),
        (0x26A1, 0x26A1),
        (0x26AA, 0x26AB),
        (0x26BD, 0x26BE),
        (0x26C4, 0x26C5),
        (0x26CE, 0x26CE),
        (0x26D4, 0x26D4),
        (0x26EA, 0x26EA),
        (0x26F2, 0x26F5),
        (0x26FA, 0x26FD),
        (0x2705, 0x2705),
        (0x270A, 0x270B),
        (0x2728, 0x2728),
        (0x274C, 0x274E),
        (0x2753, 0x2757),
        (0x2795, 0x2797),
        (0x27B0, 0x27BF),
        (0x2B1B, 0x2B1C),
        (0x2B50, 0x2B55),
        (0x2E80, 0x303E),
        (0x3041, 0x33FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xA000, 0xA4CF),
        (0xA960, 0xA97F),
        (0xAC00, 0xD7A3),
        (0xF900, 0xFAFF),
        (0xFE10, 0xFE19),
        (0xFE30, 0xFE6F),
        (0xFF00, 0xFF60),
        (0xFFE0, 0xFFE6),
        (0x1F004, 0x1F004),
        (0x1F0CF, 0x1F0CF),
        (0x1F18E, 0x1F18E),
        (0x1F191, 0x1F19A),
        (0x1F200, 0x1F251),
        (0x1F300, 0x1F64F),
        (0x1F680, 0x1F6FF),
        (0x1F7E0, 0x1F7EB),
        (0x1F90C, 0x1F9FF),
        (0x1FA70, 0x1FAFF),
        (0x20000, 0x2FFFD),
        (0x30000, 0x3FFFD),
    ];
    let within = |table: &[(u32, u32)]| {
        table
            .binary_search_by(|&(lo, hi)| {
                if hi < u {
                    std::cmp::Ordering::Less
                } else if lo > u {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    };
    if within(ZERO) {
        0
    } else if within(WIDE) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning() {
        assert_eq!(clean_line("error\r", false), "error");
        assert_eq!(
            clean_line("\x1b[0m\x1b[1m\x1b[38;5;9merror[E0277]\x1b[0m\x1b[0m\x1b[1m: x\x1b[0m", false),
            "error[E0277]: x"
        );
        assert_eq!(clean_line("[1m[91merror[E0277][0m: x", true), "error[E0277]: x");
        assert_eq!(clean_line("a[0]", true), "a[0]");
        assert_eq!(clean_line("\x1b]8;;https://doc.rust-lang.org\x07E0277\x1b]8;;\x07", false), "E0277");
        assert_eq!(clean_line("\x1b]8;;x\x1b\\E0277", false), "E0277");
        assert_eq!(clean_line("ab\tc", false), "ab      c");
        assert_eq!(clean_line("Building [==>  ] 1/2\r   Compiling x", false), "   Compiling x");
        assert_eq!(clean_line("x \u{a0}y  ", false), "x  y");
        // A lone escape or an unterminated sequence ends quietly.
        assert_eq!(clean_line("a\x1b", false), "a");
        assert_eq!(clean_line("a\x1b[12", false), "a");
    }

    #[test]
    fn readers() {
        assert_eq!(counts("2 previous errors; 1 warning emitted"), (2, 1));
        assert_eq!(counts("1 previous error"), (1, 0));
        assert_eq!(leading_number("12 warnings"), Some((12, " warnings")));
        assert_eq!(leading_number("x"), None);
        assert_eq!(leading_number("99999999999999999999999999 x"), None);
        assert_eq!(between("could not compile `a` (bin)", '`', '`'), Some("a"));
    }

    #[test]
    fn widths() {
        assert_eq!(char_width('a'), 1);
        assert_eq!(char_width('é'), 1);
        assert_eq!(char_width('日'), 2);
        assert_eq!(char_width('\u{301}'), 0);
        assert_eq!(char_width('🦀'), 2);
        assert_eq!(char_width('\t'), 4);
    }
}
