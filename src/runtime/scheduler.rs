//! The scheduler: what the run loop does next, and the bookkeeping of every poll.
//!
//! The run loop (`run.rs`) asks [`Core::next_step`] what to do, does it outside the borrow of
//! the core (polls, drops and wakes run user code), and reports back with
//! [`Core::end_poll`] or [`Core::finish`]. Every ordering decision taken here is either a
//! total order (task ids, timer `(deadline, seq)`) or a draw through `Rngs::decide`.
//!
//! Under `Strategy::Fifo` the next step comes from asyncio's loop instead
//! (`asyncio_loop.rs`): its ready queue, its iterations and its timer heap's order, with no
//! decision taken.

use super::asyncio_loop::{Handle, TaskEnd};
use super::core::Core;
use super::rng::{AHEAD, Decision};
use super::tape_log::What;
use super::task::{AfterPoll, Sched, Task, TaskMeta, Wake, hint_of, prefetch_hint};
use super::timers::Fired;
use crate::Failure;
use crate::tape::Branch;
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
    /// Run a callback of asyncio's ready queue (`Strategy::Fifo`).
    Call(super::asyncio_loop::Callback),
    /// The run cannot go on.
    Fail(Failure),
}

impl Core {
    /// Picks a ready task (see `Rngs::pick_task`); for a bounded exhaustive exploration, first
    /// notes the tasks that could have run instead of the default order's.
    fn pick(&mut self) -> Option<TaskId> {
        if self.ready.is_empty() {
            return None;
        }
        let step = self.steps + 1;
        if self.ready.len() >= 2 && self.rng.tape.records_branches() {
            self.record_branch(step);
        }
        let (index, removal) = self.rng.pick_task(&self.ready, step, self.clock);
        Some(self.ready.take(index, removal).0)
    }

    /// Notes the pick of `step` as a branch: its digest, the task the default order runs
    /// there and the others that are ready.
    fn record_branch(&mut self, step: u64) {
        let order = self.ready.in_wake_order();
        let default = self.rng.default_task(&self.ready, step);
        let others = order.iter().filter(|t| **t != default).map(|t| t.as_u64()).collect();
        let digest = self.trace.digest();
        self.rng.tape.record_branch(Branch { step, digest, default: default.as_u64(), others });
    }

