//! tokio's API, simulated: your tokio code, unchanged, under simloop.
//!
//! ```toml
//! [dependencies]
//! tokio = { package = "simloop-tokio", version = "0.1", features = ["full"] }
//! ```
//!
//! - **A normal build is tokio**: this crate re-exports the real `tokio` with the same
//!   features; production code pays nothing.
//! - **Built with `--cfg simloop`** (`RUSTFLAGS="--cfg simloop"`, best with its own
//!   `CARGO_TARGET_DIR`), the runtime-facing modules are simloop's: [`spawn`], `task`,
//!   `time`, `runtime`, `select!`, `join!`, `try_join!`, `signal::ctrl_c`, and
//!   `#[tokio::main]`/`#[tokio::test]`, where a test becomes an exploration of many seeds
//!   (with `#[simloop::test]`'s arguments and the `SIMLOOP_*` environment). Items that need
//!   no runtime (`sync`, `io`, `pin!`, `task_local!`) are real tokio's.
//! - **What cannot be simulated fails loudly**: `fs`, `process`, `net` (until simloop's
//!   network lands), the standard streams and Unix signals panic at once, naming the item,
//!   before anything reaches the operating system. Nothing falls back to a real reactor or
//!   to the wall clock: [`time::Instant::now`] is the simulation's clock.
//!
//! ```sh
//! cargo test                                                                  # real tokio
//! RUSTFLAGS="--cfg simloop" CARGO_TARGET_DIR=target/sim cargo test        # simulated
//! ```
//!
//! # Semantics of the simulation build
//!
//! tokio's semantics hold where a test can see them: `interval`'s first tick is at once and
//! [`time::MissedTickBehavior`] applies to ticks more than 5 ms late; `timeout` polls its
//! future before its deadline; `advance` fires the timers it passes; `pause`, `resume` and
//! `advance` panic when tokio's do; dropping a `JoinHandle` detaches; tasks still running
//! when the main future returns are dropped (not reported as leaked); a panicking task's
//! panic is its `JoinError`. What differs, by choice:
//!
//! - every scheduling decision (which task runs, the branch order of `select!`, `join!`
//!   and `try_join!`, timers due at once) is drawn from the seed;
//! - time is virtual and always auto-advances, paused or not; `advance` sleeps, so timers
//!   it passes fire at their own deadlines;
//! - a multi-thread runtime runs on one thread; `spawn_blocking` and `block_in_place` run
//!   their closure on it, taking no virtual time;
//! - each `block_on` is one simulation: tasks do not outlive it, `Runtime::spawn` outside it
//!   panics.
//!
//! tokio 1.x has no `stream` module: `tokio-stream`'s runtime-free streams work in a
//! simulation; its time wrappers (`IntervalStream`, `StreamExt::timeout`) wrap real tokio's
//! types.
//!
//! Crates that call tokio's runtime themselves (tower, hyper, tokio-util's time types,
//! tokio-test's `block_on`) still call real tokio, which has no runtime here: they panic.

#![forbid(unsafe_code)]
#![doc(test(attr(deny(warnings))))]

#[cfg(not(simloop))]
pub use real_tokio::*;

#[cfg(simloop)]
mod sim;
#[cfg(simloop)]
pub use sim::*;
