//! The failing seed is rerun twice with full traces; a test that depends on more than its
//! seed is reported as nondeterministic, naming the first event where the reruns diverge.

use std::sync::atomic::{AtomicU64, Ordering};

use simloop::Explorer;

fn explorer() -> Explorer {
    Explorer::new().read_env(false).no_regressions().threads(1)
}

#[test]
fn a_deterministic_failure_is_confirmed_with_its_trace() {
    let failed = explorer()
        .try_run(|| async {
            let worker = simloop::task::Builder::new().name("worker").spawn(async {});
            worker.await.unwrap();
            panic!("always");
        })
        .unwrap_err();
    assert!(failed.is_deterministic());
    assert!(failed.failure().trace().is_recorded());
    let report = failed.to_string();
    assert!(
        report.contains(
            "  determinism  checked: two reruns with trace recording failed the same way (digest 0x"
        ),
        "{report}"
    );
    assert_eq!(failed.failure().trace().events().len(), 7);
    // In the build's target folder, wherever it is (`CARGO_TARGET_DIR`, `--target-dir`).
    assert!(report.contains("  trace        written to "), "{report}");
    assert!(report.contains("simloop/explore_determinism__"), "{report}");
    assert!(
        report.contains("task 1 \"worker\"  spawned by main at sim-tests/explore_determinism.rs:"),
        "{report}"
    );
}

/// Runs of the test so far: state kept between runs, which the seed does not decide.
static RUNS: AtomicU64 = AtomicU64::new(0);

#[test]
fn a_test_that_depends_on_more_than_its_seed_is_reported() {
    let failed = explorer()
        .try_run(|| async {
            // Run 0 (exploring) yields not at all, the two reruns once each.
            let runs = RUNS.fetch_add(1, Ordering::Relaxed).min(1);
            let worker = simloop::spawn(async {});
            for _ in 0..runs {
                simloop::yield_now().await;
            }
            worker.await.unwrap();
            panic!("always");
        })
        .unwrap_err();
    assert!(!failed.is_deterministic());
    let report = failed.to_string();
    assert!(
        report.contains("  determinism  NONDETERMINISTIC: the seed failed while exploring"),
        "{report}"
    );
    assert!(report.contains("Something besides the seed decides the run"), "{report}");
}

static OTHER_RUNS: AtomicU64 = AtomicU64::new(0);

#[test]
fn diverging_reruns_name_the_first_different_event() {
    let failed = explorer()
        .try_run(|| async {
            // Run 0 (exploring) and 1 (first rerun) take the same path; run 2 yields once more.
            let extra = OTHER_RUNS.fetch_add(1, Ordering::Relaxed) / 2;
            let worker = simloop::spawn(async {});
            for _ in 0..extra {
                simloop::yield_now().await;
            }
            worker.await.unwrap();
            panic!("always");
        })
        .unwrap_err();
    assert!(!failed.is_deterministic());
    let report = failed.to_string();
    assert!(
        report.contains(
            "  determinism  NONDETERMINISTIC: the two reruns with trace recording differ"
        ),
        "{report}"
    );
    assert!(report.contains("they diverge at event "), "{report}");
    assert!(report.contains("` in the first, `"), "{report}");
}

/// Passing runs so far of `a_passing_test_whose_spawn_order_drifts_fails_as_nondeterministic`.
static PASSING_RUNS: AtomicU64 = AtomicU64::new(0);

#[test]
fn a_passing_test_whose_spawn_order_drifts_fails_as_nondeterministic() {
    let failed = explorer()
        .iterations(64)
        .try_run(|| async {
            // State kept between runs (as `HashMap` order or the wall clock would be): every
            // run passes, but every second run of the test takes one more step.
            let run = PASSING_RUNS.fetch_add(1, Ordering::Relaxed);
            let worker = simloop::task::Builder::new().name("worker").spawn(async {});
            if run % 2 == 1 {
                simloop::yield_now().await;
            }
            worker.await.unwrap();
        })
        .unwrap_err();
    assert_eq!(failed.failure().kind(), simloop::FailureKind::Nondeterminism);
    assert!(!failed.is_deterministic());
    assert_eq!(failed.seed(), Explorer::seed_of(Explorer::DEFAULT_BASE_SEED, 0));
    let report = failed.to_string();
    for needle in [
        "explored 1 iteration, failing iteration 0",
        "  determinism  NONDETERMINISTIC: seed ",
        "passed with digest 0x",
        "and its rerun passed with digest 0x",
        "they diverge at event ",
        "`tokio::select!` or `futures::select!`",
        "`HashMap`/`HashSet` iteration order",
    ] {
        assert!(report.contains(needle), "missing {needle:?} in:\n{report}");
    }
    // A seed that does not decide its run is not kept as a regression.
    assert!(failed.saved_to().is_none());
}

#[test]
fn determinism_checks_take_a_sparse_sample_under_five_percent() {
    let report = explorer().iterations(256).run(|| async { simloop::yield_now().await });
    // Iterations 0, 1, 3, 7, ..., 127: eight reruns, 3% of the exploration.
    assert_eq!(report.determinism_checks(), Explorer::DEFAULT_DETERMINISM_CHECKS);
    assert!(report.determinism_checks() * 20 <= report.iterations());
    // A short exploration checks one in twenty at most, and never less than one.
    assert_eq!(explorer().iterations(40).run(|| async {}).determinism_checks(), 2);
    assert_eq!(explorer().iterations(5).run(|| async {}).determinism_checks(), 1);
    assert_eq!(
        explorer().iterations(256).determinism_checks(0).run(|| async {}).determinism_checks(),
        0
    );
    let env = simloop::env::Settings::from_vars([("SIMLOOP_DETERMINISM_CHECKS", "x")]);
    assert_eq!(
        env.unwrap_err().to_string(),
        "SIMLOOP_DETERMINISM_CHECKS=x is not a valid count: expected a number of checks such as \
         8, or 0 for none"
    );
}

#[test]
fn the_distinct_schedule_count_is_exact_and_says_so() {
    let report = explorer().iterations(100).run(|| async {
        let a = simloop::spawn(async {});
        let b = simloop::spawn(async {});
        a.await.unwrap();
        b.await.unwrap();
    });
    assert!(!report.distinct_is_estimate());
    assert!(report.distinct_digests() > 1);
    assert!(
        report.to_string().contains(&format!("({} distinct schedules,", report.distinct_digests()))
    );
}
