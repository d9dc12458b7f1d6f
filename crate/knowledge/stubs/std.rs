//! hand-written: std (with what core and alloc re-export into it). The format is
//! `docs/KNOWLEDGE.md`; `cargo xtask knowledge --verify` proves the auto-trait rows against rustc.
//! Rows marked `0.1:` keep how sendlens 0.1 read a type or a call, so that moving the tables into
//! these stubs left every report byte-identical; each says what rustc does instead.

pub mod rc {
    #[derive(Clone)]
    #[kind(rc)]
    pub struct Rc<T>;
    #[why(rc)]
    impl<T> !Send for Rc<T> {}
    #[why(rc)]
    impl<T> !Sync for Rc<T> {}
    impl<T> Deref for Rc<T> {
        type Target = T;
    }
    impl<T> Rc<T> {
        pub fn new(value: T) -> Rc<T>;
        pub fn clone(&self) -> Self;
        /// `Rc::clone(&rc)`.
        pub fn clone(this: &Rc<T>) -> Rc<T>;
        pub fn downgrade(this: &Rc<T>) -> Weak<T>;
        pub fn from(value: &T) -> Rc<T>;
        pub fn from(value: T) -> Rc<T>;
    }

    #[derive(Clone)]
    #[kind(rc)]
    pub struct Weak<T>;
    #[why(rc)]
    impl<T> !Send for Weak<T> {}
    #[why(rc)]
    impl<T> !Sync for Weak<T> {}
    impl<T> Weak<T> {
        pub fn upgrade(&self) -> Option<Rc<T>>;
    }
}

pub mod sync {
    #[derive(Clone)]
    pub struct Arc<T>;
    unsafe impl<T: Send + Sync> Send for Arc<T> {}
    unsafe impl<T: Send + Sync> Sync for Arc<T> {}
    impl<T> Deref for Arc<T> {
        type Target = T;
    }
    impl<T> Arc<T> {
        pub fn new(value: T) -> Arc<T>;
        pub fn clone(&self) -> Self;
        pub fn clone(this: &Arc<T>) -> Arc<T>;
        pub fn downgrade(this: &Arc<T>) -> Weak<T>;
        pub fn from(value: &T) -> Arc<T>;
        pub fn from(value: T) -> Arc<T>;
    }

    #[derive(Clone)]
    pub struct Weak<T>;
    unsafe impl<T: Send + Sync> Send for Weak<T> {}
    unsafe impl<T: Send + Sync> Sync for Weak<T> {}
    impl<T> Weak<T> {
        pub fn upgrade(&self) -> Option<Arc<T>>;
    }

    #[kind(lock)]
    pub struct Mutex<T>;
    unsafe impl<T: Send> Send for Mutex<T> {}
    unsafe impl<T: Send> Sync for Mutex<T> {}
    impl<T> Mutex<T> {
        pub fn new(t: T) -> Mutex<T>;
        pub fn lock(&self) -> LockResult<MutexGuard<'_, T>>;
        pub fn try_lock(&self);
        /// 0.1: rustc's `get_mut` takes `&mut self`.
        pub fn get_mut(&self);
        pub fn into_inner(self) -> LockResult<T>;
    }

    #[kind(lock)]
    pub struct RwLock<T>;
    unsafe impl<T: Send> Send for RwLock<T> {}
    unsafe impl<T: Send + Sync> Sync for RwLock<T> {}
    impl<T> RwLock<T> {
        pub fn new(t: T) -> RwLock<T>;
        pub fn read(&self) -> LockResult<RwLockReadGuard<'_, T>>;
        pub fn write(&self) -> LockResult<RwLockWriteGuard<'_, T>>;
        pub fn try_read(&self);
        pub fn try_write(&self);
        pub fn into_inner(self);
    }

