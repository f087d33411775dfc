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
//!     hint: if work on another OS thread (a real runtime, `std::thread`, a thread pool) was to wake it, that wake cannot reach a simulation: do that work inside it (`simloop::spawn_blocking`, simloop's tasks and timers)
//!   seed      7
//!   strategy  random
//!   step      2
//!   time      0.000s
//! unfinished tasks (2):
//!   main           waiting for a wake since 0.000s; started at sim-tests/core_failures.rs:233:10; 1 poll
//!   task 1 "lock"  waiting for a wake since 0.000s; spawned at sim-tests/core_failures.rs:235:52; 1 poll
//! last events:
//!      0.000s  main           polled
//!      0.000s  task 1 "lock"  spawned by main at sim-tests/core_failures.rs:235:52
//!      0.000s  task 1 "lock"  polled
//! replay this run:
//!   SIMLOOP_SEED=7 cargo test --test sim -- --exact core_failures::report_layout_matches_the_crate_docs
//! ```
//!
//! The test `core_failures::report_layout_matches_the_crate_docs` runs this program and checks
//! the report line by line. Setting
//! [`SIMLOOP_SEED`](env::SIMLOOP_SEED) makes every [`Sim::new`] of the process run that seed,
//! so the printed command replays the failure exactly.
//!
//! # Exploring many seeds
//!
//! One seed is one interleaving. [`#[simloop::test]`](test) explores many: the test's body
//! runs once per seed, on all cores, and the test fails with the report of the first failing
//! seed (the lowest iteration, whatever the thread count), rerun with its full trace and
//! checked for determinism:
//!
//! ```
//! #[simloop::test(iterations = 1_000)]
//! async fn deposits_add_up() {
//!     let account = std::rc::Rc::new(std::cell::Cell::new(100));
//!     let deposits: Vec<_> = (0..2)
//!         .map(|_| {
//!             let account = account.clone();
//!             simloop::spawn(async move {
//!                 let arrival = simloop::random::<u64>() % 100; // 0-99 ms
//!                 simloop::time::sleep(std::time::Duration::from_millis(arrival)).await;
//!                 let balance = account.get();
//!                 simloop::time::sleep(std::time::Duration::from_millis(2)).await; // the write
//!                 account.set(balance + 50);
//!             })
//!         })
//!         .collect();
//!     for deposit in deposits {
//!         deposit.await.unwrap();
//!     }
//!     assert_eq!(account.get(), 200, "lost update"); // fails when the two arrive close
//! }
//! ```
//!
//! [`explore`] and [`Explorer`] do the same without the attribute. A failing exploration
//! prints a header, its settings, the determinism check, where the failing run's trace was
//! written, the shrunk schedule, then the run's report, ending with the replay command:
//!
//! ```text
//! simloop: explore: explored 24 iterations, failing iteration 23, seed 10560579532571941795
//!   test         explore_replay::seeded_bug
//!   strategy     random
//!   base seed    24301
//!   threads      2
//!   wall time    3.1ms
//!   regressions  seed saved to snapshots/seeds/sim/explore_replay__seeded_bug.txt: check the file in; every later run replays it first
//!   determinism  checked: two reruns with trace recording failed the same way (digest 0x4af7d3c78b7aa5b2)
//!   trace        written to target/simloop/explore_replay__seeded_bug/10560579532571941795.txt, and target/simloop/explore_replay__seeded_bug/10560579532571941795.json for https://ui.perfetto.dev
//!   shrinking    3 decisions off the default order, shrunk to 0, in 3 runs
//! shrunk schedule: the default order fails; no decision is needed
//! replay the shrunk schedule:
//!   SIMLOOP_SCHEDULE=v2: SIMLOOP_SEED=10560579532571941795 cargo test --test sim -- --exact explore_replay::seeded_bug
//! simloop: panic: the main future panicked at sim-tests/support/bugs.rs:28:5: assertion `left == right` failed: lost update: the balance is 150 after two deposits of 50
//!   ...
//! replay this run:
//!   SIMLOOP_SEED=10560579532571941795 cargo test --test sim -- --exact explore_replay::seeded_bug
//! ```
//!
//! (`sim-tests/explore_replay.rs` produces this report in a child process, checks its
//! header, runs the printed command and gets the same report.) The seed is appended to the
//! test's [`RegressionFile`], `snapshots/seeds/<test binary>/<test>.txt`: check it in, and
//! every later run tries it first. A passing exploration prints one line:
//!
//! ```text
//! simloop: macro_test::default_arguments: 256 iterations passed (2 distinct schedules, 0 of them seen once: a further run is new with probability 0.000 (Good-Turing); 4m16s of virtual time, 0.003s wall, 2 threads; strategy random, base seed 24301)
//! ```
//!
//! # Finding bugs faster
//!
//! Beyond uniform random scheduling, [`Strategy::Pct`] (probabilistic concurrency testing)
//! finds bugs that need a few preemptions at precise points, [`Strategy::DelayBounded`] bugs
//! that need a task kept waiting, [`Strategy::Pos`] samples racing steps evenly, and
//! [`Strategy::Portfolio`] rotates them across iterations; [`Strategy::Dfs`] runs every
//! schedule with at most `k` preemptions and says when all of them pass
//! ([`Report::exhausted`]). Every decision of a run is an entry of its [`Tape`]:
//! recorded on request, replayed instead of the seed ([`Sim::tape`],
//! [`SIMLOOP_SCHEDULE`](env::SIMLOOP_SCHEDULE)), and **shrunk** when an exploration fails, so
//! the report lists only the decisions the failure needs, in words, with the command that
//! replays them ([`ExploreFailure::shrunk_tape`]). [`buggify!`] and [`Sim::inject_aborts`]
//! inject faults from their own stream; they are decisions too.
//!
//! ```
//! use std::{cell::RefCell, rc::Rc};
//! use simloop::{Explorer, Strategy, task::Builder};
//!
//! let failed = Explorer::new().strategy(Strategy::Portfolio).no_regressions()
//!     .try_run(|| async {
//!         let log = Rc::new(RefCell::new(Vec::new()));
//!         let (a, b) = (log.clone(), log.clone());
//!         let first = Builder::new().name("first").spawn(async move { a.borrow_mut().push(1) });
//!         let second = Builder::new().name("second").spawn(async move { b.borrow_mut().push(2) });
//!         first.await.unwrap();
//!         second.await.unwrap();
//!         assert_eq!(*log.borrow(), [1, 2], "out of order");
//!     })
//!     .unwrap_err();
//! # if std::env::var_os("SIMLOOP_SCHEDULE").is_none() {
//! let words: Vec<&str> = failed.shrunk_tape().unwrap().differences().collect();
//! assert_eq!(words, ["step 2 at 0.000s: ran `second` before `first`"]);
//! # }
//! ```
//!
//! # Printing what asyncio prints
//!
//! [`Strategy::Fifo`] draws nothing: it runs CPython 3.11's event loop in miniature (one ready
//! queue of task steps, fired timers and callbacks, run in loop iterations), so that a port
//! of an asyncio program prints what CPython prints. Same-instant timers leave in the order
//! of CPython's timer heap, a [`time::timeout`]'s deadline beats a same-instant completion,
//! and the combinators wake their caller from done callbacks, a round of the ready queue
//! after a task ends. [`Strategy::Fifo`] lists the rules with the CPython mechanism behind
//! each; `sim-tests/parity_cpython.rs` checks them against CPython on random programs.
//!
//! ```
//! use std::{cell::RefCell, rc::Rc};
//! use simloop::{Sim, Strategy};
//!
//! // async def child(): asyncio.create_task(logger())   # logger: sleep(0), then logs
//! // await asyncio.gather(child()); log.append("gathered")
//! let log = Sim::new(1).strategy(Strategy::Fifo).run(async {
//!     let log = Rc::new(RefCell::new(Vec::new()));
//!     let logger = log.clone();
//!     simloop::gather([async move {
//!         drop(simloop::spawn(async move {
//!             simloop::yield_now().await;
//!             logger.borrow_mut().push("logger");
//!         }));
//!     }])
//!     .await;
//!     log.borrow_mut().push("gathered");
//!     let entries = log.borrow().clone();
//!     entries
//! });
//! // gather resumes its caller from the child's done callback: the logger, woken meanwhile,
//! // runs first, as in CPython.
//! assert_eq!(log, ["logger", "gathered"]);
//! ```
//!
//! # Glossary
//!
//! - **simulation**: one run of a future under a [`Sim`], on one thread, with its own clock.
//! - **task**: a spawned future ([`spawn`]); the future given to `run` is the **main** task.
//! - **step**: one poll of one task. Virtual time does not move during a step.
//! - **ready set**: the tasks woken and waiting to be polled.
//! - **decision**: a choice among options (a ready task, a timer order, a timeout race), drawn
//!   from the seed; choice `0` is the **default order**: wake order, timers in creation
//!   order, the completion before a same-instant timeout, the written branch order.
//! - **virtual time**: the simulation clock ([`time::Instant`]); it moves only when no task is
//!   ready, straight to the next timer.
//! - **seed**: the `u64` every decision of a run derives from.
//! - **trace**: the events of a run ([`trace::Trace`]); **digest**: a 64-bit fingerprint of
//!   them, always computed.
//! - **exploration**: many runs of one test, one per seed ([`explore`], [`Explorer`]);
//!   **iteration** `i` of it runs the seed [`Explorer::seed_of(base seed, i)`](Explorer::seed_of).
//! - **regression file**: a test's failing seeds, checked in, run first by every exploration
//!   ([`RegressionFile`]).
//! - **tape**: the decisions of a run that differ from the default order, each at its step:
//!   the task run, a task held back, a choice ([`Tape`]); **shrinking**: editing a failing
//!   tape toward the default order while it still fails the same way; **schedule**: a tape
//!   as the report prints it.
//! - **preemption**: a pick other than the default order's (a run entry of a tape); a
//!   bounded exhaustive exploration ([`Strategy::Dfs`]) runs every schedule with at most `k`.
//! - **fault**: a [`buggify!`] firing or an injected abort ([`Sim::inject_aborts`]).
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
//! - `proptest` (off by default): `simloop::proptest::schedule()`, a proptest strategy of
//!   [`Tape`]s, so a property over `(inputs, schedule)` shrinks both together, and
//!   `simloop::proptest::config`, which persists failing cases under `snapshots/seeds/`.
//!
//! # Environment
//!
//! Every variable is parsed by the [`env`](mod@env) module, which documents the forms and the
//! precedence. A malformed value stops the run with an error naming the variable, the value
//! and the expected form; an unknown `SIMLOOP_*` name is reported on stderr.
//!
//! | variable | effect |
//! | --- | --- |
//! | [`SIMLOOP_SEED`](env::SIMLOOP_SEED) | replays one seed: every `Sim::new` and every exploration of the process runs it, and nothing else |
//! | [`SIMLOOP_ITERATIONS`](env::SIMLOOP_ITERATIONS) | how many iterations each exploration runs (beats the code) |
//! | [`SIMLOOP_DURATION`](env::SIMLOOP_DURATION) | a wall-clock budget per exploration, `90s`, `10m` (beats the code) |
//! | [`SIMLOOP_STRATEGY`](env::SIMLOOP_STRATEGY) | `random`, `fifo`, `pct:3`, `fifo-random-timers` or `portfolio`, for explorations that choose no strategy in code |
//! | [`SIMLOOP_SHARD`](env::SIMLOOP_SHARD) | `k/n`: run the k-th of n disjoint slices of the iterations (CI machines) |
//! | [`SIMLOOP_BASE_SEED`](env::SIMLOOP_BASE_SEED) | the seed the iteration seeds derive from (beats the code) |
//! | [`SIMLOOP_SCHEDULE`](env::SIMLOOP_SCHEDULE) | replays one tape, `v2:r2@14`: every `Sim::new` and every exploration follows it |

