#!/usr/bin/env python3
"""Writes N generated programs around spawn sites, for comparing two builds' reports.

Each program mixes what the analysis tracks: loops, branches, matches, moves, re-assignments,
borrows, guards and `Rc`s held or dropped around awaits, closures, async fns, struct fields.
Deterministic for a seed, so two runs give the same files. Not labeled by rustc: these are
inputs for `scripts/compare_reports.sh` (byte-identical reports across a refactor), not truth.

Usage: scripts/gen_tasks.py OUT_DIR [N] [SEED]
"""
import os
import random
import sys

VALUES = [
    ("Rc::new(1)", "use std::rc::Rc;"),
    ("Arc::new(Mutex::new(vec![1]))", "use std::sync::{Arc, Mutex};"),
    ("Arc::new(RefCell::new(0))", "use std::cell::RefCell;\nuse std::sync::Arc;"),
    ("String::from(\"x\")", ""),
    ("vec![1, 2, 3]", ""),
    ("Cell::new(3)", "use std::cell::Cell;"),
    ("RefCell::new(vec![0u8])", "use std::cell::RefCell;"),
    ("Box::new(5) as Box<dyn std::fmt::Debug>", ""),
    ("Arc::new(tokio::sync::Mutex::new(0))", "use std::sync::Arc;"),
    ("std::sync::mpsc::channel::<i32>().1", ""),
    ("42u64", ""),
    ("Holder { inner: Rc::new(2), n: 1 }", "use std::rc::Rc;"),
]

SPAWNS = [
    ("tokio::spawn(async move {{\n{body}\n    }})", True),
    ("tokio::spawn(async {{\n{body}\n    }})", True),
    ("tokio::task::spawn(async move {{\n{body}\n    }})", True),
    ("std::thread::spawn(move || {{\n{body_sync}\n    }})", False),
    ("tokio::task::spawn_blocking(move || {{\n{body_sync}\n    }})", False),
    ("tokio::task::spawn_local(async move {{\n{body}\n    }})", True),
]


def stmt_async(rng, names, depth=0):
    n = rng.choice(names)
    choices = [
        f"        println!(\"{{:?}}\", {n});",
        "        tokio::time::sleep(std::time::Duration::from_millis(1)).await;",
        f"        let _c = {n}.clone();",
        f"        drop({n});",
        f"        let r = &{n};\n        helper().await;\n        let _ = r;",
        f"        {{ let g = &{n}; let _ = g; }}",
        "        helper().await;",
        f"        let moved = {n};\n        helper().await;\n        let _ = moved;",
    ]
    if depth < 2:
        inner = stmt_async(rng, names, depth + 1)
        choices += [
            f"        for _i in 0..2 {{\n{inner}\n        }}",
            f"        if true {{\n{inner}\n        }} else {{\n            helper().await;\n        }}",
            f"        match 1 {{\n            1 => {{\n{inner}\n            }}\n            _ => {{}}\n        }}",
            f"        loop {{\n{inner}\n            break;\n        }}",
        ]
    return rng.choice(choices)


def stmt_sync(rng, names):
    n = rng.choice(names)
    return rng.choice([
        f"        println!(\"{{:?}}\", {n});",
        f"        let _c = {n}.clone();",
        f"        drop({n});",
        f"        let r = &{n};\n        let _ = r;",
    ])


def program(rng, i):
    k = rng.randint(1, 3)
    picked = rng.sample(VALUES, k)
    names = [f"v{j}" for j in range(k)]
    uses = sorted({u for _, u in picked if u})
    lets = "\n".join(f"    let {'mut ' if rng.random() < 0.2 else ''}{n} = {v};" for n, (v, _) in zip(names, picked))
    spawn, is_async = rng.choice(SPAWNS)
    body = "\n".join(stmt_async(rng, names) for _ in range(rng.randint(1, 4)))
    body_sync = "\n".join(stmt_sync(rng, names) for _ in range(rng.randint(1, 3)))
    call = spawn.format(body=body, body_sync=body_sync)
    after = ""
    if rng.random() < 0.4:
        after = f"    println!(\"{{:?}}\", {rng.choice(names)});\n"
    wrap_loop = rng.random() < 0.25
    spawn_stmt = f"    let h = {call};\n    let _ = h;\n"
    if wrap_loop:
        spawn_stmt = "    for _k in 0..2 {\n" + spawn_stmt.replace("\n    ", "\n        ") + "    }\n"
    holder = "#[derive(Debug, Clone)]\nstruct Holder { inner: std::rc::Rc<i32>, n: u32 }\n" if any("Holder" in v for v, _ in picked) else ""
    return (
        "\n".join(uses)
        + ("\n" if uses else "")
        + holder
        + "\nasync fn helper() {}\n\n#[tokio::main]\nasync fn main() {\n"
        + lets
        + "\n"
        + spawn_stmt
        + after
        + "}\n"
    )


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out, f"gen_{i:04}.rs"), "w") as f:
            f.write(program(rng, i))


if __name__ == "__main__":
    main()
