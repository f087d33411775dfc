//! The demos' outputs: snapshot under `snapshots/`, and the same for every seed where the
//! program is race-free. Each example is compiled in as a module, so the test runs the very
//! code that `cargo run --example` runs.
//!
//! Four of them port the programs of the asyncio article (`event_loop_internals`,
//! `tasks_vs_coroutines`, `production_patterns`, `executor_bridge`): under `Strategy::Fifo`
//! their snapshots hold the lines the article's programs print, in the same order and
//! wording, virtual times in place of the clock readings.

#![allow(dead_code, reason = "each example's `main` is not called here")]

use simloop::{Sim, Strategy};

#[path = "../examples/event_loop_internals.rs"]
mod event_loop_internals;
#[path = "../examples/executor_bridge.rs"]
mod executor_bridge;
#[path = "../examples/pitfalls.rs"]
mod pitfalls;
#[path = "../examples/production_patterns.rs"]
mod production_patterns;
#[path = "../examples/quickstart.rs"]
mod quickstart;
#[path = "../examples/tasks_vs_coroutines.rs"]
mod tasks_vs_coroutines;

/// Seeds every race-free demo must print the same lines under.
const SEEDS: u64 = 64;

#[track_caller]
fn snapshot(name: &str, lines: &[String]) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(format!("examples_output__{name}"), lines.join("\n")));
}

#[track_caller]
fn same_for_every_seed(transcript: impl Fn(u64) -> Vec<String>) -> Vec<String> {
    let first = transcript(0);
    for seed in 1..SEEDS {
        assert_eq!(transcript(seed), first, "seed {seed} printed something else");
    }
    first
}

/// Asyncio's order: what CPython prints for the article's program.
fn fifo() -> Sim {
    Sim::new(0).strategy(Strategy::Fifo)
}

#[test]
fn event_loop_internals() {
    let fifo = event_loop_internals::transcript(fifo());
    assert_eq!(
        fifo[..4],
        [
            "[0.000s] Starting fetch for user 42",
            "[0.000s] Sending email to user 42",
            "[0.500s] Email sent to user 42",
            "[1.000s] Finished fetch for user 42",
        ]
    );
    assert_eq!(fifo[5], "All done in 1.000s — not 1.5s, because they ran concurrently.");
    // The two lines at 0.000s race; other schedules print the same lines in some order.
    let mut sorted = fifo.clone();
    sorted.sort();
    for seed in 0..SEEDS {
        let mut random = event_loop_internals::transcript(Sim::with_exact_seed(seed));
        random.sort();
        assert_eq!(random, sorted, "seed {seed} printed other lines");
    }
    snapshot("event_loop_internals", &fifo);
}

#[test]
fn tasks_vs_coroutines() {
    let lines = same_for_every_seed(|s| tasks_vs_coroutines::transcript(Sim::with_exact_seed(s)));
    assert_eq!(lines, tasks_vs_coroutines::transcript(fifo()));
    let times: Vec<&str> = lines.iter().map(|l| l.split(" — ").next().unwrap()).collect();
    assert_eq!(times, ["Sequential: 0.900s", "Concurrent:  0.400s", "Gather:      0.400s"]);
    snapshot("tasks_vs_coroutines", &lines);
}

#[test]
fn production_patterns() {
    let lines = same_for_every_seed(|s| production_patterns::transcript(Sim::with_exact_seed(s)));
    assert_eq!(lines, production_patterns::transcript(fifo()));
    assert_eq!(lines[1], "2.000s WARNING API call to '/api/recommendations' timed out after 2.0s");
    assert_eq!(lines[6], "2.100s INFO Cancelled! Releasing resource: postgres_connection");
    assert_eq!(lines.last().unwrap(), "2.600s INFO Main coroutine continued unaffected");
    snapshot("production_patterns", &lines);
}

#[test]
fn executor_bridge() {
    let lines = same_for_every_seed(|s| executor_bridge::transcript(Sim::with_exact_seed(s)));
    assert_eq!(lines, executor_bridge::transcript(fifo()));
    assert_eq!(lines[0], "Registration complete in 0.842s");
    assert!(lines[1].starts_with("Result: {'username': 'alice', 'email': 'user42@example.com'"));
    snapshot("executor_bridge", &lines);
}

#[test]
fn pitfalls() {
    let lines = same_for_every_seed(pitfalls::transcript);
    for kind in ["unobserved panic at 0.030s", "leaked tasks at 0.010s", "slow poll at 0.250s"] {
        assert!(lines.iter().any(|l| l.starts_with(kind)), "missing {kind}: {lines:#?}");
    }
    snapshot("pitfalls", &lines);
}

/// The quickstart's bug is a scheduling decision: asyncio's order passes, and the shrunk
/// schedule of the failure the exploration finds is that one decision, in words.
#[test]
fn quickstart_shrinks_to_the_decision_that_loses_the_update() {
    for seed in 0..SEEDS {
        assert!(
            Sim::with_exact_seed(seed).strategy(Strategy::Fifo).try_run(quickstart::bank()).is_ok()
        );
    }
    let failed = simloop::Explorer::new()
        .read_env(false)
        .no_regressions()
        .iterations(1_000)
        .try_run(|| async {
            quickstart::bank().await;
        })
        .unwrap_err();
    let words: Vec<&str> = failed.shrunk_tape().unwrap().differences().collect();
    let [decision] = words[..] else { panic!("{words:?}") };
    assert!(decision.ends_with(" at 0.000s: ran `bob` before `alice`"), "{decision}");
    let report = failed.to_string();
    assert!(report.contains("off the default order, shrunk to 1, in "), "{report}");
}