    #[kind(guard, lock = "std::sync::Mutex", let_underscore_lock)]
    pub struct MutexGuard<'a, T>;
    #[why(guard)]
    impl<T> !Send for MutexGuard<'_, T> {}
    unsafe impl<T: Sync> Sync for MutexGuard<'_, T> {}
    impl<T> Deref for MutexGuard<'_, T> {
        type Target = T;
    }

    #[kind(guard, lock = "std::sync::RwLock", let_underscore_lock)]
    pub struct RwLockReadGuard<'a, T>;
    #[why(guard)]
    impl<T> !Send for RwLockReadGuard<'_, T> {}
    unsafe impl<T: Sync> Sync for RwLockReadGuard<'_, T> {}
    impl<T> Deref for RwLockReadGuard<'_, T> {
        type Target = T;
    }

    #[kind(guard, lock = "std::sync::RwLock", let_underscore_lock)]
    pub struct RwLockWriteGuard<'a, T>;
    #[why(guard)]
    impl<T> !Send for RwLockWriteGuard<'_, T> {}
    unsafe impl<T: Sync> Sync for RwLockWriteGuard<'_, T> {}
    impl<T> Deref for RwLockWriteGuard<'_, T> {
        type Target = T;
    }

    /// 0.1: rustc's `LockResult<T>` is `Result<T, PoisonError<T>>`.
    pub struct LockResult<T>;
    impl<T> Try for LockResult<T> {
        type Output = T;
    }
    impl<T> LockResult<T> {
        pub fn unwrap(self) -> T;
        pub fn expect(self, msg: &str) -> T;
        pub fn unwrap_or(self, default: T) -> T;
        pub fn unwrap_or_default(self) -> T;
        pub fn unwrap_or_else<F>(self, f: F) -> T;
    }

    #[derive(Clone)]
    pub struct OnceLock<T>;
    unsafe impl<T: Send> Send for OnceLock<T> {}
    unsafe impl<T: Send + Sync> Sync for OnceLock<T> {}
    impl<T> OnceLock<T> {
        pub fn new() -> OnceLock<T>;
    }

    pub struct LazyLock<T>;
    unsafe impl<T: Send> Send for LazyLock<T> {}
    unsafe impl<T: Send + Sync> Sync for LazyLock<T> {}

    #[derive(Clone)]
    pub struct Condvar;
    #[derive(Clone)]
    pub struct Barrier;
    #[derive(Clone)]
    pub struct Once;

    pub mod mpsc {
        #[derive(Clone)]
        #[display = "std::sync::mpsc::Sender"]
        pub struct Sender<T>;
        unsafe impl<T: Send> Send for Sender<T> {}
        unsafe impl<T: Send> Sync for Sender<T> {}
        impl<T> Sender<T> {
            pub fn send(&self, t: T);
        }

        #[derive(Clone)]
        pub struct SyncSender<T>;
        unsafe impl<T: Send> Send for SyncSender<T> {}
        unsafe impl<T: Send> Sync for SyncSender<T> {}
        impl<T> SyncSender<T> {
            pub fn send(&self, t: T);
        }

        #[kind(receiver)]
        #[display = "std::sync::mpsc::Receiver"]
        pub struct Receiver<T>;
        unsafe impl<T: Send> Send for Receiver<T> {}
        #[why(receiver)]
        impl<T> !Sync for Receiver<T> {}
        impl<T> IntoIterator for Receiver<T> {
            type Item = T;
        }
        impl<T> Receiver<T> {
            pub fn recv(&self) -> Result<T, _>;
            pub fn try_recv(&self);
            pub fn recv_timeout(&self, timeout: std::time::Duration);
            pub fn iter(&self) -> Iter<T>;
            pub fn try_iter(&self);
        }

        /// 0.1: rustc prints `Iter<'_, T>`.
        #[kind(receiver)]
        #[no_drop_glue]
        pub struct Iter<T>;
        #[why(receiver)]
        impl<T> !Send for Iter<T> {}
        #[why(receiver)]
        impl<T> !Sync for Iter<T> {}
        impl<T> IntoIterator for Iter<T> {
            type Item = T;
        }

        pub fn channel<T>() -> (Sender<T>, Receiver<T>);
        pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>);
    }

    pub mod atomic {
        #[derive(Clone, Copy)]
        pub struct Ordering;

        #[derive(Clone)]
        pub struct AtomicBool;
        impl AtomicBool {
            pub fn __any_method(&self);
        }
        #[derive(Clone)]
        pub struct AtomicI8;
        #[derive(Clone)]
        pub struct AtomicI16;
        #[derive(Clone)]
        pub struct AtomicI32;
        impl AtomicI32 {
            pub fn __any_method(&self);
        }
        #[derive(Clone)]
        pub struct AtomicI64;
        impl AtomicI64 {
            pub fn __any_method(&self);
        }
        #[derive(Clone)]
        pub struct AtomicIsize;
        #[derive(Clone)]
        pub struct AtomicU8;
        #[derive(Clone)]
        pub struct AtomicU16;
        #[derive(Clone)]
        pub struct AtomicU32;
        impl AtomicU32 {
            pub fn __any_method(&self);
        }
        #[derive(Clone)]
        pub struct AtomicU64;
        impl AtomicU64 {
            pub fn __any_method(&self);
        }
        #[derive(Clone)]
        pub struct AtomicUsize;
        impl AtomicUsize {
            pub fn __any_method(&self);
        }
        #[derive(Clone)]
        pub struct AtomicPtr<T>;
    }

    /// Private module paths that name the same items.
    pub mod mutex {
        pub use super::Mutex;
        pub use super::MutexGuard;
    }
    pub mod rwlock {
        pub use super::RwLock;
    }
}

