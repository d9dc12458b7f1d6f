//! Rewriting `use` items when a fix swaps one type for another: drop the names that are no
//! longer used, and import the new ones (or spell them out in full when the short name is
//! already taken).

use super::Fixer;
use crate::fast::punctuated::Elements;
use crate::knowledge::canonical;
use crate::report::Edit;
use crate::syntax::text::Range;

/// How a swapped-in type is written at its mentions: its short name (imported) or its full path.
pub fn spelling(cx: &Fixer, full: &str, removed: &[&str]) -> (String, bool) {
    let short = full.rsplit("::").next().unwrap_or(full).to_string();
    // An import inside a `mod` would have to be replaced in that module: spell the path out.
    let nested = imported_names(cx)
        .importing(cx, removed)
        .into_iter()
        .any(|i| !cx.text.starts_line(cx.index.use_items[i].0.start));
    if nested {
        return (full.to_string(), false);
    }
    match cx.index.uses.get(&short) {
        // Already imported from exactly there.
        Some(p) if canonical(p) == full => (short, false),
        // The short name is taken by an import that this fix removes: reuse it.
        Some(p) if removed.contains(&canonical(p).as_str()) => (short, true),
        Some(_) => (full.to_string(), false),
        None if cx.index.adts.contains_key(&short)
            || cx.index.traits.contains_key(&short)
            || cx.index.aliases.contains_key(&short) =>
        {
            (full.to_string(), false)
        }
        None => (short, true),
    }
}

fn render(tree: &syn::UseTree, prefix: &str, removed: &[&str]) -> Option<String> {
    let join = |p: &str, s: &str| if p.is_empty() { s.to_string() } else { crate::knowledge::join_path(p, s) };
    match tree {
        syn::UseTree::Path(p) => {
            let inner = render(&p.tree, &join(prefix, &p.ident.to_string()), removed)?;
            Some(format!("{}::{}", p.ident, inner))
        }
        syn::UseTree::Name(n) => {
            let full = canonical(&join(prefix, &n.ident.to_string()));
            if removed.contains(&full.as_str()) {
                None
            } else {
                Some(n.ident.to_string())
            }
        }
        syn::UseTree::Rename(r) => Some(format!("{} as {}", r.ident, r.rename)),
        syn::UseTree::Glob(_) => Some("*".into()),
        syn::UseTree::Group(g) => {
            let items: Vec<String> = g.items.elements().filter_map(|t| render(t, prefix, removed)).collect();
            match items.len() {
                0 => None,
                // `{self}` must keep its braces; any other single item may lose them.
                1 if items[0] != "self" => Some(items.into_iter().next().expect("one")),
                _ => Some(format!("{{{}}}", items.join(", "))),
            }
        }
    }
}

/// The canonical paths each `use` item of the file imports by name (`use std::rc::{Rc, Weak};`
/// gives both), by path. Built once per analysis: every type-swapping fix asks which imports
/// it touches, and a large file has hundreds of `use` items (asking each of them, per fix,
/// grew with uses × fixes).
pub struct ImportedNames {
    /// Indices into `ItemIndex::use_items`, in order, of the items importing each path.
    items_by_path: crate::fast::hash::HashMap<String, Vec<usize>>,
    /// Where the last `use` item ends.
    last_use_end: Option<usize>,
}

impl ImportedNames {
    /// The `use` items (indices into `ItemIndex::use_items`, in file order, each once) that
    /// import one of `paths` by name.
    fn importing(&self, cx: &Fixer, paths: &[&str]) -> Vec<usize> {
        // Marks rather than a sort: a sort of `usize` was 2 KB of the wasm (brotli).
        let mut marked = vec![false; cx.index.use_items.len()];
        for i in paths.iter().filter_map(|p| self.items_by_path.get(*p)).flatten() {
            marked[*i] = true;
        }
        (0..marked.len()).filter(|&i| marked[i]).collect()
    }
}

