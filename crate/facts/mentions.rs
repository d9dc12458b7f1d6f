//! Where the file names the types that fixes rewrite (`Rc`, `RefCell`, `Cell`, std locks) and
//! where it writes trait objects (`dyn Error`), found by one visit of the whole file.

use crate::fast::punctuated::Elements;
use std::fmt::Write as _;

use syn::spanned::Spanned;
use syn::visit::Visit;

use crate::facts::TypeMention;
use crate::items::ItemIndex;
use crate::syntax::macros::MacroBodies;
use crate::syntax::text::{Range, SourceText};

#[derive(Debug, Clone)]
pub struct DynMention {
    /// The whole `dyn A + B` type.
    pub range: Range,
    /// Where `+ Send` would be inserted (after the last bound).
    pub insert_at: usize,
    pub traits: Vec<String>,
}

/// A written type `Cell<T>` with its argument.
#[derive(Debug, Clone)]
pub struct GenericMention {
    pub canonical: String,
    /// From the path's start to the end of its generic arguments.
    pub range: Range,
    pub arg: Option<String>,
}

#[derive(Default)]
pub struct Mentions {
    pub types: Vec<TypeMention>,
    pub dyns: Vec<DynMention>,
    pub generics: Vec<GenericMention>,
}

struct Visitor<'i, 'a, 't> {
    index: &'i ItemIndex<'a>,
    macro_bodies: &'i MacroBodies,
    text: &'t SourceText<'t>,
    out: Mentions,
    in_use: bool,
    depth: usize,
    /// The rewritable type each path prefix resolves to, by prefix: the same names recur all
    /// over a file (locals, `Rc::new`), and resolving one tries several tables, the prelude
    /// and the glob imports, allocating on the way (a tenth of the visit).
    rewritable: crate::fast::hash::HashMap<String, Option<&'static str>>,
    /// The path being looked up, spelled `a::b` (kept to reuse its allocation).
    key: String,
    /// The last segment of each type the fixes rewrite (`Rc`, ...: `knowledge::rewrites`), split once: splitting per path
    /// segment was most of the filter's cost.
    rewritable_names: Vec<&'static str>,
}

pub fn collect(file: &syn::File, index: &ItemIndex, text: &SourceText, macro_bodies: &MacroBodies) -> Mentions {
    let rewritable_names =
        crate::knowledge::rewrites::rewritable().map(|path| path.rsplit("::").next().unwrap_or(path)).collect();
    let mut v = Visitor {
        index,
        macro_bodies,
        text,
        out: Mentions::default(),
        in_use: false,
        depth: 0,
        rewritable: Default::default(),
        key: String::new(),
        rewritable_names,
    };
    v.visit_file(file);
    v.out
}

impl<'ast> Visit<'ast> for Visitor<'_, '_, '_> {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.in_use = true;
        self.use_tree(&u.tree, &mut String::new());
        self.in_use = false;
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.segments.elements().any(|seg| self.may_name_rewritable(&seg.ident)) {
            self.find_rewritable(p);
        }
        if self.depth < 64 {
            self.depth += 1;
            syn::visit::visit_path(self, p);
            self.depth -= 1;
        }
    }

    fn visit_type_trait_object(&mut self, t: &'ast syn::TypeTraitObject) {
        let mut traits = vec![];
        let mut insert_at = 0;
        for b in t.bounds.elements() {
            let r = self.text.range_of(b.span());
            insert_at = insert_at.max(r.end);
            if let syn::TypeParamBound::Trait(tb) = b {
                let last = tb.path.segments.last_element().map(|s| s.ident.to_string()).unwrap_or_default();
                traits.push(last);
            }
        }
        self.out.dyns.push(DynMention { range: self.text.range_of(t.span()), insert_at, traits });
        syn::visit::visit_type_trait_object(self, t);
    }

    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if self.depth < 150 {
            self.depth += 1;
            syn::visit::visit_expr(self, e);
            self.depth -= 1;
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // Paths inside `vec![Rc::new(1)]` and format arguments are code too. The walker has
        // parsed most bodies already, the same way.
        let bodies = self.macro_bodies;
        match bodies.get(m).and_then(|parsed| parsed.comma_exprs()) {
            Some(exprs) => {
                for e in exprs.into_iter().flatten() {
                    self.visit_expr(e);
                }
            }
            None => {
                if let Ok(exprs) =
                    m.parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
                {
                    for e in &exprs {
                        self.visit_expr(e);
                    }
                }
            }
        }
        syn::visit::visit_macro(self, m);
    }
}