pub mod cell {
    #[derive(Clone)]
    #[kind(cell)]
    pub struct RefCell<T>;
    unsafe impl<T: Send> Send for RefCell<T> {}
    #[why(ref_cell)]
    impl<T> !Sync for RefCell<T> {}
    impl<T> RefCell<T> {
        pub fn new(value: T) -> RefCell<T>;
        pub fn borrow(&self) -> Ref<'_, T>;
        pub fn borrow_mut(&self) -> RefMut<'_, T>;
        pub fn try_borrow(&self);
        pub fn try_borrow_mut(&self);
        pub fn replace(&self, t: T);
        pub fn take(&self) -> T;
        pub fn into_inner(self) -> T;
        /// 0.1: `RefCell` has no `get`; read as `Cell::get`.
        pub fn get(&self) -> T;
    }

    #[derive(Clone)]
    #[kind(cell)]
    #[no_drop_glue]
    pub struct Cell<T>;
    unsafe impl<T: Send> Send for Cell<T> {}
    #[why(cell)]
    impl<T> !Sync for Cell<T> {}
    impl<T> Cell<T> {
        pub fn new(value: T) -> Cell<T>;
        pub fn get(&self) -> T;
        pub fn set(&self, val: T);
        pub fn replace(&self, val: T);
        pub fn take(&self) -> T;
        pub fn into_inner(self) -> T;
    }

    #[kind(cell)]
    pub struct UnsafeCell<T>;
    unsafe impl<T: Send> Send for UnsafeCell<T> {}
    #[why(unsafe_cell)]
    impl<T> !Sync for UnsafeCell<T> {}
    impl<T> UnsafeCell<T> {
        pub fn new(value: T) -> UnsafeCell<T>;
    }

    #[derive(Clone)]
    #[kind(cell)]
    pub struct OnceCell<T>;
    unsafe impl<T: Send> Send for OnceCell<T> {}
    #[why(cell)]
    impl<T> !Sync for OnceCell<T> {}
    impl<T> OnceCell<T> {
        pub fn new() -> OnceCell<T>;
    }

    #[kind(cell)]
    pub struct LazyCell<T>;
    unsafe impl<T: Send> Send for LazyCell<T> {}
    #[why(cell)]
    impl<T> !Sync for LazyCell<T> {}

    #[kind(borrow)]
    #[display = "std::cell::Ref"]
    pub struct Ref<'b, T>;
    #[why(borrow)]
    impl<T> !Send for Ref<'_, T> {}
    #[why(borrow)]
    impl<T> !Sync for Ref<'_, T> {}
    impl<T> Deref for Ref<'_, T> {
        type Target = T;
    }

    #[kind(borrow)]
    pub struct RefMut<'b, T>;
    #[why(borrow)]
    impl<T> !Send for RefMut<'_, T> {}
    #[why(borrow)]
    impl<T> !Sync for RefMut<'_, T> {}
    impl<T> Deref for RefMut<'_, T> {
        type Target = T;
    }
}

