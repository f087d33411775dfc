//! Virtual time: the clock, sleeps, timeouts and intervals.
//!
//! # Auto-advance
//!
//! Each simulation has its own clock, starting at [`Instant::ZERO`]. The clock never moves
//! while a task is ready: a poll takes no virtual time. When no task is ready, the clock
//! jumps straight to the earliest pending timer and every timer due at that instant fires.
//! A test that sleeps for an hour therefore runs in microseconds. When no task is ready and
//! no timer is pending while the main future still waits, nothing can ever happen again: the
//! run fails with a deadlock report that lists the blocked tasks.
//!
//! # Determinism
//!
//! Timers due at the same instant fire in an order drawn from the seed, and a [`timeout`]
//! whose inner future completes at the instant of its deadline wins or loses by a draw;
//! choice `0` of both (the default order) is creation order and the completion. Under
//! [`Strategy::Fifo`](crate::Strategy::Fifo) they follow asyncio: timers leave in the order
//! of CPython's timer heap, and the deadline wins.
//!
//! asyncio counterparts: [`sleep`] is `asyncio.sleep`, [`timeout`] is `asyncio.timeout` (and
//! 3.12's `asyncio.wait_for`), [`now`] is `loop.time()`.

mod clock;
mod instant;
mod interval;
mod loop_timer;
mod sleep;
mod timeout;

pub use clock::now;
pub use instant::Instant;
pub use interval::{Interval, interval, interval_at};
pub(crate) use loop_timer::LoopTimer;
pub use sleep::{Sleep, sleep, sleep_until};
pub use std::time::Duration;
pub use timeout::{Elapsed, Timeout, timeout, timeout_at};
