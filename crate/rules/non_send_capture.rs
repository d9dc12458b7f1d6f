#![doc = include_str!("docs/non-send-capture.md")]

use super::task;
use super::RuleDoc;
use crate::facts::SpawnSite;
use crate::judge::explain;
use crate::judge::solver::{Culprit, CulpritKind};
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const ID: &str = "non-send-capture";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "A task captures a value that is not Send",
    docs: include_str!("docs/non-send-capture.md"),
    example: "use std::cell::RefCell;\nuse std::rc::Rc;\n\n#[tokio::main]\nasync fn main() {\n    let counter = Rc::new(RefCell::new(0));\n    let handle = tokio::spawn(async move {\n        *counter.borrow_mut() += 1;\n    });\n    handle.await.unwrap();\n}\n",
};

pub fn diagnostic(cx: &mut Context, spawn: &SpawnSite, c: &Culprit) -> Diagnostic {
    let facts = cx.facts;
    let mut labels = vec![];
    let mut message = String::new();
    match &c.kind {
        CulpritKind::Param { binding } => {
            let name = &facts.bindings[*binding].name;
            message = format!(
                "the future passed to `{}` is not `Send`: it owns the parameter `{name}` of type `{}`",
                spawn.req.name, c.ty
            );
            labels.push(cx.label(
                c.range,
                format!(
                    "`{name}` has type `{}`, which is not `Send`; parameters are part of an async fn's future",
                    c.ty
                ),
                true,
            ));
            labels.push(cx.label(spawn.arg, "this future is not `Send`", false));
        }
        CulpritKind::Capture { binding, fields, .. } => {
            let place = task::place_name(cx, *binding, fields);
            let co = &facts.coroutines[c.coroutine];
            let kind = if task::is_closure_task(cx, c) { "closure" } else { "async block" };
            message = format!(
                "`{}` needs a `Send` {}, but the {kind} captures `{place}` of type `{}`, which is not `Send`",
                spawn.req.name,
                task::noun(spawn),
                c.ty
            );
            // rustc points at the closure (or at the async block when only a field is captured).
            if task::is_closure_task(cx, c) || !fields.is_empty() {
                labels.push(cx.label(co.head, format!("this {kind} captures `{place}`, which is not `Send`"), true));
                labels.push(cx.label(c.range, format!("`{place}` is captured here, with type `{}`", c.ty), false));
            } else {
                labels.push(cx.label(
                    c.range,
                    format!("`{place}` is captured here, with type `{}`, which is not `Send`", c.ty),
                    true,
                ));
            }
        }
        _ => unreachable_kind(&mut labels, cx, c, &mut String::new()),
    }
    if !matches!(&c.kind, CulpritKind::Param { .. } | CulpritKind::Capture { .. }) {
        message = format!(
            "`{}` needs `{}` {}, but `{}` is not `{}`",
            spawn.req.name,
            c.trait_.name(),
            task::noun(spawn),
            c.ty,
            c.trait_.name()
        );
        if c.range != spawn.arg {
            labels.push(cx.label(spawn.arg, format!("this value has type `{}`", c.ty), false));
        }
    }
    labels.push(task::spawn_label(cx, spawn));
    Diagnostic {
        rule: ID.into(),
        severity: Severity::Error,
        message,
        labels,
        notes: vec![explain::sentence(&c.chain)],
        help: vec![],
        fixes: crate::fixes::for_culprit(cx, spawn, c),
    }
}

fn unreachable_kind(labels: &mut Vec<crate::report::Label>, cx: &Context, c: &Culprit, _m: &mut String) {
    labels.push(cx.label(c.range, format!("`{}` is not `{}`", c.ty, c.trait_.name()), true));
}
