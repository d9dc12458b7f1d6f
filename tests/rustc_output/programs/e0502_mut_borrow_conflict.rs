use std::collections::HashMap;

#[tokio::main]
async fn main() {
    let mut scores: HashMap<String, u32> = HashMap::new();
    scores.insert("a".into(), 1);
    let first = scores.get("a");
    scores.insert("b".into(), 2);
    println!("{first:?}");
    let handle = tokio::spawn(async move { scores.len() });
    println!("{}", handle.await.unwrap());
}
