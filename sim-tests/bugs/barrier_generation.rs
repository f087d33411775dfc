//! Reusable barrier tests a count, not a generation: the program is `programs/barrier_generation.rs` (shared with the shuttle
//! bench), run here on simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "barrier_generation",
    kind: "reusable barrier tests a count, not a generation",
    program: || Box::pin(programs::barrier_generation::program::<OnSimloop>()),
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
