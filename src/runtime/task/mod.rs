//! Tasks as the engine holds them: the table, each task's lifecycle, its allocation and wakers.
//!
//! | file | job |
//! | --- | --- |
//! | `table.rs` | the task table: every task by id, with what is known of it ([`TaskSlot`]) |
//! | `state.rs` | the lifecycle of one task: states and typed transitions |
//! | `raw/` | the raw task: future, output and header in one allocation (from the simulation's arena of 2 MiB blocks), its references and waker vtable (the crate's only `unsafe`) |
//! | `waker.rs` | delivering wakes and aborts to the simulation; the main future's waker |

#[allow(unsafe_code, reason = "the raw task: one allocation per task and its waker vtable")]
mod raw;
mod state;
mod table;
mod waker;

pub(crate) use raw::{
    Arena, JoinRef, Task, TaskHandle, advise_huge_pages_for, hint_of, prefetch_hint, prefetch_slot,
    prefetch_wakee, spawn,
};
pub(crate) use state::{AfterPoll, Sched, TaskState, Wake};
pub(crate) use table::{TaskMeta, TaskTable};
pub(crate) use waker::TaskWaker;
