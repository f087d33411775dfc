//! Tasks as the engine holds them: the table, each task's lifecycle, its cell and its waker.
//!
//! | file | job |
//! | --- | --- |
//! | `table.rs` | the task table: every task by id, with what is known of it ([`TaskMeta`]) |
//! | `state.rs` | the lifecycle of one task: states and typed transitions |
//! | `raw.rs` | a spawned future with its output slot, behind one type-erased interface |
//! | `join_state.rs` | the output slot shared by a task and its `JoinHandle` |
//! | `waker.rs` | the waker of a task: delivers its id to its simulation |

mod join_state;
mod raw;
mod state;
mod table;
mod waker;

pub(crate) use join_state::JoinState;
pub(crate) use raw::{BoxedTask, TaskCell};
pub(crate) use state::{AfterPoll, TaskState, Wake};
pub(crate) use table::{TaskMeta, TaskSlot, TaskTable};
pub(crate) use waker::TaskWaker;
