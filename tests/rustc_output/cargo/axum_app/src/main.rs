mod handlers;

use std::sync::{Arc, Mutex};

use axum::routing::{get, post};
use axum::Router;

#[tokio::main]
async fn main() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let app: Router = Router::new()
        .route("/list", get(handlers::list))
        .route("/append", post(handlers::append))
        .with_state(log);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
