//! The scheduler: what the run loop does next, and the bookkeeping of every poll.
//!
//! The run loop (`run.rs`) asks [`Core::next_step`] what to do, does it outside the borrow of
//! the core (polls, drops and wakes run user code), and reports back with
//! [`Core::end_poll`] or [`Core::finish`]. Every ordering decision taken here is either a
//! total order (task ids, timer `(deadline, seq)`) or a draw through `Rngs::decide`.

use super::core::Core;
use super::rng::Decision;
use super::task::{AfterPoll, Sched, Task, TaskMeta, Wake};
use super::timers::Fired;
use crate::Failure;
use crate::tape::What;
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::EventKind;

/// What the run loop does next.
pub(super) enum Step {
    /// Poll the main future.
    PollMain,
    /// Poll a task; its future is handed over for the poll.
    Poll(TaskId, Task),
    /// Drop an aborted task's future.
    Cancel(TaskId, Task),
    /// The clock moved; wake the fired timers, in the buffer's order.
    Fire,
    /// The run cannot go on.
    Fail(Failure),
}

impl Core {
    /// Picks a ready task: index `0` is the oldest wake; a random pick swaps the newest entry
    /// into the hole, so a pick is O(1) whatever the size of the ready set.
    fn pick(&mut self) -> Option<TaskId> {
        if self.ready.is_empty() {
            return None;
        }
        let step = self.steps + 1;
        match self.rng.pick_task(&self.ready, step) {
            0 => self.ready.pop_front(),
            i => {
                let over = self.ready[0];
                let last = self.ready.len() - 1;
                let moved = (i < last).then(|| self.ready[last]);
                let chosen = self.ready.swap_remove_back(i);
                if let Some(chosen) = chosen {
                    self.note(step, What::Ran { chosen, over, moved });
                }
                chosen
            }
        }
    }

    /// Decides what the run loop does next. Fired timers go into `fired`, in firing order.
    pub(super) fn next_step(&mut self, fired: &mut Vec<Fired>) -> Step {
        if let Some(failure) = self.findings.fatal.take() {
            return Step::Fail(failure);
        }
        if std::mem::take(&mut self.clock_jumped) {
            if let Some(failure) = self.check_time_limit(self.clock) {
                return Step::Fail(failure);
            }
            if self.timers.is_due(self.clock) {
                self.fire_due(fired);
                return Step::Fire;
            }
        }
        if let Some(id) = self.pick() {
            if self.steps >= self.config.max_steps {
                return Step::Fail(self.step_limit());
            }
            self.steps += 1;
            self.inject_abort(id);
            self.current = Some(id);
            self.poll_started = self.clock;
            let Some(task) = self.tasks.take(id) else {
                self.main.start_poll();
                self.record(id, EventKind::Polled);
                return Step::PollMain;
            };
            let sched = task.sched();
            sched.start_poll();
            self.in_flight = Some((id, sched.polls(), sched.is_daemon()));
            if sched.is_aborted() {
                return Step::Cancel(id, task);
            }
            self.record(id, EventKind::Polled);
            return Step::Poll(id, task);
        }
        let Some(deadline) = self.timers.next_deadline() else {
            return Step::Fail(self.deadlock());
        };
        if let Some(failure) = self.check_time_limit(deadline) {
            return Step::Fail(failure);
        }
        // After `cpu_work` the earliest timer may be overdue: the clock never goes back.
        self.clock = self.clock.max(deadline);
        self.fire_due(fired);
        Step::Fire
    }

    /// Takes every timer due by now; timers due at the same instant fire in a drawn order.
    fn fire_due(&mut self, fired: &mut Vec<Fired>) {
        self.current = None;
        self.timers.take_due(self.clock, fired);
        let mut start = 0;
        while start < fired.len() {
            let deadline = fired[start].deadline;
            let end = start + fired[start..].iter().take_while(|f| f.deadline == deadline).count();
            for i in start..end - 1 {
                let j = i + self.rng.decide(Decision::TimerOrder, end - i);
                if j != i {
                    let (first, over) = (fired[j].task, fired[i].task);
                    self.note(self.steps, What::TimerFirst { first, over });
                }
                fired.swap(i, j);
            }
            start = end;
        }
        for f in fired.iter() {
            self.trace.record(self.clock, f.task, EventKind::TimerFired);
        }
    }

