//! Judgement: is a type `Send`? `Sync`? Why not, in a chain of reasons, and in words.

pub mod explain;
pub mod site;
pub mod solver;
#[cfg(test)]
mod tests;

use crate::facts::{held, mentions, Facts};
use crate::items::ItemIndex;
use crate::options::Options;
use crate::report::{Edit, Label};
use crate::syntax::text::{Range, SourceText};
use solver::Solver;

/// What the judgement knows of one file: everything rules and fixes read.
pub struct Context<'x, 'i, 'a, 't> {
    pub text: &'t SourceText<'t>,
    pub index: &'i ItemIndex<'a>,
    pub facts: &'x Facts,
    pub solver: Solver<'x, 'i, 'a>,
    pub options: &'x Options,
    pub mentions: &'x mentions::Mentions,
}

impl<'a> Context<'_, '_, 'a, '_> {
    pub fn label(&self, range: Range, message: impl Into<String>, primary: bool) -> Label {
        Label { span: self.text.span(range), message: message.into(), primary }
    }

    pub fn edit(&self, range: Range, replacement: impl Into<String>) -> Edit {
        Edit { span: self.text.span(range), replacement: replacement.into() }
    }

    /// The definition of the function coroutine `c` is written in.
    pub fn root_fn_def(&self, c: crate::items::ty::CoroutineId) -> Option<&crate::items::FnDef<'a>> {
        let crate::facts::CoroutineKind::FnBody { name, .. } = &self.facts.coroutines[self.facts.root_of(c)].kind
        else {
            return None;
        };
        self.index.fns.get(name).or_else(|| self.index.methods.get(name))
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
