//! The demos' outputs: snapshot under `snapshots/`, and the same for every seed where the
//! program is race-free. Each example is compiled in as a module, so the test runs the very
//! code that `cargo run --example` runs.

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

#[test]
fn event_loop_internals() {
    let fifo = event_loop_internals::transcript(Sim::new(0).strategy(Strategy::Fifo));
    assert_eq!(fifo.last().unwrap(), "[1.000s] All done in 1.000s");
    let random = same_for_every_seed(|s| event_loop_internals::transcript(Sim::with_exact_seed(s)));
    assert_eq!(random, fifo, "the random schedules print what asyncio's order prints");
    snapshot("event_loop_internals", &fifo);
}

#[test]
fn tasks_vs_coroutines() {
    let lines = same_for_every_seed(tasks_vs_coroutines::transcript);
    for expected in [
        "[0.900s] sequential took 0.900s",
        "[1.300s] tasks took 0.400s",
        "[1.700s] gather took 0.400s and returned [\"c\", \"a\", \"b\"]: argument order, not completion order",
    ] {
        assert!(lines.contains(&expected.to_owned()), "missing {expected}: {lines:#?}");
    }
    snapshot("tasks_vs_coroutines", &lines);
}

#[test]
fn production_patterns() {
    let lines = same_for_every_seed(production_patterns::transcript);
    assert!(lines.contains(&"[2.000s] timeout: got None".to_owned()));
    assert!(lines.contains(&"[0.100s] cancel: connection closed by its destructor".to_owned()));
    assert!(lines.contains(&"[0.050s] forget: simloop fails the run: unobserved panic".to_owned()));
    snapshot("production_patterns", &lines);
}

#[test]
fn executor_bridge() {
    let lines = same_for_every_seed(executor_bridge::transcript);
    let finished = "lookups finished at [\"0.200s\", \"0.200s\", \"0.400s\"]";
    assert!(lines.iter().any(|l| l.contains(finished)), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("[0.420s] simloop warns: slow poll")));
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
