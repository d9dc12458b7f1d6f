//! `use-after-move`: a variable is used after it was moved into a task (E0382).

use super::{Finding, FixWanted, Phase, Rule, Subject};
use crate::facts::{infer, TaskArg, UseKind};
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};
use crate::syntax::text::Range;

pub const RULE: Rule = Rule {
    id: "use-after-move",
    title: "A variable is used after it was moved into a task",
    docs: r#"## What it finds
A variable used after it was moved into a task: a `move` closure or async block takes
ownership of every variable it uses, and an `async fn` call takes its arguments, so the spawning
code cannot use them afterwards (E0382). Inside a loop, the first iteration's task already took
the value ("value moved here, in previous iteration of loop").

## Why rustc rejects it
After a move the variable no longer holds a value; using it would read memory the task now
owns (and may be changing or freeing on another thread).

## Example
```rust,ignore
use std::sync::{Arc, Mutex};

#[tokio::main]
async fn main() {
    let totals = Arc::new(Mutex::new(Vec::<u64>::new()));
    let worker = tokio::spawn(async move {
        totals.lock().unwrap().push(42);
    });
    worker.await.unwrap();
    println!("{:?}", totals.lock().unwrap());
}
```

## Use instead
Clone it for the task (for an `Arc`, a cheap new handle to the same value):
```rust,ignore
use std::sync::{Arc, Mutex};

#[tokio::main]
async fn main() {
    let totals = Arc::new(Mutex::new(Vec::<u64>::new()));
    let worker = tokio::spawn({
        let totals = totals.clone();
        async move {
            totals.lock().unwrap().push(42);
        }
    });
    worker.await.unwrap();
    println!("{:?}", totals.lock().unwrap());
}
```

## Known problems
A move into a task inside a loop that `break`s or `return`s right after the spawn is reported as a
use in the next iteration, which rustc does not report.

## Fix safety
A clone for the task (`let x_task = x.clone();` before the spawn) keeps the program's meaning for
`Arc`s and other shared handles (both sides see the same value) and for values the task only
reads: `safe`. For a value both sides change, each side now changes its own copy.
"#,
    example: "use std::sync::{Arc, Mutex};\n\n#[tokio::main]\nasync fn main() {\n    let totals = Arc::new(Mutex::new(Vec::<u64>::new()));\n    let worker = tokio::spawn(async move {\n        totals.lock().unwrap().push(42);\n    });\n    worker.await.unwrap();\n    println!(\"{:?}\", totals.lock().unwrap());\n}\n",
    phase: Phase::BorrowCheck,
    check: Some(check),
};

/// Every site: variables its task took that the spawning code uses afterwards.
fn check(cx: &mut Context, subject: &Subject, out: &mut Vec<Finding>) {
    let Subject::Site(site) = *subject else { return };
    let facts = cx.facts;
    let spawn = &facts.spawns[site];
    let mut moved: Vec<(usize, Vec<String>, Range)> = vec![];
    let task_range;
    match &spawn.task {
        TaskArg::Coroutine(id) => {
            let co = &cx.facts.coroutines[*id];
            // A future made elsewhere (a variable, a closure's result) took its captures there.
            if !spawn.call.contains(co.range) {
                return;
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
        TaskArg::Other => return,
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
        let name = facts.place_name(b, &fields);
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
        let diagnostic = Diagnostic {
            rule: RULE.id.into(),
            severity: Severity::Error,
            message,
            labels,
            notes: vec!["a `move` task takes ownership of every variable it uses".into()],
            help: vec![format!("clone `{name}` for the task before spawning it")],
            fixes: vec![],
        };
        out.push(Finding::new(diagnostic, FixWanted::CloneIntoTask { site, binding: b }));
    }
}
