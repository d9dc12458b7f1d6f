//! The package's build script: compiles the knowledge stubs (`crate/knowledge/stubs/*.rs`, Rust
//! syntax described in `docs/KNOWLEDGE.md`) into the static tables of `knowledge/model.rs`, written
//! to `$OUT_DIR/knowledge_tables.rs` and included by `knowledge/mod.rs`. The analysis never parses
//! a stub: it binary-searches these tables.
//!
//! A stub that names something this script cannot resolve, or uses an attribute it does not know,
//! fails the build with the file and the item: a typo in knowledge must not become silence.

// The build script runs once per build, not per analysis: syn's allocating iterators are fine
// here (clippy.toml disallows them for the analysis's hot paths).
#![allow(clippy::disallowed_methods)]

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::punctuated::Punctuated;
use syn::spanned::Spanned;

fn main() {
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("crate/knowledge/stubs");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut kb = Knowledge::default();
    let mut parsed = vec![];
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
        let file: syn::File = syn::parse_str(&text).unwrap_or_else(|e| {
            let at = e.span().start();
            panic!("{}:{}:{}: {e}", f.display(), at.line, at.column + 1)
        });
        let krate = f.file_stem().unwrap().to_string_lossy().into_owned();
        kb.crates.push(krate.clone());
        parsed.push((f.clone(), krate, file));
    }
    // Declarations first (every module's names), then what refers to them.
    for (f, krate, file) in &parsed {
        kb.declare(f, krate, &file.items);
    }
    for (f, krate, file) in &parsed {
        kb.define(f, krate, &file.items);
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("knowledge_tables.rs");
    std::fs::write(&out, kb.emit()).unwrap();
}

/// One stub module: its canonical path, what it declares, what it imports.
#[derive(Default)]
struct Module {
    /// Names of items declared here (structs, type aliases, functions, modules).
    items: Vec<String>,
    /// `use` imports: name → the path it names (as written, resolved lazily).
    uses: BTreeMap<String, Vec<String>>,
}

#[derive(Default)]
struct TypeDecl {
    opaque: bool,
    lifetimes: bool,
    display: Option<String>,
    send: Option<String>,
    sync: Option<String>,
    copy: &'static str,
    clone: bool,
    no_drop_glue: bool,
    kind: String,
    deref: Option<String>,
    item: Option<String>,
    ref_item: Option<String>,
    mut_item: Option<String>,
    index: Option<String>,
    try_output: Option<String>,
    await_output: Option<String>,
}

#[derive(Default)]
struct Knowledge {
    crates: Vec<String>,
    modules: BTreeMap<String, Module>,
    types: BTreeMap<String, TypeDecl>,
    /// (key, name, source order, row text)
    methods: Vec<(String, String, usize, String)>,
    /// (path, source order, row text)
    fns: Vec<(String, usize, String)>,
    reexports: BTreeMap<String, String>,
    aliases: Vec<(String, String)>,
    /// Tuple structs' and enum variants' fields: (path, field templates).
    tuple_fields: Vec<(String, Vec<String>)>,
    order: usize,
}

const PRIMITIVES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32", "f64", "bool",
    "char", "str",
];

/// Names every stub may use without an import (the Rust prelude, as far as stubs need it).
const PRELUDE: &[(&str, &str)] = &[
    ("Option", "std::option::Option"),
    ("Some", "std::option::Option::Some"),
    ("None", "std::option::Option::None"),
    ("Result", "std::result::Result"),
    ("Ok", "std::result::Result::Ok"),
    ("Err", "std::result::Result::Err"),
    ("Box", "std::boxed::Box"),
    ("Vec", "std::vec::Vec"),
    ("String", "std::string::String"),
];

/// Where a stub's names are looked up: its module and the generic parameters in scope.
struct Scope<'s> {
    file: &'s Path,
    module: String,
    /// Generic parameter → template (`ImplVar(0)`, `FnVar(1)`, `SelfTy`).
    generics: Vec<(String, String)>,
    /// What `Self` is.
    self_tpl: String,
}

fn fail(file: &Path, node: &dyn Spanned, msg: impl std::fmt::Display) -> ! {
    let at = node.span().start();
    panic!("{}:{}:{}: {msg}", file.display(), at.line, at.column + 1)
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}::{b}")
    }
}

fn quote_str(s: &str) -> String {
    format!("{s:?}")
}

