//! What a diagnostic is about ([`Kind`]) and the facts its words carry ([`Facts`]).
//!
//! The same reading serves human and JSON diagnostics: it looks only at the message, the code,
//! the spans' labels and the children, which both forms have.

use super::{
    AwaitPoint, Captured, Child, Diagnostic, Facts, Kind, Moved, NamedSpan, NotImplemented, Origin, RequiredBy, Span,
    TypedValue,
};

/// Sets `diagnostic.kind` and `diagnostic.facts` from its message, code, labels and children.
pub fn classify(diagnostic: &mut Diagnostic) {
    let code = diagnostic.code.as_deref();
    let (kind, subject, auto_trait) = if diagnostic.origin == Origin::Short {
        short_kind(code, &diagnostic.message)
    } else {
        kind(code, &diagnostic.message)
    };
    let mut facts = Facts { subject, auto_trait: auto_trait.map(str::to_string), ..Facts::default() };
    read_facts(diagnostic, &mut facts);
    if kind == Kind::AxumHandler {
        facts.handler = handler_name(&diagnostic.message);
    }
    if kind == Kind::UseAfterMove {
        facts.moved = facts.subject.clone().map(|name| moved(diagnostic, name));
    }
    diagnostic.kind = kind;
    diagnostic.facts = facts;
}

/// The short form appends the primary labels to the message (`msg: label, label`), and messages
/// hold `: ` too: the message is taken to end at the first `: ` that gives a kind (and the
/// subject the kind names).
fn short_kind(code: Option<&str>, message: &str) -> (Kind, Option<String>, Option<&'static str>) {
    let ends = message.match_indices(": ").map(|(at, _)| at).take(8).chain([message.len()]);
    for end in ends {
        let found = kind(code, &message[..end]);
        let needs_subject = !matches!(found.0, Kind::FutureNotSend | Kind::FutureNotShared | Kind::AxumHandler);
        if found.0 != Kind::Other && (found.1.is_some() || !needs_subject) {
            return found;
        }
    }
    kind(code, message)
}

/// The kind, the subject the message names and the auto trait.
fn kind(code: Option<&str>, message: &str) -> (Kind, Option<String>, Option<&'static str>) {
    let is = |wanted: &str| code.is_none_or(|c| c == wanted);
    if message.starts_with("future cannot be sent between threads safely") {
        return (Kind::FutureNotSend, None, Some("Send"));
    }
    if message.starts_with("future cannot be shared between threads safely") {
        return (Kind::FutureNotShared, None, Some("Sync"));
    }
    if is("E0277") {
        if let Some(ty) = message.strip_suffix(" cannot be sent between threads safely").and_then(quoted_whole) {
            return (Kind::CannotBeSent, Some(ty.to_string()), Some("Send"));
        }
        if let Some(ty) = message.strip_suffix(" cannot be shared between threads safely").and_then(quoted_whole) {
            return (Kind::CannotBeShared, Some(ty.to_string()), Some("Sync"));
        }
        if is_axum_handler(message) {
            return (Kind::AxumHandler, None, None);
        }
    }
    let first_quoted = || first_quoted(message).map(str::to_string);
    let by_code = |wanted: &str| code == Some(wanted);
    if by_code("E0373") || (code.is_none() && message.contains("may outlive the current function, but it borrows")) {
        let subject = message.split_once("but it borrows ").and_then(|(_, rest)| first_quoted_str(rest));
        return (Kind::BorrowMayOutlive, subject.map(str::to_string), None);
    }
    if by_code("E0597")
        || (code.is_none() && message.ends_with(" does not live long enough") && !message.contains(" may not "))
    {
        return (Kind::DoesNotLiveLongEnough, first_quoted(), None);
    }
    if by_code("E0521") || (code.is_none() && message.starts_with("borrowed data escapes outside of ")) {
        let subject = message.strip_prefix("borrowed data escapes outside of ").map(str::to_string);
        return (Kind::BorrowedDataEscapes, subject, None);
    }
    if by_code("E0382")
        || (code.is_none()
            && (message.starts_with("use of moved value") || message.starts_with("borrow of moved value")))
    {
        return (Kind::UseAfterMove, first_quoted(), None);
    }
    if by_code("E0310")
        || (code.is_none()
            && message.starts_with("the parameter type `")
            && message.ends_with("may not live long enough"))
    {
        return (Kind::ParamMayNotLiveLongEnough, first_quoted(), None);
    }
    if by_code("E0502")
        || (code.is_none()
            && message.starts_with("cannot borrow `")
            && message.contains(" because it is also borrowed as "))
    {
        return (Kind::MutableBorrowConflict, first_quoted(), None);
    }
    (Kind::Other, None, None)
}

