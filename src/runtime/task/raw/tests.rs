//! The raw task's own invariants, driven without a simulation: every owner, every stage, every
//! order of release. `.ci/run` runs these (and `sim-tests/task_memory.rs`) under valgrind.

use std::cell::Cell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};

use super::spawn;
use crate::runtime::shared::SimShared;
use crate::runtime::task::state::Sched;
use crate::task::{JoinError, TaskId};
use crate::time::Instant;

/// Counts its drops.
struct Counted(Rc<Cell<u32>>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// Pending `n` times (waking itself by value from inside the poll, through a clone), then
/// ready with its payload; keeps a clone of its waker in `kept`.
struct Steps<T> {
    n: u32,
    out: Option<T>,
    kept: Rc<Cell<Option<Waker>>>,
}

impl<T> Unpin for Steps<T> {}

impl<T> Future for Steps<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        self.kept.set(Some(cx.waker().clone()));
        if self.n == 0 {
            return Poll::Ready(self.out.take().expect("polled once after ready"));
        }
        self.n -= 1;
        // A clone woken by value (it gives up its count) and a wake by reference.
        let clone = cx.waker().clone();
        clone.wake();
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn steps<T>(n: u32, out: T) -> (Steps<T>, Rc<Cell<Option<Waker>>>) {
    let kept = Rc::new(Cell::new(None));
    (Steps { n, out: Some(out), kept: kept.clone() }, kept)
}

/// A simulation that is not running: wakes and aborts reach nobody, as after a run.
fn sim() -> Arc<SimShared> {
    Arc::new(SimShared::new())
}

fn sched() -> Sched {
    Sched::new(false, false, Instant::ZERO)
}

fn noop() -> Context<'static> {
    Context::from_waker(Waker::noop())
}

#[test]
fn a_task_is_polled_to_completion_and_joined_after_it() {
    let drops = Rc::new(Cell::new(0));
    let (future, kept) = steps(2, Counted(drops.clone()));
    let (mut task, mut join) = spawn(future, TaskId::new(1), sim(), sched());
    assert_eq!(join.id(), TaskId::new(1));
    assert!(task.poll().is_pending());
    assert!(join.poll_join(&mut noop()).is_pending(), "registers a waker");
    assert!(task.poll().is_pending());
    let joiner = task.poll();
    assert!(matches!(joiner, Poll::Ready(Some(_))), "the join waker comes back");
    assert!(join.is_finished());
    drop(task);
    assert_eq!(drops.get(), 0, "the output waits for the handle");
    let Poll::Ready(Ok(out)) = join.poll_join(&mut noop()) else { panic!("the output") };
    drop(out);
    assert_eq!(drops.get(), 1);
    let again = catch_unwind(AssertUnwindSafe(|| join.poll_join(&mut noop())));
    assert!(again.is_err(), "polled after ready");
    drop(join);
    // The waker clone outlives every other owner: it frees the task, and its wake is a no-op.
    kept.take().expect("a waker").wake();
}

#[test]
fn detaching_drops_the_output_whichever_owner_goes_last() {
    for handle_first in [true, false] {
        let drops = Rc::new(Cell::new(0));
        let (future, _kept) = steps(0, Counted(drops.clone()));
        let (mut task, join) = spawn(future, TaskId::new(1), sim(), sched());
        if handle_first {
            drop(join);
            assert!(task.is_detached());
            assert!(task.poll().is_ready());
            assert_eq!(drops.get(), 0, "dropped when the executor lets go");
            drop(task);
        } else {
            assert!(task.poll().is_ready());
            drop(task);
            assert_eq!(drops.get(), 0, "kept for the handle");
            drop(join);
        }
        assert_eq!(drops.get(), 1);
    }
}

