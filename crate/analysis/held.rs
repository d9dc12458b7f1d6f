//! What a coroutine captures, and what a future holds across each `.await`.
//!
//! rustc 1.95 keeps a local in an async body's state at an `.await` when its storage is needed
//! there: it is initialized (not moved away on every path) and either used later — dropping a
//! value with drop glue at the end of its scope counts as a use — or it was borrowed at some
//! point before the await (a borrow may still be alive, so only the end of its scope releases it;
//! this is why `drop(guard)` does not help once the guard was used through a reference).

use std::collections::BTreeMap;

use super::facts::{BindingId, Facts, UseKind};
use super::infer;
use super::items::ItemIndex;
use crate::text::Range;
use crate::ty::{CoroutineId, Ty};
use crate::Edition;

#[derive(Debug, Clone)]
pub struct Capture {
    pub binding: BindingId,
    pub fields: Vec<String>,
    /// The type of what is stored in the closure or future: the place's type, or a reference
    /// to it when captured by reference.
    pub ty: Ty,
    pub by_ref: bool,
    pub mutable: bool,
    pub first_use: Range,
    /// The use that decided the capture mode (the mutation, the move).
    pub mode_use: Range,
    /// Some use could not be classified: the capture mode is a guess.
    pub uncertain: bool,
    /// Every use reads through the binding, a shared reference (`r.len()`, `*r`): a closure
    /// then captures the place behind it, whose lifetime is the reference's own.
    pub only_reborrows: bool,
}

