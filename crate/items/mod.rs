//! The item index: what the file declares (structs, enums, aliases, functions, methods, traits,
//! `unsafe impl Send/Sync`, `use` imports), and name resolution from written paths to canonical
//! ones.

pub mod sig;
pub mod ty;

use crate::fast::hash::HashMap;
use crate::fast::punctuated::Elements;

use syn::spanned::Spanned;

use crate::items::ty::Ty;
use crate::knowledge::lang::{is_primitive, CRATE_ROOTS, PLAIN_TRAITS, PRELUDE};
use crate::knowledge::{self, canonical, frameworks};
use crate::syntax::text::{Range, SourceText};

/// A generic parameter and what its bounds promise.
#[derive(Debug, Clone, Default)]
pub struct GenericParam {
    pub name: String,
    pub send: bool,
    pub sync: bool,
    pub is_static: bool,
    /// Bounded by `Future`.
    pub future: bool,
    /// Bounded by `Fn`, `FnMut` or `FnOnce`.
    pub closure: bool,
    /// Where `Send` is written in its bounds.
    pub send_range: Option<Range>,
    /// The other traits of its bounds (last path segment).
    pub traits: Vec<String>,
    /// Where `+ Send` (or `: Send` when `has_bounds` is false) would be inserted.
    pub bound_insert: Option<usize>,
    pub has_bounds: bool,
    /// Bounded by a trait from elsewhere that may imply `Send`.
    pub unknown_bounds: bool,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub range: Range,
}

#[derive(Debug, Clone)]
pub struct AdtDef {
    pub name: String,
    pub generics: Vec<String>,
    pub fields: Vec<Field>,
    pub is_enum: bool,
    pub derives: Vec<String>,
    pub has_drop: bool,
    /// `unsafe impl Send for X {}` (and Sync): the where-bounds are ignored (they only narrow it).
    pub unsafe_send: bool,
    pub unsafe_sync: bool,
    pub name_range: Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfKind {
    None,
    Value,
    Ref,
    RefMut,
}

#[derive(Clone)]
pub struct Param<'a> {
    pub pat: &'a syn::Pat,
    pub name: Option<String>,
    pub ty: Ty,
    /// The pattern (`mut v`, `State(log)`).
    pub range: Range,
    /// The written type.
    pub ty_range: Range,
    /// A reference written `&'static T`.
    pub static_ref: bool,
}

#[derive(Clone)]
pub struct FnDef<'a> {
    pub name: String,
    pub is_async: bool,
    pub generics: Vec<GenericParam>,
    pub params: Vec<Param<'a>>,
    pub self_kind: SelfKind,
    pub ret: Ty,
    pub ret_range: Option<Range>,
    pub body: Option<&'a syn::Block>,
    pub sig_range: Range,
    pub name_range: Range,
    /// The type of the impl this method belongs to (canonical path).
    pub impl_of: Option<String>,
    pub attrs: Vec<String>,
    /// A method of an `#[async_trait]` impl (not `?Send`): its future is boxed as `Send`.
    pub async_trait_send: bool,
    /// The trait this method implements (or belongs to).
    pub trait_of: Option<String>,
    /// The trait declares this method `-> impl Future + Send`, and the impl writes `async fn`.
    pub trait_wants_send: bool,
}

impl FnDef<'_> {
    /// The return type, with the generic parameters bound by the arguments' types.
    pub fn subst_ret(&self, args: &[Ty]) -> Ty {
        let def = self;
        let names: Vec<String> = def.generics.iter().map(|g| g.name.clone()).collect();
        let mut bound = vec![Ty::Unknown; names.len()];
        for (p, a) in def.params.iter().zip(args) {
            if let Ty::Param { name, .. } = &p.ty {
                if let Some(i) = names.iter().position(|n| n == name) {
                    bound[i] = a.clone();
                }
            }
        }
        substitute(&def.ret, &names, &bound)
    }
}

