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
    assert!(root.join("snapshots/seeds/sim/macro_test__step_limited_child.txt").exists());
    let _ = std::fs::remove_dir_all(root);
}

/// Every setting a `Sim` has, from the attribute: the leak would fail the run under the
/// default policy, the 30 minutes of sleep would pass the hour only without `max_time`.
#[simloop::test(
    policy(leaked_tasks = "warn", slow_poll = "allow"),
    max_time = "1h",
    slow_poll = "250ms",
    blocking_workers = 1,
    max_tasks = 100,
    watchdog = "off",
    determinism_checks = 0,
    iterations = 4
)]
async fn sim_settings_reach_every_run() {
    drop(simloop::spawn(std::future::pending::<()>()));
    simloop::cpu_work(Duration::from_millis(400));
    let a = simloop::spawn_blocking(Duration::from_secs(1), || ());
    let b = simloop::spawn_blocking(Duration::from_secs(1), || ());
    a.await.unwrap();
    b.await.unwrap();
    // One worker: the jobs ran one after the other.
    assert_eq!(time::now().to_string(), "2.400s");
    sleep(Duration::from_secs(30 * 60)).await;
}

#[simloop::test(max_time = "1s", iterations = 1)]
async fn max_time_child() {
    if child::is_child() {
        sleep(Duration::from_secs(2)).await;
    }
}

#[test]
fn max_time_from_the_attribute_fails_a_longer_run() {
    let root = child::temp_dir("macro-max-time");
    let out = child::run("macro_test::max_time_child", &root, &[]);
    assert!(!out.passed, "{}", out.text);
    assert!(
        out.text.contains("simloop: time limit: the virtual time limit of 1.000s"),
        "{}",
        out.text
    );
    let _ = std::fs::remove_dir_all(root);
}

/// An error with a value: the report shows it through `Debug`.
#[derive(Debug)]
struct Overdrawn {
    #[allow(dead_code, reason = "read through `Debug` only")]
    balance: i64,
}

#[simloop::test(iterations = 3)]
async fn returns_ok() -> Result<(), Overdrawn> {
    let balance = simloop::spawn(async { 10 }).await.unwrap();
    if balance < 0 { Err(Overdrawn { balance }) } else { Ok(()) }
}

#[simloop::test(iterations = 3)]
async fn returns_err_child() -> Result<(), Overdrawn> {
    if child::is_child() {
        return Err(Overdrawn { balance: -5 });
    }
    Ok(())
}

#[test]
fn a_test_returning_err_fails_with_its_value_in_the_report() {
    let root = child::temp_dir("macro-err");
    let out = child::run("macro_test::returns_err_child", &root, &[]);
    assert!(!out.passed, "{}", out.text);
    assert!(
        out.text.contains("the test returned `Err(Overdrawn { balance: -5 })`"),
        "{}",
        out.text
    );
    assert!(out.text.contains("failing iteration 0"), "{}", out.text);
    let _ = std::fs::remove_dir_all(root);
}

#[simloop::test(iterations = 5)]
#[should_panic(expected = "always")]
async fn should_panic_child() {
    if child::is_child() {
        panic!("always");
    }
    panic!("always, parent too");
}

#[test]
fn a_passing_should_panic_test_writes_no_regression_file() {
    let root = child::temp_dir("macro-should-panic");
    let out = child::run("macro_test::should_panic_child", &root, &[]);
    assert!(out.passed, "{}", out.text);
    assert!(!root.join("snapshots").exists(), "{}", out.text);
    let _ = std::fs::remove_dir_all(root);
}
