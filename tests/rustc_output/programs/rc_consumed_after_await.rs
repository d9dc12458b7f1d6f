use std::rc::Rc;

async fn tick() {}

fn consume<T>(_t: T) {}

#[tokio::main]
async fn main() {
    tokio::spawn(async {
        let shared = Rc::new(5);
        let copy = *shared;
        tick().await;
        consume(copy);
        consume(shared);
    });
}
