//! Fixes: text edits that make the program compile, best first, with honest applicability.
//!
//! Each fix is built from facts (mentions of types, method calls, statement ranges), never by
//! re-parsing. When a fix cannot be made safely (a method we do not know how to translate, a
//! lock used outside async code) it is not offered.
//!
//! Architecture invariant: this layer sits above the rules. A rule's finding says which fix it
//! wants ([`FixWanted`]); [`build`] makes it. Nothing here calls back into a rule, and the caches
//! of file-wide fixes ([`FixCaches`]) belong to this layer.

mod imports;
mod scope;

use std::cell::{OnceCell, RefCell};
use std::ops::{Deref, DerefMut};

use crate::fast::hash::HashMap;
use crate::rules::FixWanted;

use crate::facts::infer;
use crate::facts::{SpawnSite, TaskArg};
use crate::items::ty::{CoroutineId, Ty};
use crate::judge::explain;
use crate::judge::solver::{Culprit, CulpritKind, Why};
use crate::judge::Context;
use crate::knowledge::causes::Cause;
use crate::knowledge::lang;
use crate::knowledge::model::Kind;
use crate::knowledge::rewrites::MethodEdit;
use crate::knowledge::{self, rewrites};
use crate::report::{Applicability, Edit, Fix};
use crate::syntax::text::Range;

/// What the fix layer keeps for one analysis: fixes that rewrite a type everywhere in the file
/// are the same for every diagnostic that offers them (built once), and which `use` items import
/// which paths (`imports.rs`, built on first need).
#[derive(Default)]
pub struct FixCaches {
    file_wide: RefCell<HashMap<String, Option<Fix>>>,
    imported_names: OnceCell<imports::ImportedNames>,
}

/// The judgement's context with this layer's caches: what every fix builder reads.
pub struct Fixer<'f, 'x, 'i, 'a, 't> {
    cx: &'f mut Context<'x, 'i, 'a, 't>,
    caches: &'f FixCaches,
}

impl<'x, 'i, 'a, 't> Deref for Fixer<'_, 'x, 'i, 'a, 't> {
    type Target = Context<'x, 'i, 'a, 't>;
    fn deref(&self) -> &Self::Target {
        self.cx
    }
}

impl DerefMut for Fixer<'_, '_, '_, '_, '_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.cx
    }
}

/// The fixes a finding wants, best first.
pub fn build(cx: &mut Context, caches: &FixCaches, wanted: &FixWanted) -> Vec<Fix> {
    let facts = cx.facts;
    let cx = &mut Fixer { cx, caches };
    match wanted {
        FixWanted::None => vec![],
        FixWanted::Culprit { site, culprit } => for_culprit(cx, &facts.spawns[*site], culprit),
        FixWanted::Output { ty } => for_output(cx, ty),
        FixWanted::Move { site, coroutine } => add_move(cx, &facts.spawns[*site], *coroutine),
        FixWanted::OwnCapturedRef { site, coroutine, binding } => {
            own_captured_ref(cx, &facts.spawns[*site], *coroutine, *binding)
        }
        FixWanted::WrapCallInAsyncMove { site, call, owner } => {
            wrap_call_in_async_move(cx, &facts.spawns[*site], *call, *owner)
        }
        FixWanted::CloneIntoTask { site, binding } => clone_into_task(cx, &facts.spawns[*site], *binding),
    }
}

pub fn edit(cx: &Context, range: Range, replacement: impl Into<String>) -> Edit {
    cx.edit(range, replacement)
}

