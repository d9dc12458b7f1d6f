async fn log_later(name: &str) {
    tokio::spawn(async move {
        println!("hello {name}");
    });
}

#[tokio::main]
async fn main() {
    log_later("world").await;
}
