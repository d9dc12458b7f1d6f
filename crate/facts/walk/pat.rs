//! Patterns: the bindings a `let`, a parameter, an arm or a `for` declares, with their types.

use crate::facts::infer;
use crate::facts::*;
use crate::fast::punctuated::Elements;
use crate::items::ty::Ty;

use super::Walker;

impl<'i, 'a, 't> Walker<'i, 'a, 't> {
    /// Binds the names of a pattern matched against a value of type `ty`.
    pub(super) fn bind_pat(
        &mut self,
        pat: &syn::Pat,
        ty: &Ty,
        decl_end: usize,
        scope_end: usize,
        by_ref: bool,
    ) -> Vec<BindingId> {
        let mut out = vec![];
        self.bind_pat_into(pat, ty, decl_end, scope_end, by_ref, &mut out, 0);
        out
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn bind_pat_into(
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
}
