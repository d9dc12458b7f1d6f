use std::sync::Mutex;

async fn tick() {}

#[tokio::main]
async fn main() {
    let m = std::sync::Arc::new(Mutex::new(0));
    if true {
        if true {
            if true {
                if true {
                    if true {
                        if true {
                            if true {
                                let m = m.clone();
                                tokio::spawn(async move {
                                    let g = m.lock().unwrap();
                                    tick().await;
                                    drop(g);
                                });
                            }
                        }
                    }
                }
            }
        }
    }
}
