//! A `JoinHandle` of a `Send` output is `Send` and `Sync`; on another thread it follows the
//! simulation's one-thread rule while the simulation runs, and works anywhere after it ended.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};

use simloop::task::AbortHandle;
use simloop::{FailureKind, JoinHandle, Sim, spawn, yield_now};

/// Counts its drops, from any thread.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn send_sync<T: Send + Sync>(_: &T) {}

/// Runs `f` on another thread and gives the message it panicked with there.
fn panic_elsewhere(f: impl FnOnce() + Send) -> String {
    let payload = std::thread::scope(|s| {
        s.spawn(move || catch_unwind(AssertUnwindSafe(f))).join().expect("caught")
    })
    .expect_err("it panics on the other thread");
    payload.downcast_ref::<String>().cloned().expect("a formatted message")
}

fn poll_once<F: Future + Unpin>(f: &mut F) -> Poll<F::Output> {
    pin!(f).poll(&mut Context::from_waker(Waker::noop()))
}

#[test]
fn a_handle_of_a_send_output_is_send_and_sync() {
    Sim::with_exact_seed(1).run(async {
        let h = spawn(async { 1_u32 });
        send_sync(&h);
        send_sync(&h.abort_handle());
        // The future need not be `Send`: only the output crosses threads.
        let local = std::rc::Rc::new(2_u32);
        let g = spawn(async move { *local });
        send_sync(&g);
        assert_eq!(h.await.unwrap() + g.await.unwrap(), 3);
    });
}

#[test]
fn a_handle_polled_on_another_thread_panics_there_and_fails_the_run() {
    let failure = Sim::with_exact_seed(2)
        .try_run(async {
            let mut h = spawn(async { 5_u8 });
            let message = panic_elsewhere(|| drop(poll_once(&mut h)));
            assert!(
                message.starts_with(
                    "simloop: the `JoinHandle` of task 1 was polled on another thread"
                ),
                "{message}"
            );
            assert!(message.contains("hint: a simulation runs on one thread"), "{message}");
            // The handle is intact on the simulation's thread.
            assert_eq!(h.await.unwrap(), 5);
        })
        .unwrap_err();
    assert_eq!(failure.kind(), FailureKind::ForeignWake);
    assert!(failure.message().starts_with("task 1 was polled from another thread"), "{failure}");
}

#[test]
fn asking_whether_a_task_finished_on_another_thread_fails_the_run() {
    for through_abort_handle in [false, true] {
        let failure = Sim::with_exact_seed(3)
            .try_run(async move {
                let h = spawn(async {});
                let abort: AbortHandle = h.abort_handle();
                let message = if through_abort_handle {
                    panic_elsewhere(|| {
                        abort.is_finished();
                    })
                } else {
                    panic_elsewhere(|| {
                        h.is_finished();
                    })
                };
                assert!(message.contains("task 1 was asked whether"), "{message}");
                // `Debug` on another thread leaves out what it cannot know, and does not panic.
                let debug = std::thread::scope(|s| s.spawn(|| format!("{h:?}")).join().unwrap());
                assert_eq!(debug, "JoinHandle { id: task 1 }");
                h.await.unwrap();
            })
            .unwrap_err();
        assert_eq!(failure.kind(), FailureKind::ForeignWake, "{failure}");
        assert!(
            failure
                .message()
                .starts_with("task 1 was asked whether it finished from another thread"),
            "{failure}"
        );
    }
}

#[test]
fn a_handle_dropped_on_another_thread_is_detached_by_the_simulation_when_it_ends() {
    let drops = Arc::new(AtomicUsize::new(0));
    let counter = drops.clone();
    let failure = Sim::with_exact_seed(4)
        .try_run(async move {
            let h = spawn(async move { Counted(counter) });
            while !h.is_finished() {
                yield_now().await;
            }
            std::thread::scope(|s| {
                s.spawn(move || drop(h));
            });
            yield_now().await;
        })
        .unwrap_err();
    assert_eq!(failure.kind(), FailureKind::ForeignWake);
    assert!(
        failure
            .message()
            .starts_with("task 1 was detached (its `JoinHandle` dropped) from another thread"),
        "{failure}"
    );
    assert_eq!(drops.load(Ordering::SeqCst), 1, "the output is dropped when the run ends");
}

#[test]
fn after_the_run_a_handle_is_awaited_and_dropped_on_any_thread() {
    let drops = Arc::new(AtomicUsize::new(0));
    let counter = drops.clone();
    let (mut done, kept, pending, abort): (
        JoinHandle<u32>,
        JoinHandle<Counted>,
        JoinHandle<()>,
        _,
    ) = Sim::with_exact_seed(5).run(async move {
        let done = spawn(async { 9 });
        let kept = spawn(async move { Counted(counter) });
        let pending =
            simloop::task::Builder::new().daemon(true).spawn(std::future::pending::<()>());
        let abort = pending.abort_handle();
        while !(done.is_finished() && kept.is_finished()) {
            yield_now().await;
        }
        (done, kept, pending, abort)
    });
    std::thread::scope(|s| {
        s.spawn(move || {
            assert!(done.is_finished());
            assert_eq!(poll_once(&mut done).map(Result::unwrap), Poll::Ready(9));
            let mut pending = pending;
            let cancelled = poll_once(&mut pending);
            assert!(matches!(cancelled, Poll::Ready(Err(e)) if e.is_cancelled()));
            assert!(abort.is_finished());
            drop(kept);
        });
    });
    assert_eq!(drops.load(Ordering::SeqCst), 1, "dropped on the other thread");
}
