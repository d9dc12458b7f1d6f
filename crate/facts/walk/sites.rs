//! Sites: where a task, a handler or a signature demands a `Send` (or `'static`) future or
//! closure. What demands it is knowledge (`knowledge/stubs`: `#[spawn]` functions;
//! `knowledge/frameworks.rs`: axum routes and state, `.boxed()`, `#[async_trait]`); this file
//! records each site with its task.

use syn::punctuated::Punctuated;
use syn::Token;

use crate::facts::*;
use crate::fast::punctuated::Elements;
use crate::items::ty::{CoroutineId, Ty};
use crate::items::{FnDef, SelfKind};
use crate::knowledge::{self, frameworks, SpawnReq};
use crate::syntax::text::Range;

use super::{peel_pin_box, Walker};

/// A method call that is a site: what the method demands, read from the knowledge.
pub(super) enum MethodSite {
    /// A `#[spawn]` method (`JoinSet::spawn`).
    Spawn(SpawnReq),
    /// An axum route registered on a `MethodRouter` (`.post(handler)`): the handler's argument.
    Route { path: String, arg: usize },
    /// `Router::with_state(state)`: the state is shared between threads.
    SharedState,
    /// `fut.boxed()`: a `BoxFuture` must be `Send`.
    Boxed,
}

impl<'i, 'a, 't> Walker<'i, 'a, 't> {
    /// Where the signature of function `key` demands a `Send` future of its body: an
    /// `#[async_trait]` method, an `async fn` implementing a trait method declared
    /// `-> impl Future + Send`, a body returning `impl Future + Send`.
    pub(super) fn signature_sites(&mut self, key: &str, def: &FnDef<'a>, body_range: Range, out: &Ty, id: CoroutineId) {
        // Places where the signature demands a `Send` future of this body.
        // A future's arguments line up with the body's parameters, `self` first.
        let param_tys: Vec<Ty> = (def.self_kind != SelfKind::None)
            .then_some(Ty::Unknown)
            .into_iter()
            .chain(def.params.iter().map(|p| p.ty.clone()))
            .collect();
        if def.async_trait_send {
            let fut = Ty::AsyncFnFuture { func: key.to_string(), args: param_tys.clone() };
            let req = SpawnReq::framework("#[async_trait]", frameworks::ASYNC_TRAIT_WHY);
            self.push_framework_site(req, def.sig_range, def.name_range, body_range, fut, id);
        } else if def.trait_wants_send {
            let fut = Ty::AsyncFnFuture { func: key.to_string(), args: param_tys };
            let req = SpawnReq::framework("the trait's signature", frameworks::IMPL_SEND_WHY);
            self.push_framework_site(req, def.sig_range, def.name_range, body_range, fut, id);
        } else if let (Ty::Opaque { send: true, .. }, Ty::Future(f)) = (&def.ret, peel_pin_box(out)) {
            let req = SpawnReq::framework("the return type", frameworks::IMPL_SEND_WHY);
            self.push_framework_site(
                req,
                def.sig_range,
                def.ret_range.unwrap_or(def.name_range),
                body_range,
                Ty::Future(*f),
                id,
            );
        }
    }

    /// A call that is a site: a known or local spawn function, an axum routing function.
    pub(super) fn call_sites(
        &mut self,
        spawn: Option<SpawnReq>,
        route: Option<(&str, usize)>,
        exprs: &Punctuated<syn::Expr, Token![,]>,
        args: &[ArgInfo],
        call: Range,
        callee: Range,
    ) {
        if let Some(req) = spawn {
            self.record_spawn(req, call, callee, args);
        }
        if let Some((path, i)) = route {
            self.record_handler(path, i, exprs, args.to_vec(), call, callee);
        }
    }

    /// Whether a method call is a site, and which.
    pub(super) fn method_site(&self, info: &infer::MethodInfo, method: &str, recv_ty: &Ty) -> Option<MethodSite> {
        if let Some(req) = info.row.and_then(|r| r.sig.spawn.as_ref()).map(SpawnReq::known) {
            return Some(MethodSite::Spawn(req));
        }
        let key = info.self_ty.path().map(|p| knowledge::join_path(p, method));
        if let Some((path, arg)) = key.and_then(|k| frameworks::axum_route(&k).map(|i| (k, i))) {
            return Some(MethodSite::Route { path, arg });
        }
        if info.self_ty.is(frameworks::SHARED_STATE.0) && method == frameworks::SHARED_STATE.1 {
            return Some(MethodSite::SharedState);
        }
        if method == frameworks::BOXES_SEND && matches!(recv_ty, Ty::Future(_) | Ty::AsyncFnFuture { .. }) {
            return Some(MethodSite::Boxed);
        }
        None
    }

