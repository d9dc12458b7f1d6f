//! What fixes rewrite a type to, and how the calls on it change. Hand-written: this is knowledge
//! about programs a person would write instead, which no compiler output holds.

/// How a call of a method is rewritten when its receiver's type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodEdit {
    /// `.borrow_mut()` → `.lock().unwrap()`: the whole call (from the dot) becomes this.
    Replace(&'static str),
    /// `.into_inner()` → `.into_inner().unwrap()`: this is written after the call.
    Append(&'static str),
    /// `.set(v)` → `.store(v, Ordering::SeqCst)`.
    Store,
}

/// A thread-safe replacement for a type that is not `Send`/`Sync`.
pub struct ThreadSafe {
    pub from: &'static str,
    /// The replacement; `None` for `Cell<T>`, which becomes the atomic of `T`.
    pub to: Option<&'static str>,
    /// What the fix's title says it uses.
    pub words: &'static str,
    /// How its methods are rewritten; a call of a method not listed blocks the fix. `None`: calls
    /// stay as they are.
    pub methods: Option<&'static [(&'static str, MethodEdit)]>,
    /// Types rewritten along with it when the file mentions them (`Rc::downgrade` makes an
    /// `rc::Weak` from an `Rc`).
    pub with: &'static [&'static str],
    /// The program keeps its meaning (`Rc` → `Arc`); otherwise behaviour may change (a second
    /// `borrow_mut()` that panicked now waits on the lock).
    pub keeps_meaning: bool,
}

pub static THREAD_SAFE: &[ThreadSafe] = &[
    ThreadSafe {
        from: "std::rc::Rc",
        to: Some("std::sync::Arc"),
        words: "`Arc` instead of `Rc`",
        methods: None,
        with: &["std::rc::Weak"],
        keeps_meaning: true,
    },
    ThreadSafe {
        from: "std::rc::Weak",
        to: Some("std::sync::Weak"),
        words: "`sync::Weak` instead of `rc::Weak`",
        methods: None,
        with: &["std::rc::Rc"],
        keeps_meaning: true,
    },
    ThreadSafe {
        from: "std::cell::RefCell",
        to: Some("std::sync::Mutex"),
        words: "`Mutex` instead of `RefCell`",
        methods: Some(&[
            ("borrow", MethodEdit::Replace(".lock().unwrap()")),
            ("borrow_mut", MethodEdit::Replace(".lock().unwrap()")),
            ("into_inner", MethodEdit::Append(".unwrap()")),
            ("get_mut", MethodEdit::Append(".unwrap()")),
        ]),
        with: &[],
        keeps_meaning: false,
    },
    ThreadSafe {
        from: "std::cell::Cell",
        to: None,
        words: "an atomic instead of `Cell`",
        methods: Some(&[("get", MethodEdit::Replace(".load(Ordering::SeqCst)")), ("set", MethodEdit::Store)]),
        with: &[],
        keeps_meaning: false,
    },
];

pub fn thread_safe(path: &str) -> Option<&'static ThreadSafe> {
    THREAD_SAFE.iter().find(|r| r.from == path)
}

/// The atomics' module and the `Ordering` their calls need.
pub const ATOMIC_MODULE: &str = "std::sync::atomic";
pub const ORDERING: &str = "std::sync::atomic::Ordering";

/// The atomic type that replaces `Cell<prim>`.
pub fn atomic_for(prim: &str) -> Option<&'static str> {
    Some(match prim {
        "bool" => "AtomicBool",
        "i8" => "AtomicI8",
        "i16" => "AtomicI16",
        "i32" => "AtomicI32",
        "i64" => "AtomicI64",
        "isize" => "AtomicIsize",
        "u8" => "AtomicU8",
        "u16" => "AtomicU16",
        "u32" => "AtomicU32",
        "u64" => "AtomicU64",
        "usize" => "AtomicUsize",
        _ => return None,
    })
}

/// The atomic for a `Cell` whose contents are an unsuffixed integer literal.
pub const DEFAULT_ATOMIC: &str = "AtomicI32";

/// A std lock replaced by tokio's, whose guard may be held across `.await`: each listed method's
/// `.m().unwrap()` becomes `.m().await`.
pub struct AsyncLock {
    pub from: &'static str,
    pub to: &'static str,
    pub methods: &'static [&'static str],
    /// A written mention of one of these (a guard's type) blocks the rewrite: it would no longer
    /// be the guard's type.
    pub blocked_by: &'static [&'static str],
}

pub static ASYNC_LOCKS: &[AsyncLock] = &[
    AsyncLock {
        from: "std::sync::Mutex",
        to: "tokio::sync::Mutex",
        methods: &["lock"],
        blocked_by: &["std::sync::MutexGuard"],
    },
    // 0.1: a `MutexGuard` written anywhere blocks this rewrite too (and an `RwLock` guard does not).
    AsyncLock {
        from: "std::sync::RwLock",
        to: "tokio::sync::RwLock",
        methods: &["read", "write"],
        blocked_by: &["std::sync::MutexGuard"],
    },
];

pub fn async_lock(path: &str) -> Option<&'static AsyncLock> {
    ASYNC_LOCKS.iter().find(|r| r.from == path)
}

/// Calls the fixes read (`facts::MethodCall`): the methods of rewritten types, and the
/// `unwrap`/`expect` after a lock.
pub fn call_is_rewritten(recv_ty: &str, method: &str) -> bool {
    thread_safe(recv_ty).is_some_and(|r| r.methods.is_some())
        || async_lock(recv_ty).is_some()
        || matches!(method, "unwrap" | "expect")
}

/// Types whose written mentions the fixes rewrite (or must see, as a lock rewrite's blockers).
pub fn rewritable() -> impl Iterator<Item = &'static str> {
    let blockers = ASYNC_LOCKS.iter().flat_map(|r| r.blocked_by.iter().copied()).enumerate().filter(|(i, b)| {
        !ASYNC_LOCKS.iter().flat_map(|r| r.blocked_by.iter().copied()).take(*i).any(|earlier| earlier == *b)
    });
    THREAD_SAFE.iter().map(|r| r.from).chain(ASYNC_LOCKS.iter().map(|r| r.from)).chain(blockers.map(|(_, b)| b))
}
