//! Data-driven tests of the judgement: a type written in Rust, and what sendlens says of its
//! `Send` and `Sync`, with the chain in words. A wrong knowledge row fails here by name, not as a
//! lower corpus score. `UPDATE_EXPECT=1 cargo test --lib judge` rewrites the expectations: read
//! the diff before committing it.

use expect_test::{expect, Expect};

use crate::facts::Facts;
use crate::items::ItemIndex;
use crate::judge::explain;
use crate::judge::solver::{Judgement, Solver, Trait};
use crate::options::Edition;
use crate::syntax::text::SourceText;

/// Names the probes use, and the file's own types for field chains.
const PRELUDE: &str = "
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
struct State { cache: RefCell<Vec<u8>>, hits: u64 }
struct Plain { name: String, n: u32 }
struct Wrapper<T> { inner: T }
struct Marker(std::marker::PhantomData<*const ()>);
unsafe impl Send for Marker {}
enum Msg { Text(String), Shared(Rc<String>) }
";

fn judge(ty: &str) -> String {
    let source = format!("{PRELUDE}\ntype Probe = {ty};\n");
    let file: syn::File = syn::parse_file(&source).expect("the probe parses");
    let text = SourceText::new(&source);
    let index = ItemIndex::build(&file, &text);
    let facts = Facts::default();
    let (_, written) = index.aliases.get("Probe").expect("the probe alias");
    let probe = index.ty_of(written, &[]);
    let mut solver = Solver::new(&facts, &index, Edition::E2021);
    let mut out = String::new();
    for tr in [Trait::Send, Trait::Sync] {
        let verdict = match solver.implements(&probe, tr) {
            Judgement::Yes => "yes".to_string(),
            Judgement::Unknown => "unknown".to_string(),
            Judgement::No(chain) => format!("no: {}", explain::sentence(&chain)),
        };
        out.push_str(&format!("{}: {verdict}\n", tr.name()));
    }
    out
}

fn check(ty: &str, expect: Expect) {
    expect.assert_eq(&judge(ty));
}

