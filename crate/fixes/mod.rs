//! Fixes: text edits that make the program compile, best first, marked honestly.

use crate::analysis::facts::SpawnSite;
use crate::analysis::solver::Culprit;
use crate::analysis::Context;
use crate::report::{Applicability, Edit, Fix};
use crate::text::Range;
use crate::ty::{CoroutineId, Ty};

pub fn edit(cx: &Context, range: Range, replacement: impl Into<String>) -> Edit {
    Edit { span: cx.text.span(range), replacement: replacement.into() }
}

pub fn for_culprit(_cx: &mut Context, _spawn: &SpawnSite, _c: &Culprit) -> Vec<Fix> {
    vec![]
}

pub fn for_output(_cx: &mut Context, _ty: &Ty) -> Vec<Fix> {
    vec![]
}

/// `async { .. }` → `async move { .. }`, `|| ..` → `move || ..`.
pub fn add_move(cx: &mut Context, _spawn: &SpawnSite, id: CoroutineId) -> Vec<Fix> {
    let co = &cx.facts.coroutines[id];
    let head = cx.slice(co.head);
    let (at, text) = if head.starts_with("async") { (co.head.start + "async".len(), " move") } else { (co.head.start, "move ") };
    vec![Fix { title: "add `move`, so the task owns what it uses".into(), applicability: Applicability::Safe, edits: vec![edit(cx, Range::empty(at), text)] }]
}

pub fn own_captured_ref(_cx: &mut Context, _spawn: &SpawnSite, _id: CoroutineId, _b: usize) -> Vec<Fix> {
    vec![]
}

pub fn wrap_call_in_async_move(_cx: &mut Context, _spawn: &SpawnSite, _call: Range, _owner: usize) -> Vec<Fix> {
    vec![]
}

pub fn clone_into_task(_cx: &mut Context, _spawn: &SpawnSite, _b: usize) -> Vec<Fix> {
    vec![]
}
