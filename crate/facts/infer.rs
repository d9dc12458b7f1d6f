//! Type inference, as far as the file tells: constructors (`Rc::new`), known methods
//! (`lock`, `borrow_mut`, `iter`...), the file's own signatures, structs and literals. Where the
//! file does not tell, the answer is `Ty::Unknown`, and unknown types are never judged.

use crate::facts::Facts;
use crate::fast::punctuated::Elements;
use crate::items::ty::{Ty, TyPath};
use crate::items::{substitute, ItemIndex};
use crate::knowledge;

/// A synthetic type: a future that resolves to its argument (`tokio::sync::Mutex::lock`).
pub const AWAITS_TO: &str = "sendlens::AwaitsTo";

fn t(path: impl Into<TyPath>, args: Vec<Ty>) -> Ty {
    Ty::adt(path, args)
}

fn string() -> Ty {
    t("std::string::String", vec![])
}

fn prim(name: &'static str) -> Ty {
    t(name, vec![])
}

pub fn lit_ty(lit: &syn::Lit) -> Ty {
    match lit {
        syn::Lit::Str(_) => Ty::reference(prim("str"), false),
        syn::Lit::ByteStr(_) => Ty::reference(Ty::Slice(Box::new(prim("u8"))), false),
        syn::Lit::CStr(_) => Ty::reference(t("std::ffi::CStr", vec![]), false),
        syn::Lit::Byte(_) => prim("u8"),
        syn::Lit::Char(_) => prim("char"),
        syn::Lit::Bool(_) => prim("bool"),
        syn::Lit::Int(i) => match i.suffix() {
            "" => Ty::Number,
            s => Ty::adt(s.to_string(), vec![]),
        },
        syn::Lit::Float(f) => match f.suffix() {
            "" => Ty::Number,
            s => Ty::adt(s.to_string(), vec![]),
        },
        _ => Ty::Unknown,
    }
}

/// `Some(true)` for `Copy` types, `Some(false)` for types known not to be, `None` when unknown.
pub fn is_copy(index: &ItemIndex, ty: &Ty) -> Option<bool> {
    match ty {
        Ty::Number | Ty::Ptr { .. } => Some(true),
        Ty::Ref { mutable, .. } => Some(!mutable),
        Ty::Adt { path, args } => {
            if knowledge::is_primitive(path) {
                return Some(path != "str");
            }
            if let Some(k) = knowledge::known_type(path) {
                if k.copy && path == "std::marker::PhantomData" {
                    return Some(true);
                }
                return Some(k.copy && args.iter().all(|a| is_copy(index, a) == Some(true)));
            }
            if let Some(adt) = index.adt(path) {
                return Some(adt.derives.iter().any(|d| d == "Copy"));
            }
            None
        }
        Ty::Tuple(items) => {
            let mut all = Some(true);
            for i in items {
                match is_copy(index, i) {
                    Some(false) => return Some(false),
                    None => all = None,
                    _ => {}
                }
            }
            all
        }
        Ty::Array(e) => is_copy(index, e),
        Ty::Dyn(_) | Ty::Slice(_) => Some(false),
        Ty::Future(_) | Ty::AsyncFnFuture { .. } => Some(false),
        _ => None,
    }
}

/// Whether dropping a value of this type runs code (and so keeps it alive to its scope's end).
pub fn needs_drop(index: &ItemIndex, ty: &Ty) -> bool {
    match ty {
        Ty::Number | Ty::Ptr { .. } | Ty::Ref { .. } => false,
        Ty::Adt { path, args } => {
            if knowledge::is_primitive(path) {
                return false;
            }
            if let Some(k) = knowledge::known_type(path) {
                return k.drop_glue || args.iter().any(|a| needs_drop(index, a));
            }
            if let Some(adt) = index.adt(path) {
                if adt.has_drop {
                    return true;
                }
                let subst: Vec<Ty> =
                    adt.generics.iter().enumerate().map(|(i, _)| args.get(i).cloned().unwrap_or(Ty::Unknown)).collect();
                return adt.fields.iter().any(|f| needs_drop(index, &substitute(&f.ty, &adt.generics, &subst)));
            }
            true
        }
        Ty::Tuple(items) => items.iter().any(|i| needs_drop(index, i)),
        Ty::Array(e) => needs_drop(index, e),
        _ => true,
    }
}

/// When an annotation leaves parts to inference (`Vec<_>`), keep what the initializer says.
pub fn merge_annotation(annotated: Ty, init: Ty) -> Ty {
    match (&annotated, &init) {
        (Ty::Adt { path: p1, args: a1 }, Ty::Adt { path: p2, args: a2 }) if p1 == p2 && a1.len() == a2.len() => {
            Ty::Adt {
                path: p1.clone(),
                args: a1.iter().cloned().zip(a2.iter().cloned()).map(|(a, b)| merge_annotation(a, b)).collect(),
            }
        }
        (Ty::Unknown, _) => init,
        _ => annotated,
    }
}

/// The value of a path expression that is not a local: a constant, a unit struct or variant.
pub fn path_value_ty(index: &ItemIndex, path: &syn::Path) -> Ty {
    if path.segments.len() == 1 {
        if let Some(ty) = index.consts.get(&path.segments[0].ident.to_string()) {
            return index.ty_of(ty, &[]);
        }
    }
    let Some(resolved) = index.resolve_path(path) else { return Ty::Unknown };
    if let Some(name) = resolved.strip_prefix("crate::") {
        if let Some(ty) = index.consts.get(name) {
            return index.ty_of(ty, &[]);
        }
        if index.adts.contains_key(name) {
            return Ty::adt(resolved, vec![]);
        }
        // An enum variant `Enum::Variant`.
        if let Some((e, _)) = name.split_once("::") {
            if index.adts.contains_key(e) {
                return Ty::adt(format!("crate::{e}"), vec![]);
            }
        }
    }
    match resolved.as_str() {
        "std::option::Option::None" => t("std::option::Option", vec![Ty::Unknown]),
        "std::marker::PhantomData" => t("std::marker::PhantomData", vec![Ty::Unknown]),
        _ => Ty::Unknown,
    }
}

