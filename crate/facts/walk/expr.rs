//! Expressions: places and their uses, operators, control flow, awaits, async blocks, closures.

use crate::facts::infer;
use crate::facts::*;
use crate::fast::punctuated::Elements;
use crate::items::ty::{CoroutineId, Ty};
use crate::knowledge::lang;
use crate::options::Edition;
use crate::syntax::text::{IdentText, Range};

use super::{contains_let, TempContextKind, Walker};

impl<'i, 'a, 't> Walker<'i, 'a, 't> {
    /// The local a borrowing expression borrows from: `&x`, `&x[..]`, `x.iter()`, `x.as_str()`.
    pub(super) fn borrowed_local(&self, e: &syn::Expr) -> Option<BindingId> {
        match e {
            syn::Expr::Reference(r) => {
                self.place_root(&r.expr).filter(|b| !matches!(self.facts.bindings[*b].ty, Ty::Ref { .. }))
            }
            syn::Expr::MethodCall(mc) => {
                let m = IdentText::new(&mc.method);
                if matches!(
                    m.as_str(),
                    "iter"
                        | "iter_mut"
                        | "as_str"
                        | "as_slice"
                        | "as_ref"
                        | "as_deref"
                        | "trim"
                        | "chars"
                        | "lines"
                        | "split_whitespace"
                        | "keys"
                        | "values"
                ) {
                    if let Some(b) = self.place_root(&mc.receiver) {
                        let bt = &self.facts.bindings[b].ty;
                        if !matches!(bt, Ty::Ref { .. }) && !bt.is_unknown() {
                            return Some(b);
                        }
                        return self.facts.bindings[b].borrows;
                    }
                }
                None
            }
            syn::Expr::Path(_) => self.place_root(e).and_then(|b| self.facts.bindings[b].borrows),
            syn::Expr::Paren(p) => self.borrowed_local(&p.expr),
            _ => None,
        }
    }

