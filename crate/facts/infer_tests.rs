//! Data-driven tests of inference: an expression in a small program, and the type sendlens infers
//! for it (as rustc would print it; `_` for what it does not know). `UPDATE_EXPECT=1 cargo test
//! --lib infer` rewrites the expectations: read the diff before committing it.

use expect_test::{expect, Expect};

use crate::facts::walk::Walker;
use crate::items::ItemIndex;
use crate::options::Edition;
use crate::syntax::text::SourceText;

const PRELUDE: &str = "
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{mpsc, Arc, Mutex, RwLock};
struct Pool { conns: Vec<String> }
impl Pool {
    fn open(url: &str) -> std::io::Result<Pool> { todo!() }
    fn shared(&self) -> Rc<u8> { todo!() }
}
fn make<T: Default>() -> T { T::default() }
";

/// The type of `__probe` in `let __probe = <expr>;` inside an async fn, after `setup` statements.
fn infer_with(setup: &str, expr: &str) -> String {
    let source = format!("{PRELUDE}\nasync fn __probe_fn() {{ {setup} let __probe = {expr}; }}\n");
    let file: syn::File = syn::parse_file(&source).expect("the probe parses");
    let text = SourceText::new(&source);
    let index = ItemIndex::build(&file, &text);
    let mut walker = Walker::new(&index, &text, Edition::E2021);
    walker.walk_file();
    let b = walker.facts.bindings.iter().rev().find(|b| b.name == "__probe").expect("the probe binding");
    b.ty.to_string()
}

fn check(expr: &str, expect: Expect) {
    expect.assert_eq(&infer_with("", expr));
}

fn check_after(setup: &str, expr: &str, expect: Expect) {
    expect.assert_eq(&infer_with(setup, expr));
}

#[test]
fn constructors() {
    check("Rc::new(1)", expect!["Rc<i32>"]);
    check("Arc::new(Mutex::new(vec![1u8]))", expect!["Arc<Mutex<Vec<u8>>>"]);
    check("RefCell::new(String::new())", expect!["RefCell<String>"]);
    check("Vec::<u8>::new()", expect!["Vec<u8>"]);
    check("HashMap::<u8, String>::new()", expect!["HashMap<u8, String>"]);
    check("mpsc::channel::<u8>()", expect!["(std::sync::mpsc::Sender<u8>, std::sync::mpsc::Receiver<u8>)"]);
    check("Ok::<u8, String>(1)", expect!["Result<i32, String>"]);
    check("Some(Rc::new(1))", expect!["Option<Rc<i32>>"]);
    check("Box::pin(async {})", expect!["Pin<Box<impl Future>>"]);
}

#[test]
fn methods_of_known_types() {
    check_after("let m = Mutex::new(0u8);", "m.lock()", expect!["LockResult<MutexGuard<'_, u8>>"]);
    check_after("let m = Mutex::new(0u8);", "m.lock().unwrap()", expect!["MutexGuard<'_, u8>"]);
    check_after("let c = RefCell::new(vec![1u8]);", "c.borrow_mut()", expect!["RefMut<'_, Vec<u8>>"]);
    check_after("let a = Arc::new(RwLock::new(0u8));", "a.read().unwrap()", expect!["RwLockReadGuard<'_, u8>"]);
    check_after("let v = vec![Rc::new(1u8)];", "v.iter()", expect!["Iter<Rc<u8>>"]);
    check_after("let v = vec![Rc::new(1u8)];", "v[0].clone()", expect!["Rc<u8>"]);
    check_after("let (tx, rx) = mpsc::channel::<u8>();", "rx", expect!["std::sync::mpsc::Receiver<u8>"]);
    check_after("let m = tokio::sync::Mutex::new(1u8);", "m.lock().await", expect!["tokio::sync::MutexGuard<'_, u8>"]);
}

#[test]
fn the_files_own_signatures() {
    check("Pool::open(\"db\")", expect!["Result<Pool, Error>"]);
    check_after("let p = Pool { conns: vec![] };", "p.shared()", expect!["Rc<u8>"]);
    check_after("let p = Pool { conns: vec![] };", "p.conns", expect!["Vec<String>"]);
    // Not yet: a turbofish on the file's own generic function (rustc: `Rc<u8>`).
    check("make::<Rc<u8>>()", expect!["_"]);
}

#[test]
fn unknown_stays_unknown() {
    check("db::connect()", expect!["_"]);
    check_after("let x = db::connect();", "x.query()", expect!["_"]);
}
