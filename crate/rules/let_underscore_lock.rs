//! `let-underscore-lock`: `let _ = m.lock().unwrap();` takes a lock and releases it at once.

use super::{Finding, FixWanted, Phase, Rule, Subject};
use crate::judge::Context;
use crate::knowledge;
use crate::report::{Applicability, Diagnostic, Fix, Severity};

pub const RULE: Rule = Rule {
    id: "let-underscore-lock",
    title: "A lock guard dropped at once by `let _ =`",
    docs: r#"## What it finds
`let _ = mutex.lock().unwrap();` (or a `RwLock` guard): a lock taken and released on the same
line, which almost always means the author wanted to hold it.

## Why rustc rejects it
The lint `let_underscore_lock` is deny-by-default: `let _ = …` does not bind, so the guard is
dropped at once and nothing is protected afterwards. rustc reports "non-binding let on a
synchronization lock" as an error.

## Example
```rust,ignore
use std::sync::Mutex;

fn main() {
    let m = Mutex::new(0);
    let _ = m.lock().unwrap();
    println!("locked?");
}
```

## Use instead
Hold the guard in a named binding for as long as it is needed, or say that it is dropped:
```rust,ignore
use std::sync::Mutex;

fn main() {
    let m = Mutex::new(0);
    drop(m.lock().unwrap());
    println!("released");
}
```

## Known problems
Only `std::sync`'s guards are checked, as rustc's lint does; the guards of other crates
(`parking_lot`, tokio) are not.

## Fix safety
`drop(m.lock().unwrap());` does exactly what `let _ = …` did (the lock is taken and released at
once) and says so: `safe`. Holding the lock longer (`let _guard = …`) changes what is protected:
not offered as a fix.
"#,
    example: "use std::sync::Mutex;\n\nfn main() {\n    let m = Mutex::new(0);\n    let _ = m.lock().unwrap();\n    println!(\"locked?\");\n}\n",
    phase: Phase::Lint,
    check: Some(check),
};

/// `let _ = <a guard rustc's lint knows>;` anywhere in the file.
fn check(cx: &mut Context, subject: &Subject, out: &mut Vec<Finding>) {
    let Subject::File = subject else { return };
    for (stmt, init, ty) in &cx.facts.wild_lets {
        let Some(path) = ty.path() else { continue };
        if !knowledge::linted_by_let_underscore_lock(path) {
            continue;
        }
        let init_text = cx.slice(*init);
        let fix = Fix {
            title: "drop the guard explicitly (it is released here either way)".into(),
            applicability: Applicability::Safe,
            edits: vec![cx.edit(*stmt, format!("drop({init_text});"))].into(),
        };
        let diagnostic = Diagnostic {
            rule: RULE.id.into(),
            severity: Severity::Error,
            message: format!("non-binding let on a synchronization lock: the `{ty}` is released at once"),
            labels: vec![cx.label(*init, "this lock is taken and released on this line", true)],
            notes: vec!["`let _ = …` does not bind: the guard is dropped at the end of the statement, so nothing after it is protected (rustc's deny-by-default lint `let_underscore_lock`)".into()],
            help: vec!["bind it to a name (`let _guard = …`) to hold the lock until the end of the scope, or `drop(…)` to say it is released".into()],
            fixes: vec![fix],
        };
        out.push(Finding::new(diagnostic, FixWanted::None));
    }
}
