#[tokio::main]
async fn main() {
    let names = vec![String::from("a"), String::from("b")];
    let task = tokio::spawn(async move {
        for n in &names {
            println!("{n}");
        }
    });
    task.await.unwrap();
    let again = names;
    println!("{}", again.len());
}
