//! The annotated source under a `-->` line, read back into spans.
//!
//! rustc draws (its `HumanEmitter::render_source_line`):
//! ```text
//!  9 |       let handle = task::spawn(async move {    <- a source row: the code after a margin
//!    |  __________________^                           <- a multi-line span starts (depth 1)
//! 10 | |         for _ in 0..100 {                    <- `|` bars in the margin
//! ...  |
//! 14 | |     });
//!    | |______^ future created by async block is not `Send`   <- ... and ends, with its label
//! 11 |             *counter.borrow_mut() += 1;
//!    |              ^^^^^^^ ---- secondary label       <- underline row: runs of `^` (primary)
//!    |              |                                     and `-` (secondary), the rightmost
//!    |              primary label                         label inline, others hung below `|`
//! ```
//! The margin is `depth + 1` columns wide when multi-line spans are drawn (`depth` is the deepest
//! one's), else empty. A multi-line span is drawn with `_` from column `depth` to its start or
//! end column; the start has a blank at `depth - 1`, the end a `|`; a span that starts at the
//! first code of its line is drawn as a `/` in the margin instead. Labels hang at their span's
//! start column. Columns are terminal columns (wide characters take 2, tabs are shown as 4
//! spaces); long lines are cut, the cut marked `...`.
//!
//! Columns are read back in characters; where the drawing hides them (tabs, a cut line) the
//! `-->` line's column calibrates them (see [`Calibration`]).

use std::collections::BTreeMap;

use super::text::{char_width, Budget};
use super::{Position, Span};

/// A `-->` (primary) or `:::` (another file) line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Location {
    pub file: String,
    pub line: u32,
    pub col: Option<u32>,
    pub primary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowKind {
    /// `NN | code`
    Source(u32),
    /// `   | marks and labels`
    Annotation,
    /// `...`
    Elision,
    /// `NN ~ code`, `NN + code`, `NN - code`: the lines of a suggestion.
    Suggestion(u8),
}

/// A gutter row: its kind and its text after the separator and one space.
pub(super) struct Row {
    pub kind: RowKind,
    pub text: String,
}

/// Deepest multi-line nesting read: deeper `_` runs are taken for label text.
const MAX_DEPTH: usize = 16;

/// An underline row of a suggestion: `+++` (inserted) or `~~~` (replaced), with `-` (removed).
pub(super) fn is_suggestion_underline(text: &str) -> bool {
    let t = text.trim();
    t.contains(['+', '~']) && t.chars().all(|c| matches!(c, '+' | '~' | '-' | ' '))
}

