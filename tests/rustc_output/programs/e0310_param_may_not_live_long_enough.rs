use std::fmt::Debug;

fn spawn_printer<T: Debug + Send>(value: T) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        println!("{value:?}");
    })
}

#[tokio::main]
async fn main() {
    spawn_printer(5).await.unwrap();
}
