//! ABA on a wrapping version counter: the program is `programs/aba.rs` (shared with the shuttle
//! bench), run here on simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "aba",
    kind: "ABA on a wrapping version counter",
    program: || Box::pin(programs::aba::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: RANDOM_WITHIN,
    failures: &[simloop::FailureKind::Panic],
    max_steps: Bug::MAX_STEPS,
};

/// The default strategy (`Random`) finds it within this many iterations (measured).
const RANDOM_WITHIN: u64 = 1_000;

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
