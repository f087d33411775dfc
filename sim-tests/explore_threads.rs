//! The failure an exploration reports does not depend on how many threads ran it.

use simloop::{ExploreFailure, Explorer, Sim};

use crate::support::bugs;

const ITERATIONS: u64 = 400;

fn explore(base_seed: u64, threads: usize) -> ExploreFailure {
    Explorer::new()
        .read_env(false)
        .no_regressions()
        .base_seed(base_seed)
        .iterations(ITERATIONS)
        .threads(threads)
        .try_run(bugs::lost_update)
        .expect_err("the lost update is found within 400 iterations")
}

/// The iterations of `base_seed` that fail, run one by one.
fn failing_iterations(base_seed: u64) -> Vec<u64> {
    (0..ITERATIONS)
        .filter(|&i| {
            let seed = Explorer::seed_of(base_seed, i);
            Sim::with_exact_seed(seed).try_run(bugs::lost_update()).is_err()
        })
        .collect()
}

#[test]
fn one_two_and_four_threads_report_the_same_failing_seed() {
    for base_seed in [1, 2, 3] {
        let failing = failing_iterations(base_seed);
        assert!(failing.len() >= 3, "base seed {base_seed}: too few failures {failing:?}");
        let lowest = failing[0];
        let one = explore(base_seed, 1);
        assert_eq!(one.iteration(), Some(lowest), "base seed {base_seed}");
        assert_eq!(one.seed(), Explorer::seed_of(base_seed, lowest));
        assert_eq!(one.report().failures(), 1, "one thread stops at the first failure");
        for threads in [2, 4] {
            // Several times: the threads race differently each time.
            for _ in 0..3 {
                let many = explore(base_seed, threads);
                assert_eq!(
                    (many.iteration(), many.seed()),
                    (one.iteration(), one.seed()),
                    "base seed {base_seed}, {threads} threads"
                );
                assert_eq!(many.report().threads(), threads);
                assert_eq!(many.failure().to_string(), one.failure().to_string());
                assert!(many.report().iterations() > lowest, "every earlier iteration ran");
            }
        }
    }
}
