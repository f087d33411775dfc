//! `Strategy::Fifo` against CPython 3.11: the same random programs on both, logs compared.
//!
//! A generator (`parity/generate.rs`) writes small asyncio programs in a data format that
//! both runners read (`parity/program.rs`): `parity/runner.py` runs them on asyncio's own
//! event loop with a virtual clock, `parity/interpret.rs` on simloop under `Fifo`, and each
//! prints a log of `(virtual ms, label)` lines. Programs are grouped in feature sets, each
//! measured on its own: the test runs a fixed sample of every set and asserts that the share
//! of programs with identical logs is at least the floor measured for that set. Differing
//! programs are minimised (`parity/minimise.rs`) and the first of each set listed, with both
//! logs, in the test's output and in `parity/sample.report.txt` under the test's scratch
//! directory (`target/tmp`). The `heap order` column counts the differing programs that
//! agree once CPython's same-instant timers fire in creation order (`runner.py
//! --stable-timers`): they differ by the timer heap's order alone, which `Fifo` models, so a
//! count there is a miss of that model.
//!
//! # What the mapping leaves out
//!
//! The generator avoids what no scheduling order can make equal (see `generate.rs`):
//! cancelling a task that awaits another one (asyncio cancels the awaited task too and waits
//! for it; a dropped Rust future can only detach or abort it, without waiting), plain
//! `gather` of tasks that raise (asyncio leaves the siblings running, simloop aborts them),
//! and awaiting one task twice.
//!
//! # The rules
//!
//! `Fifo` follows asyncio's loop (see `Strategy::Fifo`): one ready queue run in iterations,
//! timers in the order of CPython's `heapq` of timer handles, the deadline of a `timeout`
//! winning a same-instant tie, a deadline due when armed going through the ready queue, and
//! the combinators waking their caller from done callbacks. Before these rules the sample's
//! parity was 87.65% (`timeout`) to 100% per set, 93.15% for `all`; the floors are now 100%.
//!
//! # What still differs
//!
//! Nothing in the CI sample. In the large sample (20,000 programs per set, 320,000 in all),
//! 3 programs of `all`, and 3 again with generator seed 16, all for one reason, CPython
//! behaviour with no counterpart to copy: CPython 3.11's `TaskGroup` leaves a cancellation of
//! its parent task counted. A child's failure makes `_on_task_done` cancel the task that runs
//! the `async with` (`_parent_task.cancel()`), which `__aexit__` undoes (`uncancel()`) only
//! when the failure came before it started waiting; a failure that comes while it waits
//! leaves `Task.cancelling()` at 1 once the group has raised. A `CancelledError` that the
//! task catches later, from awaiting a task that was cancelled, then reads as a cancellation
//! of the task itself, which the runner's `outcome` re-raises. A Rust `TaskGroup` cannot
//! cancel the future that owns it: the task goes on. The smallest (seed 16):
//!
//! ```text
//! main:                                                CPython:
//!     async with TaskGroup() as tg:                       0 t0 task_group: error t1
//!         tg.create_task(...) for t1                      0 failure CancelledError:
//!     t2 = create_task(body2())                        simloop Fifo:
//!     t2.cancel()                                         0 t0 task_group: error t1
//!     await t2                                            0 t0 await t2: cancelled
//! body1:                                                  0 end
//!     raise ValueError
//! body2:
//! ```
//!
//! The others await a task cancelled after such a group the same way, directly, with
//! `wait_for(t, 0)` or with `shield(t)`, some under `wait` or `as_completed`.
//!
//! # Running it
//!
//! `cargo test --test sim parity -- --nocapture` prints the table and the minimal programs;
//! `cargo test --test sim parity -- --ignored --nocapture` runs ten times the sample.
//! `python3` must be CPython 3.11.

use std::fmt::Write as _;
use std::path::Path;

#[path = "parity/cpython.rs"]
mod cpython;
#[path = "parity/generate.rs"]
mod generate;
#[path = "parity/interpret.rs"]
mod interpret;
#[path = "parity/minimise.rs"]
mod minimise;
#[path = "parity/primitives.rs"]
mod primitives;
#[path = "parity/program.rs"]
mod program;

use cpython::Timers;
use generate::{FEATURE_SETS, FeatureSet};
use program::{Log, Program, render_log};

/// The generator seed of the CI sample.
const SEED: u64 = 15;

/// Programs per feature set in the CI sample.
const SAMPLE: u64 = 2_000;

/// Differing programs minimised and listed per feature set.
const LISTED: usize = 3;

/// Per feature set, the share of the CI sample with identical logs, in percent, as
/// measured (rounded down to 0.1%): the test fails below it. Every set is at the goal, 100.0.
const FLOORS: &[(&str, f64)] = &[
    ("core", 100.0),
    ("cancel", 100.0),
    ("events", 100.0),
    ("locks", 100.0),
    ("queues", 100.0),
    ("bounded_queues", 100.0),
    ("semaphores", 100.0),
    ("exceptions", 100.0),
    ("wait_for", 100.0),
    ("timeout", 100.0),
    ("gather", 100.0),
    ("wait", 100.0),
    ("as_completed", 100.0),
    ("task_group", 100.0),
    ("shield", 100.0),
    ("all", 100.0),
];

/// One feature set's measurement.
struct Measured {
    set: FeatureSet,
    programs: usize,
    identical: usize,
    /// Differing programs that agree once CPython's same-instant timers fire in creation
    /// order.
    heap_order: usize,
    /// Minimised differing programs: the program, CPython's log, simloop's log, and whether
    /// it agrees once CPython's same-instant timers fire in creation order.
    listed: Vec<(Program, Log, Log, bool)>,
}

