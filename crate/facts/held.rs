//! What a coroutine captures, and what a future holds across each `.await`.
//!
//! rustc 1.95 keeps a local in an async body's state at an `.await` when its storage is needed
//! there: it is initialized (not moved away on every path) and either used later — dropping a
//! value with drop glue at the end of its scope counts as a use — or it was borrowed at some
//! point before the await (a borrow may still be alive, so only the end of its scope releases it;
//! this is why `drop(guard)` does not help once the guard was used through a reference).

use std::collections::BTreeMap;

use crate::facts::infer;
use crate::facts::{BindingId, Facts, UseKind};
use crate::items::ty::{CoroutineId, Ty};
use crate::items::ItemIndex;
use crate::options::Edition;
use crate::syntax::text::Range;

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
        let ancestor = keys
            .iter()
            .filter(|o| o.0 == k.0 && o.1.len() < k.1.len() && k.1.starts_with(&o.1))
            .min_by_key(|o| o.1.len());
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
        let only_reborrows = matches!(binding.ty, Ty::Ref { mutable: false, .. })
            && uses.iter().all(|&i| facts.uses[i].kind == UseKind::Copy);
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

/// The owner's loops, with a query for the loops around a position that costs the nesting depth
/// rather than the number of loops (a task with thousands of loops and awaits stays linear).
struct LoopTree {
    /// Ranges sorted by start, outer before inner at equal starts.
    ranges: Vec<Range>,
    /// The innermost loop around each loop, as an index into `ranges`.
    parent: Vec<Option<usize>>,
    /// Some ranges overlap without nesting (not seen from syntax, but the walk does not promise
    /// it): every query then scans all of them, which is always right.
    nested: bool,
}

impl LoopTree {
    fn new(loops: impl Iterator<Item = Range>) -> LoopTree {
        // Sorted through packed keys: every sort in this file is the one `[u64]::sort_unstable`,
        // each other key type would add its own copy of the sort to the wasm.
        let mut keys: Vec<u64> = loops.map(|r| pack(r.start, u32::MAX as usize - r.end)).collect();
        sort_keys(&mut keys);
        let ranges: Vec<Range> = keys
            .into_iter()
            .map(|key| {
                let (start, end_from_max) = unpack(key);
                Range { start, end: u32::MAX as usize - end_from_max }
            })
            .collect();
        let mut parent = Vec::with_capacity(ranges.len());
        let mut open: Vec<usize> = vec![];
        let mut nested = true;
        for (i, r) in ranges.iter().enumerate() {
            while let Some(&top) = open.last() {
                if ranges[top].contains(*r) {
                    break;
                }
                if ranges[top].end > r.start {
                    nested = false;
                }
                open.pop();
            }
            parent.push(open.last().copied());
            open.push(i);
        }
        LoopTree { ranges, parent, nested }
    }

    /// Every loop whose range contains offset `at`, innermost first.
    fn around(&self, at: usize) -> Vec<Range> {
        if !self.nested {
            return self.ranges.iter().copied().filter(|l| l.contains_offset(at)).collect();
        }
        let mut out = vec![];
        let last_starting_before = self.ranges.partition_point(|r| r.start <= at);
        let mut cur = last_starting_before.checked_sub(1);
        while let Some(i) = cur {
            if self.ranges[i].contains_offset(at) {
                out.push(self.ranges[i]);
            }
            cur = self.parent[i];
        }
        out
    }
}

/// Two numbers below 2^32 in one sortable key: offsets are (inputs stop at 8 MiB), and so are
/// indices into lists of them.
fn pack(high: usize, low: usize) -> u64 {
    ((high as u64) << 32) | (low as u64 & u64::from(u32::MAX))
}

fn unpack(key: u64) -> (usize, usize) {
    ((key >> 32) as usize, (key & u64::from(u32::MAX)) as usize)
}

