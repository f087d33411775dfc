//! asyncio's `TimerHandle`, for the combinators under `Strategy::Fifo`.

use std::panic::Location;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Wake, Waker};

use super::Instant;
use crate::runtime::{TimerKey, context};

/// A timer armed at once, as `loop.call_later` arms one: it counts as fired only when the run
/// loop reaches it, so one armed for "now" fires at the next loop iteration, after what is
/// already ready (a [`Sleep`](super::Sleep) is complete as soon as the clock has reached its
/// deadline). Firing wakes the waker last given; dropping the timer cancels it.
#[derive(Debug)]
pub(crate) struct LoopTimer {
    /// The simulation and key of the timer, until it is cancelled.
    timer: Option<(u64, TimerKey)>,
    flag: Arc<Flag>,
}

/// What the timer's waker sets: fired, and whom to wake.
#[derive(Debug, Default)]
struct Flag {
    fired: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.fired.store(true, Ordering::Relaxed);
        let waker = self.waker.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl LoopTimer {
    /// Arms a timer for `deadline`, which wakes `waker` when it fires.
    pub(crate) fn at(deadline: Instant, waker: &Waker, site: &'static Location<'static>) -> Self {
        let flag = Arc::new(Flag { fired: AtomicBool::new(false), waker: Mutex::new(None) });
        flag.set(waker);
        let timer = context::with("arming a timer", |core| {
            (core.sim_id(), core.add_timer(deadline, Waker::from(flag.clone()), site))
        });
        Self { timer: Some(timer), flag }
    }

    /// Whether the timer fired.
    pub(crate) fn fired(&self) -> bool {
        self.flag.fired.load(Ordering::Relaxed)
    }

    /// The waker to wake when the timer fires.
    pub(crate) fn set_waker(&self, waker: &Waker) {
        self.flag.set(waker);
    }

    /// Cancels the timer (asyncio's `TimerHandle.cancel`); nothing when it fired or was
    /// cancelled.
    pub(crate) fn cancel(&mut self) {
        if let Some((sim, key)) = self.timer.take() {
            let waker = context::with_sim(sim, |core| core.cancel_timer(key));
            drop(waker);
        }
    }
}

impl Flag {
    fn set(&self, waker: &Waker) {
        let mut slot = self.waker.lock().unwrap_or_else(PoisonError::into_inner);
        match &*slot {
            Some(old) if old.will_wake(waker) => {}
            _ => *slot = Some(waker.clone()),
        }
    }
}

impl Drop for LoopTimer {
    fn drop(&mut self) {
        self.cancel();
    }
}
