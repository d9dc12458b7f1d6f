//! Knowledge templates made into types: a stub's `LockResult<MutexGuard<'_, T>>` with `T` bound
//! from the call (`knowledge::model::Tpl` → [`Ty`]).

use crate::items::ty::Ty;
use crate::knowledge::model::Tpl;

/// What a call binds a stub's variables to: the impl's generic parameters (from the type the
/// method is called on, or an associated function's arguments and turbofish) and the function's
/// own.
#[derive(Debug, Default)]
pub struct Bindings {
    pub impl_vars: Vec<Ty>,
    pub fn_vars: Vec<Ty>,
}

impl Bindings {
    pub fn with_impl_vars(impl_vars: Vec<Ty>) -> Bindings {
        Bindings { impl_vars, fn_vars: vec![] }
    }

    fn slot(&mut self, t: &Tpl) -> Option<&mut Ty> {
        let (vars, i) = match *t {
            Tpl::ImplVar(i) => (&mut self.impl_vars, i as usize),
            Tpl::FnVar(i) => (&mut self.fn_vars, i as usize),
            _ => return None,
        };
        if vars.len() <= i {
            vars.resize(i + 1, Ty::Unknown);
        }
        Some(&mut vars[i])
    }

    fn get(&self, t: &Tpl) -> Ty {
        let (vars, i) = match *t {
            Tpl::ImplVar(i) => (&self.impl_vars, i as usize),
            Tpl::FnVar(i) => (&self.fn_vars, i as usize),
            _ => return Ty::Unknown,
        };
        vars.get(i).cloned().unwrap_or(Ty::Unknown)
    }
}

/// The type a template stands for; `self_ty` is what `Self` is.
pub fn instantiate(t: &Tpl, b: &Bindings, self_ty: &Ty) -> Ty {
    match t {
        Tpl::Unknown => Ty::Unknown,
        Tpl::SelfTy => self_ty.clone(),
        Tpl::ImplVar(_) | Tpl::FnVar(_) => b.get(t),
        Tpl::Path(path, args) => Ty::adt(*path, args.iter().map(|a| instantiate(a, b, self_ty)).collect()),
        Tpl::Ref(mutable, inner) => Ty::reference(instantiate(inner, b, self_ty), *mutable),
        Tpl::Ptr(mutable, inner) => Ty::Ptr { mutable: *mutable, inner: Box::new(instantiate(inner, b, self_ty)) },
        Tpl::Tuple(items) => Ty::Tuple(items.iter().map(|i| instantiate(i, b, self_ty)).collect()),
        Tpl::Array(e) => Ty::Array(Box::new(instantiate(e, b, self_ty))),
        Tpl::Slice(e) => Ty::Slice(Box::new(instantiate(e, b, self_ty))),
        Tpl::Opaque { send, sync, display } => Ty::Opaque { send: *send, sync: *sync, display: display.to_string() },
    }
}

/// Matches a template against a type, binding the variables it meets (a variable already bound
/// keeps its first binding). An unknown type matches anything; `false` when the shapes differ.
/// References are matched through, as a call's deref coercion would: `&T` against `&&X` binds
/// `T` to `X`, and `&T` matches `&mut X`.
pub fn unify(pattern: &Tpl, ty: &Ty, b: &mut Bindings) -> bool {
    if ty.is_unknown() {
        return true;
    }
    match pattern {
        Tpl::Unknown | Tpl::SelfTy => true,
        Tpl::ImplVar(_) | Tpl::FnVar(_) => {
            if let Some(slot) = b.slot(pattern) {
                if slot.is_unknown() {
                    *slot = ty.clone();
                }
            }
            true
        }
        Tpl::Path(path, args) => match ty {
            Ty::Adt { path: p, args: a } if p == *path => {
                let mut ok = true;
                for (pat, arg) in args.iter().zip(a.iter()) {
                    ok &= unify(pat, arg, b);
                }
                ok
            }
            _ => false,
        },
        Tpl::Ref(_, inner) => match ty {
            Ty::Ref { inner: a, .. } => {
                let mut a = &**a;
                if !matches!(inner, Tpl::Ref(..)) {
                    a = a.peel_refs();
                }
                unify(inner, a, b)
            }
            _ => false,
        },
        Tpl::Ptr(_, inner) => match ty {
            Ty::Ptr { inner: a, .. } => unify(inner, a, b),
            _ => false,
        },
        Tpl::Tuple(items) => match ty {
            Ty::Tuple(a) if a.len() == items.len() => {
                let mut ok = true;
                for (pat, arg) in items.iter().zip(a) {
                    ok &= unify(pat, arg, b);
                }
                ok
            }
            _ => false,
        },
        Tpl::Array(e) => match ty {
            Ty::Array(a) => unify(e, a, b),
            _ => false,
        },
        // A slice's methods are an array's too.
        Tpl::Slice(e) => match ty {
            Ty::Slice(a) | Ty::Array(a) => unify(e, a, b),
            _ => false,
        },
        Tpl::Opaque { .. } => true,
    }
}

/// A type's own row (`deref`, `item` ...): its `ImplVar(i)` is the type's argument `i`.
pub fn of_type(t: &Tpl, ty: &Ty) -> Ty {
    // Most rows are one of the type's arguments (`Deref for Box<T>`): no bindings to build.
    if let Tpl::ImplVar(i) = t {
        return ty.arg(*i as usize);
    }
    let args = match ty {
        Ty::Adt { args, .. } => args.to_vec(),
        _ => vec![],
    };
    instantiate(t, &Bindings::with_impl_vars(args), ty)
}
