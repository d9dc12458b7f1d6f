//! One walk over every function body that collects the facts (`facts/mod.rs`) and infers the
//! types of expressions on the way (`facts/infer.rs`). Names resolve through a scope stack, so
//! shadowing works.
//!
//! - `mod.rs`: the walker, functions, blocks, statements, scopes and temporaries;
//! - `pat.rs`: patterns and the bindings they declare;
//! - `expr.rs`: expressions, places, control flow, async blocks and closures;
//! - `call.rs`: calls and method calls;
//! - `sites.rs`: where a `Send` (or `'static`) task is demanded: spawn functions, axum routes and
//!   state, `.boxed()`, `#[async_trait]`, `impl Future + Send` returns (read from `knowledge`);
//! - `macros.rs`: the macros whose arguments sendlens understands.

use syn::spanned::Spanned;

use crate::facts::infer;
use crate::facts::*;
use crate::fast::edges::Edges;
use crate::items::ty::{CoroutineId, Ty};
use crate::items::{FnDef, ItemIndex, SelfKind};
use crate::knowledge::lang;
use crate::options::Edition;
use crate::syntax::macros::{self};
use crate::syntax::text::{Range, SourceText};

mod call;
mod expr;
mod macro_calls;
mod pat;
mod sites;

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
        self.signature_sites(key, def, body_range, &out, id);
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

    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.truncated = true;
            return false;
        }
        true
    }
}

#[derive(Clone, Copy)]
pub(super) enum TempContextKind {
    IfLet,
    WhileLet,
}

pub(super) fn contains_let(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Let(_) => true,
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => contains_let(&b.left) || contains_let(&b.right),
        syn::Expr::Paren(p) => contains_let(&p.expr),
        _ => false,
    }
}

/// `Box::pin(fut)`, `Pin<Box<F>>` → `F`.
pub(super) fn peel_pin_box(t: &Ty) -> &Ty {
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