/// The code a suggestion shows: its source and added/replaced lines.
pub(super) fn suggested_code(rows: &[Row]) -> String {
    let lines = rows.iter().filter(|r| matches!(r.kind, RowKind::Source(_) | RowKind::Suggestion(b'~' | b'+')));
    lines.map(|r| r.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// The spans drawn in `rows`, the annotated source after `location`.
pub(super) fn decode(rows: &[Row], location: Option<&Location>, budget: &mut Budget) -> Vec<Span> {
    if !rows.iter().any(|r| matches!(r.kind, RowKind::Source(_))) {
        return Vec::new();
    }
    let grids: Vec<Vec<char>> = rows.iter().map(|r| r.text.chars().collect()).collect();
    let annotations = grids.iter().zip(rows).filter(|(_, r)| r.kind == RowKind::Annotation);
    let depth = annotations.filter_map(|(g, _)| segment(g)).map(|s| s.depth).max().unwrap_or(0);
    let mut decoder = Decoder {
        depth,
        margin: if depth == 0 { 0 } else { depth + 1 },
        open: vec![None; depth + 1],
        found: Vec::new(),
        shown: BTreeMap::new(),
    };
    let mut i = 0;
    while i < rows.len() {
        let RowKind::Source(line) = rows[i].kind else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < rows.len() && rows[j].kind == RowKind::Annotation {
            j += 1;
        }
        decoder.line(line, &grids[i], &grids[i + 1..j]);
        i = j;
    }
    decoder.spans(location, budget)
}

/// One source line as shown: its code after the margin.
struct Shown {
    chars: Vec<char>,
    /// `widths[i]`: terminal columns before character `i` (one more entry than `chars`).
    widths: Vec<usize>,
    /// Starts or ends with rustc's `...` cut mark.
    cut_left: bool,
    cut_right: bool,
    /// Leading spaces (a tab is shown as 4).
    leading: usize,
}

impl Shown {
    fn new(chars: Vec<char>) -> Shown {
        let mut widths = Vec::with_capacity(chars.len() + 1);
        let mut sum = 0;
        widths.push(0);
        for &c in &chars {
            sum += char_width(c);
            widths.push(sum);
        }
        let dots = |s: &[char]| s == ['.', '.', '.'];
        let cut_left = chars.get(..3).is_some_and(dots);
        let cut_right = chars.len() > 3 && chars.get(chars.len() - 3..).is_some_and(dots);
        let leading = chars.iter().take_while(|&&c| c == ' ').count();
        Shown { chars, widths, cut_left, cut_right, leading }
    }

    /// The character at terminal column `display` (past the end: counted on in columns).
    fn index(&self, display: usize) -> usize {
        let total = self.widths[self.widths.len() - 1];
        if display > total {
            return self.chars.len() + (display - total);
        }
        self.widths.partition_point(|&w| w <= display) - 1
    }

    /// Where the code starts: after the cut mark and the indentation.
    fn first_code(&self) -> usize {
        let skip = if self.cut_left { 3 } else { 0 };
        skip + self.chars.iter().skip(skip).take_while(|c| c.is_whitespace()).count()
    }

    /// Whether characters `from..to` are shown as they are (not under a cut mark).
    fn intact(&self, from: usize, to: usize) -> bool {
        from <= to
            && to <= self.chars.len()
            && !(self.cut_left && from < 3)
            && !(self.cut_right && to > self.chars.len() - 3)
    }
}

/// A multi-line span whose start was seen.
#[derive(Clone, Copy)]
struct Open {
    line: u32,
    index: usize,
    primary: Option<bool>,
}

/// A span read from the drawing, in shown character indices (0-based, the end exclusive).
struct Found {
    start: (u32, usize),
    end: Option<(u32, usize)>,
    primary: bool,
    label: Option<String>,
    /// Where the span's own run begins, when `start` was moved left to the stretch's start (see
    /// [`overdrawn`]); the location line's column chooses between the two.
    drawn: Option<usize>,
}

struct Decoder {
    depth: usize,
    margin: usize,
    open: Vec<Option<Open>>,
    found: Vec<Found>,
    shown: BTreeMap<u32, Shown>,
}

/// A `_` run of a multi-line span in an annotation row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    depth: usize,
    /// An end (`|___^`) rather than a start (` ___^`).
    end: bool,
    /// Column of the span's start or end character.
    code: usize,
}

/// The `_` run at the start of an annotation row, if any: after bars and blanks, `_` up to the
/// mark, the `|` or the label at the span's column (the run may be crossed by other spans' `|`
/// and, in the underline row, by their marks: `____----___^`).
fn segment(row: &[char]) -> Option<Segment> {
    let depth = row.iter().take(MAX_DEPTH + 1).take_while(|&&c| c == ' ' || c == '|').count();
    if depth == 0 || depth > MAX_DEPTH || row.get(depth) != Some(&'_') {
        return None;
    }
    let stretch = row[depth..].iter().take_while(|&&c| matches!(c, '_' | '|' | '^' | '-')).count();
    let last_underscore = row[depth..depth + stretch].iter().rposition(|&c| c == '_')? + depth;
    Some(Segment { depth, end: row[depth - 1] == '|', code: last_underscore + 1 })
}

fn at(row: &[char], i: usize) -> char {
    row.get(i).copied().unwrap_or(' ')
}

fn is_mark(c: char) -> bool {
    c == '^' || c == '-'
}

/// The rest of a row from `from`, trimmed; `None` when blank.
fn tail(row: &[char], from: usize) -> Option<String> {
    let text: String = row.get(from..).unwrap_or(&[]).iter().collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Labels hung at column `col` below row `from`: down the `|` connector to the rows whose text
/// starts at `col` (several when spans share a start).
fn labels_below(block: &[Vec<char>], first_text: &[Option<usize>], from: usize, col: usize) -> Vec<String> {
    let mut labels = Vec::new();
    for (row, first) in block.iter().zip(first_text).skip(from) {
        if *first == Some(col) {
            labels.extend(tail(row, col));
        } else if at(row, col) != '|' {
            break;
        }
    }
    labels
}

/// A run of marks in an underline row: columns `[start, end)`.
#[derive(Clone)]
struct Run {
    start: usize,
    end: usize,
    /// Where the run itself begins (`start` may reach further left, see [`overdrawn`]).
    drawn: usize,
    primary: bool,
    /// False when the end is not drawn: the run was cut (`^^^...^^^`) or the span is hidden
    /// inside another's run.
    end_known: bool,
    /// A one-column run whose inline label sits two columns after it: rustc's drawing of an
    /// empty span.
    zero_width: bool,
    inline: Option<String>,
    labels: Vec<String>,
    absorbed: bool,
}

/// The runs of marks of an underline row between `from` and `limit`, each with the inline label
/// that follows it. `_` and `|` (drawn by multi-line spans) and multi-line marks are passed over.
fn runs(underline: &[char], from: usize, limit: usize, is_segment_col: &dyn Fn(usize) -> bool) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut k = from;
    let limit = limit.min(underline.len());
    while k < limit {
        let c = underline[k];
        if matches!(c, ' ' | '_' | '|') || is_segment_col(k) {
            k += 1;
        } else if is_mark(c) {
            let mut end = k;
            let mut cut = false;
            loop {
                while end < limit && underline[end] == c && !is_segment_col(end) {
                    end += 1;
                }
                // A long span drawn `^^^...^^^`.
                if underline.get(end..end + 3) == Some(&['.', '.', '.']) && at(underline, end + 3) == c {
                    cut = true;
                    end += 3;
                } else {
                    break;
                }
            }
            runs.push(Run {
                start: k,
                end,
                drawn: k,
                primary: c == '^',
                end_known: !cut,
                zero_width: false,
                inline: None,
                labels: Vec::new(),
                absorbed: false,
            });
            k = end;
        } else {
            let end = next_marks(underline, k).unwrap_or(limit).min(limit);
            let label: String = underline[k..end].iter().collect();
            if let Some(last) = runs.last_mut().filter(|r| r.inline.is_none()) {
                last.zero_width = last.end - last.start == 1 && k == last.end + 2;
                last.inline = Some(label.trim().to_string());
            }
            k = end;
        }
    }
    runs
}

/// Spans drawn over each other in one stretch of marks. rustc draws longer spans first, so a
/// shorter span hides part of a longer one; a run with no label of its own is such a leftover:
/// - after a labelled run of its kind in the stretch, it is that span's tail
///   (`-------^^^^^--`: one `-` span around a `^` span);
/// - else it is a span whose start the runs before it hide (`----^^^^`: the `^` span starts
///   with the `-` one). When the run before it carries two labels or more, the first is the
///   primary span's (rustc lists primary spans first), the others the secondary's.
fn overdrawn(runs: &mut [Run]) {
    let mut first = 0;
    // The last labelled run of each kind in the stretch: [secondary, primary].
    let mut labelled: [Option<usize>; 2] = [None, None];
    for i in 0..runs.len() {
        if i > 0 && runs[i].start != runs[i - 1].end {
            first = i;
            labelled = [None, None];
        }
        let primary = runs[i].primary;
        if runs[i].absorbed {
            continue;
        }
        if !runs[i].labels.is_empty() {
            labelled[usize::from(primary)] = Some(i);
            continue;
        }
        if i == first {
            continue;
        }
        if let Some(left) = labelled[usize::from(primary)] {
            runs[left].end = runs[i].end;
            runs[left].end_known &= runs[i].end_known;
            runs[i].absorbed = true;
            continue;
        }
        runs[i].start = runs[first].start;
        if runs[i - 1].labels.len() >= 2 {
            let mut labels = std::mem::take(&mut runs[i - 1].labels);
            let head = labels.remove(0);
            let (with_head, with_rest) = if primary { (i, i - 1) } else { (i - 1, i) };
            runs[with_head].labels = vec![head];
            runs[with_rest].labels = labels;
        }
    }
}

impl Decoder {
    /// One source line and the annotation rows under it.
    fn line(&mut self, line: u32, row: &[char], block: &[Vec<char>]) {
        let shown = Shown::new(row.get(self.margin..).unwrap_or(&[]).to_vec());
        for d in 1..=self.depth {
            if at(row, d - 1) == '/' && row[..d - 1].iter().all(|&c| matches!(c, ' ' | '|' | '/')) {
                self.open[d] = Some(Open { line, index: shown.first_code(), primary: None });
            }
        }
        if !block.is_empty() {
            self.annotations(line, &shown, block);
        }
        self.shown.insert(line, shown);
    }

    fn annotations(&mut self, line: u32, shown: &Shown, block: &[Vec<char>]) {
        let margin = self.margin;
        let index = |col: usize| shown.index(col.saturating_sub(margin));
        let first_text: Vec<Option<usize>> =
            block.iter().map(|r| r.iter().position(|&c| !matches!(c, ' ' | '|' | '_'))).collect();
        let underline = &block[0];
        let mark = |col: usize| match at(underline, col) {
            '^' => Some(true),
            '-' => Some(false),
            _ => None,
        };
        // Multi-line starts and ends.
        let mut segment_cols = vec![false; underline.len() + 1];
        let mut limit = underline.len();
        for (r, seg) in block.iter().enumerate().filter_map(|(r, g)| Some((r, segment(g)?))) {
            if seg.depth > self.depth || seg.code < margin {
                continue;
            }
            if let Some(flag) = segment_cols.get_mut(seg.code) {
                *flag = true;
            }
            if !seg.end {
                self.open[seg.depth] = Some(Open { line, index: index(seg.code), primary: mark(seg.code) });
                continue;
            }
            let row = &block[r];
            let mut labels = Vec::new();
            match at(row, seg.code) {
                '^' | '-' => labels.extend(tail(row, seg.code + 1)),
                '|' | ' ' => {}
                _ => labels.extend(tail(row, seg.code)),
            }
            if r == 0 && !labels.is_empty() {
                // The inline label runs to the end of the underline row.
                limit = seg.code;
            }
            labels.extend(labels_below(block, &first_text, r + 1, seg.code));
            if let Some(open) = self.open[seg.depth].take() {
                let primary = mark(seg.code).or(open.primary).unwrap_or(false);
                let end = Some((line, index(seg.code) + 1));
                self.push((open.line, open.index), end, primary, labels, None);
            }
        }
        let is_segment_col = |col: usize| segment_cols.get(col).copied().unwrap_or(false);
        let mut runs = runs(underline, margin, limit, &is_segment_col);

        // A span drawn under a longer one shows only as the `|` of its label in the row below.
        let mut hidden: Vec<Run> = Vec::new();
        if let Some(below) = block.get(1) {
            let mut run_starts = vec![false; underline.len() + 1];
            for run in &runs {
                run_starts[run.start] = true;
            }
            for (col, &c) in below.iter().enumerate().skip(margin) {
                if c != '|' || !is_mark(at(underline, col)) || run_starts.get(col).copied().unwrap_or(false) {
                    continue;
                }
                let after = runs.partition_point(|r| r.start <= col);
                if is_segment_col(col) {
                    // Under a multi-line span's mark, going on as a run: `^------`.
                    if let Some(next) = runs.get_mut(after).filter(|r| r.start == col + 1 && r.inline.is_none()) {
                        hidden.push(Run { start: col, ..next.clone() });
                        next.absorbed = true;
                    }
                } else if let Some(run) = after.checked_sub(1).map(|i| &runs[i]).filter(|r| col < r.end) {
                    // Inside a longer run: where it ends is not drawn.
                    hidden.push(Run { start: col, end_known: false, ..run.clone() });
                }
            }
        }
        for run in runs.iter_mut().chain(hidden.iter_mut()) {
            let below = labels_below(block, &first_text, 1, run.start);
            run.labels = run.inline.take().into_iter().chain(below).collect();
        }
        overdrawn(&mut runs);
        for run in runs.into_iter().chain(hidden).filter(|r| !r.absorbed) {
            let end = if run.zero_width {
                Some((line, index(run.start)))
            } else {
                run.end_known.then(|| (line, index(run.end)))
            };
            let drawn = (run.drawn != run.start).then(|| index(run.drawn));
            self.push((line, index(run.start)), end, run.primary, run.labels, drawn);
        }
    }

    /// Records a span, once per label (rustc draws two labels of one span as two annotations).
    fn push(
        &mut self,
        start: (u32, usize),
        end: Option<(u32, usize)>,
        primary: bool,
        labels: Vec<String>,
        drawn: Option<usize>,
    ) {
        if labels.is_empty() {
            self.found.push(Found { start, end, primary, label: None, drawn });
        }
        for label in labels {
            self.found.push(Found { start, end, primary, label: Some(label), drawn });
        }
    }

    /// The spans, with columns calibrated against the location line.
    fn spans(self, location: Option<&Location>, budget: &mut Budget) -> Vec<Span> {
        let calibration = Calibration::find(&self, location);
        let file = location.map_or("", |l| l.file.as_str());
        let mut spans = Vec::with_capacity(self.found.len());
        for found in &self.found {
            if !budget.span(file.len()) {
                continue;
            }
            let start_index = match calibration {
                Calibration::Drawn { line, index } | Calibration::LineShift { line, from: index, .. }
                    if found.start.0 == line && found.drawn == Some(index) =>
                {
                    index
                }
                _ => found.start.1,
            };
            let start =
                Position { line: found.start.0, col: calibration.col(&self, found.start.0, start_index, false) };
            let end = found.end.map(|(line, index)| Position { line, col: calibration.col(&self, line, index, true) });
            let text = found.end.and_then(|end| self.text((found.start.0, start_index), end, calibration, budget));
            spans.push(Span {
                file: file.to_string(),
                start,
                end,
                primary: found.primary,
                label: found.label.clone(),
                text,
                replacement: None,
            });
        }
        spans
    }

    /// The source text between two shown positions, when every line of it is shown uncut.
    fn text(
        &self,
        start: (u32, usize),
        end: (u32, usize),
        calibration: Calibration,
        budget: &mut Budget,
    ) -> Option<String> {
        let (first, last) = (start.0, end.0);
        if last < first || (last - first) as usize >= self.shown.len() {
            return None;
        }
        let mut out = String::new();
        for line in first..=last {
            let shown = self.shown.get(&line)?;
            let from = if line == first { start.1 } else { 0 };
            let to = if line == last { end.1 } else { shown.chars.len() };
            // Each line visited costs, so that many spans over the same lines stay linear.
            if !shown.intact(from, to) || !budget.take(to - from + 1) {
                return None;
            }
            if line != first {
                out.push('\n');
                if calibration == Calibration::Tabs {
                    // Tab indentation, shown as 4 spaces a tab.
                    let tabs = shown.leading.min(to) / 4;
                    out.extend(std::iter::repeat_n('\t', tabs));
                    out.extend(&shown.chars[tabs * 4..to]);
                    continue;
                }
            }
            out.extend(&shown.chars[from..to]);
        }
        Some(out)
    }
}

/// The next `  ^^^ ` in an underline row after an inline label: two blanks, then marks, then a
/// blank or the row's end. Labels rarely hold that; a second label on the row always does.
fn next_marks(row: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 2 < row.len() {
        if row[i] == ' ' && row[i + 1] == ' ' {
            let mut j = i + 2;
            while at(row, j) == ' ' {
                j += 1;
            }
            let mark = at(row, j);
            if is_mark(mark) {
                let mut e = j;
                while at(row, e) == mark {
                    e += 1;
                }
                if e >= row.len() || row[e] == ' ' {
                    return Some(j);
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

/// How shown columns map to the file's columns, found from the location line's column (the
/// primary span's start, which rustc prints exactly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Calibration {
    /// The drawing agrees with the location (or there is nothing to check).
    Exact,
    /// The primary run's own start is right, not the stretch's start [`overdrawn`] gave it.
    Drawn { line: u32, index: usize },
    /// The file is indented with tabs, each shown as 4 spaces.
    Tabs,
    /// The lines were cut on the left (`...`): every cut line is shifted by `delta`.
    CutShift { delta: i64 },
    /// An unexplained difference (a character whose width the table gets wrong, a span at the
    /// end of the file): spans on `line` from shown character `from` on are shifted by `delta`.
    LineShift { line: u32, from: usize, delta: i64 },
}

impl Calibration {
    fn find(decoder: &Decoder, location: Option<&Location>) -> Calibration {
        let Some((line, col)) = location.and_then(|l| Some((l.line, l.col? as usize))) else {
            return Calibration::Exact;
        };
        let wanted = location.is_some_and(|l| l.primary);
        let candidates: Vec<&Found> =
            decoder.found.iter().filter(|f| f.start.0 == line && (f.primary || !wanted)).collect();
        // The first candidate's own run, when the shift has to be guessed.
        let Some(first) = candidates.first().map(|f| f.drawn.unwrap_or(f.start.1)) else { return Calibration::Exact };
        if col == 0 || candidates.iter().any(|f| f.start.1 + 1 == col) {
            return Calibration::Exact;
        }
        if let Some(index) = candidates.iter().find_map(|f| f.drawn.filter(|&i| i + 1 == col)) {
            return Calibration::Drawn { line, index };
        }
        let cut = decoder.shown.values().any(|s| s.cut_left);
        if !cut && candidates.iter().any(|f| Calibration::Tabs.col(decoder, line, f.start.1, false) as usize == col) {
            return Calibration::Tabs;
        }
        let delta = col as i64 - (first as i64 + 1);
        if decoder.shown.get(&line).is_some_and(|s| s.cut_left) {
            Calibration::CutShift { delta }
        } else {
            Calibration::LineShift { line, from: first, delta }
        }
    }

    /// The 1-based file column of shown character `index` on `line` (for an exclusive `end`, of
    /// the position after the character before it).
    fn col(self, decoder: &Decoder, line: u32, index: usize, end: bool) -> u32 {
        let shifted = |delta: i64| (index as i64 + 1 + delta).clamp(1, u32::MAX as i64) as u32;
        let plain = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match self {
            Calibration::Exact | Calibration::Drawn { .. } => plain,
            Calibration::Tabs => {
                let tabs = decoder.shown.get(&line).map_or(0, |s| s.leading / 4);
                let col = if index >= tabs * 4 { index - tabs * 3 } else { index / 4 };
                u32::try_from(col + 1).unwrap_or(u32::MAX)
            }
            Calibration::CutShift { delta } if decoder.shown.get(&line).is_some_and(|s| s.cut_left) => shifted(delta),
            Calibration::LineShift { line: l, from, delta } if l == line && index >= from + usize::from(end) => {
                shifted(delta)
            }
            Calibration::CutShift { .. } | Calibration::LineShift { .. } => plain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Row> {
        text.lines()
            .map(|l| {
                let (head, rest) = l.split_once('|').unwrap_or((l, ""));
                let rest = rest.strip_prefix(' ').unwrap_or(rest).to_string();
                match head.trim().parse::<u32>() {
                    Ok(n) => Row { kind: RowKind::Source(n), text: rest },
                    Err(_) if head.trim() == "..." => Row { kind: RowKind::Elision, text: rest },
                    Err(_) => Row { kind: RowKind::Annotation, text: rest },
                }
            })
            .collect()
    }

    /// A span read back: start line and column, end, primary, label, text.
    type Read = (u32, u32, Option<(u32, u32)>, bool, Option<String>, Option<String>);

    fn spans(text: &str, line: u32, col: u32) -> Vec<Read> {
        let location = Location { file: "a.rs".into(), line, col: Some(col), primary: true };
        decode(&rows(text), Some(&location), &mut Budget::for_input(1000))
            .into_iter()
            .map(|s| (s.start.line, s.start.col, s.end.map(|e| (e.line, e.col)), s.primary, s.label, s.text))
            .collect()
    }

    #[test]
    fn segments() {
        let row: Vec<char> = " ______^".chars().collect();
        assert_eq!(segment(&row), Some(Segment { depth: 1, end: false, code: 7 }));
        let row: Vec<char> = "|______^ label".chars().collect();
        assert_eq!(segment(&row), Some(Segment { depth: 1, end: true, code: 7 }));
        let row: Vec<char> = " ____|____within".chars().collect();
        assert_eq!(segment(&row), Some(Segment { depth: 1, end: false, code: 10 }));
        let row: Vec<char> = "    |   label_x".chars().collect();
        assert_eq!(segment(&row), None);
    }

    #[test]
    fn single_line_labels() {
        // From rustc: E0308 with a label hung under a secondary span.
        let found = spans(
            "10 |     let y: u32 = \"tab\";\n   |            ---   ^^^^^ expected `u32`, found `&str`\n   |            |\n   |            expected due to this",
            10,
            18,
        );
        assert_eq!(
            found,
            vec![
                (10, 12, Some((10, 15)), false, Some("expected due to this".into()), Some("u32".into())),
                (10, 18, Some((10, 23)), true, Some("expected `u32`, found `&str`".into()), Some("\"tab\"".into())),
            ]
        );
    }

    #[test]
    fn multi_line_span() {
        let found = spans(
            "  9 |       let handle = task::spawn(async move {\n    |  __________________^\n 10 | |         for _ in 0..100 {\n 11 | |     });\n    | |______^ future created by async block is not `Send`",
            9,
            18,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0..found[0].1, 9..18);
        assert_eq!(found[0].2, Some((11, 7)));
        assert_eq!(found[0].4.as_deref(), Some("future created by async block is not `Send`"));
        assert_eq!(found[0].5.as_deref(), Some("task::spawn(async move {\n        for _ in 0..100 {\n    })"));
    }

    #[test]
    fn wide_characters() {
        let found = spans("11 |     let z: u32 = \"日本\";\n   |            ---   ^^^^^^ expected `u32`", 11, 18);
        assert_eq!(found[1].1, 18);
        assert_eq!(found[1].2, Some((11, 22)));
        assert_eq!(found[1].5.as_deref(), Some("\"日本\""));
    }

    #[test]
    fn tabs_are_recovered_from_the_location() {
        // `\ttokio::spawn(...)` shown with the tab as 4 spaces; rustc says column 2.
        let found = spans("8 | /     tokio::spawn(async move {\n9 | |     });\n  | |______^ label", 8, 2);
        assert_eq!((found[0].0, found[0].1), (8, 2));
        assert_eq!(found[0].2, Some((9, 4)));
    }
}
