//! The engine: one simulation's state and every transition of it.
//!
//! ```text
//!   API (task/, time/, future/, blocking, random, trace/ views, explore/, macros)
//!          |  context::with(..) lends the core for one short call
//!          v
//!   syscalls.rs  -- the only methods of the core that code outside runtime/ calls
//!                   (the network's, for `net/`, are in net/syscalls.rs)
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
//! Under `Strategy::Fifo` the loop is asyncio's (`asyncio_loop.rs`): one ready queue of task
//! steps, fired timers and callbacks, run in iterations, timers in the order of CPython's timer
//! heap (`asyncio_order.rs`); nothing is drawn.
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
//! | `asyncio_loop.rs` | `Strategy::Fifo`'s run loop: asyncio's ready queue of handles, its iterations, done callbacks |
//! | `asyncio_order.rs` | `Strategy::Fifo`'s timer order: a model of CPython's `heapq` of timer handles |
//! | `rng.rs` | the decision streams: seeded ChaCha8 streams and the one `decide` function |
//! | `ready.rs` | the ready set: tasks waiting for a poll, in wake order (the default order) |
//! | `pct.rs` | the priorities and change points of `Strategy::Pct` |
//! | `pos.rs` | the priorities of `Strategy::Pos` |
//! | `delays.rs` | the delays of `Strategy::DelayBounded` |
//! | `tape_log.rs` | the tape of a run: replayed choices, recorded choices and their words |
//! | `faults.rs` | `buggify!` draws and injected aborts |
//! | `net/` | the simulated network and its hosts: sockets, links, messages in flight, machine faults |
//! | `pool.rs` | the simulated pool of blocking workers |
//! | `recorder.rs` | the trace as it is recorded: the digest always, events when asked |
//! | `detect.rs` | the detectors at work: slow polls, leaked tasks, unobserved panics |
//! | `failures.rs` | failures: what the core says when a run fails, and the failures the loop finds |
//! | `core.rs` | the state of one simulation |
//! | `config.rs` | the settings a simulation runs with |
//! | `context.rs` | the thread-local slot that holds the running core |
//! | `syscalls.rs` | the core's methods that code outside the engine may call |
//! | `shared.rs` | the part of a simulation other threads can reach (foreign wakes) |
//! | `panics.rs` | the panic hook that keeps task panics quiet and locates them |
//! | `watchdog.rs` | the wall-clock watchdog: a poll that never returns is reported |

mod asyncio_loop;
mod asyncio_order;
mod config;
pub(crate) mod context;
mod core;
mod delays;
mod detect;
mod failures;
mod faults;
mod net;
mod panics;
mod pct;
mod pool;
mod pos;
mod ready;
mod recorder;
mod rng;
mod run;
mod scheduler;
pub(crate) mod shared;
mod spare;
mod syscalls;
mod tape_log;
mod task;
mod timers;
mod watchdog;

pub(crate) use asyncio_loop::TaskEnd;
pub(crate) use config::Config;
pub(crate) use net::{
    Init, LinkConfigSet, PlannedFault, ReadOutcome, Readiness, SocketKey, WINDOW,
};
pub(crate) use run::run;
pub(crate) use task::{JoinRef, TaskHandle};
pub(crate) use timers::TimerKey;
