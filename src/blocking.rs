//! Blocking work: CPU-bound code that holds the loop, and work bridged to a worker pool.
//!
//! A real event loop runs one callback at a time: CPU-bound work inside a task delays every
//! other task (asyncio's `slow_callback_duration` warning), while work handed to a thread
//! pool (`loop.run_in_executor`, tokio's `spawn_blocking`) runs beside the loop, queueing
//! when every worker is busy. simloop models both on the virtual clock, on the one thread of
//! the simulation:
//!
//! - [`cpu_work`] moves the clock forward during the current poll: no other task runs
//!   meanwhile, and a sleeper due in between wakes late.
//! - [`spawn_blocking`] runs a closure on a simulated pool of
//!   [`Sim::blocking_workers`](crate::Sim::blocking_workers) workers: it completes `cost` of
//!   virtual time after a worker takes it, and jobs wait in arrival order for a free worker.

use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::runtime::context;
use crate::task::{Builder, JoinHandle};

/// Models CPU-bound work of `duration` inside the current task: the virtual clock moves by
/// `duration` at once, and no other task runs meanwhile.
///
/// This is the mistake of calling blocking code on an event loop (asyncio's `time.sleep`
/// inside a coroutine): timers due during the work fire late, and a poll longer than
/// [`Sim::slow_poll`](crate::Sim::slow_poll) is reported by [`Detector::SlowPoll`](crate::Detector::SlowPoll).
/// Work that may run beside the loop belongs in [`spawn_blocking`].
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, Strategy, time};
///
/// Sim::new(1).strategy(Strategy::Fifo).run(async {
///     let sleeper = simloop::spawn(async {
///         time::sleep(Duration::from_millis(10)).await;
///         time::now() // due at 0.010s
///     });
///     simloop::yield_now().await; // let it start sleeping
///     simloop::cpu_work(Duration::from_millis(50)); // holds the loop: nobody else runs
///     assert_eq!(sleeper.await.unwrap().to_string(), "0.050s"); // woke 40 ms late
/// });
/// ```
#[track_caller]
pub fn cpu_work(duration: Duration) {
    context::with("simloop::cpu_work", |core| core.cpu_work(duration));
}

/// Runs `f` on the simulation's pool of blocking workers; its result is ready `cost` of
/// virtual time after a worker takes the job.
///
/// The model of asyncio's `loop.run_in_executor` and tokio's `spawn_blocking`: the job is a
/// task (named `spawn_blocking`) that waits for a free worker, in arrival order, holds it for
/// `cost` of virtual time, then runs `f` and returns its output. With every worker busy, jobs
/// queue, and the timings show it. `f` runs on the simulation's thread, at the virtual instant
/// its work completes; it need not be `Send`.
///
/// # Cancellation
///
/// Aborting the handle before a worker takes the job removes it from the queue; aborting it
/// while it holds a worker frees the worker, and `f` never runs.
///
/// # Panics
///
/// Panics when called outside a simulation. A panic in `f` is the task's panic: it goes to
/// whoever awaits the handle.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// let at = Sim::new(1).blocking_workers(2).run(async {
///     // Three one-second jobs on two workers: the third waits for a free worker.
///     let jobs: Vec<_> = (0..3)
///         .map(|i| simloop::spawn_blocking(Duration::from_secs(1), move || i * 10))
///         .collect();
///     let mut done = Vec::new();
///     for job in jobs {
///         done.push((job.await.unwrap(), time::now().to_string()));
///     }
///     done
/// });
/// assert_eq!(at[2], (20, "2.000s".to_string()));
/// ```
#[track_caller]
pub fn spawn_blocking<F, T>(cost: Duration, f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + 'static,
    T: 'static,
{
    let site = Location::caller();
    Builder::new().name("spawn_blocking").spawn_at(site, async move {
        let _worker = Acquire { ticket: None }.await;
        crate::time::sleep(cost).await;
        f()
    })
}

/// Waits for a free worker, in arrival order.
struct Acquire {
    ticket: Option<u64>,
}

/// A worker held by a job; freed when dropped.
struct Worker;

impl Future for Acquire {
    type Output = Worker;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Worker> {
        let ticket = self.ticket;
        let (poll, ticket) = context::with("simloop::spawn_blocking", |core| {
            core.acquire_worker(ticket, cx.waker())
        });
        self.ticket = ticket;
        poll.map(|()| Worker)
    }
}

impl Drop for Acquire {
    fn drop(&mut self) {
        let Some(ticket) = self.ticket else { return };
        // Cancelled while queued, or after a worker was handed over but not taken.
        let next = context::with_current(|core| core.cancel_worker_request(ticket));
        if let Some(waker) = next.flatten() {
            waker.wake();
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(waker) = context::with_current(|core| core.release_worker()).flatten() {
            waker.wake();
        }
    }
}
