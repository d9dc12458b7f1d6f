use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use axum::extract::State;

async fn save(_line: &str) {}

pub async fn list() -> String {
    let items = Rc::new(RefCell::new(vec![String::from("a")]));
    save("list").await;
    items.borrow().join(",")
}

pub async fn append(State(log): State<Arc<Mutex<Vec<String>>>>, body: String) -> String {
    let mut guard = log.lock().unwrap();
    save(&body).await;
    guard.push(body);
    guard.len().to_string()
}