#[derive(Default)]
pub struct ItemIndex<'a> {
    /// Imported name → full path as written in the `use`.
    pub uses: HashMap<String, String>,
    /// Every name a `use ... as name` introduces, anywhere in the file (`uses` keeps only the
    /// last import of a name, across modules).
    pub renames: Vec<String>,
    pub globs: Vec<String>,
    /// Ranges of `use` items and, per imported name, the item that imports it.
    pub use_items: Vec<(Range, &'a syn::ItemUse)>,
    pub adts: HashMap<String, AdtDef>,
    pub aliases: HashMap<String, (Vec<String>, &'a syn::Type)>,
    pub fns: HashMap<String, FnDef<'a>>,
    /// Methods by `Type::method`.
    pub methods: HashMap<String, FnDef<'a>>,
    /// Local traits: name → has `Send` / `Sync` supertrait.
    pub traits: HashMap<String, (bool, bool)>,
    pub consts: HashMap<String, &'a syn::Type>,
    pub mods: Vec<String>,
    /// All function bodies in the file, in source order.
    pub bodies: Vec<String>,
    /// Paths already resolved, by their segments spelled `a::b`: the same calls and types recur
    /// all over a file, and resolving one allocates its segments and tries several tables.
    /// Filled only once the index is complete (`build` adds functions while resolving types).
    resolved: std::cell::RefCell<HashMap<String, Option<String>>>,
    complete: bool,
}

/// A node's byte range, read from its first and last token when the tree tells them, printed
/// otherwise (see `edges.rs`).
fn range_of<T: Spanned + crate::fast::edges::Edges>(text: &SourceText, node: &T) -> Range {
    match node.edges() {
        Some((first, last)) => text.range_between(first, last),
        None => text.range_of(node.span()),
    }
}

pub fn path_string(path: &syn::Path) -> String {
    path.segments.elements().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

impl<'a> ItemIndex<'a> {
    pub fn build(file: &'a syn::File, text: &SourceText) -> ItemIndex<'a> {
        let mut index = ItemIndex::default();
        index.collect_names(&file.items);
        index.collect_items(&file.items, text);
        // `async fn` in an impl of a trait method declared `-> impl Future + Send`.
        let wants: Vec<String> = index
            .methods
            .iter()
            .filter(|(_, d)| d.is_async && d.body.is_some())
            .filter_map(|(k, d)| {
                let t = d.trait_of.as_ref()?;
                let m = k.rsplit("::").next()?;
                let decl = index.methods.get(&knowledge::join_path(t, m))?;
                matches!(decl.ret, Ty::Opaque { send: true, .. }).then(|| k.clone())
            })
            .collect();
        for k in wants {
            if let Some(d) = index.methods.get_mut(&k) {
                d.trait_wants_send = true;
            }
        }
        index.complete = true;
        index
    }

    fn collect_names(&mut self, items: &'a [syn::Item]) {
        for item in items {
            match item {
                syn::Item::Use(u) => self.collect_use(&u.tree, &mut String::new()),
                syn::Item::Struct(s) => {
                    self.adts.insert(s.ident.to_string(), empty_adt(s.ident.to_string()));
                }
                syn::Item::Enum(e) => {
                    self.adts.insert(e.ident.to_string(), empty_adt(e.ident.to_string()));
                }
                syn::Item::Union(u) => {
                    self.adts.insert(u.ident.to_string(), empty_adt(u.ident.to_string()));
                }
                syn::Item::Type(t) => {
                    let generics = t.generics.params.elements().filter_map(type_param_name).collect();
                    self.aliases.insert(t.ident.to_string(), (generics, &t.ty));
                }
                syn::Item::Trait(t) => {
                    let mut send = false;
                    let mut sync = false;
                    for b in &t.supertraits {
                        if let syn::TypeParamBound::Trait(tb) = b {
                            match tb.path.segments.last_element().map(|s| s.ident.to_string()).as_deref() {
                                Some("Send") => send = true,
                                Some("Sync") => sync = true,
                                _ => {}
                            }
                        }
                    }
                    self.traits.insert(t.ident.to_string(), (send, sync));
                }
                syn::Item::Const(c) => {
                    self.consts.insert(c.ident.to_string(), &c.ty);
                }
                syn::Item::Static(s) => {
                    self.consts.insert(s.ident.to_string(), &s.ty);
                }
                syn::Item::Mod(m) => {
                    self.mods.push(m.ident.to_string());
                    if let Some((_, items)) = &m.content {
                        self.collect_names(items);
                    }
                }
                _ => {}
            }
        }
    }

    /// `prefix`: the path so far, `a::b`, in one buffer that each level extends and restores
    /// (a string per segment and per group item was most of the cost of indexing the imports).
    fn collect_use(&mut self, tree: &syn::UseTree, prefix: &mut String) {
        let join = |p: &str, s: &str| if p.is_empty() { s.to_string() } else { crate::knowledge::join_path(p, s) };
        match tree {
            syn::UseTree::Path(p) => {
                let len = prefix.len();
                if !prefix.is_empty() {
                    prefix.push_str("::");
                }
                prefix.push_str(crate::syntax::text::IdentText::new(&p.ident).as_str());
                self.collect_use(&p.tree, prefix);
                prefix.truncate(len);
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                if name == "self" {
                    if let Some(last) = prefix.rsplit("::").next() {
                        self.uses.insert(last.to_string(), prefix.clone());
                    }
                } else {
                    let full = join(prefix, &name);
                    self.uses.insert(name, full);
                }
            }
            syn::UseTree::Rename(r) => {
                let target = if r.ident == "self" { prefix.clone() } else { join(prefix, &r.ident.to_string()) };
                let rename = r.rename.to_string();
                self.renames.push(rename.clone());
                self.uses.insert(rename, target);
            }
            syn::UseTree::Glob(_) => self.globs.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in g.items.elements() {
                    self.collect_use(t, prefix);
                }
            }
        }
    }

    fn collect_items(&mut self, items: &'a [syn::Item], text: &SourceText) {
        for item in items {
            match item {
                syn::Item::Use(u) => self.use_items.push((range_of(text, u), u)),
                syn::Item::Struct(s) => {
                    let generics: Vec<String> = s.generics.params.elements().filter_map(type_param_name).collect();
                    let fields = self.fields_of(&s.fields, &generics, text);
                    let adt = self.adts.get_mut(&s.ident.to_string()).expect("collected");
                    adt.generics = generics;
                    adt.fields = fields;
                    adt.derives = derives(&s.attrs);
                    adt.name_range = text.range_of(s.ident.span());
                }
                syn::Item::Enum(e) => {
                    let generics: Vec<String> = e.generics.params.elements().filter_map(type_param_name).collect();
                    let mut fields = Vec::new();
                    for v in e.variants.elements() {
                        for mut f in self.fields_of(&v.fields, &generics, text) {
                            f.name = format!("{}::{}", v.ident, f.name);
                            fields.push(f);
                        }
                    }
                    let adt = self.adts.get_mut(&e.ident.to_string()).expect("collected");
                    adt.generics = generics;
                    adt.fields = fields;
                    adt.is_enum = true;
                    adt.derives = derives(&e.attrs);
                    adt.name_range = text.range_of(e.ident.span());
                }
                syn::Item::Fn(f) => {
                    let def = self.fn_def(&f.sig, Some(&f.block), None, &f.attrs, text);
                    self.bodies.push(def.name.clone());
                    self.fns.insert(def.name.clone(), def);
                }
                syn::Item::Impl(i) => self.collect_impl(i, text),
                syn::Item::Trait(t) => {
                    let send = async_trait_send(&t.attrs);
                    for ti in &t.items {
                        if let syn::TraitItem::Fn(f) = ti {
                            let key = format!("{}::{}", t.ident, f.sig.ident);
                            let mut def =
                                self.fn_def(&f.sig, f.default.as_ref(), Some(t.ident.to_string()), &f.attrs, text);
                            def.trait_of = Some(t.ident.to_string());
                            // A default body of an `#[async_trait]` method is boxed as `Send` too.
                            if f.default.is_some() {
                                def.async_trait_send = send && def.is_async;
                                self.bodies.push(key.clone());
                            }
                            self.methods.insert(key, def);
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.collect_items(items, text);
                    }
                }
                _ => {}
            }
        }
    }

    fn collect_impl(&mut self, i: &'a syn::ItemImpl, text: &SourceText) {
        let self_name = match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last_element().map(|s| s.ident.to_string()),
            _ => None,
        };
        let Some(self_name) = self_name else { return };
        if let Some((trait_path, _)) = &i.trait_ {
            let trait_name = trait_path.segments.last_element().map(|s| s.ident.to_string()).unwrap_or_default();
            if let Some(adt) = self.adts.get_mut(&self_name) {
                match trait_name.as_str() {
                    "Send" if i.unsafety.is_some() => adt.unsafe_send = true,
                    "Sync" if i.unsafety.is_some() => adt.unsafe_sync = true,
                    "Drop" => adt.has_drop = true,
                    _ => {}
                }
            }
        }
        let async_trait_send = async_trait_send(&i.attrs);
        let trait_name = i.trait_.as_ref().and_then(|(p, _)| p.segments.last_element()).map(|s| s.ident.to_string());
        for item in &i.items {
            if let syn::ImplItem::Fn(f) = item {
                let key = format!("{}::{}", self_name, f.sig.ident);
                let mut def = self.fn_def(&f.sig, Some(&f.block), Some(self_name.clone()), &f.attrs, text);
                def.async_trait_send = async_trait_send && def.is_async;
                def.trait_of = trait_name.clone();
                self.bodies.push(key.clone());
                // An inherent method wins over a trait method of the same name.
                if i.trait_.is_none() || !self.methods.contains_key(&key) {
                    self.methods.insert(key, def);
                }
            }
        }
    }

    fn fields_of(&self, fields: &syn::Fields, generics: &[String], text: &SourceText) -> Vec<Field> {
        fields
            .iter()
            .enumerate()
            .map(|(i, f)| Field {
                name: f.ident.as_ref().map(|id| id.to_string()).unwrap_or_else(|| i.to_string()),
                ty: self.ty_of(&f.ty, generics),
                range: range_of(text, &f.ty),
            })
            .collect()
    }

    fn fn_def(
        &self,
        sig: &'a syn::Signature,
        body: Option<&'a syn::Block>,
        impl_of: Option<String>,
        attrs: &[syn::Attribute],
        text: &SourceText,
    ) -> FnDef<'a> {
        let mut generics: Vec<GenericParam> = Vec::new();
        for p in sig.generics.params.elements() {
            if let syn::GenericParam::Type(t) = p {
                let mut g = GenericParam { name: t.ident.to_string(), ..Default::default() };
                g.has_bounds = !t.bounds.is_empty();
                g.bound_insert = Some(match t.bounds.last_element() {
                    Some(b) => text.range_of(b.span()).end,
                    None => text.range_of(t.ident.span()).end,
                });
                for b in t.bounds.elements() {
                    apply_bound(&mut g, b, text);
                }
                generics.push(g);
            }
        }
        if let Some(wc) = &sig.generics.where_clause {
            for pred in wc.predicates.elements() {
                if let syn::WherePredicate::Type(pt) = pred {
                    if let syn::Type::Path(tp) = &pt.bounded_ty {
                        if tp.qself.is_none() && tp.path.segments.len() == 1 {
                            let name = tp.path.segments[0].ident.to_string();
                            if let Some(g) = generics.iter_mut().find(|g| g.name == name) {
                                for b in pt.bounds.elements() {
                                    apply_bound(g, b, text);
                                }
                            }
                        }
                    }
                }
            }
        }
        // Bounds by traits with `Send`/`Sync` supertraits promise them too; a trait we do not
        // know might, so such a parameter is never judged strictly.
        for g in &mut generics {
            for t in g.traits.clone() {
                match self.traits.get(&t) {
                    Some((send, sync)) => {
                        g.send |= *send;
                        g.sync |= *sync;
                    }
                    None if !PLAIN_TRAITS.contains(&t.as_str()) => g.unknown_bounds = true,
                    None => {}
                }
            }
        }
        let generic_names: Vec<String> = generics.iter().map(|g| g.name.clone()).collect();
        let mut params = Vec::new();
        let mut self_kind = SelfKind::None;
        for input in sig.inputs.elements() {
            match input {
                syn::FnArg::Receiver(r) => {
                    self_kind = match &r.kind {
                        syn::ReceiverKind::Reference(_, _, Some(_)) => SelfKind::RefMut,
                        syn::ReceiverKind::Reference(_, _, None) => SelfKind::Ref,
                        _ => SelfKind::Value,
                    };
                }
                syn::FnArg::Typed(pt) => {
                    let mut ty = self.ty_of(&pt.ty, &generic_names);
                    // `impl Trait` parameters: their bounds, as for a named generic.
                    if let syn::Type::ImplTrait(it) = &*pt.ty {
                        let mut g = GenericParam { name: format!("impl#{}", params.len()), ..Default::default() };
                        for b in it.bounds.elements() {
                            apply_bound(&mut g, b, text);
                        }
                        ty = Ty::Param { name: g.name.clone(), send: g.send, sync: g.sync };
                        generics.push(g);
                    }
                    for g in &generics {
                        if let Ty::Param { name, send, sync } = &mut ty {
                            if *name == g.name {
                                *send = g.send;
                                *sync = g.sync;
                            }
                        }
                    }
                    let name = match &*pt.pat {
                        syn::Pat::Ident(pi) => Some(pi.ident.to_string()),
                        _ => None,
                    };
                    let static_ref = matches!(&*pt.ty, syn::Type::Reference(r) if r.lifetime.as_ref().is_some_and(|l| l.ident == "static"));
                    if let (Some(imp), syn::Type::Path(tp)) = (&impl_of, &*pt.ty) {
                        if tp.path.is_ident("Self") {
                            ty = Ty::adt(format!("crate::{imp}"), vec![]);
                        }
                    }
                    params.push(Param {
                        static_ref,
                        pat: &pt.pat,
                        name,
                        ty,
                        range: range_of(text, &*pt.pat),
                        ty_range: range_of(text, &*pt.ty),
                    });
                }
            }
        }
        let (ret, ret_range) = match &sig.output {
            syn::ReturnType::Default => (Ty::Tuple(vec![]), None),
            syn::ReturnType::Type(_, t) => {
                let self_named = matches!(&**t, syn::Type::Path(tp) if tp.path.is_ident("Self"));
                let ty = match (&impl_of, self_named) {
                    (Some(imp), true) => Ty::adt(format!("crate::{imp}"), vec![]),
                    _ => self.ty_of(t, &generic_names),
                };
                (ty, Some(range_of(text, &**t)))
            }
        };
        FnDef {
            name: sig.ident.to_string(),
            is_async: sig.asyncness.is_some(),
            generics,
            params,
            self_kind,
            ret,
            ret_range,
            body,
            sig_range: range_of(text, sig),
            name_range: text.range_of(sig.ident.span()),
            impl_of,
            attrs: attrs.iter().map(|a| path_string(a.path())).collect(),
            async_trait_send: false,
            trait_of: None,
            trait_wants_send: false,
        }
    }

    /// Resolves a written path (segments) to a canonical path, or `None` when it is not known.
    pub fn resolve_segments(&self, segs: &[String]) -> Option<String> {
        self.resolve_segments_within(segs, 0)
    }

    /// `use` items can point at each other in a cycle (the index merges every module's names, so
    /// `mod b { use super::a::T; }` with no `T` in `a` resolves `T` to itself): a fuzzer input
    /// (`tests/fixtures/fuzz/use-cycle-through-modules.rs`) overflowed the stack that way. More
    /// steps than any real re-export chain takes mean a cycle: not known.
    fn resolve_segments_within(&self, segs: &[String], steps: usize) -> Option<String> {
        if steps > 32 {
            return None;
        }
        let first = segs.first()?;
        let rest = &segs[1..];
        let join = |head: &str| {
            if rest.is_empty() {
                head.to_string()
            } else {
                let mut joined = String::with_capacity(head.len() + rest.iter().map(|s| s.len() + 2).sum::<usize>());
                joined.push_str(head);
                for seg in rest {
                    joined.push_str("::");
                    joined.push_str(seg);
                }
                joined
            }
        };
        if first == "crate" || first == "self" || first == "super" {
            return self.resolve_segments_within(rest, steps + 1);
        }
        if first == "Self" {
            return None;
        }
        if self.adts.contains_key(first) || self.aliases.contains_key(first) || self.traits.contains_key(first) {
            return Some(join(&format!("crate::{first}")));
        }
        if self.fns.contains_key(first) && rest.is_empty() {
            return Some(format!("crate::{first}"));
        }
        if self.mods.contains(first) {
            return self.resolve_segments_within(rest, steps + 1);
        }
        if let Some(full) = self.uses.get(first) {
            let full_first = full.split("::").next().unwrap_or("");
            if full_first == "crate" || full_first == "self" || full_first == "super" {
                let segs: Vec<String> = full.split("::").map(str::to_string).chain(rest.iter().cloned()).collect();
                return self.resolve_segments_within(&segs, steps + 1);
            }
            return Some(canonical(&join(full)));
        }
        if CRATE_ROOTS.contains(&first.as_str()) {
            return Some(canonical(&segs.join("::")));
        }
        if is_primitive(first) && rest.is_empty() {
            return Some(first.clone());
        }
        if let Some((_, full)) = PRELUDE.iter().find(|(n, _)| *n == first) {
            return Some(canonical(&join(full)));
        }
        // A glob import that provides exactly one known type of this name.
        let mut found = None;
        for g in &self.globs {
            let candidate = canonical(&knowledge::join_path(g, first));
            if knowledge::known_type(&candidate).is_some() {
                if found.is_some() {
                    return None;
                }
                found = Some(candidate);
            }
        }
        found.map(|f| join(&f))
    }

    pub fn resolve_path(&self, path: &syn::Path) -> Option<String> {
        if !self.complete {
            let segs: Vec<String> = path.segments.elements().map(|s| s.ident.to_string()).collect();
            return self.resolve_segments(&segs);
        }
        use std::fmt::Write as _;
        let mut key = String::with_capacity(32);
        for (i, s) in path.segments.elements().enumerate() {
            if i > 0 {
                key.push_str("::");
            }
            let _ = write!(key, "{}", s.ident);
        }
        if let Some(known) = self.resolved.borrow().get(&key) {
            return known.clone();
        }
        // Identifiers hold no `::`, so the key splits back into the segments.
        let segs: Vec<String> = key.split("::").map(str::to_string).collect();
        let resolved = self.resolve_segments(&segs);
        self.resolved.borrow_mut().insert(key, resolved.clone());
        resolved
    }

    /// Converts a written type, with the generic parameters in scope.
    pub fn ty_of(&self, t: &syn::Type, generics: &[String]) -> Ty {
        self.ty_of_depth(t, generics, 0)
    }

    fn ty_of_depth(&self, t: &syn::Type, generics: &[String], depth: usize) -> Ty {
        if depth > 32 {
            return Ty::Unknown;
        }
        let recurse = |t: &syn::Type| self.ty_of_depth(t, generics, depth + 1);
        match t {
            syn::Type::Paren(p) => recurse(&p.elem),
            syn::Type::Group(g) => recurse(&g.elem),
            syn::Type::Reference(r) => Ty::Ref { mutable: r.mutability.is_some(), inner: Box::new(recurse(&r.elem)) },
            syn::Type::Ptr(p) => Ty::Ptr {
                mutable: matches!(p.mutability, syn::PointerMutability::Mut(_)),
                inner: Box::new(recurse(&p.elem)),
            },
            syn::Type::Tuple(tt) => Ty::Tuple(tt.elems.elements().map(recurse).collect()),
            syn::Type::Array(a) => Ty::Array(Box::new(recurse(&a.elem))),
            syn::Type::Slice(s) => Ty::Slice(Box::new(recurse(&s.elem))),
            syn::Type::Never(_) => Ty::Tuple(vec![]),
            syn::Type::TraitObject(to) => Ty::Dyn(self.bound_traits(&to.bounds)),
            syn::Type::ImplTrait(it) => {
                let traits = self.bound_traits(&it.bounds);
                let send = traits.iter().any(|t| t == "Send");
                let sync = traits.iter().any(|t| t == "Sync");
                let display = format!(
                    "impl {}",
                    traits.iter().map(|t| Ty::short_name(t).to_string()).collect::<Vec<_>>().join(" + ")
                );
                Ty::Opaque { send, sync, display }
            }
            syn::Type::Path(tp) => {
                if tp.qself.is_some() {
                    return Ty::Unknown;
                }
                let path = &tp.path;
                if path.segments.len() == 1 {
                    let name = path.segments[0].ident.to_string();
                    if generics.contains(&name) {
                        return Ty::Param { name, send: false, sync: false };
                    }
                    if let Some((alias_generics, aliased)) = self.aliases.get(&name) {
                        let args = self.generic_args(&path.segments[0].arguments, generics, depth);
                        let inner = self.ty_of_depth(aliased, alias_generics, depth + 1);
                        return substitute(&inner, alias_generics, &args);
                    }
                }
                // `Trait` written without `dyn` (edition 2015 style) is not worth judging.
                let Some(resolved) = self.resolve_path(path) else { return Ty::Unknown };
                let args = path
                    .segments
                    .last_element()
                    .map(|s| self.generic_args(&s.arguments, generics, depth))
                    .unwrap_or_default();
                // A known type alias (`std::io::Result<T>`, `BoxFuture<'a, T>`).
                if let Some(alias) = knowledge::type_alias(&resolved) {
                    return sig::instantiate(&alias.target, &sig::Bindings::with_impl_vars(args), &Ty::Unknown);
                }
                if is_primitive(&resolved) {
                    return Ty::adt(resolved, vec![]);
                }
                Ty::Adt { path: resolved.into(), args: args.into() }
            }
            _ => Ty::Unknown,
        }
    }

    fn generic_args(&self, args: &syn::PathArguments, generics: &[String], depth: usize) -> Vec<Ty> {
        match args {
            syn::PathArguments::AngleBracketed(ab) => ab
                .args
                .elements()
                .filter_map(|a| match a {
                    syn::GenericArgument::Type(t) => Some(self.ty_of_depth(t, generics, depth + 1)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn bound_traits(&self, bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>) -> Vec<String> {
        let mut out = Vec::new();
        for b in bounds {
            if let syn::TypeParamBound::Trait(tb) = b {
                let last = tb.path.segments.last_element().map(|s| s.ident.to_string()).unwrap_or_default();
                if last == "Send" || last == "Sync" {
                    out.push(last);
                } else if let Some((send, sync)) = self.traits.get(&last) {
                    out.push(format!("crate::{last}"));
                    if *send {
                        out.push("Send".into());
                    }
                    if *sync {
                        out.push("Sync".into());
                    }
                } else {
                    out.push(self.resolve_path(&tb.path).unwrap_or(last));
                }
            }
        }
        out
    }

    pub fn adt(&self, canonical_path: &str) -> Option<&AdtDef> {
        canonical_path.strip_prefix("crate::").and_then(|n| self.adts.get(n))
    }

    pub fn local_fn(&self, canonical_path: &str) -> Option<&FnDef<'a>> {
        canonical_path.strip_prefix("crate::").and_then(|n| self.fns.get(n))
    }
}

/// `#[async_trait]` without `?Send` (`knowledge/frameworks.rs`).
fn async_trait_send(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().segments.last_element().is_some_and(|s| s.ident == frameworks::ASYNC_TRAIT)
            && match &a.meta {
                syn::Meta::Path(_) => true,
                syn::Meta::List(l) => !l.tokens.to_string().replace(' ', "").contains(frameworks::ASYNC_TRAIT_OPT_OUT),
                _ => false,
            }
    })
}

fn empty_adt(name: String) -> AdtDef {
    AdtDef {
        name,
        generics: vec![],
        fields: vec![],
        is_enum: false,
        derives: vec![],
        has_drop: false,
        unsafe_send: false,
        unsafe_sync: false,
        name_range: Range::default(),
    }
}

fn type_param_name(p: &syn::GenericParam) -> Option<String> {
    match p {
        syn::GenericParam::Type(t) => Some(t.ident.to_string()),
        _ => None,
    }
}

fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for a in attrs {
        if a.path().is_ident("derive") {
            let _ = a.parse_nested_meta(|m| {
                if let Some(id) = m.path.segments.last_element() {
                    out.push(id.ident.to_string());
                }
                Ok(())
            });
        }
    }
    out
}

fn apply_bound(g: &mut GenericParam, b: &syn::TypeParamBound, text: &SourceText) {
    match b {
        syn::TypeParamBound::Trait(tb) => {
            let last = tb.path.segments.last_element().map(|s| s.ident.to_string()).unwrap_or_default();
            match last.as_str() {
                "Send" => {
                    g.send = true;
                    g.send_range = Some(text.range_of(tb.path.span()));
                }
                "Sync" => g.sync = true,
                "Future" | "IntoFuture" => g.future = true,
                "Fn" | "FnMut" | "FnOnce" => g.closure = true,
                other => g.traits.push(other.to_string()),
            }
        }
        syn::TypeParamBound::Lifetime(l) if l.ident == "static" => g.is_static = true,
        _ => {}
    }
}

/// Replaces generic parameters by the given arguments.
pub fn substitute(t: &Ty, params: &[String], args: &[Ty]) -> Ty {
    if params.is_empty() {
        return t.clone();
    }
    let sub = |t: &Ty| substitute(t, params, args);
    match t {
        Ty::Param { name, .. } => match params.iter().position(|p| p == name) {
            Some(i) => args.get(i).cloned().unwrap_or(Ty::Unknown),
            None => t.clone(),
        },
        Ty::Adt { path, args: a } => Ty::Adt { path: path.clone(), args: a.iter().map(sub).collect() },
        Ty::Ref { mutable, inner } => Ty::Ref { mutable: *mutable, inner: Box::new(sub(inner)) },
        Ty::Ptr { mutable, inner } => Ty::Ptr { mutable: *mutable, inner: Box::new(sub(inner)) },
        Ty::Tuple(items) => Ty::Tuple(items.iter().map(sub).collect()),
        Ty::Array(i) => Ty::Array(Box::new(sub(i))),
        Ty::Slice(i) => Ty::Slice(Box::new(sub(i))),
        _ => t.clone(),
    }
}
