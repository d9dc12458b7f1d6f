use std::sync::{Arc, Mutex};
use std::collections::HashMap;

#[tokio::main]
async fn main() {
    let shared = Arc::new(Mutex::new(0u32));
    let unused = 5;
    let mut never_mutated = String::from("x");
    let s = shared.clone();
    tokio::spawn(async move {
        *s.lock().unwrap() += 1;
    })
    .await
    .unwrap();
    println!("{} {}", shared.lock().unwrap(), never_mutated);
}

fn helper() {}
