//! Spawning and joining: outputs, panics held for the joiner, detach on drop, ids and names.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;
use simloop::{Sim, spawn};

#[test]
fn a_task_panic_goes_to_whoever_awaits_it_and_the_run_goes_on() {
    let out = Sim::with_exact_seed(1).run(async {
        let h = Builder::new().name("worker").spawn(async {
            sleep(Duration::from_millis(5)).await;
            panic!("worker failed");
        });
        let err = h.await.unwrap_err();
        assert!(err.is_panic());
        assert!(!err.is_cancelled());
        assert_eq!(err.to_string(), "task 1 \"worker\" panicked: worker failed");
        let payload = err.into_panic();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"worker failed"));
        "the main future carried on"
    });
    assert_eq!(out, "the main future carried on");
}

#[test]
fn dropping_a_join_handle_detaches_the_task() {
    let done = Sim::with_exact_seed(2).run(async {
        let done = Rc::new(Cell::new(false));
        let flag = done.clone();
        drop(spawn(async move {
            sleep(Duration::from_secs(1)).await;
            flag.set(true);
        }));
        sleep(Duration::from_secs(2)).await;
        done.get()
    });
    assert!(done, "a detached task runs to completion");
}

#[test]
fn ids_follow_spawn_order_and_names_show_in_errors() {
    Sim::with_exact_seed(3).run(async {
        assert!(simloop::task::id().is_main());
        let a = spawn(async {});
        let b = Builder::new().name("b").spawn(async { simloop::task::id() });
        assert_eq!((a.id().as_u64(), b.id().as_u64()), (1, 2));
        let b_id = b.id();
        assert_eq!(b.await.unwrap(), b_id);
        a.await.unwrap();
    });
}

#[test]
fn tasks_spawned_by_tasks_run_and_can_be_joined() {
    let total = Sim::with_exact_seed(4).run(async {
        let outer = spawn(async {
            let inner: Vec<_> = (0..10u32).map(|i| spawn(async move { i * i })).collect();
            let mut sum = 0;
            for h in inner {
                sum += h.await.unwrap();
            }
            sum
        });
        outer.await.unwrap()
    });
    assert_eq!(total, 285);
}

#[test]
fn join_handles_are_cancel_safe_and_can_be_awaited_after_a_timeout() {
    Sim::with_exact_seed(5).run(async {
        let mut h = spawn(async {
            sleep(Duration::from_secs(3)).await;
            "late"
        });
        let first = simloop::time::timeout(Duration::from_secs(1), &mut h).await;
        assert!(first.is_err());
        assert!(!h.is_finished(), "a timeout on a JoinHandle does not stop the task");
        assert_eq!(h.await.unwrap(), "late");
        assert_eq!(simloop::time::now().to_string(), "3.000s");
    });
}

#[test]
fn futures_need_not_be_send() {
    let value = Sim::with_exact_seed(6).run(async {
        let shared = Rc::new(Cell::new(1));
        let s = shared.clone();
        spawn(async move { s.set(s.get() + 1) }).await.unwrap();
        shared.get()
    });
    assert_eq!(value, 2);
}

/// Records `try_id()` when dropped.
struct IdOnDrop(Rc<Cell<Option<simloop::task::TaskId>>>);

impl Drop for IdOnDrop {
    fn drop(&mut self) {
        self.0.set(simloop::task::try_id());
    }
}

#[test]
fn try_id_names_the_task_on_whose_behalf_code_runs() {
    assert_eq!(simloop::task::try_id(), None, "outside a simulation");
    let seen = Rc::new(Cell::new(None));
    let slot = seen.clone();
    let (task, in_main) = Sim::with_exact_seed(7).run(async move {
        let h = spawn(async move { IdOnDrop(slot) });
        let task = h.id();
        while !h.is_finished() {
            simloop::yield_now().await;
        }
        // The output is dropped by the handle, from main: on the task's behalf.
        drop(h);
        (task, simloop::task::try_id())
    });
    assert_eq!(seen.get(), Some(task));
    assert!(in_main.is_some_and(|id| id.is_main()));
}

#[test]
fn a_task_that_contains_its_panics_never_fails_the_run() {
    /// Panics when dropped.
    struct Bomb;
    impl Drop for Bomb {
        fn drop(&mut self) {
            panic!("bomb");
        }
    }
    let contained = || Builder::new().contain_panics(true);
    let out = Sim::with_exact_seed(8).run(async move {
        // Detached, then panics in its poll: not an unobserved panic.
        drop(contained().spawn(async { panic!("nobody looks") }));
        // Finished holding a panic, then detached.
        let held = contained().spawn(async { panic!("held") });
        // An output whose destructor panics, dropped by the run loop and by a handle.
        drop(contained().spawn(async { Bomb }));
        let output = contained().spawn(async { Bomb });
        // Its future panics when dropped at the end of the simulation.
        let _late = contained().daemon(true).spawn(async {
            let _bomb = Bomb;
            std::future::pending::<()>().await;
        });
        // Its future panics when aborted: the handle's error is that panic.
        let aborted = contained().spawn(async {
            let _bomb = Bomb;
            std::future::pending::<()>().await;
        });
        sleep(Duration::from_millis(1)).await;
        aborted.abort();
        assert!(aborted.await.unwrap_err().is_panic());
        assert!(held.is_finished() && output.is_finished());
        drop((held, output));
        "the run goes on"
    });
    assert_eq!(out, "the run goes on");
}

#[test]
fn without_containing_a_detached_panic_fails_the_run() {
    let failure = Sim::with_exact_seed(9)
        .try_run(async {
            drop(spawn(async { panic!("nobody looks") }));
            sleep(Duration::from_millis(1)).await;
        })
        .unwrap_err();
    assert_eq!(failure.kind(), simloop::FailureKind::UnobservedPanic);
}
