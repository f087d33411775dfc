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
