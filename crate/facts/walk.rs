//! One walk over every function body that collects the facts (see `facts.rs`) and infers the
//! types of expressions on the way. Names resolve through a scope stack, so shadowing works.

use crate::fast::punctuated::Elements;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::Token;

use crate::facts::infer;
use crate::facts::*;
use crate::fast::edges::Edges;
use crate::items::ty::{CoroutineId, Ty};
use crate::items::{FnDef, ItemIndex, SelfKind};
use crate::knowledge::frameworks;
use crate::knowledge::lang;
use crate::knowledge::{self, SpawnReq};
use crate::options::Edition;
use crate::syntax::macros::{self, MacroArgs};
use crate::syntax::text::{IdentText, Range, SourceText};

/// Deepest expression nesting we walk; deeper code is left unjudged (see `limits.rs`).
const MAX_DEPTH: usize = 200;

pub struct Walker<'i, 'a, 't> {
    pub index: &'i ItemIndex<'a>,
    pub text: &'t SourceText<'t>,
    pub edition: Edition,
    pub facts: Facts,
    /// The bindings each open scope declared, innermost last.
    scopes: Vec<Vec<BindingId>>,
    /// The bindings each name refers to, latest last. A scope's declarations are always newer
    /// than those of the scopes around it, so the last entry is what `lookup` resolves to; kept
    /// by name because a function body of thousands of `let`s made a scan of the scopes
    /// quadratic.
    visible: crate::fast::hash::HashMap<String, Vec<BindingId>>,
    cur: CoroutineId,
    region: Range,
    temp_end: usize,
    stmt: Range,
    generics: Vec<String>,
    generic_params: Vec<crate::items::GenericParam>,
    self_ty: Option<String>,
    block: Option<(usize, usize)>,
    depth: usize,
    /// Arguments of the latest calls of local async fns, by call range (for spawn sites).
    async_call_args: Vec<(Range, Vec<ArgInfo>)>,
    /// Set when walking deeper than `MAX_DEPTH`: the facts are incomplete.
    pub truncated: bool,
    /// Every macro body parsed on the walk, by the macro's address in the syntax tree. Keeping
    /// them all alive keeps each address unique: the macros nested in a parsed body live in
    /// it, so no later allocation can take an address that is a key here. The pointers are
    /// only compared, never read through.
    pub macro_bodies: macros::MacroBodies,
}

impl<'i, 'a, 't> Walker<'i, 'a, 't> {
    pub fn new(index: &'i ItemIndex<'a>, text: &'t SourceText<'t>, edition: Edition) -> Self {
        Walker {
            index,
            text,
            edition,
            facts: Facts::default(),
            scopes: vec![],
            visible: Default::default(),
            cur: 0,
            region: Range::default(),
            temp_end: 0,
            stmt: Range::default(),
            generics: vec![],
            generic_params: vec![],
            self_ty: None,
            block: None,
            depth: 0,
            async_call_args: vec![],
            truncated: false,
            macro_bodies: Default::default(),
        }
    }

    fn range(&self, s: proc_macro2::Span) -> Range {
        self.text.range_of(s)
    }

    /// The node's byte range. `edges` reads its first and last token from the tree; printing
    /// it (`Spanned`) is the fallback for what `edges` does not cover (see `edges.rs`).
    fn range_of<T: Spanned + Edges>(&self, node: &T) -> Range {
        match node.edges() {
            Some((first, last)) => self.text.range_between(first, last),
            None => self.text.range_of(node.span()),
        }
    }

    /// Walks every function and method body of the file.
    pub fn walk_file(&mut self) {
        let index = self.index;
        for key in &index.bodies {
            let def = index.fns.get(key).or_else(|| index.methods.get(key));
            if let Some(def) = def {
                self.walk_fn(key, def);
            }
        }
    }