fn type_params(g: &syn::Generics) -> Vec<String> {
    g.params
        .iter()
        .filter_map(|p| match p {
            syn::GenericParam::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn has_lifetime(g: &syn::Generics) -> bool {
    g.params.iter().any(|p| matches!(p, syn::GenericParam::Lifetime(_)))
}

/// `#[name = "value"]`.
fn attr_str(attrs: &[syn::Attribute], name: &str) -> Option<String> {
    attrs.iter().find(|a| a.path().is_ident(name)).map(|a| match &a.meta {
        syn::Meta::NameValue(nv) => match &nv.value {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
            _ => panic!("#[{name} = \"..\"] expects a string"),
        },
        _ => panic!("#[{name} = \"..\"] expects a string"),
    })
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// `#[why(rc)]` → `Cause::Rc`; `#[why(field = "*mut ()")]` → `Cause::Field("*mut ()")`.
fn cause(file: &Path, attrs: &[syn::Attribute], node: &dyn Spanned) -> String {
    let Some(a) = attrs.iter().find(|a| a.path().is_ident("why")) else {
        fail(file, node, "a negative impl needs #[why(..)]: one of causes.rs's names")
    };
    let mut out = None;
    a.parse_nested_meta(|m| {
        let name = m.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
        if name == "field" {
            let v: syn::LitStr = m.value()?.parse()?;
            out = Some(format!("Cause::Field({:?})", v.value()));
        } else {
            let camel: String = name
                .split('_')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
                })
                .collect();
            out = Some(format!("Cause::{camel}"));
        }
        Ok(())
    })
    .unwrap_or_else(|e| fail(file, node, e));
    out.unwrap_or_else(|| fail(file, node, "#[why(..)] names no cause"))
}

/// A stub function: its attributes and signature (a stub has no body).
struct StubFn {
    attrs: Vec<syn::Attribute>,
    sig: syn::Signature,
}

/// Re-parses an item syn keeps as `Verbatim` (a function without a body) as a signature.
fn body_less_fn(file: &Path, tokens: &proc_macro2::TokenStream) -> StubFn {
    let f = syn::parse2::<syn::ForeignItemFn>(tokens.clone()).unwrap_or_else(|e| fail(file, tokens, e));
    StubFn { attrs: f.attrs, sig: f.sig }
}

impl Knowledge {
    fn declare(&mut self, file: &Path, module: &str, items: &[syn::Item]) {
        let m = self.modules.entry(module.to_string()).or_default();
        for item in items {
            let name = match item {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                syn::Item::Type(t) => Some(t.ident.to_string()),
                syn::Item::Mod(md) => Some(md.ident.to_string()),
                syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
                syn::Item::Verbatim(v) => Some(body_less_fn(file, v).sig.ident.to_string()),
                _ => None,
            };
            if let Some(n) = name {
                m.items.push(n);
            }
            if let syn::Item::Use(u) = item {
                let mut found = vec![];
                use_tree(&u.tree, &mut vec![], &mut found);
                for (name, target) in found {
                    m.uses.insert(name, target);
                }
            }
        }
        for item in items {
            match item {
                syn::Item::Mod(md) => {
                    let Some((_, inner)) = &md.content else {
                        fail(file, md, "stub modules are inline: `mod x { .. }`")
                    };
                    self.declare(file, &join(module, &md.ident.to_string()), inner);
                }
                syn::Item::Struct(s) => {
                    let path = join(module, &s.ident.to_string());
                    self.declare_type(file, path, &s.attrs, &s.generics, s);
                }
                syn::Item::Enum(e) => {
                    let path = join(module, &e.ident.to_string());
                    self.declare_type(file, path, &e.attrs, &e.generics, e);
                }
                _ => {}
            }
        }
    }

    fn declare_type(
        &mut self,
        file: &Path,
        path: String,
        attrs: &[syn::Attribute],
        g: &syn::Generics,
        node: &dyn Spanned,
    ) {
        let mut t = TypeDecl {
            opaque: has_attr(attrs, "opaque"),
            lifetimes: has_lifetime(g),
            display: attr_str(attrs, "display"),
            copy: "No",
            kind: "Kind::Other".into(),
            no_drop_glue: has_attr(attrs, "no_drop_glue"),
            ..Default::default()
        };
        for a in attrs {
            let name = a.path().get_ident().map(|i| i.to_string()).unwrap_or_default();
            match name.as_str() {
                "derive" => {
                    a.parse_nested_meta(|m| {
                        match m.path.get_ident().map(|i| i.to_string()).as_deref() {
                            Some("Clone") => t.clone = true,
                            Some("Copy") => t.copy = "IfArgs",
                            other => return Err(m.error(format!("stubs derive only Clone and Copy, not {other:?}"))),
                        }
                        Ok(())
                    })
                    .unwrap_or_else(|e| fail(file, node, e));
                }
                "kind" => t.kind = kind(file, a),
                "doc" | "opaque" | "display" | "no_drop_glue" => {}
                other => fail(file, node, format!("unknown attribute #[{other}] on a stub type")),
            }
        }
        if self.types.insert(path.clone(), t).is_some() {
            fail(file, node, format!("{path} is declared twice"));
        }
    }

    fn define(&mut self, file: &Path, module: &str, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Mod(md) => {
                    let (_, inner) = md.content.as_ref().expect("checked in declare");
                    self.define(file, &join(module, &md.ident.to_string()), inner);
                }
                syn::Item::Impl(i) => self.impl_block(file, module, i),
                syn::Item::Fn(f) => {
                    let scope =
                        Scope { file, module: module.into(), generics: vec![], self_tpl: "Tpl::Unknown".into() };
                    let path = join(module, &f.sig.ident.to_string());
                    let (recv, sig) = self.sig(&scope, &f.sig, &f.attrs, &path, None);
                    assert!(recv.is_none(), "{path}: a free function has no receiver");
                    self.push_fn(path, "Tpl::Unknown", sig);
                }
                syn::Item::Verbatim(v) => {
                    let f = body_less_fn(file, v);
                    let scope =
                        Scope { file, module: module.into(), generics: vec![], self_tpl: "Tpl::Unknown".into() };
                    let path = join(module, &f.sig.ident.to_string());
                    let (recv, sig) = self.sig(&scope, &f.sig, &f.attrs, &path, None);
                    if recv.is_some() {
                        fail(file, &f.sig, "a free function has no receiver");
                    }
                    self.push_fn(path, "Tpl::Unknown", sig);
                }
                syn::Item::Use(u) => {
                    if matches!(u.vis, syn::Visibility::Public(_)) {
                        let mut found = vec![];
                        use_tree(&u.tree, &mut vec![], &mut found);
                        for (name, target) in found {
                            let target = self
                                .resolve(module, &target)
                                .unwrap_or_else(|| fail(file, u, format!("cannot resolve `{}`", target.join("::"))));
                            self.reexports.insert(join(module, &name), target);
                        }
                    }
                }
                syn::Item::Type(t) => {
                    let path = join(module, &t.ident.to_string());
                    let generics: Vec<(String, String)> = type_params(&t.generics)
                        .into_iter()
                        .enumerate()
                        .map(|(i, n)| (n, format!("Tpl::ImplVar({i})")))
                        .collect();
                    let scope = Scope { file, module: module.into(), generics, self_tpl: "Tpl::Unknown".into() };
                    let target = match &*t.ty {
                        syn::Type::ImplTrait(it) => {
                            let (send, sync) = auto_bounds(&it.bounds);
                            format!("Tpl::Opaque {{ send: {send}, sync: {sync}, display: {:?} }}", t.ident.to_string())
                        }
                        other => self.tpl(&scope, other),
                    };
                    self.aliases.push((path, target));
                }
                syn::Item::Struct(st) => {
                    if let syn::Fields::Unnamed(fields) = &st.fields {
                        let path = join(module, &st.ident.to_string());
                        let scope = self.type_scope(file, module, &st.generics);
                        let tys = fields.unnamed.iter().map(|f| self.tpl(&scope, &f.ty)).collect();
                        self.tuple_fields.push((path, tys));
                    }
                }
                syn::Item::Enum(e) => {
                    let scope = self.type_scope(file, module, &e.generics);
                    for v in &e.variants {
                        if let syn::Fields::Unnamed(fields) = &v.fields {
                            let path = join(&join(module, &e.ident.to_string()), &v.ident.to_string());
                            let tys = fields.unnamed.iter().map(|f| self.tpl(&scope, &f.ty)).collect();
                            self.tuple_fields.push((path, tys));
                        }
                    }
                }
                other => fail(file, other, "stubs hold modules, types, impls, functions, `use` and type aliases"),
            }
        }
    }

    fn impl_block(&mut self, file: &Path, module: &str, i: &syn::ItemImpl) {
        // What the impl is for: a known type, `[T]`, `str`, `*const T`, `*mut T`, or any `T`.
        let impl_generics = type_params(&i.generics);
        let (key, self_tpl, by_ref) = self.impl_target(file, module, &i.self_ty, &impl_generics);
        if let Some((trait_path, _)) = &i.trait_ {
            // A trait impl's generic parameters are the type's arguments, by position.
            let arg_vars = self.arg_positions(file, &i.self_ty, &impl_generics);
            let scope = Scope { file, module: module.into(), generics: arg_vars.clone(), self_tpl: self_tpl.clone() };
            let trait_name = trait_path.segments.last().unwrap().ident.to_string();
            let negative = i.modifiers.polarity.is_some();
            if !self.types.contains_key(&key) {
                fail(file, &i.self_ty, format!("an impl of {trait_name} for `{key}`, which no stub declares"));
            }
            match trait_name.as_str() {
                "Send" | "Sync" => {
                    let rule = if negative {
                        format!("AutoRule::Never({})", cause(file, &i.attrs, i))
                    } else {
                        let needs = needs(file, i, &arg_vars);
                        if needs.is_empty() {
                            "AutoRule::Always".into()
                        } else {
                            format!("AutoRule::Needs(&[{}])", needs.join(", "))
                        }
                    };
                    let t = self.types.get_mut(&key).unwrap();
                    let slot = if trait_name == "Send" { &mut t.send } else { &mut t.sync };
                    if slot.replace(rule).is_some() {
                        fail(file, i, format!("{key} has two {trait_name} impls"));
                    }
                }
                "Copy" => {
                    let bounded = i
                        .generics
                        .params
                        .iter()
                        .any(|p| matches!(p, syn::GenericParam::Type(t) if !t.bounds.is_empty()));
                    self.types.get_mut(&key).unwrap().copy = if bounded { "IfArgs" } else { "Always" };
                }
                "Clone" => self.types.get_mut(&key).unwrap().clone = true,
                "Deref" | "IntoIterator" | "Index" | "Try" | "Future" => {
                    let wanted = match trait_name.as_str() {
                        "Deref" => "Target",
                        "IntoIterator" => "Item",
                        "Future" | "Index" | "Try" => "Output",
                        _ => unreachable!(),
                    };
                    let mut value = None;
                    for item in &i.items {
                        match item {
                            syn::ImplItem::Type(t) if t.ident == wanted => value = Some(self.tpl(&scope, &t.ty)),
                            other => {
                                fail(file, other, format!("an impl of {trait_name} holds only `type {wanted} = ..;`"))
                            }
                        }
                    }
                    let value = value.unwrap_or_else(|| fail(file, i, format!("`type {wanted}` missing")));
                    let t = self.types.get_mut(&key).unwrap();
                    let slot = match (trait_name.as_str(), by_ref) {
                        ("Deref", None) => &mut t.deref,
                        ("IntoIterator", None) => &mut t.item,
                        ("IntoIterator", Some(false)) => &mut t.ref_item,
                        ("IntoIterator", Some(true)) => &mut t.mut_item,
                        ("Index", None) => &mut t.index,
                        ("Try", None) => &mut t.try_output,
                        ("Future", None) => &mut t.await_output,
                        _ => fail(file, i, "only IntoIterator is implemented for `&Type`"),
                    };
                    *slot = Some(value);
                }
                other => fail(
                    file,
                    trait_path,
                    format!(
                        "stubs implement Send, Sync, Copy, Clone, Deref, IntoIterator, Index, Try, Future; not {other}"
                    ),
                ),
            }
            return;
        }
        if by_ref.is_some() {
            fail(file, &i.self_ty, "inherent impls are for types, not references");
        }
        // An inherent impl's generic parameters are bound by matching its type against the type
        // a method is called on: `impl<'a, T> Option<&'a T>` binds `T` from `Option<&X>`.
        let generics: Vec<(String, String)> =
            impl_generics.iter().enumerate().map(|(n, g)| (g.clone(), format!("Tpl::ImplVar({n})"))).collect();
        let universal = key == "_";
        let self_pattern = if universal {
            "Tpl::Unknown".to_string()
        } else {
            let s = Scope { file, module: module.into(), generics: generics.clone(), self_tpl: "Tpl::SelfTy".into() };
            self.tpl(&s, &i.self_ty)
        };
        let generics = if universal { vec![(impl_generics[0].clone(), "Tpl::SelfTy".to_string())] } else { generics };
        let scope = Scope { file, module: module.into(), generics, self_tpl };
        for item in &i.items {
            let f = match item {
                syn::ImplItem::Fn(f) => StubFn { attrs: f.attrs.clone(), sig: f.sig.clone() },
                syn::ImplItem::Verbatim(v) => body_less_fn(file, v),
                other => fail(file, other, "inherent impls of stubs hold functions"),
            };
            let (recv, sig) = self.sig(&scope, &f.sig, &f.attrs, &join(&key, &f.sig.ident.to_string()), Some(&key));
            let name = f.sig.ident.to_string();
            match recv {
                Some(recv) => {
                    let order = self.next();
                    self.methods.push((
                        key.clone(),
                        name.clone(),
                        order,
                        format!(
                            "MethodRow {{ key: {}, self_pattern: {self_pattern}, name: {}, recv: {recv}, sig: {sig} }}",
                            quote_str(&key),
                            quote_str(&name)
                        ),
                    ));
                }
                None => {
                    let path = join(&key, if name == "__any_fn" { "__any_fn" } else { &name });
                    self.push_fn(path, &self_pattern, sig);
                }
            }
        }
    }

    /// A type's own scope: its generic parameters are its arguments, by position.
    fn type_scope<'s>(&self, file: &'s Path, module: &str, g: &syn::Generics) -> Scope<'s> {
        let generics = type_params(g).into_iter().enumerate().map(|(i, n)| (n, format!("Tpl::ImplVar({i})"))).collect();
        Scope { file, module: module.into(), generics, self_tpl: "Tpl::SelfTy".into() }
    }

    fn next(&mut self) -> usize {
        self.order += 1;
        self.order
    }

    fn push_fn(&mut self, path: String, self_pattern: &str, sig: String) {
        let order = self.next();
        let row = format!("FnRow {{ path: {}, self_pattern: {self_pattern}, sig: {sig} }}", quote_str(&path));
        self.fns.push((path, order, row));
    }

    /// The key of an impl's type (a path, `[]`, `str`, `*const`, `*mut`, or `_` for `impl<T> T`),
    /// its `Self` template, and for `&T`/`&mut T` (IntoIterator only) which reference it is.
    fn impl_target(
        &self,
        file: &Path,
        module: &str,
        ty: &syn::Type,
        impl_generics: &[String],
    ) -> (String, String, Option<bool>) {
        match ty {
            syn::Type::Reference(r) => {
                let (k, s, _) = self.impl_target(file, module, &r.elem, impl_generics);
                (k, s, Some(r.mutability.is_some()))
            }
            syn::Type::Slice(_) => ("[]".into(), "Tpl::SelfTy".into(), None),
            syn::Type::Ptr(p) => {
                let key = if matches!(p.mutability, syn::PointerMutability::Const(_)) { "*const" } else { "*mut" };
                (key.into(), "Tpl::SelfTy".into(), None)
            }
            syn::Type::Path(tp) if tp.qself.is_none() => {
                let segs: Vec<String> = tp.path.segments.iter().map(|s| s.ident.to_string()).collect();
                if segs.len() == 1 && impl_generics.contains(&segs[0]) {
                    return ("_".into(), "Tpl::SelfTy".into(), None);
                }
                if segs.len() == 1 && PRIMITIVES.contains(&segs[0].as_str()) {
                    return (segs[0].clone(), "Tpl::SelfTy".into(), None);
                }
                let path =
                    self.resolve(module, &segs).unwrap_or_else(|| fail(file, tp, "cannot resolve the impl's type"));
                (self.canonical(&path), "Tpl::SelfTy".into(), None)
            }
            other => fail(file, other, "stubs implement for a path, a reference to one, `[T]` or a raw pointer"),
        }
    }

    /// A trait impl's generic parameters as the type's argument positions (`impl<K, V> Index for
    /// HashMap<K, V>`: `K` is argument 0, `V` argument 1).
    fn arg_positions(&self, file: &Path, ty: &syn::Type, impl_generics: &[String]) -> Vec<(String, String)> {
        match ty {
            syn::Type::Reference(r) => self.arg_positions(file, &r.elem, impl_generics),
            syn::Type::Path(tp) => {
                let args: Vec<syn::Type> = match &tp.path.segments.last().unwrap().arguments {
                    syn::PathArguments::AngleBracketed(ab) => ab
                        .args
                        .iter()
                        .filter_map(|a| match a {
                            syn::GenericArgument::Type(t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect(),
                    _ => vec![],
                };
                generic_arg_vars(file, &args, impl_generics)
            }
            _ => vec![],
        }
    }

    /// A signature: the receiver (`None` for an associated or free function) and the `Sig` row.
    fn sig(
        &self,
        scope: &Scope,
        sig: &syn::Signature,
        attrs: &[syn::Attribute],
        path: &str,
        impl_key: Option<&str>,
    ) -> (Option<&'static str>, String) {
        let file = scope.file;
        let fn_generics = type_params(&sig.generics);
        let mut generics = scope.generics.clone();
        for (i, g) in fn_generics.iter().enumerate() {
            generics.push((g.clone(), format!("Tpl::FnVar({i})")));
        }
        let inner = Scope { file, module: scope.module.clone(), generics, self_tpl: scope.self_tpl.clone() };
        let mut recv = None;
        let mut params = vec![];
        let mut param_types = vec![];
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(r) => {
                    recv = Some(match &r.kind {
                        syn::ReceiverKind::Reference(_, _, Some(_)) => "Recv::RefMut",
                        syn::ReceiverKind::Reference(_, _, None) => "Recv::Ref",
                        _ => "Recv::Value",
                    })
                }
                syn::FnArg::Typed(pt) => {
                    params.push(self.tpl(&inner, &pt.ty));
                    param_types.push((*pt.ty).clone());
                }
            }
        }
        let mut spawn = "None".to_string();
        let mut recv_unknown = false;
        let mut display = None;
        let mut why = None;
        let mut scoped = false;
        let mut is_spawn = false;
        for a in attrs {
            let name = a.path().get_ident().map(|i| i.to_string()).unwrap_or_default();
            match name.as_str() {
                "spawn" => is_spawn = true,
                "scoped" => scoped = true,
                "display" => display = attr_str(std::slice::from_ref(a), "display"),
                "why" => {
                    let mut w = None;
                    a.parse_nested_meta(|m| {
                        w = m.path.get_ident().map(|i| i.to_string());
                        Ok(())
                    })
                    .unwrap_or_else(|e| fail(file, a, e));
                    why = Some(match w.as_deref() {
                        Some("actix_factory") => "crate::knowledge::frameworks::ACTIX_FACTORY_WHY".to_string(),
                        other => fail(file, a, format!("unknown requirement reason {other:?}")),
                    });
                }
                "recv" => recv_unknown = true,
                "doc" => {}
                other => fail(file, a, format!("unknown attribute #[{other}] on a stub function")),
            }
        }
        if recv_unknown {
            recv = recv.map(|_| "Recv::Unknown");
        }
        // Bounds of the function's generic parameters (inline and in the where clause).
        let mut bounds: HashMap<String, Vec<syn::TypeParamBound>> = HashMap::new();
        for p in &sig.generics.params {
            if let syn::GenericParam::Type(t) = p {
                bounds.entry(t.ident.to_string()).or_default().extend(t.bounds.iter().cloned());
            }
        }
        if let Some(wc) = &sig.generics.where_clause {
            for pred in &wc.predicates {
                if let syn::WherePredicate::Type(pt) = pred {
                    if let syn::Type::Path(tp) = &pt.bounded_ty {
                        if let Some(id) = tp.path.get_ident() {
                            bounds.entry(id.to_string()).or_default().extend(pt.bounds.iter().cloned());
                        }
                    }
                }
            }
        }
        // Closure arguments whose own parameters a `Fn*(..)` bound tells.
        let mut closure_params = vec![];
        for (i, t) in param_types.iter().enumerate() {
            let Some(bs) = param_bounds(t, &bounds) else { continue };
            for b in &bs {
                if let syn::TypeParamBound::Trait(tb) = b {
                    let last = tb.path.segments.last().unwrap();
                    if matches!(last.ident.to_string().as_str(), "Fn" | "FnMut" | "FnOnce") {
                        if let syn::PathArguments::Parenthesized(pa) = &last.arguments {
                            if !pa.inputs.is_empty() {
                                let tys: Vec<String> = pa.inputs.iter().map(|t| self.tpl(&inner, &t.ty)).collect();
                                closure_params.push(format!("({i}, &[{}] as &[Tpl])", tys.join(", ")));
                            }
                        }
                    }
                }
            }
        }
        if is_spawn {
            let found = param_types.iter().enumerate().find_map(|(i, t)| {
                let bs = param_bounds(t, &bounds)?;
                let names: Vec<String> = bs
                    .iter()
                    .filter_map(|b| match b {
                        syn::TypeParamBound::Trait(tb) => Some(tb.path.segments.last().unwrap().ident.to_string()),
                        _ => None,
                    })
                    .collect();
                let future = names.iter().any(|n| n == "Future" || n == "IntoFuture");
                let closure = names.iter().any(|n| matches!(n.as_str(), "Fn" | "FnMut" | "FnOnce"));
                if !future && !closure {
                    return None;
                }
                let send = names.iter().any(|n| n == "Send");
                let is_static = bs.iter().any(|b| matches!(b, syn::TypeParamBound::Lifetime(l) if l.ident == "static"));
                Some((i, closure, send, is_static))
            });
            let Some((arg, closure, send, is_static)) = found else {
                fail(file, sig, "#[spawn] needs a parameter whose type is bounded by Future or Fn*")
            };
            let display = display.unwrap_or_else(|| path.to_string());
            spawn = format!(
                "Some(SpawnInfo {{ arg: {arg}, closure: {closure}, send: {send}, is_static: {is_static}, scoped: {scoped}, display: {}, why: {} }})",
                quote_str(&display),
                why.map(|w| format!("Some({w})")).unwrap_or_else(|| "None".into())
            );
        } else if scoped || display.is_some() || why.is_some() {
            fail(file, sig, "#[scoped], #[display] and #[why] belong to #[spawn] functions");
        }
        let ret = match &sig.output {
            syn::ReturnType::Default => "None".to_string(),
            syn::ReturnType::Type(_, t) => format!("Some({})", self.tpl(&inner, t)),
        };
        let _ = impl_key;
        let row = format!(
            "Sig {{ fn_generics: {}, params: &[{}], ret: {ret}, spawn: {spawn}, closure_params: &[{}] }}",
            fn_generics.len(),
            params.join(", "),
            closure_params.join(", ")
        );
        (recv, row)
    }

    /// A written type as a template.
    fn tpl(&self, scope: &Scope, t: &syn::Type) -> String {
        let file = scope.file;
        match t {
            syn::Type::Infer(_) => "Tpl::Unknown".into(),
            syn::Type::Paren(p) => self.tpl(scope, &p.elem),
            syn::Type::Reference(r) => format!("Tpl::Ref({}, &{})", r.mutability.is_some(), self.tpl(scope, &r.elem)),
            syn::Type::Ptr(p) => format!(
                "Tpl::Ptr({}, &{})",
                matches!(p.mutability, syn::PointerMutability::Mut(_)),
                self.tpl(scope, &p.elem)
            ),
            syn::Type::Tuple(tt) => {
                let items: Vec<String> = tt.elems.iter().map(|e| self.tpl(scope, e)).collect();
                format!("Tpl::Tuple(&[{}])", items.join(", "))
            }
            syn::Type::Array(a) => format!("Tpl::Array(&{})", self.tpl(scope, &a.elem)),
            syn::Type::Slice(s) => format!("Tpl::Slice(&{})", self.tpl(scope, &s.elem)),
            syn::Type::ImplTrait(it) => {
                let (send, sync) = auto_bounds(&it.bounds);
                format!("Tpl::Opaque {{ send: {send}, sync: {sync}, display: \"impl Trait\" }}")
            }
            syn::Type::Path(tp) if tp.qself.is_none() => {
                let segs: Vec<String> = tp.path.segments.iter().map(|s| s.ident.to_string()).collect();
                if segs.len() == 1 {
                    let name = &segs[0];
                    if name == "Self" {
                        return scope.self_tpl.clone();
                    }
                    if let Some((_, v)) = scope.generics.iter().rev().find(|(n, _)| n == name) {
                        return v.clone();
                    }
                    if PRIMITIVES.contains(&name.as_str()) {
                        return format!("Tpl::Path({}, &[])", quote_str(name));
                    }
                }
                let path = self
                    .resolve(&scope.module, &segs)
                    .unwrap_or_else(|| fail(file, tp, format!("cannot resolve `{}`", segs.join("::"))));
                let args: Vec<String> = match &tp.path.segments.last().unwrap().arguments {
                    syn::PathArguments::AngleBracketed(ab) => ab
                        .args
                        .iter()
                        .filter_map(|a| match a {
                            syn::GenericArgument::Type(t) => Some(self.tpl(scope, t)),
                            _ => None,
                        })
                        .collect(),
                    syn::PathArguments::None => vec![],
                    syn::PathArguments::Parenthesized(_) => fail(file, tp, "Fn(..) types are not templates"),
                };
                format!("Tpl::Path({}, &[{}])", quote_str(&path), args.join(", "))
            }
            syn::Type::Never(_) => "Tpl::Tuple(&[])".into(),
            other => fail(file, other, "not a type stubs can write"),
        }
    }

    /// Resolves a written path to the canonical path of what it names.
    fn resolve(&self, module: &str, segs: &[String]) -> Option<String> {
        let first = segs.first()?;
        let rest = &segs[1..];
        let with_rest = |head: &str| rest.iter().fold(head.to_string(), |acc, s| join(&acc, s));
        if first == "crate" {
            let krate = module.split("::").next().unwrap_or(module);
            return self.resolve(krate, &segs[1..]).or_else(|| Some(with_rest(krate)));
        }
        if first == "super" {
            let parent = module.rsplit_once("::").map(|(p, _)| p).unwrap_or("");
            let mut s = vec![];
            s.extend(rest.iter().cloned());
            return self.resolve_in(parent, &s);
        }
        if first == "self" {
            return self.resolve_in(module, rest);
        }
        // The module and those around it: items, then imports.
        let mut m = module.to_string();
        loop {
            if let Some(md) = self.modules.get(&m) {
                if md.items.iter().any(|i| i == first) {
                    return Some(with_rest(&join(&m, first)));
                }
                if let Some(target) = md.uses.get(first) {
                    let mut full = target.clone();
                    full.extend(rest.iter().cloned());
                    return self.resolve(&m, &full);
                }
            }
            match m.rsplit_once("::") {
                Some((p, _)) => m = p.to_string(),
                None => break,
            }
        }
        if rest.is_empty() {
            if let Some((_, full)) = PRELUDE.iter().find(|(n, _)| n == first) {
                return Some(full.to_string());
            }
        }
        if self.crates.contains(first) || matches!(first.as_str(), "core" | "alloc") {
            let krate = if matches!(first.as_str(), "core" | "alloc") { "std" } else { first.as_str() };
            return Some(rest.iter().fold(krate.to_string(), |acc, s| join(&acc, s)));
        }
        None
    }

    fn resolve_in(&self, module: &str, segs: &[String]) -> Option<String> {
        Some(segs.iter().fold(module.to_string(), |acc, s| join(&acc, s)))
    }

    /// The canonical spelling of a path: through re-exports, to the item's own path.
    fn canonical(&self, path: &str) -> String {
        let mut p = path.to_string();
        for _ in 0..16 {
            match self.reexports.get(&p) {
                Some(t) if *t != p => p = t.clone(),
                _ => break,
            }
        }
        p
    }

    fn emit(&self) -> String {
        let mut out = String::from("// @generated by crate/knowledge/build.rs from crate/knowledge/stubs/*.rs\n\n");
        let canon = |s: String| -> String {
            // Canonicalise every path literal written into a row.
            let mut result = String::with_capacity(s.len());
            let mut rest = s.as_str();
            while let Some(i) = rest.find("Tpl::Path(\"") {
                let start = i + "Tpl::Path(\"".len();
                result.push_str(&rest[..start]);
                let end = start + rest[start..].find('"').unwrap();
                result.push_str(&self.canonical(&rest[start..end]));
                rest = &rest[end..];
            }
            result.push_str(rest);
            result
        };
        out.push_str("pub static TYPES: &[TypeRow] = &[\n");
        // Every table is sorted by length first, then by the bytes (`key`): most comparisons of a
        // search are then settled by the lengths alone, without comparing the bytes.
        let mut types: Vec<(&String, &TypeDecl)> = self.types.iter().collect();
        types.sort_by(|a, b| key(a.0).cmp(&key(b.0)));
        for (path, t) in types {
            let opt =
                |o: &Option<String>| o.clone().map(|v| format!("Some({})", canon(v))).unwrap_or_else(|| "None".into());
            let copy = if t.copy == "No" { "Copy::No".to_string() } else { format!("Copy::{}", t.copy) };
            let drop_glue = t.copy == "No" && !t.no_drop_glue;
            let _ = writeln!(
                out,
                "    TypeRow {{ path: {}, opaque: {}, lifetimes: {}, display: {}, send: {}, sync: {}, copy: {copy}, clone: {}, drop_glue: {drop_glue}, kind: {}, deref: {}, item: {}, ref_item: {}, mut_item: {}, index: {}, try_output: {}, await_output: {} }},",
                quote_str(path),
                t.opaque,
                t.lifetimes,
                t.display.as_ref().map(|d| format!("Some({d:?})")).unwrap_or_else(|| "None".into()),
                t.send.clone().unwrap_or_else(|| "AutoRule::Structural".into()),
                t.sync.clone().unwrap_or_else(|| "AutoRule::Structural".into()),
                t.clone,
                t.kind,
                opt(&t.deref),
                opt(&t.item),
                opt(&t.ref_item),
                opt(&t.mut_item),
                opt(&t.index),
                opt(&t.try_output),
                opt(&t.await_output),
            );
        }
        out.push_str("];\n\n");
        let mut methods: Vec<&(String, String, usize, String)> = self.methods.iter().collect();
        methods.sort_by(|a, b| (key(&a.0), &a.1, a.2).cmp(&(key(&b.0), &b.1, b.2)));
        out.push_str("pub static METHODS: &[MethodRow] = &[\n");
        for (_, _, _, row) in methods.iter().filter(|m| m.0 != "_") {
            let _ = writeln!(out, "    {},", canon(row.clone()));
        }
        out.push_str("];\n\n");
        out.push_str("/// Methods of every type (`impl<T> T`), sorted by name (length first).\npub static UNIVERSAL: &[MethodRow] = &[\n");
        let mut universal: Vec<_> = methods.iter().filter(|m| m.0 == "_").collect();
        universal.sort_by(|a, b| key(&a.1).cmp(&key(&b.1)));
        for (_, _, _, row) in universal {
            let _ = writeln!(out, "    {},", canon(row.clone()));
        }
        out.push_str("];\n\n");
        let mut fns: Vec<(String, usize, String)> = self
            .fns
            .iter()
            .map(|(p, o, r)| (self.canonical(p), *o, r.replacen(&quote_str(p), &quote_str(&self.canonical(p)), 1)))
            .collect();
        fns.sort_by(|a, b| (key(&a.0), a.1).cmp(&(key(&b.0), b.1)));
        let mut any_fn: Vec<&str> = fns.iter().filter_map(|(p, _, _)| p.strip_suffix("::__any_fn")).collect();
        any_fn.dedup();
        out.push_str("/// Types with an `__any_fn` row.\npub static ANY_FN_OWNERS: &[&str] = &[");
        for o in &any_fn {
            let _ = write!(out, "{}, ", quote_str(o));
        }
        out.push_str("];\n\n");
        out.push_str("pub static FNS: &[FnRow] = &[\n");
        for (_, _, row) in fns {
            let _ = writeln!(out, "    {},", canon(row));
        }
        out.push_str("];\n\n");
        out.push_str("/// Other spellings of items (re-exports), sorted: alias → canonical path.\npub static REEXPORTS: &[(&str, &str)] = &[\n");
        let mut reexports: Vec<&String> = self.reexports.keys().collect();
        reexports.sort_by(|a, b| key(a).cmp(&key(b)));
        for alias in reexports {
            let target = self.canonical(alias);
            if target != *alias {
                let _ = writeln!(out, "    ({}, {}),", quote_str(alias), quote_str(&target));
            }
        }
        out.push_str("];\n\n");
        let mut tuple_fields = self.tuple_fields.clone();
        tuple_fields.sort_by(|a, b| key(&a.0).cmp(&key(&b.0)));
        out.push_str("/// Tuple structs' and enum variants' fields, sorted by path.\npub static TUPLE_FIELDS: &[(&str, &[Tpl])] = &[\n");
        for (path, tys) in tuple_fields {
            let _ = writeln!(out, "    ({}, &[{}]),", quote_str(&path), canon(tys.join(", ")));
        }
        out.push_str("];\n\n");
        let mut aliases = self.aliases.clone();
        aliases.sort_by(|a, b| key(&a.0).cmp(&key(&b.0)));
        out.push_str("pub static TYPE_ALIASES: &[TypeAliasRow] = &[\n");
        for (path, target) in aliases {
            let _ = writeln!(out, "    TypeAliasRow {{ path: {}, target: {} }},", quote_str(&path), canon(target));
        }
        out.push_str("];\n");
        out
    }
}

