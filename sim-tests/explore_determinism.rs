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