/// axum's errors for a handler (`fn(..) -> .. {name}: Handler<_, _>`) or a `from_fn` middleware
/// (`FromFn<fn(..) -> .. {name}, ..>: Service<..>`) that is not what axum needs.
fn is_axum_handler(message: &str) -> bool {
    let Some(rest) = message.strip_prefix("the trait bound `") else { return false };
    if !rest.ends_with("is not satisfied") {
        return false;
    }
    (rest.starts_with("fn(") && rest.contains(": Handler<"))
        || (rest.starts_with("FromFn<") && rest.contains(": Service<"))
}

/// The function in the fn item type of an axum error: the last `{name}` before `: Handler<` or
/// `: Service<`.
fn handler_name(message: &str) -> Option<String> {
    let end = message.find(": Handler<").or_else(|| message.find(": Service<"))?;
    let mut head = &message[..end];
    while let Some(open) = head.rfind('{') {
        let inner = head[open + 1..].split('}').next().unwrap_or("");
        if !inner.is_empty() && inner.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            return Some(inner.to_string());
        }
        head = &head[..open];
    }
    None
}

/// `` `X` `` when it is the whole text.
fn quoted_whole(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.is_empty()).then_some(inner)
}

fn first_quoted_str(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let len = text[start..].find('`')?;
    Some(&text[start..start + len])
}

fn first_quoted(text: &str) -> Option<&str> {
    first_quoted_str(text)
}

/// Everything but the kind: walks the labels of the diagnostic's and children's spans and the
/// children's messages.
fn read_facts(diagnostic: &Diagnostic, facts: &mut Facts) {
    for span in &diagnostic.spans {
        label_facts(span, facts);
        if let Some(name) = span.label.as_deref().and_then(|l| l.strip_prefix("future returned by `")) {
            facts.future_of = name.split('`').next().map(str::to_string);
        }
    }
    for child in &diagnostic.children {
        let message = child.message.as_str();
        if let Some(found) = not_implemented(message) {
            facts.not_implemented.push(found);
        }
        if let Some(rest) = message.strip_prefix("captured value is not `") {
            let trait_name = rest.split('`').next().unwrap_or("").to_string();
            facts.captured.push(Captured { trait_name, span: primary(child).cloned() });
        }
        if let Some(rest) = message.strip_prefix("required by a bound in `") {
            if let Some(item) = rest.strip_suffix('`') {
                facts.required_by.push(RequiredBy { item: item.to_string(), span: primary(child).cloned() });
            }
        }
        for span in &child.spans {
            label_facts(span, facts);
        }
    }
    for span in &diagnostic.spans {
        if let Some(found) = span.label.as_deref().and_then(not_implemented) {
            facts.not_implemented.push(found);
        }
    }
}

/// The child's primary span (its first span when none is marked).
fn primary(child: &Child) -> Option<&Span> {
    child.spans.iter().find(|s| s.primary).or(child.spans.first())
}