/// The places coroutine `id` captures from its surroundings.
pub fn captures(facts: &Facts, index: &ItemIndex, id: CoroutineId) -> Vec<Capture> {
    let co = &facts.coroutines[id];
    // (binding, fields) → uses
    let mut places: BTreeMap<(BindingId, Vec<String>), Vec<usize>> = BTreeMap::new();
    let subtree = facts.subtree(id);
    for &i in subtree.iter().flat_map(|c| facts.uses_by_owner[*c].iter()) {
        let u = &facts.uses[i];
        let b = &facts.bindings[u.binding];
        if facts.within(b.owner, id) {
            continue;
        }
        places.entry((u.binding, u.fields.clone())).or_default().push(i);
    }
    // A place whose ancestor is also captured is part of that capture.
    let keys: Vec<_> = places.keys().cloned().collect();
    let mut merged: BTreeMap<(BindingId, Vec<String>), Vec<usize>> = BTreeMap::new();
    for k in &keys {
        let ancestor = keys.iter().filter(|o| o.0 == k.0 && o.1.len() < k.1.len() && k.1.starts_with(&o.1)).min_by_key(|o| o.1.len());
        let target = ancestor.cloned().unwrap_or_else(|| k.clone());
        merged.entry(target).or_default().extend(places[k].iter().copied());
    }
    let mut out = vec![];
    for ((b, fields), mut uses) in merged {
        uses.sort_by_key(|&i| facts.uses[i].range.start);
        let binding = &facts.bindings[b];
        let mut place_ty = binding.ty.clone();
        for f in &fields {
            place_ty = infer::field_ty(index, &place_ty, f);
        }
        let first_use = facts.uses[uses[0]].range;
        let mut uncertain = binding.opaque;
        let (by_ref, mutable, mode_use) = if co.is_move {
            (false, false, first_use)
        } else {
            let mut best = UseKind::Copy;
            let mut best_range = first_use;
            for &i in &uses {
                let k = facts.uses[i].kind;
                if k == UseKind::Unknown {
                    uncertain = true;
                    continue;
                }
                let rank = |k: UseKind| match k {
                    UseKind::Copy | UseKind::Borrow => 0,
                    UseKind::MutBorrow => 1,
                    UseKind::Move => 2,
                    UseKind::Unknown => 0,
                };
                if rank(k) > rank(best) {
                    best = k;
                    best_range = facts.uses[i].range;
                }
            }
            match best {
                UseKind::Move => (false, false, best_range),
                UseKind::MutBorrow => (true, true, best_range),
                _ => (true, false, best_range),
            }
        };
        let only_reborrows = matches!(binding.ty, Ty::Ref { mutable: false, .. }) && uses.iter().all(|&i| facts.uses[i].kind == UseKind::Copy);
        let ty = if by_ref { Ty::reference(place_ty, mutable) } else { place_ty };
        out.push(Capture { binding: b, fields, ty, by_ref, mutable, first_use, mode_use, uncertain, only_reborrows });
    }
    out.sort_by_key(|c| c.first_use.start);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeldWhat {
    Binding(BindingId),
    Temp(usize),
    Future,
}

#[derive(Debug, Clone)]
pub struct HeldValue {
    pub what: HeldWhat,
    pub ty: Ty,
    pub range: Range,
    pub awaits: Vec<Range>,
}

#[derive(Debug, Default)]
pub struct Held {
    pub values: Vec<HeldValue>,
    /// Something might be held that we cannot judge (an unclassified use).
    pub uncertain: bool,
}

/// The values async coroutine `id` holds across its awaits.
pub fn held_across_awaits(facts: &Facts, index: &ItemIndex, id: CoroutineId, _edition: Edition) -> Held {
    let mut held = Held::default();
    let mut by_what: BTreeMap<HeldWhat, HeldValue> = BTreeMap::new();
    let co = &facts.coroutines[id];
    let temps_of_owner: &[usize] = facts.temps_by_owner.get(id).map_or(&[], |v| v.as_slice());
    let awaits_of_owner: &[usize] = facts.awaits_by_owner.get(id).map_or(&[], |v| v.as_slice());
    let loops_of_owner: &[usize] = facts.loops_by_owner.get(id).map_or(&[], |v| v.as_slice());
    for a in awaits_of_owner.iter().map(|&i| &facts.awaits[i]) {
        let pos = a.range.start;
        let loops: Vec<Range> = loops_of_owner.iter().map(|&i| &facts.loops[i]).filter(|l| l.range.contains_offset(pos)).map(|l| l.range).collect();
        for &bid in &facts.bindings_by_owner[id] {
            let b = &facts.bindings[bid];
            if !(b.decl_end <= pos && pos < b.scope_end) {
                continue;
            }
            // An async fn's parameters are judged as part of the future already.
            if b.is_param && co.params.contains(&bid) {
                continue;
            }
            let outer_loops: Vec<Range> = loops.iter().copied().filter(|l| !l.contains_offset(b.range.start)).collect();
            let in_outer_loop = |r: Range| outer_loops.iter().any(|l| l.contains(r));
            let mut used_after = false;
            let mut borrowed_before = false;
            let mut moved = false;
            let mut unknown_before = false;
            let mut uses: Vec<_> = facts.uses_of(bid).collect();
            uses.sort_by_key(|u| u.range.start);
            for u in &uses {
                let before = u.range.end <= pos;
                if !before || in_outer_loop(u.range) {
                    used_after = true;
                }
                if before || in_outer_loop(u.range) {
                    match u.kind {
                        UseKind::Borrow | UseKind::MutBorrow if !u.reinit => borrowed_before = true,
                        UseKind::Move if before && u.region.contains_offset(pos) && !in_outer_loop(u.range) => moved = true,
                        UseKind::Unknown => unknown_before = true,
                        _ => {}
                    }
                    if u.reinit && before {
                        moved = false;
                    }
                }
            }
            let maybe_init = !moved;
            let is_held = borrowed_before || (maybe_init && (used_after || infer::needs_drop(index, &b.ty)));
            if b.opaque || (unknown_before && !borrowed_before) {
                // We cannot tell whether it was moved away or borrowed.
                if is_held || unknown_before {
                    held.uncertain = true;
                }
                continue;
            }
            if is_held {
                let e = by_what.entry(HeldWhat::Binding(bid)).or_insert_with(|| HeldValue { what: HeldWhat::Binding(bid), ty: b.ty.clone(), range: b.range, awaits: vec![] });
                e.awaits.push(a.range);
            }
        }
        for (ti, t) in temps_of_owner.iter().map(|&i| (i, &facts.temps[i])) {
            if t.range.end <= pos && pos < t.dies_at {
                let e = by_what.entry(HeldWhat::Temp(ti)).or_insert_with(|| HeldValue { what: HeldWhat::Temp(ti), ty: t.ty.clone(), range: t.range, awaits: vec![] });
                e.awaits.push(a.range);
            }
        }
        if matches!(a.base_ty, Ty::Future(_) | Ty::AsyncFnFuture { .. }) {
            held.values.push(HeldValue { what: HeldWhat::Future, ty: a.base_ty.clone(), range: a.expr, awaits: vec![a.range] });
        }
    }
    let mut values: Vec<HeldValue> = by_what.into_values().collect();
    values.sort_by_key(|v| v.range.start);
    values.extend(held.values);
    held.values = values;
    held
}
