//! Every failure kind: its report's content, and replaying the printed seed reproduces it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;
use std::task::Poll;
use std::time::Duration;

use futures::channel::oneshot;
use simloop::task::Builder;
use simloop::time::sleep;
use simloop::{Failure, FailureKind, Sim};

use crate::support::replay_line;

/// The seed in a report's replay line.
#[track_caller]
fn printed_seed(report: &str) -> u64 {
    let line = report.lines().find(|l| l.contains("SIMLOOP_SEED=")).expect("a replay line");
    let seed = line.split("SIMLOOP_SEED=").nth(1).unwrap().split(' ').next().unwrap();
    seed.parse().expect("a numeric seed")
}

/// Checks what every report has, and that replaying its printed seed gives the same report.
#[track_caller]
fn check(
    scenario: impl Fn(Sim) -> Failure,
    seed: u64,
    kind: FailureKind,
    test: &str,
    content: &[&str],
) {
    let failure = scenario(Sim::with_exact_seed(seed));
    let report = failure.to_string();
    assert_eq!(failure.kind(), kind, "{report}");
    assert_eq!(failure.seed(), seed);
    assert!(report.starts_with(&format!("simloop: {kind}: ")), "{report}");
    for needle in [
        &format!("  seed      {seed}\n")[..],
        "  strategy  random\n",
        &format!("  step      {}\n", failure.step()),
        &format!("  time      {}\n", failure.time()),
        "unfinished tasks (",
        "last events:\n",
        &format!("replay this run:\n  {}", replay_line(seed, &format!("core_failures::{test}"))),
    ]
    .iter()
    .chain(content)
    {
        assert!(report.contains(needle), "missing {needle:?} in:\n{report}");
    }
    assert_eq!(failure.replay_command(), replay_line(seed, &format!("core_failures::{test}")));
    let replayed = scenario(Sim::with_exact_seed(printed_seed(&report)));
    assert_eq!(replayed.to_string(), report, "replaying the printed seed changed the report");
}

fn main_panics(sim: Sim) -> Failure {
    sim.try_run(async {
        let _bg = Builder::new().name("background").spawn(sleep(Duration::from_secs(10)));
        sleep(Duration::from_millis(300)).await;
        panic!("invariant broken");
    })
    .unwrap_err()
}

#[test]
fn main_panic_report() {
    check(
        main_panics,
        11,
        FailureKind::Panic,
        "main_panic_report",
        &[
            "simloop: panic: the main future panicked at sim-tests/core_failures.rs:",
            ": invariant broken\n",
            "  time      0.300s\n",
            "task 1 \"background\"  sleeping until 10.000s (at sim-tests/core_failures.rs:",
            "; spawned at sim-tests/core_failures.rs:",
            "0.300s  main                 panicked: invariant broken\n",
        ],
    );
}

/// Two tasks each wait for the other's message before sending their own.
fn deadlocks(sim: Sim) -> Failure {
    sim.try_run(async {
        let (to_a, from_b) = oneshot::channel::<()>();
        let (to_b, from_a) = oneshot::channel::<()>();
        let a = Builder::new().name("a").spawn(async move {
            sleep(Duration::from_millis(10)).await;
            from_b.await.unwrap();
            to_b.send(()).unwrap();
        });
        let b = Builder::new().name("b").spawn(async move {
            from_a.await.unwrap();
            to_a.send(()).unwrap();
        });
        a.await.unwrap();
        b.await.unwrap();
    })
    .unwrap_err()
}

#[test]
fn deadlock_report() {
    check(
        deadlocks,
        22,
        FailureKind::Deadlock,
        "deadlock_report",
        &[
            "no task is ready and no timer is pending",
            "  time      0.010s\n",
            "unfinished tasks (3):\n",
            "  main        waiting for a wake since 0.000s; started at sim-tests/core_failures.rs:",
            "  task 1 \"a\"  waiting for a wake since 0.010s; spawned at sim-tests/core_failures.rs:",
            "  task 2 \"b\"  waiting for a wake since 0.000s; spawned at sim-tests/core_failures.rs:",
        ],
    );
}