    pub(super) fn record_method_site(
        &mut self,
        site: MethodSite,
        mc: &syn::ExprMethodCall,
        recv_ty: &Ty,
        args: &[ArgInfo],
    ) {
        let call = self.range_of(mc);
        let callee = self.range(mc.method.span());
        match site {
            MethodSite::Spawn(req) => self.record_spawn(req, call, callee, args),
            MethodSite::Route { path, arg } => self.record_handler(&path, arg, &mc.args, args.to_vec(), call, callee),
            // axum's state is shared between threads.
            MethodSite::SharedState => {
                if let Some(a) = args.first() {
                    let mut req = SpawnReq::framework("with_state", frameworks::AXUM_STATE_WHY);
                    req.needs_sync = true;
                    self.facts.spawns.push(SpawnSite {
                        req,
                        call,
                        callee,
                        arg: a.range,
                        arg_ty: a.ty.clone(),
                        task: TaskArg::Other,
                        owner: self.cur,
                        stmt: self.stmt,
                    });
                }
            }
            // `async { .. }.boxed()` makes a `BoxFuture`, which must be `Send`.
            MethodSite::Boxed => {
                let recv =
                    ArgInfo { range: self.range_of(&*mc.receiver), ty: recv_ty.clone(), binding: None, borrows: None };
                let req = SpawnReq::framework("FutureExt::boxed", frameworks::BOXED_WHY);
                self.record_spawn(req, call, callee, &[recv]);
            }
        }
    }
    /// A function of the file whose generic parameter demands `Send`/`'static` of a future or
    /// closure argument: calling it is a spawn site.
    pub(super) fn local_spawner(&self, resolved: &str) -> Option<SpawnReq> {
        let def = self.index.local_fn(resolved)?;
        if def.is_async {
            return None;
        }
        for (i, p) in def.params.iter().enumerate() {
            let Ty::Param { name, .. } = &p.ty else { continue };
            let g = def.generics.iter().find(|g| &g.name == name)?;
            if (g.future || g.closure) && g.send {
                return Some(SpawnReq {
                    name: def.name.clone(),
                    closure: g.closure,
                    send: true,
                    is_static: g.is_static,
                    output_send: false,
                    scoped: false,
                    arg: i,
                    bound_range: g.send_range,
                    why: None,
                    primary_at_site: false,
                    needs_sync: false,
                });
            }
        }
        None
    }

    pub(super) fn push_framework_site(
        &mut self,
        req: SpawnReq,
        call: Range,
        callee: Range,
        arg: Range,
        fut: Ty,
        owner: CoroutineId,
    ) {
        let task = match &fut {
            Ty::Future(id) => TaskArg::Coroutine(*id),
            Ty::AsyncFnFuture { func, .. } => TaskArg::AsyncFn { func: func.clone(), args: vec![], call: callee },
            _ => TaskArg::Other,
        };
        self.facts.spawns.push(SpawnSite { req, call, callee, arg, arg_ty: fut, task, owner, stmt: arg });
    }

    /// An axum route: the handler's future (an async fn of the file, or a closure returning an
    /// async block) must be `Send`.
    pub(super) fn record_handler(
        &mut self,
        route: &str,
        i: usize,
        exprs: &Punctuated<syn::Expr, Token![,]>,
        mut args: Vec<ArgInfo>,
        call: Range,
        callee: Range,
    ) {
        let Some(expr) = exprs.elements().nth(i) else { return };
        let Some(arg) = args.get_mut(i) else { return };
        let fut = match (expr, &arg.ty) {
            (syn::Expr::Path(p), _) if p.qself.is_none() => {
                let Some(resolved) = self.index.resolve_path(&p.path) else { return };
                let Some(def) = self.index.local_fn(&resolved) else { return };
                if !def.is_async {
                    return;
                }
                Ty::AsyncFnFuture { func: def.name.clone(), args: def.params.iter().map(|p| p.ty.clone()).collect() }
            }
            (_, Ty::Closure(id)) => match &self.facts.coroutines[*id].output {
                Ty::Future(f) => Ty::Future(*f),
                _ => return,
            },
            _ => return,
        };
        arg.ty = fut;
        let short = route.rsplit("::").next().unwrap_or(route);
        let name = format!("{short}({})", self.text.slice(arg.range));
        let mut req = SpawnReq::framework(name, frameworks::AXUM_WHY);
        req.arg = i;
        // `get(a).post(b)`: rustc's error for `b` names the state type and no culprit.
        req.primary_at_site = frameworks::route_points_at_site(route);
        self.record_spawn(req, call, callee, &args);
    }

    pub(super) fn record_spawn(&mut self, req: SpawnReq, call: Range, callee: Range, args: &[ArgInfo]) {
        let Some(arg) = args.get(req.arg) else { return };
        let task = match &arg.ty {
            Ty::Future(id) | Ty::Closure(id) => TaskArg::Coroutine(*id),
            Ty::AsyncFnFuture { func, .. } => {
                // The call's own arguments, if the task is written as a call here.
                let inner_args = self
                    .async_call_args
                    .iter()
                    .rev()
                    .find(|(r, _)| *r == arg.range)
                    .map(|(_, a)| a.clone())
                    .unwrap_or_default();
                TaskArg::AsyncFn { func: func.clone(), args: inner_args, call: arg.range }
            }
            _ => TaskArg::Other,
        };
        self.facts.spawns.push(SpawnSite {
            req,
            call,
            callee,
            arg: arg.range,
            arg_ty: arg.ty.clone(),
            task,
            owner: self.cur,
            stmt: self.stmt,
        });
    }
}
