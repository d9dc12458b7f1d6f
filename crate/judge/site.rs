//! What a site demands and why its task fails it: the culprits of a spawn call, a handler, a
//! boxed future or a `Send`-promising signature.

use crate::facts::SpawnSite;
use crate::items::ty::Ty;
use crate::judge::solver::{Culprit, CulpritKind, Judgement, Trait, Why};
use crate::judge::Context;
use crate::knowledge::lang;

/// Why the task of a spawn site is not `Send`; `None` when we cannot tell.
pub fn culprits(cx: &mut Context, spawn: &SpawnSite) -> Option<Vec<Culprit>> {
    let mut ty = spawn.arg_ty.clone();
    // `Box::pin(fut)`, `Pin<Box<F>>`: the future inside.
    while let Ty::Adt { path, args } = &ty {
        if path == lang::PIN || path == lang::BOX {
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
