//! `task-borrows-local`: a task that must be `'static` borrows a local (E0373, E0597, E0521,
//! E0310).

use super::{site_label, Finding, FixWanted, Phase, Rule, Subject};
use crate::facts::{SpawnSite, TaskArg};
use crate::items::ty::Ty;
use crate::judge::Context;
use crate::report::{Applicability, Diagnostic, Fix, Label, Severity};
use crate::syntax::text::Range;

pub const RULE: Rule = Rule {
    id: "task-borrows-local",
    title: "A task that must be 'static borrows a local",
    docs: r#"## What it finds
A task or thread that must be `'static` but borrows a local variable: a non-`move` async block
or closure that uses a local by reference (E0373), a `move` block that captures a reference to
a local (E0597 "borrowed for `'static`"), a spawned `async fn` call given `&local`, a
reference parameter (or `&self`) captured by a spawned task (E0521), and a value of a generic
type `T` declared without `T: 'static` (E0310). Scoped threads may borrow what lives
outside the scope, but not locals of the scope closure itself.

## Why rustc rejects it
A spawned task may outlive the function that spawned it, so it must own everything it uses.
Borrowing a local would leave the task with a dangling reference once the function returns.

## Example
```rust,ignore
#[tokio::main]
async fn main() {
    let name = String::from("zoe");
    let h = tokio::spawn(async {
        println!("hello {name}");
    });
    h.await.unwrap();
}
```

## Use instead
```rust,ignore
#[tokio::main]
async fn main() {
    let name = String::from("zoe");
    let h = tokio::spawn(async move {
        println!("hello {name}");
    });
    h.await.unwrap();
}
```

## Known problems
A reference parameter or `&self` moved into a task gets no fix yet (clone what the task needs, or
take `self: Arc<Self>`). rustc reports a `move` block holding `&local` as E0597 and a non-`move`
block as E0373; sendlens words both as a borrow of a local.

## Fix safety
`move` keeps the program's meaning (what the spawning code still uses is cloned for the task):
`safe`. A clone of a borrowed value (`to_owned()`) gives the task a copy: `safe` for values the
task only reads. `T: 'static` narrows what callers may pass: `safe` (rustc would reject the other
callers' tasks anyway).
"#,
    example: "#[tokio::main]\nasync fn main() {\n    let name = String::from(\"zoe\");\n    let h = tokio::spawn(async {\n        println!(\"hello {name}\");\n    });\n    h.await.unwrap();\n}\n",
    phase: Phase::BorrowCheck,
    check: Some(check),
};

/// Every site: what its task borrows from the spawning function.
fn check(cx: &mut Context, subject: &Subject, out: &mut Vec<Finding>) {
    let Subject::Site(site) = *subject else { return };
    let facts = cx.facts;
    let spawn = &facts.spawns[site];
    match &spawn.task {
        TaskArg::Coroutine(id) => {
            let id = *id;
            let co = cx.facts.coroutines[id].clone();
            if spawn.req.is_static {
                generic_not_static(cx, spawn, id, out);
            }
            let kind = if co.is_async() { "async block" } else { "closure" };
            for cap in cx.captures(id).iter() {
                if cap.uncertain {
                    continue;
                }
                let b = &cx.facts.bindings[cap.binding];
                let name = b.name.clone();
                // Reading through a reference reborrows what it points to: an error only when
                // that is a local (a `&'static` or a caller's reference is not ours to judge here).
                if cap.by_ref && !co.is_move && cap.only_reborrows && b.borrows.is_none() && !b.borrowed_from_caller {
                    continue;
                }
                if cap.by_ref && !co.is_move {
                    // A scoped thread may borrow what outlives the scope, not the scope's own locals.
                    if spawn.req.scoped && !cx.facts.within(b.owner, spawn.owner) {
                        continue;
                    }
                    if !spawn.req.is_static && !spawn.req.scoped {
                        continue;
                    }
                    let message = format!("{kind} may outlive the current function, but it borrows `{name}`, which is owned by the current function");
                    let labels = vec![
                        cx.label(cap.mode_use, format!("`{name}` is borrowed here"), true),
                        cx.label(co.head, format!("may outlive borrowed value `{name}`"), false),
                        site_label(cx, spawn),
                    ];
                    out.push(found(message, labels, format!("{kind}s passed to `{}` must own what they use: the task can keep running after this function returns and `{name}` is gone", spawn.req.name), format!("to make the {kind} take ownership of `{name}` (and of every other variable it uses), use the `move` keyword"), FixWanted::Move { site, coroutine: id }));
                } else if spawn.req.is_static && matches!(b.ty, Ty::Ref { .. }) {
                    let b = b.clone();
                    if let Some(owner) = b.borrows {
                        let owner_name = cx.facts.bindings[owner].name.clone();
                        let message = format!("`{owner_name}` does not live long enough: the task captures `{name}`, a reference to it, but must be `'static`");
                        let labels = vec![
                            cx.label(
                                cap.first_use,
                                format!("`{name}` borrows `{owner_name}` and is captured here"),
                                true,
                            ),
                            cx.label(
                                cx.facts.bindings[owner].range,
                                format!("`{owner_name}` is a local of this function"),
                                false,
                            ),
                            site_label(cx, spawn),
                        ];
                        out.push(found(message, labels, format!("the task may run after `{owner_name}` is dropped at the end of this function, so it cannot hold a reference to it"), "give the task its own copy: clone the value before spawning, and move the clone in".to_string(), FixWanted::OwnCapturedRef { site, coroutine: id, binding: cap.binding }));
                    } else if b.borrowed_from_caller {
                        let message = format!("borrowed data escapes: the task captures the reference parameter `{name}`, but must be `'static`");
                        let labels = vec![
                            cx.label(cap.first_use, format!("`{name}` is a reference borrowed from the caller"), true),
                            site_label(cx, spawn),
                        ];
                        out.push(found(message, labels, "the caller's data may be gone while the task still runs", format!("take an owned value instead of a reference, or clone `{name}` into an owned value before spawning"), FixWanted::OwnCapturedRef { site, coroutine: id, binding: cap.binding }));
                    }
                }
            }
        }
        TaskArg::AsyncFn { func, args, call } => {
            if !spawn.req.is_static {
                return;
            }
            for a in args {
                let Some(owner) = a.borrows else { continue };
                let owner_name = cx.facts.bindings[owner].name.clone();
                let message = format!("`{owner_name}` does not live long enough: `{func}(..)` borrows it, but `{}` needs a `'static` future", spawn.req.name);
                let labels = vec![
                    cx.label(a.range, format!("this argument borrows `{owner_name}`"), true),
                    cx.label(
                        cx.facts.bindings[owner].range,
                        format!("`{owner_name}` is a local of this function"),
                        false,
                    ),
                    site_label(cx, spawn),
                ];
                out.push(found(
                    message,
                    labels,
                    format!(
                        "the future of `{func}` keeps its reference arguments, and the task may outlive `{owner_name}`"
                    ),
                    format!("move `{owner_name}` into an `async move` block that calls `{func}` and awaits it"),
                    FixWanted::WrapCallInAsyncMove { site, call: *call, owner },
                ));
            }
        }
        TaskArg::Other => {}
    }
}

/// A `'static` task capturing a value of a generic type `T` declared without `T: 'static`
/// (E0310): `T` might hold references that die before the task.
fn generic_not_static(cx: &Context, spawn: &SpawnSite, id: usize, out: &mut Vec<Finding>) {
    let Some(def) = cx.root_fn_def(spawn.owner) else { return };
    let mut reported: Vec<String> = vec![];
    for cap in cx.captures(id).iter() {
        let mut params = vec![];
        params_in(&cap.ty, &mut params, 0);
        for name in params {
            let Some(g) = def.generics.iter().find(|g| g.name == name) else { continue };
            if g.is_static || g.unknown_bounds || reported.contains(&name) {
                continue;
            }
            reported.push(name.clone());
            let place = cx.facts.place_name(cap.binding, &cap.fields);
            let co = &cx.facts.coroutines[id];
            let mut fixes = vec![];
            if let Some(at) = g.bound_insert {
                let text = if g.has_bounds { " + 'static" } else { ": 'static" };
                fixes.push(Fix {
                    title: format!("require `{name}: 'static`"),
                    applicability: Applicability::Safe,
                    edits: vec![cx.edit(Range::empty(at), text)].into(),
                });
            }
            out.push(with_fixes(format!("the parameter type `{name}` may not live long enough: the task captures `{place}` but must be `'static`"), vec![
                    cx.label(co.head, format!("this task captures `{place}`, whose type involves `{name}`"), true),
                    cx.label(cap.first_use, format!("`{place}` is captured here"), false),
                    site_label(cx, spawn),
                ], format!("`{name}` could be a type that holds references, and the task may outlive them"), format!("add `'static` to the bounds of `{name}`"), fixes));
        }
    }
}

fn params_in(t: &Ty, out: &mut Vec<String>, depth: usize) {
    if depth > 12 {
        return;
    }
    match t {
        Ty::Param { name, .. } => out.push(name.clone()),
        Ty::Adt { args, .. } => args.iter().for_each(|a| params_in(a, out, depth + 1)),
        Ty::Ref { inner, .. } | Ty::Array(inner) | Ty::Slice(inner) => params_in(inner, out, depth + 1),
        Ty::Tuple(items) => items.iter().for_each(|a| params_in(a, out, depth + 1)),
        _ => {}
    }
}

/// An error of this rule: every one explains its lifetime problem in one note and one help.
fn found(
    message: String,
    labels: Vec<Label>,
    note: impl Into<String>,
    help: impl Into<String>,
    fix: FixWanted,
) -> Finding {
    let diagnostic = Diagnostic {
        rule: RULE.id.into(),
        severity: Severity::Error,
        message,
        labels,
        notes: vec![note.into()],
        help: vec![help.into()],
        fixes: vec![],
    };
    Finding::new(diagnostic, fix)
}

/// An error of this rule whose fixes are plain edits written here.
fn with_fixes(
    message: String,
    labels: Vec<Label>,
    note: impl Into<String>,
    help: impl Into<String>,
    fixes: Vec<Fix>,
) -> Finding {
    let mut finding = found(message, labels, note, help, FixWanted::None);
    finding.diagnostic.fixes = fixes;
    finding
}
