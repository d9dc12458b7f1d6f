//! Type inference, as far as the file tells: constructors (`Rc::new`), known methods
//! (`lock`, `borrow_mut`, `iter`...), the file's own signatures, structs and literals. Where the
//! file does not tell, the answer is `Ty::Unknown`, and unknown types are never judged.

use crate::facts::Facts;
use crate::fast::punctuated::Elements;
use crate::items::sig::{self, Bindings};
use crate::items::ty::{Ty, TyPath};
use crate::items::{substitute, ItemIndex};
use crate::knowledge::lang::{self, is_primitive};
use crate::knowledge::model::{Copy, FnRow, MethodRow, Tpl};
use crate::knowledge::{self, SpawnReq};

pub use crate::knowledge::model::Recv;

fn t(path: impl Into<TyPath>, args: Vec<Ty>) -> Ty {
    Ty::adt(path, args)
}

fn string() -> Ty {
    t(lang::STRING, vec![])
}

fn prim(name: &'static str) -> Ty {
    t(name, vec![])
}

pub fn lit_ty(lit: &syn::Lit) -> Ty {
    match lit {
        syn::Lit::Str(_) => Ty::reference(prim("str"), false),
        syn::Lit::ByteStr(_) => Ty::reference(Ty::Slice(Box::new(prim("u8"))), false),
        syn::Lit::CStr(_) => Ty::reference(t(lang::CSTR, vec![]), false),
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
            if is_primitive(path) {
                return Some(path != "str");
            }
            if let Some(k) = knowledge::known_type(path) {
                return Some(match k.copy {
                    Copy::Always => true,
                    Copy::IfArgs => args.iter().all(|a| is_copy(index, a) == Some(true)),
                    Copy::No => false,
                });
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
            if is_primitive(path) {
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
        lang::NONE => t(lang::OPTION, vec![Ty::Unknown]),
        lang::PHANTOM_DATA => t(lang::PHANTOM_DATA, vec![Ty::Unknown]),
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
pub fn tuple_struct_field(index: &ItemIndex, resolved: Option<&str>, scrutinee: &Ty, i: usize) -> Ty {
    let Some(r) = resolved else { return Ty::Unknown };
    if let Some(fields) = knowledge::tuple_fields(r) {
        return fields.get(i).map(|f| sig::of_type(f, scrutinee)).unwrap_or(Ty::Unknown);
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

/// What `*ty` reads, through a reference, a pointer or a known `Deref`.
pub fn deref(ty: &Ty) -> Ty {
    match ty {
        Ty::Ref { inner, .. } | Ty::Ptr { inner, .. } => (**inner).clone(),
        Ty::Adt { path, .. } => known_output(path, |t| t.deref, ty),
        _ => Ty::Unknown,
    }
}

/// One of a known type's outputs (`deref`, `item`, ...), for a value of type `ty`.
fn known_output(path: &str, pick: impl Fn(&knowledge::model::TypeRow) -> Option<Tpl>, ty: &Ty) -> Ty {
    match knowledge::type_row(path).and_then(pick) {
        Some(t) => sig::of_type(&t, ty),
        None => Ty::Unknown,
    }
}

pub fn unary(ty: &Ty) -> Ty {
    match ty {
        Ty::Number => Ty::Number,
        Ty::Adt { path, .. } if is_primitive(path) => ty.clone(),
        _ => Ty::Unknown,
    }
}

pub fn arith(l: &Ty, r: &Ty) -> Ty {
    match (l, r) {
        (Ty::Number, Ty::Number) => Ty::Number,
        (Ty::Adt { path, .. }, _) if is_primitive(path) => l.clone(),
        (_, Ty::Adt { path, .. }) if is_primitive(path) => r.clone(),
        (Ty::Adt { path, .. }, _) if path == lang::STRING => string(),
        _ => Ty::Unknown,
    }
}

pub fn index(base: &Ty) -> Ty {
    match base.peel_refs() {
        Ty::Array(e) | Ty::Slice(e) => (**e).clone(),
        Ty::Adt { path, .. } if knowledge::type_row(path).is_some_and(|t| t.index.is_some()) => {
            known_output(path, |t| t.index, base.peel_refs())
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

/// What `?` gives.
pub fn try_output(ty: &Ty) -> Ty {
    match ty {
        Ty::Adt { path, .. } => known_output(path, |t| t.try_output, ty),
        _ => Ty::Unknown,
    }
}

/// The item type of `for x in <ty>`.
pub fn iter_item(ty: &Ty) -> Ty {
    match ty {
        Ty::Ref { mutable, inner } => match &**inner {
            Ty::Adt { path, .. } => known_output(path, |t| if *mutable { t.mut_item } else { t.ref_item }, inner),
            Ty::Array(e) | Ty::Slice(e) => Ty::reference((**e).clone(), *mutable),
            _ => Ty::Unknown,
        },
        Ty::Adt { path, .. } => known_output(path, |t| t.item, ty),
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
        Ty::Adt { path, .. } => known_output(path, |t| t.await_output, ty),
        _ => Ty::Unknown,
    }
}

/// The return type of a call of a resolved function path.
/// `known`: what the knowledge lists for `resolved` (`knowledge::functions`).
pub fn call_ret(
    index: &ItemIndex,
    resolved: &str,
    known: &'static [FnRow],
    path: &syn::Path,
    args: &[Ty],
    self_ty: Option<&str>,
) -> Ty {
    if !known.is_empty() {
        return known_call(index, known, path, args);
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

/// A call of a function the knowledge lists: the first overload whose parameters fit the
/// arguments, its generic parameters bound from the arguments, then from turbofish.
fn known_call(index: &ItemIndex, rows: &'static [FnRow], path: &syn::Path, args: &[Ty]) -> Ty {
    let turbofish = |seg: Option<&syn::PathSegment>| -> Vec<Ty> {
        match seg.map(|s| &s.arguments) {
            Some(syn::PathArguments::AngleBracketed(ab)) => ab
                .args
                .elements()
                .filter_map(|g| match g {
                    syn::GenericArgument::Type(ty) => Some(index.ty_of(ty, &[])),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        }
    };
    // `Vec::<u8>::new()`: the type's own arguments; `channel::<T>()`, `Ok::<T, E>(..)`: the last
    // segment that has any.
    let owner_args = turbofish(path.segments.elements().rev().nth(1));
    let last_args =
        path.segments.elements().rev().map(|s| turbofish(Some(s))).find(|a| !a.is_empty()).unwrap_or_default();
    let bind = |row: &FnRow| -> (Bindings, bool) {
        let mut b = Bindings::default();
        let mut fits = true;
        for (p, a) in row.sig.params.iter().zip(args) {
            fits &= sig::unify(p, a, &mut b);
        }
        let impl_args = if !owner_args.is_empty() {
            &owner_args
        } else if row.sig.fn_generics == 0 {
            &last_args
        } else {
            &owner_args
        };
        if let Tpl::Path(_, pats) = row.self_pattern {
            for (p, a) in pats.iter().zip(impl_args) {
                sig::unify(p, a, &mut b);
            }
        }
        if row.sig.fn_generics > 0 {
            for (i, a) in last_args.iter().enumerate().take(row.sig.fn_generics) {
                sig::unify(&Tpl::FnVar(i as u8), a, &mut b);
            }
        }
        (b, fits)
    };
    let (row, b) = rows
        .iter()
        .map(|r| (r, bind(r)))
        .find(|(_, (_, fits))| *fits)
        .map(|(r, (b, _))| (r, b))
        .unwrap_or_else(|| (&rows[0], bind(&rows[0]).0));
    match &row.sig.ret {
        Some(ret) => {
            let self_ty = sig::instantiate(&row.self_pattern, &b, &Ty::Unknown);
            sig::instantiate(ret, &b, &self_ty)
        }
        None => Ty::Unknown,
    }
}

/// What a known function demands of the task it runs (`#[spawn]` in its stub).
pub fn known_spawner(known: &'static [FnRow]) -> Option<SpawnReq> {
    known.first().and_then(|f| f.sig.spawn.as_ref()).map(SpawnReq::known)
}

/// The types a known function gives the parameters of a closure argument (`thread::scope(|s| ..)`),
/// by argument: a tuple of them, or unknown.
pub fn closure_params(known: &'static [FnRow]) -> Vec<Ty> {
    let Some(row) = known.first() else { return vec![] };
    let mut out = vec![];
    for (arg, tys) in row.sig.closure_params {
        if out.len() <= *arg {
            out.resize(*arg + 1, Ty::Unknown);
        }
        out[*arg] = Ty::Tuple(tys.iter().map(|t| sig::instantiate(t, &Bindings::default(), &Ty::Unknown)).collect());
    }
    out
}

fn self_subst(ty: &Ty, impl_of: Option<&str>) -> Ty {
    match (ty, impl_of) {
        (Ty::Adt { path, .. }, Some(s)) if path == "Self" => Ty::adt(format!("crate::{s}"), vec![]),
        _ => ty.clone(),
    }
}

/// How a method call uses its receiver, the receiver type the method is found on (after
/// auto-deref), and the knowledge row that describes it.
#[derive(Debug, Clone)]
pub struct MethodInfo {
    pub recv: Recv,
    pub self_ty: Ty,
    pub row: Option<&'static MethodRow>,
}

/// Methods of known types and of the file's own impls: how they take their receiver.
pub fn method(index: &ItemIndex, recv: &Ty, m: &str) -> MethodInfo {
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
                    return MethodInfo { recv, self_ty: cur, row: None };
                }
            }
        }
        if let Some(row) = known_method(&cur, m) {
            return MethodInfo { recv: row.recv, self_ty: cur, row: Some(row) };
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
    // Methods of every type, by name (`unwrap`, `clone`, `next` ...).
    match knowledge::universal_method(m) {
        Some(row) => MethodInfo { recv: row.recv, self_ty: recv.clone(), row: Some(row) },
        None => MethodInfo { recv: Recv::Unknown, self_ty: recv.clone(), row: None },
    }
}

/// The knowledge row of method `m` of a type (not through derefs).
fn known_method(ty: &Ty, m: &str) -> Option<&'static MethodRow> {
    let key = match ty {
        Ty::Adt { path, .. } => path.as_str(),
        Ty::Ptr { mutable: true, .. } => "*mut",
        Ty::Ptr { mutable: false, .. } => "*const",
        Ty::Slice(_) | Ty::Array(_) => "[]",
        _ => return None,
    };
    knowledge::method(key, m)
}

/// The return type of a method call.
pub fn method_ret(index: &ItemIndex, info: &MethodInfo, recv: &Ty, m: &str, args: &[Ty], turbofish: &[Ty]) -> Ty {
    let st = &info.self_ty;
    // The file's own methods.
    if let Some(name) = st.path().and_then(|p| p.strip_prefix("crate::")) {
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
    // A known type's own row, when it tells the return type.
    if let Some(row) = info.row.filter(|r| r.key != "_") {
        if let Some(ret) = &row.sig.ret {
            let mut b = Bindings::default();
            sig::unify(&row.self_pattern, st, &mut b);
            bind_call(row, args, turbofish, &mut b);
            return sig::instantiate(ret, &b, st);
        }
    }
    // A method of every type, by name: `Self` is the receiver behind its references.
    let universal = match info.row {
        Some(row) if row.key == "_" => Some(row),
        _ => knowledge::universal_method(m),
    };
    if let Some(row) = universal {
        if let Some(ret) = &row.sig.ret {
            let base = recv.peel_refs();
            let self_ty = if matches!(base, Ty::Unknown | Ty::Param { .. }) { Ty::Unknown } else { base.clone() };
            if matches!(ret, Tpl::SelfTy) && self_ty.is_unknown() {
                return Ty::Unknown;
            }
            let mut b = Bindings::default();
            bind_call(row, args, turbofish, &mut b);
            return sig::instantiate(ret, &b, &self_ty);
        }
    }
    Ty::Unknown
}

/// A method's own generic parameters, from the arguments, then from turbofish.
fn bind_call(row: &MethodRow, args: &[Ty], turbofish: &[Ty], b: &mut Bindings) {
    for (p, a) in row.sig.params.iter().zip(args) {
        sig::unify(p, a, b);
    }
    for (i, a) in turbofish.iter().enumerate().take(row.sig.fn_generics) {
        sig::unify(&Tpl::FnVar(i as u8), a, b);
    }
}
