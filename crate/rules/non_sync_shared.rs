//! `non-sync-shared`: a value that is not `Sync` is shared by reference with another thread.

use super::{site_label, Finding, FixWanted, Phase, Rule, Subject};
use crate::items::ty::Ty;
use crate::judge::explain;
use crate::judge::solver::CulpritKind;
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    id: "non-sync-shared",
    title: "A value that is not Sync is shared between threads",
    docs: r#"## What it finds
A value shared by reference with another thread when its type is not `Sync`: a `RefCell`, a
`Cell` or an `mpsc::Receiver` used from a scoped thread (`thread::scope`) or from a
non-`move` closure.

## Why rustc rejects it
A shared reference `&T` may cross to another thread only when `T` is `Sync`: both threads could
then use the value at the same time. `RefCell` and `Cell` mutate through shared references
without synchronisation, and a `Receiver` has a single consumer. rustc says "`RefCell<…>`
cannot be shared between threads safely" (E0277).

## Example
```rust,ignore
use std::cell::RefCell;
use std::thread;

fn main() {
    let log = RefCell::new(Vec::new());
    thread::scope(|s| {
        s.spawn(|| log.borrow_mut().push(1));
    });
}
```

## Use instead
```rust,ignore
use std::sync::Mutex;
use std::thread;

fn main() {
    let log = Mutex::new(Vec::new());
    thread::scope(|s| {
        s.spawn(|| log.lock().unwrap().push(1));
    });
}
```

## Known problems
A shared `&mpsc::Receiver` gets `move` as its fix only when the closure can own the receiver;
an `Arc<Receiver>` shared by several threads gets no fix yet (a `Mutex` around it, or a
multi-consumer channel, is what a person would write).

## Fix safety
`move` (the thread owns the value) keeps the program's meaning: `safe`. `RefCell` → `Mutex` and
`Cell` → an atomic are `unsafe`: a second `borrow_mut()` that panicked now waits on the lock.
"#,
    example: "use std::cell::RefCell;\nuse std::thread;\n\nfn main() {\n    let log = RefCell::new(Vec::new());\n    thread::scope(|s| {\n        s.spawn(|| log.borrow_mut().push(1));\n    });\n    println!(\"{:?}\", log.borrow());\n}\n",
    phase: Phase::TypeCheck,
    check: Some(check),
};

/// A capture by shared reference whose target is not `Sync`.
fn check(cx: &mut Context, subject: &Subject, out: &mut Vec<Finding>) {
    let Subject::Culprit { site, culprit: c } = *subject else { return };
    let CulpritKind::Capture { binding, fields, by_ref: true, mutable: false } = &c.kind else { return };
    let spawn = &cx.facts.spawns[site];
    let place = cx.facts.place_name(*binding, fields);
    let target = match &c.ty {
        Ty::Ref { inner, .. } => (**inner).clone(),
        t => t.clone(),
    };
    let root = explain::root(&c.chain).map(|s| s.ty.clone()).unwrap_or_else(|| target.clone());
    let co = &cx.facts.coroutines[c.coroutine];
    let message =
        format!("`{root}` cannot be shared between threads safely: `{place}` is used by reference from another thread");
    let mut labels = vec![];
    if cx.facts.is_closure(c.coroutine) {
        labels.push(cx.label(co.head, format!("this closure borrows `{place}` and runs on another thread"), true));
        labels.push(cx.label(c.range, format!("`{place}` (a `{target}`) is borrowed here"), false));
    } else {
        labels.push(cx.label(c.range, format!("`{place}` (a `{target}`) is borrowed here, from another thread"), true));
    }
    labels.push(site_label(cx, spawn));
    let diagnostic = Diagnostic {
        rule: RULE.id.into(),
        severity: Severity::Error,
        message,
        labels,
        notes: vec![explain::sentence(&c.chain)],
        help: vec![],
        fixes: vec![],
    };
    out.push(Finding::new(diagnostic, FixWanted::Culprit { site, culprit: (*c).clone() }));
}
