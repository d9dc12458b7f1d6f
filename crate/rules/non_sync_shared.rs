#![doc = include_str!("docs/non-sync-shared.md")]

use super::task;
use super::RuleDoc;
use crate::facts::SpawnSite;
use crate::items::ty::Ty;
use crate::judge::explain;
use crate::judge::solver::{Culprit, CulpritKind};
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const ID: &str = "non-sync-shared";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "A value that is not Sync is shared between threads",
    docs: include_str!("docs/non-sync-shared.md"),
    example: "use std::cell::RefCell;\nuse std::thread;\n\nfn main() {\n    let log = RefCell::new(Vec::new());\n    thread::scope(|s| {\n        s.spawn(|| log.borrow_mut().push(1));\n    });\n    println!(\"{:?}\", log.borrow());\n}\n",
};

pub fn diagnostic(cx: &mut Context, spawn: &SpawnSite, c: &Culprit) -> Diagnostic {
    let CulpritKind::Capture { binding, fields, .. } = &c.kind else {
        return super::non_send_capture::diagnostic(cx, spawn, c);
    };
    let place = task::place_name(cx, *binding, fields);
    let target = match &c.ty {
        Ty::Ref { inner, .. } => (**inner).clone(),
        t => t.clone(),
    };
    let root = explain::root(&c.chain).map(|s| s.ty.clone()).unwrap_or_else(|| target.clone());
    let co = &cx.facts.coroutines[c.coroutine];
    let message =
        format!("`{root}` cannot be shared between threads safely: `{place}` is used by reference from another thread");
    let mut labels = vec![];
    if task::is_closure_task(cx, c) {
        labels.push(cx.label(co.head, format!("this closure borrows `{place}` and runs on another thread"), true));
        labels.push(cx.label(c.range, format!("`{place}` (a `{target}`) is borrowed here"), false));
    } else {
        labels.push(cx.label(c.range, format!("`{place}` (a `{target}`) is borrowed here, from another thread"), true));
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
