//! Turns a judgement's chain into plain words: "`Arc<RefCell<i32>>` is not `Send` because
//! `RefCell<i32>` is not `Sync`, and `Arc<T>` is `Send` only when `T` is `Send + Sync`".

use super::solver::{Chain, Step, Trait, Why};
use crate::items::ty::Ty;
use crate::knowledge::{self, model::AutoRule};

fn generic_rule(ty: &Ty, tr: Trait) -> Option<String> {
    let path = ty.path()?;
    let k = knowledge::known_type(path)?;
    let rule = if tr == Trait::Send { k.send } else { k.sync };
    let name = Ty::short_name(path);
    match rule {
        AutoRule::Needs(needs) => {
            let mut parts = vec![];
            for n in needs {
                let mut traits = vec![];
                if n.send {
                    traits.push("Send");
                }
                if n.sync {
                    traits.push("Sync");
                }
                parts.push(format!("`T` is `{}`", traits.join(" + ")));
            }
            Some(format!("`{name}<T>` is `{}` only when {}", tr.name(), parts.join(" and ")))
        }
        AutoRule::Structural => None,
        _ => None,
    }
}

/// One sentence per chain, ending with the root cause.
pub fn sentence(chain: &Chain) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chain.len() {
        let Step { ty, trait_, why } = &chain[i];
        let next = chain.get(i + 1);
        let clause = match why {
            Why::Root(reason) => format!("`{ty}` is not `{}`: {reason}", trait_.name()),
            Why::DynWithout => format!(
                "`{ty}` is not `{}`: a trait object is `{}` only when `+ {}` is part of its type, because the compiler cannot see the concrete type behind it",
                trait_.name(),
                trait_.name(),
                trait_.name()
            ),
            Why::SharedRef => match next {
                Some(n) => format!("`{ty}` is not `Send` because `{}` is not `Sync` (a shared reference may cross threads only when its target is `Sync`)", n.ty),
                None => format!("`{ty}` is not `Send`"),
            },
            Why::Requires { arg, needs } => match generic_rule(ty, *trait_) {
                Some(rule) => format!("`{ty}` is not `{}` because `{arg}` is not `{}`, and {rule}", trait_.name(), needs.name()),
                None => format!("`{ty}` is not `{}` because it contains `{arg}`, which is not `{}`", trait_.name(), needs.name()),
            },
            Why::Field { name, .. } => match next {
                Some(n) => format!("`{ty}` is not `{}` because its field `{}` has type `{}`", trait_.name(), display_field(name), n.ty),
                None => format!("`{ty}` is not `{}`", trait_.name()),
            },
            Why::Holds(culprit) => format!("`{ty}` is not `{}` because it holds `{}`", trait_.name(), culprit.ty),
        };
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&clause);
        // A `Requires` or `SharedRef` clause already named the next type; skip to its reason.
        i += 1;
    }
    out.push('.');
    out
}

fn display_field(name: &str) -> String {
    // Enum fields are stored as `Variant::index`.
    match name.split_once("::") {
        Some((variant, idx)) => format!("{variant}.{idx}"),
        None => name.to_string(),
    }
}

/// The root step: the type that is not `Send`/`Sync` by itself.
pub fn root(chain: &Chain) -> Option<&Step> {
    chain.iter().rev().find(|s| matches!(s.why, Why::Root(_) | Why::DynWithout))
}

/// What the spawn function demands, in words: "`tokio::spawn` requires the task to be `Send`".
pub fn requirement(spawn: &crate::facts::SpawnSite) -> String {
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

/// What the site demands to be `Send`: a task, or (for handlers and signatures) a future.
pub fn noun(spawn: &crate::facts::SpawnSite) -> &'static str {
    if spawn.req.needs_sync {
        "state"
    } else if spawn.req.why.is_some() && !spawn.req.closure {
        "future"
    } else {
        "task"
    }
}