pub mod ptr {
    #[derive(Clone, Copy)]
    #[kind(pointer)]
    pub struct NonNull<T>;
    #[why(ptr)]
    impl<T> !Send for NonNull<T> {}
    #[why(ptr)]
    impl<T> !Sync for NonNull<T> {}
    impl<T> NonNull<T> {
        pub fn as_ptr(self) -> *mut T;
        pub fn as_ref(&self);
        pub fn as_mut(&self);
        pub fn from(r: &T) -> NonNull<T>;
        /// 0.1: the pointee of the argument is not carried into the result.
        pub fn new(ptr: *mut T) -> Option<NonNull<_>>;
        pub fn dangling() -> NonNull<T>;
    }
}

pub mod boxed {
    #[derive(Clone)]
    pub struct Box<T>;
    impl<T> Deref for Box<T> {
        type Target = T;
    }
    impl<T> Box<T> {
        pub fn new(x: T) -> Box<T>;
        pub fn pin(x: T) -> std::pin::Pin<Box<T>>;
        pub fn leak(b: Box<T>) -> &'static mut T;
    }
}

pub mod vec {
    #[derive(Clone)]
    pub struct Vec<T>;
    impl<T> Deref for Vec<T> {
        type Target = [T];
    }
    impl<T> IntoIterator for Vec<T> {
        type Item = T;
    }
    impl<'a, T> IntoIterator for &'a Vec<T> {
        type Item = &'a T;
    }
    impl<'a, T> IntoIterator for &'a mut Vec<T> {
        type Item = &'a mut T;
    }
    impl<T> Index for Vec<T> {
        type Output = T;
    }
    impl<T> Vec<T> {
        pub fn new() -> Vec<T>;
        pub fn with_capacity(capacity: usize) -> Vec<T>;
        pub fn push(&mut self, value: T);
        pub fn pop(&mut self) -> Option<T>;
        pub fn insert(&mut self, index: usize, element: T);
        pub fn remove(&mut self, index: usize) -> T;
        pub fn swap_remove(&mut self, index: usize) -> T;
        pub fn clear(&mut self);
        pub fn extend(&mut self);
        pub fn drain(&mut self) -> Drain<'_, T>;
        pub fn sort(&mut self);
        pub fn sort_by(&mut self);
        pub fn sort_unstable(&mut self);
        pub fn truncate(&mut self, len: usize);
        pub fn retain(&mut self);
        pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T>;
        pub fn append(&mut self);
        pub fn dedup(&mut self);
        pub fn as_mut_ptr(&mut self) -> *mut T;
        pub fn get_mut(&mut self);
        pub fn resize(&mut self);
        /// 0.1: `VecDeque`'s methods, read on `Vec` too.
        pub fn push_back(&mut self, value: T);
        pub fn push_front(&mut self, value: T);
        pub fn pop_back(&mut self) -> Option<T>;
        pub fn pop_front(&mut self) -> Option<T>;
        pub fn len(&self) -> usize;
        pub fn is_empty(&self);
        pub fn iter(&self) -> std::slice::Iter<'_, T>;
        pub fn get(&self, index: usize) -> Option<&T>;
        pub fn first(&self) -> Option<&T>;
        pub fn last(&self) -> Option<&T>;
        pub fn contains(&self);
        pub fn as_ptr(&self) -> *const T;
        pub fn to_vec(&self) -> Vec<T>;
        pub fn join(&self) -> String;
        pub fn as_slice(&self);
        pub fn capacity(&self) -> usize;
        pub fn clone(&self) -> Vec<T>;
        pub fn concat(&self) -> String;
        pub fn into_iter(self) -> IntoIter<T>;
        pub fn into_boxed_slice(self) -> Box<[T]>;
    }

    #[derive(Clone)]
    pub struct IntoIter<T>;
    impl<T> IntoIterator for IntoIter<T> {
        type Item = T;
    }

