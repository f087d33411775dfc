//! Lock-order deadlock: one task takes `accounts` then `audit`, the other `audit` then
//! `accounts`, each with an await in between.
//!
//! The program is `programs/lock_order.rs` (shared with the shuttle bench), run here on
//! simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "lock_order",
    kind: "lock-order deadlock",
    program: || Box::pin(programs::lock_order::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Deadlock],
    max_steps: super::Bug::MAX_STEPS,
};

#[test]
fn found_and_shrunk() {
    let (failed, _) = BUG.check_both();
    assert_eq!(failed.failure().kind(), simloop::FailureKind::Deadlock);
}
