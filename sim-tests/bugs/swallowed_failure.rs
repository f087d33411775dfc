//! A task group that swallows a failure: a quorum write returns once two of three replicas
//! acknowledged and drops the third's handle; the third then fails (it finds the write
//! already committed), and nobody sees its panic.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use futures::StreamExt;
use simloop::task::Builder;
use simloop::time::sleep;
use simloop::yield_now;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "swallowed_failure",
    kind: "task group swallows a failure",
    program,
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Panic, simloop::FailureKind::UnobservedPanic],
    max_steps: super::Bug::MAX_STEPS,
};

fn program() -> Program {
    Box::pin(async {
        let committed = Rc::new(Cell::new(false));
        let replicas: Vec<_> = ["replica-a", "replica-b", "replica-c"]
            .into_iter()
            .map(|name| {
                let committed = committed.clone();
                Builder::new().name(name).spawn(async move {
                    yield_now().await; // the network
                    assert!(!committed.get(), "{name} wrote after the commit");
                })
            })
            .collect();
        let mut acks = simloop::as_completed(replicas);
        for _ in 0..2 {
            acks.next().await.unwrap().1.unwrap();
        }
        committed.set(true);
        drop(acks); // the third replica's handle: detached, its result unobserved
        sleep(Duration::from_millis(10)).await;
    })
}

#[test]
fn found_and_shrunk() {
    let (failed, _) = BUG.check_both();
    assert_eq!(failed.failure().kind(), simloop::FailureKind::UnobservedPanic);
}
