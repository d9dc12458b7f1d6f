use std::cell::Cell;
use std::future::Future;

fn require_sync<F: Future + Sync>(_f: F) {}

async fn tick() {}

fn main() {
    require_sync(async {
        let counter = Cell::new(0u32);
        tick().await;
        counter.set(counter.get() + 1);
    });
}