/// The type of field `name` of a value of type `ty` (through references).
pub fn field_ty(index: &ItemIndex, ty: &Ty, name: &str) -> Ty {
    match ty {
        Ty::Ref { inner, .. } => field_ty(index, inner, name),
        Ty::Tuple(items) => name.parse::<usize>().ok().and_then(|i| items.get(i).cloned()).unwrap_or(Ty::Unknown),
        Ty::Adt { path, args } => {
            let Some(adt) = index.adt(path) else {
                // Auto-deref through smart pointers and guards: `arc.field`.
                let inner = deref(ty);
                if inner.is_unknown() || matches!(inner, Ty::Slice(_)) || inner.is("str") {
                    return Ty::Unknown;
                }
                return field_ty(index, &inner, name);
            };
            if adt.is_enum {
                return Ty::Unknown;
            }
            let Some(f) = adt.fields.iter().find(|f| f.name == name) else { return Ty::Unknown };
            let subst: Vec<Ty> =
                adt.generics.iter().enumerate().map(|(i, _)| args.get(i).cloned().unwrap_or(Ty::Unknown)).collect();
            substitute(&f.ty, &adt.generics, &subst)
        }
        _ => Ty::Unknown,
    }
}

/// The type of the `i`-th field of a tuple-struct pattern (`State(s)`, `Some(x)`, `Slot::A(c)`).
pub fn tuple_struct_field(index: &ItemIndex, resolved: Option<&str>, path: &syn::Path, scrutinee: &Ty, i: usize) -> Ty {
    let Some(r) = resolved else { return Ty::Unknown };
    match r {
        "std::option::Option::Some" | "std::result::Result::Ok" => return scrutinee.arg(0),
        "std::result::Result::Err" => return scrutinee.arg(1),
        "axum::extract::State"
        | "axum::extract::Path"
        | "axum::extract::Query"
        | "axum::extract::Json"
        | "axum::Extension" => return scrutinee.arg(0),
        _ => {}
    }
    let Some(name) = r.strip_prefix("crate::") else { return Ty::Unknown };
    if let Some(adt) = index.adts.get(name) {
        if !adt.is_enum {
            return field_ty(index, scrutinee, &i.to_string());
        }
    }
    // An enum variant: its field types from the enum definition.
    if let Some((e, variant)) = name.split_once("::") {
        if let Some(adt) = index.adts.get(e) {
            let key = format!("{variant}::{i}");
            if let Some(f) = adt.fields.iter().find(|f| f.name == key) {
                let subst: Vec<Ty> = adt.generics.iter().enumerate().map(|(k, _)| scrutinee.arg(k)).collect();
                return substitute(&f.ty, &adt.generics, &subst);
            }
        }
    }
    let _ = path;
    Ty::Unknown
}

/// The type of a struct literal, inferring generic arguments from the field values.
pub fn struct_lit(index: &ItemIndex, path: &syn::Path, fields: &[(String, Ty)], self_ty: Option<&str>) -> Ty {
    let resolved =
        if path.is_ident("Self") { self_ty.map(|s| format!("crate::{s}")) } else { index.resolve_path(path) };
    let Some(resolved) = resolved else { return Ty::Unknown };
    let Some(adt) = index.adt(&resolved) else {
        // An enum's struct variant.
        if let Some((e, _)) = resolved.strip_prefix("crate::").and_then(|n| n.split_once("::")) {
            if index.adts.contains_key(e) {
                return Ty::adt(format!("crate::{e}"), vec![]);
            }
        }
        return Ty::Unknown;
    };
    let mut args = vec![Ty::Unknown; adt.generics.len()];
    for (name, value) in fields {
        if let Some(f) = adt.fields.iter().find(|f| &f.name == name) {
            if let Ty::Param { name: p, .. } = &f.ty {
                if let Some(i) = adt.generics.iter().position(|g| g == p) {
                    args[i] = value.clone();
                }
            }
        }
    }
    Ty::Adt { path: resolved.into(), args: args.into() }
}

pub fn deref(ty: &Ty) -> Ty {
    match ty {
        Ty::Ref { inner, .. } | Ty::Ptr { inner, .. } => (**inner).clone(),
        Ty::Adt { path, args } => match path.as_str() {
            "std::rc::Rc"
            | "std::sync::Arc"
            | "std::boxed::Box"
            | "std::sync::MutexGuard"
            | "std::sync::RwLockReadGuard"
            | "std::sync::RwLockWriteGuard"
            | "std::cell::Ref"
            | "std::cell::RefMut"
            | "tokio::sync::MutexGuard"
            | "tokio::sync::OwnedMutexGuard"
            | "tokio::sync::RwLockReadGuard"
            | "tokio::sync::RwLockWriteGuard"
            | "tokio::sync::watch::Ref"
            | "std::pin::Pin"
            | "futures::lock::MutexGuard"
            | "actix_web::web::Data" => args.first().cloned().unwrap_or(Ty::Unknown),
            "std::string::String" => prim("str"),
            "std::vec::Vec" => Ty::Slice(Box::new(args.first().cloned().unwrap_or(Ty::Unknown))),
            _ => Ty::Unknown,
        },
        _ => Ty::Unknown,
    }
}

pub fn unary(ty: &Ty) -> Ty {
    match ty {
        Ty::Number => Ty::Number,
        Ty::Adt { path, .. } if knowledge::is_primitive(path) => ty.clone(),
        _ => Ty::Unknown,
    }
}

