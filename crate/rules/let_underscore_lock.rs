#![doc = include_str!("docs/let-underscore-lock.md")]

use super::RuleDoc;
use crate::judge::Context;
use crate::report::{Applicability, Diagnostic, Fix, Severity};

pub const ID: &str = "let-underscore-lock";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "A lock guard dropped at once by `let _ =`",
    docs: include_str!("docs/let-underscore-lock.md"),
    example: "use std::sync::Mutex;\n\nfn main() {\n    let m = Mutex::new(0);\n    let _ = m.lock().unwrap();\n    println!(\"locked?\");\n}\n",
};

const GUARDS: &[&str] = &["std::sync::MutexGuard", "std::sync::RwLockReadGuard", "std::sync::RwLockWriteGuard"];

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (stmt, init, ty) in &cx.facts.wild_lets {
        let Some(path) = ty.path() else { continue };
        if !GUARDS.contains(&path) {
            continue;
        }
        let init_text = cx.slice(*init);
        let fix = Fix {
            title: "drop the guard explicitly (it is released here either way)".into(),
            applicability: Applicability::Safe,
            edits: vec![crate::fixes::edit(cx, *stmt, format!("drop({init_text});"))].into(),
        };
        out.push(Diagnostic {
            rule: ID.into(),
            severity: Severity::Error,
            message: format!("non-binding let on a synchronization lock: the `{ty}` is released at once"),
            labels: vec![cx.label(*init, "this lock is taken and released on this line", true)],
            notes: vec!["`let _ = …` does not bind: the guard is dropped at the end of the statement, so nothing after it is protected (rustc's deny-by-default lint `let_underscore_lock`)".into()],
            help: vec!["bind it to a name (`let _guard = …`) to hold the lock until the end of the scope, or `drop(…)` to say it is released".into()],
            fixes: vec![fix],
        });
    }
}
