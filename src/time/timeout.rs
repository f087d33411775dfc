//! Bounding the time a future may take.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use pin_project_lite::pin_project;

use super::{Instant, Sleep};
use crate::runtime::context;

/// Runs `future` for at most `duration` of virtual time.
///
/// Gives `Ok(output)` when the future completes first, or `Err(Elapsed)` at the deadline. When
/// the deadline wins, the inner future is **dropped at that instant** (its `Drop` impls run),
/// which is how asyncio's `wait_for` cancels the work it waits on.
///
/// # Determinism
///
/// When the inner future completes at the very instant of the deadline, which one wins is a
/// decision drawn from the seed (choice `0`, the default order, lets the completion win).
/// Under [`Strategy::Fifo`](crate::Strategy::Fifo) it is asyncio's `timeout`: the timer is
/// armed at the first poll, before the inner future runs, and once the deadline has come the
/// deadline wins (asyncio's handler is a timer callback, which cancels the task before it
/// resumes). A deadline already come at the first poll elapses only after a round of the
/// ready queue (asyncio schedules the handler with `call_soon`): the inner future runs until
/// then, and the tasks ready before run first.
///
/// # Cancellation
///
/// A timeout on a [`JoinHandle`](crate::JoinHandle) only stops *waiting*: dropping a handle
/// detaches its task, which runs on after the deadline. Call
/// [`abort`](crate::JoinHandle::abort) on the handle (keep an
/// [`AbortHandle`](crate::task::AbortHandle)) to stop the work itself.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let slow = time::sleep(Duration::from_secs(5));
///     let res = time::timeout(Duration::from_secs(2), slow).await;
///     assert!(res.is_err());
///     assert_eq!(time::now().to_string(), "2.000s");
/// });
/// ```
#[track_caller]
pub fn timeout<F: IntoFuture>(duration: Duration, future: F) -> Timeout<F::IntoFuture> {
    Timeout::new(super::sleep(duration), future.into_future())
}

/// Runs `future` until the virtual clock reaches `deadline`; see [`timeout`].
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let deadline = time::now() + Duration::from_secs(1);
///     let res = time::timeout_at(deadline, async { 7 }).await;
///     assert_eq!(res.unwrap(), 7);
/// });
/// ```
#[track_caller]
pub fn timeout_at<F: IntoFuture>(deadline: Instant, future: F) -> Timeout<F::IntoFuture> {
    Timeout::new(super::sleep_until(deadline), future.into_future())
}

pin_project! {
    /// The future of [`timeout`] and [`timeout_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time::{self, Timeout};
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let t: Timeout<_> = time::timeout(Duration::from_secs(1), async { 1 });
    ///     assert_eq!(t.deadline().to_string(), "1.000s");
    ///     assert_eq!(t.await.unwrap(), 1);
    /// });
    /// ```
    #[derive(Debug)]
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct Timeout<F> {
        #[pin]
        inner: Option<F>,
        sleep: Sleep,
        mode: Mode,
    }
}

/// How a `Timeout` keeps its deadline, chosen at its first poll.
#[derive(Debug)]
enum Mode {
    /// Not polled yet.
    Unentered,
    /// The deadline is checked at each poll, and a tie drawn (every strategy but `Fifo`).
    Plain,
    /// asyncio's `timeout` under `Fifo`: the timer was armed when the block was entered,
    /// before the block ran; the deadline wins once it has come.
    Timer,
    /// asyncio's `timeout` under `Fifo` with a deadline already due when entered: its
    /// handler was scheduled with `call_soon`, and the block runs until the handler has run.
    Due(Arc<Mutex<Handler>>),
}

/// asyncio's `Timeout._on_timeout`, scheduled with `call_soon` for a due deadline.
#[derive(Debug)]
struct Handler {
    /// The handler ran: the block is cancelled at the task's next poll.
    fired: bool,
    /// The block completed first: the handler does nothing.
    cancelled: bool,
    /// The waker of the task that runs the block.
    waker: Option<Waker>,
}

