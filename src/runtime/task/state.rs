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
