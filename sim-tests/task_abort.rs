//! Aborting tasks: deferred to a scheduling point, `Drop` runs, the result says cancelled.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use simloop::task::AbortHandle;
use simloop::time::{now, sleep};
use simloop::{Detector, Policy, Sim, spawn};

use crate::support::{DropProbe, at_ms};

#[test]
fn a_task_aborted_before_its_first_poll_never_runs() {
    for seed in 0..32 {
        Sim::with_exact_seed(seed).run(async {
            let ran = Rc::new(Cell::new(false));
            let flag = ran.clone();
            let h = spawn(async move { flag.set(true) });
            h.abort();
            let err = h.await.unwrap_err();
            assert!(err.is_cancelled(), "seed {seed}: {err}");
            assert!(!ran.get(), "seed {seed}: the aborted task ran");
        });
    }
}

#[test]
fn a_task_aborted_while_sleeping_is_dropped_at_the_next_scheduling_point() {
    for seed in 0..32 {
        Sim::with_exact_seed(seed).run(async {
            let (probe, dropped) = DropProbe::new();
            let h = spawn(async move {
                let _probe = probe;
                sleep(Duration::from_secs(10)).await;
            });
            sleep(Duration::from_secs(1)).await;
            h.abort();
            // Deferred: the future is not dropped inside `abort`.
            assert_eq!(dropped.get(), None, "seed {seed}");
            assert!(!h.is_finished());
            let err = h.await.unwrap_err();
            assert!(err.is_cancelled());
            assert_eq!(err.to_string(), "task 1 was cancelled");
            assert_eq!(dropped.get(), Some(at_ms(1000)), "seed {seed}");
            assert_eq!(now(), at_ms(1000), "the abort must not wait for the sleep");
        });
    }
}

#[test]
fn aborting_a_finished_task_changes_nothing() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let h = spawn(async { 7 });
            while !h.is_finished() {
                simloop::yield_now().await;
            }
            h.abort();
            h.abort_handle().abort();
            assert_eq!(h.await.unwrap(), 7);
        });
    }
}

#[test]
fn a_task_that_aborts_itself_stops_at_its_next_await() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let progress = Rc::new(Cell::new(0));
            let handle_slot: Rc<RefCell<Option<AbortHandle>>> = Rc::default();
            let (counter, slot) = (progress.clone(), handle_slot.clone());
            let h = spawn(async move {
                counter.set(1);
                slot.borrow().as_ref().unwrap().abort(); // during its own poll
                simloop::yield_now().await;
                counter.set(2);
            });
            *handle_slot.borrow_mut() = Some(h.abort_handle());
            assert!(h.await.unwrap_err().is_cancelled());
            assert_eq!(progress.get(), 1, "seed {seed}: dropped at its next scheduling point");
        });
    }
}

#[test]
fn the_trace_shows_the_abort_and_the_cancellation() {
    let outcome = Sim::with_exact_seed(1)
        .trace(true)
        .try_run(async {
            let h = spawn(std::future::pending::<()>());
            simloop::yield_now().await;
            h.abort();
            let _ = h.await;
        })
        .unwrap();
    let text = outcome.trace().to_string();
    assert!(text.contains("task 1  abort requested"), "{text}");
    assert!(text.contains("task 1  cancelled"), "{text}");
}

#[test]
fn unfinished_tasks_are_dropped_when_the_main_future_returns() {
    // Leaking is a finding (see `detect_leaks`); allowed here to watch the shutdown itself.
    let sim = Sim::with_exact_seed(1).policy(Detector::LeakedTasks, Policy::Allow);
    let dropped = sim.run(async {
        let (probe, dropped) = DropProbe::new();
        let _detached = spawn(async move {
            let _probe = probe;
            sleep(Duration::from_secs(100)).await;
        });
        sleep(Duration::from_secs(1)).await;
        dropped
    });
    assert_eq!(dropped.get(), Some(at_ms(1000)));
}
