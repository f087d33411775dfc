//! Lost update across an `.await`: read a counter, await, write back what was read plus one.

use std::cell::Cell;
use std::rc::Rc;

use super::Exec;

pub(crate) async fn program<E: Exec>() {
    let hits = Rc::new(Cell::new(0));
    // `bob` sets up for two awaits before counting: in asyncio's order `alice` is done by
    // then; `bob` must read before `alice` writes.
    let counter = |name: &'static str, setup: usize| {
        let hits = hits.clone();
        E::spawn(name, async move {
            for _ in 0..setup {
                E::yield_now().await;
            }
            let seen = hits.get();
            E::yield_now().await; // writing the access log
            hits.set(seen + 1);
        })
    };
    let alice = counter("alice", 0);
    let bob = counter("bob", 2);
    alice.join().await.unwrap();
    bob.join().await.unwrap();
    assert!(hits.get() == 2, "lost update: two hits counted once");
}