// `unsafe` is denied everywhere but in the raw task (`runtime/task/raw/`), which allows it.
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![doc(test(attr(deny(warnings))))]

#[doc(hidden)]
pub mod __private;
mod blocking;
mod buggify;
mod detector;
pub mod env;
mod explore;
mod failure;
pub mod future;
pub mod net;
mod outcome;
mod paths;
#[cfg(feature = "proptest")]
pub mod proptest;
mod random;
mod replay;
mod runtime;
mod seed;
mod sim;
mod strategy;
mod tape;
pub mod task;
pub mod time;
pub mod trace;
#[cfg(feature = "tracing")]
pub mod tracing;

pub use blocking::{cpu_work, spawn_blocking};
pub use detector::{Detector, Policy};
pub use explore::{Coverage, ExploreFailure, Explorer, RegressionFile, Report, explore};
pub use failure::{Failure, FailureKind};
pub use future::{
    GroupError, TaskGroup, WaitFor, Waited, as_completed, gather, gather_settled, try_gather, wait,
};
#[doc(hidden)]
pub use insta as __insta;
pub use outcome::Outcome;
pub use rand_core;
pub use random::{RandomValue, SimRng, random, rng};
pub use sim::{
    DEFAULT_BLOCKING_WORKERS, DEFAULT_MAX_STEPS, DEFAULT_PCT_STEPS, DEFAULT_SLOW_POLL, Sim,
};
pub use simloop_macros::test;
pub use strategy::{ParseStrategyError, Strategy};
pub use tape::{ParseTapeError, Tape};
pub use task::{JoinError, JoinHandle, spawn, yield_now};
