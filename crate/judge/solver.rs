//! The trait judgement: is a type `Send`? `Sync`? Answers are Yes, No (with the chain of reasons
//! down to the root cause) or Unknown, and only a No ever becomes an error.
//!
//! Futures and closures are judged through their facts: a closure is `Send` when everything it
//! captures is; a future also needs everything it holds across an `.await` to be `Send`.

use crate::fast::hash::HashMap;

use crate::facts::{BindingId, CoroutineKind, Facts};
use crate::items::ty::{CoroutineId, Ty};
use crate::items::{substitute, ItemIndex};
use crate::knowledge;
use crate::knowledge::causes::Cause;
use crate::knowledge::lang;
use crate::knowledge::model::AutoRule;
use crate::options::Edition;
use crate::syntax::text::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trait {
    Send,
    Sync,
}

impl Trait {
    pub fn name(self) -> &'static str {
        match self {
            Trait::Send => "Send",
            Trait::Sync => "Sync",
        }
    }
}

/// One step of an explanation: `ty` is not `trait_` because of `why`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub ty: Ty,
    pub trait_: Trait,
    pub why: Why,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// The root cause (`causes.rs` words it).
    Root(Cause),
    /// A `dyn Trait` without the auto trait.
    DynWithout,
    /// `ty: trait_` requires its argument `arg` to implement `needs` (the next step says why not).
    Requires { arg: Ty, needs: Trait },
    /// A field of the file's own struct or enum (the next step continues).
    Field { name: String, range: Range },
    /// A shared reference is `Send` only if its target is `Sync`.
    SharedRef,
    /// A future or closure holds a value that is not `Send` (see the culprit).
    Holds(Box<Culprit>),
}

pub type Chain = Vec<Step>;

#[derive(Debug, Clone, PartialEq)]
pub enum Judgement {
    Yes,
    No(Chain),
    Unknown,
}

impl Judgement {
    fn and(self, other: impl FnOnce() -> Judgement) -> Judgement {
        match self {
            Judgement::No(_) => self,
            Judgement::Yes => other(),
            Judgement::Unknown => match other() {
                n @ Judgement::No(_) => n,
                _ => Judgement::Unknown,
            },
        }
    }
}

/// Why a future or closure is not `Send`: the value and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Culprit {
    pub kind: CulpritKind,
    pub ty: Ty,
    pub trait_: Trait,
    pub chain: Chain,
    /// Where the culprit is (the captured use, the held binding, the temporary).
    pub range: Range,
    /// The `.await`s it is held across.
    pub awaits: Vec<Range>,
    /// The coroutine it belongs to.
    pub coroutine: CoroutineId,
}