fn fix(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Fix {
    edits.sort_by_key(|e| (e.span.byte_start, e.span.byte_end));
    edits.dedup();
    Fix { title: title.into(), applicability, edits: edits.into() }
}

/// Fixes for a value that keeps a task from being `Send`.
fn for_culprit(cx: &mut Fixer, spawn: &SpawnSite, c: &Culprit) -> Vec<Fix> {
    let inner = c.innermost();
    let mut out = vec![];
    // A closure that captures only a field loses the struct's `unsafe impl Send`.
    if let CulpritKind::Capture { binding, fields, .. } = &inner.kind {
        if !fields.is_empty() {
            let whole = cx.facts.bindings[*binding].ty.clone();
            if cx.solver.implements(&whole, crate::judge::solver::Trait::Send) == crate::judge::solver::Judgement::Yes {
                if let Some(f) = capture_whole(cx, inner.coroutine, *binding) {
                    out.push(f);
                }
            }
        }
    }
    let Some(root) = explain::root(&inner.chain).cloned() else {
        // A closure or future held across an await: end it before, or make it again after.
        out.extend(scope_or_reacquire(cx, &inner, true));
        return with_keep(cx, spawn, out);
    };
    let root_path = root.ty.path().unwrap_or("").to_string();
    // What the root type is for decides the fix (`knowledge`: its kind, and whether a thread-safe
    // type replaces it).
    let kind = knowledge::known_type(&root_path).map(|t| t.kind);
    let is_temp = matches!(inner.kind, CulpritKind::Temp { .. });
    match (&root.why, kind) {
        (Why::Root(Cause::Param), _) => out.extend(bound_send(cx, spawn, &root.ty)),
        (Why::DynWithout, _) => out.extend(dyn_send(cx, &root.ty)),
        _ if rewrites::thread_safe(&root_path).is_some() && !is_temp => {
            if is_receiver_share(&inner) {
                out.extend(add_move(cx, spawn, inner.coroutine));
            }
            out.extend(thread_safe_types(cx, &inner.ty));
        }
        (_, Some(Kind::Receiver)) => {
            if let CulpritKind::Capture { by_ref: true, .. } = inner.kind {
                out.extend(add_move(cx, spawn, inner.coroutine));
            }
        }
        // Nothing else can change a `RefCell` borrow, a thread's generator or a raw pointer
        // while the task waits: taking it again after the await keeps the meaning.
        (_, Some(Kind::Borrow | Kind::Rng | Kind::Pointer)) => out.extend(scope_or_reacquire(cx, &inner, true)),
        _ if root_path.is_empty() => out.extend(scope_or_reacquire(cx, &inner, true)),
        (_, Some(Kind::Guard { lock, .. })) => {
            out.extend(scope::hoist_temp(cx, &inner));
            if let Some(f) = scope::scope_binding(cx, &inner) {
                out.push(f);
            }
            out.extend(tokio_lock(cx, lock));
            if let Some(f) = scope::reacquire(cx, &inner, Applicability::Unsafe) {
                out.push(f);
            }
        }
        (_, Some(Kind::TraitFuture)) => {
            if let Some(key) = root.ty.arg(0).path() {
                out.extend(trait_method_send(cx, key));
            }
        }
        // Any other value held across an await: end its scope before, or take it again after
        // (which may observe a changed world: marked unsafe).
        _ => out.extend(scope_or_reacquire(cx, &inner, false)),
    }
    if matches!(root.ty, Ty::Ptr { .. }) && out.is_empty() {
        out.extend(scope_or_reacquire(cx, &inner, true));
    }
    if matches!(inner.kind, CulpritKind::Temp { .. }) && out.is_empty() {
        out.extend(scope::hoist_temp(cx, &inner));
    }
    with_keep(cx, spawn, out)
}

/// Once the task is `Send`, rustc checks borrows: a value moved into the task and used
/// afterwards must be cloned for the task as well, and a scoped thread must not borrow the
/// scope closure's own locals.
fn with_keep(cx: &Fixer, spawn: &SpawnSite, mut out: Vec<Fix>) -> Vec<Fix> {
    let mut keep = keep_usable_after(cx, spawn);
    keep.extend(scoped_move(cx, spawn).unwrap_or_default());
    if !keep.is_empty() {
        for f in &mut out {
            if f.applicability != Applicability::DisplayOnly {
                let edits = f.edits.make_mut();
                edits.extend(keep.iter().cloned());
                edits.sort_by_key(|e| (e.span.byte_start, e.span.byte_end));
                edits.dedup();
            }
        }
    }
    out
}

/// Clones for the captures of a `move` task that the spawning code still uses afterwards.
fn keep_usable_after(cx: &Fixer, spawn: &SpawnSite) -> Vec<Edit> {
    let TaskArg::Coroutine(id) = spawn.task else { return vec![] };
    let co = &cx.facts.coroutines[id];
    if !co.is_move || !spawn.call.contains(co.range) {
        return vec![];
    }
    let mut edits = vec![];
    for cap in cx.captures(id).iter() {
        if !cap.fields.is_empty() {
            continue;
        }
        let b = &cx.facts.bindings[cap.binding];
        if infer::is_copy(cx.index, &b.ty) != Some(false) {
            continue;
        }
        let used_after =
            cx.facts.uses_of(cap.binding).any(|u| u.range.start >= co.range.end && u.range.start < b.scope_end);
        if used_after && clonable(cx, &b.ty) {
            edits.extend(clone_edits(cx, spawn, id, cap.binding));
        }
    }
    edits
}

fn is_receiver_share(c: &Culprit) -> bool {
    matches!(c.kind, CulpritKind::Capture { by_ref: true, .. })
        && c.ty.peel_refs().path().and_then(knowledge::known_type).is_some_and(|t| t.kind == Kind::Receiver)
}

fn scope_or_reacquire(cx: &mut Fixer, inner: &Culprit, reacquire_is_safe: bool) -> Vec<Fix> {
    let mut out = vec![];
    out.extend(scope::hoist_temp(cx, inner));
    if let Some(f) = scope::scope_binding(cx, inner) {
        out.push(f);
    }
    let app = if reacquire_is_safe { Applicability::Safe } else { Applicability::Unsafe };
    if let Some(f) = scope::reacquire(cx, inner, app) {
        out.push(f);
    }
    out
}

fn for_output(cx: &mut Fixer, ty: &Ty) -> Vec<Fix> {
    let mut dyns = vec![];
    collect_dyns(ty, &mut dyns, 0);
    dyns.into_iter().flat_map(|d| dyn_send(cx, &d)).take(1).collect()
}

fn collect_dyns(t: &Ty, out: &mut Vec<Ty>, depth: usize) {
    if depth > 16 {
        return;
    }
    match t {
        Ty::Dyn(_) => out.push(t.clone()),
        Ty::Adt { args, .. } => args.iter().for_each(|a| collect_dyns(a, out, depth + 1)),
        Ty::Ref { inner, .. } => collect_dyns(inner, out, depth + 1),
        Ty::Tuple(items) => items.iter().for_each(|a| collect_dyns(a, out, depth + 1)),
        _ => {}
    }
}

/// `dyn Error` → `dyn Error + Send + Sync`, everywhere the file writes that trait object.
fn dyn_send(cx: &Fixer, dyn_ty: &Ty) -> Vec<Fix> {
    cached(cx, format!("dyn-send:{dyn_ty}"), || dyn_send_uncached(cx, dyn_ty).into_iter().next()).into_iter().collect()
}

fn dyn_send_uncached(cx: &Fixer, dyn_ty: &Ty) -> Vec<Fix> {
    let Ty::Dyn(traits) = dyn_ty else { return vec![] };
    let names: Vec<String> =
        traits.iter().filter(|t| *t != "Send" && *t != "Sync").map(|t| Ty::short_name(t).to_string()).collect();
    let mut edits = vec![];
    for m in &cx.mentions.dyns {
        let own: Vec<&String> = m.traits.iter().filter(|t| *t != "Send" && *t != "Sync").collect();
        if own.len() != names.len() || !own.iter().all(|t| names.contains(t)) {
            continue;
        }
        let mut add = String::new();
        if !m.traits.iter().any(|t| t == "Send") {
            add.push_str(" + Send");
        }
        // A future need not be `Sync` to be spawned (and an async block often is not).
        let is_future = names.iter().any(|n| n == "Future");
        if !m.traits.iter().any(|t| t == "Sync") && !is_future {
            add.push_str(" + Sync");
        }
        if !add.is_empty() {
            edits.push(edit(cx, Range::empty(m.insert_at), add));
        }
    }
    if edits.is_empty() {
        return vec![];
    }
    let shown = names.join(" + ");
    vec![fix(format!("make every `dyn {shown}` in this file `dyn {shown} + Send + Sync`"), Applicability::Safe, edits)]
}

/// The std types a thread-safe rewrite replaces, found in a type (and in the file's structs).
fn thread_unsafe_parts(cx: &Fixer, ty: &Ty, out: &mut Vec<String>, depth: usize) {
    if depth > 12 {
        return;
    }
    match ty {
        Ty::Adt { path, args } => {
            if rewrites::thread_safe(path).is_some() && !out.iter().any(|o| path == o.as_str()) {
                out.push(path.to_string());
            }
            for a in args {
                thread_unsafe_parts(cx, a, out, depth + 1);
            }
            if let Some(adt) = cx.index.adt(path) {
                for f in &adt.fields {
                    thread_unsafe_parts(cx, &f.ty, out, depth + 1);
                }
            }
        }
        Ty::Ref { inner, .. } => thread_unsafe_parts(cx, inner, out, depth + 1),
        Ty::Tuple(items) => items.iter().for_each(|i| thread_unsafe_parts(cx, i, out, depth + 1)),
        _ => {}
    }
}

/// The atomic type for a `Cell<T>`, from the file's `Cell<…>` mentions and constructors.
fn atomic_for_cells(cx: &Fixer, cell: &str) -> Option<&'static str> {
    let mut found: Option<&'static str> = None;
    let mut set = |a: &'static str| -> bool {
        match found {
            Some(f) if f != a => false,
            _ => {
                found = Some(a);
                true
            }
        }
    };
    for g in cx.mentions.generics.iter().filter(|g| g.canonical == cell) {
        if let Some(arg) = &g.arg {
            match rewrites::atomic_for(arg.trim()) {
                Some(a) => {
                    if !set(a) {
                        return None;
                    }
                }
                None => return None,
            }
        }
    }
    fn cell_args<'t>(t: &'t Ty, cell: &str, out: &mut Vec<&'t Ty>, depth: usize) {
        if depth > 12 {
            return;
        }
        match t {
            Ty::Adt { path, args } => {
                if path == cell {
                    if let Some(a) = args.first() {
                        out.push(a);
                    }
                }
                args.iter().for_each(|a| cell_args(a, cell, out, depth + 1));
            }
            Ty::Ref { inner, .. } => cell_args(inner, cell, out, depth + 1),
            Ty::Tuple(items) => items.iter().for_each(|a| cell_args(a, cell, out, depth + 1)),
            _ => {}
        }
    }
    for b in &cx.facts.bindings {
        let mut found_args = vec![];
        cell_args(&b.ty, cell, &mut found_args, 0);
        for a in found_args {
            let name = match a {
                Ty::Number => None,
                Ty::Adt { path, .. } => rewrites::atomic_for(path),
                _ => return None,
            };
            if let Some(n) = name {
                if !set(n) {
                    return None;
                }
            }
        }
    }
    Some(found.unwrap_or(rewrites::DEFAULT_ATOMIC))
}

