//! Cancelled semaphore waiter loses its permit: the program is `programs/cancelled_waiter.rs` (shared with the shuttle
//! bench), run here on simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "cancelled_waiter",
    kind: "cancelled semaphore waiter loses its permit",
    program: || Box::pin(programs::cancelled_waiter::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: RANDOM_WITHIN,
    failures: &[simloop::FailureKind::Deadlock],
    max_steps: Bug::MAX_STEPS,
};

/// The default strategy (`Random`) finds it within this many iterations (measured).
const RANDOM_WITHIN: u64 = 1_000;

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
