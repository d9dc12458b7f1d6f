//! What sendlens knows about std, tokio, futures, smol, async-std and rand: which types are
//! `Send` and `Sync` (and under which conditions), which are `Copy`, which have drop glue, and
//! which functions spawn tasks or threads.
//!
//! This is data, meant to be read and extended by a person. A type that is not listed here and
//! not defined in the analysed file is unknown, and an unknown type never produces an error.

/// When a type implements an auto trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoRule {
    Always,
    /// Never, for the reason given in plain words.
    Never(&'static str),
    /// When every generic argument implements the same trait (`Vec<T>: Send ⇐ T: Send`).
    Structural,
    /// When the listed generic arguments implement the listed traits.
    Needs(&'static [Need]),
}

/// A condition of a `Needs` rule: generic argument `arg` must implement `Send` and/or `Sync`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub arg: usize,
    pub send: bool,
    pub sync: bool,
}

const T_SEND: &[Need] = &[Need { arg: 0, send: true, sync: false }];
const T_SYNC: &[Need] = &[Need { arg: 0, send: false, sync: true }];
const T_SEND_SYNC: &[Need] = &[Need { arg: 0, send: true, sync: true }];

#[derive(Debug, Clone, Copy)]
pub struct KnownType {
    pub path: &'static str,
    pub send: AutoRule,
    pub sync: AutoRule,
    pub copy: bool,
    pub drop_glue: bool,
    pub clone: bool,
}

const fn ty(path: &'static str, send: AutoRule, sync: AutoRule) -> KnownType {
    KnownType { path, send, sync, copy: false, drop_glue: true, clone: true }
}

const fn plain(path: &'static str) -> KnownType {
    KnownType { path, send: AutoRule::Always, sync: AutoRule::Always, copy: false, drop_glue: true, clone: true }
}

const fn plain_copy(path: &'static str) -> KnownType {
    KnownType { path, send: AutoRule::Always, sync: AutoRule::Always, copy: true, drop_glue: false, clone: true }
}

const fn structural(path: &'static str) -> KnownType {
    ty(path, AutoRule::Structural, AutoRule::Structural)
}

use AutoRule::{Needs, Never, Structural};

pub const RC_WHY: &str = "`Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count";
pub const REFCELL_WHY: &str = "`RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably";
pub const CELL_WHY: &str = "`Cell` allows mutation through a shared reference without any synchronisation";
pub const GUARD_WHY: &str =
    "a lock guard must be released on the thread that acquired the lock (the OS lock behind `std::sync` requires it)";
pub const BORROW_WHY: &str = "a `Ref`/`RefMut` points at its `RefCell`'s borrow counter, which is not thread-safe";
pub const PTR_WHY: &str = "a raw pointer carries no ownership or aliasing guarantees, so the compiler cannot know that using it from another thread is safe";
pub const RECEIVER_WHY: &str = "a channel `Receiver` has a single consumer; sharing `&Receiver` between threads would let two of them receive at once";
pub const THREAD_RNG_WHY: &str =
    "`ThreadRng` is a handle to a generator that lives in the current thread (an `Rc` inside)";
pub const LOCAL_WHY: &str = "it runs tasks on the current thread only and holds `Rc`s to them";
pub const ARGS_WHY: &str =
    "`std::env::Args` is marked as not thread-safe (it holds the argument list behind a raw pointer)";
pub const STDIO_LOCK_WHY: &str =
    "a `StdoutLock` holds a re-entrant lock, which must be released on the thread that took it";
pub const TRAIT_FUTURE: &str = "sendlens::TraitFuture";
pub const TRAIT_FUTURE_WHY: &str = "an `async fn` declared in a trait promises no `Send` future: code generic over the trait cannot assume one (declare it `fn …() -> impl Future<Output = …> + Send`)";
pub const PARAM_WHY: &str = "a generic type is `Send` only when its bounds say so (`T: Send`)";
pub const UNSAFE_CELL_WHY: &str =
    "`UnsafeCell` is the primitive of interior mutability, with no synchronisation at all";