/// Facts in one span's label.
fn label_facts(span: &Span, facts: &mut Facts) {
    let Some(label) = span.label.as_deref() else { return };
    if let Some(rest) = label.strip_prefix("has type `") {
        if let Some((ty, rest)) = rest.split_once("` which is not `") {
            let (trait_name, rest) = rest.split_once('`').unwrap_or((rest, ""));
            let because = rest.strip_prefix(", because `").and_then(|r| r.split_once('`')).map(|(t, _)| t.to_string());
            facts.typed_values.push(TypedValue {
                ty: ty.to_string(),
                trait_name: trait_name.to_string(),
                because,
                span: span.clone(),
            });
        }
    } else if let Some(rest) = label.strip_prefix("await occurs here") {
        let binding = rest.strip_prefix(", with `").and_then(|r| r.split_once("` maybe used later")).map(|(b, _)| b);
        let on_type = rest.strip_prefix(" on type `").and_then(|r| r.split_once('`')).map(|(t, _)| t.to_string());
        facts.awaits.push(AwaitPoint {
            binding: binding.map(|b| b.strip_prefix("mut ").unwrap_or(b).to_string()),
            on_type,
            span: span.clone(),
        });
    } else if let Some(name) = label.strip_suffix("` is later dropped here").and_then(|l| l.strip_prefix('`')) {
        facts
            .later_drops
            .push(NamedSpan { name: name.strip_prefix("mut ").unwrap_or(name).to_string(), span: span.clone() });
    }
}

/// "within `Outer`, the trait `T` is not implemented for `Inner`", with or without the
/// "within" part (also "... is not implemented for fn item `F`").
fn not_implemented(message: &str) -> Option<NotImplemented> {
    let (within, rest) = match message.strip_prefix("within `") {
        Some(rest) => {
            let (outer, rest) = rest.split_once("`, the trait `")?;
            (Some(outer.to_string()), rest)
        }
        None => (None, message.strip_prefix("the trait `")?),
    };
    let (trait_name, rest) = rest.split_once("` is not implemented for ")?;
    let start = rest.find('`')? + 1;
    let end = rest.rfind('`').filter(|&e| e >= start)?;
    Some(NotImplemented { within, trait_name: trait_name.to_string(), ty: rest[start..end].to_string() })
}

/// E0382's facts: the type from "move occurs because `x` has type `T`, ...", the "value moved
/// here" span and the use after it (the primary span).
fn moved(diagnostic: &Diagnostic, name: String) -> Moved {
    let mut found =
        Moved { name, ty: None, moved_at: None, used_at: diagnostic.spans.iter().find(|s| s.primary).cloned() };
    for span in &diagnostic.spans {
        let Some(label) = span.label.as_deref() else { continue };
        if let Some(rest) = label.strip_prefix("move occurs because `") {
            found.ty = rest
                .split_once("` has type `")
                .and_then(|(_, r)| r.split_once("`, which does not implement"))
                .map(|(t, _)| t.to_string());
        } else if label.starts_with("value moved") && found.moved_at.is_none() {
            found.moved_at = Some(span.clone());
        }
    }
    found
}