    /// 0.1: rustc prints `Drain<'_, T>`.
    #[derive(Clone)]
    pub struct Drain<T>;
    impl<T> IntoIterator for Drain<T> {
        type Item = T;
    }
}

pub mod slice {
    /// 0.1: rustc prints `Iter<'_, T>`.
    #[derive(Clone)]
    #[no_drop_glue]
    pub struct Iter<T>;
    unsafe impl<T: Sync> Send for Iter<T> {}
    unsafe impl<T: Sync> Sync for Iter<T> {}
    impl<'a, T> IntoIterator for Iter<T> {
        type Item = &'a T;
    }

    #[no_drop_glue]
    pub struct IterMut<T>;
    unsafe impl<T: Send> Send for IterMut<T> {}
    unsafe impl<T: Sync> Sync for IterMut<T> {}
    impl<'a, T> IntoIterator for IterMut<T> {
        type Item = &'a mut T;
    }
}

impl<T> [T] {
    pub fn len(&self) -> usize;
    pub fn is_empty(&self);
    pub fn iter(&self) -> std::slice::Iter<'_, T>;
    pub fn get(&self);
    pub fn first(&self);
    pub fn last(&self);
    pub fn contains(&self);
    pub fn as_ptr(&self) -> *const T;
    pub fn to_vec(&self);
    pub fn join(&self);
    pub fn concat(&self);
    pub fn as_mut_ptr(&mut self) -> *mut T;
    pub fn iter_mut(&mut self);
    pub fn sort(&mut self);
    pub fn get_mut(&mut self);
    pub fn swap(&mut self);
    pub fn fill(&mut self);
}

impl<T> *const T {
    pub fn __any_method(self);
}

impl<T> *mut T {
    pub fn __any_method(self);
}

impl str {
    pub fn len(&self) -> usize;
    pub fn is_empty(&self);
    pub fn as_str(&self) -> &str;
    pub fn trim(&self) -> &str;
    pub fn to_uppercase(&self) -> String;
    pub fn to_lowercase(&self) -> String;
    pub fn chars(&self);
    pub fn bytes(&self);
    pub fn split(&self);
    pub fn split_whitespace(&self);
    pub fn lines(&self);
    pub fn starts_with(&self);
    pub fn ends_with(&self);
    pub fn contains(&self);
    pub fn parse(&self);
    pub fn as_bytes(&self);
    pub fn to_string(&self) -> String;
    pub fn to_owned(&self) -> String;
    pub fn clone(&self) -> String;
    pub fn as_ptr(&self) -> *const u8;
    pub fn replace(&self) -> String;
    pub fn find(&self);
}

pub mod string {
    #[derive(Clone)]
    pub struct String;
    impl Deref for String {
        type Target = str;
    }
    impl String {
        pub fn new() -> String;
        pub fn from(s: &str) -> String;
        pub fn with_capacity(capacity: usize) -> String;
        pub fn from_utf8_lossy(v: &[u8]) -> String;
        pub fn push_str(&mut self, string: &str);
        pub fn push(&mut self, ch: char);
        pub fn clear(&mut self);
        pub fn truncate(&mut self, new_len: usize);
        pub fn insert(&mut self);
        pub fn insert_str(&mut self);
        pub fn as_mut_str(&mut self);
        pub fn into_bytes(self);
        pub fn into_boxed_str(self);
        pub fn len(&self) -> usize;
        pub fn is_empty(&self);
        pub fn as_str(&self) -> &str;
        pub fn trim(&self) -> &str;
        pub fn to_uppercase(&self) -> String;
        pub fn to_lowercase(&self) -> String;
        pub fn chars(&self);
        pub fn bytes(&self);
        pub fn split(&self);
        pub fn split_whitespace(&self);
        pub fn lines(&self);
        pub fn starts_with(&self);
        pub fn ends_with(&self);
        pub fn contains(&self);
        pub fn parse(&self);
        pub fn as_bytes(&self);
        pub fn to_string(&self) -> String;
        pub fn to_owned(&self) -> String;
        pub fn clone(&self) -> String;
        pub fn as_ptr(&self) -> *const u8;
        pub fn replace(&self) -> String;
        pub fn find(&self);
    }
}

