//! `SIMLOOP_SHARD=k/n`: the n slices are disjoint and together run every iteration.

use std::collections::BTreeSet;
use std::sync::Mutex;

use simloop::Explorer;
use simloop::env::Shard;

use crate::support::bugs;

#[test]
fn shards_are_disjoint_and_cover_every_iteration() {
    for total in [0, 1, 2, 7, 100, 101] {
        for count in 1..=6 {
            let mut runs = vec![0; total as usize];
            for index in 1..=count {
                let shard = Shard::new(index, count).unwrap();
                let mine: Vec<u64> = shard.iterations(total).collect();
                assert!(mine.windows(2).all(|w| w[0] < w[1]), "{shard}: {mine:?}");
                for &i in &mine {
                    assert!(shard.contains(i));
                    runs[i as usize] += 1;
                }
                assert_eq!(
                    mine.len() as u64,
                    (0..total).filter(|&i| shard.contains(i)).count() as u64
                );
            }
            assert!(runs.iter().all(|&n| n == 1), "total {total}, {count} shards: {runs:?}");
        }
    }
    assert_eq!(Shard::new(0, 2), None);
    assert_eq!(Shard::new(3, 2), None);
    assert_eq!(Shard::new(1, 0), None);
}

/// The first random number of every run of an exploration: a fingerprint of its seed.
fn explored_seeds(shard: Option<Shard>) -> Vec<u64> {
    let seen = Mutex::new(Vec::new());
    // Each seed once: no determinism reruns.
    let mut explorer = Explorer::new()
        .read_env(false)
        .no_regressions()
        .iterations(50)
        .threads(2)
        .determinism_checks(0);
    if let Some(shard) = shard {
        explorer = explorer.shard(shard);
    }
    let report = explorer.try_run(|| async { seen.lock().unwrap().push(simloop::random::<u64>()) });
    let seen = seen.into_inner().unwrap();
    assert_eq!(report.unwrap().iterations(), seen.len() as u64);
    seen
}

#[test]
fn sharded_explorations_run_every_seed_exactly_once() {
    let all: BTreeSet<u64> = explored_seeds(None).into_iter().collect();
    assert_eq!(all.len(), 50);
    let mut union = BTreeSet::new();
    for index in 1..=3 {
        for seed in explored_seeds(Some(Shard::new(index, 3).unwrap())) {
            assert!(union.insert(seed), "a seed ran in two shards");
        }
    }
    assert_eq!(union, all);
}

#[test]
fn the_shard_holding_the_first_failure_reports_it() {
    let explore = |shard: Shard| {
        Explorer::new()
            .read_env(false)
            .no_regressions()
            .base_seed(1)
            .iterations(400)
            .shard(shard)
            .try_run(bugs::lost_update)
    };
    let whole = explore(Shard::ALL).unwrap_err();
    let first = whole.iteration().unwrap();
    for index in 1..=4 {
        let shard = Shard::new(index, 4).unwrap();
        match explore(shard) {
            Ok(report) => assert!(!shard.contains(first), "{report}"),
            Err(failed) => {
                let iteration = failed.iteration().unwrap();
                assert!(shard.contains(iteration));
                assert!(iteration >= first);
                if shard.contains(first) {
                    assert_eq!((iteration, failed.seed()), (first, whole.seed()));
                }
                assert!(failed.to_string().contains(&format!("  shard        {shard}\n")));
            }
        }
    }
}

#[test]
fn a_shard_says_which_slice_of_the_exploration_it_ran() {
    let shard = Shard::new(1, 2).unwrap();
    let explorer =
        || Explorer::new().read_env(false).no_regressions().iterations(36).threads(1).shard(shard);
    let passed = explorer().run(|| async {});
    assert!(passed.to_string().starts_with("simloop: "), "{passed}");
    assert!(passed.to_string().contains(": shard 1/2: 18 of 36 iterations passed ("), "{passed}");
    // Iteration 34 is in shard 1 (0, 2, 4, ...): the 18th of its runs.
    let seed_34 = Explorer::seed_of(Explorer::DEFAULT_BASE_SEED, 34);
    // The first random number of a run tells its seed apart: only iteration 34's fails.
    let first_of_34 =
        simloop::Sim::with_exact_seed(seed_34).run(async { simloop::random::<u64>() });
    let failed = explorer()
        .try_run(move || async move {
            assert_ne!(simloop::random::<u64>(), first_of_34, "iteration 34");
        })
        .unwrap_err();
    let report = failed.to_string();
    assert!(
        report.starts_with(&format!(
            "simloop: explore: shard 1/2: 18 of 36 iterations, failing iteration 34, seed {seed_34}"
        )),
        "{report}"
    );
}
