//! Facts about the function bodies of a file: bindings with their types and scopes, uses,
//! coroutines (async fn bodies, async blocks, closures), `.await` points, temporaries, loops and
//! spawn sites. Rules read these; they never walk the syntax tree.

pub mod held;
pub mod infer;
#[cfg(test)]
mod infer_tests;
pub mod mentions;
pub mod walk;

use crate::items::ty::{CoroutineId, Ty};
use crate::knowledge::SpawnReq;
use crate::syntax::text::Range;

pub type BindingId = usize;

#[derive(Debug, Clone)]
pub struct Binding {
    pub name: String,
    /// The binding pattern, with `mut` when written (`mut guard`).
    pub range: Range,
    pub ty: Ty,
    /// The binding exists from here (end of its `let` statement, start of its block, ...).
    pub decl_end: usize,
    /// The binding is dropped here (end of its block).
    pub scope_end: usize,
    /// The coroutine whose state holds it.
    pub owner: CoroutineId,
    pub is_param: bool,
    pub mutable: bool,
    /// The local this value borrows from (`let r = &x;`, `for u in &urls`).
    pub borrows: Option<BindingId>,
    /// A reference parameter borrowed from the caller (not `'static`).
    pub borrowed_from_caller: bool,
    /// The `let` statement that declares it, and the block and index of that statement.
    pub stmt: Option<StmtRef>,
    /// The initializer expression.
    pub init: Option<Range>,
    /// Mentioned inside a macro sendlens does not understand: its uses are not all known.
    pub opaque: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StmtRef {
    pub block: usize,
    pub index: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UseKind {
    /// Read by copy (a `Copy` type used by value).
    Copy,
    /// Borrowed (`&x`, a method taking `&self`, a format argument).
    Borrow,
    /// Borrowed mutably or assigned to.
    MutBorrow,
    /// Moved out.
    Move,
    /// We cannot tell.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Use {
    pub binding: BindingId,
    pub range: Range,
    /// Field projections of the used place (`s.user` → `["user"]`).
    pub fields: Vec<String>,
    pub kind: UseKind,
    pub owner: CoroutineId,
    /// The innermost region that runs conditionally (a branch, an arm, a loop body).
    pub region: Range,
    /// An assignment that re-initializes the binding (`x = ...`).
    pub reinit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoroutineKind {
    /// A function body; `is_async` for `async fn`.
    FnBody {
        name: String,
        is_async: bool,
    },
    AsyncBlock,
    Closure,
}

#[derive(Debug, Clone)]
pub struct Coroutine {
    pub kind: CoroutineKind,
    pub is_move: bool,
    pub range: Range,
    /// `async move`, `move |x|`, or the function's name.
    pub head: Range,
    pub body: Range,
    pub parent: Option<CoroutineId>,
    /// The value it produces (the block's tail, the closure's body), when known.
    pub output: Ty,
    pub output_range: Option<Range>,
    /// Inside the function, the bindings of its parameters (async fn: part of the future).
    pub params: Vec<BindingId>,
}

impl Coroutine {
    pub fn is_async(&self) -> bool {
        matches!(self.kind, CoroutineKind::AsyncBlock | CoroutineKind::FnBody { is_async: true, .. })
    }
}

#[derive(Debug, Clone)]
pub struct Await {
    /// The `await` keyword (where rustc points).
    pub range: Range,
    /// The whole `expr.await`.
    pub expr: Range,
    pub base_ty: Ty,
    pub owner: CoroutineId,
    /// An await hidden in a macro (`tokio::select!`, `join!`).
    pub in_macro: bool,
}

#[derive(Debug, Clone)]
pub struct Temp {
    pub range: Range,
    pub ty: Ty,
    pub dies_at: usize,
    pub owner: CoroutineId,
    /// The statement or scrutinee it belongs to, for fixes that hoist it.
    pub context: TempContext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TempContext {
    Statement { stmt: Range },
    Match { scrutinee: Range, whole: Range },
    IfLet { scrutinee: Range, whole: Range },
    WhileLet { scrutinee: Range, whole: Range },
    ForIter { iter: Range, whole: Range },
}

#[derive(Debug, Clone)]
pub struct LoopInfo {
    pub range: Range,
    pub owner: CoroutineId,
}

#[derive(Debug, Clone)]
pub struct BlockInfo {
    pub range: Range,
    pub stmts: Vec<Range>,
    pub owner: CoroutineId,
}

#[derive(Debug, Clone)]
pub struct ArgInfo {
    /// Where the argument is written; `Range::empty(0)` for the arguments of a call the walker
    /// does not record (`Walker::walk_args`): only recorded calls' ranges are ever read.
    pub range: Range,
    pub ty: Ty,
    /// The argument is this binding, by value.
    pub binding: Option<BindingId>,
    /// The argument borrows this local.
    pub borrows: Option<BindingId>,
}

#[derive(Debug, Clone)]
pub enum TaskArg {
    Coroutine(CoroutineId),
    /// A call of an `async fn` of the file.
    AsyncFn {
        func: String,
        args: Vec<ArgInfo>,
        call: Range,
    },
    Other,
}

#[derive(Debug, Clone)]
pub struct SpawnSite {
    pub req: SpawnReq,
    /// The whole call.
    pub call: Range,
    /// The function path or method name.
    pub callee: Range,
    pub arg: Range,
    pub arg_ty: Ty,
    pub task: TaskArg,
    pub owner: CoroutineId,
    /// The statement holding the call, for inserting code before it.
    pub stmt: Range,
}

#[derive(Debug, Default)]
pub struct Facts {
    pub bindings: Vec<Binding>,
    pub uses: Vec<Use>,
    pub coroutines: Vec<Coroutine>,
    pub awaits: Vec<Await>,
    pub temps: Vec<Temp>,
    pub loops: Vec<LoopInfo>,
    pub blocks: Vec<BlockInfo>,
    pub spawns: Vec<SpawnSite>,
    /// Async fn name → its body coroutine.
    pub async_fns: Vec<(String, CoroutineId)>,
    /// Every `Rc`/`RefCell`/... path mentioned in the file, for fixes that rewrite them.
    pub type_mentions: Vec<TypeMention>,
    /// Method calls by name on receivers of a known type, for fixes that rewrite them.
    pub method_calls: Vec<MethodCall>,
    /// `let _ = expr;` statements: (statement, initializer, its type).
    pub wild_lets: Vec<(Range, Range, Ty)>,
    /// Indexes built by `finish`: uses per binding, bindings and uses per owner, children.
    pub uses_by_binding: Vec<Vec<usize>>,
    pub bindings_by_owner: Vec<Vec<BindingId>>,
    pub uses_by_owner: Vec<Vec<usize>>,
    pub children: Vec<Vec<CoroutineId>>,
    /// Temporaries, awaits, loops and blocks per owner (indexes, ascending): judging one
    /// coroutine or fixing one culprit must not scan the whole file's, or the cost grows with
    /// spawn sites × file size.
    pub temps_by_owner: Vec<Vec<usize>>,
    pub awaits_by_owner: Vec<Vec<usize>>,
    pub loops_by_owner: Vec<Vec<usize>>,
    pub blocks_by_owner: Vec<Vec<usize>>,
    /// Async fn name → its body (the first of that name), for `async_fn`.
    pub async_fn_by_name: crate::fast::hash::HashMap<String, CoroutineId>,
}

/// A written path to a known type or its constructor (`Rc`, `RefCell::new`, `std::rc::Rc`).
#[derive(Debug, Clone)]
pub struct TypeMention {
    /// The canonical type, e.g. `std::rc::Rc`.
    pub canonical: String,
    /// The written path up to and including the type segment.
    pub range: Range,
    /// Inside a `use` item.
    pub in_use: bool,
}

#[derive(Debug, Clone)]
pub struct MethodCall {
    /// The receiver's type after auto-deref, canonical.
    pub recv_ty: String,
    pub method: String,
    /// From the dot to the closing parenthesis (`.borrow_mut()`).
    pub range: Range,
    pub receiver: Range,
    pub args: Vec<Range>,
    pub owner: CoroutineId,
}

impl MethodCall {
    /// The calls fixes read (swapping `RefCell`/`Cell` for their thread-safe kin, std's locks for
    /// tokio's, and the `unwrap`/`expect` after a lock: `knowledge/rewrites.rs`): only these are
    /// recorded, as most method calls of a file are none of them and their ranges and names
    /// cost a tenth of the walk's span lookups.
    pub fn wanted(recv_ty: &str, method: &str) -> bool {
        crate::knowledge::rewrites::call_is_rewritten(recv_ty, method)
    }
}

impl Facts {
    /// Is coroutine `inner` the same as `outer` or nested in it?
    pub fn within(&self, inner: CoroutineId, outer: CoroutineId) -> bool {
        let mut c = Some(inner);
        while let Some(id) = c {
            if id == outer {
                return true;
            }
            c = self.coroutines[id].parent;
        }
        false
    }

    /// The loops of coroutine `owner` and of every coroutine it is nested in: the only loops
    /// that can contain a range of `owner` (by owner, not the file's: see `loops_by_owner`).
    pub fn loops_around(&self, owner: CoroutineId) -> impl Iterator<Item = &LoopInfo> {
        std::iter::successors(Some(owner), |&id| self.coroutines[id].parent)
            .flat_map(move |id| self.loops_by_owner.get(id).into_iter().flatten())
            .map(move |&i| &self.loops[i])
    }

    pub fn uses_of(&self, b: BindingId) -> impl Iterator<Item = &Use> {
        self.uses_by_binding.get(b).into_iter().flatten().map(move |&i| &self.uses[i])
    }

    /// Builds the lookup indexes; call once, after the walk.
    pub fn finish(&mut self) {
        self.uses_by_binding = vec![vec![]; self.bindings.len()];
        self.bindings_by_owner = vec![vec![]; self.coroutines.len()];
        self.uses_by_owner = vec![vec![]; self.coroutines.len()];
        self.children = vec![vec![]; self.coroutines.len()];
        for (i, u) in self.uses.iter().enumerate() {
            self.uses_by_binding[u.binding].push(i);
            self.uses_by_owner[u.owner].push(i);
        }
        for (i, b) in self.bindings.iter().enumerate() {
            self.bindings_by_owner[b.owner].push(i);
        }
        for (i, c) in self.coroutines.iter().enumerate() {
            if let Some(p) = c.parent {
                self.children[p].push(i);
            }
        }
        let by_owner = |owners: &mut dyn Iterator<Item = CoroutineId>, n: usize| {
            let mut out = vec![vec![]; n];
            for (i, owner) in owners.enumerate() {
                if let Some(list) = out.get_mut(owner) {
                    list.push(i);
                }
            }
            out
        };
        let n = self.coroutines.len();
        self.temps_by_owner = by_owner(&mut self.temps.iter().map(|t| t.owner), n);
        self.awaits_by_owner = by_owner(&mut self.awaits.iter().map(|a| a.owner), n);
        self.loops_by_owner = by_owner(&mut self.loops.iter().map(|l| l.owner), n);
        self.blocks_by_owner = by_owner(&mut self.blocks.iter().map(|b| b.owner), n);
        self.async_fn_by_name.clear();
        for (name, id) in &self.async_fns {
            self.async_fn_by_name.entry(name.clone()).or_insert(*id);
        }
    }

    /// Coroutine `id` and every coroutine nested in it.
    pub fn subtree(&self, id: CoroutineId) -> Vec<CoroutineId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.children[out[i]].iter().copied());
            i += 1;
        }
        out
    }

    /// The function body coroutine `c` is written in.
    pub fn root_of(&self, mut c: CoroutineId) -> CoroutineId {
        while let Some(p) = self.coroutines[c].parent {
            c = p;
        }
        c
    }

    /// Whether coroutine `c` is a closure (rustc points at a closure, not at what it captures).
    pub fn is_closure(&self, c: CoroutineId) -> bool {
        matches!(self.coroutines[c].kind, CoroutineKind::Closure)
    }

    /// A name for a place: `counter`, `s.user`.
    pub fn place_name(&self, binding: BindingId, fields: &[String]) -> String {
        let mut s = self.bindings[binding].name.clone();
        for f in fields {
            s.push('.');
            s.push_str(f);
        }
        s
    }

    /// The async fn body of this name, if the file defines one.
    pub fn async_fn(&self, name: &str) -> Option<CoroutineId> {
        self.async_fn_by_name.get(name).copied()
    }
}