/// `Rc` → `Arc`, `rc::Weak` → `sync::Weak`, `RefCell` → `Mutex` (its `borrow`/`borrow_mut` →
/// `lock().unwrap()`), `Cell<int>` → an atomic (`get`/`set` → `load`/`store`), with imports.
fn thread_safe_types(cx: &Fixer, culprit_ty: &Ty) -> Option<Fix> {
    let mut parts = vec![];
    thread_unsafe_parts(cx, culprit_ty, &mut parts, 0);
    let key = format!("thread-safe:{}", parts.join(","));
    cached(cx, key, || thread_safe_types_uncached(cx, parts))
}

fn cached(cx: &Fixer, key: String, make: impl FnOnce() -> Option<Fix>) -> Option<Fix> {
    if let Some(f) = cx.caches.file_wide.borrow().get(&key) {
        return f.clone();
    }
    let f = make();
    cx.caches.file_wide.borrow_mut().insert(key, f.clone());
    f
}

fn thread_safe_types_uncached(cx: &Fixer, mut parts: Vec<String>) -> Option<Fix> {
    // Types rewritten together (`Rc::downgrade` makes an `rc::Weak` from an `Rc`).
    let with: Vec<&str> =
        parts.iter().filter_map(|p| rewrites::thread_safe(p)).flat_map(|r| r.with.iter().copied()).collect();
    for linked in rewrites::THREAD_SAFE.iter().map(|r| r.from).filter(|f| with.contains(f)) {
        if !parts.iter().any(|p| p == linked) && cx.mentions.types.iter().any(|m| m.canonical == linked) {
            parts.push(linked.to_string());
        }
    }
    if parts.is_empty() {
        return None;
    }
    // `Cell<T>` becomes the atomic of `T`, the same for every `Cell` of the file.
    let atomic = match parts.iter().find(|p| rewrites::thread_safe(p).is_some_and(|r| r.to.is_none())) {
        Some(cell) => Some(atomic_for_cells(cx, cell)?),
        None => None,
    };
    let removed: Vec<&str> = parts.iter().map(String::as_str).collect();
    let mut edits = vec![];
    let mut added = vec![];
    let mut swapped_names = vec![];
    for part in &parts {
        let Some(rewrite) = rewrites::thread_safe(part) else { continue };
        let full = match rewrite.to {
            Some(to) => to.to_string(),
            None => format!("{}::{}", rewrites::ATOMIC_MODULE, atomic.expect("checked")),
        };
        swapped_names.push(rewrite.words);
        let (spelling, import) = imports::spelling(cx, &full, &removed);
        if import {
            added.push(full.clone());
        }
        if rewrite.to.is_none() {
            // `Cell<i32>` as a whole becomes `AtomicI32`.
            for g in cx.mentions.generics.iter().filter(|g| &g.canonical == part) {
                edits.push(edit(cx, g.range, spelling.clone()));
            }
        } else {
            for m in cx.mentions.types.iter().filter(|m| &m.canonical == part && !m.in_use) {
                let written = cx.slice(m.range);
                let rep =
                    if written.contains("::") && !spelling.contains("::") { full.clone() } else { spelling.clone() };
                edits.push(edit(cx, m.range, rep));
            }
        }
    }
    let mut ordering_needed = false;
    for call in &cx.facts.method_calls {
        let Some(rewrite) = rewrites::thread_safe(&call.recv_ty) else { continue };
        if !parts.iter().any(|p| p == rewrite.from) {
            continue;
        }
        let Some(methods) = rewrite.methods else { continue };
        let atomic_calls = rewrite.to.is_none();
        match methods.iter().find(|(m, _)| *m == call.method).map(|(_, e)| *e) {
            Some(MethodEdit::Replace(text)) => {
                ordering_needed |= atomic_calls;
                edits.push(edit(cx, call.range, text));
            }
            Some(MethodEdit::Append(text)) => edits.push(edit(cx, Range::empty(call.range.end), text)),
            Some(MethodEdit::Store) => {
                ordering_needed = true;
                let first = call.args.first()?;
                edits.push(edit(cx, Range::new(call.range.start, first.start), ".store("));
                edits.push(edit(cx, Range::empty(call.range.end - 1), ", Ordering::SeqCst"));
            }
            // A method the rewrite does not know how to translate.
            None => return None,
        }
    }
    if ordering_needed {
        match cx.index.uses.get("Ordering") {
            Some(p) if p == rewrites::ORDERING => {}
            Some(_) => return None,
            None => added.push(rewrites::ORDERING.into()),
        }
    }
    edits.extend(imports::edits(cx, &removed, &added));
    let keeps_meaning = parts.iter().all(|p| rewrites::thread_safe(p).is_some_and(|r| r.keeps_meaning));
    let app = if keeps_meaning { Applicability::Safe } else { Applicability::Unsafe };
    Some(fix(format!("use {}", swapped_names.join(" and ")), app, edits))
}

