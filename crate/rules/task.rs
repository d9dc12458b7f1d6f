//! What the spawn-site rules share: the culprits of a task, and the labels every diagnostic
//! carries (the spawn call naming its bound, the awaits).

use crate::facts::{CoroutineKind, SpawnSite};
use crate::items::ty::Ty;
use crate::judge::solver::{Culprit, CulpritKind, Judgement, Trait, Why};
use crate::judge::Context;
use crate::report::Label;

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
        Ty::Dyn(_) => value_culprit(cx, spawn, Trait::Send),
        Ty::Adt { .. } if spawn.req.needs_sync => {
            value_culprit(cx, spawn, Trait::Send).or_else(|| value_culprit(cx, spawn, Trait::Sync))
        }
        _ => None,
    }
}

/// The task (or state) value itself is not `Send`/`Sync`: rustc points at the type of the file
/// that contains the culprit, when there is one.
fn value_culprit(cx: &mut Context, spawn: &SpawnSite, tr: Trait) -> Option<Vec<Culprit>> {
    let Judgement::No(chain) = cx.solver.implements(&spawn.arg_ty, tr) else { return None };
    let range = chain
        .iter()
        .find_map(|s| {
            if let Why::Field { .. } = s.why {
                s.ty.path().and_then(|p| cx.index.adt(p)).map(|a| a.name_range)
            } else {
                None
            }
        })
        .unwrap_or(spawn.arg);
    Some(vec![Culprit {
        kind: CulpritKind::Value,
        ty: spawn.arg_ty.clone(),
        trait_: tr,
        chain,
        range,
        awaits: vec![],
        coroutine: spawn.owner,
    }])
}

/// What the spawn function demands, in words: "`tokio::spawn` requires the task to be `Send`".
pub fn requirement(spawn: &SpawnSite) -> String {
    let r = &spawn.req;
    if let Some(why) = r.why {
        let what = if r.needs_sync {
            "`Send + Sync` state"
        } else if r.closure {
            "a `Send` closure"
        } else {
            "a `Send` future"
        };
        return format!("`{}` requires {what}: {why}", r.name);
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
    if spawn.req.needs_sync {
        "state"
    } else if spawn.req.why.is_some() && !spawn.req.closure {
        "future"
    } else {
        "task"
    }
}

/// The definition of the function a coroutine is written in.
pub fn root_fn_def<'c, 'a>(cx: &'c Context<'_, '_, 'a, '_>, mut c: usize) -> Option<&'c crate::items::FnDef<'a>> {
    while let Some(p) = cx.facts.coroutines[c].parent {
        c = p;
    }
    let CoroutineKind::FnBody { name, .. } = &cx.facts.coroutines[c].kind else { return None };
    cx.index.fns.get(name).or_else(|| cx.index.methods.get(name))
}