pub fn arith(l: &Ty, r: &Ty) -> Ty {
    match (l, r) {
        (Ty::Number, Ty::Number) => Ty::Number,
        (Ty::Adt { path, .. }, _) if knowledge::is_primitive(path) => l.clone(),
        (_, Ty::Adt { path, .. }) if knowledge::is_primitive(path) => r.clone(),
        (Ty::Adt { path, .. }, _) if path == "std::string::String" => string(),
        _ => Ty::Unknown,
    }
}

pub fn index(base: &Ty) -> Ty {
    match base.peel_refs() {
        Ty::Array(e) | Ty::Slice(e) => (**e).clone(),
        Ty::Adt { path, args } if path == "std::vec::Vec" || path == "std::collections::VecDeque" => {
            args.first().cloned().unwrap_or(Ty::Unknown)
        }
        Ty::Adt { path, args } if path == "std::collections::HashMap" || path == "std::collections::BTreeMap" => {
            args.get(1).cloned().unwrap_or(Ty::Unknown)
        }
        other => {
            let d = deref(other);
            if d.is_unknown() {
                Ty::Unknown
            } else {
                index(&d)
            }
        }
    }
}

pub fn try_output(ty: &Ty) -> Ty {
    match ty {
        Ty::Adt { path, args }
            if path == "std::result::Result" || path == "std::option::Option" || path == "std::sync::LockResult" =>
        {
            args.first().cloned().unwrap_or(Ty::Unknown)
        }
        _ => Ty::Unknown,
    }
}

/// The item type of `for x in <ty>`.
pub fn iter_item(ty: &Ty) -> Ty {
    match ty {
        Ty::Ref { mutable, inner } => match &**inner {
            Ty::Adt { path, args }
                if path == "std::vec::Vec"
                    || path == "std::collections::VecDeque"
                    || path == "std::collections::HashSet" =>
            {
                Ty::reference(args.first().cloned().unwrap_or(Ty::Unknown), *mutable)
            }
            Ty::Array(e) | Ty::Slice(e) => Ty::reference((**e).clone(), *mutable),
            _ => Ty::Unknown,
        },
        Ty::Adt { path, args } => match path.as_str() {
            "std::vec::Vec"
            | "std::vec::IntoIter"
            | "std::vec::Drain"
            | "std::collections::VecDeque"
            | "std::collections::HashSet" => args.first().cloned().unwrap_or(Ty::Unknown),
            "std::slice::Iter" => Ty::reference(args.first().cloned().unwrap_or(Ty::Unknown), false),
            "std::slice::IterMut" => Ty::reference(args.first().cloned().unwrap_or(Ty::Unknown), true),
            "std::sync::mpsc::Receiver" | "std::sync::mpsc::Iter" | "std::ops::Range" => {
                args.first().cloned().unwrap_or(Ty::Unknown)
            }
            _ => Ty::Unknown,
        },
        Ty::Array(e) => (**e).clone(),
        _ => Ty::Unknown,
    }
}

/// The output of `<ty>.await`.
pub fn await_output(index: &ItemIndex, facts: &Facts, ty: &Ty) -> Ty {
    match ty {
        Ty::Future(id) => facts.coroutines.get(*id).map(|c| c.output.clone()).unwrap_or(Ty::Unknown),
        Ty::AsyncFnFuture { func, args } => index
            .fns
            .get(func)
            .or_else(|| index.methods.get(func))
            .map(|def| {
                let args =
                    if def.self_kind != crate::items::SelfKind::None { args.get(1..).unwrap_or(&[]) } else { args };
                def.subst_ret(args)
            })
            .unwrap_or(Ty::Unknown),
        Ty::Adt { path, args } if path == AWAITS_TO => args.first().cloned().unwrap_or(Ty::Unknown),
        Ty::Adt { path, args }
            if path == "tokio::task::JoinHandle" || path == "async_std::task::JoinHandle" || path == "smol::Task" =>
        {
            let out = args.first().cloned().unwrap_or(Ty::Unknown);
            if path == "tokio::task::JoinHandle" {
                t("std::result::Result", vec![out, t("tokio::task::JoinError", vec![])])
            } else {
                out
            }
        }
        _ => Ty::Unknown,
    }
}

