//! Types as the analyzer understands them: enough structure to judge `Send`/`Sync`, `Copy` and
//! drop glue, and to print them the way rustc does.

use std::fmt;
use std::rc::Rc;

use crate::knowledge::model::Kind;

/// The canonical path of a named type. Types are cloned all over the analysis (every binding,
/// use, argument and temporary carries one), and with a `String` each clone of a path was an
/// allocation: a spelled-out path (`Ty::adt("std::string::String", ..)`) is borrowed instead,
/// and one resolved from the file is shared.
#[derive(Clone)]
pub enum TyPath {
    Static(&'static str),
    Shared(Rc<str>),
}

impl TyPath {
    pub fn as_str(&self) -> &str {
        match self {
            TyPath::Static(s) => s,
            TyPath::Shared(s) => s,
        }
    }
}

impl std::ops::Deref for TyPath {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&'static str> for TyPath {
    fn from(s: &'static str) -> TyPath {
        TyPath::Static(s)
    }
}

impl From<String> for TyPath {
    fn from(s: String) -> TyPath {
        TyPath::Shared(Rc::from(s))
    }
}

impl PartialEq for TyPath {
    fn eq(&self, other: &TyPath) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for TyPath {}

impl PartialEq<str> for TyPath {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for TyPath {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::hash::Hash for TyPath {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for TyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for TyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An id of a coroutine (async block, closure or async fn body) in the body facts.
pub type CoroutineId = usize;

/// A named type's generic arguments, shared between clones of the type: every binding, use,
/// argument and temporary carries its type, and copying `Arc<Mutex<Vec<String>>>` allocated
/// once per level. No arguments (most types) is no allocation either.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct TyArgs(Option<Rc<[Ty]>>);

impl std::ops::Deref for TyArgs {
    type Target = [Ty];
    fn deref(&self) -> &[Ty] {
        self.0.as_deref().unwrap_or(&[])
    }
}

impl From<Vec<Ty>> for TyArgs {
    fn from(args: Vec<Ty>) -> TyArgs {
        TyArgs(if args.is_empty() { None } else { Some(args.into()) })
    }
}

impl FromIterator<Ty> for TyArgs {
    fn from_iter<I: IntoIterator<Item = Ty>>(iter: I) -> TyArgs {
        TyArgs::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a TyArgs {
    type Item = &'a Ty;
    type IntoIter = std::slice::Iter<'a, Ty>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for TyArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// A named type with its canonical path (`std::rc::Rc`, `crate::Session`) and generic args.
    Adt {
        path: TyPath,
        args: TyArgs,
    },
    Ref {
        mutable: bool,
        inner: Box<Ty>,
    },
    Ptr {
        mutable: bool,
        inner: Box<Ty>,
    },
    Tuple(Vec<Ty>),
    Array(Box<Ty>),
    Slice(Box<Ty>),
    /// `dyn A + B`: the canonical paths of its traits (`Send`/`Sync` included when written).
    Dyn(Vec<String>),
    /// `impl Trait` in return position with the auto traits it promises.
    Opaque {
        send: bool,
        sync: bool,
        display: String,
    },
    /// A generic parameter, with the auto traits its bounds promise.
    Param {
        name: String,
        send: bool,
        sync: bool,
    },
    /// The future of an async block or async fn call.
    Future(CoroutineId),
    /// A closure value.
    Closure(CoroutineId),
    /// The future returned by calling a local `async fn` with arguments of these types.
    AsyncFnFuture {
        func: String,
        args: Vec<Ty>,
    },
    /// Integer or float literal without suffix (rustc's `{integer}`): always `Send + Sync + Copy`.
    Number,
    Unknown,
}

impl Ty {
    pub fn adt(path: impl Into<TyPath>, args: Vec<Ty>) -> Ty {
        Ty::Adt { path: path.into(), args: args.into() }
    }

    pub fn path(&self) -> Option<&str> {
        match self {
            Ty::Adt { path, .. } => Some(path),
            _ => None,
        }
    }

    pub fn is(&self, path: &str) -> bool {
        self.path() == Some(path)
    }

    pub fn arg(&self, i: usize) -> Ty {
        match self {
            Ty::Adt { args, .. } => args.get(i).cloned().unwrap_or(Ty::Unknown),
            _ => Ty::Unknown,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Ty::Unknown)
    }

    pub fn reference(inner: Ty, mutable: bool) -> Ty {
        Ty::Ref { mutable, inner: Box::new(inner) }
    }

    /// The type behind references (`&&T` → `T`).
    pub fn peel_refs(&self) -> &Ty {
        let mut t = self;
        while let Ty::Ref { inner, .. } = t {
            t = inner;
        }
        t
    }

    /// The last path segment, as rustc prints a type it can name briefly.
    pub fn short_name(path: &str) -> &str {
        path.rsplit("::").next().unwrap_or(path)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Adt { path, args } => {
                // How rustc spells a known type: by its last segment, or with its module to tell
                // it from its namesakes (`std::sync::mpsc::Receiver`), with `'_` for a lifetime.
                let row = crate::knowledge::known_type(path);
                if let Some(row) = row.filter(|r| r.kind == Kind::TraitFuture) {
                    return f.write_str(row.display.unwrap_or("impl Future"));
                }
                let name = row.and_then(|r| r.display).unwrap_or_else(|| Ty::short_name(path));
                let lifetime = row.is_some_and(|r| r.lifetimes);
                f.write_str(name)?;
                if !args.is_empty() || lifetime {
                    f.write_str("<")?;
                    let mut first = true;
                    if lifetime {
                        f.write_str("'_")?;
                        first = false;
                    }
                    for a in args {
                        if !first {
                            f.write_str(", ")?;
                        }
                        first = false;
                        write!(f, "{a}")?;
                    }
                    f.write_str(">")?;
                }
                Ok(())
            }
            Ty::Ref { mutable, inner } => write!(f, "&{}{inner}", if *mutable { "mut " } else { "" }),
            Ty::Ptr { mutable, inner } => write!(f, "*{} {inner}", if *mutable { "mut" } else { "const" }),
            Ty::Tuple(items) => {
                f.write_str("(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
            Ty::Array(t) => write!(f, "[{t}; _]"),
            Ty::Slice(t) => write!(f, "[{t}]"),
            Ty::Dyn(traits) => {
                f.write_str("dyn ")?;
                for (i, t) in traits.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" + ")?;
                    }
                    f.write_str(Ty::short_name(t))?;
                }
                Ok(())
            }
            Ty::Opaque { display, .. } => f.write_str(display),
            Ty::Param { name, .. } => f.write_str(name),
            Ty::Future(_) => f.write_str("impl Future"),
            Ty::Closure(_) => f.write_str("{closure}"),
            Ty::AsyncFnFuture { func, .. } => write!(f, "impl Future (returned by `{}`)", Ty::short_name(func)),
            Ty::Number => f.write_str("i32"),
            Ty::Unknown => f.write_str("_"),
        }
    }
}