#[test]
fn reference_counting() {
    check(
        "Rc<i32>",
        expect![[r#"
            Send: no: `Rc<i32>` is not `Send`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
            Sync: no: `Rc<i32>` is not `Sync`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
        "#]],
    );
    check(
        "Arc<RefCell<i32>>",
        expect![[r#"
            Send: no: `Arc<RefCell<i32>>` is not `Send` because `RefCell<i32>` is not `Sync`, and `Arc<T>` is `Send` only when `T` is `Send + Sync`; `RefCell<i32>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
            Sync: no: `Arc<RefCell<i32>>` is not `Sync` because `RefCell<i32>` is not `Sync`, and `Arc<T>` is `Sync` only when `T` is `Send + Sync`; `RefCell<i32>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
        "#]],
    );
    check(
        "Arc<Mutex<Vec<String>>>",
        expect![[r#"
            Send: yes
            Sync: yes
        "#]],
    );
}

#[test]
fn interior_mutability_is_send_but_not_sync() {
    check(
        "RefCell<u8>",
        expect![[r#"
            Send: yes
            Sync: no: `RefCell<u8>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
        "#]],
    );
    check(
        "Cell<bool>",
        expect![[r#"
            Send: yes
            Sync: no: `Cell<bool>` is not `Sync`: `Cell` allows mutation through a shared reference without any synchronisation.
        "#]],
    );
    check(
        "&RefCell<u8>",
        expect![[r#"
            Send: no: `&RefCell<u8>` is not `Send` because `RefCell<u8>` is not `Sync` (a shared reference may cross threads only when its target is `Sync`); `RefCell<u8>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
            Sync: no: `&RefCell<u8>` is not `Sync` because it contains `RefCell<u8>`, which is not `Sync`; `RefCell<u8>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
        "#]],
    );
    check(
        "&mut RefCell<u8>",
        expect![[r#"
            Send: yes
            Sync: no: `&mut RefCell<u8>` is not `Sync` because it contains `RefCell<u8>`, which is not `Sync`; `RefCell<u8>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
        "#]],
    );
}

#[test]
fn locks_and_guards() {
    check(
        "Mutex<Rc<u8>>",
        expect![[r#"
            Send: no: `Mutex<Rc<u8>>` is not `Send` because `Rc<u8>` is not `Send`, and `Mutex<T>` is `Send` only when `T` is `Send`; `Rc<u8>` is not `Send`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
            Sync: no: `Mutex<Rc<u8>>` is not `Sync` because `Rc<u8>` is not `Send`, and `Mutex<T>` is `Sync` only when `T` is `Send`; `Rc<u8>` is not `Send`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
        "#]],
    );
    check(
        "RwLock<Cell<u8>>",
        expect![[r#"
            Send: yes
            Sync: no: `RwLock<Cell<u8>>` is not `Sync` because `Cell<u8>` is not `Sync`, and `RwLock<T>` is `Sync` only when `T` is `Send + Sync`; `Cell<u8>` is not `Sync`: `Cell` allows mutation through a shared reference without any synchronisation.
        "#]],
    );
    check(
        "MutexGuard<'static, u8>",
        expect![[r#"
            Send: no: `MutexGuard<'_, u8>` is not `Send`: a lock guard must be released on the thread that acquired the lock (the OS lock behind `std::sync` requires it).
            Sync: yes
        "#]],
    );
    check(
        "tokio::sync::MutexGuard<'static, u8>",
        expect![[r#"
            Send: yes
            Sync: yes
        "#]],
    );
}

#[test]
fn channels() {
    check(
        "Receiver<u8>",
        expect![[r#"
            Send: yes
            Sync: no: `std::sync::mpsc::Receiver<u8>` is not `Sync`: a channel `Receiver` has a single consumer; sharing `&Receiver` between threads would let two of them receive at once.
        "#]],
    );
    check(
        "Sender<Rc<u8>>",
        expect![[r#"
            Send: no: `std::sync::mpsc::Sender<Rc<u8>>` is not `Send` because `Rc<u8>` is not `Send`, and `Sender<T>` is `Send` only when `T` is `Send`; `Rc<u8>` is not `Send`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
            Sync: no: `std::sync::mpsc::Sender<Rc<u8>>` is not `Sync` because `Rc<u8>` is not `Send`, and `Sender<T>` is `Sync` only when `T` is `Send`; `Rc<u8>` is not `Send`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
        "#]],
    );
}

#[test]
fn the_files_own_types_follow_their_fields() {
    check(
        "State",
        expect![[r#"
            Send: yes
            Sync: no: `State` is not `Sync` because its field `cache` has type `RefCell<Vec<u8>>`; `RefCell<Vec<u8>>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
        "#]],
    );
    check(
        "Arc<State>",
        expect![[r#"
            Send: no: `Arc<State>` is not `Send` because `State` is not `Sync`, and `Arc<T>` is `Send` only when `T` is `Send + Sync`; `State` is not `Sync` because its field `cache` has type `RefCell<Vec<u8>>`; `RefCell<Vec<u8>>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
            Sync: no: `Arc<State>` is not `Sync` because `State` is not `Sync`, and `Arc<T>` is `Sync` only when `T` is `Send + Sync`; `State` is not `Sync` because its field `cache` has type `RefCell<Vec<u8>>`; `RefCell<Vec<u8>>` is not `Sync`: `RefCell` tracks its borrows with a plain counter that is not thread-safe, so two threads could both borrow it mutably.
        "#]],
    );
    check(
        "Plain",
        expect![[r#"
            Send: yes
            Sync: yes
        "#]],
    );
    check(
        "Wrapper<Rc<u8>>",
        expect![[r#"
            Send: no: `Wrapper<Rc<u8>>` is not `Send` because its field `inner` has type `Rc<u8>`; `Rc<u8>` is not `Send`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
            Sync: no: `Wrapper<Rc<u8>>` is not `Sync` because its field `inner` has type `Rc<u8>`; `Rc<u8>` is not `Sync`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
        "#]],
    );
    // An enum with one `Rc` variant is never `Send`, whichever variant a value holds.
    check(
        "Msg",
        expect![[r#"
            Send: no: `Msg` is not `Send` because its field `Shared.0` has type `Rc<String>`; `Rc<String>` is not `Send`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
            Sync: no: `Msg` is not `Sync` because its field `Shared.0` has type `Rc<String>`; `Rc<String>` is not `Sync`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
        "#]],
    );
    // `unsafe impl Send` is taken at its word.
    check(
        "Marker",
        expect![[r#"
            Send: yes
            Sync: no: `Marker` is not `Sync` because its field `0` has type `PhantomData<*const ()>`; `PhantomData<*const ()>` is not `Sync` because it contains `*const ()`, which is not `Sync`; `*const ()` is not `Sync`: a raw pointer carries no ownership or aliasing guarantees, so the compiler cannot know that using it from another thread is safe.
        "#]],
    );
}

#[test]
fn trait_objects_and_unknowns() {
    check(
        "Box<dyn std::error::Error>",
        expect![[r#"
            Send: no: `Box<dyn Error>` is not `Send` because it contains `dyn Error`, which is not `Send`; `dyn Error` is not `Send`: a trait object is `Send` only when `+ Send` is part of its type, because the compiler cannot see the concrete type behind it.
            Sync: no: `Box<dyn Error>` is not `Sync` because it contains `dyn Error`, which is not `Sync`; `dyn Error` is not `Sync`: a trait object is `Sync` only when `+ Sync` is part of its type, because the compiler cannot see the concrete type behind it.
        "#]],
    );
    check(
        "Box<dyn std::error::Error + Send + Sync>",
        expect![[r#"
            Send: yes
            Sync: yes
        "#]],
    );
    // A type sendlens does not know is never judged.
    check(
        "db::Pool",
        expect![[r#"
            Send: unknown
            Sync: unknown
        "#]],
    );
    check(
        "Arc<db::Pool>",
        expect![[r#"
            Send: unknown
            Sync: unknown
        "#]],
    );
    check(
        "(u8, Rc<u8>)",
        expect![[r#"
            Send: no: `Rc<u8>` is not `Send`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
            Sync: no: `Rc<u8>` is not `Sync`: `Rc` updates its reference count with plain, non-atomic arithmetic, so two threads cloning or dropping it at the same time could corrupt the count.
        "#]],
    );
}
