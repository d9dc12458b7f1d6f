use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

async fn tick() {}

fn start(data: &Vec<u32>) {
    std::thread::spawn(|| {
        println!("{}", data.len());
    });
}

#[tokio::main]
async fn main() {
    let unused_counter = 0;
    let cache = Rc::new(RefCell::new(Vec::<u32>::new()));
    tokio::spawn(async move {
        cache.borrow_mut().push(1);
        tick().await;
    });
    let lock = Arc::new(Mutex::new(1u8));
    let l2 = lock.clone();
    tokio::spawn(async move {
        let guard = l2.lock().unwrap();
        tick().await;
        println!("{}", *guard);
    });
    let text = String::from("moved");
    let t = std::thread::spawn(move || text.len());
    println!("{text}");
    t.join().unwrap();
    start(&vec![1, 2]);
}