pub static KNOWN_TYPES: &[KnownType] = &[
    // Reference counting.
    KnownType {
        path: "std::rc::Rc",
        send: Never(RC_WHY),
        sync: Never(RC_WHY),
        copy: false,
        drop_glue: true,
        clone: true,
    },
    KnownType {
        path: "std::rc::Weak",
        send: Never(RC_WHY),
        sync: Never(RC_WHY),
        copy: false,
        drop_glue: true,
        clone: true,
    },
    ty("std::sync::Arc", Needs(T_SEND_SYNC), Needs(T_SEND_SYNC)),
    ty("std::sync::Weak", Needs(T_SEND_SYNC), Needs(T_SEND_SYNC)),
    // Interior mutability.
    KnownType {
        path: "std::cell::RefCell",
        send: Needs(T_SEND),
        sync: Never(REFCELL_WHY),
        copy: false,
        drop_glue: true,
        clone: true,
    },
    KnownType {
        path: "std::cell::Cell",
        send: Needs(T_SEND),
        sync: Never(CELL_WHY),
        copy: false,
        drop_glue: false,
        clone: true,
    },
    KnownType {
        path: "std::cell::UnsafeCell",
        send: Needs(T_SEND),
        sync: Never(UNSAFE_CELL_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::cell::OnceCell",
        send: Needs(T_SEND),
        sync: Never(CELL_WHY),
        copy: false,
        drop_glue: true,
        clone: true,
    },
    KnownType {
        path: "std::cell::LazyCell",
        send: Needs(T_SEND),
        sync: Never(CELL_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::cell::Ref",
        send: Never(BORROW_WHY),
        sync: Never(BORROW_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::cell::RefMut",
        send: Never(BORROW_WHY),
        sync: Never(BORROW_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    // std locks.
    KnownType {
        path: "std::sync::Mutex",
        send: Needs(T_SEND),
        sync: Needs(T_SEND),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::sync::RwLock",
        send: Needs(T_SEND),
        sync: Needs(T_SEND_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::sync::MutexGuard",
        send: Never(GUARD_WHY),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::sync::RwLockReadGuard",
        send: Never(GUARD_WHY),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::sync::RwLockWriteGuard",
        send: Never(GUARD_WHY),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::sync::LockResult",
        send: Structural,
        sync: Structural,
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::sync::OnceLock",
        send: Needs(T_SEND),
        sync: Needs(T_SEND_SYNC),
        copy: false,
        drop_glue: true,
        clone: true,
    },
    KnownType {
        path: "std::sync::LazyLock",
        send: Needs(T_SEND),
        sync: Needs(T_SEND_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    plain("std::sync::Condvar"),
    plain("std::sync::Barrier"),
    plain("std::sync::Once"),
    // std channels.
    KnownType {
        path: "std::sync::mpsc::Sender",
        send: Needs(T_SEND),
        sync: Needs(T_SEND),
        copy: false,
        drop_glue: true,
        clone: true,
    },
    KnownType {
        path: "std::sync::mpsc::SyncSender",
        send: Needs(T_SEND),
        sync: Needs(T_SEND),
        copy: false,
        drop_glue: true,
        clone: true,
    },
    KnownType {
        path: "std::sync::mpsc::Receiver",
        send: Needs(T_SEND),
        sync: Never(RECEIVER_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    // Pointers.
    KnownType {
        path: "std::ptr::NonNull",
        send: Never(PTR_WHY),
        sync: Never(PTR_WHY),
        copy: true,
        drop_glue: false,
        clone: true,
    },
    // Containers whose auto traits follow their contents.
    structural("std::boxed::Box"),
    structural("std::vec::Vec"),
    structural("std::option::Option"),
    structural("std::result::Result"),
    structural("std::collections::HashMap"),
    structural("std::collections::HashSet"),
    structural("std::collections::BTreeMap"),
    structural("std::collections::BTreeSet"),
    structural("std::collections::VecDeque"),
    structural("std::collections::BinaryHeap"),
    structural("std::collections::LinkedList"),
    structural("std::pin::Pin"),
    structural("std::ops::Range"),
    structural("std::borrow::Cow"),
    structural("std::vec::IntoIter"),
    structural("std::vec::Drain"),
    KnownType {
        path: "std::marker::PhantomData",
        send: Structural,
        sync: Structural,
        copy: true,
        drop_glue: false,
        clone: true,
    },
    KnownType {
        path: "std::slice::Iter",
        send: Needs(T_SYNC),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: false,
        clone: true,
    },
    KnownType {
        path: "std::slice::IterMut",
        send: Needs(T_SEND),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: false,
        clone: false,
    },
    KnownType {
        path: "std::sync::mpsc::Iter",
        send: Never(RECEIVER_WHY),
        sync: Never(RECEIVER_WHY),
        copy: false,
        drop_glue: false,
        clone: false,
    },
    // The future of an `async fn` declared in a trait, called through a generic parameter.
    KnownType {
        path: TRAIT_FUTURE,
        send: Never(TRAIT_FUTURE_WHY),
        sync: Never(TRAIT_FUTURE_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    // Process-global handles that are tied to their thread.
    KnownType {
        path: "std::env::Args",
        send: Never(ARGS_WHY),
        sync: Never(ARGS_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::env::ArgsOs",
        send: Never(ARGS_WHY),
        sync: Never(ARGS_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::io::StdoutLock",
        send: Never(STDIO_LOCK_WHY),
        sync: Needs(&[]),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::io::StderrLock",
        send: Never(STDIO_LOCK_WHY),
        sync: Needs(&[]),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "std::io::StdinLock",
        send: Never(STDIO_LOCK_WHY),
        sync: Needs(&[]),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    plain("std::io::Stdout"),
    plain("std::io::Stderr"),
    plain("std::io::Stdin"),
    // Plain data.
    plain("std::string::String"),
    plain("std::path::PathBuf"),
    plain("std::ffi::OsString"),
    plain("std::ffi::CString"),
    plain("std::io::Error"),
    plain("std::fs::File"),
    plain("std::net::TcpStream"),
    plain("std::net::TcpListener"),
    plain("std::net::UdpSocket"),
    plain("std::thread::Thread"),
    plain("std::thread::Builder"),
    plain("std::thread::JoinHandle"),
    plain("std::thread::ScopedJoinHandle"),
    plain("std::thread::Scope"),
    plain_copy("std::time::Duration"),
    plain_copy("std::time::Instant"),
    plain_copy("std::time::SystemTime"),
    plain_copy("std::sync::atomic::Ordering"),
    plain_copy("std::net::SocketAddr"),
    plain_copy("std::net::IpAddr"),
    plain("std::sync::atomic::AtomicBool"),
    plain("std::sync::atomic::AtomicI8"),
    plain("std::sync::atomic::AtomicI16"),
    plain("std::sync::atomic::AtomicI32"),
    plain("std::sync::atomic::AtomicI64"),
    plain("std::sync::atomic::AtomicIsize"),
    plain("std::sync::atomic::AtomicU8"),
    plain("std::sync::atomic::AtomicU16"),
    plain("std::sync::atomic::AtomicU32"),
    plain("std::sync::atomic::AtomicU64"),
    plain("std::sync::atomic::AtomicUsize"),
    structural("std::sync::atomic::AtomicPtr"),
    // tokio.
    KnownType {
        path: "tokio::sync::Mutex",
        send: Needs(T_SEND),
        sync: Needs(T_SEND),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "tokio::sync::RwLock",
        send: Needs(T_SEND),
        sync: Needs(T_SEND_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "tokio::sync::MutexGuard",
        send: Needs(T_SEND),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "tokio::sync::OwnedMutexGuard",
        send: Needs(T_SEND),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "tokio::sync::RwLockReadGuard",
        send: Needs(T_SYNC),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "tokio::sync::RwLockWriteGuard",
        send: Needs(T_SEND_SYNC),
        sync: Needs(T_SEND_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    plain("tokio::sync::Semaphore"),
    plain("tokio::sync::SemaphorePermit"),
    plain("tokio::sync::OwnedSemaphorePermit"),
    plain("tokio::sync::Notify"),
    plain("tokio::sync::Barrier"),
    structural("tokio::sync::mpsc::Sender"),
    structural("tokio::sync::mpsc::Receiver"),
    structural("tokio::sync::mpsc::UnboundedSender"),
    structural("tokio::sync::mpsc::UnboundedReceiver"),
    structural("tokio::sync::oneshot::Sender"),
    structural("tokio::sync::oneshot::Receiver"),
    structural("tokio::sync::broadcast::Sender"),
    structural("tokio::sync::broadcast::Receiver"),
    ty("tokio::sync::watch::Sender", Needs(T_SEND_SYNC), Needs(T_SEND_SYNC)),
    ty("tokio::sync::watch::Receiver", Needs(T_SEND_SYNC), Needs(T_SEND_SYNC)),
    KnownType {
        path: "tokio::sync::watch::Ref",
        send: Never(GUARD_WHY),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    structural("tokio::task::JoinHandle"),
    structural("tokio::task::JoinSet"),
    plain("tokio::task::JoinError"),
    plain("tokio::task::AbortHandle"),
    KnownType {
        path: "tokio::task::LocalSet",
        send: Never(LOCAL_WHY),
        sync: Never(LOCAL_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    plain("tokio::runtime::Handle"),
    plain("tokio::runtime::Runtime"),
    plain("tokio::runtime::Builder"),
    plain("tokio::time::Sleep"),
    plain("tokio::time::Interval"),
    plain("tokio::net::TcpStream"),
    plain("tokio::net::TcpListener"),
    plain("tokio::net::UdpSocket"),
    plain("tokio::fs::File"),
    // futures, smol, async-std.
    KnownType {
        path: "futures::lock::Mutex",
        send: Needs(T_SEND),
        sync: Needs(T_SEND),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "futures::lock::MutexGuard",
        send: Needs(T_SEND),
        sync: Needs(T_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    structural("futures::channel::mpsc::Sender"),
    structural("futures::channel::mpsc::Receiver"),
    structural("futures::channel::mpsc::UnboundedSender"),
    structural("futures::channel::mpsc::UnboundedReceiver"),
    structural("futures::channel::oneshot::Sender"),
    structural("futures::channel::oneshot::Receiver"),
    KnownType {
        path: "async_std::sync::Mutex",
        send: Needs(T_SEND),
        sync: Needs(T_SEND),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    KnownType {
        path: "async_std::sync::RwLock",
        send: Needs(T_SEND),
        sync: Needs(T_SEND_SYNC),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    structural("async_std::task::JoinHandle"),
    structural("smol::Task"),
    KnownType {
        path: "smol::LocalExecutor",
        send: Never(LOCAL_WHY),
        sync: Never(LOCAL_WHY),
        copy: false,
        drop_glue: true,
        clone: false,
    },
    plain("smol::Executor"),
    // rand.
    KnownType {
        path: "rand::rngs::ThreadRng",
        send: Never(THREAD_RNG_WHY),
        sync: Never(THREAD_RNG_WHY),
        copy: false,
        drop_glue: true,
        clone: true,
    },
    plain("rand::rngs::StdRng"),
    plain("rand::rngs::SmallRng"),
    plain_copy("rand::rngs::OsRng"),
    // Web frameworks (their extractors hold what they extract).
    structural("axum::extract::State"),
    structural("axum::extract::Path"),
    structural("axum::extract::Query"),
    structural("axum::extract::Json"),
    structural("axum::Extension"),
    structural("axum::Router"),
    structural("axum::routing::MethodRouter"),
    ty("actix_web::web::Data", Needs(T_SEND_SYNC), Needs(T_SEND_SYNC)),
];

/// Other spellings of the same types (re-exports and private module paths).
pub static ALIASES: &[(&str, &str)] = &[
    ("std::sync::mutex::Mutex", "std::sync::Mutex"),
    ("std::sync::mutex::MutexGuard", "std::sync::MutexGuard"),
    ("std::sync::rwlock::RwLock", "std::sync::RwLock"),
    ("std::string::ToString", "std::string::ToString"),
    ("tokio::sync::mutex::Mutex", "tokio::sync::Mutex"),
    ("tokio::time::Duration", "std::time::Duration"),
    ("tokio::task::spawn", "tokio::spawn"),
    ("tokio::task::spawn::spawn", "tokio::spawn"),
    ("async_std::sync::Arc", "std::sync::Arc"),
    ("async_std::sync::Weak", "std::sync::Weak"),
    ("smol::lock::Mutex", "async_std::sync::Mutex"),
    ("axum::Json", "axum::extract::Json"),
    ("axum::extract::Extension", "axum::Extension"),
    ("actix_web::web::Json", "axum::extract::Json"),
    ("futures::executor::block_on", "futures::executor::block_on"),
    ("std::sync::mpsc::sync_channel", "std::sync::mpsc::sync_channel"),
    ("async_std::task::sleep", "async_std::task::sleep"),
];

/// Names usable without an import.
pub static PRELUDE: &[(&str, &str)] = &[
    ("Box", "std::boxed::Box"),
    ("Vec", "std::vec::Vec"),
    ("String", "std::string::String"),
    ("Option", "std::option::Option"),
    ("Some", "std::option::Option::Some"),
    ("None", "std::option::Option::None"),
    ("Result", "std::result::Result"),
    ("Ok", "std::result::Result::Ok"),
    ("Err", "std::result::Result::Err"),
    ("Send", "Send"),
    ("Sync", "Sync"),
    ("Copy", "Copy"),
    ("Clone", "Clone"),
    ("Sized", "Sized"),
    ("Fn", "Fn"),
    ("FnMut", "FnMut"),
    ("FnOnce", "FnOnce"),
    ("drop", "std::mem::drop"),
    ("Drop", "Drop"),
    ("Default", "Default"),
    ("Iterator", "std::iter::Iterator"),
    ("ToString", "std::string::ToString"),
];

/// Crates a path may start with.
pub static CRATE_ROOTS: &[&str] =
    &["std", "core", "alloc", "tokio", "futures", "smol", "async_std", "rand", "axum", "async_trait", "actix_web"];

/// The guards rustc's deny-by-default lint `let_underscore_lock` knows (std's only).
pub fn linted_by_let_underscore_lock(path: &str) -> bool {
    matches!(path, "std::sync::MutexGuard" | "std::sync::RwLockReadGuard" | "std::sync::RwLockWriteGuard")
}

pub fn known_type(path: &str) -> Option<&'static KnownType> {
    KNOWN_TYPES.iter().find(|t| t.path == path)
}

/// `head::tail`. Paths are joined all over a walk, and `format!` costs several times this.
pub fn join_path(head: &str, tail: &str) -> String {
    [head, "::", tail].concat()
}

/// Maps a resolved path to its canonical spelling.
pub fn canonical(path: &str) -> String {
    let path = if let Some(rest) = path.strip_prefix("core::").or_else(|| path.strip_prefix("alloc::")) {
        ["std::", rest].concat()
    } else {
        path.to_string()
    };
    for (alias, canon) in ALIASES {
        if path == *alias {
            return canon.to_string();
        }
    }
    // Re-exports at a module's root: `std::sync::mutex::X` style paths, `futures::future::X`.
    path
}

pub fn is_primitive(name: &str) -> bool {
    matches!(
        name,
        "i8" | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "f32"
            | "f64"
            | "bool"
            | "char"
            | "str"
    )
}

/// Which function or method starts a task or a thread, and what it demands of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpawnReq {
    /// How the spawn site is named in messages, e.g. `tokio::spawn`.
    pub name: String,
    /// The task is a closure (threads, blocking pools) rather than a future.
    pub closure: bool,
    pub send: bool,
    pub is_static: bool,
    pub output_send: bool,
    /// A scoped thread: shares borrowed data but must not outlive the scope.
    pub scoped: bool,
    /// Which argument is the task.
    pub arg: usize,
    /// Where the requirement is written (a bound of a function in the file).
    pub bound_range: Option<crate::syntax::text::Range>,
    /// A web handler or other framework-imposed `Send` bound: the reason in words.
    pub why: Option<&'static str>,
    /// rustc points only at the registration (axum's `MethodRouter` methods, whose error names
    /// no culprit): the primary label goes there too, the culprit gets a secondary one.
    pub primary_at_site: bool,
    /// The value must be `Sync` as well (axum's state).
    pub needs_sync: bool,
}

impl SpawnReq {
    /// A place where a framework demands a `Send` future (a handler, a boxed future).
    pub fn framework(name: impl Into<String>, why: &'static str) -> SpawnReq {
        SpawnReq {
            name: name.into(),
            closure: false,
            send: true,
            is_static: false,
            output_send: false,
            scoped: false,
            arg: 0,
            bound_range: None,
            why: Some(why),
            primary_at_site: false,
            needs_sync: false,
        }
    }
}

pub const AXUM_WHY: &str = "axum runs handlers on tokio's multi-threaded runtime, so a handler's future must be `Send`";
pub const AXUM_STATE_WHY: &str =
    "axum shares the state between the threads that run handlers, so it must be `Clone + Send + Sync + 'static`";
pub const ASYNC_TRAIT_WHY: &str = "`#[async_trait]` turns the method into one returning `Pin<Box<dyn Future + Send>>`";
pub const IMPL_SEND_WHY: &str = "the return type promises a `Send` future";
pub const BOXED_WHY: &str = "`.boxed()` makes a `BoxFuture`, which is `Pin<Box<dyn Future + Send>>`";
pub const ACTIX_FACTORY_WHY: &str =
    "actix-web calls the app factory on each worker thread, so the closure must be `Send`";

/// axum's routing functions: the handler argument's future must be `Send`.
pub fn axum_route(path: &str) -> Option<usize> {
    match path {
        "axum::routing::get"
        | "axum::routing::post"
        | "axum::routing::put"
        | "axum::routing::delete"
        | "axum::routing::patch"
        | "axum::routing::head"
        | "axum::routing::options"
        | "axum::routing::trace"
        | "axum::routing::any"
        | "axum::routing::method_routing::get"
        | "axum::routing::method_routing::post" => Some(0),
        "axum::routing::on" => Some(1),
        "axum::routing::MethodRouter::get"
        | "axum::routing::MethodRouter::post"
        | "axum::routing::MethodRouter::put"
        | "axum::routing::MethodRouter::delete"
        | "axum::routing::MethodRouter::patch"
        | "axum::routing::MethodRouter::head"
        | "axum::routing::MethodRouter::options"
        | "axum::routing::MethodRouter::trace"
        | "axum::routing::MethodRouter::any"
        | "axum::Router::fallback" => Some(0),
        "axum::routing::MethodRouter::on" => Some(1),
        _ => None,
    }
}

struct Spawner {
    /// A function path, or `Type::method` for a method of a known type.
    path: &'static str,
    closure: bool,
    send: bool,
    is_static: bool,
    scoped: bool,
}

const fn fut(path: &'static str) -> Spawner {
    Spawner { path, closure: false, send: true, is_static: true, scoped: false }
}
const fn local_fut(path: &'static str) -> Spawner {
    Spawner { path, closure: false, send: false, is_static: true, scoped: false }
}
const fn thread(path: &'static str) -> Spawner {
    Spawner { path, closure: true, send: true, is_static: true, scoped: false }
}

static SPAWNERS: &[Spawner] = &[
    fut("tokio::spawn"),
    fut("tokio::task::JoinSet::spawn"),
    fut("tokio::runtime::Handle::spawn"),
    fut("tokio::runtime::Runtime::spawn"),
    fut("async_std::task::spawn"),
    fut("smol::spawn"),
    fut("futures::executor::ThreadPool::spawn_ok"),
    local_fut("tokio::task::spawn_local"),
    local_fut("tokio::task::JoinSet::spawn_local"),
    local_fut("tokio::task::LocalSet::spawn_local"),
    local_fut("async_std::task::spawn_local"),
    thread("std::thread::spawn"),
    thread("std::thread::Builder::spawn"),
    thread("tokio::task::spawn_blocking"),
    thread("tokio::task::JoinSet::spawn_blocking"),
    thread("tokio::runtime::Handle::spawn_blocking"),
    thread("tokio::runtime::Runtime::spawn_blocking"),
    thread("async_std::task::spawn_blocking"),
    thread("smol::unblock"),
    Spawner { path: "std::thread::Scope::spawn", closure: true, send: true, is_static: false, scoped: true },
    // An `Executor` lives as long as its borrow: its tasks must be `Send` but need not be `'static`.
    Spawner { path: "smol::Executor::spawn", closure: false, send: true, is_static: false, scoped: false },
    Spawner { path: "smol::LocalExecutor::spawn", closure: false, send: false, is_static: false, scoped: false },
    // actix-web's app factory runs on every worker thread.
    Spawner { path: "actix_web::HttpServer::new", closure: true, send: true, is_static: true, scoped: false },
];

/// The requirements of a known spawn function or method (`Type::method` for methods).
pub fn spawner(path: &str) -> Option<SpawnReq> {
    SPAWNERS.iter().find(|s| s.path == path).map(|s| SpawnReq {
        name: display_spawner(s.path),
        closure: s.closure,
        send: s.send,
        is_static: s.is_static,
        output_send: s.send && s.is_static,
        scoped: s.scoped,
        arg: 0,
        bound_range: None,
        why: (s.path == "actix_web::HttpServer::new").then_some(ACTIX_FACTORY_WHY),
        primary_at_site: false,
        needs_sync: false,
    })
}

fn display_spawner(path: &str) -> String {
    match path {
        "tokio::task::JoinSet::spawn" => "JoinSet::spawn".into(),
        "tokio::runtime::Handle::spawn" => "Handle::spawn".into(),
        "tokio::runtime::Runtime::spawn" => "Runtime::spawn".into(),
        "std::thread::Builder::spawn" => "thread::Builder::spawn".into(),
        "std::thread::Scope::spawn" => "Scope::spawn".into(),
        "std::thread::spawn" => "std::thread::spawn".into(),
        p => p.to_string(),
    }
}
