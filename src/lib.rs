//! Deterministic simulation testing for async Rust.
//!
//! simloop runs async code on a single-threaded executor with a **virtual clock**. Every
//! scheduling decision (which ready task runs next, which of several timers due at the same
//! instant fires first, whether a timeout or the completion it races wins) is drawn from a
//! seeded ChaCha RNG. The same seed gives the same run, bit for bit; other seeds explore other
//! interleavings; sleeping costs no real time.
//!
//! # Quick start
//!
//! ```
//! use std::time::Duration;
//! use simloop::{Sim, time};
//!
//! let value = Sim::new(42).run(async {
//!     let fetch = simloop::spawn(async {
//!         time::sleep(Duration::from_secs(1)).await;
//!         "profile"
//!     });
//!     let email = simloop::spawn(async {
//!         time::sleep(Duration::from_millis(500)).await;
//!         "sent"
//!     });
//!     let out = (fetch.await.unwrap(), email.await.unwrap());
//!     assert_eq!(time::now().to_string(), "1.000s"); // concurrent: 1 s, not 1.5 s
//!     out
//! });
//! assert_eq!(value, ("profile", "sent"));
//! ```
//!
//! # Running things concurrently
//!
//! Beyond [`spawn`], the [`future`] module has asyncio's combinators, with Rust's shapes:
//! [`gather`], [`try_gather`], [`gather_settled`], [`wait`], [`as_completed`], [`TaskGroup`]
//! (structured concurrency: a failure aborts the siblings), and the [`select!`] and [`join!`]
//! macros, whose branch order is drawn from the seed. Runtime-agnostic crates
//! (`futures::channel`, `futures::lock`, `tokio::sync`) work inside a simulation; see
//! [`future`](future#runtime-agnostic-crates) for what does not.
//!
//! ```
//! use std::time::Duration;
//! use simloop::{Sim, time};
//!
//! Sim::new(7).run(async {
//!     let pages = simloop::gather([3u64, 1, 2].map(|s| async move {
//!         time::sleep(Duration::from_secs(s)).await;
//!         format!("page {s}")
//!     }))
//!     .await;
//!     assert_eq!(pages, ["page 3", "page 1", "page 2"]); // argument order
//!     assert_eq!(time::now().to_string(), "3.000s");
//! });
//! ```
//!
//! # Reproducing a failure
//!
//! A failing run ([`Sim::run`] panics with it, [`Sim::try_run`] returns it) reports what
//! happened, where, when, and how to replay it. A task that waits on a channel nobody will
//! ever send on, awaited by the main future:
//!
//! ```text
//! simloop: deadlock: the main future is waiting, but no task is ready and no timer is pending, so nothing can ever wake it
//!   seed      7
//!   strategy  random
//!   step      2
//!   time      0.000s
//! unfinished tasks (2):
//!   main           waiting for a wake since 0.000s; started at sim-tests/core_failures.rs:235:10; 1 poll
//!   task 1 "lock"  waiting for a wake since 0.000s; spawned at sim-tests/core_failures.rs:237:52; 1 poll
//! last events:
//!      0.000s  main           polled
//!      0.000s  task 1 "lock"  spawned by main at sim-tests/core_failures.rs:237:52
//!      0.000s  task 1 "lock"  polled
//! replay this run:
//!   SIMLOOP_SEED=7 cargo test core_failures::report_layout_matches_the_crate_docs
//! ```
//!
//! The test `core_failures::report_layout_matches_the_crate_docs` runs this program and checks
//! the report line by line. Setting
//! [`SIMLOOP_SEED`](env::SIMLOOP_SEED) makes every [`Sim::new`] of the process run that seed,
//! so the printed command replays the failure exactly.
//!
//! # Glossary
//!
//! - **simulation**: one run of a future under a [`Sim`], on one thread, with its own clock.
//! - **task**: a spawned future ([`spawn`]); the future given to `run` is the **main** task.
//! - **step**: one poll of one task. Virtual time does not move during a step.
//! - **ready set**: the tasks woken and waiting to be polled.
//! - **decision**: a choice among options (a ready task, a timer order, a timeout race), drawn
//!   from the seed; choice `0` is the default order, asyncio's.
//! - **virtual time**: the simulation clock ([`time::Instant`]); it moves only when no task is
//!   ready, straight to the next timer.
//! - **seed**: the `u64` every decision of a run derives from.
//! - **trace**: the events of a run ([`trace::Trace`]); **digest**: a 64-bit fingerprint of
//!   them, always computed.
//!
//! # Determinism contract
//!
//! A run depends only on its seed, its [`Strategy`] and the code under test. simloop itself
//! uses no wall-clock time, no OS randomness, no threads and no hash-map order (a `clippy.toml`
//! bans them from the crate). Code under test must do the same: take time from
//! [`time`], randomness from [`random`]/[`rng`], and keep the simulation's futures on its
//! thread (a wake from another thread fails the run with [`FailureKind::ForeignWake`]).
//!
//! # Features
//!
//! - `tracing` (off by default): `simloop::tracing::SimLayer` puts events of the
//!   `tracing` crate into the simulation's trace; `tracing::VirtualTime` prints virtual time in
//!   `tracing_subscriber::fmt` output.
//!
//! # Environment
//!
//! | variable | effect |
//! | --- | --- |
//! | [`SIMLOOP_SEED`](env::SIMLOOP_SEED) | replays one seed: every `Sim::new` of the process uses it |

#![forbid(unsafe_code)]
#![doc(test(attr(deny(warnings))))]

#[doc(hidden)]
pub mod __private;
mod blocking;
pub mod env;
pub mod future;
mod rng;
mod runtime;
mod strategy;
pub mod task;
pub mod time;
pub mod trace;
#[cfg(feature = "tracing")]
pub mod tracing;

pub use blocking::{cpu_work, spawn_blocking};
pub use future::{
    GroupError, TaskGroup, WaitFor, Waited, as_completed, gather, gather_settled, try_gather, wait,
};
#[doc(hidden)]
pub use insta as __insta;
pub use rand_core;
pub use rng::{RandomValue, SimRng, random, rng};
pub use runtime::{
    DEFAULT_BLOCKING_WORKERS, DEFAULT_MAX_STEPS, DEFAULT_SLOW_POLL, Detector, Failure, FailureKind,
    Outcome, Policy, Sim,
};
pub use strategy::{ParseStrategyError, Strategy};
pub use task::{JoinError, JoinHandle, spawn, yield_now};
