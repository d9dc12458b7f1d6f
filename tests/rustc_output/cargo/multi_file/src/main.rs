mod db;
mod jobs;

async fn refresh() {}

#[tokio::main]
async fn main() {
    let handle = tokio::spawn(async {
        let conn = db::Conn::open("main");
        let n = conn.query("select 1").await;
        refresh().await;
        println!("{} {}", conn.name, n);
    });
    handle.await.unwrap();
    jobs::start_all(vec![String::from("a")]);
    jobs::report(&[1, 2, 3]);
}