    fn walk_fn(&mut self, key: &str, def: &FnDef<'a>) {
        let Some(body) = def.body else { return };
        let body_range = self.range_of(body);
        let range = def.sig_range.cover(body_range);
        let id = self.facts.coroutines.len();
        self.facts.coroutines.push(Coroutine {
            kind: CoroutineKind::FnBody { name: key.to_string(), is_async: def.is_async },
            is_move: true,
            range,
            head: def.name_range,
            body: body_range,
            parent: None,
            output: def.ret.clone(),
            output_range: def.ret_range,
            params: vec![],
        });
        if def.is_async {
            self.facts.async_fns.push((key.to_string(), id));
        }
        self.cur = id;
        self.region = range;
        self.generics = def.generics.iter().map(|g| g.name.clone()).collect();
        self.generic_params = def.generics.clone();
        self.self_ty = def.impl_of.clone();
        self.enter_block_scope();
        let mut params = vec![];
        if def.self_kind != SelfKind::None {
            let self_ty = def.impl_of.as_ref().map(|s| Ty::adt(format!("crate::{s}"), vec![])).unwrap_or(Ty::Unknown);
            let ty = match def.self_kind {
                SelfKind::Ref => Ty::reference(self_ty, false),
                SelfKind::RefMut => Ty::reference(self_ty, true),
                _ => self_ty,
            };
            let by_ref = matches!(ty, Ty::Ref { .. });
            let b = self.declare("self", def.name_range, ty, body_range.start, body_range.end, true);
            // `&self` is borrowed from the caller: a `'static` task may not keep it.
            self.facts.bindings[b].borrowed_from_caller = by_ref;
            params.push(b);
        }
        for p in &def.params {
            let start = self.facts.bindings.len();
            self.bind_pat(p.pat, &p.ty, body_range.start, body_range.end, false);
            for b in start..self.facts.bindings.len() {
                self.facts.bindings[b].is_param = true;
                let is_ref = matches!(self.facts.bindings[b].ty, Ty::Ref { .. });
                self.facts.bindings[b].borrowed_from_caller = is_ref && !p.static_ref;
                params.push(b);
            }
        }
        self.facts.coroutines[id].params = params;
        self.temp_end = body_range.end;
        self.stmt = body_range;
        let out = self.walk_block(body, true);
        self.exit_block_scope();
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
        } else if let (Ty::Opaque { send: true, .. }, Ty::Future(f)) = (&def.ret, peel_pin_box(&out)) {
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

    fn declare(
        &mut self,
        name: &str,
        range: Range,
        ty: Ty,
        decl_end: usize,
        scope_end: usize,
        is_param: bool,
    ) -> BindingId {
        let id = self.facts.bindings.len();
        self.facts.bindings.push(Binding {
            name: name.to_string(),
            range,
            ty,
            decl_end,
            scope_end,
            owner: self.cur,
            is_param,
            mutable: false,
            borrows: None,
            borrowed_from_caller: false,
            stmt: None,
            init: None,
            opaque: false,
        });
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(id);
            match self.visible.get_mut(name) {
                Some(ids) => ids.push(id),
                None => {
                    self.visible.insert(name.to_string(), vec![id]);
                }
            }
        }
        id
    }

    pub fn lookup(&self, name: &str) -> Option<BindingId> {
        self.visible.get(name).and_then(|ids| ids.last().copied())
    }

