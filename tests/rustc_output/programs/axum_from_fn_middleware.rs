use axum::{extract::Request, middleware::{self, Next}, response::Response, routing::get, Router};
use std::rc::Rc;

async fn audit(req: Request, next: Next) -> Response {
    let tag = Rc::new(String::from("audit"));
    let response = next.run(req).await;
    println!("{tag}");
    response
}

async fn index() -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() {
    let app: Router = Router::new().route("/", get(index)).layer(middleware::from_fn(audit));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