/// The order of the tables: by length, then by bytes (`knowledge::by_key` searches it).
fn key(s: &str) -> (usize, &str) {
    (s.len(), s)
}

/// `#[kind(guard, lock = "std::sync::Mutex", let_underscore_lock)]` → `Kind::Guard { .. }`.
fn kind(file: &Path, a: &syn::Attribute) -> String {
    let mut name = None;
    let mut lock = None;
    let mut lint = false;
    a.parse_nested_meta(|m| {
        let id = m.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
        match id.as_str() {
            "lock" if m.input.peek(syn::Token![=]) => lock = Some(m.value()?.parse::<syn::LitStr>()?.value()),
            "let_underscore_lock" => lint = true,
            _ if name.is_none() => name = Some(id),
            _ => return Err(m.error("one kind per type")),
        }
        Ok(())
    })
    .unwrap_or_else(|e| fail(file, a, e));
    match name.as_deref() {
        Some("guard") => format!(
            "Kind::Guard {{ lock: {:?}, let_underscore_lock: {lint} }}",
            lock.unwrap_or_else(|| fail(file, a, "a guard names its lock: #[kind(guard, lock = \"..\")]"))
        ),
        Some(
            k @ ("rc" | "cell" | "borrow" | "lock" | "pointer" | "receiver" | "rng" | "thread_bound" | "trait_future"),
        ) => {
            let camel: String = k
                .split('_')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
                })
                .collect();
            format!("Kind::{camel}")
        }
        other => fail(file, a, format!("unknown kind {other:?} (docs/KNOWLEDGE.md lists them)")),
    }
}