    /// Decides what the run loop does next. Fired timers go into `fired`, in firing order.
    pub(super) fn next_step(&mut self, fired: &mut Vec<Fired>) -> Step {
        if let Some(watched) = &self.watched {
            watched.leave();
        }
        if let Some(failure) = self.findings.fatal.take() {
            return Step::Fail(failure);
        }
        if self.asyncio.is_some() {
            return self.next_asyncio_step(fired);
        }
        if std::mem::take(&mut self.clock_jumped) {
            if let Some(failure) = self.check_time_limit(self.clock) {
                return Step::Fail(failure);
            }
            if self.net_delivery_due() || self.timers.is_due(self.clock) {
                self.fire_due(fired);
                return Step::Fire;
            }
        }
        if std::mem::take(&mut self.yielded) && self.net_delivery_due() {
            self.current = None;
            self.net_deliver_due(fired);
            if !fired.is_empty() {
                return Step::Fire;
            }
        }
        while let Some(id) = self.pick() {
            // A task of a paused host is set aside until the host resumes.
            if self.net.is_some() && self.net_parks(id) {
                continue;
            }
            return self.start_poll(id);
        }
        let Some(deadline) = self.next_deadline() else {
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

    /// Polls (or cancels) the task picked for the next step.
    fn start_poll(&mut self, id: TaskId) -> Step {
        if self.steps >= self.config.max_steps {
            return Step::Fail(self.step_limit());
        }
        self.steps += 1;
        self.inject_abort(id);
        self.current = Some(id);
        self.poll_started = self.clock;
        if let Some(watched) = &self.watched {
            let known = self.watch_labels;
            if self.tasks.len() > known {
                let tasks = &self.tasks;
                let new = (known..tasks.len()).map(|i| TaskId::new(i as u64));
                watched.publish(new.map(|id| (id, tasks.name(id), tasks.site(id))));
                self.watch_labels = tasks.len();
            }
            watched.enter(id, self.steps, self.clock);
        }
        let Some(task) = self.tasks.take(id) else {
            self.main.start_poll();
            self.record(id, EventKind::Polled);
            return Step::PollMain;
        };
        // The next picks, when the ready set stays as it is: what they read loads during
        // these steps instead of stalling them (the random order defeats the CPU's own
        // prefetching). Each pick's ready entry loads first, four steps ahead; two steps
        // later its hint and task id are read from it, to load its task's first lines and
        // its slot of the task table.
        if let Some(picks) = self.rng.next_random_picks(self.ready.len()) {
            if let Some(next) = picks[0] {
                self.ready.prefetch_wake_slot(next);
            }
            if let Some(second) = picks[1] {
                self.tasks.prefetch(self.ready.task(second));
            }
            if let Some(third) = picks[2] {
                prefetch_hint(self.ready.hint(third));
            }
            if let Some(last) = picks[AHEAD - 1] {
                self.ready.prefetch(last);
            }
        }
        let sched = task.sched();
        sched.start_poll();
        self.in_flight = Some((id, sched.polls(), sched.is_daemon()));
        if sched.is_aborted() {
            return Step::Cancel(id, task);
        }
        self.record(id, EventKind::Polled);
        Step::Poll(id, task)
    }

    /// The next handle of asyncio's ready queue (`Strategy::Fifo`); at an iteration's start,
    /// what `_run_once` does first: tidy the timer heap, move the clock to the earliest
    /// deadline when nothing is ready, and append the due timers to the ready queue.
    fn next_asyncio_step(&mut self, fired: &mut Vec<Fired>) -> Step {
        if std::mem::take(&mut self.clock_jumped) {
            if let Some(failure) = self.check_time_limit(self.clock) {
                return Step::Fail(failure);
            }
        }
        loop {
            let aio = self.asyncio.as_mut().expect("an asyncio loop");
            if aio.iteration_done() {
                aio.scheduled.start_iteration();
                if aio.nothing_ready() {
                    let timer = aio.scheduled.top_deadline();
                    // The network's deliveries are the loop's I/O: the selector waits for the
                    // first of them or of the timers.
                    let delivery = if self.net.is_some() { self.net_next_due() } else { None };
                    let deadline = match (timer, delivery) {
                        (Some(t), Some(d)) => Some(t.min(d)),
                        (t, d) => t.or(d),
                    };
                    let Some(deadline) = deadline else {
                        return Step::Fail(self.deadlock());
                    };
                    if let Some(failure) = self.check_time_limit(deadline) {
                        return Step::Fail(failure);
                    }
                    self.clock = self.clock.max(deadline);
                }
                // As in `_run_once`: the selector's events (deliveries due by now) are
                // processed before the due timers join the ready queue.
                if self.net.is_some() {
                    self.current = None;
                    self.net_deliver_due(fired);
                    if !fired.is_empty() {
                        return Step::Fire;
                    }
                }
                self.take_due_timers();
            }
            let aio = self.asyncio.as_mut().expect("an asyncio loop");
            match aio.next() {
                None => return Step::Fail(self.deadlock()),
                // A task of a paused host is set aside until the host resumes.
                Some(Handle::Task(id)) if self.net.is_some() && self.net_parks(id) => {}
                Some(Handle::Task(id)) => return self.start_poll(id),
                Some(Handle::Timer(due)) => {
                    // Cancelled after it was taken off the heap: asyncio skips it.
                    if let Some(waker) = self.timers.cancel(due.key) {
                        self.current = None;
                        fired.push(Fired { deadline: due.deadline, waker, task: due.task });
                        return Step::Fire;
                    }
                }
                Some(Handle::Callback(f)) => {
                    self.current = None;
                    return Step::Call(f);
                }
            }
        }
    }

    /// Appends the timers due by now to asyncio's ready queue, in the heap's order, and
    /// starts the iteration.
    fn take_due_timers(&mut self) {
        self.current = None;
        let mut due = Vec::new();
        let aio = self.asyncio.as_mut().expect("an asyncio loop");
        aio.scheduled.pop_due(self.clock, &mut due);
        for d in &due {
            aio.fire(*d);
        }
        aio.start_batch();
        for d in due {
            self.trace.record(self.clock, d.task, EventKind::TimerFired);
        }
    }

    /// The earliest timer deadline, or network delivery, whichever comes first.
    fn next_deadline(&mut self) -> Option<Instant> {
        match self.net_next_due() {
            None => self.timers.next_deadline(),
            // Asked up to the delivery only: the wheel's time never passes the clock's next
            // value (a timer set after the delivery must not fall before the wheel's time).
            Some(d) => Some(self.timers.deadline_by(d).unwrap_or(d)),
        }
    }

    /// Takes every timer due by now; timers due at the same instant fire in a drawn order.
    /// Then the network's deliveries due by now are made; the readers they wake come last.
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
        if self.net.is_some() {
            self.net_deliver_due(fired);
        }
    }

    fn check_time_limit(&self, next: Instant) -> Option<Failure> {
        let limit = Instant::from_start(self.config.max_time?);
        (next > limit).then(|| self.time_limit(next))
    }

    /// A poll returned `Pending`: the task goes back to the table and waits, or runs again.
    pub(super) fn end_poll(&mut self, id: TaskId, task: Option<Task>) {
        self.check_slow_poll(id);
        let mut hint = 0;
        let after = match task {
            Some(task) => {
                let after = task.sched().end_poll(self.clock);
                hint = hint_of(task.sched());
                if std::mem::take(&mut self.abort_in_flight) {
                    self.abort(id, task.sched());
                }
                self.tasks.put(id, task);
                self.in_flight = None;
                after
            }
            None => self.main.end_poll(self.clock),
        };
        match after {
            AfterPoll::Schedule => {
                self.schedule_at(id, hint);
                self.rng.yielded(id);
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
                self.abort_in_flight = false;
            }
            None => self.main.finish(self.clock),
        }
        if let Some(aio) = &mut self.asyncio {
            let end = match kind {
                EventKind::Panicked { .. } => TaskEnd::Panicked,
                EventKind::Cancelled => TaskEnd::Cancelled,
                _ => TaskEnd::Completed,
            };
            aio.task_done(id, end);
        }
        self.record(id, kind);
    }

    /// Appends a task to the ready set (asyncio's ready queue under `Fifo`).
    pub(super) fn schedule(&mut self, id: TaskId) {
        self.schedule_at(id, 0);
    }

    /// As [`schedule`](Self::schedule), with where the task is in memory (`hint_of`), for the
    /// prefetch of its pick.
    fn schedule_at(&mut self, id: TaskId, hint: usize) {
        match &mut self.asyncio {
            Some(aio) => aio.schedule(id),
            None => self.ready.push(id, hint),
        }
    }

    /// Adds a task to the table and the ready set.
    pub(super) fn insert_task(&mut self, meta: TaskMeta, task: Task) -> TaskId {
        let TaskMeta { name, site, parent } = meta;
        let hint = hint_of(task.sched());
        let id = self.tasks.push(Some(task), site, name);
        self.live += 1;
        self.schedule_at(id, hint);
        self.record(id, EventKind::Spawned { parent });
        if self.live > self.config.max_tasks && self.findings.fatal.is_none() {
            // The spawning poll goes on (a spawn cannot fail); the run stops at the next step.
            self.findings.fatal = Some(self.task_limit());
        }
        id
    }

    /// Wakes task `id`, whose scheduler state is `sched`.
    #[inline]
    pub(super) fn wake(&mut self, id: TaskId, sched: &Sched) {
        let wake = sched.wake();
        self.after_wake(id, wake, hint_of(sched));
    }

    /// Wakes the main future.
    pub(super) fn wake_main(&mut self) {
        let wake = self.main.wake();
        self.after_wake(TaskId::MAIN, wake, 0);
    }

    fn after_wake(&mut self, id: TaskId, wake: Wake, hint: usize) {
        match wake {
            Wake::Schedule => {
                self.schedule_at(id, hint);
                if self.current.is_some_and(|current| current != id) {
                    self.rng.touched(id);
                }
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

    /// Asks task `id` to stop, by id (as a crash of its host does): as [`abort`](Self::abort),
    /// for a task in the table; the task in flight this step is aborted when its poll ends.
    pub(super) fn abort_id(&mut self, id: TaskId) {
        if let Some(task) = self.tasks.take(id) {
            self.abort(id, task.sched());
            self.tasks.put(id, task);
        } else if self.in_flight.is_some_and(|(t, ..)| t == id) {
            self.abort_in_flight = true;
        }
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
