#![doc = include_str!("docs/use-after-move.md")]

use super::task;
use super::RuleDoc;
use crate::facts::infer;
use crate::facts::{SpawnSite, TaskArg, UseKind};
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};
use crate::syntax::text::Range;

pub const ID: &str = "use-after-move";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "A variable is used after it was moved into a task",
    docs: include_str!("docs/use-after-move.md"),
    example: "use std::sync::{Arc, Mutex};\n\n#[tokio::main]\nasync fn main() {\n    let totals = Arc::new(Mutex::new(Vec::<u64>::new()));\n    let worker = tokio::spawn(async move {\n        totals.lock().unwrap().push(42);\n    });\n    worker.await.unwrap();\n    println!(\"{:?}\", totals.lock().unwrap());\n}\n",
};

pub fn check(cx: &mut Context, spawn: &SpawnSite) -> Vec<Diagnostic> {
    let mut out = vec![];
    let mut moved: Vec<(usize, Vec<String>, Range)> = vec![];
    let task_range;
    match &spawn.task {
        TaskArg::Coroutine(id) => {
            let co = &cx.facts.coroutines[*id];
            // A future made elsewhere (a variable, a closure's result) took its captures there.
            if !spawn.call.contains(co.range) {
                return out;
            }
            task_range = co.range;
            for cap in cx.captures(*id).iter() {
                if cap.by_ref || cap.uncertain {
                    continue;
                }
                // In a non-move closure only a real move (not a copy) takes ownership.
                moved.push((cap.binding, cap.fields.clone(), cap.first_use));
            }
        }
        TaskArg::AsyncFn { args, call, .. } => {
            task_range = *call;
            for a in args {
                if let Some(b) = a.binding {
                    moved.push((b, vec![], a.range));
                }
            }
        }
        TaskArg::Other => return out,
    }
    for (b, fields, first_use) in moved {
        let binding = cx.facts.bindings[b].clone();
        if binding.opaque {
            continue;
        }
        let mut place_ty = binding.ty.clone();
        for f in &fields {
            place_ty = infer::field_ty(cx.index, &place_ty, f);
        }
        if infer::is_copy(cx.index, &place_ty) != Some(false) {
            continue;
        }
        // Uses outside the task, after it (or anywhere in an enclosing loop that does not
        // declare the variable: the next iteration's task finds it moved).
        let enclosing_loop = cx
            .facts
            .loops_around(spawn.owner)
            .filter(|l| l.range.contains(spawn.call) && !l.range.contains_offset(binding.range.start))
            .map(|l| l.range)
            .min_by_key(|r| r.end - r.start);
        let mut later = None;
        let mut reinit = false;
        for u in cx.facts.uses_of(b) {
            if task_range.contains(u.range) {
                continue;
            }
            let overlaps = u.fields.is_empty()
                || fields.is_empty()
                || u.fields.starts_with(&fields)
                || fields.starts_with(&u.fields);
            if !overlaps {
                continue;
            }
            if u.range.start >= task_range.end {
                if u.reinit && later.is_none() {
                    reinit = true;
                }
                if !reinit && later.is_none() && u.kind != UseKind::Unknown {
                    later = Some((u.range, false));
                }
            }
        }
        if later.is_none() {
            if let Some(l) = enclosing_loop {
                let reinit_in_loop = cx.facts.uses_of(b).any(|u| u.reinit && l.contains(u.range));
                if !reinit_in_loop {
                    later = Some((first_use, true));
                }
            }
        }
        let Some((use_range, in_loop)) = later else { continue };
        let name = task::place_name(cx, b, &fields);
        let message = if in_loop {
            format!("use of moved value `{name}`: it is moved into the task in an earlier iteration of the loop")
        } else {
            format!("use of moved value `{name}`: it was moved into the task")
        };
        let mut labels = vec![cx.label(first_use, format!("`{name}` is moved into the task here"), true)];
        if in_loop {
            labels.push(cx.label(
                spawn.call,
                "in the next iteration, the task is spawned again with the same value",
                false,
            ));
        } else {
            labels.push(cx.label(use_range, format!("`{name}` is used here after the move"), false));
        }
        labels.push(cx.label(binding.range, format!("`{name}` has type `{place_ty}`, which is not `Copy`"), false));
        out.push(Diagnostic {
            rule: ID.into(),
            severity: Severity::Error,
            message,
            labels,
            notes: vec!["a `move` task takes ownership of every variable it uses".into()],
            help: vec![format!("clone `{name}` for the task before spawning it")],
            fixes: crate::fixes::clone_into_task(cx, spawn, b),
        });
    }
    out
}
