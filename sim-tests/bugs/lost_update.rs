//! Lost update across an `.await`: read a counter, await, write back what was read plus one.
//!
//! The program is `programs/lost_update.rs` (shared with the shuttle bench), run here on
//! simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "lost_update",
    kind: "lost update across an .await",
    program: || Box::pin(programs::lost_update::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
