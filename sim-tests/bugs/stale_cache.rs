//! A stale cache read after invalidation: a reader misses the cache, reads the database,
//! and fills the cache after a writer has updated the database and invalidated the cache.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use simloop::task::Builder;
use simloop::yield_now;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "stale_cache",
    kind: "stale cache fill after invalidation",
    program,
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

#[derive(Default)]
struct Store {
    db: Cell<u32>,
    cache: RefCell<Option<u32>>,
}

fn program() -> Program {
    Box::pin(async {
        let store = Rc::new(Store::default());
        let reader = {
            let store = store.clone();
            Builder::new().name("reader").spawn(async move {
                if store.cache.borrow().is_none() {
                    let value = store.db.get();
                    yield_now().await; // the network, back to the cache
                    *store.cache.borrow_mut() = Some(value);
                }
            })
        };
        let writer = {
            let store = store.clone();
            Builder::new().name("writer").spawn(async move {
                store.db.set(1);
                yield_now().await; // the network, to the cache
                *store.cache.borrow_mut() = None; // invalidate
            })
        };
        reader.await.unwrap();
        writer.await.unwrap();
        let cached = store.cache.borrow().unwrap_or(store.db.get());
        assert!(
            cached == store.db.get(),
            "stale read: the cache holds a value older than the database"
        );
    })
}

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
