//! `non-send-capture`: a task captures a value that is not `Send`.

use super::{site_label, Finding, FixWanted, Phase, Rule, Subject};
use crate::judge::explain;
use crate::judge::solver::CulpritKind;
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    id: "non-send-capture",
    title: "A task captures a value that is not Send",
    docs: r#"## What it finds
A task or thread that captures a value that is not `Send`: an `Rc`, an `rc::Weak`, a raw
pointer, an `Arc<T>` whose `T` is not `Sync` (`Arc<RefCell<_>>`, `Arc<Cell<_>>`), a
`Box<dyn Trait>` without `+ Send`, or a struct, enum or tuple holding one of these. For a
spawned `async fn` call, its parameters count: they are part of the future.

## Why rustc rejects it
`tokio::spawn`, `std::thread::spawn` and their relatives may run the task on another thread,
so they require it to be `Send`, and a closure or future is `Send` only when everything it
captures is. rustc says "future cannot be sent between threads safely" (or E0277 for
closures), and names the captured value only in a note.

## Example
```rust,ignore
use std::cell::RefCell;
use std::rc::Rc;

#[tokio::main]
async fn main() {
    let counter = Rc::new(RefCell::new(0));
    tokio::spawn(async move {
        *counter.borrow_mut() += 1;
    });
}
```

## Use instead
```rust,ignore
use std::sync::{Arc, Mutex};

#[tokio::main]
async fn main() {
    let counter = Arc::new(Mutex::new(0));
    tokio::spawn(async move {
        *counter.lock().unwrap() += 1;
    });
}
```

## Known problems
rustc sometimes points at the async block instead of the captured use (when the non-`Send` type
sits inside a generic type with a conditional `Send` impl, e.g. `mpsc::Sender<Msg>` with an `Rc`
variant); sendlens points at the use.
Edition 2021 closures and async blocks capture only the fields they use: a closure using
`buf.ptr` captures the raw pointer, not `buf`, so `unsafe impl Send` on `buf`'s type does not
help (rustc agrees; the fix is `let buf = buf;` inside the closure).

## Fix safety
`Rc` → `Arc` keeps the program's meaning (`safe`). `RefCell` → `Mutex` and `Cell` → an atomic
change behaviour where the old code relied on a panic (a second `borrow_mut()` that panicked now
waits on the lock): `unsafe`, to be checked. Capturing the whole struct (`let buf = buf;`) and
`move` are `safe`.
"#,
    example: "use std::cell::RefCell;\nuse std::rc::Rc;\n\n#[tokio::main]\nasync fn main() {\n    let counter = Rc::new(RefCell::new(0));\n    let handle = tokio::spawn(async move {\n        *counter.borrow_mut() += 1;\n    });\n    handle.await.unwrap();\n}\n",
    phase: Phase::TypeCheck,
    check: Some(check),
};

/// Captures (but not the non-`Sync` ones shared by reference: `non-sync-shared`), parameters of
/// a spawned `async fn`, and a task value that is not `Send` itself.
fn check(cx: &mut Context, subject: &Subject, out: &mut Vec<Finding>) {
    let Subject::Culprit { site, culprit: c } = *subject else { return };
    match c.kind {
        CulpritKind::Capture { by_ref: true, mutable: false, .. } => return,
        CulpritKind::Capture { .. } | CulpritKind::Param { .. } | CulpritKind::Value => {}
        _ => return,
    }
    let spawn = &cx.facts.spawns[site];
    let facts = cx.facts;
    let mut labels = vec![];
    let message = match &c.kind {
        CulpritKind::Param { binding } => {
            let name = &facts.bindings[*binding].name;
            labels.push(cx.label(
                c.range,
                format!(
                    "`{name}` has type `{}`, which is not `Send`; parameters are part of an async fn's future",
                    c.ty
                ),
                true,
            ));
            labels.push(cx.label(spawn.arg, "this future is not `Send`", false));
            format!(
                "the future passed to `{}` is not `Send`: it owns the parameter `{name}` of type `{}`",
                spawn.req.name, c.ty
            )
        }
        CulpritKind::Capture { binding, fields, .. } => {
            let place = facts.place_name(*binding, fields);
            let co = &facts.coroutines[c.coroutine];
            let closure = facts.is_closure(c.coroutine);
            let kind = if closure { "closure" } else { "async block" };
            // rustc points at the closure (or at the async block when only a field is captured).
            if closure || !fields.is_empty() {
                labels.push(cx.label(co.head, format!("this {kind} captures `{place}`, which is not `Send`"), true));
                labels.push(cx.label(c.range, format!("`{place}` is captured here, with type `{}`", c.ty), false));
            } else {
                labels.push(cx.label(
                    c.range,
                    format!("`{place}` is captured here, with type `{}`, which is not `Send`", c.ty),
                    true,
                ));
            }
            format!(
                "`{}` needs a `Send` {}, but the {kind} captures `{place}` of type `{}`, which is not `Send`",
                spawn.req.name,
                explain::noun(spawn),
                c.ty
            )
        }
        _ => {
            labels.push(cx.label(c.range, format!("`{}` is not `{}`", c.ty, c.trait_.name()), true));
            if c.range != spawn.arg {
                labels.push(cx.label(spawn.arg, format!("this value has type `{}`", c.ty), false));
            }
            format!(
                "`{}` needs `{}` {}, but `{}` is not `{}`",
                spawn.req.name,
                c.trait_.name(),
                explain::noun(spawn),
                c.ty,
                c.trait_.name()
            )
        }
    };
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
