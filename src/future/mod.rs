//! Combinators: running and waiting on several futures or tasks at once.
//!
//! | simloop | asyncio | what it gives |
//! | --- | --- | --- |
//! | [`gather`] | `gather(*aws)` | `Vec<T>` in argument order; a panic aborts the rest and propagates |
//! | [`try_gather`] | `gather(*aws)` on fallible work | `Result<Vec<T>, E>`: the first `Err` aborts the rest |
//! | [`gather_settled`] | `gather(*aws, return_exceptions=True)` | `Vec<Result<T, JoinError>>`, nothing propagated |
//! | [`wait`] | `wait(aws, return_when=..., timeout=...)` | [`Waited`]: `done` and `pending` |
//! | [`as_completed`] | `as_completed(aws)` | a `Stream` of `(index, result)` in completion order |
//! | [`TaskGroup`] | `TaskGroup` | structured: the first failure aborts the siblings |
//! | [`select!`](crate::select) | `wait(FIRST_COMPLETED)` + cancel | the first branch to complete, on the current task |
//! | [`join!`](crate::join) | `gather` of coroutines | the tuple of outputs, on the current task |
//!
//! `gather`, `try_gather`, `gather_settled` and `TaskGroup` spawn one task per future, so the
//! futures must be `'static`; `wait` and `as_completed` take the [`JoinHandle`](crate::JoinHandle)s of tasks
//! already spawned; `select!` and `join!` poll their futures inside the current task.
//!
//! # Determinism
//!
//! Every order here is the run's: results in argument order, or in completion order (which
//! the scheduler draws from the seed), never in hash or address order. `select!` and `join!`
//! draw the order in which they poll their branches from the seed, once per poll.
//!
//! Under [`Strategy::Fifo`](crate::Strategy::Fifo) the combinators that wait on tasks are
//! asyncio's: each learns of a task's end from a done callback, a round of the ready queue
//! after it, and wakes its caller only from the callback that satisfies it, so the caller
//! resumes where asyncio's would.
//!
//! # Cancellation
//!
//! The combinators that spawn their tasks own them: dropping a `Gather`, `TryGather`,
//! `GatherSettled` or `TaskGroup` aborts the unfinished ones, and a failure aborts the
//! siblings at the virtual time of the failure, their `Drop` impls included. The combinators
//! that take handles (`wait`, `as_completed`) never abort: dropping them detaches the tasks,
//! like dropping a `JoinHandle`.
//!
//! # Runtime-agnostic crates
//!
//! Code written against the `Future`, `Waker` and `Stream` traits alone runs inside a
//! simulation unchanged, and its interleavings are the simulation's: which task takes a lock
//! first, which receiver wakes first, varies with the seed and replays with it. The test
//! suite checks these (`sim-tests/future_runtime_agnostic.rs`):
//!
//! - `futures::channel::{mpsc, oneshot}`, `futures::lock::Mutex`, and `futures`' future and
//!   stream combinators (`join_all`, `StreamExt`, ...);
//! - `tokio::sync::{Mutex, RwLock, mpsc, oneshot, watch, broadcast, Notify, Semaphore}`
//!   (the `sync` feature needs no runtime).
//!
//! What does **not** work: anything that needs a tokio (or async-std, smol) runtime, above
//! all `tokio::time` (`sleep`, `timeout`, `interval`) and tokio's sockets, files and
//! `spawn`/`spawn_blocking`. They panic ("there is no reactor running") or, worse, read the
//! wall clock. Use [`crate::time`] and [`crate::spawn`] instead. Also avoid
//! `futures::select!` and `tokio::select!` (a thread-local RNG picks their branch order: use
//! [`select!`](crate::select)), `futures::executor::block_on` inside a task (it blocks the
//! only thread), and anything that wakes a task from another OS thread (the run fails with
//! [`FailureKind::ForeignWake`](crate::FailureKind::ForeignWake)).

mod as_completed;
mod gather;
mod gather_settled;
mod group_error;
mod join;
mod select;
mod set;
mod task_group;
mod try_gather;
mod wait;

pub use as_completed::{AsCompleted, as_completed};
pub use gather::{Gather, gather};
pub use gather_settled::{GatherSettled, gather_settled};
pub use group_error::GroupError;
pub use task_group::{GroupJoin, TaskGroup};
pub use try_gather::{TryGather, try_gather};
pub use wait::{Wait, WaitFor, Waited, wait};
