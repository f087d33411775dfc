//! Failure paths that must never hang, abort in silence or lose the seed: a poll that never
//! returns, a double panic, a spawn bomb, a wake from another thread after the run failed,
//! tokio's runtime used inside a simulation, a replayed tape that does not fit.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::Duration;

use simloop::task::Builder;
use simloop::{FailureKind, Sim, Tape};

use crate::support::{child, replay_line};

/// A task whose poll never returns: a busy-wait on a flag that nothing sets.
#[test]
fn stuck_poll_child() {
    static NEVER: AtomicBool = AtomicBool::new(false);
    if child::is_child() {
        Sim::with_exact_seed(31).watchdog(Duration::from_millis(300)).run(async {
            simloop::time::sleep(Duration::from_millis(5)).await;
            let spinner = Builder::new().name("spinner").spawn(async {
                while !NEVER.load(Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            });
            spinner.await.unwrap();
        });
    }
}

#[test]
fn the_watchdog_reports_a_poll_that_never_returns_and_ends_the_process() {
    let root = child::temp_dir("watchdog");
    let out = child::run("core_limits::stuck_poll_child", &root, &[]);
    assert!(!out.passed, "{}", out.text);
    for needle in [
        "simloop: watchdog: one poll of task 1 \"spinner\" (spawned at sim-tests/core_limits.rs:",
        "without returning (the limit is 300ms)",
        "  seed      31\n",
        "  strategy  random\n",
        "  step      3\n",
        "  time      0.005s\n",
        "replay this run:\n",
        &replay_line(31, "core_limits::stuck_poll_child"),
    ] {
        assert!(out.text.contains(needle), "missing {needle:?} in:\n{}", out.text);
    }
    // The exit status is the watchdog's, not a test failure of the harness.
    assert!(!out.text.contains("test result:"), "{}", out.text);
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_watchdog_can_be_turned_off_from_the_environment() {
    assert_eq!(simloop::env::parse_watchdog("off"), Ok(None));
    let err = simloop::env::Settings::from_vars([("SIMLOOP_WATCHDOG", "30")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "SIMLOOP_WATCHDOG=30 is not a valid duration: expected a positive integer and a unit \
         (ms, s, m, h), such as 90s or 10m, or `off`"
    );
}

/// Panics in a `Drop` while a panic unwinds: Rust aborts the process.
struct PanicsInDrop;

impl Drop for PanicsInDrop {
    fn drop(&mut self) {
        panic!("the lock guard's drop failed too");
    }
}

#[test]
fn double_panic_child() {
    if child::is_child() {
        Sim::with_exact_seed(77).run(async {
            let worker = Builder::new().name("worker").spawn(async {
                let _guard = PanicsInDrop;
                simloop::yield_now().await;
                panic!("the write failed");
            });
            let _ = worker.await;
        });
    }
}

#[test]
fn a_double_panic_says_both_panics_the_task_and_the_seed_before_the_abort() {
    let root = child::temp_dir("double-panic");
    let out = child::run("core_limits::double_panic_child", &root, &[]);
    assert!(!out.passed, "{}", out.text);
    for needle in [
        "simloop: abort: a `Drop` panicked while a panic unwound",
        "  the panic that unwound at sim-tests/core_limits.rs:",
        ": the write failed\n",
        "  the panic in the `Drop` at sim-tests/core_limits.rs:",
        ": the lock guard's drop failed too\n",
        "  task      task 1 \"worker\" (spawned at sim-tests/core_limits.rs:",
        "  seed      77\n",
        &replay_line(77, "core_limits::double_panic_child"),
    ] {
        assert!(out.text.contains(needle), "missing {needle:?} in:\n{}", out.text);
    }
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn a_spawn_bomb_fails_with_the_task_limit_before_it_takes_the_memory() {
    fn bomb() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        Box::pin(async {
            let a = simloop::spawn(bomb());
            let b = simloop::spawn(bomb());
            let _ = a.await;
            let _ = b.await;
        })
    }
    let failure = Sim::with_exact_seed(5).max_tasks(1_000).try_run(bomb()).unwrap_err();
    assert_eq!(failure.kind(), FailureKind::TaskLimit);
    let report = failure.to_string();
    assert!(
        report.starts_with("simloop: task limit: more than 1000 tasks were alive at once"),
        "{report}"
    );
    assert!(report.contains("`Sim::max_tasks`, `Explorer::max_tasks`"), "{report}");
    // The 1,001st spawned task is one too many (the main future does not count).
    assert!(report.contains("unfinished tasks (1002"), "{report}");
    // The default is a million.
    assert_eq!(Sim::DEFAULT_MAX_TASKS, 1_000_000);
    let passed = Sim::with_exact_seed(5).max_tasks(1_000).try_run(async {
        let tasks: Vec<_> = (0..1_000).map(|_| simloop::spawn(async {})).collect();
        for t in tasks {
            t.await.unwrap();
        }
    });
    assert!(passed.is_ok());
}

#[test]
fn a_wake_from_another_thread_after_the_run_failed_is_told_in_the_report() {
    let parked: std::sync::Mutex<Option<std::task::Waker>> = std::sync::Mutex::new(None);
    let failure = Sim::with_exact_seed(9)
        .try_run(std::future::poll_fn(|cx| {
            // Handed to "an OS thread" that will wake it: the simulation cannot see that.
            *parked.lock().unwrap() = Some(cx.waker().clone());
            Poll::<()>::Pending
        }))
        .unwrap_err();
    assert_eq!(failure.kind(), FailureKind::Deadlock);
    let before = failure.to_string();
    assert!(before.contains("if work on another OS thread"), "{before}");
    assert!(!before.contains("note:"), "{before}");
    let waker = parked.lock().unwrap().take().unwrap();
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pool-1".into())
            .spawn_scoped(scope, move || waker.wake())
            .unwrap()
            .join()
            .unwrap();
    });
    let after = failure.to_string();
    assert!(
        after.contains(
            "note: main was woken from another thread (`pool-1`) after the run had failed: the \
             failure may come from work on OS threads"
        ),
        "{after}"
    );
    assert!(
        after.ends_with(&replay_line(
            9,
            "core_limits::a_wake_from_another_thread_after_the_run_failed_is_told_in_the_report"
        )),
        "{after}"
    );
}

#[test]
fn tokio_runtime_calls_inside_a_simulation_get_a_hint() {
    let failure = Sim::with_exact_seed(3)
        .try_run(async { tokio::time::sleep(Duration::from_millis(1)).await })
        .unwrap_err();
    let report = failure.to_string();
    assert!(report.contains("there is no reactor running"), "{report}");
    assert!(
        report.contains("hint: that is tokio's runtime API (`tokio::time::sleep`, `tokio::spawn`"),
        "{report}"
    );
    assert!(report.contains("Use `simloop::time` and `simloop::spawn`"), "{report}");
    assert!(report.contains("`simloop-tokio` facade"), "{report}");
}

/// Two tasks, one choice among them: a tape of more entries, or larger ones, does not fit.
async fn two_tasks() {
    let a = simloop::spawn(async {});
    let b = simloop::spawn(async {});
    a.await.unwrap();
    b.await.unwrap();
}

#[test]
fn a_replayed_tape_that_does_not_fit_is_a_warning_in_the_outcome() {
    let fits = Sim::with_exact_seed(1).tape(Tape::from_choices([1])).try_run(two_tasks()).unwrap();
    assert!(fits.warnings().is_empty());
    let misfit = Sim::with_exact_seed(1)
        .tape(Tape::from_choices([7, 0, 0, 0, 0, 0, 0, 0, 0, 3]))
        .try_run(two_tasks())
        .unwrap();
    let [warning] = misfit.warnings() else { panic!("{:?}", misfit.warnings()) };
    assert_eq!(warning.kind(), FailureKind::TapeMismatch);
    let text = warning.message();
    assert!(text.starts_with("the replayed tape does not fit the program: entry 1 is 7 but its decision had 2 options"), "{text}");
    assert!(text.contains("leaving"), "{text}");
    assert!(text.contains("record it again"), "{text}");
}

#[test]
fn a_failing_run_that_followed_a_misfit_tape_says_so_in_its_report() {
    let failure = Sim::with_exact_seed(1)
        .tape(Tape::from_choices([9]))
        .try_run(async {
            two_tasks().await;
            panic!("after the tasks");
        })
        .unwrap_err();
    let report = failure.to_string();
    assert!(
        report.contains(
            "note: tape mismatch: the replayed tape does not fit the program: entry 1 is 9"
        ),
        "{report}"
    );
    let note = report.find("note: tape mismatch").unwrap();
    assert!(note < report.find("replay this run:").unwrap(), "{report}");
}

#[test]
fn the_step_limit_message_says_how_to_raise_it_in_an_exploration_too() {
    let ticks = Rc::new(Cell::new(0));
    let t = ticks.clone();
    let failure = Sim::with_exact_seed(2)
        .max_steps(20)
        .try_run(async move {
            loop {
                t.set(t.get() + 1);
                simloop::yield_now().await;
            }
        })
        .unwrap_err();
    assert!(ticks.get() > 0);
    let message = failure.message();
    assert!(
        message.contains(
            "`Sim::max_steps`, `Explorer::max_steps` or `#[simloop::test(max_steps = ..)]`"
        ),
        "{message}"
    );
}

#[test]
fn a_huge_pct_depth_is_capped_by_the_step_bound() {
    // Depth-1 change points would be four billion of them: the step bound caps them.
    let program = || async {
        let a = simloop::spawn(async { simloop::yield_now().await });
        let b = simloop::spawn(async {});
        a.await.unwrap();
        b.await.unwrap();
    };
    for depth in [u32::MAX, 100_000] {
        let strategy = simloop::Strategy::Pct { depth };
        let outcome = Sim::with_exact_seed(4).strategy(strategy).try_run(program()).unwrap();
        assert!(outcome.steps() > 0);
        let report = simloop::Explorer::new()
            .read_env(false)
            .no_regressions()
            .iterations(20)
            .strategy(strategy)
            .run(program);
        assert_eq!(report.failures(), 0);
    }
    let parsed: simloop::Strategy = "pct:4294967295".parse().unwrap();
    assert_eq!(parsed, simloop::Strategy::Pct { depth: u32::MAX });
}

#[test]
fn an_unreachable_wall_clock_budget_is_no_deadline() {
    let report = simloop::Explorer::new()
        .read_env(false)
        .no_regressions()
        .iterations(3)
        .duration(Duration::MAX)
        .shrink_time(Duration::MAX)
        .run(|| async {});
    assert_eq!(report.iterations(), 3);
}

/// An exploration of three iterations, under the environment of its parent.
#[test]
fn env_budget_child() {
    if child::is_child() {
        let report = simloop::Explorer::new().no_regressions().run(|| async {});
        println!("ran {} iterations", report.iterations());
    }
}

#[test]
fn an_unreachable_duration_in_the_environment_is_no_deadline() {
    let root = child::temp_dir("huge-duration");
    let env = [("SIMLOOP_DURATION", "9223372036854775807s"), ("SIMLOOP_ITERATIONS", "3")];
    let out = child::run("core_limits::env_budget_child", &root, &env);
    assert!(out.passed, "{}", out.text);
    assert!(out.text.contains("ran 3 iterations"), "{}", out.text);
    let _ = std::fs::remove_dir_all(root);
}
