mod util;

use std::collections::HashMap;

#[tokio::main]
async fn main() {
    let mut total = 0;
    let handle = tokio::spawn(async { util::double(21) });
    println!("{}", handle.await.unwrap());
    println!("{total}");
}