impl Measured {
    fn percent(&self) -> f64 {
        100.0 * self.identical as f64 / self.programs as f64
    }
}

fn scratch() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
}

/// `sample` programs of every feature set, each with the index of its set.
fn programs(sample: u64) -> Vec<(usize, Program)> {
    FEATURE_SETS
        .iter()
        .enumerate()
        .flat_map(|(s, set)| (0..sample).map(move |i| (s, generate::program(SEED, set, i))))
        .collect()
}

/// Runs `sample` programs of every feature set on both sides and compares them.
fn measure(sample: u64, listed: usize, name: &str) -> (String, Vec<Measured>) {
    let tagged = programs(sample);
    let programs: Vec<Program> = tagged.iter().map(|(_, p)| p.clone()).collect();
    let dir = scratch().join("parity");
    let batch = cpython::Batch::start(&programs, &dir, name, Timers::Heap);
    let simloop: Vec<Log> = programs.iter().map(interpret::run).collect();
    let (version, cpython) = batch.finish();
    assert_eq!(cpython.len(), programs.len(), "runner.py answered every program");
    // The differing programs again, on a CPython whose same-instant timers fire in creation
    // order: those that agree then differ by the timer heap's order alone.
    let differing: Vec<usize> = (0..programs.len()).filter(|&i| simloop[i] != cpython[i]).collect();
    let again: Vec<Program> = differing.iter().map(|&i| programs[i].clone()).collect();
    let stable = cpython::Batch::start(&again, &dir, &format!("{name}.stable"), Timers::Stable);
    let (_, stable) = stable.finish();
    let heap_order: Vec<bool> = {
        let mut by_index = vec![false; programs.len()];
        for (&i, log) in differing.iter().zip(&stable) {
            by_index[i] = *log == simloop[i];
        }
        by_index
    };

    let mut results: Vec<Measured> = FEATURE_SETS
        .iter()
        .map(|&set| Measured { set, programs: 0, identical: 0, heap_order: 0, listed: Vec::new() })
        .collect();
    let mut interactive = None;
    let mut stable = None;
    for (i, (((s, program), ours), theirs)) in tagged.iter().zip(&simloop).zip(&cpython).enumerate()
    {
        let result = &mut results[*s];
        result.programs += 1;
        if ours == theirs {
            result.identical += 1;
            continue;
        }
        if heap_order[i] {
            result.heap_order += 1;
        }
        if result.listed.len() >= listed {
            continue;
        }
        let python = interactive.get_or_insert_with(|| cpython::Interactive::start(Timers::Heap));
        let minimal = minimise::minimise(program, &mut |p| python.run(p) != interpret::run(p));
        let (theirs, ours) = (python.run(&minimal), interpret::run(&minimal));
        if !result.listed.iter().any(|(p, ..)| *p == minimal) {
            let stable = stable.get_or_insert_with(|| cpython::Interactive::start(Timers::Stable));
            let heap_order = stable.run(&minimal) == ours;
            result.listed.push((minimal, theirs, ours, heap_order));
        }
    }
    (version, results)
}

fn report(version: &str, sample: u64, results: &[Measured]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "parity of Strategy::Fifo with CPython {version}: {sample} programs per feature set, \
         generator seed {SEED}"
    );
    let _ = writeln!(
        out,
        "{:<16} {:>8} {:>9} {:>8} {:>7} {:>10}",
        "set", "programs", "identical", "parity", "floor", "heap order"
    );
    for r in results {
        let floor = floor(r.set.name).map_or("-".to_owned(), |f| format!("{f:.1}%"));
        let _ = writeln!(
            out,
            "{:<16} {:>8} {:>9} {:>7.2}% {:>7} {:>10}",
            r.set.name,
            r.programs,
            r.identical,
            r.percent(),
            floor,
            r.heap_order,
        );
    }
    let _ = writeln!(
        out,
        "(heap order: differing programs whose logs agree once CPython's timers due at the same \
         instant fire in creation order: a miss of Fifo's model of the timer heap)"
    );
    for r in results {
        for (program, theirs, ours, heap_order) in &r.listed {
            let behind = if *heap_order { " (heap order)" } else { "" };
            let _ = writeln!(out, "\n[{}] a minimal differing program{behind}:", r.set.name);
            let _ = writeln!(out, "{program}");
            let _ = writeln!(out, "{}", program.to_json());
            let _ = writeln!(out, "CPython:\n{}", render_log(theirs));
            let _ = writeln!(out, "simloop Fifo:\n{}", render_log(ours));
        }
    }
    out
}

fn floor(set: &str) -> Option<f64> {
    FLOORS.iter().find(|(name, _)| *name == set).map(|&(_, f)| f)
}

#[track_caller]
fn check(sample: u64, listed: usize, name: &str, floors: bool) {
    let (version, results) = measure(sample, listed, name);
    let text = report(&version, sample, &results);
    let path = scratch().join("parity").join(format!("{name}.report.txt"));
    std::fs::write(&path, &text).expect("writing the report");
    println!("{text}\n(written to {})", path.display());
    let below: Vec<String> = results
        .iter()
        .filter_map(|r| {
            let floor = floor(r.set.name).unwrap_or(100.0);
            (r.percent() < floor)
                .then(|| format!("{} {:.2}% < {floor:.1}%", r.set.name, r.percent()))
        })
        .collect();
    assert!(!floors || below.is_empty(), "parity below the floor: {}\n{text}", below.join(", "));
}

#[test]
fn fifo_prints_what_cpython_prints() {
    check(SAMPLE, LISTED, "sample", true);
}

#[test]
#[ignore = "ten times the CI sample: run it by hand"]
fn fifo_prints_what_cpython_prints_large_sample() {
    check(10 * SAMPLE, 2 * LISTED, "large", false);
}
