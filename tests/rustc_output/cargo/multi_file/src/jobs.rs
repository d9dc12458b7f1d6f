use std::sync::Arc;

pub fn start_all(names: Vec<String>) {
    let shared = Arc::new(names);
    let worker = std::thread::spawn(move || shared.len());
    println!("{}", shared.len());
    worker.join().unwrap();
}

pub fn report(values: &[u32]) {
    let total: u32 = values.iter().sum();
    let unused_average = total / 2;
    println!("{total}");
}