    fn check_time_limit(&self, next: Instant) -> Option<Failure> {
        let limit = Instant::from_start(self.config.max_time?);
        (next > limit).then(|| self.time_limit(next))
    }

    /// A poll returned `Pending`: the task goes back to the table and waits, or runs again.
    pub(super) fn end_poll(&mut self, id: TaskId, task: Option<Task>) {
        self.check_slow_poll(id);
        let after = match task {
            Some(task) => {
                let after = task.sched().end_poll(self.clock);
                self.tasks.put(id, task);
                self.in_flight = None;
                after
            }
            None => self.main.end_poll(self.clock),
        };
        match after {
            AfterPoll::Schedule => {
                self.ready.push_back(id);
                // Woken during its own poll (`yield_now`, or its waker called meanwhile).
                self.record(id, EventKind::Woken { by: self.current });
            }
            AfterPoll::Idle => {}
        }
    }

    /// A poll completed the task, or it panicked (`kind` says which); `task` is the task in
    /// hand (`None` for `main`).
    pub(super) fn finish_poll(&mut self, id: TaskId, task: Option<&Task>, kind: EventKind) {
        self.check_slow_poll(id);
        self.finish(id, task, kind);
    }

    /// The task completed, panicked or was cancelled (`kind` says which); `task` is the task
    /// in hand (`None` for `main`).
    pub(super) fn finish(&mut self, id: TaskId, task: Option<&Task>, kind: EventKind) {
        match task {
            Some(task) => {
                task.sched().finish(self.clock);
                self.live -= 1;
                self.in_flight = None;
            }
            None => self.main.finish(self.clock),
        }
        self.record(id, kind);
    }

    /// Adds a task to the table and the ready set.
    pub(super) fn insert_task(&mut self, meta: TaskMeta, task: Task) -> TaskId {
        let TaskMeta { name, site, parent } = meta;
        let id = self.tasks.push(Some(task), site, name);
        self.live += 1;
        self.ready.push_back(id);
        self.record(id, EventKind::Spawned { parent });
        id
    }

    /// Wakes task `id`, whose scheduler state is `sched`.
    #[inline]
    pub(super) fn wake(&mut self, id: TaskId, sched: &Sched) {
        let wake = sched.wake();
        self.after_wake(id, wake);
    }

    /// Wakes the main future.
    pub(super) fn wake_main(&mut self) {
        let wake = self.main.wake();
        self.after_wake(TaskId::MAIN, wake);
    }

    fn after_wake(&mut self, id: TaskId, wake: Wake) {
        match wake {
            Wake::Schedule => {
                self.ready.push_back(id);
                self.record(id, EventKind::Woken { by: self.current });
            }
            Wake::Nothing => {}
        }
    }

    /// Asks task `id` (whose scheduler state is `sched`) to stop: its future is dropped when
    /// the scheduler next picks it.
    pub(super) fn abort(&mut self, id: TaskId, sched: &Sched) {
        if sched.is_finished() || sched.is_aborted() || id.is_main() {
            return;
        }
        sched.set_aborted();
        self.record(id, EventKind::AbortRequested);
        self.wake(id, sched);
    }

    /// Hands over the next unfinished task to drop at shutdown, marking it cancelled.
    pub(super) fn take_for_shutdown(&mut self) -> Option<(TaskId, Task)> {
        if self.live == 0 {
            return None;
        }
        let id = self.tasks.next_held(self.shutdown_cursor)?;
        self.shutdown_cursor = id.index() + 1;
        let task = self.tasks.take(id)?;
        self.current = Some(id);
        self.in_flight = Some((id, task.sched().polls(), task.sched().is_daemon()));
        self.finish(id, Some(&task), EventKind::Cancelled);
        Some((id, task))
    }
}
