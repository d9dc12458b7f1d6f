//! The report: what `analyze` returns, and what the CLI (`--json`) and the wasm API hand out.
//!
//! Every shape here serializes to camelCase JSON. Offsets come in two units: UTF-8 bytes
//! (`byteStart`/`byteEnd`, for Rust and the CLI) and UTF-16 code units (`start`/`end`, for
//! JavaScript strings and editors). Lines and columns are 1-based, columns count chars and the
//! end column is exclusive, as rustc prints them.

pub mod apply;

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The version of the report format and of the analyzer that produced it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    pub version: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// rustc rejects the program.
    Error,
    /// Real advice about a program rustc may well accept (never a guess dressed up).
    Warning,
    /// Context for the reader; nothing is wrong.
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// The id of the rule that found it (see `rules()`), e.g. `non-send-capture`.
    pub rule: String,
    pub severity: Severity,
    /// One line that stands alone.
    pub message: String,
    /// Exactly one label is primary: the culprit.
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Vec<String>,
    /// Best first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn primary(&self) -> Option<&Label> {
        self.labels.iter().find(|l| l.primary)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Edits,
}

/// A fix's edits, in JSON a plain array. A file-wide fix (every `Rc` of the file becoming
/// `Arc`, with the imports) is offered by every diagnostic it repairs; those diagnostics share
/// one list instead of each holding a copy, so a report's memory grows with the file rather than
/// with errors × mentions. Reading goes through `Deref` (`fix.edits.iter()`, `len()`);
/// [`Edits::make_mut`] copies a shared list before changing it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Edits(Arc<Vec<Edit>>);

impl Edits {
    /// The list to change, copied first if other fixes share it.
    pub fn make_mut(&mut self) -> &mut Vec<Edit> {
        Arc::make_mut(&mut self.0)
    }

    /// Which list this is: the same value exactly for fixes that share their edits (a file-wide
    /// fix offered by several diagnostics). Faces use it to write or show such a list once (the
    /// CLI's frames and `--json`, the wasm API's `sharedEdits`); valid while the report lives.
    pub fn shared_id(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

impl std::ops::Deref for Edits {
    type Target = Vec<Edit>;
    fn deref(&self) -> &Vec<Edit> {
        &self.0
    }
}

impl From<Vec<Edit>> for Edits {
    fn from(edits: Vec<Edit>) -> Edits {
        Edits(Arc::new(edits))
    }
}

impl FromIterator<Edit> for Edits {
    fn from_iter<I: IntoIterator<Item = Edit>>(iter: I) -> Edits {
        Edits::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Edits {
    type Item = &'a Edit;
    type IntoIter = std::slice::Iter<'a, Edit>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl std::fmt::Debug for Edits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Edits {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Edits {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Edits, D::Error> {
        Vec::<Edit>::deserialize(deserializer).map(Edits::from)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Applicability {
    /// Compiles and keeps the program's meaning.
    Safe,
    /// Compiles, but changes behaviour the reader should check (e.g. a lock released earlier).
    Unsafe,
    /// Shown as advice only; not applied by tools.
    DisplayOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// UTF-8 byte offset of the first byte.
    pub byte_start: usize,
    /// UTF-8 byte offset one past the last byte.
    pub byte_end: usize,
    /// UTF-16 code unit offset of the start (JavaScript string index).
    pub start: usize,
    /// UTF-16 code unit offset of the end (exclusive).
    pub end: usize,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in chars.
    pub col: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end, in chars, exclusive.
    pub end_col: usize,
}