pub mod option {
    #[derive(Clone)]
    pub enum Option<T> {
        None,
        Some(T),
    }
    impl<T> Try for Option<T> {
        type Output = T;
    }
    impl<T> Option<T> {
        pub fn Some(value: T) -> Option<T>;
        pub fn unwrap(self) -> T;
        pub fn expect(self, msg: &str) -> T;
        pub fn unwrap_or(self, default: T) -> T;
        pub fn unwrap_or_default(self) -> T;
        pub fn unwrap_or_else<F>(self, f: F) -> T;
        /// 0.1: rustc's `take` borrows mutably.
        #[recv(unknown)]
        pub fn take(&mut self) -> Self;
    }
    impl<'a, T> Option<&'a T> {
        pub fn cloned(self) -> Option<T>;
        pub fn copied(self) -> Option<T>;
    }
}

pub mod result {
    #[derive(Clone)]
    pub enum Result<T, E> {
        Ok(T),
        Err(E),
    }
    impl<T, E> Try for Result<T, E> {
        type Output = T;
    }
    impl<T, E> Result<T, E> {
        pub fn Ok(value: T) -> Result<T, E>;
        pub fn Err(error: E) -> Result<T, E>;
        pub fn unwrap(self) -> T;
        pub fn expect(self, msg: &str) -> T;
        pub fn unwrap_or(self, default: T) -> T;
        pub fn unwrap_or_default(self) -> T;
        pub fn unwrap_or_else<F>(self, f: F) -> T;
        pub fn ok(self) -> Option<T>;
    }
}

pub mod collections {
    #[derive(Clone)]
    pub struct HashMap<K, V>;
    impl<K, V> Index for HashMap<K, V> {
        type Output = V;
    }
    impl<K, V> HashMap<K, V> {
        pub fn new() -> HashMap<K, V>;
        pub fn with_capacity(capacity: usize) -> HashMap<K, V>;
        pub fn from<const N: usize>(arr: [(K, V); N]) -> HashMap<K, V>;
        pub fn get(&self) -> Option<&V>;
        pub fn contains_key(&self);
        pub fn len(&self) -> usize;
        pub fn is_empty(&self);
        pub fn iter(&self);
        pub fn keys(&self);
        pub fn values(&self);
        pub fn insert(&mut self, k: K, v: V) -> Option<V>;
        pub fn remove(&mut self) -> Option<V>;
        pub fn entry(&mut self);
        pub fn get_mut(&mut self);
        pub fn clear(&mut self);
        pub fn values_mut(&mut self);
        pub fn iter_mut(&mut self);
    }

    #[derive(Clone)]
    pub struct BTreeMap<K, V>;
    impl<K, V> Index for BTreeMap<K, V> {
        type Output = V;
    }
    impl<K, V> BTreeMap<K, V> {
        pub fn new() -> BTreeMap<K, V>;
        pub fn with_capacity(capacity: usize) -> BTreeMap<K, V>;
        pub fn from<const N: usize>(arr: [(K, V); N]) -> BTreeMap<K, V>;
        pub fn get(&self) -> Option<&V>;
        pub fn contains_key(&self);
        pub fn len(&self) -> usize;
        pub fn is_empty(&self);
        pub fn iter(&self);
        pub fn keys(&self);
        pub fn values(&self);
        pub fn insert(&mut self, k: K, v: V) -> Option<V>;
        pub fn remove(&mut self) -> Option<V>;
        pub fn entry(&mut self);
        pub fn get_mut(&mut self);
        pub fn clear(&mut self);
        pub fn values_mut(&mut self);
        pub fn iter_mut(&mut self);
    }