/// The return type of a call of a resolved function path.
pub fn call_ret(
    index: &ItemIndex,
    resolved: &str,
    path: &syn::Path,
    args: &[Ty],
    self_ty: Option<&str>,
    _generics: &[String],
) -> Ty {
    let a0 = || args.first().cloned().unwrap_or(Ty::Unknown);
    let turbofish = |i: usize| -> Ty {
        path.segments
            .elements()
            .rev()
            .find_map(|s| match &s.arguments {
                syn::PathArguments::AngleBracketed(ab) => ab
                    .args
                    .elements()
                    .filter_map(|g| match g {
                        syn::GenericArgument::Type(ty) => Some(index.ty_of(ty, &[])),
                        _ => None,
                    })
                    .nth(i),
                _ => None,
            })
            .unwrap_or(Ty::Unknown)
    };
    let (owner, func) = match resolved.rsplit_once("::") {
        Some((o, f)) => (o, f),
        None => ("", resolved),
    };
    let owner_ty = || {
        let mut args = vec![];
        if let Some(tf) = path.segments.elements().rev().nth(1) {
            if let syn::PathArguments::AngleBracketed(ab) = &tf.arguments {
                for g in ab.args.elements() {
                    if let syn::GenericArgument::Type(ty) = g {
                        args.push(index.ty_of(ty, &[]));
                    }
                }
            }
        }
        args
    };
    match (owner, func) {
        ("std::rc::Rc" | "std::sync::Arc", "new") => return t(owner.to_string(), vec![a0()]),
        ("std::rc::Rc" | "std::sync::Arc", "clone") => return a0().peel_refs().clone(),
        ("std::rc::Rc", "downgrade") => return t("std::rc::Weak", vec![a0().peel_refs().arg(0)]),
        ("std::sync::Arc", "downgrade") => return t("std::sync::Weak", vec![a0().peel_refs().arg(0)]),
        ("std::rc::Rc" | "std::sync::Arc", "from") => {
            let inner = match a0() {
                Ty::Ref { inner, .. } => (*inner).clone(),
                other => other,
            };
            return t(owner.to_string(), vec![inner]);
        }
        ("std::boxed::Box", "new") => return t(owner.to_string(), vec![a0()]),
        ("std::boxed::Box", "pin") => return t("std::pin::Pin", vec![t("std::boxed::Box", vec![a0()])]),
        ("std::boxed::Box", "leak") => return Ty::reference(a0().arg(0), true),
        (
            "std::cell::RefCell"
            | "std::cell::Cell"
            | "std::cell::UnsafeCell"
            | "std::sync::Mutex"
            | "std::sync::RwLock"
            | "tokio::sync::Mutex"
            | "tokio::sync::RwLock"
            | "futures::lock::Mutex"
            | "async_std::sync::Mutex"
            | "async_std::sync::RwLock"
            | "std::cell::OnceCell"
            | "std::sync::OnceLock",
            "new",
        ) => {
            let mut arg = a0();
            if arg.is_unknown() {
                arg = owner_ty().into_iter().next().unwrap_or(Ty::Unknown);
            }
            return t(owner.to_string(), vec![arg]);
        }
        (
            "std::vec::Vec" | "std::collections::VecDeque" | "std::collections::HashSet" | "std::collections::BTreeSet",
            "new" | "with_capacity",
        ) => return t(owner.to_string(), vec![owner_ty().into_iter().next().unwrap_or(Ty::Unknown)]),
        ("std::collections::HashMap" | "std::collections::BTreeMap", "new" | "with_capacity") => {
            let mut a = owner_ty();
            a.resize(2, Ty::Unknown);
            return t(owner.to_string(), a);
        }
        ("std::collections::HashMap" | "std::collections::BTreeMap", "from") => {
            if let Ty::Array(e) = a0() {
                if let Ty::Tuple(kv) = *e {
                    return t(owner.to_string(), kv);
                }
            }
            return t(owner.to_string(), vec![Ty::Unknown, Ty::Unknown]);
        }
        ("std::string::String", "new" | "from" | "with_capacity" | "from_utf8_lossy") => return string(),
        ("std::ptr::NonNull", "from") => {
            return t(
                owner.to_string(),
                vec![match a0() {
                    Ty::Ref { inner, .. } => *inner,
                    _ => Ty::Unknown,
                }],
            )
        }
        ("std::ptr::NonNull", "new") => return t("std::option::Option", vec![t(owner.to_string(), vec![a0().arg(0)])]),
        ("std::ptr::NonNull", "dangling") => return t(owner.to_string(), vec![turbofish(0)]),
        ("std::sync::mpsc", "channel") => {
            let item = turbofish(0);
            return Ty::Tuple(vec![
                t("std::sync::mpsc::Sender", vec![item.clone()]),
                t("std::sync::mpsc::Receiver", vec![item]),
            ]);
        }
        ("std::sync::mpsc", "sync_channel") => {
            let item = turbofish(0);
            return Ty::Tuple(vec![
                t("std::sync::mpsc::SyncSender", vec![item.clone()]),
                t("std::sync::mpsc::Receiver", vec![item]),
            ]);
        }
        ("tokio::sync::mpsc", "channel") => {
            let item = turbofish(0);
            return Ty::Tuple(vec![
                t("tokio::sync::mpsc::Sender", vec![item.clone()]),
                t("tokio::sync::mpsc::Receiver", vec![item]),
            ]);
        }
        ("tokio::sync::mpsc", "unbounded_channel") => {
            let item = turbofish(0);
            return Ty::Tuple(vec![
                t("tokio::sync::mpsc::UnboundedSender", vec![item.clone()]),
                t("tokio::sync::mpsc::UnboundedReceiver", vec![item]),
            ]);
        }
        ("tokio::sync::oneshot" | "tokio::sync::broadcast", "channel") => {
            let item = turbofish(0);
            return Ty::Tuple(vec![
                t(format!("{owner}::Sender"), vec![item.clone()]),
                t(format!("{owner}::Receiver"), vec![item]),
            ]);
        }
        ("tokio::sync::watch", "channel") => {
            return Ty::Tuple(vec![
                t("tokio::sync::watch::Sender", vec![a0()]),
                t("tokio::sync::watch::Receiver", vec![a0()]),
            ]);
        }
        ("tokio::runtime::Handle", "current") => return t(owner.to_string(), vec![]),
        ("tokio::runtime::Runtime", "new") => {
            return t("std::result::Result", vec![t(owner.to_string(), vec![]), t("std::io::Error", vec![])])
        }
        (
            "tokio::task::JoinSet"
            | "tokio::task::LocalSet"
            | "smol::LocalExecutor"
            | "smol::Executor"
            | "std::thread::Builder"
            | "tokio::runtime::Builder",
            "new",
        ) => return t(owner.to_string(), vec![]),
        ("tokio::runtime::Builder", "new_multi_thread" | "new_current_thread") => return t(owner.to_string(), vec![]),
        ("rand", "rng" | "thread_rng") => return t("rand::rngs::ThreadRng", vec![]),
        (
            "axum::routing" | "axum::routing::method_routing",
            "get" | "post" | "put" | "delete" | "patch" | "head" | "options" | "trace" | "any" | "on",
        ) => return t("axum::routing::MethodRouter", vec![]),
        ("axum::Router", "new") => return t("axum::Router", vec![]),
        ("std::time::Duration", _) => return t("std::time::Duration", vec![]),
        ("std::time::Instant", "now") => return t("std::time::Instant", vec![]),
        ("std::env", "args") => return t("std::env::Args", vec![]),
        ("std::env", "args_os") => return t("std::env::ArgsOs", vec![]),
        ("std::io", "stdout") => return t("std::io::Stdout", vec![]),
        ("std::io", "stderr") => return t("std::io::Stderr", vec![]),
        ("std::io", "stdin") => return t("std::io::Stdin", vec![]),
        ("std::mem", "drop") => return Ty::Tuple(vec![]),
        ("std::mem", "take" | "replace") => return a0().peel_refs().clone(),
        ("std::option::Option", "Some") => return t("std::option::Option", vec![a0()]),
        ("std::result::Result", "Ok") => {
            let ok = if a0().is_unknown() { turbofish(0) } else { a0() };
            return t("std::result::Result", vec![ok, turbofish(1)]);
        }
        ("std::result::Result", "Err") => return t("std::result::Result", vec![turbofish(0), a0()]),
        ("tokio::task", "spawn_blocking" | "spawn_local")
        | ("tokio", "spawn")
        | ("async_std::task", "spawn")
        | ("std::thread", "spawn") => {
            let out = match a0() {
                Ty::Future(_) | Ty::AsyncFnFuture { .. } => Ty::Unknown,
                _ => Ty::Unknown,
            };
            let handle = if owner == "std::thread" { "std::thread::JoinHandle" } else { "tokio::task::JoinHandle" };
            return t(handle, vec![out]);
        }
        _ => {}
    }
    // The file's own functions, methods and tuple structs.
    if let Some(name) = resolved.strip_prefix("crate::") {
        if let Some(def) = index.fns.get(name) {
            if !def.is_async {
                return def.subst_ret(args);
            }
            return Ty::Unknown;
        }
        if let Some(def) = index.methods.get(name) {
            let ret = def.subst_ret(args);
            return self_subst(&ret, def.impl_of.as_deref());
        }
        if let Some(adt) = index.adts.get(name) {
            if !adt.is_enum {
                let fields: Vec<(String, Ty)> =
                    args.iter().enumerate().map(|(i, a)| (i.to_string(), a.clone())).collect();
                return struct_lit(index, path, &fields, self_ty);
            }
        }
        if let Some((e, _variant)) = name.split_once("::") {
            if index.adts.contains_key(e) {
                return Ty::adt(format!("crate::{e}"), vec![]);
            }
        }
    }
    Ty::Unknown
}

