// The classic cases. The examples menu adds one example per rule, taken from `rules()`, so the
// menu always covers every rule the analyzer has.

export const CLASSIC_EXAMPLES = [
  {
    id: 'rc-refcell',
    title: 'Rc<RefCell<_>> counter moved into tokio::spawn',
    source: `use std::cell::RefCell;
use std::rc::Rc;

#[tokio::main]
async fn main() {
    let counter = Rc::new(RefCell::new(0));
    let handle = tokio::spawn(async move {
        *counter.borrow_mut() += 1;
    });
    handle.await.unwrap();
}
`,
  },
  {
    id: 'arc-mutex',
    title: 'Arc<Mutex<_>> counter, guard held across .await',
    source: `use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let counter = Arc::new(Mutex::new(0));
    let c = Arc::clone(&counter);
    let handle = tokio::spawn(async move {
        let mut guard = c.lock().unwrap();
        *guard += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    });
    handle.await.unwrap();
    println!("{}", counter.lock().unwrap());
}
`,
  },
  {
    id: 'borrow-local',
    title: 'Non-move async block borrowing a local',
    source: `#[tokio::main]
async fn main() {
    let name = String::from("sendlens");
    let handle = tokio::spawn(async {
        println!("hello from {name}");
    });
    handle.await.unwrap();
}
`,
  },
  {
    id: 'axum-guard',
    title: 'axum handler holding a MutexGuard across .await',
    source: `use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::{extract::State, routing::post, Router};

type Log = Arc<Mutex<Vec<String>>>;

async fn append(State(log): State<Log>, body: String) -> String {
    let mut entries = log.lock().unwrap();
    entries.push(body);
    tokio::time::sleep(Duration::from_millis(5)).await;
    format!("{} entries", entries.len())
}

#[tokio::main]
async fn main() {
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let app: Router = Router::new().route("/log", post(append)).with_state(log);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
`,
  },
  {
    id: 'axum-guard-fixed',
    title: 'The same handler, guard released before .await',
    source: `use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::{extract::State, routing::post, Router};

type Log = Arc<Mutex<Vec<String>>>;

async fn append(State(log): State<Log>, body: String) -> String {
    let count = {
        let mut entries = log.lock().unwrap();
        entries.push(body);
        entries.len()
    };
    tokio::time::sleep(Duration::from_millis(5)).await;
    format!("{} entries", count)
}

#[tokio::main]
async fn main() {
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let app: Router = Router::new().route("/log", post(append)).with_state(log);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
`,
  },
];