fn imported_names<'c>(cx: &'c Fixer) -> &'c ImportedNames {
    cx.caches.imported_names.get_or_init(|| {
        let mut items_by_path: crate::fast::hash::HashMap<String, Vec<usize>> = Default::default();
        let mut names = vec![];
        for (i, (_, item)) in cx.index.use_items.iter().enumerate() {
            names.clear();
            collect_names(&item.tree, "", &mut names);
            for name in names.drain(..) {
                let items = items_by_path.entry(name).or_default();
                if items.last() != Some(&i) {
                    items.push(i);
                }
            }
        }
        let last_use_end = cx.index.use_items.iter().map(|(r, _)| r.end).max();
        ImportedNames { items_by_path, last_use_end }
    })
}

fn collect_names(tree: &syn::UseTree, prefix: &str, out: &mut Vec<String>) {
    let join = |p: &str, s: &str| if p.is_empty() { s.to_string() } else { crate::knowledge::join_path(p, s) };
    match tree {
        syn::UseTree::Path(p) => collect_names(&p.tree, &join(prefix, &p.ident.to_string()), out),
        syn::UseTree::Name(n) => out.push(canonical(&join(prefix, &n.ident.to_string()))),
        syn::UseTree::Group(g) => g.items.elements().for_each(|t| collect_names(t, prefix, out)),
        _ => {}
    }
}

/// Edits to the file's imports: `removed` types lose their `use`, `added` (full paths) gain one.
pub fn edits(cx: &Fixer, removed: &[&str], added: &[String]) -> Vec<Edit> {
    let mut out = vec![];
    let text = cx.text;
    let imports = imported_names(cx);
    let last_use_end = imports.last_use_end;
    // New imports go where the first removed one was, or after the last `use`.
    let mut first_removed_line = None;
    for i in imports.importing(cx, removed) {
        let (range, item) = &cx.index.use_items[i];
        match render(&item.tree, "", removed) {
            Some(tree) => {
                let src = text.slice(*range);
                let head = src.find("use").map(|i| &src[..i]).unwrap_or("");
                out.push(super::edit(cx, *range, format!("{head}use {tree};")));
            }
            None => {
                // Delete the whole line when the item is alone on it.
                let line_start = text.line_start(text.line_index(range.start));
                let mut end = range.end;
                if text.text[end..].starts_with('\n') {
                    end += 1;
                } else if text.text[end..].starts_with("\r\n") {
                    end += 2;
                }
                let start = if text.text[line_start..range.start].trim().is_empty() { line_start } else { range.start };
                if start == line_start && first_removed_line.is_none() {
                    first_removed_line = Some(line_start);
                }
                out.push(super::edit(cx, Range::new(start, end), ""));
            }
        }
    }
    if added.is_empty() {
        return out;
    }
    // Group the new imports by module: `use std::sync::{Arc, Mutex};`.
    let mut groups: Vec<(String, Vec<String>)> = vec![];
    for full in added {
        let (module, name) = full.rsplit_once("::").unwrap_or(("", full));
        match groups.iter_mut().find(|(m, _)| m == module) {
            Some((_, names)) => {
                if !names.contains(&name.to_string()) {
                    names.push(name.to_string())
                }
            }
            None => groups.push((module.to_string(), vec![name.to_string()])),
        }
    }
    let mut lines = String::new();
    for (module, names) in groups {
        if names.len() == 1 {
            lines.push_str(&format!("use {module}::{};\n", names[0]));
        } else {
            lines.push_str(&format!("use {module}::{{{}}};\n", names.join(", ")));
        }
    }
    let at = match (first_removed_line, last_use_end) {
        (Some(line), _) => line,
        (None, last_use_end) => match last_use_end {
            Some(end) => {
                let li = text.line_index(end);
                text.line_start(li + 1).min(text.len())
            }
            None => 0,
        },
    };
    let lines = if at == text.len() && !text.text.ends_with('\n') && at > 0 { format!("\n{lines}") } else { lines };
    out.push(super::edit(cx, Range::empty(at), lines));
    out
}