impl Handler {
    /// The handler's run: marks the block expired and wakes its task.
    fn run(handler: &Weak<Mutex<Self>>) {
        let Some(handler) = handler.upgrade() else { return };
        let waker = {
            let mut h = handler.lock().unwrap_or_else(PoisonError::into_inner);
            if h.cancelled {
                return;
            }
            h.fired = true;
            h.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<F> Timeout<F> {
    fn new(sleep: Sleep, inner: F) -> Self {
        Self { inner: Some(inner), sleep, mode: Mode::Unentered }
    }

    /// The instant at which the timeout elapses.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// simloop::Sim::new(1).run(async {
    ///     let t = simloop::time::timeout(Duration::from_millis(5), async {});
    ///     assert_eq!(t.deadline().to_string(), "0.005s");
    /// });
    /// ```
    pub fn deadline(&self) -> Instant {
        self.sleep.deadline()
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let mut inner =
            this.inner.as_mut().as_pin_mut().expect("`Timeout` polled after it returned `Ready`");
        let deadline = this.sleep.deadline();
        if matches!(this.mode, Mode::Unentered) {
            *this.mode = enter(deadline, this.sleep, cx);
        }
        let expired = match &*this.mode {
            Mode::Unentered | Mode::Plain => {
                let due = context::with("polling a `Timeout`", |core| {
                    (core.now() >= deadline).then(|| core.timeout_race())
                });
                match due {
                    None => {
                        if let Poll::Ready(output) = inner.poll(cx) {
                            return Poll::Ready(Ok(output));
                        }
                        match Pin::new(&mut *this.sleep).poll(cx) {
                            Poll::Pending => return Poll::Pending,
                            Poll::Ready(()) => true,
                        }
                    }
                    Some(deadline_first) => {
                        if !deadline_first {
                            if let Poll::Ready(output) = inner.poll(cx) {
                                return Poll::Ready(Ok(output));
                            }
                        }
                        true
                    }
                }
            }
            Mode::Timer => {
                let due = context::with("polling a `Timeout`", |core| {
                    (core.now() >= deadline).then(|| core.timeout_race())
                });
                if due.is_none() {
                    if let Poll::Ready(output) = inner.as_mut().poll(cx) {
                        return Poll::Ready(Ok(output));
                    }
                    // Keeps the timer's waker current; the deadline has not come.
                    if Pin::new(&mut *this.sleep).poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                }
                true
            }
            Mode::Due(handler) => {
                let fired = {
                    let mut h = handler.lock().unwrap_or_else(PoisonError::into_inner);
                    if !h.fired {
                        match &h.waker {
                            Some(w) if w.will_wake(cx.waker()) => {}
                            _ => h.waker = Some(cx.waker().clone()),
                        }
                    }
                    h.fired
                };
                if !fired {
                    if let Poll::Ready(output) = inner.poll(cx) {
                        handler.lock().unwrap_or_else(PoisonError::into_inner).cancelled = true;
                        return Poll::Ready(Ok(output));
                    }
                    return Poll::Pending;
                }
                true
            }
        };
        debug_assert!(expired);
        this.inner.set(None);
        context::with("polling a `Timeout`", |core| core.timeout_elapsed());
        Poll::Ready(Err(Elapsed(())))
    }
}

/// The first poll of a `Timeout`: under `Fifo`, asyncio's `Timeout.__aenter__`, which arms
/// the deadline before the block runs (a timer, or `call_soon` of the handler when the
/// deadline is already due).
fn enter(deadline: Instant, sleep: &mut Sleep, cx: &mut Context<'_>) -> Mode {
    let (asyncio, now) =
        context::with("polling a `Timeout`", |core| (core.asyncio_callbacks(), core.now()));
    if !asyncio {
        return Mode::Plain;
    }
    if deadline > now {
        // Registers the timer; the deadline is still to come.
        let _ = Pin::new(sleep).poll(cx);
        return Mode::Timer;
    }
    let handler = Arc::new(Mutex::new(Handler {
        fired: false,
        cancelled: false,
        waker: Some(cx.waker().clone()),
    }));
    let weak = Arc::downgrade(&handler);
    context::with("polling a `Timeout`", |core| {
        core.call_soon(Box::new(move || Handler::run(&weak)));
    });
    Mode::Due(handler)
}

/// The error of a [`timeout`] whose deadline came first.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::time;
///
/// simloop::Sim::new(1).run(async {
///     let err = time::timeout(Duration::ZERO, std::future::pending::<()>()).await.unwrap_err();
///     assert_eq!(err.to_string(), "deadline has elapsed");
/// });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed(());

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl std::error::Error for Elapsed {}