/// Switch `std::sync::Mutex` (or `RwLock`) to tokio's, whose guard may be held across `.await`:
/// every `.lock().unwrap()` becomes `.lock().await`. Offered only when every lock is taken in
/// async code.
fn tokio_lock(cx: &Fixer, lock: &str) -> Option<Fix> {
    cached(cx, format!("tokio-lock:{lock}"), || tokio_lock_uncached(cx, lock))
}

fn tokio_lock_uncached(cx: &Fixer, lock: &str) -> Option<Fix> {
    let rewrite = rewrites::async_lock(lock)?;
    let tokio_path = rewrite.to;
    // tokio's locks cannot be built in a `static` with `new` (it is not `const`).
    if cx.index.consts.values().any(|t| cx.index.ty_of(t, &[]).is(lock)) {
        return None;
    }
    let removed = [lock];
    let (spelling, import) = imports::spelling(cx, tokio_path, &removed);
    let mut edits = vec![];
    for m in cx.mentions.types.iter().filter(|m| m.canonical == lock && !m.in_use) {
        let written = cx.slice(m.range);
        let rep = if written.contains("::") { tokio_path.to_string() } else { spelling.clone() };
        edits.push(edit(cx, m.range, rep));
    }
    for call in cx.facts.method_calls.iter().filter(|c| c.recv_ty == lock) {
        if !rewrite.methods.contains(&call.method.as_str()) {
            return None;
        }
        if !cx.facts.coroutines[call.owner].is_async() {
            return None;
        }
        let unwrap = cx
            .facts
            .method_calls
            .iter()
            .find(|u| u.receiver.end == call.range.end && matches!(u.method.as_str(), "unwrap" | "expect"))?;
        edits.push(edit(cx, Range::new(call.range.start, unwrap.range.end), format!(".{}().await", call.method)));
    }
    if cx.mentions.types.iter().any(|m| rewrite.blocked_by.contains(&m.canonical.as_str()) && !m.in_use) {
        return None;
    }
    let added = if import { vec![tokio_path.to_string()] } else { vec![] };
    edits.extend(imports::edits(cx, &removed, &added));
    Some(fix(format!("use `{tokio_path}`, whose guard may be held across `.await`"), Applicability::Safe, edits))
}