fn livelocks(sim: Sim) -> Failure {
    sim.max_steps(1_000)
        .try_run(async {
            let _spin = Builder::new().name("spinner").spawn(async {
                loop {
                    simloop::yield_now().await;
                }
            });
            sleep(Duration::from_secs(1)).await;
        })
        .unwrap_err()
}

#[test]
fn step_limit_report() {
    check(
        livelocks,
        33,
        FailureKind::StepLimit,
        "step_limit_report",
        &[
            "the step limit of 1000 polls was reached",
            "raise it with `Sim::max_steps`",
            "  step      1000\n",
            "  time      0.000s\n",
            "unfinished tasks (2, busiest first):\n  task 1 \"spinner\"",
            "polls\n  main ",
        ],
    );
}

fn sleeps_too_long(sim: Sim) -> Failure {
    sim.max_time(Duration::from_secs(3600))
        .try_run(async {
            sleep(Duration::from_secs(1800)).await;
            let nap = Builder::new().name("nap").spawn(sleep(Duration::from_secs(7200)));
            nap.await.unwrap();
        })
        .unwrap_err()
}

#[test]
fn time_limit_report() {
    check(
        sleeps_too_long,
        44,
        FailureKind::TimeLimit,
        "time_limit_report",
        &[
            "the virtual time limit of 3600.000s was reached",
            "the next timer is due at 9000.000s",
            "  time      1800.000s\n",
            "task 1 \"nap\"  sleeping until 9000.000s (at sim-tests/core_failures.rs:",
        ],
    );
}

/// The main future hands its waker to another OS thread, which wakes it.
fn wakes_from_another_thread(sim: Sim) -> Failure {
    sim.try_run(std::future::poll_fn(|cx| {
        let waker = cx.waker().clone();
        std::thread::scope(|s| {
            s.spawn(move || waker.wake());
        });
        Poll::<()>::Pending
    }))
    .unwrap_err()
}

#[test]
fn foreign_wake_report() {
    check(
        wakes_from_another_thread,
        55,
        FailureKind::ForeignWake,
        "foreign_wake_report",
        &[
            "simloop: wake from another thread: main was woken from another thread",
            "Keep the simulation's wakers and handles on its thread",
        ],
    );
}

#[test]
fn run_panics_with_the_report() {
    let payload = catch_unwind(AssertUnwindSafe(|| {
        Sim::with_exact_seed(66).run(async { panic!("deep inside") })
    }))
    .unwrap_err();
    let text = payload.downcast_ref::<String>().expect("a formatted report");
    assert!(text.starts_with("simloop: panic: the main future panicked at "), "{text}");
    assert!(text.contains("sim-tests/core_failures.rs:"), "{text}");
    assert!(text.contains(": deep inside\n"), "{text}");
    assert!(text.contains(&replay_line(66, "core_failures::run_panics_with_the_report")));
}

#[test]
fn a_failure_keeps_the_trace_when_recording() {
    let failure = deadlocks(Sim::with_exact_seed(22).trace(true));
    let trace = failure.trace().to_string();
    assert!(
        trace.contains("task 1 \"a\"  spawned by main at sim-tests/core_failures.rs:"),
        "{trace}"
    );
    assert!(failure.trace().is_recorded());
    assert!(!deadlocks(Sim::with_exact_seed(22)).trace().is_recorded());
}