fn self_subst(ty: &Ty, impl_of: Option<&str>) -> Ty {
    match (ty, impl_of) {
        (Ty::Adt { path, .. }, Some(s)) if path == "Self" => Ty::adt(format!("crate::{s}"), vec![]),
        _ => ty.clone(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recv {
    Value,
    Ref,
    RefMut,
    Unknown,
}

/// How a method call uses its receiver, and the receiver type the method is found on (after
/// auto-deref).
#[derive(Debug, Clone)]
pub struct MethodInfo {
    pub recv: Recv,
    pub self_ty: Ty,
}

/// Methods that take `self` by value whatever the type.
fn by_value_method(m: &str) -> bool {
    matches!(
        m,
        "unwrap"
            | "expect"
            | "unwrap_or"
            | "unwrap_or_else"
            | "unwrap_or_default"
            | "ok"
            | "err"
            | "map"
            | "map_err"
            | "and_then"
            | "into_iter"
            | "into_inner"
            | "into_boxed_slice"
            | "into_bytes"
            | "into"
            | "join"
            | "collect"
            | "sum"
            | "count"
            | "boxed"
            | "is_some_and"
            | "unwrap_err"
            | "ok_or"
            | "ok_or_else"
            | "filter"
            | "enumerate"
            | "zip"
            | "rev"
            | "skip"
            | "take_while"
            | "chain"
            | "fold"
            | "for_each"
            | "then"
            | "copied"
            | "cloned"
            | "flatten"
            | "max"
            | "min"
            | "last"
            | "nth"
            | "any"
            | "all"
            | "find"
            | "position"
            | "name"
            | "stack_size"
            | "spawn"
            | "build"
            | "enable_all"
            | "worker_threads"
            | "into_future"
            | "upgrade_owned"
            | "acquire_owned"
            | "lock_owned"
    )
}

/// Methods of known types and of the file's own impls: how they take their receiver.
pub fn method(index: &ItemIndex, recv: &Ty, m: &str, _turbofish: &[Ty]) -> MethodInfo {
    // The file's own methods first.
    let mut cur = recv.clone();
    for _ in 0..6 {
        if let Ty::Adt { path, .. } = &cur {
            if let Some(name) = path.strip_prefix("crate::") {
                if let Some(def) = index.methods.get(&knowledge::join_path(name, m)) {
                    let recv = match def.self_kind {
                        crate::items::SelfKind::Value => Recv::Value,
                        crate::items::SelfKind::Ref => Recv::Ref,
                        crate::items::SelfKind::RefMut => Recv::RefMut,
                        crate::items::SelfKind::None => Recv::Unknown,
                    };
                    return MethodInfo { recv, self_ty: cur };
                }
            }
        }
        if let Some(info) = known_method(&cur, m) {
            return info;
        }
        let next = match &cur {
            Ty::Ref { inner, .. } => (**inner).clone(),
            other => deref(other),
        };
        if next.is_unknown() {
            break;
        }
        cur = next;
    }
    if by_value_method(m) {
        return MethodInfo { recv: Recv::Value, self_ty: recv.clone() };
    }
    // `Iterator::next` and friends take `&mut self` whatever the iterator.
    if matches!(m, "next" | "next_back" | "peek") {
        return MethodInfo { recv: Recv::RefMut, self_ty: recv.clone() };
    }
    // Universal by-reference methods.
    if matches!(
        m,
        "clone"
            | "to_string"
            | "to_owned"
            | "len"
            | "is_empty"
            | "iter"
            | "as_ref"
            | "fmt"
            | "eq"
            | "cmp"
            | "hash"
            | "get"
            | "contains"
            | "as_str"
    ) {
        return MethodInfo { recv: Recv::Ref, self_ty: recv.clone() };
    }
    MethodInfo { recv: Recv::Unknown, self_ty: recv.clone() }
}

fn known_method(ty: &Ty, m: &str) -> Option<MethodInfo> {
    let path = match ty {
        Ty::Adt { path, .. } => path.as_str(),
        Ty::Ptr { .. } => {
            return Some(MethodInfo { recv: Recv::Value, self_ty: ty.clone() });
        }
        Ty::Slice(_) | Ty::Array(_) => "[]",
        _ => return None,
    };
    let r = |recv: Recv| Some(MethodInfo { recv, self_ty: ty.clone() });
    match (path, m) {
        (
            "std::sync::Mutex" | "tokio::sync::Mutex" | "futures::lock::Mutex" | "async_std::sync::Mutex",
            "lock" | "try_lock" | "blocking_lock" | "get_mut",
        ) => r(Recv::Ref),
        (
            "std::sync::RwLock" | "tokio::sync::RwLock" | "async_std::sync::RwLock",
            "read" | "write" | "try_read" | "try_write",
        ) => r(Recv::Ref),
        ("std::cell::RefCell", "borrow" | "borrow_mut" | "try_borrow" | "try_borrow_mut" | "replace" | "take") => {
            r(Recv::Ref)
        }
        ("std::cell::RefCell" | "std::cell::Cell" | "std::sync::Mutex" | "std::sync::RwLock", "into_inner") => {
            r(Recv::Value)
        }
        ("std::cell::Cell", "get" | "set" | "replace" | "take") => r(Recv::Ref),
        ("std::rc::Rc" | "std::sync::Arc", "clone") => r(Recv::Ref),
        ("std::rc::Weak" | "std::sync::Weak", "upgrade") => r(Recv::Ref),
        ("std::ptr::NonNull", "as_ptr") => r(Recv::Value),
        ("std::ptr::NonNull", "as_ref" | "as_mut") => r(Recv::Ref),
        ("std::sync::mpsc::Receiver", "recv" | "try_recv" | "recv_timeout" | "iter" | "try_iter") => r(Recv::Ref),
        ("std::sync::mpsc::Sender" | "std::sync::mpsc::SyncSender", "send") => r(Recv::Ref),
        (
            "tokio::sync::mpsc::Receiver" | "tokio::sync::mpsc::UnboundedReceiver" | "tokio::sync::broadcast::Receiver",
            "recv",
        ) => r(Recv::RefMut),
        (
            "tokio::sync::mpsc::Sender"
            | "tokio::sync::mpsc::UnboundedSender"
            | "tokio::sync::broadcast::Sender"
            | "tokio::sync::watch::Sender",
            "send",
        ) => r(Recv::Ref),
        ("tokio::sync::oneshot::Sender", "send") => r(Recv::Value),
        ("tokio::sync::watch::Receiver", "borrow" | "borrow_and_update") => r(Recv::Ref),
        ("tokio::sync::watch::Receiver", "changed") => r(Recv::RefMut),
        ("tokio::task::JoinSet", "spawn" | "spawn_local" | "spawn_blocking" | "join_next" | "abort_all") => {
            r(Recv::RefMut)
        }
        ("tokio::task::LocalSet", "spawn_local" | "run_until" | "block_on") => r(Recv::Ref),
        ("tokio::runtime::Handle" | "tokio::runtime::Runtime", "spawn" | "spawn_blocking" | "block_on") => r(Recv::Ref),
        ("std::thread::Scope", "spawn") => r(Recv::Ref),
        ("smol::Executor" | "smol::LocalExecutor", "spawn" | "run") => r(Recv::Ref),
        ("std::thread::Builder", "name" | "stack_size" | "spawn" | "spawn_scoped") => r(Recv::Value),
        ("std::io::Stdout" | "std::io::Stderr" | "std::io::Stdin", "lock") => r(Recv::Ref),
        ("axum::Router" | "axum::routing::MethodRouter", _) => r(Recv::Value),
        ("std::thread::JoinHandle", "join") => r(Recv::Value),
        (
            "std::vec::Vec" | "std::collections::VecDeque",
            "push" | "push_back" | "push_front" | "pop" | "pop_back" | "pop_front" | "insert" | "remove" | "clear"
            | "extend" | "drain" | "sort" | "sort_by" | "sort_unstable" | "truncate" | "retain" | "iter_mut" | "append"
            | "dedup" | "as_mut_ptr" | "get_mut" | "swap_remove" | "resize",
        ) => r(Recv::RefMut),
        (
            "std::vec::Vec" | "std::collections::VecDeque",
            "len" | "is_empty" | "iter" | "get" | "first" | "last" | "contains" | "as_ptr" | "to_vec" | "join"
            | "as_slice" | "capacity" | "clone" | "concat",
        ) => r(Recv::Ref),
        ("std::vec::Vec" | "std::collections::VecDeque", "into_iter" | "into_boxed_slice") => r(Recv::Value),
        (
            "[]",
            "len" | "is_empty" | "iter" | "get" | "first" | "last" | "contains" | "as_ptr" | "to_vec" | "join"
            | "concat",
        ) => r(Recv::Ref),
        ("[]", "as_mut_ptr" | "iter_mut" | "sort" | "get_mut" | "swap" | "fill") => r(Recv::RefMut),
        (
            "std::collections::HashMap" | "std::collections::BTreeMap",
            "get" | "contains_key" | "len" | "is_empty" | "iter" | "keys" | "values",
        ) => r(Recv::Ref),
        (
            "std::collections::HashMap" | "std::collections::BTreeMap",
            "insert" | "remove" | "entry" | "get_mut" | "clear" | "values_mut" | "iter_mut",
        ) => r(Recv::RefMut),
        (
            "std::string::String",
            "push_str" | "push" | "clear" | "truncate" | "insert" | "insert_str" | "as_mut_str",
        ) => r(Recv::RefMut),
        ("std::string::String", "into_bytes" | "into_boxed_str") => r(Recv::Value),
        (
            "std::string::String" | "str",
            "len" | "is_empty" | "as_str" | "trim" | "to_uppercase" | "to_lowercase" | "chars" | "bytes" | "split"
            | "split_whitespace" | "lines" | "starts_with" | "ends_with" | "contains" | "parse" | "as_bytes"
            | "to_string" | "to_owned" | "clone" | "as_ptr" | "replace" | "find",
        ) => r(Recv::Ref),
        ("rand::rngs::ThreadRng", _) => r(Recv::RefMut),
        (
            "std::sync::atomic::AtomicUsize"
            | "std::sync::atomic::AtomicU64"
            | "std::sync::atomic::AtomicU32"
            | "std::sync::atomic::AtomicI32"
            | "std::sync::atomic::AtomicI64"
            | "std::sync::atomic::AtomicBool",
            _,
        ) => r(Recv::Ref),
        _ => None,
    }
}

/// The return type of a method call.
pub fn method_ret(index: &ItemIndex, info: &MethodInfo, recv: &Ty, m: &str, args: &[Ty], turbofish: &[Ty]) -> Ty {
    let st = &info.self_ty;
    let a = |i: usize| st.arg(i);
    let path = match st {
        Ty::Slice(_) | Ty::Array(_) => "[]",
        _ => st.path().unwrap_or(""),
    };
    // The file's own methods.
    if let Some(name) = path.strip_prefix("crate::") {
        if let Some(def) = index.methods.get(&knowledge::join_path(name, m)) {
            if def.is_async {
                let receiver = match def.self_kind {
                    crate::items::SelfKind::Ref => Ty::reference(st.clone(), false),
                    crate::items::SelfKind::RefMut => Ty::reference(st.clone(), true),
                    crate::items::SelfKind::Value => st.clone(),
                    crate::items::SelfKind::None => {
                        return Ty::AsyncFnFuture { func: knowledge::join_path(name, m), args: args.to_vec() }
                    }
                };
                let all = std::iter::once(receiver).chain(args.iter().cloned()).collect();
                return Ty::AsyncFnFuture { func: knowledge::join_path(name, m), args: all };
            }
            let ret = def.subst_ret(args);
            return self_subst(&ret, def.impl_of.as_deref());
        }
    }
    match (path, m) {
        ("std::sync::Mutex", "lock") => {
            return t("std::sync::LockResult", vec![t("std::sync::MutexGuard", vec![a(0)])])
        }
        ("std::sync::Mutex", "into_inner") => return t("std::sync::LockResult", vec![a(0)]),
        ("std::sync::RwLock", "read") => {
            return t("std::sync::LockResult", vec![t("std::sync::RwLockReadGuard", vec![a(0)])])
        }
        ("std::sync::RwLock", "write") => {
            return t("std::sync::LockResult", vec![t("std::sync::RwLockWriteGuard", vec![a(0)])])
        }
        ("tokio::sync::Mutex", "lock") => return t(AWAITS_TO, vec![t("tokio::sync::MutexGuard", vec![a(0)])]),
        ("tokio::sync::Mutex", "blocking_lock") => return t("tokio::sync::MutexGuard", vec![a(0)]),
        ("tokio::sync::RwLock", "read") => return t(AWAITS_TO, vec![t("tokio::sync::RwLockReadGuard", vec![a(0)])]),
        ("tokio::sync::RwLock", "write") => return t(AWAITS_TO, vec![t("tokio::sync::RwLockWriteGuard", vec![a(0)])]),
        ("futures::lock::Mutex", "lock") => return t(AWAITS_TO, vec![t("futures::lock::MutexGuard", vec![a(0)])]),
        ("std::cell::RefCell", "borrow") => return t("std::cell::Ref", vec![a(0)]),
        ("std::cell::RefCell", "borrow_mut") => return t("std::cell::RefMut", vec![a(0)]),
        ("std::cell::RefCell" | "std::cell::Cell", "into_inner" | "get" | "take") => return a(0),
        ("std::rc::Rc" | "std::sync::Arc", "clone") => return st.clone(),
        ("std::rc::Weak", "upgrade") => return t("std::option::Option", vec![t("std::rc::Rc", vec![a(0)])]),
        ("std::sync::Weak", "upgrade") => return t("std::option::Option", vec![t("std::sync::Arc", vec![a(0)])]),
        ("std::ptr::NonNull", "as_ptr") => return Ty::Ptr { mutable: true, inner: Box::new(a(0)) },
        (
            "std::sync::LockResult" | "std::result::Result" | "std::option::Option",
            "unwrap" | "expect" | "unwrap_or" | "unwrap_or_default" | "unwrap_or_else",
        ) => return a(0),
        ("std::result::Result", "ok") => return t("std::option::Option", vec![a(0)]),
        ("std::option::Option", "take") => return st.clone(),
        ("std::option::Option", "cloned" | "copied") => {
            return t("std::option::Option", vec![a(0).peel_refs().clone()])
        }
        ("std::vec::Vec" | "std::collections::VecDeque", "pop" | "pop_back" | "pop_front") => {
            return t("std::option::Option", vec![a(0)])
        }
        ("std::vec::Vec" | "std::collections::VecDeque", "remove" | "swap_remove") => return a(0),
        ("std::vec::Vec", "iter") => return t("std::slice::Iter", vec![a(0)]),
        ("std::vec::Vec", "iter_mut") => return t("std::slice::IterMut", vec![a(0)]),
        ("std::vec::Vec", "drain") => return t("std::vec::Drain", vec![a(0)]),
        ("std::vec::Vec", "into_iter") => return t("std::vec::IntoIter", vec![a(0)]),
        ("std::vec::Vec", "get" | "first" | "last") => {
            return t("std::option::Option", vec![Ty::reference(a(0), false)])
        }
        ("std::vec::Vec", "as_ptr") => return Ty::Ptr { mutable: false, inner: Box::new(a(0)) },
        ("std::vec::Vec", "as_mut_ptr") => return Ty::Ptr { mutable: true, inner: Box::new(a(0)) },
        ("std::vec::Vec", "len" | "capacity") => return prim("usize"),
        ("std::vec::Vec", "clone" | "to_vec") => return t("std::vec::Vec", vec![a(0)]),
        ("std::vec::Vec", "join" | "concat") => return string(),
        ("std::vec::Vec", "into_boxed_slice") => return t("std::boxed::Box", vec![Ty::Slice(Box::new(a(0)))]),
        ("std::collections::HashMap" | "std::collections::BTreeMap", "get") => {
            return t("std::option::Option", vec![Ty::reference(a(1), false)])
        }
        ("std::collections::HashMap" | "std::collections::BTreeMap", "insert" | "remove") => {
            return t("std::option::Option", vec![a(1)])
        }
        ("std::collections::HashMap" | "std::collections::BTreeMap", "len") => return prim("usize"),
        ("std::sync::mpsc::Receiver", "recv") => return t("std::result::Result", vec![a(0), Ty::Unknown]),
        ("std::sync::mpsc::Receiver", "iter") => return t("std::sync::mpsc::Iter", vec![a(0)]),
        ("tokio::sync::mpsc::Receiver" | "tokio::sync::mpsc::UnboundedReceiver", "recv") => {
            return t(AWAITS_TO, vec![t("std::option::Option", vec![a(0)])])
        }
        ("tokio::sync::watch::Receiver", "borrow" | "borrow_and_update") => {
            return t("tokio::sync::watch::Ref", vec![a(0)])
        }
        ("std::thread::Builder", "name" | "stack_size") => return st.clone(),
        (
            "axum::Router",
            "route" | "with_state" | "nest" | "merge" | "layer" | "fallback" | "route_service" | "nest_service",
        ) => return st.clone(),
        ("axum::routing::MethodRouter", _) => return st.clone(),
        ("std::io::Stdout", "lock") => return t("std::io::StdoutLock", vec![]),
        ("std::io::Stderr", "lock") => return t("std::io::StderrLock", vec![]),
        ("std::io::Stdin", "lock") => return t("std::io::StdinLock", vec![]),
        ("std::thread::Builder", "spawn") => {
            return t(
                "std::result::Result",
                vec![t("std::thread::JoinHandle", vec![Ty::Unknown]), t("std::io::Error", vec![])],
            )
        }
        ("std::thread::JoinHandle", "join") => return t("std::result::Result", vec![a(0), Ty::Unknown]),
        ("tokio::runtime::Builder", "enable_all" | "worker_threads") => return st.clone(),
        ("tokio::runtime::Builder", "build") => {
            return t("std::result::Result", vec![t("tokio::runtime::Runtime", vec![]), t("std::io::Error", vec![])])
        }
        ("tokio::runtime::Handle" | "tokio::runtime::Runtime" | "tokio::task::JoinSet", "spawn" | "spawn_blocking") => {
            return t("tokio::task::JoinHandle", vec![Ty::Unknown])
        }
        ("std::string::String" | "str", "len") => return prim("usize"),
        (
            "std::string::String" | "str",
            "to_uppercase" | "to_lowercase" | "to_string" | "to_owned" | "clone" | "replace",
        ) => return string(),
        ("std::string::String" | "str", "as_str" | "trim") => return Ty::reference(prim("str"), false),
        ("std::string::String" | "str", "as_ptr") => return Ty::Ptr { mutable: false, inner: Box::new(prim("u8")) },
        ("[]", "as_ptr") => return Ty::Ptr { mutable: false, inner: Box::new(slice_elem(st)) },
        ("[]", "as_mut_ptr") => return Ty::Ptr { mutable: true, inner: Box::new(slice_elem(st)) },
        ("[]", "iter") => return t("std::slice::Iter", vec![slice_elem(st)]),
        ("[]", "len") => return prim("usize"),
        _ => {}
    }
    match m {
        "clone" | "to_owned" => {
            let base = recv.peel_refs();
            if is_opaque(base) {
                return Ty::Unknown;
            }
            base.clone()
        }
        "to_string" | "format" => string(),
        "len" | "count" => prim("usize"),
        "is_empty" | "is_some" | "is_none" | "is_ok" | "is_err" | "contains" | "starts_with" | "ends_with" => {
            prim("bool")
        }
        "collect" if !turbofish.is_empty() => turbofish[0].clone(),
        _ => Ty::Unknown,
    }
}

fn is_opaque(t: &Ty) -> bool {
    matches!(t, Ty::Unknown | Ty::Param { .. })
}

fn slice_elem(t: &Ty) -> Ty {
    match t {
        Ty::Slice(e) | Ty::Array(e) => (**e).clone(),
        _ => Ty::Unknown,
    }
}