    /// The binding at the root of a place expression (`x`, `x.a.b`, `x[i]`).
    pub(super) fn place_root(&self, e: &syn::Expr) -> Option<BindingId> {
        match e {
            syn::Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                self.lookup(&IdentText::new(&p.path.segments[0].ident))
            }
            syn::Expr::Field(f) => self.place_root(&f.base),
            syn::Expr::Index(i) => self.place_root(&i.expr),
            syn::Expr::Paren(p) => self.place_root(&p.expr),
            _ => None,
        }
    }

    /// Walks a place expression used as `kind`, recording the use with its field path.
    pub(super) fn walk_place(&mut self, e: &syn::Expr, kind: UseKind) -> Ty {
        let mut fields = vec![];
        let mut cur = e;
        loop {
            match cur {
                syn::Expr::Field(f) => {
                    fields.push(match &f.member {
                        syn::Member::Named(id) => id.to_string(),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    });
                    cur = &f.base;
                }
                syn::Expr::Paren(p) => cur = &p.expr,
                _ => break,
            }
        }
        fields.reverse();
        if let syn::Expr::Path(p) = cur {
            if p.qself.is_none() && p.path.segments.len() == 1 {
                if let Some(b) = self.lookup(&IdentText::new(&p.path.segments[0].ident)) {
                    let mut ty = self.facts.bindings[b].ty.clone();
                    // Closures and async blocks capture precisely (edition 2021+): the place is
                    // kept through fields of the file's own structs and of tuples, and stops at
                    // a reference, a smart pointer or a type with a `Drop` impl.
                    let mut kept = vec![];
                    let mut precise = true;
                    for f in &fields {
                        let through_local = match &ty {
                            Ty::Tuple(_) => true,
                            Ty::Adt { path, .. } => self.index.adt(path).is_some_and(|a| !a.is_enum && !a.has_drop),
                            _ => false,
                        };
                        precise &= through_local;
                        if precise {
                            kept.push(f.clone());
                        }
                        ty = infer::field_ty(self.index, &ty, f);
                    }
                    let k = match kind {
                        UseKind::Move => self.by_value(&ty),
                        k => k,
                    };
                    // The place as far as it is captured: the name alone, or with its fields.
                    let range = if kept.is_empty() { self.range_of(cur) } else { self.range_of(e) };
                    self.record_use(b, range, kept, k, false);
                    return ty;
                }
            }
        }
        self.walk_expr(e, kind)
    }

    /// Walks an expression whose value is used as `kind`; returns its type.
    pub fn walk_expr(&mut self, e: &syn::Expr, kind: UseKind) -> Ty {
        if !self.enter() {
            self.depth -= 1;
            return Ty::Unknown;
        }
        let t = self.walk_expr_inner(e, kind);
        self.depth -= 1;
        t
    }

    pub(super) fn walk_expr_inner(&mut self, e: &syn::Expr, kind: UseKind) -> Ty {
        match e {
            syn::Expr::Path(p) => {
                if p.qself.is_none() && p.path.segments.len() == 1 {
                    let name = IdentText::new(&p.path.segments[0].ident);
                    if self.lookup(&name).is_some() {
                        return self.walk_place(e, kind);
                    }
                    if &*name == "self" {
                        return Ty::Unknown;
                    }
                }
                infer::path_value_ty(self.index, &p.path)
            }
            syn::Expr::Field(f) => {
                if self.place_root(e).is_some() {
                    return self.walk_place(e, kind);
                }
                let base = self.walk_expr(&f.base, UseKind::Borrow);
                self.temp(&f.base, &base);
                let name = match &f.member {
                    syn::Member::Named(id) => id.to_string(),
                    syn::Member::Unnamed(i) => i.index.to_string(),
                };
                infer::field_ty(self.index, &base, &name)
            }
            syn::Expr::Reference(r) => {
                let k = if r.mutability.is_some() { UseKind::MutBorrow } else { UseKind::Borrow };
                let inner = if self.place_root(&r.expr).is_some() {
                    self.walk_place(&r.expr, k)
                } else {
                    self.walk_expr(&r.expr, k)
                };
                if self.place_root(&r.expr).is_none() {
                    self.temp(&r.expr, &inner);
                }
                Ty::reference(inner, r.mutability.is_some())
            }
            syn::Expr::RawAddr(r) => {
                let inner = self.walk_place(&r.expr, UseKind::MutBorrow);
                Ty::Ptr { mutable: matches!(r.mutability, syn::PointerMutability::Mut(_)), inner: Box::new(inner) }
            }
            syn::Expr::Unary(u) => match u.op {
                syn::UnOp::Deref(_) => {
                    let inner_kind = UseKind::Borrow;
                    let is_place = self.place_root(&u.expr).is_some();
                    let t = if is_place {
                        self.walk_place_deref(&u.expr, kind)
                    } else {
                        self.walk_expr(&u.expr, inner_kind)
                    };
                    if !is_place {
                        self.temp(&u.expr, &t);
                    }
                    infer::deref(&t)
                }
                _ => {
                    let t = self.walk_expr(&u.expr, UseKind::Move);
                    infer::unary(&t)
                }
            },
            syn::Expr::Lit(l) => infer::lit_ty(&l.lit),
            syn::Expr::Paren(p) => self.walk_expr(&p.expr, kind),
            syn::Expr::Group(g) => self.walk_expr(&g.expr, kind),
            syn::Expr::Binary(b) => self.walk_binary(b),
            syn::Expr::Assign(a) => {
                // The assigned value is evaluated first, then the place.
                self.walk_expr(&a.right, UseKind::Move);
                self.walk_assignee(&a.left);
                Ty::Tuple(vec![])
            }
            syn::Expr::Cast(c) => {
                self.walk_expr(&c.expr, UseKind::Move);
                self.index.ty_of(&c.ty, &self.generics)
            }
            syn::Expr::Array(a) => {
                let mut et = Ty::Unknown;
                for (i, x) in a.elems.elements().enumerate() {
                    let t = self.walk_expr(x, UseKind::Move);
                    if i == 0 {
                        et = t;
                    }
                }
                Ty::Array(Box::new(et))
            }
            syn::Expr::Repeat(r) => {
                let t = self.walk_expr(&r.expr, UseKind::Move);
                self.walk_expr(&r.len, UseKind::Move);
                Ty::Array(Box::new(t))
            }
            syn::Expr::Tuple(t) => Ty::Tuple(t.elems.elements().map(|x| self.walk_expr(x, UseKind::Move)).collect()),
            syn::Expr::Index(ix) => {
                let base = if self.place_root(&ix.expr).is_some() {
                    self.walk_place(&ix.expr, UseKind::Borrow)
                } else {
                    self.walk_expr(&ix.expr, UseKind::Borrow)
                };
                if self.place_root(&ix.expr).is_none() {
                    self.temp(&ix.expr, &base);
                }
                self.walk_expr(&ix.index, UseKind::Move);
                infer::index(&base)
            }
            syn::Expr::Range(r) => {
                let mut elem = Ty::Unknown;
                if let Some(s) = &r.start {
                    elem = self.walk_expr(s, UseKind::Move);
                }
                if let Some(s) = &r.end {
                    let t = self.walk_expr(s, UseKind::Move);
                    if elem.is_unknown() {
                        elem = t;
                    }
                }
                Ty::adt(lang::RANGE, vec![elem])
            }
            syn::Expr::Block(b) => {
                let terminating = false;
                self.walk_block(&b.block, terminating)
            }
            syn::Expr::Unsafe(u) => self.walk_block(&u.block, false),
            syn::Expr::Const(c) => self.walk_block(&c.block, true),
            syn::Expr::If(i) => self.walk_if(i),
            syn::Expr::Match(m) => self.walk_match(m),
            syn::Expr::While(w) => self.walk_while(w),
            syn::Expr::Loop(l) => {
                let body = self.range_of(&l.body);
                self.facts.loops.push(LoopInfo { range: body, owner: self.cur });
                let saved = self.region;
                self.region = body;
                self.walk_block(&l.body, true);
                self.region = saved;
                Ty::Unknown
            }
            syn::Expr::ForLoop(f) => self.walk_for(f),
            syn::Expr::Let(l) => {
                // Outside `if`/`while` conditions (handled there): walk the scrutinee only.
                self.walk_expr(&l.expr, UseKind::Borrow);
                Ty::adt("bool", vec![])
            }
            syn::Expr::Break(b) => {
                if let Some(x) = &b.expr {
                    self.walk_expr(x, UseKind::Move);
                }
                Ty::Unknown
            }
            syn::Expr::Return(r) => {
                if let Some(x) = &r.expr {
                    self.walk_expr(x, UseKind::Move);
                }
                Ty::Unknown
            }
            syn::Expr::Yield(y) => {
                if let Some(x) = &y.expr {
                    self.walk_expr(x, UseKind::Move);
                }
                Ty::Unknown
            }
            syn::Expr::Try(t) => {
                let inner = self.walk_expr(&t.expr, UseKind::Move);
                infer::try_output(&inner)
            }
            syn::Expr::TryBlock(t) => self.walk_block(&t.block, true),
            syn::Expr::Await(a) => self.walk_await(a),
            syn::Expr::Async(a) => self.walk_async(a),
            syn::Expr::Closure(c) => self.walk_closure(c, &[]),
            syn::Expr::Call(c) => self.walk_call(c),
            syn::Expr::MethodCall(mc) => self.walk_method_call(mc),
            syn::Expr::Struct(s) => {
                let mut field_tys = vec![];
                for f in s.fields.elements() {
                    let t = self.walk_expr(&f.expr, UseKind::Move);
                    let name = match &f.member {
                        syn::Member::Named(id) => id.to_string(),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    };
                    field_tys.push((name, t));
                }
                if let Some(rest) = &s.rest {
                    self.walk_expr(rest, UseKind::Move);
                }
                infer::struct_lit(self.index, &s.path, &field_tys, self.self_ty.as_deref())
            }
            syn::Expr::Macro(m) => self.walk_macro(&m.mac, self.range_of(m)),
            _ => Ty::Unknown,
        }
    }

    /// `*x` where `x` is a place: a built-in deref of a reference or pointer reads through it
    /// (a copy of the pointer); an overloaded deref (`Rc`, guards) borrows it.
    pub(super) fn walk_place_deref(&mut self, e: &syn::Expr, _kind: UseKind) -> Ty {
        let root = self.place_root(e);
        let ty = root.map(|b| self.facts.bindings[b].ty.clone()).unwrap_or(Ty::Unknown);
        let k = match ty {
            Ty::Ref { .. } | Ty::Ptr { .. } => UseKind::Copy,
            Ty::Unknown => UseKind::Unknown,
            _ => UseKind::Borrow,
        };
        self.walk_place(e, k)
    }

    pub(super) fn walk_assignee(&mut self, left: &syn::Expr) {
        match left {
            syn::Expr::Path(_) | syn::Expr::Field(_) if self.place_root(left).is_some() => {
                let is_plain = matches!(left, syn::Expr::Path(_));
                let start = self.facts.uses.len();
                self.walk_place(left, UseKind::MutBorrow);
                if is_plain {
                    for u in &mut self.facts.uses[start..] {
                        u.reinit = true;
                    }
                }
            }
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                if self.place_root(&u.expr).is_some() {
                    let root = self.place_root(&u.expr);
                    let ty = root.map(|b| self.facts.bindings[b].ty.clone()).unwrap_or(Ty::Unknown);
                    let k =
                        if matches!(ty, Ty::Ref { .. } | Ty::Ptr { .. }) { UseKind::Copy } else { UseKind::MutBorrow };
                    self.walk_place(&u.expr, k);
                } else {
                    let t = self.walk_expr(&u.expr, UseKind::MutBorrow);
                    self.temp(&u.expr, &t);
                }
            }
            syn::Expr::Index(ix) => {
                if self.place_root(&ix.expr).is_some() {
                    self.walk_place(&ix.expr, UseKind::MutBorrow);
                } else {
                    let t = self.walk_expr(&ix.expr, UseKind::MutBorrow);
                    self.temp(&ix.expr, &t);
                }
                self.walk_expr(&ix.index, UseKind::Move);
            }
            syn::Expr::Tuple(t) => {
                for x in t.elems.elements() {
                    self.walk_assignee(x);
                }
            }
            _ => {
                self.walk_expr(left, UseKind::MutBorrow);
            }
        }
    }

    pub(super) fn walk_binary(&mut self, b: &syn::ExprBinary) -> Ty {
        use syn::BinOp::*;
        match b.op {
            AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_) | BitXorAssign(_)
            | BitAndAssign(_) | BitOrAssign(_) | ShlAssign(_) | ShrAssign(_) => {
                self.walk_expr(&b.right, UseKind::Move);
                self.walk_assignee(&b.left);
                Ty::Tuple(vec![])
            }
            And(_) | Or(_) => {
                self.walk_expr(&b.left, UseKind::Move);
                let saved = self.region;
                self.region = self.range_of(&*b.right);
                self.walk_expr(&b.right, UseKind::Move);
                self.region = saved;
                Ty::adt("bool", vec![])
            }
            Eq(_) | Lt(_) | Le(_) | Ne(_) | Ge(_) | Gt(_) => {
                let l = self.walk_operand(&b.left, UseKind::Borrow);
                let _ = l;
                self.walk_operand(&b.right, UseKind::Borrow);
                Ty::adt("bool", vec![])
            }
            _ => {
                let l = self.walk_expr(&b.left, UseKind::Move);
                let r = self.walk_expr(&b.right, UseKind::Move);
                infer::arith(&l, &r)
            }
        }
    }

    pub(super) fn walk_operand(&mut self, e: &syn::Expr, kind: UseKind) -> Ty {
        if self.place_root(e).is_some() {
            self.walk_place(e, kind)
        } else {
            self.walk_expr(e, kind)
        }
    }

    pub(super) fn walk_if(&mut self, i: &syn::ExprIf) -> Ty {
        let then_range = self.range_of(&i.then_branch);
        let saved_temp = self.temp_end;
        let saved_region = self.region;
        self.enter_block_scope();
        let has_let = contains_let(&i.cond);
        if has_let {
            // `if let`: the scrutinee's temporaries live through the whole `if let … else …` in
            // edition 2021, and end before the `else` in 2024.
            if self.edition == Edition::E2024 {
                self.temp_end = then_range.end;
            }
            self.walk_condition(&i.cond, then_range.end, TempContextKind::IfLet, self.range_of(i));
        } else {
            // A plain condition is a terminating scope.
            self.temp_end = self.range_of(&*i.cond).end;
            self.walk_expr(&i.cond, UseKind::Move);
        }
        self.temp_end = saved_temp;
        self.region = then_range;
        let then_ty = self.walk_block(&i.then_branch, false);
        self.exit_block_scope();
        let mut out = then_ty;
        if let Some((_, else_e)) = &i.else_branch {
            self.region = self.range_of(&**else_e);
            let et = self.walk_expr(else_e, UseKind::Move);
            if out.is_unknown() || matches!(out, Ty::Tuple(ref v) if v.is_empty()) {
                out = et;
            }
        } else {
            out = Ty::Tuple(vec![]);
        }
        self.region = saved_region;
        out
    }

    /// Walks an `if`/`while` condition with `let` patterns, binding their names until `scope_end`.
    pub(super) fn walk_condition(&mut self, cond: &syn::Expr, scope_end: usize, ctx: TempContextKind, whole: Range) {
        match cond {
            syn::Expr::Let(l) => {
                let scrut_range = self.range_of(&*l.expr);
                let temps_before = self.facts.temps.len();
                let t = self.walk_expr(&l.expr, UseKind::Borrow);
                self.temp(&l.expr, &t);
                for tmp in &mut self.facts.temps[temps_before..] {
                    tmp.context = match ctx {
                        TempContextKind::IfLet => TempContext::IfLet { scrutinee: scrut_range, whole },
                        TempContextKind::WhileLet => TempContext::WhileLet { scrutinee: scrut_range, whole },
                    };
                }
                let end = self.range_of(cond).end;
                self.bind_pat(&l.pat, &t, end, scope_end, false);
            }
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
                self.walk_condition(&b.left, scope_end, ctx, whole);
                self.walk_condition(&b.right, scope_end, ctx, whole);
            }
            syn::Expr::Paren(p) => self.walk_condition(&p.expr, scope_end, ctx, whole),
            other => {
                self.walk_expr(other, UseKind::Move);
            }
        }
    }

    pub(super) fn walk_match(&mut self, m: &syn::ExprMatch) -> Ty {
        let whole = self.range_of(m);
        let scrut_range = self.range_of(&*m.expr);
        let temps_before = self.facts.temps.len();
        let kind = if self.place_root(&m.expr).is_some() { UseKind::Borrow } else { UseKind::Move };
        let t = self.walk_operand(&m.expr, kind);
        self.temp(&m.expr, &t);
        for tmp in &mut self.facts.temps[temps_before..] {
            tmp.context = TempContext::Match { scrutinee: scrut_range, whole };
        }
        let saved_region = self.region;
        let saved_temp = self.temp_end;
        let mut out = Ty::Unknown;
        for arm in &m.arms {
            let arm_range = self.range_of(arm);
            self.region = arm_range;
            self.enter_block_scope();
            let body_range = self.range_of(&*arm.body);
            self.bind_pat(&arm.pat, &t, body_range.start, arm_range.end, false);
            if let syn::Pat::Guard(g) = &arm.pat {
                self.walk_expr(&g.guard, UseKind::Move);
            }
            self.temp_end = body_range.end;
            let at = self.walk_expr(&arm.body, UseKind::Move);
            if out.is_unknown() {
                out = at;
            }
            self.exit_block_scope();
        }
        self.temp_end = saved_temp;
        self.region = saved_region;
        out
    }

    pub(super) fn walk_while(&mut self, w: &syn::ExprWhile) -> Ty {
        let whole = self.range_of(w);
        let body = self.range_of(&w.body);
        self.facts.loops.push(LoopInfo { range: whole, owner: self.cur });
        let saved_temp = self.temp_end;
        let saved_region = self.region;
        self.region = whole;
        self.enter_block_scope();
        if contains_let(&w.cond) {
            // `while let`: the scrutinee's temporaries live through the body, in both editions.
            self.temp_end = body.end;
            self.walk_condition(&w.cond, body.end, TempContextKind::WhileLet, whole);
        } else {
            self.temp_end = self.range_of(&*w.cond).end;
            self.walk_expr(&w.cond, UseKind::Move);
        }
        self.temp_end = saved_temp;
        self.walk_block(&w.body, true);
        self.exit_block_scope();
        self.region = saved_region;
        Ty::Tuple(vec![])
    }

    pub(super) fn walk_for(&mut self, f: &syn::ExprForLoop) -> Ty {
        let whole = self.range_of(f);
        let body = self.range_of(&f.body);
        let iter_range = self.range_of(&*f.expr);
        let temps_before = self.facts.temps.len();
        let it_ty = self.walk_operand(&f.expr, UseKind::Move);
        // The iterator itself lives through the loop, like a hidden binding.
        self.temp(&f.expr, &it_ty);
        for tmp in &mut self.facts.temps[temps_before..] {
            tmp.context = TempContext::ForIter { iter: iter_range, whole };
            if tmp.dies_at < whole.end {
                tmp.dies_at = whole.end;
            }
        }
        let borrows = self.borrowed_local(&f.expr).or_else(|| match &*f.expr {
            syn::Expr::Reference(r) => self.place_root(&r.expr),
            _ => None,
        });
        self.facts.loops.push(LoopInfo { range: whole, owner: self.cur });
        let saved_region = self.region;
        self.region = whole;
        self.enter_block_scope();
        let elem = infer::iter_item(&it_ty);
        let bound = self.bind_pat(&f.pat, &elem, body.start, body.end, false);
        for b in bound {
            self.facts.bindings[b].borrows = borrows;
        }
        self.walk_block(&f.body, true);
        self.exit_block_scope();
        self.region = saved_region;
        Ty::Tuple(vec![])
    }

    pub(super) fn walk_await(&mut self, a: &syn::ExprAwait) -> Ty {
        let base = self.walk_expr(&a.base, UseKind::Move);
        let range = self.range(a.await_token.span);
        let expr = self.range_of(a);
        if base.is(lang::TRAIT_FUTURE) {
            // Held across its own await, like any awaited future.
            let r = self.range_of(&*a.base);
            self.facts.temps.push(Temp {
                range: r,
                ty: base.clone(),
                dies_at: expr.end,
                owner: self.cur,
                context: TempContext::Statement { stmt: self.stmt },
            });
        }
        self.facts.awaits.push(Await { range, expr, base_ty: base.clone(), owner: self.cur, in_macro: false });
        infer::await_output(self.index, &self.facts, &base)
    }

    pub(super) fn new_coroutine(
        &mut self,
        kind: CoroutineKind,
        is_move: bool,
        range: Range,
        head: Range,
        body: Range,
    ) -> CoroutineId {
        let id = self.facts.coroutines.len();
        self.facts.coroutines.push(Coroutine {
            kind,
            is_move,
            range,
            head,
            body,
            parent: Some(self.cur),
            output: Ty::Unknown,
            output_range: None,
            params: vec![],
        });
        id
    }

    pub(super) fn walk_async(&mut self, a: &syn::ExprAsync) -> Ty {
        let range = self.range_of(a);
        let head_end = a.capture.map(|m| self.range(m.span).end).unwrap_or_else(|| self.range(a.async_token.span).end);
        let head = Range::new(range.start, head_end);
        let body = self.range_of(&a.block);
        let id = self.new_coroutine(CoroutineKind::AsyncBlock, a.capture.is_some(), range, head, body);
        let saved = (self.cur, self.region, self.temp_end, self.stmt, self.block);
        self.cur = id;
        self.region = body;
        self.temp_end = body.end;
        let out = self.walk_block(&a.block, true);
        self.facts.coroutines[id].output = out;
        self.facts.coroutines[id].output_range = a.block.stmts.last().map(|s| self.range_of(s));
        (self.cur, self.region, self.temp_end, self.stmt, self.block) = saved;
        Ty::Future(id)
    }

    pub(super) fn walk_closure(&mut self, c: &syn::ExprClosure, param_tys: &[Ty]) -> Ty {
        let range = self.range_of(c);
        let head_end = self.range(c.inputs_end.span).end;
        let head = Range::new(range.start, head_end);
        let body = self.range_of(&*c.body);
        let id = self.new_coroutine(CoroutineKind::Closure, c.capture.is_some(), range, head, body);
        let saved = (self.cur, self.region, self.temp_end, self.stmt, self.block);
        self.cur = id;
        self.region = body;
        self.temp_end = body.end;
        self.stmt = body;
        self.enter_block_scope();
        let mut params = vec![];
        for (i, p) in c.inputs.elements().enumerate() {
            let t = param_tys.get(i).cloned().unwrap_or(Ty::Unknown);
            params.extend(self.bind_pat(p, &t, body.start, body.end, false));
        }
        for b in &params {
            self.facts.bindings[*b].is_param = true;
        }
        let out = self.walk_expr(&c.body, UseKind::Move);
        self.exit_block_scope();
        self.facts.coroutines[id].output = out;
        self.facts.coroutines[id].output_range = Some(body);
        self.facts.coroutines[id].params = params;
        (self.cur, self.region, self.temp_end, self.stmt, self.block) = saved;
        if c.asyncness.is_some() {
            return Ty::Unknown;
        }
        Ty::Closure(id)
    }
}
