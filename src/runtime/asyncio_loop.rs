//! asyncio's event loop, for `Strategy::Fifo`: one ready queue of handles, run in iterations.
//!
//! Under `Fifo` the engine runs CPython 3.11's `BaseEventLoop` in miniature, so that a program
//! prints what its asyncio twin prints:
//!
//! - **One ready queue** (`loop._ready`) of handles: a task's step (a poll), a timer that
//!   fired (its waker, asyncio's `TimerHandle` run), and callbacks scheduled with
//!   [`call_soon`](AsyncioLoop::call_soon). A wake appends the task's step at the back, once.
//! - **Iterations** (`_run_once`): an iteration runs the handles that were ready when it
//!   started (`ntodo`), not those they schedule. It starts by tidying the timer heap, then,
//!   when nothing is ready, moves the clock to the earliest deadline, and appends every due
//!   timer to the ready queue in the heap's order (`asyncio_order.rs`). A timer armed for
//!   "now" thus fires at the next iteration, after the handles already ready.
//! - **Done callbacks** (`Future.add_done_callback`): when a task finishes, each callback
//!   registered on it is scheduled with `call_soon`, in registration order; one registered
//!   on a finished task is scheduled at once. The combinators wake their caller from such a
//!   callback, a hop through the ready queue, as asyncio's do.
//!
//! Handles other than task steps are not steps: they poll nothing and do not count towards
//! `max_steps`.

use std::collections::{BTreeMap, VecDeque};

use super::asyncio_order::{Due, Scheduled};
use crate::task::TaskId;

/// A callback run by the run loop when it reaches it in the ready queue, outside the core's
/// borrow.
pub(crate) type Callback = Box<dyn FnOnce()>;

/// A done callback: told how the task ended.
pub(crate) type DoneCallback = Box<dyn FnOnce(TaskEnd)>;

/// How a task ended, as its done callbacks see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaskEnd {
    /// Its future returned.
    Completed,
    /// It panicked (asyncio: raised).
    Panicked,
    /// It was aborted (asyncio: cancelled).
    Cancelled,
}

/// One entry of the ready queue.
pub(super) enum Handle {
    /// A task's step: poll it (or drop it, when aborted).
    Task(TaskId),
    /// A timer taken off the heap: wake its waker, unless it was cancelled meanwhile.
    Timer(Due),
    /// A `call_soon` callback.
    Callback(Callback),
}

/// The ready queue, the iteration in progress, the timer heap's order and the done callbacks.
pub(super) struct AsyncioLoop {
    ready: VecDeque<Handle>,
    /// Handles left to run in the current iteration (`ntodo`); `0` at an iteration's start.
    ntodo: usize,
    /// The order of the timer heap.
    pub(super) scheduled: Scheduled,
    /// Done callbacks of unfinished tasks, in registration order.
    done: BTreeMap<TaskId, Vec<DoneCallback>>,
    /// How each finished task ended, by task index.
    ends: Vec<Option<TaskEnd>>,
}

impl AsyncioLoop {
    /// The loop at the start of a run: the main task's first step is ready.
    pub(super) fn new() -> Self {
        Self {
            ready: VecDeque::from([Handle::Task(TaskId::MAIN)]),
            ntodo: 0,
            scheduled: Scheduled::default(),
            done: BTreeMap::new(),
            ends: Vec::new(),
        }
    }

    /// Appends a task's step (a wake, a spawn, a yield).
    pub(super) fn schedule(&mut self, id: TaskId) {
        self.ready.push_back(Handle::Task(id));
    }

    /// `loop.call_soon(f)`.
    pub(super) fn call_soon(&mut self, f: Callback) {
        self.ready.push_back(Handle::Callback(f));
    }

    /// Appends a due timer (at an iteration's start).
    pub(super) fn fire(&mut self, due: Due) {
        self.ready.push_back(Handle::Timer(due));
    }

    /// `task.add_done_callback(f)`: run when the task finishes, or soon when it has.
    pub(super) fn add_done_callback(&mut self, task: TaskId, f: DoneCallback) {
        match self.ends.get(task.index()).copied().flatten() {
            Some(end) => self.call_soon(Box::new(move || f(end))),
            None => self.done.entry(task).or_default().push(f),
        }
    }

    /// A task finished: its done callbacks are scheduled, in registration order.
    pub(super) fn task_done(&mut self, task: TaskId, end: TaskEnd) {
        let index = task.index();
        if self.ends.len() <= index {
            self.ends.resize(index + 1, None);
        }
        self.ends[index] = Some(end);
        for f in self.done.remove(&task).unwrap_or_default() {
            self.call_soon(Box::new(move || f(end)));
        }
    }

    /// Whether the current iteration has run all its handles: the next one starts.
    pub(super) fn iteration_done(&self) -> bool {
        self.ntodo == 0
    }

    /// Whether no handle is ready.
    pub(super) fn nothing_ready(&self) -> bool {
        self.ready.is_empty()
    }

    /// Starts running the handles ready now as one iteration.
    pub(super) fn start_batch(&mut self) {
        self.ntodo = self.ready.len();
    }

    /// The next handle of the current iteration.
    pub(super) fn next(&mut self) -> Option<Handle> {
        let handle = self.ready.pop_front()?;
        self.ntodo = self.ntodo.saturating_sub(1);
        Some(handle)
    }
}
