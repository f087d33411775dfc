//! Tasks: tokio's `task` module over simloop's tasks.
//!
//! `task_local!`'s [`LocalKey`], [`coop`], [`unconstrained`] and [`consume_budget`] are
//! tokio's own: they need no runtime.

mod blocking;
mod error;
mod id;
mod join;
mod join_set;
mod local;

pub use blocking::{block_in_place, spawn_blocking};
pub use error::JoinError;
pub use id::{Id, id, try_id};
pub use join::{AbortHandle, JoinHandle, spawn};
pub use join_set::JoinSet;
pub use local::{LocalEnterGuard, LocalSet, RunUntil, spawn_local};
pub use real_tokio::task::{LocalKey, Unconstrained, consume_budget, coop, futures, unconstrained};
pub use simloop::yield_now;
