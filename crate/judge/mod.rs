//! Judgement: is a type `Send`? `Sync`? Why not, in a chain of reasons, and in words.

pub mod explain;
pub mod solver;

use crate::facts::{held, mentions, Facts};
use crate::items::ItemIndex;
use crate::report::Label;
use crate::syntax::text::{Range, SourceText};
use crate::Options;
use solver::Solver;

/// Everything a rule may read.
pub struct Context<'x, 'i, 'a, 't> {
    pub text: &'t SourceText<'t>,
    pub index: &'i ItemIndex<'a>,
    pub facts: &'x Facts,
    pub solver: Solver<'x, 'i, 'a>,
    pub options: &'x Options,
    pub mentions: &'x mentions::Mentions,
    /// File-wide fixes (a type swapped everywhere) are the same for every diagnostic that
    /// offers them: built once per analysis.
    pub fix_cache: std::cell::RefCell<crate::fast::hash::HashMap<String, Option<crate::report::Fix>>>,
    /// Which `use` items import which paths (`fixes/imports.rs`), built on first need.
    pub imported_names: std::cell::OnceCell<crate::fixes::imports::ImportedNames>,
}

impl Context<'_, '_, '_, '_> {
    pub fn label(&self, range: Range, message: impl Into<String>, primary: bool) -> Label {
        Label { span: self.text.span(range), message: message.into(), primary }
    }

    pub fn slice(&self, range: Range) -> &str {
        self.text.slice(range)
    }

    /// [`held::captures`] of coroutine `id`, computed once per analysis (kept by the solver,
    /// which asks first).
    pub fn captures(&self, id: crate::items::ty::CoroutineId) -> std::rc::Rc<Vec<held::Capture>> {
        self.solver.captures(id)
    }
}
