//! Calls and method calls: their arguments, the callee's return type, trait methods through
//! generic parameters.

use syn::punctuated::Punctuated;
use syn::Token;

use crate::facts::infer;
use crate::facts::*;
use crate::fast::punctuated::Elements;
use crate::items::ty::Ty;
use crate::knowledge::{self, frameworks, lang};
use crate::syntax::text::{IdentText, Range};

use super::Walker;

impl<'i, 'a, 't> Walker<'i, 'a, 't> {
    /// Walks a call's arguments. Their ranges are computed only `with_ranges`: they are read
    /// where a call is recorded (a spawn site, a route, a local async fn's call, a method call
    /// a fix reads), and elsewhere they are `Range::empty(0)`.
    pub(super) fn walk_args(
        &mut self,
        args: &Punctuated<syn::Expr, Token![,]>,
        expected: &[Ty],
        with_ranges: bool,
    ) -> Vec<ArgInfo> {
        let mut out = vec![];
        for (i, a) in args.elements().enumerate() {
            let range = if with_ranges { self.range_of(a) } else { Range::empty(0) };
            let ty = match a {
                syn::Expr::Closure(c) => {
                    let params = match expected.get(i) {
                        Some(Ty::Tuple(ps)) => ps.clone(),
                        _ => vec![],
                    };
                    self.walk_closure(c, &params)
                }
                _ => self.walk_operand(a, UseKind::Move),
            };
            let binding = match a {
                syn::Expr::Path(_) => self.place_root(a),
                _ => None,
            };
            let borrows = self.borrowed_local(a);
            out.push(ArgInfo { range, ty, binding, borrows });
        }
        out
    }

    pub(super) fn walk_call(&mut self, c: &syn::ExprCall) -> Ty {
        let callee_path = match &*c.func {
            syn::Expr::Path(p) if p.qself.is_none() => Some(&p.path),
            _ => None,
        };
        // A local binding called as a function (a closure variable).
        if let Some(path) = callee_path {
            if path.segments.len() == 1 {
                if let Some(b) = self.lookup(&IdentText::new(&path.segments[0].ident)) {
                    self.walk_place(&c.func, UseKind::Borrow);
                    self.walk_args(&c.args, &[], false);
                    // Calling a closure stored in a variable gives what its body returns.
                    return match &self.facts.bindings[b].ty {
                        Ty::Closure(id) => self.facts.coroutines[*id].output.clone(),
                        _ => Ty::Unknown,
                    };
                }
            }
        }
        let resolved = callee_path.and_then(|p| self.resolve_callee(p));
        // Closure parameters we can type from the callee (`thread::scope(|s| ..)`).
        // What the knowledge says of the callee, looked up once.
        let known = resolved.as_deref().map(knowledge::functions).unwrap_or_default();
        let expected: Vec<Ty> = infer::closure_params(known);
        if callee_path.is_none() {
            self.walk_expr(&c.func, UseKind::Borrow);
        }
        // A spawn function (known, or the file's own with a `Send` bound), an axum route.
        let spawn_req = resolved.as_deref().and_then(|r| infer::known_spawner(known).or_else(|| self.local_spawner(r)));
        let route = resolved.as_deref().and_then(frameworks::axum_route);
        let async_fn = match (&resolved, callee_path) {
            (Some(r), Some(_)) => self.index.local_fn(r).filter(|def| def.is_async),
            _ => None,
        };
        let args = self.walk_args(&c.args, &expected, spawn_req.is_some() || route.is_some() || async_fn.is_some());
        let arg_tys: Vec<Ty> = args.iter().map(|a| a.ty.clone()).collect();
        // `drop(x)` and friends: the moves were recorded with the arguments.
        let ret = match (&resolved, callee_path) {
            (Some(r), Some(path)) => infer::call_ret(self.index, r, known, path, &arg_tys, self.self_ty.as_deref()),
            _ => Ty::Unknown,
        };
        // The call's ranges are wanted only at a spawn site, a route or a local async fn's call:
        // computed there, not for every call.
        let call_and_callee = |w: &Self| (w.range_of(c), w.range_of(&*c.func));
        if spawn_req.is_some() || route.is_some() {
            let (call, callee) = call_and_callee(self);
            self.call_sites(spawn_req, resolved.as_deref().zip(route), &c.args, &args, call, callee);
        }
        // The future of a local async fn, with its arguments.
        if let Some(def) = async_fn {
            let call = self.range_of(c);
            self.async_call_args.push((call, args));
            return Ty::AsyncFnFuture { func: def.name.clone(), args: arg_tys };
        }
        ret
    }