/// Sorts `keys` in place: a heapsort, O(n log n) whatever the order. Hand-written because std's
/// sort, instantiated for one more element type, adds 1.5 KB (brotli) to the wasm, and the page
/// is at its size budget; plain integer keys leave no stability or ordering subtlety to get
/// wrong (the test below checks it against std's sort).
fn sort_keys(keys: &mut [u64]) {
    fn sift_down(keys: &mut [u64], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && keys[child] < keys[child + 1] {
                child += 1;
            }
            if keys[root] >= keys[child] {
                return;
            }
            keys.swap(root, child);
            root = child;
        }
    }
    let n = keys.len();
    for start in (0..n / 2).rev() {
        sift_down(keys, start, n);
    }
    for end in (1..n).rev() {
        keys.swap(0, end);
        sift_down(keys, 0, end);
    }
}

/// The owner's awaits sorted by position, to find those inside a range by binary search.
struct AwaitsByPosition {
    /// (offset of the `.await`, index into the owner's await list), sorted.
    sorted: Vec<(usize, usize)>,
}

impl AwaitsByPosition {
    /// Positions in `sorted` of the awaits at offsets `from..to`.
    fn between(&self, from: usize, to: usize) -> std::ops::Range<usize> {
        let lo = self.sorted.partition_point(|&(at, _)| at < from);
        let hi = self.sorted.partition_point(|&(at, _)| at < to).max(lo);
        lo..hi
    }
}

/// Whether a binding's storage is kept at one await, judged from its uses alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Held,
    NotHeld,
    /// The uses do not say (an unclassified use or an opaque binding); `true` when the binding
    /// might be held, which makes the whole judgement uncertain.
    Unknown(bool),
}

/// Judges binding `b` at the await at offset `pos`: `uses` are its uses sorted by start,
/// `outer_loops` the loops around `pos` that do not contain its declaration (a use anywhere in
/// such a loop runs again after the await).
fn judge(
    index: &ItemIndex,
    b: &crate::facts::Binding,
    uses: &[&crate::facts::Use],
    pos: usize,
    outer_loops: &[Range],
) -> Verdict {
    let in_outer_loop = |r: Range| outer_loops.iter().any(|l| l.contains(r));
    let mut used_after = false;
    let mut borrowed_before = false;
    let mut moved = false;
    let mut unknown_before = false;
    for u in uses {
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
        return Verdict::Unknown(is_held || unknown_before);
    }
    if is_held {
        Verdict::Held
    } else {
        Verdict::NotHeld
    }
}

