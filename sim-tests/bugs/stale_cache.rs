//! A stale cache read after invalidation: a reader misses the cache, reads the database,
//! and fills the cache after a writer has updated the database and invalidated the cache.
//!
//! The program is `programs/stale_cache.rs` (shared with the shuttle bench), run here on
//! simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "stale_cache",
    kind: "stale cache fill after invalidation",
    program: || Box::pin(programs::stale_cache::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