    #[derive(Clone)]
    pub struct HashSet<T>;
    impl<T> IntoIterator for HashSet<T> {
        type Item = T;
    }
    impl<'a, T> IntoIterator for &'a HashSet<T> {
        type Item = &'a T;
    }
    /// 0.1: a `HashSet` has no mutable iteration.
    impl<'a, T> IntoIterator for &'a mut HashSet<T> {
        type Item = &'a mut T;
    }
    impl<T> HashSet<T> {
        pub fn new() -> HashSet<T>;
        pub fn with_capacity(capacity: usize) -> HashSet<T>;
    }

    #[derive(Clone)]
    pub struct BTreeSet<T>;
    impl<T> BTreeSet<T> {
        pub fn new() -> BTreeSet<T>;
        pub fn with_capacity(capacity: usize) -> BTreeSet<T>;
    }

    #[derive(Clone)]
    pub struct VecDeque<T>;
    impl<T> IntoIterator for VecDeque<T> {
        type Item = T;
    }
    impl<'a, T> IntoIterator for &'a VecDeque<T> {
        type Item = &'a T;
    }
    impl<'a, T> IntoIterator for &'a mut VecDeque<T> {
        type Item = &'a mut T;
    }
    impl<T> Index for VecDeque<T> {
        type Output = T;
    }
    impl<T> VecDeque<T> {
        pub fn new() -> VecDeque<T>;
        pub fn with_capacity(capacity: usize) -> VecDeque<T>;
        pub fn push(&mut self, value: T);
        pub fn push_back(&mut self, value: T);
        pub fn push_front(&mut self, value: T);
        pub fn pop(&mut self) -> Option<T>;
        pub fn pop_back(&mut self) -> Option<T>;
        pub fn pop_front(&mut self) -> Option<T>;
        pub fn insert(&mut self);
        pub fn remove(&mut self) -> T;
        pub fn swap_remove(&mut self) -> T;
        pub fn clear(&mut self);
        pub fn extend(&mut self);
        pub fn drain(&mut self);
        pub fn sort(&mut self);
        pub fn sort_by(&mut self);
        pub fn sort_unstable(&mut self);
        pub fn truncate(&mut self);
        pub fn retain(&mut self);
        pub fn iter_mut(&mut self);
        pub fn append(&mut self);
        pub fn dedup(&mut self);
        pub fn as_mut_ptr(&mut self);
        pub fn get_mut(&mut self);
        pub fn resize(&mut self);
        pub fn len(&self);
        pub fn is_empty(&self);
        pub fn iter(&self);
        pub fn get(&self);
        pub fn first(&self);
        pub fn last(&self);
        pub fn contains(&self);
        pub fn as_ptr(&self);
        pub fn to_vec(&self);
        pub fn join(&self);
        pub fn as_slice(&self);
        pub fn capacity(&self);
        pub fn clone(&self);
        pub fn concat(&self);
        pub fn into_iter(self);
        pub fn into_boxed_slice(self);
    }

    #[derive(Clone)]
    pub struct BinaryHeap<T>;
    #[derive(Clone)]
    pub struct LinkedList<T>;
}

pub mod pin {
    #[derive(Clone)]
    pub struct Pin<P>;
    /// 0.1: rustc derefs `Pin<P>` to `P::Target`.
    impl<P> Deref for Pin<P> {
        type Target = P;
    }
}

pub mod ops {
    #[derive(Clone)]
    pub struct Range<Idx>;
    impl<Idx> IntoIterator for Range<Idx> {
        type Item = Idx;
    }
}

pub mod borrow {
    /// 0.1: rustc prints `Cow<'_, B>`.
    #[derive(Clone)]
    pub struct Cow<B>;
}

pub mod marker {
    #[derive(Clone)]
    #[no_drop_glue]
    pub struct PhantomData<T>;
    impl<T> Copy for PhantomData<T> {}
}

pub mod env {
    #[kind(thread_bound)]
    pub struct Args;
    #[why(args)]
    impl !Send for Args {}
    #[why(args)]
    impl !Sync for Args {}

    #[kind(thread_bound)]
    pub struct ArgsOs;
    #[why(args)]
    impl !Send for ArgsOs {}
    #[why(args)]
    impl !Sync for ArgsOs {}

    pub fn args() -> Args;
    pub fn args_os() -> ArgsOs;
}

