//! The distributed example: a primary-backup store that loses an acknowledged write when
//! its primary crashes between its answer and its forward. The exploration finds it, the
//! shrunk schedule names the crash and the slow forward, and both replays reproduce it.

#![allow(dead_code, reason = "the example's `main` is not called here")]

use simloop::{Explorer, Sim};

#[path = "../examples/primary_backup.rs"]
mod primary_backup;

#[test]
fn the_crash_plan_finds_the_lost_write_and_the_schedule_names_the_crash() {
    let failed = Explorer::new()
        .read_env(false)
        .no_regressions()
        .threads(1)
        .iterations(1_000)
        .faults(primary_backup::plan())
        .try_run(|| async { primary_backup::scenario().await })
        .expect_err("the acknowledged write is lost");
    assert!(failed.failure().message().contains("acknowledged write lost"));
    assert!(failed.iteration().unwrap() < 1_000);
    assert!(failed.is_deterministic());

    let shrunk = failed.shrunk_tape().expect("a shrunk schedule");
    let words: Vec<&str> = shrunk.differences().collect();
    let text = words.join("\n");
    assert!(text.contains("crashed primary"), "no crash in\n{text}");
    assert!(text.contains("primary→backup takes"), "no slow forward in\n{text}");

    // The replay line, and the shrunk schedule, reproduce the failure.
    let replay = Sim::with_exact_seed(failed.seed())
        .faults(primary_backup::plan())
        .try_run(primary_backup::scenario())
        .unwrap_err();
    assert_eq!(replay.message(), failed.failure().message());
    let shrunk_replay = Sim::with_exact_seed(failed.seed())
        .faults(primary_backup::plan())
        .tape(shrunk.clone())
        .try_run(primary_backup::scenario())
        .unwrap_err();
    assert!(shrunk_replay.message().contains("acknowledged write lost"));
}
