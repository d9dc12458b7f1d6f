//! The shapes of the knowledge tables: what `build.rs` writes from the stubs (`docs/KNOWLEDGE.md`)
//! and the analysis searches. Plain `static` data: nothing is parsed or built while analysing.

use super::causes::Cause;

/// When a type implements an auto trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoRule {
    Always,
    /// Never, for this reason.
    Never(Cause),
    /// When every type argument implements the same trait (`Vec<T>: Send ⇐ T: Send`).
    Structural,
    /// When the listed type arguments implement the listed traits.
    Needs(&'static [Need]),
}

/// A condition of a `Needs` rule: type argument `arg` must implement `Send` and/or `Sync`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub arg: usize,
    pub send: bool,
    pub sync: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    No,
    /// `Copy` when every type argument is (`#[derive(Copy)]`).
    IfArgs,
    /// `Copy` whatever the arguments (`impl<T> Copy for PhantomData<T> {}`).
    Always,
}

/// What a type is for, as rules and fixes need to know (never which path it has).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Other,
    Rc,
    Cell,
    /// A `RefCell` borrow.
    Borrow,
    Lock,
    /// A lock guard: the lock it guards, and whether rustc's `let_underscore_lock` lint knows it.
    Guard {
        lock: &'static str,
        let_underscore_lock: bool,
    },
    Pointer,
    /// A single-consumer channel end.
    Receiver,
    /// A handle to a thread-local generator.
    Rng,
    /// A handle tied to its thread.
    ThreadBound,
    /// The future of an `async fn` declared in a trait (a type of sendlens's own).
    TraitFuture,
}

/// A type written with the variables of a stub: the arguments of the type a method is called on
/// (or an associated function belongs to), the function's own generic parameters, `Self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tpl {
    /// `_`, or a type the stub leaves unknown.
    Unknown,
    /// The type the impl is for, with its arguments.
    SelfTy,
    /// Generic parameter `i` of the impl (`T` in `impl<T> Mutex<T>`). In a type's own rows
    /// (`deref`, `item` ...) it is the type's argument `i`; in a method's or associated function's,
    /// it is bound by matching the row's `self_pattern` against the type it is called on.
    ImplVar(u8),
    /// Generic parameter `i` of the function itself (`T` in `fn channel<T>()`).
    FnVar(u8),
    /// A named type (canonical path) with its arguments.
    Path(&'static str, &'static [Tpl]),
    Ref(bool, &'static Tpl),
    Ptr(bool, &'static Tpl),
    Tuple(&'static [Tpl]),
    Array(&'static Tpl),
    Slice(&'static Tpl),
    /// `impl Trait` (a type alias of one: `BoxFuture`): only its auto traits are known.
    Opaque {
        send: bool,
        sync: bool,
        display: &'static str,
    },
}

/// What sendlens knows about one type.
#[derive(Debug)]
pub struct TypeRow {
    /// The canonical path, e.g. `std::sync::Mutex`.
    pub path: &'static str,
    /// Methods are known but not the type itself (`#[opaque]`): its auto traits, `Copy` and
    /// drop glue are unknown.
    pub opaque: bool,
    /// It has a lifetime parameter: rustc prints it with `'_`.
    pub lifetimes: bool,
    /// How rustc spells it, when not by its last segment.
    pub display: Option<&'static str>,
    pub send: AutoRule,
    pub sync: AutoRule,
    pub copy: Copy,
    pub clone: bool,
    pub drop_glue: bool,
    pub kind: Kind,
    /// `Deref::Target`.
    pub deref: Option<Tpl>,
    /// `IntoIterator::Item` of the type, of `&Type`, of `&mut Type`.
    pub item: Option<Tpl>,
    pub ref_item: Option<Tpl>,
    pub mut_item: Option<Tpl>,
    /// `Index::Output`.
    pub index: Option<Tpl>,
    /// What `?` gives.
    pub try_output: Option<Tpl>,
    /// `Future::Output`.
    pub await_output: Option<Tpl>,
}

/// How a method takes the value it is called on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recv {
    Value,
    Ref,
    RefMut,
    Unknown,
}

/// A function that runs its argument as a task or a thread (`#[spawn]` in a stub), with what it
/// demands, read from the bounds of that argument's type.
#[derive(Debug, Clone, Copy)]
pub struct SpawnInfo {
    /// Which argument (after `self`) is the task.
    pub arg: usize,
    /// The task is a closure (threads, blocking pools) rather than a future.
    pub closure: bool,
    pub send: bool,
    pub is_static: bool,
    /// May borrow what outlives the scope, but not the scope's own locals.
    pub scoped: bool,
    /// Its name in messages.
    pub display: &'static str,
    /// Why it demands `Send`, in words, when a framework's reason is worth saying.
    pub why: Option<&'static str>,
}

/// A method or function: its parameters and return type as templates.
#[derive(Debug)]
pub struct Sig {
    /// How many generic parameters the function itself has.
    pub fn_generics: usize,
    pub params: &'static [Tpl],
    /// `None`: not known (the stub writes no return type).
    pub ret: Option<Tpl>,
    pub spawn: Option<SpawnInfo>,
    /// The types of a closure argument's own parameters, from an `F: FnOnce(&Scope)` bound.
    pub closure_params: &'static [(usize, &'static [Tpl])],
}

/// A method of a type: `key` is the type's canonical path, `[]` for slices and arrays, `str`,
/// `*const`/`*mut` for raw pointers, `_` for every type.
#[derive(Debug)]
pub struct MethodRow {
    pub key: &'static str,
    /// The impl's type, with its generic parameters (`Option<&T>` in `impl<'a, T> Option<&'a T>`).
    pub self_pattern: Tpl,
    /// `__any_method`: every method of the type without a row of its own.
    pub name: &'static str,
    pub recv: Recv,
    pub sig: Sig,
}

/// A free function or an associated function (`path` is `std::rc::Rc::new`).
#[derive(Debug)]
pub struct FnRow {
    pub path: &'static str,
    /// For an associated function, its impl's type (`Tpl::Unknown` for a free function).
    pub self_pattern: Tpl,
    pub sig: Sig,
}

/// `pub type Result<T> = std::result::Result<T, Error>;`.
#[derive(Debug)]
pub struct TypeAliasRow {
    pub path: &'static str,
    pub target: Tpl,
}
