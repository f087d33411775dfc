//! Virtual time: tokio's `time` module over simloop's clock.
//!
//! # Auto-advance
//!
//! The clock is the simulation's: it moves only when no task is ready, straight to the next
//! timer, whether or not time is "paused". [`pause`], [`resume`] and [`advance`] keep tokio's
//! rules about when they panic (`advance` needs paused time, `pause` a current-thread
//! runtime), so tests written for tokio's paused clock run unchanged; a test written for
//! tokio's real clock runs on virtual time.

pub mod error;
mod instant;
mod interval;
mod sleep;
mod timeout;

pub use error::Elapsed;
pub use instant::Instant;
pub use interval::{Interval, MissedTickBehavior, interval, interval_at};
pub use sleep::{Sleep, sleep, sleep_until};
pub use std::time::Duration;
pub use timeout::{Timeout, timeout, timeout_at};

use crate::sim::context;

/// Freezes time; tokio's `time::pause`.
///
/// Virtual time auto-advances anyway: this only records, as tokio does, that time is frozen,
/// so that [`advance`] and [`resume`] may be called.
///
/// # Panics
///
/// Panics when time is already frozen, and on a multi-thread runtime (tokio's rules).
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// tokio::time::pause();
/// tokio::time::resume();
/// # }
/// ```
#[track_caller]
pub fn pause() {
    context::with_runtime(|state| {
        let Some(state) = state else { return };
        if state.multi_thread {
            panic!(
                "`time::pause()` requires the `current_thread` Tokio runtime. This is the \
                 default Runtime used by `#[tokio::test]."
            );
        }
        if state.paused {
            panic!("time is already frozen");
        }
        state.paused = true;
    });
}

/// Unfreezes time; tokio's `time::resume`.
///
/// # Panics
///
/// Panics when time is not frozen.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// tokio::time::resume();
/// # }
/// ```
#[track_caller]
pub fn resume() {
    context::with_runtime(|state| {
        let Some(state) = state else { return };
        if !state.paused {
            panic!("time is not frozen");
        }
        state.paused = false;
    });
}

/// Moves the clock forward by `duration`, firing the timers due by then; tokio's
/// `time::advance`.
///
/// The facade sleeps for `duration` (the simulation's clock jumps there when no task is
/// ready), then yields once. Unlike tokio's jump, timers due before the end fire at their
/// own deadlines, so a task they wake sees the time it was due.
///
/// # Panics
///
/// Panics when time is not frozen.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::Instant;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let start = Instant::now();
/// tokio::time::advance(Duration::from_secs(10)).await;
/// assert_eq!(start.elapsed(), Duration::from_secs(10));
/// # }
/// ```
pub async fn advance(duration: Duration) {
    let frozen = context::with_runtime(|state| state.is_none_or(|state| state.paused));
    assert!(frozen, "time is not frozen");
    sleep(duration).await;
    simloop::yield_now().await;
}
