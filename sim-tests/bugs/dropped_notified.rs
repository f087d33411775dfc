//! A dropped notification future loses it: the program is `programs/dropped_notified.rs` (shared with the shuttle
//! bench), run here on simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "dropped_notified",
    kind: "a dropped notification future loses it",
    program: || Box::pin(programs::dropped_notified::program::<OnSimloop>()),
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
