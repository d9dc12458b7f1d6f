//! Fixes that end a value's life before an `.await`: put the statements that use it in a block
//! (exporting what later code needs), re-acquire it after the await, or move a temporary out of
//! a `match`/`if let`/`while let`/`for` header into a `let` of its own.

use super::Fixer;
use super::{edit, fix};
use crate::facts::{BindingId, TempContext};
use crate::items::ty::CoroutineId;
use crate::items::ty::Ty;
use crate::judge::solver::{Culprit, CulpritKind};
use crate::report::{Applicability, Fix};
use crate::syntax::text::Range;

struct Region {
    block: usize,
    first: usize,
    /// The statement holding the first await the value is held across.
    await_stmt: usize,
}

fn region(cx: &Fixer, b: BindingId, awaits: &[Range]) -> Option<Region> {
    let binding = &cx.facts.bindings[b];
    let stmt = binding.stmt?;
    let block = &cx.facts.blocks[stmt.block];
    let first_await = awaits.iter().min_by_key(|a| a.start)?;
    let await_stmt = block.stmts.iter().position(|s| s.contains(*first_await))?;
    if await_stmt <= stmt.index {
        return None;
    }
    Some(Region { block: stmt.block, first: stmt.index, await_stmt })
}

/// Re-indents `text` (which starts at a line's indentation) by four spaces.
fn indent_more(text: &str) -> String {
    text.lines()
        .map(|l| if l.trim().is_empty() { String::new() } else { format!("    {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Bindings declared in statements `from..to` of `block` that are used at or after `after`.
fn exports(cx: &Fixer, block: usize, from: usize, to: usize, after: usize) -> Vec<BindingId> {
    // A `let` of the block declares its bindings in the block's owner.
    let owner = cx.facts.blocks[block].owner;
    cx.facts.bindings_by_owner[owner]
        .iter()
        .copied()
        .filter(|&id| cx.facts.bindings[id].stmt.is_some_and(|s| s.block == block && s.index >= from && s.index < to))
        .filter(|&id| cx.facts.uses_of(id).any(|u| u.range.start >= after))
        .collect()
}

/// Wraps statements `first..last` (inclusive) of a block in `{ }`, returning the exports.
fn wrap(cx: &Fixer, block: usize, first: usize, last: usize, exports: &[BindingId]) -> Option<(Range, String)> {
    let stmts = &cx.facts.blocks[block].stmts;
    let start_stmt = stmts[first];
    let end = stmts[last].end;
    let text = cx.text;
    let line_start = text.line_start(text.line_index(start_stmt.start));
    if !text.slice(Range::new(line_start, start_stmt.start)).trim().is_empty() {
        return None;
    }
    let indent = text.indent_at(start_stmt.start).to_string();
    let body = indent_more(text.slice(Range::new(line_start, end)));
    let replacement = match exports.len() {
        0 => format!("{indent}{{\n{body}\n{indent}}}"),
        _ => {
            for e in exports {
                if matches!(cx.facts.bindings[*e].ty, Ty::Ref { .. }) {
                    return None;
                }
            }
            let names: Vec<String> = exports.iter().map(|e| cx.facts.bindings[*e].name.clone()).collect();
            let pats: Vec<String> = exports
                .iter()
                .map(|e| {
                    let b = &cx.facts.bindings[*e];
                    if b.mutable {
                        format!("mut {}", b.name)
                    } else {
                        b.name.clone()
                    }
                })
                .collect();
            let (pat, val) = if names.len() == 1 {
                (pats[0].clone(), names[0].clone())
            } else {
                (format!("({})", pats.join(", ")), format!("({})", names.join(", ")))
            };
            format!("{indent}let {pat} = {{\n{body}\n{indent}    {val}\n{indent}}};")
        }
    };
    Some((Range::new(line_start, end), replacement))
}

/// End a binding's scope before the await, when it is not used after it.
pub fn scope_binding(cx: &Fixer, c: &Culprit) -> Option<Fix> {
    let CulpritKind::Held { binding } = c.kind else { return None };
    let r = region(cx, binding, &c.awaits)?;
    let stmts = &cx.facts.blocks[r.block].stmts;
    let await_start = stmts[r.await_stmt].start;
    if cx.facts.uses_of(binding).any(|u| u.range.start >= await_start) {
        return None;
    }
    let last = r.await_stmt - 1;
    let ex = exports(cx, r.block, r.first + 1, r.await_stmt, await_start);
    let (range, rep) = wrap(cx, r.block, r.first, last, &ex)?;
    let name = &cx.facts.bindings[binding].name;
    Some(fix(format!("end `{name}`'s scope before the `.await`"), Applicability::Safe, vec![edit(cx, range, rep)]))
}

/// Release the value before the await and take it again after it.
pub fn reacquire(cx: &Fixer, c: &Culprit, app: Applicability) -> Option<Fix> {
    let CulpritKind::Held { binding } = c.kind else { return None };
    let b = &cx.facts.bindings[binding];
    let r = region(cx, binding, &c.awaits)?;
    let stmts = cx.facts.blocks[r.block].stmts.clone();
    let await_range = stmts[r.await_stmt];
    // Used in the await's own statement: it cannot be released before it.
    if cx.facts.uses_of(binding).any(|u| await_range.contains(u.range)) {
        return None;
    }
    // A later await would hold the re-acquired value again.
    if cx.facts.awaits_by_owner[b.owner]
        .iter()
        .map(|&i| &cx.facts.awaits[i])
        .any(|a| a.range.start >= await_range.end && a.range.start < b.scope_end)
    {
        return None;
    }
    let let_text = cx.slice(stmts[r.first]).to_string();
    let indent = cx.text.indent_at(await_range.start).to_string();
    let used_before = cx.facts.uses_of(binding).any(|u| u.range.start < await_range.start);
    let mut edits = vec![];
    if used_before {
        let ex = exports(cx, r.block, r.first + 1, r.await_stmt, await_range.start);
        let (range, rep) = wrap(cx, r.block, r.first, r.await_stmt - 1, &ex)?;
        edits.push(edit(cx, range, rep));
    } else {
        // Not used before the await at all: just create it after.
        let text = cx.text;
        let line_start = text.line_start(text.line_index(stmts[r.first].start));
        let next_line = text.line_start(text.line_index(stmts[r.first].end) + 1);
        edits.push(edit(cx, Range::new(line_start, next_line.min(text.len())), ""));
    }
    edits.push(edit(cx, Range::empty(await_range.end), format!("\n{indent}{let_text}")));
    let name = &b.name;
    Some(fix(format!("release `{name}` before the `.await` and take it again after"), app, edits))
}

fn owned(t: &Ty) -> bool {
    match t {
        Ty::Adt { args, .. } => args.iter().all(owned),
        Ty::Tuple(items) => items.iter().all(owned),
        Ty::Number => true,
        _ => false,
    }
}

/// The innermost statement that contains `r`, a range of coroutine `owner`: in the owner's
/// blocks, or else in its parent's (a closure body without braces is no block), and so on up.
/// A statement of an outer coroutine that contains `r` contains the whole inner coroutine, so
/// the innermost one is in the first owner that has one.
fn enclosing_stmt(cx: &Fixer, owner: CoroutineId, r: Range) -> Option<Range> {
    let mut owner = Some(owner);
    while let Some(o) = owner {
        let found = cx.facts.blocks_by_owner[o]
            .iter()
            .flat_map(|&b| cx.facts.blocks[b].stmts.iter())
            .filter(|s| s.contains(r))
            .min_by_key(|s| s.end - s.start);
        if found.is_some() {
            return found.copied();
        }
        owner = cx.facts.coroutines[o].parent;
    }
    None
}

/// Move a guard-holding temporary out of a `match`/`if let`/`while let`/`for` header.
pub fn hoist_temp(cx: &Fixer, c: &Culprit) -> Vec<Fix> {
    let CulpritKind::Temp { index } = c.kind else { return vec![] };
    let temp = &cx.facts.temps[index];
    // The scrutinee's own temporary, walked in the same coroutine.
    let scrut_ty = |scrut: Range| {
        cx.facts.temps_by_owner[temp.owner]
            .iter()
            .map(|&i| &cx.facts.temps[i])
            .find(|t| t.range == scrut)
            .map(|t| t.ty.clone())
    };
    match temp.context {
        TempContext::IfLet { scrutinee, whole } | TempContext::Match { scrutinee, whole } => {
            let Some(ty) = scrut_ty(scrutinee) else { return vec![] };
            if !owned(&ty) {
                return vec![];
            }
            let Some(stmt) = enclosing_stmt(cx, temp.owner, whole) else { return vec![] };
            let indent = cx.text.indent_at(stmt.start).to_string();
            let text = cx.slice(scrutinee).to_string();
            let edits = vec![
                edit(cx, Range::empty(stmt.start), format!("let next = {text};\n{indent}")),
                edit(cx, scrutinee, "next"),
            ];
            vec![fix(
                "compute the value in a `let` first, so the lock is released before the `.await`",
                Applicability::Safe,
                edits,
            )]
        }
        TempContext::WhileLet { scrutinee, whole } => {
            let Some(ty) = scrut_ty(scrutinee) else { return vec![] };
            if !owned(&ty) {
                return vec![];
            }
            let header = cx.slice(Range::new(whole.start, scrutinee.start));
            let Some(rest) = header.trim_start().strip_prefix("while") else { return vec![] };
            let pat = rest.trim().strip_prefix("let").map(str::trim).and_then(|p| p.strip_suffix('=')).map(str::trim);
            let Some(pat) = pat else { return vec![] };
            let after = &cx.text.text[scrutinee.end..whole.end];
            let Some(brace) = after.find('{') else { return vec![] };
            if !after[..brace].trim().is_empty() {
                return vec![];
            }
            let indent = cx.text.indent_at(whole.start).to_string();
            let scrut = cx.slice(scrutinee);
            let rep = format!("loop {{\n{indent}    let {pat} = {scrut} else {{ break }};");
            let edits = vec![edit(cx, Range::new(whole.start, scrutinee.end + brace + 1), rep)];
            vec![fix(
                "take the next value in a `let … else` inside `loop`, so the lock is released before the `.await`",
                Applicability::Safe,
                edits,
            )]
        }
        TempContext::ForIter { whole, .. } => {
            // `for x in guard_temp.iter()` → iterate over a clone taken first.
            let inner = crate::facts::infer::deref(&temp.ty);
            if !owned(&inner) {
                return vec![];
            }
            let Some(stmt) = enclosing_stmt(cx, temp.owner, whole) else { return vec![] };
            let indent = cx.text.indent_at(stmt.start).to_string();
            let text = cx.slice(temp.range).to_string();
            let edits = vec![
                edit(cx, Range::empty(stmt.start), format!("let snapshot = {text}.clone();\n{indent}")),
                edit(cx, temp.range, "snapshot"),
            ];
            vec![fix(
                "iterate over a copy taken before the loop, so the borrow ends before the `.await`",
                Applicability::Safe,
                edits,
            )]
        }
        TempContext::Statement { .. } => vec![],
    }
}