/// `let buf = buf;` at the start of the closure: capture the whole struct, with its `unsafe impl Send`.
fn capture_whole(cx: &Fixer, co: CoroutineId, binding: usize) -> Option<Fix> {
    let body = cx.facts.coroutines[co].body;
    let name = &cx.facts.bindings[binding].name;
    let src = cx.slice(body);
    let e = if src.starts_with('{') {
        edit(cx, Range::empty(body.start + 1), format!(" let {name} = {name};"))
    } else {
        return Some(fix(
            format!("capture the whole `{name}` (with its `Send` impl), not just the field"),
            Applicability::Safe,
            vec![edit(cx, body, format!("{{ let {name} = {name}; {src} }}"))],
        ));
    };
    Some(fix(
        format!("capture the whole `{name}` (with its `Send` impl), not just the field"),
        Applicability::Safe,
        vec![e],
    ))
}

/// A scoped thread's closure that borrows locals of the scope closure (a loop variable, say)
/// must take them by value: `move`, with `let x = &x;` for what it should keep borrowing.
fn scoped_move(cx: &Fixer, spawn: &SpawnSite) -> Option<Vec<Edit>> {
    let TaskArg::Coroutine(id) = spawn.task else { return None };
    let co = &cx.facts.coroutines[id];
    if !spawn.req.scoped || co.is_move {
        return None;
    }
    let caps = cx.captures(id);
    let inner_local = |b: usize| cx.facts.within(cx.facts.bindings[b].owner, spawn.owner);
    if !caps.iter().any(|c| c.by_ref && inner_local(c.binding)) {
        return None;
    }
    let head = cx.slice(co.head);
    let at = if head.starts_with("async") { co.head.start + 5 } else { co.head.start };
    let mut edits = vec![edit(cx, Range::empty(at), if head.starts_with("async") { " move" } else { "move " })];
    let indent = cx.text.indent_at(spawn.stmt.start).to_string();
    for c in caps.iter() {
        let b = &cx.facts.bindings[c.binding];
        if c.by_ref && !inner_local(c.binding) && c.fields.is_empty() && infer::is_copy(cx.index, &b.ty) != Some(true) {
            let amp = if c.mutable { "&mut " } else { "&" };
            edits.push(edit(
                cx,
                Range::empty(spawn.stmt.start),
                format!("let {} = {amp}{};\n{indent}", b.name, b.name),
            ));
        }
    }
    Some(edits)
}

