//! The few types and names the language itself gives: what `a..b`, `format!` and `vec![..]` make,
//! the prelude, primitives, crate roots, and the std traits that imply neither `Send` nor `Sync`.

pub const RANGE: &str = "std::ops::Range";
pub const STRING: &str = "std::string::String";
pub const VEC: &str = "std::vec::Vec";
pub const BOX: &str = "std::boxed::Box";
pub const PIN: &str = "std::pin::Pin";
pub const OPTION: &str = "std::option::Option";
/// What a `c"..."` literal is.
pub const CSTR: &str = "std::ffi::CStr";
pub const NONE: &str = "std::option::Option::None";
pub const PHANTOM_DATA: &str = "std::marker::PhantomData";
/// sendlens's own: a future that resolves to its argument (`tokio::sync::Mutex::lock`).
pub const AWAITS_TO: &str = "sendlens::AwaitsTo";
/// sendlens's own: the future of an `async fn` declared in a trait (`stubs/sendlens.rs`).
pub const TRAIT_FUTURE: &str = "sendlens::TraitFuture";

/// Pointers a trait's method is looked up through (`Arc<T>` where `T: Trait`).
pub static OWNING_POINTERS: &[&str] = &["std::sync::Arc", "std::rc::Rc", "std::boxed::Box"];

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

/// std traits known to imply neither `Send` nor `Sync` (a bound by one of them promises nothing).
pub static PLAIN_TRAITS: &[&str] = &[
    "Debug",
    "Display",
    "Clone",
    "Copy",
    "Default",
    "Iterator",
    "IntoIterator",
    "PartialEq",
    "Eq",
    "Hash",
    "Ord",
    "PartialOrd",
    "Into",
    "From",
    "AsRef",
    "AsMut",
    "ToString",
    "Sized",
    "Unpin",
    "Borrow",
    "ToOwned",
    "Error",
    "Any",
    "Drop",
    "Deref",
];

/// Traits of a `dyn` type known not to imply `Send` or `Sync` (std's, and the file's own: their
/// `Send` supertraits were spelled out when the type was read).
pub fn trait_without_auto_supertraits(t: &str) -> bool {
    t.starts_with("std::")
        || t.starts_with("crate::")
        || matches!(t, "Fn" | "FnMut" | "FnOnce" | "Send" | "Sync" | "Copy" | "Clone" | "Sized")
}
