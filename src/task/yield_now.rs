//! Giving other tasks a turn.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Yields to the scheduler once: the task is scheduled again at once, and the next task to
/// run is chosen among all ready tasks (possibly this one again). As tokio's `yield_now`
/// lets its I/O driver run, the network's deliveries due by now are made first (under the
/// default strategies; under [`Strategy::Fifo`](crate::Strategy::Fifo) each loop iteration
/// makes them).
///
/// # Determinism
///
/// Which task runs after the yield is a scheduling decision drawn from the seed (under
/// [`Strategy::Fifo`](crate::Strategy::Fifo), every task ready before it runs first).
///
/// # Examples
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
/// use simloop::{Sim, Strategy};
///
/// let log = Sim::new(1).strategy(Strategy::Fifo).run(async {
///     let log = Rc::new(RefCell::new(Vec::new()));
///     let l = log.clone();
///     let h = simloop::spawn(async move { l.borrow_mut().push("task") });
///     log.borrow_mut().push("main before yield");
///     simloop::yield_now().await;
///     log.borrow_mut().push("main after yield");
///     h.await.unwrap();
///     Rc::try_unwrap(log).unwrap().into_inner()
/// });
/// assert_eq!(log, ["main before yield", "task", "main after yield"]);
/// ```
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

/// The future of [`yield_now`].
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     let y: simloop::task::YieldNow = simloop::yield_now();
///     y.await;
/// });
/// ```
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        // Outside a simulation (another runtime polls it) there is nobody to tell.
        let _ = crate::runtime::context::with_current(|core| core.note_yield());
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
