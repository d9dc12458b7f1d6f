//! `non-send-across-await`: a value that is not `Send` is alive at an `.await` of a task that
//! must be `Send`.

use super::{site_label, Finding, FixWanted, Phase, Rule, Subject};
use crate::facts::TempContext;
use crate::judge::explain;
use crate::judge::solver::{Culprit, CulpritKind};
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    id: "non-send-across-await",
    title: "A value that is not Send is held across an .await",
    docs: r#"## What it finds
A value that is not `Send` still alive at an `.await` inside a task that must be `Send`: a
`std::sync::MutexGuard` or `RwLock` guard, a `RefCell` borrow (`Ref`/`RefMut`), an `Rc`, a raw
pointer, a `Box<dyn Error>`, `rand`'s `ThreadRng`. This includes temporaries kept alive by a
`match`, `if let`, `while let` or `for` (a guard created in `match m.lock().unwrap().get(..)`
lives until the end of the `match`), bindings that are in scope but unused after the await, and
awaited futures of `async fn`s that hold such a value themselves.

## Why rustc rejects it
At an `.await` the task may be suspended and resumed on another thread, so everything alive
there is part of the future's state, and the future is `Send` only if all of it is. rustc 1.95
also keeps a value alive when it was borrowed before the await, even if `drop(value)` comes
first: only the end of its scope releases it. A `MutexGuard` must be released on the thread
that locked it, so it is never `Send`. `tokio::sync` guards are `Send`.

## Example
```rust,ignore
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let data = Arc::new(Mutex::new(vec![1, 2, 3]));
    let d = data.clone();
    let h = tokio::spawn(async move {
        let mut guard = d.lock().unwrap();
        guard.push(4);
        tokio::time::sleep(Duration::from_millis(5)).await;
    });
    h.await.unwrap();
}
```

## Use instead
End the guard's scope before the await (or use `tokio::sync::Mutex` when the lock must be held
across it):
```rust,ignore
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let data = Arc::new(Mutex::new(vec![1, 2, 3]));
    let d = data.clone();
    let h = tokio::spawn(async move {
        {
            let mut guard = d.lock().unwrap();
            guard.push(4);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    });
    h.await.unwrap();
}
```

## Known problems
Temporary scopes follow the edition: in 2024 an `if let` scrutinee's temporaries end before
the `else` branch and a block's tail temporaries end with the block; in 2021 they live longer.
A value used only inside a macro sendlens does not understand is not judged.

## Fix safety
Ending a guard's or borrow's scope before the `.await` (a block, or a `let` for a `match`
scrutinee) keeps the program's meaning when nothing after the await used the value: `safe`.
Switching `std::sync::Mutex` to `tokio::sync::Mutex` keeps the locking but makes every lock an
`.await`: `safe`. Releasing a guard and taking the lock again after the await lets another task
change the value in between: `unsafe`. For `Ref`/`RefMut`, `ThreadRng` and raw pointers,
re-acquiring after the await is `safe` (nothing else can change them meanwhile).
"#,
    example: "use std::sync::{Arc, Mutex};\nuse std::time::Duration;\n\n#[tokio::main]\nasync fn main() {\n    let data = Arc::new(Mutex::new(vec![1, 2, 3]));\n    let d = data.clone();\n    let h = tokio::spawn(async move {\n        let mut guard = d.lock().unwrap();\n        guard.push(4);\n        tokio::time::sleep(std::time::Duration::from_millis(5)).await;\n        guard.push(5);\n    });\n    h.await.unwrap();\n    let _ = Duration::ZERO;\n}\n",
    phase: Phase::TypeCheck,
    check: Some(check),
};

/// Bindings, temporaries and awaited futures alive at an `.await`.
fn check(cx: &mut Context, subject: &Subject, out: &mut Vec<Finding>) {
    let Subject::Culprit { site, culprit: c } = *subject else { return };
    if matches!(c.kind, CulpritKind::Capture { .. } | CulpritKind::Param { .. } | CulpritKind::Value) {
        return;
    }
    let spawn = &cx.facts.spawns[site];
    let mut labels = vec![];
    // An awaited future's culprit is the value inside it.
    let (inner, outer_awaits) = match &c.kind {
        CulpritKind::AwaitedFuture { inner } => (inner.innermost(), c.awaits.clone()),
        _ => ((*c).clone(), vec![]),
    };
    let what = describe(cx, &inner);
    let message = format!(
        "`{}` needs a `Send` {}, but {what} of type `{}` is held across an `.await`",
        spawn.req.name,
        explain::noun(spawn),
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
    labels.push(site_label(cx, spawn));
    let mut notes = vec![explain::sentence(&inner.chain)];
    if let CulpritKind::Temp { index } = inner.kind {
        notes.push(temp_note(cx, index));
    }
    let diagnostic = Diagnostic {
        rule: RULE.id.into(),
        severity: Severity::Error,
        message,
        labels,
        notes,
        help: vec![],
        fixes: vec![],
    };
    out.push(Finding::new(diagnostic, FixWanted::Culprit { site, culprit: (*c).clone() }));
}

fn describe(cx: &Context, c: &Culprit) -> String {
    match &c.kind {
        CulpritKind::Held { binding } | CulpritKind::Param { binding } => {
            format!("`{}`", cx.facts.bindings[*binding].name)
        }
        CulpritKind::Capture { binding, fields, .. } => format!("`{}`", cx.facts.place_name(*binding, fields)),
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
            if cx.options.edition == crate::options::Edition::E2021 {
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