/// `async { .. }` → `async move { .. }`, `|| ..` → `move || ..`; variables still used after
/// the spawn are cloned for the task instead of moved.
fn add_move(cx: &mut Fixer, spawn: &SpawnSite, id: CoroutineId) -> Vec<Fix> {
    if let Some(edits) = scoped_move(cx, spawn) {
        return vec![fix("add `move`, so the thread owns the scope's locals it uses", Applicability::Safe, edits)];
    }
    let co = &cx.facts.coroutines[id];
    let head = cx.slice(co.head);
    let (at, text) =
        if head.starts_with("async") { (co.head.start + "async".len(), " move") } else { (co.head.start, "move ") };
    let mut edits = vec![edit(cx, Range::empty(at), text)];
    // Non-`Copy` captures that the spawning code uses later: give the task a clone.
    for cap in cx.captures(id).iter() {
        if !cap.fields.is_empty() {
            continue;
        }
        let b = &cx.facts.bindings[cap.binding];
        let ty = b.ty.clone();
        if infer::is_copy(cx.index, &ty) == Some(true) {
            continue;
        }
        let used_after = cx.facts.uses_of(cap.binding).any(|u| u.range.start >= co.range.end);
        let in_loop = cx
            .facts
            .loops_around(spawn.owner)
            .any(|l| l.range.contains(spawn.call) && !l.range.contains_offset(b.range.start));
        if used_after || in_loop {
            if !clonable(cx, &ty) {
                return vec![];
            }
            edits.extend(clone_edits(cx, spawn, id, cap.binding));
        }
    }
    vec![fix("add `move`, so the task owns what it uses", Applicability::Safe, edits)]
}

