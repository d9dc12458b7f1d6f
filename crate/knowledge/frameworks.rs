//! Where a framework demands a `Send` future (or `Send + Sync` state) that no bound in a signature
//! shows: axum's routing functions (the bound hides in `Handler`'s impls), axum's state, boxed
//! futures, `#[async_trait]`; and the words that say why.

pub const AXUM_WHY: &str = "axum runs handlers on tokio's multi-threaded runtime, so a handler's future must be `Send`";
pub const AXUM_STATE_WHY: &str =
    "axum shares the state between the threads that run handlers, so it must be `Clone + Send + Sync + 'static`";
pub const ASYNC_TRAIT_WHY: &str = "`#[async_trait]` turns the method into one returning `Pin<Box<dyn Future + Send>>`";
pub const IMPL_SEND_WHY: &str = "the return type promises a `Send` future";
pub const BOXED_WHY: &str = "`.boxed()` makes a `BoxFuture`, which is `Pin<Box<dyn Future + Send>>`";
pub const ACTIX_FACTORY_WHY: &str =
    "actix-web calls the app factory on each worker thread, so the closure must be `Send`";

/// axum's routing functions: which argument is the handler whose future must be `Send`.
pub fn axum_route(path: &str) -> Option<usize> {
    match path {
        "axum::routing::get"
        | "axum::routing::post"
        | "axum::routing::put"
        | "axum::routing::delete"
        | "axum::routing::patch"
        | "axum::routing::head"
        | "axum::routing::options"
        | "axum::routing::trace"
        | "axum::routing::any"
        | "axum::routing::method_routing::get"
        | "axum::routing::method_routing::post" => Some(0),
        "axum::routing::on" => Some(1),
        "axum::routing::MethodRouter::get"
        | "axum::routing::MethodRouter::post"
        | "axum::routing::MethodRouter::put"
        | "axum::routing::MethodRouter::delete"
        | "axum::routing::MethodRouter::patch"
        | "axum::routing::MethodRouter::head"
        | "axum::routing::MethodRouter::options"
        | "axum::routing::MethodRouter::trace"
        | "axum::routing::MethodRouter::any"
        | "axum::Router::fallback" => Some(0),
        "axum::routing::MethodRouter::on" => Some(1),
        _ => None,
    }
}

/// rustc points only at the registration for these routes (axum's `MethodRouter` chains and the
/// router's fallback, whose error names no culprit): the primary label goes there too.
pub fn route_points_at_site(path: &str) -> bool {
    path.contains("::MethodRouter::") || path.starts_with("axum::Router::")
}

/// `Router::with_state(state)`: the state is shared between the threads that run handlers.
pub const SHARED_STATE: (&str, &str) = ("axum::Router", "with_state");

/// `fut.boxed()` makes a `BoxFuture`, which must be `Send`.
pub const BOXES_SEND: &str = "boxed";

/// The attribute macro that boxes an `async fn`'s future as `Send`, and the argument that opts
/// out.
pub const ASYNC_TRAIT: &str = "async_trait";
pub const ASYNC_TRAIT_OPT_OUT: &str = "?Send";
