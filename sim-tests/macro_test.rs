//! `#[simloop::test]` end to end: its arguments reach the explorer, its failures report.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simloop::time::{self, sleep};

use crate::support::child;

#[simloop::test]
async fn default_arguments() {
    let slow = simloop::spawn(sleep(Duration::from_secs(1)));
    let fast = simloop::spawn(sleep(Duration::from_millis(500)));
    slow.await.unwrap();
    fast.await.unwrap();
    assert_eq!(time::now().to_string(), "1.000s");
}

/// Under `fifo`, tasks run in spawn order on every seed: a `random` run would fail this.
#[simloop::test(strategy = "fifo", iterations = 50)]
async fn fifo_runs_tasks_in_spawn_order() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let log = log.clone();
            simloop::spawn(async move { log.borrow_mut().push(i) })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(*log.borrow(), [0, 1, 2, 3]);
}

#[simloop::test(crate = "simloop", seed = 0x2a, threads = 1, max_steps = 1_000, iterations = 3)]
async fn every_argument_at_once() {
    simloop::yield_now().await;
}

/// Other attributes are kept: this one is a doc comment and `#[ignore]`d test.
#[simloop::test]
#[ignore = "checks that `#[ignore]` survives the expansion"]
async fn ignored() {
    panic!("an ignored test does not run");
}

/// The summary line of a passing exploration, printed by a child process.
#[simloop::test(iterations = 37, seed = 5, strategy = "fifo", threads = 1)]
async fn configured_child() {}

#[test]
fn the_arguments_configure_the_exploration() {
    let root = child::temp_dir("macro-configured");
    let out = child::run("macro_test::configured_child", &root, &[]);
    assert!(out.passed, "{}", out.text);
    assert!(
        out.text.contains(
            "simloop: macro_test::configured_child: 37 iterations passed (1 distinct schedule, 0 \
             of them seen once: a further run is new with probability 0.000 (Good-Turing); \
             0.000s of virtual time, "
        ),
        "{}",
        out.text
    );
    assert!(out.text.contains(" wall, 1 thread; strategy fifo, base seed 5)\n"), "{}", out.text);
    let _ = std::fs::remove_dir_all(root);
}

/// The line of the attribute below.
const STEP_LIMITED_LINE: u32 = line!() + 3;

/// Spins past its step limit, in a child process only.
#[simloop::test(max_steps = 50, iterations = 2)]
async fn step_limited_child() {
    if child::is_child() {
        loop {
            simloop::yield_now().await;
        }
    }
}

#[test]
fn max_steps_reaches_every_run() {
    let root = child::temp_dir("macro-max-steps");
    let out = child::run("macro_test::step_limited_child", &root, &[]);
    assert!(!out.passed, "{}", out.text);
    assert!(out.text.contains("failing iteration 0, seed "), "{}", out.text);
    assert!(
        out.text.contains("simloop: step limit: the step limit of 50 polls was reached"),
        "{}",
        out.text
    );
    // The main task started where the attribute is.
    let site = format!("started at sim-tests/macro_test.rs:{STEP_LIMITED_LINE}:1;");
    assert!(out.text.contains(&site), "{site:?} missing from:\n{}", out.text);
    assert!(root.join("snapshots/seeds/macro_test__step_limited_child.txt").exists());
    let _ = std::fs::remove_dir_all(root);
}
