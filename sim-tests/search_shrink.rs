//! Shrinking: a failing exploration reports the few decisions its failure needs, in words,
//! and a command that replays them.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use simloop::task::Builder;
use simloop::{Explorer, Sim, Tape};

use crate::support::{bugs, child};

/// Three writers and a reader that must read after all of them: fails whenever the reader
/// is not last, which most schedules do.
async fn read_after_writes() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let mut tasks = Vec::new();
    for name in ["w1", "w2", "w3", "reader"] {
        let log = log.clone();
        tasks.push(Builder::new().name(name).spawn(async move {
            simloop::yield_now().await;
            log.borrow_mut().push(name);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    // `assert!`, not `assert_eq!`: the message must not depend on who wrote last, or each
    // last writer would be a different failure to the shrinker.
    assert!(log.borrow().last() == Some(&"reader"), "the reader read too early");
}

fn explorer() -> Explorer {
    Explorer::new().read_env(false).no_regressions()
}

#[test]
fn the_shrunk_tape_replays_the_failure_and_is_no_longer_than_the_original() {
    for base in 0..10 {
        let failed = explorer().base_seed(base).try_run(read_after_writes).unwrap_err();
        let shrunk = failed.shrunk_tape().unwrap();
        let original = failed.original_tape().unwrap();
        assert!(shrunk.len() <= original.len(), "{shrunk} vs {original}");
        assert_eq!(shrunk.non_default(), 1, "base {base}: {shrunk}");
        let replay = Sim::with_exact_seed(failed.seed()).tape(shrunk.clone());
        let replay = replay.try_run(read_after_writes()).unwrap_err();
        assert_eq!(replay.message(), failed.failure().message());
        // The words name the reader running ahead of a writer, or the writers held back.
        let words: Vec<&str> = shrunk.differences().collect();
        let reader_first = |w: &&str| w.contains("ran `reader` before `w");
        let held = |w: &&str| w.contains("held `w");
        assert!(words.iter().any(|w| reader_first(w) || held(w)), "{words:?}");
    }
}

#[test]
fn shrinking_is_a_function_of_the_failure_whatever_the_threads() {
    let run = |threads| {
        let failed = explorer().threads(threads).try_run(read_after_writes).unwrap_err();
        (failed.seed(), failed.shrunk_tape().unwrap().clone(), failed.to_string())
    };
    let (one, two) = (run(1), run(2));
    assert_eq!((one.0, &one.1), (two.0, &two.1));
    let section = |text: &str| {
        let start = text.find("  shrinking ").unwrap();
        // Up to the failing run's own report.
        let end = start + text[start..].find("\nsimloop: ").unwrap();
        text[start..end].to_owned()
    };
    assert_eq!(section(&one.2), section(&two.2));
}

#[test]
fn the_report_shows_the_schedule_in_words_and_its_replay() {
    let failed = explorer().try_run(read_after_writes).unwrap_err();
    let report = failed.to_string();
    let shrunk = failed.shrunk_tape().unwrap();
    let original = failed.original_tape().unwrap().non_default();
    let header = format!(
        "  shrinking    {original} decision{} off the default order, shrunk to {}, in ",
        if original == 1 { "" } else { "s" },
        shrunk.non_default()
    );
    assert!(report.contains(&header), "{report}");
    assert!(
        report.contains(
            "shrunk schedule, the decisions that differ from the default order:\n  step "
        )
    );
    let command = failed.schedule_command().unwrap();
    assert!(report.contains(&format!("replay the shrunk schedule:\n  {command}\n")), "{report}");
    assert!(
        command.starts_with(&format!("SIMLOOP_SCHEDULE={shrunk} SIMLOOP_SEED={} ", failed.seed()))
    );
}

#[test]
fn a_run_budget_stops_shrinking_early_and_says_so() {
    let failed = explorer().shrink_runs(2).try_run(read_after_writes).unwrap_err();
    let report = failed.to_string();
    assert!(report.contains("(the budget ran out: the schedule may shrink further)"), "{report}");
    assert!(report.contains(", in 3 runs"), "two candidates and the traced replay: {report}");
    let off = explorer().shrink_runs(0).try_run(read_after_writes).unwrap_err();
    assert!(off.shrunk_tape().is_none() && off.schedule_command().is_none());
    assert!(!off.to_string().contains("  shrinking  "));
}

static RUNS: AtomicU64 = AtomicU64::new(0);

#[test]
fn a_nondeterministic_failure_is_not_shrunk() {
    // Fails on the first run of the process only: its reruns pass.
    let failed = explorer()
        .threads(1)
        .try_run(|| async {
            if RUNS.fetch_add(1, Ordering::Relaxed) == 0 {
                panic!("first run");
            }
        })
        .unwrap_err();
    assert!(!failed.is_deterministic());
    assert!(failed.shrunk_tape().is_none());
    assert!(failed.to_string().contains("  shrinking    skipped: the run is nondeterministic\n"));
}

#[test]
fn a_failure_that_needs_no_decision_shrinks_to_the_empty_tape() {
    let failed = explorer().try_run(|| async { panic!("always") }).unwrap_err();
    assert_eq!(failed.shrunk_tape(), Some(&Tape::new()));
    assert!(
        failed
            .to_string()
            .contains("shrunk schedule: the default order fails; no decision is needed")
    );
}

const TEST: &str = "search_shrink::seeded_bug";

/// Loses an update under a few seeds in a hundred; does nothing outside a child process.
#[simloop::test(iterations = 300)]
async fn seeded_bug() {
    if child::is_child() {
        bugs::lost_update().await;
    }
}

#[test]
fn the_printed_schedule_command_replays_the_failure() {
    let root = child::temp_dir("shrink-replay");
    let first = child::run(TEST, &root, &[]);
    assert!(!first.passed, "the seeded bug was not found:\n{}", first.text);
    let line = first
        .text
        .lines()
        .find(|l| l.trim_start().starts_with("SIMLOOP_SCHEDULE="))
        .expect(&first.text)
        .trim();
    let mut words = line.split(' ');
    let schedule = words.next().unwrap().strip_prefix("SIMLOOP_SCHEDULE=").unwrap();
    let seed = words.next().unwrap().strip_prefix("SIMLOOP_SEED=").unwrap();
    assert_eq!(
        words.collect::<Vec<_>>(),
        ["cargo", "test", "--test", "sim", "--", "--exact", TEST],
        "{line}"
    );

    let replay_root = child::temp_dir("shrink-replay-second");
    let env = [("SIMLOOP_SCHEDULE", schedule), ("SIMLOOP_SEED", seed)];
    let replay = child::run(TEST, &replay_root, &env);
    assert!(!replay.passed, "the replay passed:\n{}", replay.text);
    let header = format!(
        "simloop: explore: explored 1 iteration, replaying SIMLOOP_SCHEDULE, seed {seed}\n"
    );
    assert!(replay.text.contains(&header), "{}", replay.text);
    assert!(replay.text.contains("lost update: the balance is 150"), "{}", replay.text);
    let _ = std::fs::remove_dir_all(root);
    let _ = std::fs::remove_dir_all(replay_root);
}
