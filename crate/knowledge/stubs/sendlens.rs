//! hand-written: types sendlens makes up for what the language leaves unnamed, and the methods of
//! every type (matched by name after the type's own). Format: docs/KNOWLEDGE.md.

/// The future of an `async fn` declared in a trait, called through a generic parameter
/// (its argument names the method).
#[kind(trait_future)]
#[display = "impl Future"]
pub struct TraitFuture<M>;
#[why(trait_future)]
impl<M> !Send for TraitFuture<M> {}
#[why(trait_future)]
impl<M> !Sync for TraitFuture<M> {}

/// A future that resolves to its argument (what `tokio::sync::Mutex::lock` returns): always
/// `Send` (the solver says so), and otherwise not a known type.
#[opaque]
pub struct AwaitsTo<T>;
impl<T> Future for AwaitsTo<T> {
    type Output = T;
}

/// Methods of any type, by name: tried after the type's own (and those of what it derefs to).
impl<T> T {
    // Taken by value whatever the type.
    pub fn unwrap(self);
    pub fn expect(self);
    pub fn unwrap_or(self);
    pub fn unwrap_or_else(self);
    pub fn unwrap_or_default(self);
    pub fn ok(self);
    pub fn err(self);
    pub fn map(self);
    pub fn map_err(self);
    pub fn and_then(self);
    pub fn into_iter(self);
    pub fn into_inner(self);
    pub fn into_boxed_slice(self);
    pub fn into_bytes(self);
    pub fn into(self);
    pub fn join(self);
    pub fn collect<B>(self) -> B;
    pub fn sum(self);
    pub fn count(self) -> usize;
    pub fn boxed(self);
    pub fn is_some_and(self);
    pub fn unwrap_err(self);
    pub fn ok_or(self);
    pub fn ok_or_else(self);
    pub fn filter(self);
    pub fn enumerate(self);
    pub fn zip(self);
    pub fn rev(self);
    pub fn skip(self);
    pub fn take_while(self);
    pub fn chain(self);
    pub fn fold(self);
    pub fn for_each(self);
    pub fn then(self);
    pub fn copied(self);
    pub fn cloned(self);
    pub fn flatten(self);
    pub fn max(self);
    pub fn min(self);
    pub fn last(self);
    pub fn nth(self);
    pub fn any(self);
    pub fn all(self);
    pub fn find(self);
    pub fn position(self);
    pub fn name(self);
    pub fn stack_size(self);
    pub fn spawn(self);
    pub fn build(self);
    pub fn enable_all(self);
    pub fn worker_threads(self);
    pub fn into_future(self);
    pub fn upgrade_owned(self);
    pub fn acquire_owned(self);
    pub fn lock_owned(self);
    // `Iterator::next` and friends take `&mut self` whatever the iterator.
    pub fn next(&mut self);
    pub fn next_back(&mut self);
    pub fn peek(&mut self);
    // By reference.
    pub fn clone(&self) -> T;
    pub fn to_string(&self) -> String;
    pub fn to_owned(&self) -> T;
    pub fn len(&self) -> usize;
    pub fn is_empty(&self) -> bool;
    pub fn iter(&self);
    pub fn as_ref(&self);
    pub fn fmt(&self);
    pub fn eq(&self);
    pub fn cmp(&self);
    pub fn hash(&self);
    pub fn get(&self);
    pub fn contains(&self) -> bool;
    pub fn as_str(&self);
    // Only their results are known.
    #[recv(unknown)]
    pub fn format(&self) -> String;
    #[recv(unknown)]
    pub fn is_some(&self) -> bool;
    #[recv(unknown)]
    pub fn is_none(&self) -> bool;
    #[recv(unknown)]
    pub fn is_ok(&self) -> bool;
    #[recv(unknown)]
    pub fn is_err(&self) -> bool;
    #[recv(unknown)]
    pub fn starts_with(&self) -> bool;
    #[recv(unknown)]
    pub fn ends_with(&self) -> bool;
}