fn clonable(cx: &Fixer, ty: &Ty) -> bool {
    match ty {
        Ty::Adt { path, .. } => match knowledge::known_type(path) {
            Some(k) => k.clone,
            None => {
                cx.index.adt(path).is_some_and(|a| a.derives.iter().any(|d| d == "Clone")) || lang::is_primitive(path)
            }
        },
        Ty::Ref { .. } | Ty::Number => true,
        _ => false,
    }
}

/// Insert `let x_task = x.clone();` before the spawn's statement and use `x_task` in the task.
fn clone_edits(cx: &Fixer, spawn: &SpawnSite, task: CoroutineId, b: usize) -> Vec<Edit> {
    let name = &cx.facts.bindings[b].name;
    let new = format!("{name}_task");
    let indent = cx.text.indent_at(spawn.stmt.start).to_string();
    let mut edits = vec![edit(cx, Range::empty(spawn.stmt.start), format!("let {new} = {name}.clone();\n{indent}"))];
    let range = cx.facts.coroutines[task].range;
    for u in cx.facts.uses_of(b) {
        if range.contains(u.range) {
            let ident = Range::new(u.range.start, u.range.start + name.len());
            edits.push(edit(cx, ident, new.clone()));
        }
    }
    edits
}

/// Use after move: clone the value for the task before spawning it.
fn clone_into_task(cx: &mut Fixer, spawn: &SpawnSite, b: usize) -> Vec<Fix> {
    let ty = cx.facts.bindings[b].ty.clone();
    if !clonable(cx, &ty) {
        return vec![];
    }
    let name = cx.facts.bindings[b].name.clone();
    match &spawn.task {
        TaskArg::Coroutine(id) => {
            let edits = clone_edits(cx, spawn, *id, b);
            vec![fix(format!("clone `{name}` for the task before spawning it"), Applicability::Safe, edits)]
        }
        TaskArg::AsyncFn { args, .. } => {
            let Some(a) = args.iter().find(|a| a.binding == Some(b)) else { return vec![] };
            vec![fix(
                format!("pass a clone of `{name}`"),
                Applicability::Safe,
                vec![edit(cx, a.range, format!("{name}.clone()"))],
            )]
        }
        TaskArg::Other => vec![],
    }
}