pub mod io {
    /// 0.1: rustc prints `StdoutLock<'static>`.
    #[kind(thread_bound)]
    pub struct StdoutLock;
    #[why(stdio_lock)]
    impl !Send for StdoutLock {}
    unsafe impl Sync for StdoutLock {}

    #[kind(thread_bound)]
    pub struct StderrLock;
    #[why(stdio_lock)]
    impl !Send for StderrLock {}
    unsafe impl Sync for StderrLock {}

    #[kind(thread_bound)]
    pub struct StdinLock;
    #[why(stdio_lock)]
    impl !Send for StdinLock {}
    unsafe impl Sync for StdinLock {}

    #[derive(Clone)]
    pub struct Stdout;
    impl Stdout {
        pub fn lock(&self) -> StdoutLock;
    }
    #[derive(Clone)]
    pub struct Stderr;
    impl Stderr {
        pub fn lock(&self) -> StderrLock;
    }
    #[derive(Clone)]
    pub struct Stdin;
    impl Stdin {
        pub fn lock(&self) -> StdinLock;
    }

    #[derive(Clone)]
    pub struct Error;

    pub type Result<T> = std::result::Result<T, Error>;

    pub fn stdout() -> Stdout;
    pub fn stderr() -> Stderr;
    pub fn stdin() -> Stdin;
}

pub mod path {
    #[derive(Clone)]
    pub struct PathBuf;
}

pub mod ffi {
    #[derive(Clone)]
    pub struct OsString;
    #[derive(Clone)]
    pub struct CString;
}

pub mod fs {
    #[derive(Clone)]
    pub struct File;
}

pub mod net {
    #[derive(Clone)]
    pub struct TcpStream;
    #[derive(Clone)]
    pub struct TcpListener;
    #[derive(Clone)]
    pub struct UdpSocket;
    #[derive(Clone, Copy)]
    pub struct SocketAddr;
    #[derive(Clone, Copy)]
    pub struct IpAddr;
}

pub mod time {
    #[derive(Clone, Copy)]
    pub struct Duration;
    impl Duration {
        pub fn __any_fn() -> Duration;
    }
    #[derive(Clone, Copy)]
    pub struct Instant;
    impl Instant {
        pub fn now() -> Instant;
    }
    #[derive(Clone, Copy)]
    pub struct SystemTime;
}

pub mod thread {
    #[derive(Clone)]
    pub struct Thread;

    #[derive(Clone)]
    pub struct Builder;
    impl Builder {
        pub fn new() -> Builder;
        pub fn name(self, name: String) -> Self;
        pub fn stack_size(self, size: usize) -> Self;
        #[spawn]
        #[display = "thread::Builder::spawn"]
        pub fn spawn<F>(self, f: F) -> Result<JoinHandle<_>, std::io::Error>
        where
            F: FnOnce() + Send + 'static;
        pub fn spawn_scoped(self);
    }

    #[derive(Clone)]
    pub struct JoinHandle<T>;
    unsafe impl<T> Send for JoinHandle<T> {}
    unsafe impl<T> Sync for JoinHandle<T> {}
    impl<T> JoinHandle<T> {
        pub fn join(self) -> Result<T, _>;
    }

    #[derive(Clone)]
    pub struct ScopedJoinHandle;

    /// 0.1: rustc prints `Scope<'_, '_>`.
    #[derive(Clone)]
    pub struct Scope;
    impl Scope {
        #[spawn]
        #[scoped]
        #[display = "Scope::spawn"]
        pub fn spawn<F>(&self, f: F)
        where
            F: FnOnce() + Send + 'scope;
    }

    #[spawn]
    #[display = "std::thread::spawn"]
    pub fn spawn<F>(f: F) -> JoinHandle<_>
    where
        F: FnOnce() + Send + 'static;

    pub fn scope<F>(f: F)
    where
        F: FnOnce(&Scope);
}

pub mod mem {
    pub fn drop<T>(x: T) -> ();
    pub fn take<T>(dest: &mut T) -> T;
    pub fn replace<T>(dest: &mut T, src: T) -> T;
}
