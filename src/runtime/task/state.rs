//! The task lifecycle: one state per task, typed transitions.
//!
//! ```text
//!  spawn ──> Scheduled ──pick──> Running ──Pending, not woken──> Idle ──wake──> Scheduled
//!               ^                  │  └──Pending, woken while running──> Scheduled
//!               └──────────────────┘
//!  Running ──Ready / panic──> Finished        Scheduled ──pick with abort flag──> Finished
//! ```
//!
//! Rules:
//! - a task is in the ready set exactly when it is `Scheduled`, so it is never queued twice;
//! - a wake while `Running` (a task waking itself, or a waker called during its poll) is
//!   remembered and schedules the task again when the poll returns `Pending`;
//! - an abort is a flag plus a wake: the future is dropped when the scheduler next picks the
//!   task, never in the middle of a poll;
//! - `Finished` is final: wakes and aborts of a finished task change nothing.

use std::cell::Cell;

use crate::time::Instant;

/// Where a task is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaskState {
    /// In the ready set, waiting to be picked.
    Scheduled,
    /// Being polled; `woken` records a wake that arrived during the poll.
    Running { woken: bool },
    /// Waiting for a wake.
    Idle,
    /// Completed, panicked or cancelled; the future is gone.
    Finished,
}

/// What a wake asks of the ready set.
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wake {
    /// The task became `Scheduled`: push it into the ready set.
    Schedule,
    /// Nothing to do: already scheduled, running (remembered) or finished.
    Nothing,
}

/// What happens after a poll returned `Pending`.
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AfterPoll {
    /// It was woken during the poll: push it into the ready set again.
    Schedule,
    /// It waits for a wake.
    Idle,
}

impl TaskState {
    pub(crate) fn wake(&mut self) -> Wake {
        match *self {
            Self::Idle => {
                *self = Self::Scheduled;
                Wake::Schedule
            }
            Self::Running { .. } => {
                *self = Self::Running { woken: true };
                Wake::Nothing
            }
            Self::Scheduled | Self::Finished => Wake::Nothing,
        }
    }

    pub(crate) fn start_poll(&mut self) {
        debug_assert_eq!(*self, Self::Scheduled, "only a scheduled task is picked");
        *self = Self::Running { woken: false };
    }

    pub(crate) fn end_poll(&mut self) -> AfterPoll {
        match *self {
            Self::Running { woken: true } => {
                *self = Self::Scheduled;
                AfterPoll::Schedule
            }
            _ => {
                *self = Self::Idle;
                AfterPoll::Idle
            }
        }
    }

    pub(crate) fn is_finished(self) -> bool {
        self == Self::Finished
    }
}

/// What the scheduler keeps of one task while it lives: its state and bookkeeping. A spawned
/// task's lives in its allocation's header (so a wake, which holds the header, reaches it
/// without the task table), `main`'s in the core. Cells: the simulation's thread only.
#[derive(Debug)]
pub(crate) struct Sched {
    state: Cell<TaskState>,
    abort: Cell<bool>,
    daemon: bool,
    /// A panic of the task is only its `JoinError` (`Builder::contain_panics`).
    contain_panics: bool,
    /// Saturates at `u32::MAX` (a task polled that often is no longer counted), so that the
    /// whole header fits a cache line.
    polls: Cell<u32>,
    /// When the task last changed state: spawned, or its last poll ended.
    since: Cell<Instant>,
}

impl Sched {
    /// A task spawned at `now`, scheduled.
    pub(crate) fn new(daemon: bool, contain_panics: bool, now: Instant) -> Self {
        Self {
            state: Cell::new(TaskState::Scheduled),
            abort: Cell::new(false),
            daemon,
            contain_panics,
            polls: Cell::new(0),
            since: Cell::new(now),
        }
    }

    pub(crate) fn state(&self) -> TaskState {
        self.state.get()
    }

    pub(crate) fn wake(&self) -> Wake {
        let mut state = self.state.get();
        let wake = state.wake();
        self.state.set(state);
        wake
    }

    /// Picked: running, one more poll.
    pub(crate) fn start_poll(&self) {
        let mut state = self.state.get();
        state.start_poll();
        self.state.set(state);
        self.polls.set(self.polls.get().saturating_add(1));
    }

    /// The poll returned `Pending` at `now`.
    pub(crate) fn end_poll(&self, now: Instant) -> AfterPoll {
        let mut state = self.state.get();
        let after = state.end_poll();
        self.state.set(state);
        self.since.set(now);
        after
    }

    /// Completed, panicked or cancelled, at `now`.
    pub(crate) fn finish(&self, now: Instant) {
        self.state.set(TaskState::Finished);
        self.since.set(now);
    }

    pub(crate) fn is_finished(&self) -> bool {
        self.state.get().is_finished()
    }

    /// Whether it was asked to stop.
    pub(crate) fn is_aborted(&self) -> bool {
        self.abort.get()
    }

    /// Marks it asked to stop: its future is dropped when the scheduler next picks it.
    pub(crate) fn set_aborted(&self) {
        self.abort.set(true);
    }

    pub(crate) fn is_daemon(&self) -> bool {
        self.daemon
    }

    /// Whether a panic of the task, in a poll or a destructor of its future or output, is only
    /// its `JoinError`: never a failure of the run, nor an unobserved panic.
    pub(crate) fn contains_panics(&self) -> bool {
        self.contain_panics
    }

    pub(crate) fn polls(&self) -> u64 {
        u64::from(self.polls.get())
    }

    pub(crate) fn since(&self) -> Instant {
        self.since.get()
    }

    /// Whether the task counts as leaked when the main future returns: unfinished, not a
    /// daemon, and not already asked to stop (an aborted task is being cancelled).
    pub(crate) fn is_leak(&self) -> bool {
        !self.is_finished() && !self.daemon && !self.abort.get()
    }
}