/// A reference to a local captured by a `move` task: give the task an owned copy.
fn own_captured_ref(cx: &mut Fixer, spawn: &SpawnSite, id: CoroutineId, b: usize) -> Vec<Fix> {
    let name = cx.facts.bindings[b].name.clone();
    // `self` cannot be re-bound; what the task needs from it must be cloned by hand.
    if name == "self" {
        return vec![];
    }
    let new = format!("{name}_owned");
    let indent = cx.text.indent_at(spawn.stmt.start).to_string();
    let mut edits = vec![edit(cx, Range::empty(spawn.stmt.start), format!("let {new} = {name}.to_owned();\n{indent}"))];
    let range = cx.facts.coroutines[id].range;
    for u in cx.facts.uses_of(b) {
        if range.contains(u.range) {
            edits.push(edit(cx, Range::new(u.range.start, u.range.start + name.len()), new.clone()));
        }
    }
    vec![fix(format!("give the task its own copy of `{name}`"), Applicability::Safe, edits)]
}

/// `spawn(f(&x))` → `spawn(async move { f(&x).await })`: the task owns `x` and lends it to `f`.
fn wrap_call_in_async_move(cx: &mut Fixer, spawn: &SpawnSite, call: Range, owner: usize) -> Vec<Fix> {
    let used_after = cx.facts.uses_of(owner).any(|u| u.range.start >= spawn.call.end);
    let name = cx.facts.bindings[owner].name.clone();
    let call_text = cx.slice(call).to_string();
    let mut edits = vec![];
    if used_after {
        let ty = cx.facts.bindings[owner].ty.clone();
        if !clonable(cx, &ty) {
            return vec![];
        }
        let new = format!("{name}_task");
        let indent = cx.text.indent_at(spawn.stmt.start).to_string();
        edits.push(edit(cx, Range::empty(spawn.stmt.start), format!("let {new} = {name}.clone();\n{indent}")));
        let mut body = call_text.clone();
        for u in cx.facts.uses_of(owner) {
            if call.contains(u.range) {
                let rel = u.range.start - call.start;
                body.replace_range(rel..rel + name.len(), &new);
                break;
            }
        }
        edits.push(edit(cx, call, format!("async move {{ {body}.await }}")));
    } else {
        edits.push(edit(cx, call, format!("async move {{ {call_text}.await }}")));
    }
    vec![fix(format!("move `{name}` into an async block that awaits the call"), Applicability::Safe, edits)]
}

/// `async fn m(..) -> R;` in a trait → `fn m(..) -> impl Future<Output = R> + Send;`: callers
/// generic over the trait may then rely on `Send`, and every impl must provide it.
fn trait_method_send(cx: &Fixer, key: &str) -> Option<Fix> {
    let def = cx.index.methods.get(key)?;
    let sig = cx.slice(def.sig_range);
    let async_at = sig.find("async")?;
    if !sig[..async_at].trim().is_empty() && !sig[..async_at].trim().ends_with("pub") {
        return None;
    }
    let mut edits =
        vec![edit(cx, Range::new(def.sig_range.start + async_at, def.sig_range.start + async_at + "async ".len()), "")];
    match def.ret_range {
        Some(r) => {
            let ret = cx.slice(r).to_string();
            edits.push(edit(cx, r, format!("impl std::future::Future<Output = {ret}> + Send")));
        }
        None => {
            edits.push(edit(cx, Range::empty(def.sig_range.end), " -> impl std::future::Future<Output = ()> + Send"))
        }
    }
    Some(fix(format!("declare `{key}` to return a `Send` future"), Applicability::Safe, edits))
}

/// `fn f<T: Debug>` → `fn f<T: Debug + Send>`: a generic task's captures need the bound.
fn bound_send(cx: &Fixer, spawn: &SpawnSite, ty: &Ty) -> Option<Fix> {
    let Ty::Param { name, .. } = ty else { return None };
    let mut root = spawn.owner;
    while let Some(p) = cx.facts.coroutines[root].parent {
        root = p;
    }
    let crate::facts::CoroutineKind::FnBody { name: fn_name, .. } = &cx.facts.coroutines[root].kind else {
        return None;
    };
    let def = cx.index.fns.get(fn_name).or_else(|| cx.index.methods.get(fn_name))?;
    let g = def.generics.iter().find(|g| &g.name == name)?;
    let at = g.bound_insert?;
    let text = if g.has_bounds { " + Send" } else { ": Send" };
    Some(fix(format!("require `{name}: Send`"), Applicability::Safe, vec![edit(cx, Range::empty(at), text)]))
}
