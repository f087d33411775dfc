//! The engine: one simulation's state and every transition of it.
//!
//! ```text
//!   API (task/, time/, future/, blocking, random, trace/ views, explore/, macros)
//!          |  context::with(..) lends the core for one short call
//!          v
//!   syscalls.rs  -- the only methods of the core that code outside runtime/ calls
//!   ------------------------------------------------------------------------------
//!            +-------------------- Core (one simulation, one thread) -------------------+
//!  seed ---> | rng: ChaCha8 streams   ready set   timers   task table   recorder         |
//!            |                                                                          |
//!            |  loop {                                          (run.rs, scheduler.rs) |
//!            |    if a task is ready:  pick one (a decision) -> poll it once: one step  |
//!            |    else if timers:      advance the clock to the earliest deadline,      |
//!            |                         fire every timer due then (in a drawn order)     |
//!            |    else:                deadlock failure, listing the unfinished tasks   |
//!            |    check the limits: max steps, max virtual time                         |
//!            |  }                                                                       |
//!            +--------------------------------------------------------------------------+
//! ```
//!
//! The core lives in a thread-local slot (`context.rs`) for the length of the run; user code
//! (polls, destructors, wakers) always runs outside its borrow. When the main future
//! completes, every unfinished task is dropped, lowest id first.
//!
//! **The rule.** Files here hold the engine's state and its transitions; the fields of
//! [`Core`](core::Core) are private to this folder. Code above reaches it only through
//! `context` and the methods of `syscalls.rs`. Leaf types (`TaskId`, `Instant`, events,
//! tapes, strategies, failures) import nothing of the engine; nothing here imports the API.
//!
//! | file | job |
//! | --- | --- |
//! | `run.rs` | the run loop: take a step outside the core's borrow, report back; shutdown |
//! | `scheduler.rs` | the next step: pick a ready task, poll bookkeeping, wakes, aborts, spawns |
//! | `task/` | the task table, each task's lifecycle, the raw task (header, future and output in one allocation, the waker vtable: the crate's only `unsafe`) |
//! | `timers/` | the timer wheel: pending sleeps, fired by `(deadline, creation sequence)` |
//! | `rng.rs` | the decision streams: seeded ChaCha8 streams and the one `decide` function |
//! | `pct.rs` | the priorities and change points of `Strategy::Pct` |
//! | `tape_log.rs` | the tape of a run: replayed choices, recorded choices and their words |
//! | `faults.rs` | `buggify!` draws and injected aborts |
//! | `pool.rs` | the simulated pool of blocking workers |
//! | `recorder.rs` | the trace as it is recorded: the digest always, events when asked |
//! | `detect.rs` | the detectors at work: slow polls, leaked tasks, unobserved panics |
//! | `report.rs` | failure reports: what the core says when a run fails |
//! | `core.rs` | the state of one simulation |
//! | `config.rs` | the settings a simulation runs with |
//! | `context.rs` | the thread-local slot that holds the running core |
//! | `syscalls.rs` | the core's methods that code outside the engine may call |
//! | `shared.rs` | the part of a simulation other threads can reach (foreign wakes) |
//! | `panics.rs` | the panic hook that keeps task panics quiet and locates them |

mod config;
pub(crate) mod context;
mod core;
mod detect;
mod faults;
mod panics;
mod pct;
mod pool;
mod recorder;
mod report;
mod rng;
mod run;
mod scheduler;
pub(crate) mod shared;
mod syscalls;
mod tape_log;
mod task;
mod timers;

pub(crate) use config::Config;
pub(crate) use run::run;
pub(crate) use task::{JoinRef, TaskHandle};
pub(crate) use timers::TimerKey;
