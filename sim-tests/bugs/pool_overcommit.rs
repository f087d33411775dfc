//! Pool overcommits when 4 of 5 clients overlap (3 preemptions): the program is
//! `programs/pool_overcommit.rs` (shared with the shuttle bench), run here on simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "pool_overcommit",
    kind: "pool overcommits when 4 of 5 clients overlap (3 preemptions)",
    program: || Box::pin(programs::pool_overcommit::program::<OnSimloop>()),
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

#[test]
fn it_needs_three_preemptions() {
    use simloop::Strategy;
    let two = BUG.explorer(Strategy::Dfs { preemptions: 2 }, 0, u64::MAX).try_run(BUG.program);
    assert!(two.unwrap().exhausted(), "no schedule with 2 preemptions fails");
    let three = BUG.explorer(Strategy::Dfs { preemptions: 3 }, 0, u64::MAX).try_run(BUG.program);
    let three = three.unwrap_err();
    println!("found at {:?}: {}", three.iteration(), three.shrunk_tape().unwrap());
    assert_eq!(three.failure().kind(), simloop::FailureKind::Panic);
}
