//! A stale cache read after invalidation: a reader misses the cache, reads the database,
//! and fills the cache after a writer has updated the database and invalidated the cache.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::Exec;

#[derive(Default)]
struct Store {
    db: Cell<u32>,
    cache: RefCell<Option<u32>>,
}

pub(crate) async fn program<E: Exec>() {
    let store = Rc::new(Store::default());
    let reader = {
        let store = store.clone();
        E::spawn("reader", async move {
            if store.cache.borrow().is_none() {
                let value = store.db.get();
                E::yield_now().await; // the network, back to the cache
                *store.cache.borrow_mut() = Some(value);
            }
        })
    };
    let writer = {
        let store = store.clone();
        E::spawn("writer", async move {
            store.db.set(1);
            E::yield_now().await; // the network, to the cache
            *store.cache.borrow_mut() = None; // invalidate
        })
    };
    reader.join().await.unwrap();
    writer.join().await.unwrap();
    let cached = store.cache.borrow().unwrap_or(store.db.get());
    assert!(
        cached == store.db.get(),
        "stale read: the cache holds a value older than the database"
    );
}
