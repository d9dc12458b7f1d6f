//! Knowledge: what sendlens knows about types and functions it did not read in the analysed file,
//! as data in this one folder (`docs/KNOWLEDGE.md`). The stubs (`stubs/*.rs`) are compiled by the
//! build script into the tables searched here; the words people read (`causes.rs`,
//! `frameworks.rs`) and the fixes' rewrites (`rewrites.rs`) are hand-written.
//!
//! Architecture invariant: no path literal of a known type appears outside this folder; a type,
//! function or method that is not here and not in the analysed file is unknown, and an unknown
//! never produces an error.

pub mod causes;
pub mod frameworks;
pub mod lang;
pub mod model;
pub mod rewrites;
#[cfg(test)]
mod tests;

use model::{FnRow, Kind, MethodRow, SpawnInfo, TypeAliasRow, TypeRow};

#[allow(clippy::all)]
mod tables {
    use super::causes::Cause;
    use super::model::*;
    include!(concat!(env!("OUT_DIR"), "/knowledge_tables.rs"));
}

/// A type the tables describe (not one known only for its methods: see [`type_row`]).
pub fn known_type(path: &str) -> Option<&'static TypeRow> {
    type_row(path).filter(|t| !t.opaque)
}

/// The tables' order: by length, then by bytes (see `build.rs`).
fn by_key(s: &str) -> (usize, &str) {
    (s.len(), s)
}

/// The file's own items are never in the tables: most paths an analysis looks up are theirs.
fn the_files_own(path: &str) -> bool {
    path.starts_with("crate::")
}

/// Any row of the type, opaque ones included.
pub fn type_row(path: &str) -> Option<&'static TypeRow> {
    if the_files_own(path) {
        return None;
    }
    let types = tables::TYPES;
    types.binary_search_by(|t| by_key(t.path).cmp(&by_key(path))).ok().map(|i| &types[i])
}

/// Method `name` of the type keyed `key` (a path, `[]`, `str`, `*const`, `*mut`), the first of
/// its overloads; else the type's `__any_method`.
pub fn method(key: &str, name: &str) -> Option<&'static MethodRow> {
    if the_files_own(key) {
        return None;
    }
    // One search for the type's rows, then its few methods one by one.
    let methods = tables::METHODS;
    let start = methods.partition_point(|m| by_key(m.key) < by_key(key));
    let rows = &methods[start..];
    let rows = &rows[..rows.iter().take_while(|m| m.key == key).count()];
    rows.iter().find(|m| m.name == name).or_else(|| rows.iter().find(|m| m.name == "__any_method"))
}

/// A method of every type, by name (`stubs/sendlens.rs`).
pub fn universal_method(name: &str) -> Option<&'static MethodRow> {
    let rows = tables::UNIVERSAL;
    rows.binary_search_by(|m| by_key(m.name).cmp(&by_key(name))).ok().map(|i| &rows[i])
}

/// The overloads of a function or associated function (`std::rc::Rc::new`), in the stub's order;
/// else its type's `__any_fn`.
pub fn functions(path: &str) -> &'static [FnRow] {
    if the_files_own(path) {
        return &[];
    }
    let exact = fns_at(path, |p| p == path);
    if !exact.is_empty() {
        return exact;
    }
    match path.rsplit_once("::") {
        Some((owner, _)) if tables::ANY_FN_OWNERS.contains(&owner) => {
            fns_at(&join_path(owner, "__any_fn"), |p| p.strip_suffix("::__any_fn") == Some(owner))
        }
        _ => &[],
    }
}

fn fns_at(path: &str, is: impl Fn(&str) -> bool) -> &'static [FnRow] {
    let fns = tables::FNS;
    let start = fns.partition_point(|f| by_key(f.path) < by_key(path));
    let end = start + fns[start..].iter().take_while(|f| is(f.path)).count();
    &fns[start..end]
}

/// The fields of a tuple struct or an enum's tuple variant (`std::option::Option::Some`), whose
/// `ImplVar(i)` is the type's argument `i`.
pub fn tuple_fields(path: &str) -> Option<&'static [model::Tpl]> {
    let fields = tables::TUPLE_FIELDS;
    fields.binary_search_by(|(p, _)| by_key(p).cmp(&by_key(path))).ok().map(|i| fields[i].1)
}

pub fn type_alias(path: &str) -> Option<&'static TypeAliasRow> {
    let aliases = tables::TYPE_ALIASES;
    aliases.binary_search_by(|a| by_key(a.path).cmp(&by_key(path))).ok().map(|i| &aliases[i])
}

/// `head::tail`. Paths are joined all over a walk, and `format!` costs several times this.
pub fn join_path(head: &str, tail: &str) -> String {
    [head, "::", tail].concat()
}

/// Maps a resolved path to its canonical spelling: `core::`/`alloc::` are `std::`, and a
/// re-export is the item it names.
pub fn canonical(path: &str) -> String {
    let path = if let Some(rest) = path.strip_prefix("core::").or_else(|| path.strip_prefix("alloc::")) {
        ["std::", rest].concat()
    } else {
        path.to_string()
    };
    let reexports = tables::REEXPORTS;
    match reexports.binary_search_by(|(alias, _)| by_key(alias).cmp(&by_key(&path))) {
        Ok(i) => reexports[i].1.to_string(),
        Err(_) => path,
    }
}

/// Whether rustc's deny-by-default lint `let_underscore_lock` knows this guard.
pub fn linted_by_let_underscore_lock(path: &str) -> bool {
    matches!(known_type(path).map(|t| t.kind), Some(Kind::Guard { let_underscore_lock: true, .. }))
}

/// What a site demands of the task, future or value it is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpawnReq {
    /// How the spawn site is named in messages, e.g. `tokio::spawn`.
    pub name: String,
    /// The task is a closure (threads, blocking pools) rather than a future.
    pub closure: bool,
    pub send: bool,
    pub is_static: bool,
    pub output_send: bool,
    /// A scoped thread: shares borrowed data but must not outlive the scope.
    pub scoped: bool,
    /// Which argument is the task.
    pub arg: usize,
    /// Where the requirement is written (a bound of a function in the file).
    pub bound_range: Option<crate::syntax::text::Range>,
    /// A web handler or other framework-imposed `Send` bound: the reason in words.
    pub why: Option<&'static str>,
    /// rustc points only at the registration (axum's `MethodRouter` methods, whose error names
    /// no culprit): the primary label goes there too, the culprit gets a secondary one.
    pub primary_at_site: bool,
    /// The value must be `Sync` as well (axum's state).
    pub needs_sync: bool,
}

impl SpawnReq {
    /// A place where a framework demands a `Send` future (a handler, a boxed future).
    pub fn framework(name: impl Into<String>, why: &'static str) -> SpawnReq {
        SpawnReq {
            name: name.into(),
            closure: false,
            send: true,
            is_static: false,
            output_send: false,
            scoped: false,
            arg: 0,
            bound_range: None,
            why: Some(why),
            primary_at_site: false,
            needs_sync: false,
        }
    }

    /// What a known spawn function or method demands (`#[spawn]` in a stub).
    pub fn known(info: &SpawnInfo) -> SpawnReq {
        SpawnReq {
            name: info.display.to_string(),
            closure: info.closure,
            send: info.send,
            is_static: info.is_static,
            output_send: info.send && info.is_static,
            scoped: info.scoped,
            arg: info.arg,
            bound_range: None,
            why: info.why,
            primary_at_site: false,
            needs_sync: false,
        }
    }
}
