//! Double initialisation: a lazily loaded configuration checks the cache, awaits the load,
//! then fills the cache; two callers both load it.
//!
//! The program is `programs/double_init.rs` (shared with the shuttle bench), run here on
//! simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "double_init",
    kind: "double initialisation",
    program: || Box::pin(programs::double_init::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