/// The values async coroutine `id` holds across its awaits.
///
/// Each binding is judged only at the awaits inside its scope. Past its last use (and past any
/// loop that repeats a use), the judgement can only change where a move's region ends, so the
/// awaits in between share one judgement: a task with thousands of locals and awaits costs
/// about (awaits + bindings) × log, plus the size of the answer, not awaits × bindings.
pub fn held_across_awaits(facts: &Facts, index: &ItemIndex, id: CoroutineId, _edition: Edition) -> Held {
    let mut held = Held::default();
    let mut by_what: BTreeMap<HeldWhat, HeldValue> = BTreeMap::new();
    let co = &facts.coroutines[id];
    let temps_of_owner: &[usize] = facts.temps_by_owner.get(id).map_or(&[], |v| v.as_slice());
    let awaits_of_owner: &[usize] = facts.awaits_by_owner.get(id).map_or(&[], |v| v.as_slice());
    let loops_of_owner: &[usize] = facts.loops_by_owner.get(id).map_or(&[], |v| v.as_slice());
    if awaits_of_owner.is_empty() {
        return held;
    }
    let loops = LoopTree::new(loops_of_owner.iter().map(|&i| facts.loops[i].range));
    let mut keys: Vec<u64> =
        awaits_of_owner.iter().enumerate().map(|(k, &i)| pack(facts.awaits[i].range.start, k)).collect();
    sort_keys(&mut keys);
    let awaits = AwaitsByPosition { sorted: keys.into_iter().map(unpack).collect() };
    let loops_around_await: Vec<Vec<Range>> =
        awaits_of_owner.iter().map(|&i| loops.around(facts.awaits[i].range.start)).collect();
    // Each value's awaits are listed in the owner's await order.
    let mut push = |what: HeldWhat, ty: &Ty, range: Range, k: usize| {
        let e = by_what.entry(what).or_insert_with(|| HeldValue { what, ty: ty.clone(), range, awaits: vec![] });
        e.awaits.push(facts.awaits[awaits_of_owner[k]].range);
    };

    for &bid in &facts.bindings_by_owner[id] {
        let b = &facts.bindings[bid];
        // An async fn's parameters are judged as part of the future already.
        if b.is_param && co.params.contains(&bid) {
            continue;
        }
        let in_scope = awaits.between(b.decl_end, b.scope_end);
        if in_scope.is_empty() {
            continue;
        }
        let mut uses: Vec<_> = facts.uses_of(bid).collect();
        uses.sort_by_key(|u| u.range.start);
        // From `settled_from` on, every use is behind the await and no loop around it repeats one.
        let mut settled_from = uses.iter().map(|u| u.range.end).max().unwrap_or(0);
        for u in &uses {
            for l in loops.around(u.range.start) {
                if !l.contains_offset(b.range.start) && l.contains(u.range) {
                    settled_from = settled_from.max(l.end);
                }
            }
        }
        let mut hits: Vec<u64> = vec![];
        let mut s = in_scope.start;
        while s < in_scope.end {
            let (pos, k) = awaits.sorted[s];
            let verdict;
            let mut next = s + 1;
            if pos < settled_from {
                let outer: Vec<Range> =
                    loops_around_await[k].iter().copied().filter(|l| !l.contains_offset(b.range.start)).collect();
                verdict = judge(index, b, &uses, pos, &outer);
            } else {
                verdict = judge(index, b, &uses, pos, &[]);
                // Only a move's region starting or ending changes the judgement from here.
                let mut until = b.scope_end;
                for u in uses.iter().filter(|u| u.kind == UseKind::Move) {
                    if u.region.start > pos {
                        until = until.min(u.region.start);
                    } else if u.region.end > pos {
                        until = until.min(u.region.end);
                    }
                }
                next = awaits.between(until, usize::MAX).start.clamp(s + 1, in_scope.end);
            }
            match verdict {
                Verdict::Held => hits.extend(awaits.sorted[s..next].iter().map(|&(_, k)| k as u64)),
                Verdict::NotHeld => {}
                Verdict::Unknown(might_be_held) => held.uncertain |= might_be_held,
            }
            s = next;
        }
        sort_keys(&mut hits);
        for k in hits {
            push(HeldWhat::Binding(bid), &b.ty, b.range, k as usize);
        }
    }
    for &ti in temps_of_owner {
        let t = &facts.temps[ti];
        let mut hits: Vec<u64> =
            awaits.sorted[awaits.between(t.range.end, t.dies_at)].iter().map(|&(_, k)| k as u64).collect();
        sort_keys(&mut hits);
        for k in hits {
            push(HeldWhat::Temp(ti), &t.ty, t.range, k as usize);
        }
    }
    for a in awaits_of_owner.iter().map(|&i| &facts.awaits[i]) {
        if matches!(a.base_ty, Ty::Future(_) | Ty::AsyncFnFuture { .. }) {
            held.values.push(HeldValue {
                what: HeldWhat::Future,
                ty: a.base_ty.clone(),
                range: a.expr,
                awaits: vec![a.range],
            });
        }
    }
    let mut values: Vec<HeldValue> = by_what.into_values().collect();
    values.sort_by_key(|v| v.range.start);
    values.extend(held.values);
    held.values = values;
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_agrees_with_std() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for len in [0, 1, 2, 3, 7, 64, 1000] {
            for modulo in [2, 50, u64::MAX] {
                let mut keys: Vec<u64> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        seed % modulo
                    })
                    .collect();
                let mut expected = keys.clone();
                expected.sort_unstable();
                sort_keys(&mut keys);
                assert_eq!(keys, expected, "{len} keys below {modulo}");
            }
        }
        let mut descending: Vec<u64> = (0..500).rev().collect();
        sort_keys(&mut descending);
        assert!(descending.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn keys_pack_and_unpack() {
        for (high, low) in [(0, 0), (1, 2), (8 << 20, 123_456), (u32::MAX as usize, u32::MAX as usize)] {
            assert_eq!(unpack(pack(high, low)), (high, low));
        }
        assert!(pack(1, 0) > pack(0, u32::MAX as usize), "the high part orders first");
    }
}
