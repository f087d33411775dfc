//! `TaskGroup`: outputs in spawn order, the first failure aborts the siblings at once,
//! dropping the group aborts its tasks.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::time::{now, sleep};
use simloop::{GroupError, Sim, TaskGroup};

use crate::support::{DropProbe, at_ms};

#[test]
fn join_gives_outputs_in_spawn_order() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let mut group: TaskGroup<u64> = TaskGroup::new();
            for i in 0..4u64 {
                group.spawn(async move {
                    sleep(Duration::from_millis(100 * (4 - i))).await;
                    i
                });
            }
            assert_eq!(group.len(), 4);
            assert_eq!(group.join().await.unwrap(), [0, 1, 2, 3], "seed {seed}");
            assert_eq!(now(), at_ms(400));
        });
    }
}

#[test]
fn an_err_aborts_the_siblings_at_once_even_before_join() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let (probe, dropped) = DropProbe::new();
            let mut group: TaskGroup<&str, String> = TaskGroup::new();
            group.try_spawn(async move {
                let _probe = probe;
                sleep(Duration::from_secs(10)).await;
                Ok("slow")
            });
            group.try_spawn(async {
                sleep(Duration::from_secs(1)).await;
                Err("refused".to_string())
            });
            group.spawn(async { "quick" });
            // The owner is busy elsewhere when the failure happens.
            sleep(Duration::from_secs(5)).await;
            assert_eq!(dropped.get(), Some(at_ms(1000)), "seed {seed}: aborted at the failure");
            match group.join().await {
                Err(GroupError::Failed { index: 1, error }) => assert_eq!(error, "refused"),
                other => panic!("seed {seed}: {other:?}"),
            }
            assert_eq!(now(), at_ms(5000));
        });
    }
}

#[test]
fn a_panic_aborts_the_siblings_and_is_returned() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let (probe, dropped) = DropProbe::new();
            let mut group: TaskGroup<()> = TaskGroup::new();
            group.spawn(async move {
                let _probe = probe;
                sleep(Duration::from_secs(10)).await;
            });
            group.spawn(async {
                sleep(Duration::from_secs(2)).await;
                panic!("group member blew up");
            });
            let err = group.join().await.unwrap_err();
            assert_eq!(now(), at_ms(2000), "seed {seed}");
            assert_eq!(dropped.get(), Some(at_ms(2000)));
            assert!(err.is_panic());
            assert_eq!(err.index(), 1);
            assert_eq!(
                err.to_string(),
                "task 1 of the group panicked (task 2 panicked: group member blew up)"
            );
        });
    }
}

#[test]
fn the_first_failure_is_the_one_returned() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let mut group: TaskGroup<(), u64> = TaskGroup::new();
            for s in [3, 1, 2] {
                group.try_spawn(async move {
                    sleep(Duration::from_secs(s)).await;
                    Err(s)
                });
            }
            let err = group.join().await.unwrap_err();
            assert!(matches!(err, GroupError::Failed { index: 1, error: 1 }), "seed {seed}");
            assert_eq!(now(), at_ms(1000));
        });
    }
}

#[test]
fn dropping_the_group_aborts_its_tasks() {
    Sim::with_exact_seed(1).run(async {
        let (probe, dropped) = DropProbe::new();
        let mut group: TaskGroup<()> = TaskGroup::new();
        group.spawn(async move {
            let _probe = probe;
            sleep(Duration::from_secs(10)).await;
        });
        sleep(Duration::from_secs(1)).await;
        drop(group);
        sleep(Duration::from_secs(1)).await;
        assert_eq!(dropped.get(), Some(at_ms(1000)));
    });
}

#[test]
fn dropping_the_join_future_aborts_the_group() {
    Sim::with_exact_seed(1).run(async {
        let (probe, dropped) = DropProbe::new();
        let mut group: TaskGroup<()> = TaskGroup::new();
        group.spawn(async move {
            let _probe = probe;
            sleep(Duration::from_secs(10)).await;
        });
        let res = simloop::time::timeout(Duration::from_secs(2), group.join()).await;
        assert!(res.is_err());
        sleep(Duration::from_secs(1)).await;
        assert_eq!(dropped.get(), Some(at_ms(2000)));
    });
}

#[test]
fn a_task_spawned_after_a_failure_never_runs() {
    Sim::with_exact_seed(1).run(async {
        let ran = Rc::new(Cell::new(false));
        let mut group: TaskGroup<(), &str> = TaskGroup::new();
        group.try_spawn(async { Err("early") });
        sleep(Duration::from_secs(1)).await;
        let flag = ran.clone();
        group.spawn(async move { flag.set(true) });
        let err = group.join().await.unwrap_err();
        assert_eq!(err.index(), 0);
        assert!(!ran.get());
    });
}

#[test]
fn an_empty_group_joins_at_once() {
    Sim::with_exact_seed(1).run(async {
        let group: TaskGroup<u8> = TaskGroup::default();
        assert!(group.is_empty());
        assert_eq!(group.join().await.unwrap(), Vec::<u8>::new());
        assert_eq!(now(), at_ms(0));
    });
}
