//! Table tests of the knowledge: the order the searches rely on, and that every row names what
//! other rows and the code expect (a guard's lock is a known lock, a rewrite's types are known).

use super::model::{Kind, Tpl};
use super::{lang, rewrites, tables};

fn sorted_by_key<'a>(keys: impl Iterator<Item = &'a str>) -> bool {
    let keys: Vec<&str> = keys.collect();
    keys.windows(2).all(|w| (w[0].len(), w[0]) <= (w[1].len(), w[1]))
}

#[test]
fn tables_are_in_search_order() {
    assert!(sorted_by_key(tables::TYPES.iter().map(|t| t.path)));
    assert!(tables::TYPES.windows(2).all(|w| w[0].path != w[1].path), "a type is declared twice");
    assert!(sorted_by_key(tables::METHODS.iter().map(|m| m.key)));
    assert!(sorted_by_key(tables::UNIVERSAL.iter().map(|m| m.name)));
    assert!(sorted_by_key(tables::FNS.iter().map(|f| f.path)));
    assert!(sorted_by_key(tables::REEXPORTS.iter().map(|(a, _)| *a)));
    assert!(sorted_by_key(tables::TYPE_ALIASES.iter().map(|a| a.path)));
    assert!(sorted_by_key(tables::TUPLE_FIELDS.iter().map(|(p, _)| *p)));
}

#[test]
fn lookups_find_every_row() {
    for t in tables::TYPES {
        assert!(std::ptr::eq(super::type_row(t.path).unwrap(), t), "{}", t.path);
    }
    for m in tables::METHODS {
        let found = super::method(m.key, m.name).unwrap();
        assert_eq!((found.key, found.name), (m.key, m.name));
    }
    for f in tables::FNS {
        assert!(super::functions(f.path).iter().any(|g| std::ptr::eq(g, f)), "{}", f.path);
    }
    assert_eq!(super::canonical("core::cell::RefCell"), "std::cell::RefCell");
    assert_eq!(super::canonical("tokio::task::spawn"), "tokio::spawn");
    assert!(super::type_row("crate::Rc").is_none());
}

#[test]
fn a_guard_names_a_known_lock() {
    for t in tables::TYPES {
        if let Kind::Guard { lock, .. } = t.kind {
            let row = super::known_type(lock).unwrap_or_else(|| panic!("{}: lock {lock} unknown", t.path));
            assert_eq!(row.kind, Kind::Lock, "{}: {lock} is not a lock", t.path);
        }
    }
}

#[test]
fn re_exports_and_rewrites_name_known_items() {
    for (alias, target) in tables::REEXPORTS {
        let known = super::type_row(target).is_some()
            || !super::functions(target).is_empty()
            || super::type_alias(target).is_some();
        assert!(known, "{alias} re-exports {target}, which no stub declares");
    }
    for r in rewrites::THREAD_SAFE {
        assert!(super::known_type(r.from).is_some(), "{}", r.from);
        if let Some(to) = r.to {
            assert!(super::known_type(to).is_some(), "{to}");
        }
        for w in r.with {
            assert!(rewrites::thread_safe(w).is_some(), "{} is rewritten with {w}, which has no rewrite", r.from);
        }
    }
    for r in rewrites::ASYNC_LOCKS {
        for p in [r.from, r.to].iter().chain(r.blocked_by) {
            assert!(super::known_type(p).is_some(), "{p}");
        }
        for m in r.methods {
            assert!(super::method(r.from, m).is_some(), "{}::{m}", r.from);
        }
    }
    for cell in rewrites::THREAD_SAFE.iter().filter(|r| r.to.is_none()) {
        for prim in ["bool", "i32", "u64", "usize"] {
            let atomic = rewrites::atomic_for(prim).unwrap();
            let path = format!("{}::{atomic}", rewrites::ATOMIC_MODULE);
            assert!(super::known_type(&path).is_some(), "{} → {path}", cell.from);
        }
    }
}

#[test]
fn what_the_language_names_is_known() {
    for path in [lang::RANGE, lang::STRING, lang::VEC, lang::BOX, lang::PIN, lang::OPTION, lang::PHANTOM_DATA] {
        assert!(super::known_type(path).is_some(), "{path}");
    }
    assert!(super::type_row(lang::AWAITS_TO).is_some_and(|t| t.opaque && t.await_output == Some(Tpl::ImplVar(0))));
    assert!(super::known_type(lang::TRAIT_FUTURE).is_some_and(|t| t.kind == Kind::TraitFuture));
    for p in lang::OWNING_POINTERS {
        assert_eq!(super::known_type(p).and_then(|t| t.deref), Some(Tpl::ImplVar(0)), "{p}");
    }
}

#[test]
fn spawn_functions_say_what_they_demand() {
    let spawns = tables::FNS.iter().map(|f| (f.path, &f.sig)).chain(tables::METHODS.iter().map(|m| (m.key, &m.sig)));
    let mut n = 0;
    for (path, sig) in spawns {
        if let Some(s) = &sig.spawn {
            n += 1;
            assert!(!s.display.is_empty(), "{path}");
            assert!(s.arg < sig.params.len(), "{path}: the task is not among its parameters");
        }
    }
    assert!(n >= 20, "only {n} spawn functions");
    let tokio = super::functions("tokio::spawn")[0].sig.spawn.unwrap();
    assert!(tokio.send && tokio.is_static && !tokio.closure);
    let scope = super::method("std::thread::Scope", "spawn").unwrap().sig.spawn.unwrap();
    assert!(scope.send && !scope.is_static && scope.scoped && scope.closure);
}
