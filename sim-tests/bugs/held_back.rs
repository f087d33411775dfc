//! A task held back for 10+ steps: the program is `programs/held_back.rs` (shared with the shuttle
//! bench), run here on simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "held_back",
    kind: "a task held back for 10+ steps",
    program: || Box::pin(programs::held_back::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: RANDOM_WITHIN,
    failures: &[simloop::FailureKind::Panic],
    max_steps: Bug::MAX_STEPS,
};

/// The default strategy (`Random`) does not find it within 1,000 iterations.
const RANDOM_WITHIN: u64 = 0;

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
