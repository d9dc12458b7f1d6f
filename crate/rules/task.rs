//! What the spawn-site rules share: the culprits of a task, and the labels every diagnostic
//! carries (the spawn call naming its bound, the awaits).

use crate::analysis::facts::{CoroutineKind, SpawnSite};
use crate::analysis::solver::Culprit;
use crate::analysis::Context;
use crate::report::Label;
use crate::ty::Ty;

/// Why the task of a spawn site is not `Send`; `None` when we cannot tell.
pub fn culprits(cx: &mut Context, spawn: &SpawnSite) -> Option<Vec<Culprit>> {
    let mut ty = spawn.arg_ty.clone();
    // `Box::pin(fut)`, `Pin<Box<F>>`: the future inside.
    while let Ty::Adt { path, args } = &ty {
        if path == "std::pin::Pin" || path == "std::boxed::Box" {
            ty = args.first().cloned().unwrap_or(Ty::Unknown);
        } else {
            break;
        }
    }
    match &ty {
        Ty::Future(id) | Ty::Closure(id) => cx.solver.coroutine_culprits(*id, &[]),
        Ty::AsyncFnFuture { func, args } => {
            let id = cx.facts.async_fn(func)?;
            cx.solver.coroutine_culprits(id, args)
        }
        Ty::Dyn(_) => match cx.solver.implements(&spawn.arg_ty, crate::analysis::solver::Trait::Send) {
            crate::analysis::solver::Judgement::No(chain) => Some(vec![Culprit {
                kind: crate::analysis::solver::CulpritKind::Value,
                ty: spawn.arg_ty.clone(),
                trait_: crate::analysis::solver::Trait::Send,
                chain,
                range: spawn.arg,
                awaits: vec![],
                coroutine: spawn.owner,
            }]),
            _ => None,
        },
        _ => None,
    }
}

/// What the spawn function demands, in words: "`tokio::spawn` requires the task to be `Send`".
pub fn requirement(spawn: &SpawnSite) -> String {
    let r = &spawn.req;
    if let Some(why) = r.why {
        return format!("`{}` requires a `Send` future: {why}", r.name);
    }
    let what = if r.closure { "closure" } else { "future" };
    let mut traits = vec![];
    if r.send {
        traits.push("`Send`");
    }
    if r.is_static {
        traits.push("`'static`");
    }
    let why = if r.scoped {
        "because the scoped thread may run at the same time as this one"
    } else if r.closure {
        "because it runs the closure on another thread"
    } else {
        "because a multi-threaded runtime may move the task between threads at any `.await`"
    };
    format!("`{}` requires its {what} to be {}, {why}", r.name, traits.join(" and "))
}

pub fn spawn_label(cx: &Context, spawn: &SpawnSite) -> Label {
    cx.label(spawn.callee, requirement(spawn), false)
}

/// Whether the task is a closure (rustc points at the closure, not at the captured use).
pub fn is_closure_task(cx: &Context, c: &Culprit) -> bool {
    matches!(cx.facts.coroutines[c.coroutine].kind, CoroutineKind::Closure)
}

/// A name for the place: `counter`, `s.user`.
pub fn place_name(cx: &Context, binding: usize, fields: &[String]) -> String {
    let mut s = cx.facts.bindings[binding].name.clone();
    for f in fields {
        s.push('.');
        s.push_str(f);
    }
    s
}

/// What the site demands to be `Send`: a task, or (for handlers and signatures) a future.
pub fn noun(spawn: &SpawnSite) -> &'static str {
    if spawn.req.why.is_some() {
        "future"
    } else {
        "task"
    }
}