/// Which argument position each impl generic parameter takes in the self type's arguments.
fn generic_arg_vars(file: &Path, args: &[syn::Type], impl_generics: &[String]) -> Vec<(String, String)> {
    let mut vars = vec![];
    for (i, a) in args.iter().enumerate() {
        match a {
            syn::Type::Path(tp) if tp.path.get_ident().is_some_and(|id| impl_generics.contains(&id.to_string())) => {
                vars.push((tp.path.get_ident().unwrap().to_string(), format!("Tpl::ImplVar({i})")));
            }
            syn::Type::Infer(_) => {}
            other => fail(file, other, "an impl's type arguments are its generic parameters (or `_`)"),
        }
    }
    vars
}

/// `Send`/`Sync` conditions of an auto-trait impl, on the type's argument positions.
fn needs(file: &Path, i: &syn::ItemImpl, vars: &[(String, String)]) -> Vec<String> {
    let mut by_param: BTreeMap<usize, (bool, bool)> = BTreeMap::new();
    let mut add = |name: &str, bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>| {
        let Some((_, var)) = vars.iter().find(|(n, _)| n == name) else {
            fail(file, bounds, format!("`{name}` is not an argument of the type"))
        };
        let arg: usize = var.trim_start_matches("Tpl::ImplVar(").trim_end_matches(')').parse().unwrap();
        for b in bounds {
            if let syn::TypeParamBound::Trait(tb) = b {
                let e = by_param.entry(arg).or_default();
                match tb.path.segments.last().unwrap().ident.to_string().as_str() {
                    "Send" => e.0 = true,
                    "Sync" => e.1 = true,
                    _ => {}
                }
            }
        }
    };
    for p in &i.generics.params {
        if let syn::GenericParam::Type(t) = p {
            add(&t.ident.to_string(), &t.bounds);
        }
    }
    if let Some(wc) = &i.generics.where_clause {
        for pred in &wc.predicates {
            if let syn::WherePredicate::Type(pt) = pred {
                if let syn::Type::Path(tp) = &pt.bounded_ty {
                    if let Some(id) = tp.path.get_ident() {
                        add(&id.to_string(), &pt.bounds);
                    }
                }
            }
        }
    }
    by_param
        .into_iter()
        .filter(|(_, (send, sync))| *send || *sync)
        .map(|(arg, (send, sync))| format!("Need {{ arg: {arg}, send: {send}, sync: {sync} }}"))
        .collect()
}

/// The bounds of a parameter written as a generic `F` or `impl Trait`.
fn param_bounds(t: &syn::Type, bounds: &HashMap<String, Vec<syn::TypeParamBound>>) -> Option<Vec<syn::TypeParamBound>> {
    match t {
        syn::Type::Path(tp) => tp.path.get_ident().and_then(|id| bounds.get(&id.to_string()).cloned()),
        syn::Type::ImplTrait(it) => Some(it.bounds.iter().cloned().collect()),
        _ => None,
    }
}

fn auto_bounds(bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>) -> (bool, bool) {
    let names: Vec<String> = bounds
        .iter()
        .filter_map(|b| match b {
            syn::TypeParamBound::Trait(tb) => Some(tb.path.segments.last().unwrap().ident.to_string()),
            _ => None,
        })
        .collect();
    (names.iter().any(|n| n == "Send"), names.iter().any(|n| n == "Sync"))
}

/// The names a `use` tree brings in: (name, path segments).
fn use_tree(t: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match t {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_tree(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut full = prefix.clone();
            full.push(n.ident.to_string());
            out.push((n.ident.to_string(), full));
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            full.push(r.ident.to_string());
            out.push((r.rename.to_string(), full));
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_tree(t, prefix, out);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}