/// The lint a human diagnostic's note names: "`#[warn(unused_variables)]` on by default".
pub(super) fn lint_from_notes(children: &[Child]) -> Option<String> {
    children.iter().find_map(|child| {
        let message = child.message.as_str();
        if !message.ends_with("on by default") {
            return None;
        }
        let rest = ["`#[warn(", "`#[deny(", "`#[forbid("].iter().find_map(|p| message.strip_prefix(p))?;
        let name = rest.split(')').next()?;
        (!name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind(None, "future cannot be sent between threads safely").0, Kind::FutureNotSend);
        assert_eq!(kind(None, "future cannot be shared between threads safely").0, Kind::FutureNotShared);
        let (k, subject, t) = kind(Some("E0277"), "`Rc<String>` cannot be sent between threads safely");
        assert_eq!((k, subject.as_deref(), t), (Kind::CannotBeSent, Some("Rc<String>"), Some("Send")));
        let (k, subject, _) =
            kind(Some("E0277"), "`std::sync::mpsc::Receiver<u32>` cannot be shared between threads safely");
        assert_eq!((k, subject.as_deref()), (Kind::CannotBeShared, Some("std::sync::mpsc::Receiver<u32>")));
        assert_eq!(kind(Some("E0373"), "async block may outlive the current function, but it borrows `data`, which is owned by the current function").1.as_deref(), Some("data"));
        assert_eq!(kind(Some("E0597"), "`greeting` does not live long enough").0, Kind::DoesNotLiveLongEnough);
        assert_eq!(kind(Some("E0521"), "borrowed data escapes outside of function").1.as_deref(), Some("function"));
        assert_eq!(kind(Some("E0382"), "borrow of moved value: `totals`").1.as_deref(), Some("totals"));
        assert_eq!(kind(Some("E0310"), "the parameter type `T` may not live long enough").1.as_deref(), Some("T"));
        assert_eq!(
            kind(Some("E0502"), "cannot borrow `scores` as mutable because it is also borrowed as immutable")
                .1
                .as_deref(),
            Some("scores")
        );
        assert_eq!(kind(None, "the parameter type `T` may not live long enough").0, Kind::ParamMayNotLiveLongEnough);
        assert_eq!(kind(Some("E0308"), "mismatched types").0, Kind::Other);
        // A code decides over the words.
        assert_eq!(kind(Some("E0308"), "`x` does not live long enough").0, Kind::Other);
    }

    #[test]
    fn short_form_messages() {
        let k = |code, m| {
            let (kind, subject, _) = short_kind(code, m);
            (kind, subject)
        };
        assert_eq!(
            k(Some("E0382"), "borrow of moved value: `shared`: value borrowed here after move"),
            (Kind::UseAfterMove, Some("shared".into()))
        );
        assert_eq!(
            k(Some("E0521"), "borrowed data escapes outside of function: `data` escapes the function body here"),
            (Kind::BorrowedDataEscapes, Some("function".into()))
        );
        assert_eq!(
            k(None, "future cannot be sent between threads safely: future created by async block is not `Send`").0,
            Kind::FutureNotSend
        );
        assert_eq!(k(Some("E0277"), "`Rc<String>` cannot be sent between threads safely: `Rc<String>` cannot be sent between threads safely"), (Kind::CannotBeSent, Some("Rc<String>".into())));
        assert_eq!(
            k(Some("E0277"), "the trait bound `fn() -> ... {append}: Handler<_, _>` is not satisfied: the trait `Handler<_, _>` is not implemented for fn item `fn() -> ... {append}`").0,
            Kind::AxumHandler
        );
    }

    #[test]
    fn axum() {
        let m =
            "the trait bound `fn(State<Arc<Mutex<Vec<String>>>>, ...) -> ... {append}: Handler<_, _>` is not satisfied";
        assert_eq!(kind(Some("E0277"), m).0, Kind::AxumHandler);
        assert_eq!(handler_name(m).as_deref(), Some("append"));
        let m =
            "the trait bound `FromFn<fn(Request<...>, ...) -> ... {audit}, (), ..., _>: Service<...>` is not satisfied";
        assert_eq!(kind(Some("E0277"), m).0, Kind::AxumHandler);
        assert_eq!(handler_name(m).as_deref(), Some("audit"));
        assert_eq!(handler_name("the trait bound `fn() -> {closure@a.rs:1:2}: Handler<_, _>` is not satisfied"), None);
    }

    #[test]
    fn not_implemented_forms() {
        let n = not_implemented(
            "within `{async block@a.rs:9:30: 9:40}`, the trait `Send` is not implemented for `Rc<RefCell<i32>>`",
        )
        .unwrap();
        assert_eq!(n.within.as_deref(), Some("{async block@a.rs:9:30: 9:40}"));
        assert_eq!((n.trait_name.as_str(), n.ty.as_str()), ("Send", "Rc<RefCell<i32>>"));
        let n = not_implemented(
            "the trait `Handler<_, _>` is not implemented for fn item `fn() -> impl Future<Output = String> {list}`",
        )
        .unwrap();
        assert_eq!(n.ty, "fn() -> impl Future<Output = String> {list}");
        assert!(not_implemented("the trait `Send` is not implemented for").is_none());
    }

    #[test]
    fn lints() {
        let child =
            |m: &str| Child { level: super::super::Level::Note, message: m.into(), spans: vec![], suggestion: None };
        assert_eq!(
            lint_from_notes(&[child("`#[warn(unused_imports)]` (part of `#[warn(unused)]`) on by default")]).as_deref(),
            Some("unused_imports")
        );
        assert_eq!(lint_from_notes(&[child("`#[warn(dead_code)]` on by default")]).as_deref(), Some("dead_code"));
        assert_eq!(lint_from_notes(&[child("something else")]), None);
    }
}
