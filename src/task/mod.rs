//! Tasks: spawning, joining, aborting, yielding.
//!
//! A **task** is a spawned future, polled by the simulation's scheduler; the future passed to
//! [`Sim::run`](crate::Sim::run) is the **main** task (id `0`). The lifecycle of a task is a
//! small state machine (scheduled, running, idle, finished; see `runtime/task/state.rs`): a task is in the
//! ready set exactly when it is scheduled, a wake during its own poll schedules it again
//! afterwards, and an abort drops its future when the scheduler next picks it, never mid-poll.
//!
//! asyncio counterparts: [`spawn`] is `create_task`, [`JoinHandle::abort`] is `Task.cancel`,
//! [`JoinHandle::is_finished`] is `Task.done`, [`yield_now`] is `await asyncio.sleep(0)`.

mod abort;
mod builder;
mod current;
mod error;
mod id;
mod join;
mod yield_now;

pub use abort::AbortHandle;
pub use builder::{Builder, spawn};
pub use current::{id, try_id};
pub use error::JoinError;
pub(crate) use error::panic_message;
pub use id::TaskId;
pub use join::JoinHandle;
pub use yield_now::{YieldNow, yield_now};