impl Visitor<'_, '_, '_> {
    /// Whether a path with this segment may name one of the rewritable types: the segment is
    /// the type's own name (`Rc`, reached through any module or glob) or a name a `use ... as`
    /// made, which may stand for one. Every way `ItemIndex::resolve_segments` reaches a
    /// rewritable path ends in one of these (a type alias resolves to the alias itself), so
    /// paths without one skip the lookup: most paths of a file are locals and calls.
    fn may_name_rewritable(&self, ident: &proc_macro2::Ident) -> bool {
        self.rewritable_names.iter().any(|name| ident == name) || self.index.renames.iter().any(|name| ident == name)
    }

    /// Records the path's first prefix that resolves to a rewritable type.
    fn find_rewritable(&mut self, p: &syn::Path) {
        // Each prefix `a`, `a::b`, ... is spelled into one reused buffer to look it up: most
        // paths of a file are locals and calls seen before, and allocating their segments as
        // strings cost more than the lookup.
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        let mut found = None;
        for (i, seg) in p.segments.elements().enumerate() {
            if i > 0 {
                key.push_str("::");
            }
            let _ = write!(key, "{}", seg.ident);
            let rewritable = match self.rewritable.get(key.as_str()) {
                Some(known) => *known,
                None => {
                    // Identifiers hold no `::`, so the key splits back into the segments.
                    let segs: Vec<String> = key.split("::").map(str::to_string).collect();
                    let resolved = self
                        .index
                        .resolve_segments(&segs)
                        .and_then(|r| crate::knowledge::rewrites::rewritable().find(|w| *w == r));
                    self.rewritable.insert(key.clone(), resolved);
                    resolved
                }
            };
            if let Some(resolved) = rewritable {
                found = Some((i + 1, resolved));
                break;
            }
        }
        self.key = key;
        if let Some((n, resolved)) = found {
            let start = self.text.range_of(p.segments[0].ident.span()).start;
            let end = self.text.range_of(p.segments[n - 1].ident.span()).end;
            self.out.types.push(TypeMention {
                canonical: resolved.to_string(),
                range: Range::new(start, end),
                in_use: false,
            });
            let arg = match &p.segments[n - 1].arguments {
                syn::PathArguments::AngleBracketed(ab) => {
                    ab.args.first_element().map(|a| self.text.slice(self.text.range_of(a.span())).to_string())
                }
                _ => None,
            };
            let full_end = self.text.range_of(p.segments[n - 1].span()).end;
            self.out.generics.push(GenericMention {
                canonical: resolved.to_string(),
                range: Range::new(start, full_end),
                arg,
            });
        }
    }

    /// `prefix`: the path so far with a trailing `::` (`a::b::`), in one buffer that each level
    /// extends and restores.
    fn use_tree(&mut self, t: &syn::UseTree, prefix: &mut String) {
        match t {
            syn::UseTree::Path(p) => {
                let len = prefix.len();
                prefix.push_str(crate::syntax::text::IdentText::new(&p.ident).as_str());
                prefix.push_str("::");
                self.use_tree(&p.tree, prefix);
                prefix.truncate(len);
            }
            syn::UseTree::Name(n) => {
                let len = prefix.len();
                prefix.push_str(crate::syntax::text::IdentText::new(&n.ident).as_str());
                let canonical = crate::knowledge::canonical(prefix);
                prefix.truncate(len);
                if crate::knowledge::rewrites::rewritable().any(|w| w == canonical) {
                    self.out.types.push(TypeMention {
                        canonical,
                        range: self.text.range_of(n.ident.span()),
                        in_use: true,
                    });
                }
            }
            syn::UseTree::Group(g) => {
                for i in g.items.elements() {
                    self.use_tree(i, prefix);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions_of(source: &str) -> Vec<(String, String)> {
        let file = syn::parse_file(source).expect("parses");
        let text = SourceText::new(source);
        let index = ItemIndex::build(&file, &text);
        let found = collect(&file, &index, &text, &MacroBodies::default());
        let out = found
            .types
            .iter()
            .filter(|m| !m.in_use)
            .map(|m| (m.canonical.clone(), text.slice(m.range).to_string()))
            .collect();
        proc_macro2::extra::invalidate_current_thread_spans();
        out
    }

    /// The filter in `visit_path` keeps every path that resolves to a rewritable type: through
    /// renames (also chained through a module), module paths and globs.
    #[test]
    fn finds_rewritable_types_under_any_name() {
        let source = r#"
            use std::rc::Rc as Shared;
            use std::cell;
            mod inner { pub use std::sync::Mutex as Lock; }
            use crate::inner::Lock as Guarded;
            use std::sync::*;
            fn f() {
                let a = Shared::new(1);
                let b = cell::RefCell::new(2);
                let c: Guarded<u8> = Guarded::new(3);
                let d = RwLock::new(4);
                let e = counter.len();
            }
        "#;
        let found = mentions_of(source);
        let expect = [
            ("std::rc::Rc", "Shared"),
            ("std::cell::RefCell", "cell::RefCell"),
            ("std::sync::Mutex", "Guarded"),
            ("std::sync::Mutex", "Guarded"),
            ("std::sync::RwLock", "RwLock"),
        ];
        let expect: Vec<(String, String)> = expect.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(found, expect);
    }
}
