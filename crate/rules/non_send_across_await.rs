#![doc = include_str!("docs/non-send-across-await.md")]

use super::task;
use super::RuleDoc;
use crate::facts::{SpawnSite, TempContext};
use crate::judge::explain;
use crate::judge::solver::{Culprit, CulpritKind};
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const ID: &str = "non-send-across-await";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "A value that is not Send is held across an .await",
    docs: include_str!("docs/non-send-across-await.md"),
    example: "use std::sync::{Arc, Mutex};\nuse std::time::Duration;\n\n#[tokio::main]\nasync fn main() {\n    let data = Arc::new(Mutex::new(vec![1, 2, 3]));\n    let d = data.clone();\n    let h = tokio::spawn(async move {\n        let mut guard = d.lock().unwrap();\n        guard.push(4);\n        tokio::time::sleep(std::time::Duration::from_millis(5)).await;\n        guard.push(5);\n    });\n    h.await.unwrap();\n    let _ = Duration::ZERO;\n}\n",
};

pub fn diagnostic(cx: &mut Context, spawn: &SpawnSite, c: &Culprit) -> Diagnostic {
    let mut labels = vec![];
    // An awaited future's culprit is the value inside it.
    let (inner, outer_awaits) = match &c.kind {
        CulpritKind::AwaitedFuture { inner } => (innermost(inner), c.awaits.clone()),
        _ => (c.clone(), vec![]),
    };
    let what = describe(cx, &inner);
    let message = format!(
        "`{}` needs a `Send` {}, but {what} of type `{}` is held across an `.await`",
        spawn.req.name,
        task::noun(spawn),
        inner.ty
    );
    labels.push(cx.label(inner.range, format!("{what} has type `{}`, which is not `Send`", inner.ty), true));
    for a in &inner.awaits {
        labels.push(cx.label(*a, format!("`.await` here, while {what} is still alive"), false));
    }
    for a in &outer_awaits {
        labels.push(cx.label(*a, "awaiting this future holds it across the `.await`, and it is not `Send`", false));
    }
    if let CulpritKind::Param { .. } = inner.kind {
        labels.push(cx.label(spawn.arg, "this future owns the parameter", false));
    }
    labels.push(task::spawn_label(cx, spawn));
    let mut notes = vec![explain::sentence(&inner.chain)];
    if let CulpritKind::Temp { index } = inner.kind {
        notes.push(temp_note(cx, index));
    }
    Diagnostic {
        rule: ID.into(),
        severity: Severity::Error,
        message,
        labels,
        notes,
        help: vec![],
        fixes: crate::fixes::for_culprit(cx, spawn, c),
    }
}

pub fn innermost(c: &Culprit) -> Culprit {
    match &c.kind {
        CulpritKind::AwaitedFuture { inner } => innermost(inner),
        _ => c.clone(),
    }
}

fn describe(cx: &Context, c: &Culprit) -> String {
    match &c.kind {
        CulpritKind::Held { binding } | CulpritKind::Param { binding } => {
            format!("`{}`", cx.facts.bindings[*binding].name)
        }
        CulpritKind::Capture { binding, fields, .. } => format!("`{}`", task::place_name(cx, *binding, fields)),
        CulpritKind::Temp { index } => format!("the temporary `{}`", cx.slice(cx.facts.temps[*index].range)),
        CulpritKind::AwaitedFuture { .. } => "an awaited future".into(),
        CulpritKind::Value => "the task".into(),
    }
}

fn temp_note(cx: &Context, index: usize) -> String {
    let t = &cx.facts.temps[index];
    match t.context {
        TempContext::Match { .. } => {
            "a temporary in a `match` scrutinee lives until the end of the `match`, arms included".into()
        }
        TempContext::IfLet { .. } => {
            if cx.options.edition == crate::Edition::E2021 {
                "in edition 2021 a temporary in an `if let` scrutinee lives until the end of the whole `if let … else …`".into()
            } else {
                "a temporary in an `if let` scrutinee lives until the end of the `if let` block".into()
            }
        }
        TempContext::WhileLet { .. } => {
            "a temporary in a `while let` scrutinee lives until the end of each iteration's body".into()
        }
        TempContext::ForIter { .. } => {
            "the iterator of a `for` loop, and the temporaries that made it, live until the loop ends".into()
        }
        TempContext::Statement { .. } => "a temporary lives until the end of the statement that creates it".into(),
    }
}