    pub(super) fn resolve_callee(&self, path: &syn::Path) -> Option<String> {
        let segs: Vec<String> = path.segments.elements().map(|s| s.ident.to_string()).collect();
        if segs.len() >= 2 && segs[0] == "Self" {
            let mut s = segs.clone();
            s[0] = self.self_ty.clone()?;
            return self.index.resolve_segments(&s);
        }
        self.index.resolve_segments(&segs)
    }

    pub(super) fn trait_async_method(&self, recv: &Ty, method: &str) -> Option<String> {
        let mut t = recv.clone();
        for _ in 0..4 {
            t = match t {
                Ty::Ref { inner, .. } => *inner,
                Ty::Adt { ref path, ref args } if lang::OWNING_POINTERS.contains(&path.as_str()) => {
                    args.first().cloned()?
                }
                other => {
                    let Ty::Param { name, .. } = other else { return None };
                    let g = self.generic_params.iter().find(|g| g.name == name)?;
                    return g.traits.iter().map(|tr| format!("{tr}::{method}")).find(|k| {
                        self.index.traits.contains_key(k.split("::").next().unwrap_or(""))
                            && self.index.methods.get(k).is_some_and(|m| m.is_async)
                    });
                }
            };
        }
        None
    }

    pub(super) fn walk_method_call(&mut self, mc: &syn::ExprMethodCall) -> Ty {
        let method = IdentText::new(&mc.method);
        let method = method.as_str();
        let recv_is_place = self.place_root(&mc.receiver).is_some();
        let uses_before = self.facts.uses.len();
        // The receiver's use kind depends on the method; walk as a borrow and fix it below.
        let recv_ty = if recv_is_place {
            self.walk_place(&mc.receiver, UseKind::Borrow)
        } else {
            self.walk_expr(&mc.receiver, UseKind::Borrow)
        };
        let turbofish: Vec<Ty> = mc
            .turbofish
            .as_ref()
            .map(|t| {
                t.args
                    .elements()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(self.index.ty_of(t, &self.generics)),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let info = infer::method(self.index, &recv_ty, method);
        if recv_is_place {
            // A method found behind a reference reborrows through it: `r.borrow()` with
            // `r: &RefCell<_>` copies the reference, it does not borrow the local `r`.
            let through_ref = matches!(recv_ty, Ty::Ref { .. } | Ty::Ptr { .. }) && info.recv != infer::Recv::Value;
            let kind = match info.recv {
                _ if through_ref => UseKind::Copy,
                infer::Recv::Value => self.by_value(&info.self_ty),
                infer::Recv::Ref => UseKind::Borrow,
                infer::Recv::RefMut => UseKind::MutBorrow,
                infer::Recv::Unknown => UseKind::Unknown,
            };
            if let Some(u) = self.facts.uses.get_mut(uses_before) {
                if u.kind == UseKind::Borrow {
                    u.kind = kind;
                }
            }
        } else if info.recv != infer::Recv::Value {
            self.temp(&mc.receiver, &recv_ty);
        }
        // Methods that start a task, register a handler or share state (`sites.rs`).
        let site = self.method_site(&info, method, &recv_ty);
        let wanted = info.self_ty.path().is_some_and(|p| MethodCall::wanted(p, method));
        let args = self.walk_args(&mc.args, &[], wanted || site.is_some());
        if let Some(p) = info.self_ty.path().filter(|_| wanted) {
            let call_info_range = Range::new(self.text.offset_of(mc.dot_token.span.start()), self.range_of(mc).end);
            self.facts.method_calls.push(MethodCall {
                recv_ty: p.to_string(),
                method: method.to_string(),
                range: call_info_range,
                receiver: self.range_of(&*mc.receiver),
                args: args.iter().map(|a| a.range).collect(),
                owner: self.cur,
            });
        }
        let arg_tys: Vec<Ty> = args.iter().map(|a| a.ty.clone()).collect();
        if let Some(site) = site {
            self.record_method_site(site, mc, &recv_ty, &args);
        }
        // `f.fetch()` where `f: F` and `F: Trait` whose `fetch` is an `async fn`.
        if let Some(key) = self.trait_async_method(&recv_ty, method) {
            return Ty::adt(lang::TRAIT_FUTURE, vec![Ty::adt(key, vec![])]);
        }
        let ret = infer::method_ret(self.index, &info, &recv_ty, method, &arg_tys, &turbofish);
        if let Ty::AsyncFnFuture { .. } = ret {
            return ret;
        }
        ret
    }
}
