//! Tasks' memory, through `spawn` and `JoinHandle`: every future and every output is dropped
//! exactly once, whoever lets go last and when; wakers and handles outlive their task and
//! their simulation. `.ci/run` runs this module under valgrind's memcheck.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use simloop::task::{AbortHandle, Builder};
use simloop::time::sleep;
use simloop::{Detector, FailureKind, Policy, Sim, spawn, yield_now};

/// Counts its drops.
#[derive(Debug)]
struct Counted(Rc<Cell<u32>>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

fn counter() -> (Rc<Cell<u32>>, impl Fn() -> Counted) {
    let drops = Rc::new(Cell::new(0));
    let make = {
        let drops = drops.clone();
        move || Counted(drops.clone())
    };
    (drops, make)
}

#[test]
fn outputs_are_dropped_once_whether_joined_detached_before_or_after_completion() {
    let (drops, counted) = counter();
    Sim::with_exact_seed(1).run(async {
        // Joined after completion: the output waits in the task for the handle.
        let joined = spawn({
            let out = counted();
            async move { out }
        });
        while !joined.is_finished() {
            yield_now().await;
        }
        drop(joined.await.unwrap());
        assert_eq!(drops.get(), 1);
        // Detached before completion: dropped when the task completes.
        drop(spawn({
            let out = counted();
            async move {
                sleep(Duration::from_millis(1)).await;
                out
            }
        }));
        // Detached after completion: dropped with the handle.
        let late = spawn({
            let out = counted();
            async move { out }
        });
        sleep(Duration::from_millis(2)).await;
        assert!(late.is_finished());
        assert_eq!(drops.get(), 2);
        drop(late);
        assert_eq!(drops.get(), 3);
    });
}

#[test]
fn wakes_from_inside_and_outside_a_poll_reach_the_task() {
    let woken = Sim::with_exact_seed(2).run(async {
        let parked: Rc<RefCell<Option<Waker>>> = Rc::default();
        let slot = parked.clone();
        let sleeper = spawn(async move {
            // Woken from inside its own poll, by reference and by a clone woken by value.
            yield_now().await;
            let mut polls = 0;
            poll_fn(|cx| {
                polls += 1;
                if polls == 1 {
                    let clone = cx.waker().clone();
                    clone.wake();
                    return Poll::Pending;
                }
                if polls == 2 {
                    // Woken from outside: the main future wakes the clone kept here.
                    *slot.borrow_mut() = Some(cx.waker().clone());
                    return Poll::Pending;
                }
                Poll::Ready(polls)
            })
            .await
        });
        while parked.borrow().is_none() {
            yield_now().await;
        }
        let waker = parked.borrow_mut().take().unwrap();
        waker.wake_by_ref();
        let polls = sleeper.await.unwrap();
        waker.wake();
        polls
    });
    assert_eq!(woken, 3);
}

#[test]
fn aborted_panicking_and_shut_down_futures_are_dropped_once() {
    struct PanicOnDrop(#[allow(dead_code)] Counted);
    impl Drop for PanicOnDrop {
        fn drop(&mut self) {
            panic!("destructor");
        }
    }
    let (drops, counted) = counter();
    Sim::with_exact_seed(3).policy(Detector::LeakedTasks, Policy::Allow).run(async {
        let aborted = spawn({
            let held = counted();
            async move {
                let _held = held;
                std::future::pending::<()>().await;
            }
        });
        yield_now().await;
        aborted.abort();
        assert!(aborted.await.unwrap_err().is_cancelled());
        assert_eq!(drops.get(), 1);

        let panicked = spawn({
            let held = counted();
            async move {
                let _held = held;
                yield_now().await;
                panic!("in a poll");
            }
        });
        assert!(panicked.await.unwrap_err().is_panic());
        assert_eq!(drops.get(), 2);

        // A destructor that panics while its task is cancelled: the panic is the result.
        let bomb = spawn({
            let held = PanicOnDrop(counted());
            async move {
                let _held = held;
                std::future::pending::<()>().await;
            }
        });
        yield_now().await;
        bomb.abort();
        let err = bomb.await.unwrap_err();
        assert!(err.is_panic(), "{err}");
        assert_eq!(drops.get(), 3);

        // Left pending: dropped at shutdown, detached or not.
        let held = counted();
        let kept = spawn(async move {
            let _held = held;
            std::future::pending::<()>().await;
        });
        let held = counted();
        drop(spawn(async move {
            let _held = held;
            std::future::pending::<()>().await;
        }));
        yield_now().await;
        std::mem::drop(kept);
    });
    assert_eq!(drops.get(), 5);
}

#[test]
fn a_task_may_watch_and_poll_its_own_handle_while_it_runs() {
    let out = Sim::with_exact_seed(4).run(async {
        let own: Rc<RefCell<Option<simloop::JoinHandle<u32>>>> = Rc::default();
        let slot = own.clone();
        let h = Builder::new().name("self").spawn(async move {
            yield_now().await;
            let mine = slot.borrow_mut().take().unwrap();
            assert!(!mine.is_finished());
            let mut mine = Box::pin(mine);
            // Registers the task's own waker as its joiner, then completes.
            poll_fn(|cx| {
                assert!(mine.as_mut().poll(cx).is_pending());
                Poll::Ready(())
            })
            .await;
            drop(mine);
            7
        });
        let id = h.id();
        *own.borrow_mut() = Some(h);
        while own.borrow().is_some() {
            yield_now().await;
        }
        sleep(Duration::from_millis(1)).await;
        id
    });
    assert_eq!(out.as_u64(), 1);
}

#[test]
fn wakers_and_abort_handles_outlive_their_task_and_simulation() {
    let kept: Rc<RefCell<Vec<Waker>>> = Rc::default();
    let stash = kept.clone();
    let handle: AbortHandle = Sim::with_exact_seed(5).run(async move {
        let h = spawn(poll_fn(move |cx| {
            stash.borrow_mut().push(cx.waker().clone());
            Poll::Ready(())
        }));
        let handle = h.abort_handle();
        h.await.unwrap();
        handle
    });
    // After the run: a wake or an abort reaches nobody and does nothing.
    let wakers = kept.take();
    assert_eq!(wakers.len(), 1);
    wakers[0].wake_by_ref();
    handle.abort();
    // The last references go on another thread, which frees the task there.
    let clone = handle.clone();
    std::thread::scope(|s| {
        s.spawn(move || {
            clone.abort();
            drop(clone);
            for waker in wakers {
                waker.wake();
            }
        });
    });
    drop(handle);
}

#[test]
fn a_task_woken_from_another_thread_fails_the_run_and_leaks_nothing() {
    let failure = Sim::with_exact_seed(6)
        .try_run(async {
            let h = spawn(poll_fn(|cx| {
                let waker = cx.waker().clone();
                std::thread::scope(|s| {
                    s.spawn(move || waker.wake());
                });
                Poll::<()>::Pending
            }));
            h.await.unwrap();
        })
        .unwrap_err();
    assert_eq!(failure.kind(), FailureKind::ForeignWake);
    assert!(failure.message().starts_with("task 1 was woken from another thread"));
}

/// A future of `N` bytes of state (and more than a cache line of alignment when `N` is 0),
/// which holds a `Counted` across a sleep and returns the sum of its state.
async fn sized<const N: usize>(fill: u8, held: Counted) -> u64 {
    #[repr(align(128))]
    struct Aligned(u8);
    let state = [fill; N];
    let aligned = Aligned(fill);
    sleep(Duration::from_millis(u64::from(fill % 7))).await;
    drop(held);
    state.iter().map(|&b| u64::from(b)).sum::<u64>() + u64::from(aligned.0)
}

#[test]
fn tasks_of_every_size_and_alignment_run_and_are_freed_across_simulations() {
    // Small futures share their memory with others of their size, large and over-aligned
    // ones have their own; simulations one after another on a thread reuse the memory of
    // the ones before. Every output arrives, every value held is dropped once.
    for seed in 0..4 {
        let (drops, make) = counter();
        let sums = Sim::new(seed).run(async move {
            let mut handles = Vec::new();
            for i in 0..40_u8 {
                handles.push(spawn(sized::<0>(i, make())));
                handles.push(spawn(sized::<24>(i, make())));
                handles.push(spawn(sized::<200>(i, make())));
                handles.push(spawn(sized::<900>(i, make())));
                handles.push(spawn(sized::<5000>(i, make())));
            }
            let mut sums = Vec::new();
            for handle in handles {
                sums.push(handle.await.expect("a sized task"));
            }
            sums
        });
        assert_eq!(drops.get(), 200, "seed {seed}");
        let expected = (0..40_u64).flat_map(|i| [0, 24, 200, 900, 5000].map(|n| i * n + i));
        assert_eq!(sums, expected.collect::<Vec<_>>(), "seed {seed}");
    }
}
