//! Macros whose arguments sendlens understands (format macros, `vec!`, `join!`, `select!`); any
//! other marks the locals it names as used in ways not seen.

use crate::facts::infer;
use crate::facts::*;
use crate::fast::punctuated::Elements;
use crate::items::ty::Ty;
use crate::knowledge::lang;
use crate::syntax::macros::{self, MacroArgs};
use crate::syntax::text::Range;

use super::Walker;

impl<'i, 'a, 't> Walker<'i, 'a, 't> {
    pub(super) fn walk_macro(&mut self, mac: &syn::Macro, range: Range) -> Ty {
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
