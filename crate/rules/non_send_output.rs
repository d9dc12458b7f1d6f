//! `non-send-output`: a task returns a value that is not `Send`.

use super::{Finding, FixWanted, Phase, Rule, Subject};
use crate::facts::TaskArg;
use crate::judge::explain;
use crate::judge::solver::{Judgement, Trait};
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    id: "non-send-output",
    title: "A task returns a value that is not Send",
    docs: r#"## What it finds
A spawned task whose result is not `Send`, such as an async block that ends in
`Ok::<_, Box<dyn Error>>(..)`: the value travels back to whoever awaits the `JoinHandle`,
possibly on another thread.

## Why rustc rejects it
`tokio::spawn` and `std::thread::spawn` require `F::Output: Send` as well as `F: Send`.
`Box<dyn Error>` is not `Send` because the concrete error behind it is unknown.

## Example
```rust,ignore
use std::error::Error;

#[tokio::main]
async fn main() {
    let h = tokio::spawn(async move {
        let n: i32 = "4".parse()?;
        Ok::<i32, Box<dyn Error>>(n)
    });
    let _ = h.await;
}
```

## Use instead
```rust,ignore
use std::error::Error;

#[tokio::main]
async fn main() {
    let h = tokio::spawn(async move {
        let n: i32 = "4".parse()?;
        Ok::<i32, Box<dyn Error + Send + Sync>>(n)
    });
    let _ = h.await;
}
```

## Known problems
Only an async block written at the spawn call is checked; the result of a spawned `async fn`
call is not yet.

## Fix safety
`dyn Error` → `dyn Error + Send + Sync` everywhere the file writes it: `safe` when every error
put into it is thread-safe (the compiler then says so, where one is not).
"#,
    example: "use std::error::Error;\n\n#[tokio::main]\nasync fn main() {\n    let h = tokio::spawn(async move {\n        let n: i32 = \"4\".parse()?;\n        Ok::<i32, Box<dyn Error>>(n)\n    });\n    let _ = h.await;\n}\n",
    phase: Phase::TypeCheck,
    check: Some(check),
};

/// Sites whose task's output must be `Send` (`F::Output: Send`).
fn check(cx: &mut Context, subject: &Subject, out: &mut Vec<Finding>) {
    let Subject::Site(site) = *subject else { return };
    let spawn = &cx.facts.spawns[site];
    if !spawn.req.output_send {
        return;
    }
    let TaskArg::Coroutine(id) = spawn.task else { return };
    let co = &cx.facts.coroutines[id];
    let Judgement::No(chain) = cx.solver.implements(&co.output, Trait::Send) else { return };
    let ty = co.output.clone();
    let mut labels = vec![cx.label(co.head, format!("this task returns `{ty}`, which is not `Send`"), true)];
    if let Some(r) = co.output_range {
        labels.push(cx.label(r, "the result is made here", false));
    }
    labels.push(cx.label(
        spawn.callee,
        format!("`{}` sends the task's result to whoever awaits it, so it must be `Send`", spawn.req.name),
        false,
    ));
    let diagnostic = Diagnostic {
        rule: RULE.id.into(),
        severity: Severity::Error,
        message: format!("the task's result `{ty}` cannot be sent between threads safely"),
        labels,
        notes: vec![explain::sentence(&chain)],
        help: vec![],
        fixes: vec![],
    };
    out.push(Finding::new(diagnostic, FixWanted::Output { ty }));
}
