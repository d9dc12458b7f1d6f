use std::cell::RefCell;
use std::marker::PhantomData;

/// A connection that must stay on the thread that opened it.
pub struct Conn<'a> {
    pub name: &'a str,
    pub queries: RefCell<u32>,
    _not_send: PhantomData<*const ()>,
}

impl<'a> Conn<'a> {
    pub fn open(name: &'a str) -> Self {
        Conn { name, queries: RefCell::new(0), _not_send: PhantomData }
    }

    pub async fn query(&self, sql: &str) -> usize {
        *self.queries.borrow_mut() += 1;
        sql.len()
    }
}
