//! Why a type is not `Send` or `Sync`, in words people read. Hand-written: the compiler can say
//! *that* `Rc` is not `Send`, not why it must not be. A stub's negative impl names one of these
//! (`#[why(rc)] impl<T> !Send for Rc<T> {}`).

/// A root cause: a type that is not `Send` or `Sync` by itself, not because of what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    Rc,
    RefCell,
    Cell,
    UnsafeCell,
    Guard,
    Borrow,
    Ptr,
    Receiver,
    ThreadRng,
    Local,
    Args,
    StdioLock,
    TraitFuture,
    /// A generic parameter whose bounds do not promise `Send`.
    Param,
    /// A generated stub's reason: the type holds a field of this type (`*mut ()`, ...).
    Field(&'static str),
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = match *self {
            Cause::Rc => "`Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count",
            Cause::RefCell => "`RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably",
            Cause::Cell => "`Cell` allows mutation through a shared reference without any synchronisation",
            Cause::UnsafeCell => "`UnsafeCell` is the primitive of interior mutability, with no synchronisation at all",
            Cause::Guard => "a lock guard must be released on the thread that acquired the lock (the OS lock behind `std::sync` requires it)",
            Cause::Borrow => "a `Ref`/`RefMut` points at its `RefCell`'s borrow counter, which is not thread-safe",
            Cause::Ptr => "a raw pointer carries no ownership or aliasing guarantees, so the compiler cannot know that using it from another thread is safe",
            Cause::Receiver => "a channel `Receiver` has a single consumer; sharing `&Receiver` between threads would let two of them receive at once",
            Cause::ThreadRng => "`ThreadRng` is a handle to a generator that lives in the current thread (an `Rc` inside)",
            Cause::Local => "it runs tasks on the current thread only and holds `Rc`s to them",
            Cause::Args => "`std::env::Args` is marked as not thread-safe (it holds the argument list behind a raw pointer)",
            Cause::StdioLock => "a `StdoutLock` holds a re-entrant lock, which must be released on the thread that took it",
            Cause::TraitFuture => "an `async fn` declared in a trait promises no `Send` future: code generic over the trait cannot assume one (declare it `fn …() -> impl Future<Output = …> + Send`)",
            Cause::Param => "a generic type is `Send` only when its bounds say so (`T: Send`)",
            Cause::Field(field) => return write!(f, "it holds a `{field}`, which is not thread-safe (as rustc reports)"),
        };
        f.write_str(words)
    }
}