/// The layout printed in the crate docs (`src/lib.rs`, "Reproducing a failure").
#[test]
fn report_layout_matches_the_crate_docs() {
    let failure = Sim::with_exact_seed(7)
        .try_run(async {
            let (_keep, never) = oneshot::channel::<()>();
            let lock = Builder::new().name("lock").spawn(never);
            lock.await.unwrap().unwrap();
        })
        .unwrap_err();
    let report = failure.to_string();
    let lines: Vec<&str> = report.lines().collect();
    let expected_starts = [
        "simloop: deadlock: the main future is waiting, but no task is ready and no timer is \
         pending, so nothing can ever wake it",
        "    hint: if work on another OS thread",
        "  seed      7",
        "  strategy  random",
        "  step      ",
        "  time      0.000s",
        "unfinished tasks (2):",
        "  main           waiting for a wake since 0.000s; started at sim-tests/core_failures.rs:",
        "  task 1 \"lock\"  waiting for a wake since 0.000s; spawned at sim-tests/core_failures.rs:",
        "last events:",
    ];
    for (line, start) in lines.iter().zip(expected_starts) {
        assert!(line.starts_with(start), "{line:?} should start with {start:?}\n{report}");
    }
    assert_eq!(lines[lines.len() - 2], "replay this run:");
    assert_eq!(
        lines[lines.len() - 1],
        format!("  {}", replay_line(7, "core_failures::report_layout_matches_the_crate_docs"))
    );
    // The crate docs show this very report (line and column numbers aside).
    let docs = text_block(include_str!("../src/lib.rs"), "//! # Reproducing a failure", "//! ");
    assert_eq!(without_positions(&docs), without_positions(&report), "src/lib.rs shows:\n{docs}");
}

/// The README shows this report, of [`deadlocks`] with seed 22.
#[test]
fn the_readme_shows_a_real_report() {
    let report = deadlocks(Sim::with_exact_seed(22)).to_string();
    let readme = text_block(include_str!("../README.md"), "## When a run fails", "");
    assert_eq!(
        without_positions(&readme),
        without_positions(&report),
        "README.md shows:\n{readme}"
    );
}

/// The first ```` ```text ```` block after the line `heading` of `source`, each line without
/// `prefix`.
fn text_block(source: &str, heading: &str, prefix: &str) -> String {
    let mut lines = source.lines().skip_while(|l| *l != heading);
    let mut block = String::new();
    for line in lines.by_ref().map(|l| l.strip_prefix(prefix).unwrap_or(l.trim_end())) {
        if line == "```text" {
            break;
        }
    }
    for line in lines.map(|l| l.strip_prefix(prefix).unwrap_or(l.trim_end())) {
        if line == "```" {
            return block.trim_end().to_owned();
        }
        block.push_str(line);
        block.push('\n');
    }
    panic!("no ```text block after {heading:?}")
}

/// `text` with every `.rs:<line>:<column>` as `.rs:L:C`: edits above the programs move them.
fn without_positions(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text.trim_end();
    while let Some(at) = rest.find(".rs:") {
        out.push_str(&rest[..at + 4]);
        rest = &rest[at + 4..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let line = digits(rest);
        if line > 0 && rest[line..].starts_with(':') && digits(&rest[line + 1..]) > 0 {
            let column = digits(&rest[line + 1..]);
            out.push_str("L:C");
            rest = &rest[line + 1 + column..];
        }
    }
    out.push_str(rest);
    out
}

/// Run by [`replaying_through_the_environment_reproduces_the_report`] in a child process
/// with `SIMLOOP_SEED` set; on its own it just runs seed 1.
#[test]
fn replay_child() {
    let failure = deadlocks(Sim::new(1));
    assert_eq!(failure.kind(), FailureKind::Deadlock);
    let expected = std::env::var("SIMLOOP_SEED").map_or(1, |s| s.parse().unwrap());
    assert_eq!(failure.seed(), expected);
    println!("---report---\n{failure}\n---end---");
}

#[test]
fn replaying_through_the_environment_reproduces_the_report() {
    let original = deadlocks(Sim::with_exact_seed(4242)).to_string();
    let seed = printed_seed(&original);
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args(["core_failures::replay_child", "--exact", "--nocapture", "--test-threads=1"])
        .env("SIMLOOP_SEED", seed.to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let replayed =
        stdout.split("---report---\n").nth(1).unwrap().split("\n---end---").next().unwrap();
    // Everything but the test name in the replay line is the same.
    let body = |r: &str| r.rsplit_once("replay this run:").unwrap().0.to_owned();
    assert_eq!(body(replayed), body(&original));
    assert!(replayed.contains(&format!("SIMLOOP_SEED={seed} cargo test")));
}
