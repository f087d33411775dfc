//! Polite livelock that only the default order reaches: the program is `programs/polite_livelock.rs` (shared with the shuttle
//! bench), run here on simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "polite_livelock",
    kind: "polite livelock that only the default order reaches",
    program: || Box::pin(programs::polite_livelock::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: RANDOM_WITHIN,
    failures: &[simloop::FailureKind::StepLimit],
    max_steps: 2_000,
};

/// The default strategy (`Random`) does not find it within 1,000 iterations.
const RANDOM_WITHIN: u64 = 0;

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}

#[test]
fn only_the_default_order_and_its_lock_step_reach_it() {
    // Random never keeps the two in lock-step for long.
    assert!(
        BUG.explore(simloop::Strategy::Random, simloop::Explorer::DEFAULT_BASE_SEED, 300).is_none()
    );
}