    /// Binds the names of a pattern matched against a value of type `ty`.
    fn bind_pat(&mut self, pat: &syn::Pat, ty: &Ty, decl_end: usize, scope_end: usize, by_ref: bool) -> Vec<BindingId> {
        let mut out = vec![];
        self.bind_pat_into(pat, ty, decl_end, scope_end, by_ref, &mut out, 0);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn bind_pat_into(
        &mut self,
        pat: &syn::Pat,
        ty: &Ty,
        decl_end: usize,
        scope_end: usize,
        by_ref: bool,
        out: &mut Vec<BindingId>,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        // Default binding modes: a non-reference pattern against a reference binds by reference.
        let (ty, by_ref) = match (pat, ty) {
            (syn::Pat::Ident(_) | syn::Pat::Wild(_) | syn::Pat::Reference(_), _) => (ty.clone(), by_ref),
            (_, Ty::Ref { inner, .. }) => ((**inner).clone(), true),
            _ => (ty.clone(), by_ref),
        };
        match pat {
            syn::Pat::Ident(pi) => {
                if let Some((_, sub)) = &pi.subpat {
                    self.bind_pat_into(sub, &ty, decl_end, scope_end, by_ref, out, depth + 1);
                }
                let name = pi.ident.to_string();
                // A path-like pattern naming a unit variant or constant binds nothing.
                if pi.subpat.is_none() && (name == "None" || self.index.consts.contains_key(&name)) {
                    return;
                }
                let t = if by_ref || pi.by_ref.is_some() {
                    Ty::reference(ty, pi.mutability.is_some() && pi.by_ref.is_some())
                } else {
                    ty
                };
                let b = self.declare(&name, self.range_of(pi), t, decl_end, scope_end, false);
                self.facts.bindings[b].mutable = pi.mutability.is_some();
                out.push(b);
            }
            syn::Pat::Type(pt) => {
                let t = self.index.ty_of(&pt.ty, &self.generics);
                self.bind_pat_into(&pt.pat, &t, decl_end, scope_end, by_ref, out, depth + 1);
            }
            syn::Pat::Reference(r) => {
                let inner = match &ty {
                    Ty::Ref { inner, .. } => (**inner).clone(),
                    _ => Ty::Unknown,
                };
                self.bind_pat_into(&r.pat, &inner, decl_end, scope_end, false, out, depth + 1);
            }
            syn::Pat::Tuple(t) => {
                for (i, p) in t.elems.elements().enumerate() {
                    let et = match &ty {
                        Ty::Tuple(items) => items.get(i).cloned().unwrap_or(Ty::Unknown),
                        _ => Ty::Unknown,
                    };
                    self.bind_pat_into(p, &et, decl_end, scope_end, by_ref, out, depth + 1);
                }
            }
            syn::Pat::TupleStruct(ts) => {
                let resolved = self.index.resolve_path(&ts.path);
                for (i, p) in ts.elems.elements().enumerate() {
                    let et = infer::tuple_struct_field(self.index, resolved.as_deref(), &ty, i);
                    self.bind_pat_into(p, &et, decl_end, scope_end, by_ref, out, depth + 1);
                }
            }
            syn::Pat::Struct(ps) => {
                for f in ps.fields.elements() {
                    let fname = match &f.member {
                        syn::Member::Named(id) => id.to_string(),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    };
                    let ft = infer::field_ty(self.index, &ty, &fname);
                    self.bind_pat_into(&f.pat, &ft, decl_end, scope_end, by_ref, out, depth + 1);
                }
            }
            syn::Pat::Or(po) => {
                if let Some(first) = po.cases.first_element() {
                    self.bind_pat_into(first, &ty, decl_end, scope_end, by_ref, out, depth + 1);
                }
            }
            syn::Pat::Paren(pp) => self.bind_pat_into(&pp.pat, &ty, decl_end, scope_end, by_ref, out, depth + 1),
            syn::Pat::Slice(ps) => {
                let et = match &ty {
                    Ty::Array(e) | Ty::Slice(e) => (**e).clone(),
                    _ => Ty::Unknown,
                };
                for p in ps.elems.elements() {
                    self.bind_pat_into(p, &et, decl_end, scope_end, by_ref, out, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn enter_block_scope(&mut self) {
        self.scopes.push(vec![]);
    }

    fn exit_block_scope(&mut self) {
        for id in self.scopes.pop().unwrap_or_default() {
            if let Some(ids) = self.visible.get_mut(&self.facts.bindings[id].name) {
                ids.pop();
            }
        }
    }

    /// Walks a block; `terminating` when its tail's temporaries end with it (fn bodies,
    /// closure and async bodies, match arms; every block in edition 2024).
    fn walk_block(&mut self, block: &syn::Block, terminating: bool) -> Ty {
        let range = self.range_of(block);
        let block_id = self.facts.blocks.len();
        self.facts.blocks.push(BlockInfo {
            range,
            stmts: block.stmts.iter().map(|s| self.range_of(s)).collect(),
            owner: self.cur,
        });
        self.enter_block_scope();
        let saved_stmt = self.stmt;
        let saved_temp = self.temp_end;
        let saved_block = self.block;
        let mut out = Ty::Tuple(vec![]);
        let n = block.stmts.len();
        for (i, stmt) in block.stmts.iter().enumerate() {
            self.block = Some((block_id, i));
            // Computed above for the block's facts.
            let srange = self.facts.blocks[block_id].stmts[i];
            self.stmt = srange;
            let is_tail = i + 1 == n && matches!(stmt, syn::Stmt::Expr(_, None));
            self.temp_end =
                if is_tail && !terminating && self.edition == Edition::E2021 { saved_temp } else { srange.end };
            if is_tail && (terminating || self.edition == Edition::E2024) {
                self.temp_end = range.end;
            }
            let t = self.walk_stmt(stmt, srange, range.end);
            if is_tail {
                out = t;
            }
        }
        self.exit_block_scope();
        self.stmt = saved_stmt;
        self.temp_end = saved_temp;
        self.block = saved_block;
        out
    }

    /// `stmt_range`: the statement's range, as `walk_block` computed it for the block's facts.
    fn walk_stmt(&mut self, stmt: &syn::Stmt, stmt_range: Range, block_end: usize) -> Ty {
        match stmt {
            syn::Stmt::Local(local) => {
                let mut init_ty = Ty::Unknown;
                let mut borrows = None;
                let mut init_range = None;
                if let Some(init) = &local.init {
                    // `let x = &temp();` extends the temporary to the end of the block.
                    if matches!(&*init.expr, syn::Expr::Reference(_)) {
                        self.temp_end = block_end;
                    }
                    init_ty = self.walk_expr(&init.expr, UseKind::Move);
                    borrows = self.borrowed_local(&init.expr);
                    init_range = Some(self.range_of(&*init.expr));
                    if let Some((_, diverge)) = &init.diverge {
                        let saved = self.region;
                        self.region = self.range_of(&**diverge);
                        self.walk_expr(diverge, UseKind::Move);
                        self.region = saved;
                    }
                }
                let annotated = match &local.pat {
                    syn::Pat::Type(pt) => Some(self.index.ty_of(&pt.ty, &self.generics)),
                    _ => None,
                };
                let ty = match annotated {
                    Some(t) if !t.is_unknown() => infer::merge_annotation(t, init_ty),
                    _ => init_ty,
                };
                if let (syn::Pat::Wild(_), Some(init)) = (&local.pat, init_range) {
                    self.facts.wild_lets.push((stmt_range, init, ty.clone()));
                }
                // `let _ = expr;` binds nothing: the value is dropped at once.
                let bound = self.bind_pat(&local.pat, &ty, stmt_range.end, block_end, false);
                for b in bound {
                    let binding = &mut self.facts.bindings[b];
                    binding.borrows = borrows.or(binding.borrows);
                    binding.init = init_range;
                    binding.stmt = self.block.map(|(block, index)| StmtRef { block, index });
                }
                Ty::Tuple(vec![])
            }
            syn::Stmt::Item(_) => Ty::Tuple(vec![]),
            syn::Stmt::Expr(e, _) => self.walk_expr(e, UseKind::Move),
            syn::Stmt::Macro(m) => self.walk_macro(&m.mac, stmt_range),
        }
    }

    /// The local a borrowing expression borrows from: `&x`, `&x[..]`, `x.iter()`, `x.as_str()`.
    fn borrowed_local(&self, e: &syn::Expr) -> Option<BindingId> {
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
    fn place_root(&self, e: &syn::Expr) -> Option<BindingId> {
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

    fn record_use(&mut self, b: BindingId, range: Range, fields: Vec<String>, kind: UseKind, reinit: bool) {
        self.facts.uses.push(Use { binding: b, range, fields, kind, owner: self.cur, region: self.region, reinit });
    }

    /// How a value of type `ty` is used when taken by value.
    fn by_value(&self, ty: &Ty) -> UseKind {
        match infer::is_copy(self.index, ty) {
            Some(true) => UseKind::Copy,
            Some(false) => UseKind::Move,
            None => UseKind::Unknown,
        }
    }

    /// Records a temporary: a value created by `e` that lives until the end of the current
    /// temporary scope because it is used in place (borrowed) rather than moved.
    fn temp(&mut self, e: &syn::Expr, ty: &Ty) {
        if matches!(
            e,
            syn::Expr::Path(_) | syn::Expr::Field(_) | syn::Expr::Index(_) | syn::Expr::Paren(_) | syn::Expr::Lit(_)
        ) {
            return;
        }
        if ty.is_unknown() {
            return;
        }
        let range = self.range_of(e);
        self.facts.temps.push(Temp {
            range,
            ty: ty.clone(),
            dies_at: self.temp_end,
            owner: self.cur,
            context: TempContext::Statement { stmt: self.stmt },
        });
    }

    /// Walks a place expression used as `kind`, recording the use with its field path.
    fn walk_place(&mut self, e: &syn::Expr, kind: UseKind) -> Ty {
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

    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.truncated = true;
            return false;
        }
        true
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

    fn walk_expr_inner(&mut self, e: &syn::Expr, kind: UseKind) -> Ty {
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
    fn walk_place_deref(&mut self, e: &syn::Expr, _kind: UseKind) -> Ty {
        let root = self.place_root(e);
        let ty = root.map(|b| self.facts.bindings[b].ty.clone()).unwrap_or(Ty::Unknown);
        let k = match ty {
            Ty::Ref { .. } | Ty::Ptr { .. } => UseKind::Copy,
            Ty::Unknown => UseKind::Unknown,
            _ => UseKind::Borrow,
        };
        self.walk_place(e, k)
    }

    fn walk_assignee(&mut self, left: &syn::Expr) {
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

    fn walk_binary(&mut self, b: &syn::ExprBinary) -> Ty {
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

    fn walk_operand(&mut self, e: &syn::Expr, kind: UseKind) -> Ty {
        if self.place_root(e).is_some() {
            self.walk_place(e, kind)
        } else {
            self.walk_expr(e, kind)
        }
    }

    fn walk_if(&mut self, i: &syn::ExprIf) -> Ty {
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
    fn walk_condition(&mut self, cond: &syn::Expr, scope_end: usize, ctx: TempContextKind, whole: Range) {
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

    fn walk_match(&mut self, m: &syn::ExprMatch) -> Ty {
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

    fn walk_while(&mut self, w: &syn::ExprWhile) -> Ty {
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

    fn walk_for(&mut self, f: &syn::ExprForLoop) -> Ty {
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

    fn walk_await(&mut self, a: &syn::ExprAwait) -> Ty {
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

    fn new_coroutine(
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

    fn walk_async(&mut self, a: &syn::ExprAsync) -> Ty {
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

    fn walk_closure(&mut self, c: &syn::ExprClosure, param_tys: &[Ty]) -> Ty {
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

    /// Walks a call's arguments. Their ranges are computed only `with_ranges`: they are read
    /// where a call is recorded (a spawn site, a route, a local async fn's call, a method call
    /// a fix reads), and elsewhere they are `Range::empty(0)`.
    fn walk_args(
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

    fn walk_call(&mut self, c: &syn::ExprCall) -> Ty {
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
        if let Some(req) = spawn_req {
            let (call, callee) = call_and_callee(self);
            self.record_spawn(req, call, callee, &args);
        }
        if let (Some(r), Some(i)) = (&resolved, route) {
            let (call, callee) = call_and_callee(self);
            self.record_handler(r, i, &c.args, args.clone(), call, callee);
        }
        // The future of a local async fn, with its arguments.
        if let Some(def) = async_fn {
            let call = self.range_of(c);
            self.async_call_args.push((call, args));
            return Ty::AsyncFnFuture { func: def.name.clone(), args: arg_tys };
        }
        ret
    }

    /// A function of the file whose generic parameter demands `Send`/`'static` of a future or
    /// closure argument: calling it is a spawn site.
    fn local_spawner(&self, resolved: &str) -> Option<SpawnReq> {
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

    fn resolve_callee(&self, path: &syn::Path) -> Option<String> {
        let segs: Vec<String> = path.segments.elements().map(|s| s.ident.to_string()).collect();
        if segs.len() >= 2 && segs[0] == "Self" {
            let mut s = segs.clone();
            s[0] = self.self_ty.clone()?;
            return self.index.resolve_segments(&s);
        }
        self.index.resolve_segments(&segs)
    }

    fn trait_async_method(&self, recv: &Ty, method: &str) -> Option<String> {
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

    fn push_framework_site(
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
    fn record_handler(
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

    fn record_spawn(&mut self, req: SpawnReq, call: Range, callee: Range, args: &[ArgInfo]) {
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

    fn walk_method_call(&mut self, mc: &syn::ExprMethodCall) -> Ty {
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
        // Spawning methods of known types, and methods of the file's own types.
        let key = info.self_ty.path().map(|p| knowledge::join_path(p, method));
        let spawn_req = info.row.and_then(|r| r.sig.spawn.as_ref()).map(SpawnReq::known);
        let route = key.as_deref().and_then(frameworks::axum_route);
        let wanted = info.self_ty.path().is_some_and(|p| MethodCall::wanted(p, method));
        let with_state = info.self_ty.is(frameworks::SHARED_STATE.0) && method == frameworks::SHARED_STATE.1;
        let args = self.walk_args(&mc.args, &[], wanted || spawn_req.is_some() || route.is_some() || with_state);
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
        if let Some(req) = spawn_req {
            self.record_spawn(req, self.range_of(mc), self.range(mc.method.span()), &args);
        }
        if let (Some(key), Some(i)) = (&key, route) {
            self.record_handler(key, i, &mc.args, args.clone(), self.range_of(mc), self.range(mc.method.span()));
        }
        // axum's state is shared between threads.
        if with_state {
            if let Some(a) = args.first() {
                let mut req = SpawnReq::framework("with_state", frameworks::AXUM_STATE_WHY);
                req.needs_sync = true;
                self.facts.spawns.push(SpawnSite {
                    req,
                    call: self.range_of(mc),
                    callee: self.range(mc.method.span()),
                    arg: a.range,
                    arg_ty: a.ty.clone(),
                    task: TaskArg::Other,
                    owner: self.cur,
                    stmt: self.stmt,
                });
            }
        }
        // `async { .. }.boxed()` makes a `BoxFuture`, which must be `Send`.
        if method == frameworks::BOXES_SEND && matches!(recv_ty, Ty::Future(_) | Ty::AsyncFnFuture { .. }) {
            let recv =
                ArgInfo { range: self.range_of(&*mc.receiver), ty: recv_ty.clone(), binding: None, borrows: None };
            let req = SpawnReq::framework("FutureExt::boxed", frameworks::BOXED_WHY);
            self.record_spawn(req, self.range_of(mc), self.range(mc.method.span()), &[recv]);
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

    fn walk_macro(&mut self, mac: &syn::Macro, range: Range) -> Ty {
        let name = mac.path.segments.last_element().map(|s| s.ident.to_string()).unwrap_or_default();
        // Kept for the mention visitor, which reads the same bodies (see `ParsedBody`).
        let parsed = match self.macro_bodies.get(mac) {
            Some(parsed) => parsed.clone(),
            None => {
                let parsed = std::rc::Rc::new(macros::parse(mac, &name));
                self.macro_bodies.insert(mac, parsed.clone());
                parsed
            }
        };
        match parsed.args() {
            MacroArgs::Format { target, exprs, format } => {
                if let Some(t) = target {
                    self.walk_operand(t, UseKind::MutBorrow);
                }
                for e in &exprs {
                    self.walk_operand(e, UseKind::Borrow);
                }
                if let Some(lit) = format {
                    let lit_range = self.range_of(lit);
                    let src = self.text.slice(lit_range);
                    for (offset, len, ident) in macros::inline_args(src) {
                        if let Some(b) = self.lookup(&ident) {
                            let r = Range::new(lit_range.start + offset, lit_range.start + offset + len);
                            self.record_use(b, r, vec![], UseKind::Borrow, false);
                        }
                    }
                }
                if name == "format" {
                    Ty::adt(lang::STRING, vec![])
                } else {
                    Ty::Tuple(vec![])
                }
            }
            MacroArgs::Values { exprs, kind } => {
                let mut tys = vec![];
                for e in &exprs {
                    tys.push(self.walk_operand(e, UseKind::Move));
                }
                match kind {
                    macros::ValuesKind::Vec => Ty::adt(lang::VEC, vec![tys.first().cloned().unwrap_or(Ty::Unknown)]),
                    macros::ValuesKind::Dbg => tys.into_iter().next().unwrap_or(Ty::Unknown),
                    macros::ValuesKind::Join => {
                        self.facts.awaits.push(Await {
                            range,
                            expr: range,
                            base_ty: Ty::Unknown,
                            owner: self.cur,
                            in_macro: true,
                        });
                        Ty::Tuple(tys.iter().map(|t| infer::await_output(self.index, &self.facts, t)).collect())
                    }
                }
            }
            MacroArgs::Select { branches } => {
                for (fut, pat, handler) in branches {
                    let t = self.walk_operand(fut, UseKind::Move);
                    let _ = t;
                    let _ = pat;
                    let _ = handler;
                }
                self.facts.awaits.push(Await {
                    range,
                    expr: range,
                    base_ty: Ty::Unknown,
                    owner: self.cur,
                    in_macro: true,
                });
                let saved = self.region;
                for (_, pat, handler) in branches {
                    let hr = self.range_of(handler);
                    self.region = hr;
                    self.enter_block_scope();
                    if let Some(p) = pat {
                        self.bind_pat(p, &Ty::Unknown, hr.start, hr.end, false);
                    }
                    self.walk_expr(handler, UseKind::Move);
                    self.exit_block_scope();
                }
                self.region = saved;
                Ty::Unknown
            }
            MacroArgs::Opaque => {
                // A macro we do not understand: every local it names has uses we cannot see.
                for ident in macros::idents(&mac.tokens) {
                    if let Some(b) = self.lookup(&ident) {
                        self.facts.bindings[b].opaque = true;
                    }
                }
                Ty::Unknown
            }
        }
    }
}

#[derive(Clone, Copy)]
enum TempContextKind {
    IfLet,
    WhileLet,
}

fn contains_let(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Let(_) => true,
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => contains_let(&b.left) || contains_let(&b.right),
        syn::Expr::Paren(p) => contains_let(&p.expr),
        _ => false,
    }
}

/// `Box::pin(fut)`, `Pin<Box<F>>` → `F`.
fn peel_pin_box(t: &Ty) -> &Ty {
    let mut t = t;
    while let Ty::Adt { path, args } = t {
        if (path == lang::PIN || path == lang::BOX) && !args.is_empty() {
            t = &args[0];
        } else {
            break;
        }
    }
    t
}
