//! Lost update across an `.await`: read a counter, await, write back what was read plus one.

use std::cell::Cell;
use std::rc::Rc;

use simloop::task::Builder;
use simloop::yield_now;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "lost_update",
    kind: "lost update across an .await",
    program,
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

fn program() -> Program {
    Box::pin(async {
        let hits = Rc::new(Cell::new(0));
        // `bob` sets up for two awaits before counting: in asyncio's order `alice` is done by
        // then; `bob` must read before `alice` writes.
        let counter = |name: &'static str, setup: usize| {
            let hits = hits.clone();
            Builder::new().name(name).spawn(async move {
                for _ in 0..setup {
                    yield_now().await;
                }
                let seen = hits.get();
                yield_now().await; // writing the access log
                hits.set(seen + 1);
            })
        };
        let alice = counter("alice", 0);
        let bob = counter("bob", 2);
        alice.await.unwrap();
        bob.await.unwrap();
        assert!(hits.get() == 2, "lost update: two hits counted once");
    })
}

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