impl Culprit {
    /// An awaited future's culprit is the value inside it, however deep.
    pub fn innermost(&self) -> Culprit {
        match &self.kind {
            CulpritKind::AwaitedFuture { inner } => inner.innermost(),
            _ => self.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum CulpritKind {
    /// A captured place (`counter`, `s.user`), captured by value or by reference.
    Capture { binding: BindingId, fields: Vec<String>, by_ref: bool, mutable: bool },
    /// An `async fn` parameter: always part of its future.
    Param { binding: BindingId },
    /// A binding alive across an `.await`.
    Held { binding: BindingId },
    /// A temporary alive across an `.await`.
    Temp { index: usize },
    /// An awaited future that is itself not `Send` (its culprit is inside).
    AwaitedFuture { inner: Box<Culprit> },
    /// The task value itself, e.g. a `Pin<Box<dyn Future>>` without `+ Send`.
    Value,
}

pub struct Solver<'f, 'i, 'a> {
    pub facts: &'f Facts,
    pub index: &'i ItemIndex<'a>,
    pub edition: Edition,
    memo: HashMap<(CoroutineId, Vec<Ty>), Option<Vec<Culprit>>>,
    depth: usize,
    /// Generic parameters of the function being checked whose bounds do not promise `Send`:
    /// generic code is checked once, against its declared bounds.
    strict_params: Vec<String>,
    /// What each coroutine captures, built on first need: judging a task asks it, and then the
    /// rules and fixes ask again for each of its diagnostics (a task with thousands of
    /// diagnostics made that thousands × its uses).
    captures_cache: std::cell::RefCell<Vec<Option<std::rc::Rc<Vec<crate::facts::held::Capture>>>>>,
}

impl<'f, 'i, 'a> Solver<'f, 'i, 'a> {
    pub fn new(facts: &'f Facts, index: &'i ItemIndex<'a>, edition: Edition) -> Self {
        Solver {
            facts,
            index,
            edition,
            memo: HashMap::default(),
            depth: 0,
            strict_params: vec![],
            captures_cache: Default::default(),
        }
    }

    /// [`held::captures`](crate::facts::held::captures) of coroutine `id`, computed once per analysis.
    pub fn captures(&self, id: CoroutineId) -> std::rc::Rc<Vec<crate::facts::held::Capture>> {
        let cached = self.captures_cache.borrow().get(id).cloned().flatten();
        cached.unwrap_or_else(|| {
            let computed = std::rc::Rc::new(crate::facts::held::captures(self.facts, self.index, id));
            let mut cache = self.captures_cache.borrow_mut();
            if cache.len() <= id {
                cache.resize(id + 1, None);
            }
            cache[id] = Some(computed.clone());
            computed
        })
    }

    /// Checks generic code against the declared bounds of these parameters from now on.
    pub fn set_strict_params(&mut self, names: Vec<String>) {
        if names != self.strict_params {
            self.strict_params = names;
            self.memo.clear();
        }
    }

    pub fn implements(&mut self, ty: &Ty, tr: Trait) -> Judgement {
        if self.depth > 40 {
            return Judgement::Unknown;
        }
        self.depth += 1;
        let j = self.implements_inner(ty, tr);
        self.depth -= 1;
        j
    }

    fn step(ty: &Ty, tr: Trait, why: Why, rest: Chain) -> Judgement {
        let mut chain = vec![Step { ty: ty.clone(), trait_: tr, why }];
        chain.extend(rest);
        Judgement::No(chain)
    }

    fn implements_inner(&mut self, ty: &Ty, tr: Trait) -> Judgement {
        match ty {
            Ty::Number | Ty::Tuple(_) if matches!(ty, Ty::Tuple(v) if v.is_empty()) => Judgement::Yes,
            Ty::Number => Judgement::Yes,
            Ty::Unknown => Judgement::Unknown,
            Ty::Ptr { .. } => Self::step(ty, tr, Why::Root(Cause::Ptr), vec![]),
            Ty::Ref { mutable, inner } => {
                // `&T: Send ⇐ T: Sync`, `&mut T: Send ⇐ T: Send`, `&T: Sync ⇐ T: Sync`.
                let needs = if *mutable && tr == Trait::Send { Trait::Send } else { Trait::Sync };
                match self.implements(inner, needs) {
                    Judgement::No(rest) => {
                        let why = if needs == Trait::Sync && tr == Trait::Send {
                            Why::SharedRef
                        } else {
                            Why::Requires { arg: (**inner).clone(), needs }
                        };
                        Self::step(ty, tr, why, rest)
                    }
                    j => j,
                }
            }
            Ty::Tuple(items) => {
                let mut j = Judgement::Yes;
                for i in items {
                    let item = i.clone();
                    j = j.and(|| self.implements(&item, tr));
                    if let Judgement::No(_) = j {
                        break;
                    }
                }
                j
            }
            Ty::Array(e) | Ty::Slice(e) => self.implements(e, tr),
            Ty::Dyn(traits) => {
                if traits.iter().any(|t| t == tr.name()) {
                    Judgement::Yes
                } else if traits.iter().all(|t| lang::trait_without_auto_supertraits(t)) {
                    Self::step(ty, tr, Why::DynWithout, vec![])
                } else {
                    // A trait of another crate may have `Send` as a supertrait: we cannot tell.
                    Judgement::Unknown
                }
            }
            Ty::Opaque { send, sync, .. } => {
                if (tr == Trait::Send && *send) || (tr == Trait::Sync && *sync) {
                    Judgement::Yes
                } else {
                    Judgement::Unknown
                }
            }
            Ty::Param { name, send, sync } => {
                if (tr == Trait::Send && *send) || (tr == Trait::Sync && *sync) {
                    Judgement::Yes
                } else if tr == Trait::Send && self.strict_params.contains(name) {
                    Self::step(ty, tr, Why::Root(Cause::Param), vec![])
                } else {
                    Judgement::Unknown
                }
            }
            Ty::Future(id) | Ty::Closure(id) => {
                if tr == Trait::Sync {
                    return Judgement::Unknown;
                }
                match self.coroutine_culprits(*id, &[]) {
                    None => Judgement::Unknown,
                    Some(c) if c.is_empty() => Judgement::Yes,
                    Some(c) => {
                        let first = c.into_iter().next().expect("non-empty");
                        Self::step(ty, tr, Why::Holds(Box::new(first)), vec![])
                    }
                }
            }
            Ty::AsyncFnFuture { func, args } => {
                if tr == Trait::Sync {
                    return Judgement::Unknown;
                }
                let Some(id) = self.facts.async_fn(func) else { return Judgement::Unknown };
                match self.coroutine_culprits(id, args) {
                    None => Judgement::Unknown,
                    Some(c) if c.is_empty() => Judgement::Yes,
                    Some(c) => {
                        let first = c.into_iter().next().expect("non-empty");
                        Self::step(ty, tr, Why::Holds(Box::new(first)), vec![])
                    }
                }
            }
            Ty::Adt { path, args } => self.adt(ty, path, args, tr),
        }
    }

    fn adt(&mut self, ty: &Ty, path: &str, args: &[Ty], tr: Trait) -> Judgement {
        if lang::is_primitive(path) || path == lang::AWAITS_TO {
            return Judgement::Yes;
        }
        if let Some(k) = knowledge::known_type(path) {
            let rule = if tr == Trait::Send { k.send } else { k.sync };
            return match rule {
                AutoRule::Always => Judgement::Yes,
                AutoRule::Never(why) => Self::step(ty, tr, Why::Root(why), vec![]),
                AutoRule::Structural => {
                    let mut j = Judgement::Yes;
                    for a in args {
                        let a = a.clone();
                        j = j.and(|| self.implements(&a, tr));
                        if let Judgement::No(rest) = j {
                            let needs = tr;
                            return Self::step(ty, tr, Why::Requires { arg: a, needs }, rest);
                        }
                    }
                    j
                }
                AutoRule::Needs(needs) => {
                    let mut j = Judgement::Yes;
                    for n in needs {
                        let arg = args.get(n.arg).cloned().unwrap_or(Ty::Unknown);
                        for (want, t) in [(n.send, Trait::Send), (n.sync, Trait::Sync)] {
                            if !want {
                                continue;
                            }
                            match self.implements(&arg, t) {
                                Judgement::No(rest) => {
                                    return Self::step(ty, tr, Why::Requires { arg, needs: t }, rest)
                                }
                                Judgement::Unknown => j = Judgement::Unknown,
                                Judgement::Yes => {}
                            }
                        }
                    }
                    j
                }
            };
        }
        if let Some(adt) = self.index.adt(path) {
            if (tr == Trait::Send && adt.unsafe_send) || (tr == Trait::Sync && adt.unsafe_sync) {
                return Judgement::Yes;
            }
            let adt = adt.clone();
            let subst: Vec<Ty> =
                adt.generics.iter().enumerate().map(|(i, _)| args.get(i).cloned().unwrap_or(Ty::Unknown)).collect();
            let mut j = Judgement::Yes;
            for f in &adt.fields {
                let fty = substitute(&f.ty, &adt.generics, &subst);
                match self.implements(&fty, tr) {
                    Judgement::No(rest) => {
                        return Self::step(ty, tr, Why::Field { name: f.name.clone(), range: f.range }, rest);
                    }
                    Judgement::Unknown => j = Judgement::Unknown,
                    Judgement::Yes => {}
                }
            }
            return j;
        }
        Judgement::Unknown
    }

    /// The culprits that keep coroutine `id` from being `Send`: `Some(vec![])` when it is `Send`,
    /// `None` when we cannot tell. `args` instantiate an async fn's parameters.
    pub fn coroutine_culprits(&mut self, id: CoroutineId, args: &[Ty]) -> Option<Vec<Culprit>> {
        let key = (id, args.to_vec());
        if let Some(m) = self.memo.get(&key) {
            return m.clone();
        }
        // A cycle (a recursive async fn) is not something we judge.
        self.memo.insert(key.clone(), None);
        let result = self.compute_culprits(id, args);
        self.memo.insert(key, result.clone());
        result
    }

    fn compute_culprits(&mut self, id: CoroutineId, args: &[Ty]) -> Option<Vec<Culprit>> {
        let facts = self.facts;
        let co = &facts.coroutines[id];
        let mut out = vec![];
        let mut unknown = false;
        match &co.kind {
            CoroutineKind::FnBody { is_async: true, .. } => {
                // Parameters are part of the future whether or not they live across an await.
                for (i, &b) in co.params.iter().enumerate() {
                    let binding = &facts.bindings[b];
                    let ty = match args.get(i) {
                        Some(a) => instantiate(&binding.ty, a),
                        None => binding.ty.clone(),
                    };
                    match self.implements(&ty, Trait::Send) {
                        Judgement::No(chain) => out.push(Culprit {
                            kind: CulpritKind::Param { binding: b },
                            ty,
                            trait_: Trait::Send,
                            chain,
                            range: binding.range,
                            awaits: vec![],
                            coroutine: id,
                        }),
                        Judgement::Unknown => unknown = true,
                        Judgement::Yes => {}
                    }
                }
            }
            CoroutineKind::FnBody { .. } => return None,
            CoroutineKind::AsyncBlock | CoroutineKind::Closure => {
                for cap in self.captures(id).iter() {
                    let ty = cap.ty.clone();
                    match self.implements(&ty, Trait::Send) {
                        Judgement::No(chain) => {
                            let trait_ = if cap.by_ref && !cap.mutable { Trait::Sync } else { Trait::Send };
                            out.push(Culprit {
                                kind: CulpritKind::Capture {
                                    binding: cap.binding,
                                    fields: cap.fields.clone(),
                                    by_ref: cap.by_ref,
                                    mutable: cap.mutable,
                                },
                                ty,
                                trait_,
                                chain,
                                range: cap.first_use,
                                awaits: vec![],
                                coroutine: id,
                            })
                        }
                        Judgement::Unknown => unknown = true,
                        Judgement::Yes => {}
                    }
                    if cap.uncertain {
                        unknown = true;
                    }
                }
            }
        }
        if co.is_async() {
            let held = crate::facts::held::held_across_awaits(facts, self.index, id, self.edition);
            if held.uncertain {
                unknown = true;
            }
            for h in held.values {
                match self.implements(&h.ty, Trait::Send) {
                    Judgement::No(chain) => {
                        let kind = match h.what {
                            crate::facts::held::HeldWhat::Binding(b) => CulpritKind::Held { binding: b },
                            crate::facts::held::HeldWhat::Temp(t) => CulpritKind::Temp { index: t },
                            crate::facts::held::HeldWhat::Future => {
                                // The awaited future's own culprit is the one to show.
                                if let Some(Step { why: Why::Holds(inner), .. }) = chain.first() {
                                    let inner = (**inner).clone();
                                    out.push(Culprit {
                                        kind: CulpritKind::AwaitedFuture { inner: Box::new(inner.clone()) },
                                        ty: h.ty.clone(),
                                        trait_: Trait::Send,
                                        chain: chain.clone(),
                                        range: inner.range,
                                        awaits: h.awaits.clone(),
                                        coroutine: id,
                                    });
                                }
                                continue;
                            }
                        };
                        out.push(Culprit {
                            kind,
                            ty: h.ty.clone(),
                            trait_: Trait::Send,
                            chain,
                            range: h.range,
                            awaits: h.awaits.clone(),
                            coroutine: id,
                        });
                    }
                    Judgement::Unknown => {}
                    Judgement::Yes => {}
                }
            }
        }
        if out.is_empty() && unknown {
            return None;
        }
        Some(out)
    }
}

/// A parameter's declared type, made concrete by the argument's type where the declaration is
/// generic (`T`, `Job<T>` written as `self`).
fn instantiate(declared: &Ty, arg: &Ty) -> Ty {
    match (declared, arg) {
        (_, Ty::Unknown) => declared.clone(),
        (Ty::Param { .. }, a) => a.clone(),
        (Ty::Ref { mutable, inner }, Ty::Ref { inner: a, .. }) => {
            Ty::Ref { mutable: *mutable, inner: Box::new(instantiate(inner, a)) }
        }
        (Ty::Adt { path: p1, args: d }, Ty::Adt { path: p2, .. })
            if p1 == p2 && d.iter().all(|t| matches!(t, Ty::Unknown | Ty::Param { .. })) =>
        {
            arg.clone()
        }
        _ => declared.clone(),
    }
}