#[test]
fn a_cancelled_future_is_dropped_once_and_the_handle_sees_the_error() {
    let drops = Rc::new(Cell::new(0));
    let held = Counted(drops.clone());
    let (mut task, join) = spawn(std::future::pending::<()>(), TaskId::new(2), sim(), sched());
    let (mut other, mut other_join) = spawn(
        async move {
            let _held = held;
            std::future::pending::<()>().await;
        },
        TaskId::new(3),
        sim(),
        sched(),
    );
    assert!(other.poll().is_pending());
    other.drop_future();
    other.drop_future();
    assert_eq!(drops.get(), 1);
    assert!(other.fail(JoinError::cancelled(TaskId::new(3), None)).is_none());
    let Poll::Ready(Err(err)) = other_join.poll_join(&mut noop()) else { panic!("an error") };
    assert!(err.is_cancelled());
    // A teardown: the executor's reference dropped with the future still there.
    drop(task.poll());
    drop(task);
    assert!(!join.is_finished());
    drop((join, other, other_join));
}

#[test]
fn panics_in_a_poll_and_in_destructors_leave_nothing_behind() {
    struct PanicOnDrop(#[allow(dead_code, reason = "dropped, never read")] Counted);
    impl Drop for PanicOnDrop {
        fn drop(&mut self) {
            panic!("destructor");
        }
    }
    /// Panics when polled, and again when dropped.
    struct Bomb(#[allow(dead_code, reason = "dropped, never read")] PanicOnDrop);
    impl Future for Bomb {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            panic!("poll");
        }
    }
    let drops = Rc::new(Cell::new(0));
    let bomb = Bomb(PanicOnDrop(Counted(drops.clone())));
    let (mut task, join) = spawn(bomb, TaskId::new(4), sim(), sched());
    assert!(catch_unwind(AssertUnwindSafe(|| task.poll())).is_err(), "the poll panics");
    // The future is in an unknown state: dropped, and its destructor panics too.
    assert!(catch_unwind(AssertUnwindSafe(|| task.drop_future())).is_err());
    assert_eq!(drops.get(), 1, "the field after the panicking destructor is still dropped");
    task.drop_future();
    let payload = Box::new("poll");
    drop(task.fail(JoinError::panic(TaskId::new(4), None, payload, None)));
    assert!(join.unobserved_panic().is_some());
    drop(task);
    drop(join);

    // An output whose destructor panics, dropped by a detaching handle.
    let (output, _kept) = steps(0, PanicOnDrop(Counted(drops.clone())));
    let (mut task, join) = spawn(output, TaskId::new(5), sim(), sched());
    assert!(task.poll().is_ready());
    drop(task);
    assert!(catch_unwind(AssertUnwindSafe(|| drop(join))).is_err());
    assert_eq!(drops.get(), 2);
}

#[test]
fn handles_and_wakers_outlive_the_task_on_any_thread() {
    let (future, kept) = steps(1, String::from("out"));
    let (mut task, mut join) = spawn(future, TaskId::new(6), sim(), sched());
    let handle = join.handle();
    assert_eq!(handle.clone().id(), TaskId::new(6));
    assert!(task.poll().is_pending());
    let waker = kept.take().expect("a waker");
    assert!(task.poll().is_ready());
    let Poll::Ready(Ok(out)) = join.poll_join(&mut noop()) else { panic!("the output") };
    assert_eq!(out, "out");
    drop((task, join));
    // The last references go on another thread: one wakes and aborts (nobody runs: nothing
    // happens), the last one frees the task there.
    std::thread::scope(|s| {
        s.spawn(move || {
            waker.wake_by_ref();
            handle.abort();
            drop(handle);
            waker.wake();
        });
    });
}

/// Counts its drops, from any thread.
struct CountedSend(Arc<AtomicUsize>);

impl Drop for CountedSend {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Runs `f` on another thread; whether it panicked there.
fn panics_elsewhere(f: impl FnOnce() + Send) -> bool {
    std::thread::scope(|s| s.spawn(move || catch_unwind(AssertUnwindSafe(f)).is_err()).join())
        .expect("the thread's panic is caught")
}

#[test]
fn a_join_ref_on_another_thread_is_handed_to_the_simulation_until_it_ends() {
    let drops = Arc::new(AtomicUsize::new(0));
    let shared = sim();
    let (future, _kept) = steps(0, CountedSend(drops.clone()));
    let (mut task, mut join) = spawn(future, TaskId::new(7), shared.clone(), sched());
    let abort = join.handle();
    assert!(task.poll().is_ready());
    // The simulation has not ended: another thread may not touch the task.
    assert!(panics_elsewhere(|| drop(join.poll_join(&mut noop()))), "polled elsewhere");
    assert!(
        panics_elsewhere(|| {
            join.is_finished();
        }),
        "asked elsewhere"
    );
    assert!(
        panics_elsewhere(|| {
            abort.is_finished();
        }),
        "asked through the abort handle"
    );
    assert_eq!(join.is_finished_here(), Some(true));
    // Dropped elsewhere: the count and the output go to the simulation.
    std::thread::scope(|s| {
        s.spawn(move || drop(join));
    });
    assert_eq!(drops.load(Ordering::SeqCst), 0, "kept until the simulation ends");
    drop(task);
    let orphans = shared.end().expect("the handle handed over");
    assert_eq!(orphans.len(), 1);
    drop(orphans);
    assert_eq!(drops.load(Ordering::SeqCst), 1, "dropped by the simulation's thread");
    assert!(shared.end().is_none(), "nothing left: ended");
    assert!(abort.is_finished(), "after the end, without touching the task");
}

#[test]
fn after_the_simulation_ended_a_join_ref_works_on_any_thread() {
    let drops = Arc::new(AtomicUsize::new(0));
    let shared = sim();
    let (future, _kept) = steps(1, String::from("out"));
    let (mut task, mut taken) = spawn(future, TaskId::new(8), shared.clone(), sched());
    let (other, _kept) = steps(0, CountedSend(drops.clone()));
    let (mut other_task, dropped) = spawn(other, TaskId::new(9), shared.clone(), sched());
    let (never, _kept) = steps(5, 0_u8);
    let (mut never_task, mut pending) = spawn(never, TaskId::new(10), shared.clone(), sched());
    assert!(task.poll().is_pending());
    assert!(task.poll().is_ready());
    assert!(other_task.poll().is_ready());
    assert!(never_task.poll().is_pending());
    let abort = pending.handle();
    // A teardown drops every task; then the simulation ends.
    drop((task, other_task, never_task));
    assert!(shared.end().is_none());
    std::thread::scope(|s| {
        s.spawn(move || {
            assert!(taken.is_finished());
            let Poll::Ready(Ok(out)) = taken.poll_join(&mut noop()) else { panic!("the output") };
            assert_eq!(out, "out");
            // Torn down before it finished: it never will, and registers a waker harmlessly.
            assert!(pending.poll_join(&mut noop()).is_pending());
            assert!(abort.is_finished());
            abort.abort();
            drop((taken, pending, abort));
            // Detached here: the output is dropped on this thread.
            drop(dropped);
        });
    });
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

/// Ready at its first poll, after handing a clone of its waker to `slot`.
struct KeepsWaker(Arc<std::sync::Mutex<Option<Waker>>>);

impl Future for KeepsWaker {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        *self.0.lock().expect("the slot") = Some(cx.waker().clone());
        Poll::Ready(())
    }
}

/// Spawns a `KeepsWaker` on `shared`, runs it, drops its owners: only the waker is left.
/// Returns the waker and the cell's address.
fn only_a_waker_left(shared: &Arc<SimShared>) -> (Waker, usize) {
    let slot = Arc::new(std::sync::Mutex::new(None));
    let (mut task, join) = spawn(KeepsWaker(slot.clone()), TaskId::new(1), shared.clone(), sched());
    let at = super::hint_of(task.sched());
    assert!(task.poll().is_ready());
    drop((task, join));
    let waker = slot.lock().expect("the slot").take().expect("a waker");
    (waker, at)
}

#[test]
fn a_cell_freed_on_another_thread_is_taken_again_by_the_simulation() {
    let shared = sim();
    let (waker, at) = only_a_waker_left(&shared);
    // The last count goes on another thread: the cell goes to the arena's stack for frees
    // from elsewhere, and the next spawn of the same size on the simulation's thread takes it.
    std::thread::scope(|s| {
        s.spawn(move || drop(waker));
    });
    let (waker, again) = only_a_waker_left(&shared);
    assert_eq!(again, at, "the cell freed elsewhere is the next one taken");
    drop(waker);
    // Freed on the simulation's thread: straight to the free list.
    let (waker, third) = only_a_waker_left(&shared);
    assert_eq!(third, at);
    drop(waker);
}

#[test]
fn cells_of_other_sizes_take_other_cells_and_large_ones_work_boxed() {
    let shared = sim();
    let small = |n: u8| async move { n };
    let large = |n: u8| {
        let block = [n; 3000];
        async move {
            std::future::ready(()).await;
            block.iter().map(|&b| u32::from(b)).sum::<u32>()
        }
    };
    #[repr(align(64))]
    struct Aligned(u64);
    let aligned = |n: u64| {
        let value = Aligned(n);
        async move {
            let value = value;
            value.0
        }
    };
    let (mut a, mut join_a) = spawn(small(1), TaskId::new(1), shared.clone(), sched());
    let (mut b, mut join_b) = spawn(large(2), TaskId::new(2), shared.clone(), sched());
    let (mut c, mut join_c) = spawn(aligned(3), TaskId::new(3), shared.clone(), sched());
    let (a_at, c_at) = (super::hint_of(a.sched()), super::hint_of(c.sched()));
    let header_of = |hint: usize| hint - std::mem::offset_of!(super::header::Header, sched);
    assert_eq!(header_of(c_at) % 64, 0, "the over-aligned task's cell is aligned");
    for task in [&mut a, &mut b, &mut c] {
        while task.poll().is_pending() {}
    }
    assert_eq!(join_a.poll_join(&mut noop()).map(Result::ok), Poll::Ready(Some(1)));
    assert_eq!(join_b.poll_join(&mut noop()).map(Result::ok), Poll::Ready(Some(6000)));
    assert_eq!(join_c.poll_join(&mut noop()).map(Result::ok), Poll::Ready(Some(3)));
    let (d, join_d) = spawn(small(4), TaskId::new(4), shared.clone(), sched());
    let d_at = super::hint_of(d.sched());
    assert_ne!(d_at, a_at, "a live cell is nobody else's");
    drop((b, c, join_b, join_c, d, join_d));
    drop((a, join_a));
    // Both small cells are free now, the first task's freed last: the next small task takes
    // it, then the other one; then a new one.
    let (next, join) = spawn(small(5), TaskId::new(5), shared.clone(), sched());
    assert_eq!(super::hint_of(next.sched()), a_at);
    let (then, then_join) = spawn(small(6), TaskId::new(6), shared.clone(), sched());
    assert_eq!(super::hint_of(then.sched()), d_at);
    let (new, new_join) = spawn(small(7), TaskId::new(7), shared.clone(), sched());
    assert!(![a_at, d_at].contains(&super::hint_of(new.sched())));
    drop((next, join, then, then_join, new, new_join));
}

#[test]
fn the_arena_goes_with_its_last_cell_on_whichever_thread_frees_it() {
    let shared = sim();
    let (waker, _) = only_a_waker_left(&shared);
    let gone = Arc::downgrade(&shared);
    drop(shared);
    assert!(gone.upgrade().is_some(), "the waker's task holds the simulation");
    // The last reference to the simulation is the task's: freeing the cell there drops the
    // arena there (its blocks go to that thread's spares, freed with the thread).
    std::thread::scope(|s| {
        s.spawn(move || drop(waker));
    });
    assert!(gone.upgrade().is_none(), "the arena went with the last cell");
}
