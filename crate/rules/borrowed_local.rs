#![doc = include_str!("docs/task-borrows-local.md")]

use super::task;
use super::RuleDoc;
use crate::facts::{SpawnSite, TaskArg};
use crate::items::ty::Ty;
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const ID: &str = "task-borrows-local";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "A task that must be 'static borrows a local",
    docs: include_str!("docs/task-borrows-local.md"),
    example: "#[tokio::main]\nasync fn main() {\n    let name = String::from(\"zoe\");\n    let h = tokio::spawn(async {\n        println!(\"hello {name}\");\n    });\n    h.await.unwrap();\n}\n",
};

pub fn check(cx: &mut Context, spawn: &SpawnSite) -> Vec<Diagnostic> {
    let mut out = vec![];
    match &spawn.task {
        TaskArg::Coroutine(id) => {
            let id = *id;
            let co = cx.facts.coroutines[id].clone();
            if spawn.req.is_static {
                out.extend(generic_not_static(cx, spawn, id));
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
                        task::spawn_label(cx, spawn),
                    ];
                    out.push(error(message, labels, format!("{kind}s passed to `{}` must own what they use: the task can keep running after this function returns and `{name}` is gone", spawn.req.name), format!("to make the {kind} take ownership of `{name}` (and of every other variable it uses), use the `move` keyword"), crate::fixes::add_move(cx, spawn, id)));
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
                            task::spawn_label(cx, spawn),
                        ];
                        out.push(error(message, labels, format!("the task may run after `{owner_name}` is dropped at the end of this function, so it cannot hold a reference to it"), "give the task its own copy: clone the value before spawning, and move the clone in".to_string(), crate::fixes::own_captured_ref(cx, spawn, id, cap.binding)));
                    } else if b.borrowed_from_caller {
                        let message = format!("borrowed data escapes: the task captures the reference parameter `{name}`, but must be `'static`");
                        let labels = vec![
                            cx.label(cap.first_use, format!("`{name}` is a reference borrowed from the caller"), true),
                            task::spawn_label(cx, spawn),
                        ];
                        out.push(error(message, labels, "the caller's data may be gone while the task still runs", format!("take an owned value instead of a reference, or clone `{name}` into an owned value before spawning"), crate::fixes::own_captured_ref(cx, spawn, id, cap.binding)));
                    }
                }
            }
        }
        TaskArg::AsyncFn { func, args, call } => {
            if !spawn.req.is_static {
                return out;
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
                    task::spawn_label(cx, spawn),
                ];
                out.push(error(
                    message,
                    labels,
                    format!(
                        "the future of `{func}` keeps its reference arguments, and the task may outlive `{owner_name}`"
                    ),
                    format!("move `{owner_name}` into an `async move` block that calls `{func}` and awaits it"),
                    crate::fixes::wrap_call_in_async_move(cx, spawn, *call, owner),
                ));
            }
        }
        TaskArg::Other => {}
    }
    out
}

/// A `'static` task capturing a value of a generic type `T` declared without `T: 'static`
/// (E0310): `T` might hold references that die before the task.
fn generic_not_static(cx: &mut Context, spawn: &SpawnSite, id: usize) -> Vec<Diagnostic> {
    let Some(def) = task::root_fn_def(cx, spawn.owner) else { return vec![] };
    let mut out = vec![];
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
            let place = task::place_name(cx, cap.binding, &cap.fields);
            let co = &cx.facts.coroutines[id];
            let mut fixes = vec![];
            if let Some(at) = g.bound_insert {
                let text = if g.has_bounds { " + 'static" } else { ": 'static" };
                fixes.push(crate::report::Fix {
                    title: format!("require `{name}: 'static`"),
                    applicability: crate::report::Applicability::Safe,
                    edits: vec![crate::fixes::edit(cx, crate::syntax::text::Range::empty(at), text)].into(),
                });
            }
            out.push(error(format!("the parameter type `{name}` may not live long enough: the task captures `{place}` but must be `'static`"), vec![
                    cx.label(co.head, format!("this task captures `{place}`, whose type involves `{name}`"), true),
                    cx.label(cap.first_use, format!("`{place}` is captured here"), false),
                    task::spawn_label(cx, spawn),
                ], format!("`{name}` could be a type that holds references, and the task may outlive them"), format!("add `'static` to the bounds of `{name}`"), fixes));
        }
    }
    out
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
fn error(
    message: String,
    labels: Vec<crate::report::Label>,
    note: impl Into<String>,
    help: impl Into<String>,
    fixes: Vec<crate::report::Fix>,
) -> Diagnostic {
    Diagnostic {
        rule: ID.into(),
        severity: Severity::Error,
        message,
        labels,
        notes: vec![note.into()],
        help: vec![help.into()],
        fixes,
    }
}
