#![doc = include_str!("docs/non-send-output.md")]

use super::task;
use super::RuleDoc;
use crate::facts::{SpawnSite, TaskArg};
use crate::judge::explain;
use crate::judge::solver::{Judgement, Trait};
use crate::judge::Context;
use crate::report::{Diagnostic, Severity};

pub const ID: &str = "non-send-output";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "A task returns a value that is not Send",
    docs: include_str!("docs/non-send-output.md"),
    example: "use std::error::Error;\n\n#[tokio::main]\nasync fn main() {\n    let h = tokio::spawn(async move {\n        let n: i32 = \"4\".parse()?;\n        Ok::<i32, Box<dyn Error>>(n)\n    });\n    let _ = h.await;\n}\n",
};

pub fn check(cx: &mut Context, spawn: &SpawnSite) -> Option<Diagnostic> {
    let TaskArg::Coroutine(id) = spawn.task else { return None };
    let co = cx.facts.coroutines[id].clone();
    let Judgement::No(chain) = cx.solver.implements(&co.output, Trait::Send) else { return None };
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
    let _ = task::requirement(spawn);
    Some(Diagnostic {
        rule: ID.into(),
        severity: Severity::Error,
        message: format!("the task's result `{ty}` cannot be sent between threads safely"),
        labels,
        notes: vec![explain::sentence(&chain)],
        help: vec![],
        fixes: crate::fixes::for_output(cx, &ty),
    })
}
