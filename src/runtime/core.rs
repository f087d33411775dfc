//! The state of one running simulation and every transition of it.
//!
//! The run loop (`run.rs`) asks [`Core::next_step`] what to do, does it outside the borrow
//! of the core (polls, drops and wakes run user code), and reports back with
//! [`Core::end_poll`] or [`Core::finish`]. Every ordering decision taken here is either a
//! total order (task ids, timer `(deadline, seq)`) or a draw through [`Rngs::decide`].

use std::collections::VecDeque;
use std::panic::Location;
use std::sync::Arc;
use std::task::Waker;

use super::Config;
use super::failure::{Failure, FailureKind};
use super::shared::SimShared;
use super::tasks::{TaskSlot, TaskTable};
use crate::rng::{Decision, Rngs};
use crate::task::raw::BoxedTask;
use crate::task::state::{AfterPoll, TaskState, Wake};
use crate::task::{TaskId, TaskMeta};
use crate::time::Instant;
use crate::time::timers::{Fired, TimerKey, Timers};
use crate::trace::recorder::Recorder;
use crate::trace::{self, EventKind, TaskLabel, Trace};

/// What the run loop does next.
pub(crate) enum Step {
    /// Poll the main future.
    PollMain,
    /// Poll a task; its future is handed over for the poll.
    Poll(TaskId, BoxedTask),
    /// Drop an aborted task's future.
    Cancel(TaskId, BoxedTask),
    /// The clock moved; wake the fired timers, in the buffer's order.
    Fire,
    /// The run cannot go on.
    Fail(Failure),
}

pub(crate) struct Core {
    pub(crate) id: u64,
    pub(crate) shared: Arc<SimShared>,
    pub(crate) config: Config,
    pub(crate) rng: Rngs,
    pub(crate) clock: Instant,
    pub(crate) steps: u64,
    /// The task being polled.
    pub(crate) current: Option<TaskId>,
    /// Scheduled tasks, oldest wake first (until a random pick swaps one in).
    ready: VecDeque<TaskId>,
    pub(crate) tasks: TaskTable,
    pub(crate) timers: Timers,
    pub(crate) trace: Recorder,
    /// The first unfinished task not yet dropped at shutdown.
    shutdown_cursor: usize,
}

impl Core {
    pub(crate) fn new(
        config: Config,
        shared: Arc<SimShared>,
        site: &'static Location<'static>,
    ) -> Self {
        let mut tasks = TaskTable::default();
        let main = TaskMeta { name: None, site, daemon: false, parent: None };
        tasks.push(TaskSlot {
            meta: main,
            state: TaskState::Scheduled,
            abort: false,
            cell: None,
            polls: 0,
            since: Instant::ZERO,
        });
        Self {
            id: shared.id,
            shared,
            rng: Rngs::new(config.seed, config.strategy),
            trace: Recorder::new(config.trace),
            config,
            clock: Instant::ZERO,
            steps: 0,
            current: None,
            ready: VecDeque::from([TaskId::MAIN]),
            tasks,
            timers: Timers::default(),
            shutdown_cursor: 1,
        }
    }

    fn record(&mut self, task: TaskId, kind: EventKind) {
        self.trace.record(self.clock, task, kind);
    }

    /// Picks a ready task: index `0` is the oldest wake; a random pick swaps the newest entry
    /// into the hole, so a pick is O(1) whatever the size of the ready set.
    fn pick(&mut self) -> Option<TaskId> {
        match self.rng.decide(Decision::PickTask, self.ready.len()) {
            0 => self.ready.pop_front(),
            i => self.ready.swap_remove_back(i),
        }
    }

    /// Decides what the run loop does next. Fired timers go into `fired`, in firing order.
    pub(crate) fn next_step(&mut self, fired: &mut Vec<Fired>) -> Step {
        if let Some(id) = self.pick() {
            if self.steps >= self.config.max_steps {
                return Step::Fail(self.step_limit());
            }
            self.steps += 1;
            self.current = Some(id);
            let slot = self.tasks.get(id);
            slot.state.start_poll();
            slot.polls += 1;
            let abort = slot.abort;
            let cell = slot.cell.take();
            let Some(cell) = cell else {
                self.record(id, EventKind::Polled);
                return Step::PollMain;
            };
            if abort {
                return Step::Cancel(id, cell);
            }
            self.record(id, EventKind::Polled);
            return Step::Poll(id, cell);
        }
        let Some(deadline) = self.timers.next_deadline() else {
            return Step::Fail(self.deadlock());
        };
        if let Some(limit) = self.config.max_time {
            if deadline > Instant::from_start(limit) {
                return Step::Fail(self.time_limit(deadline));
            }
        }
        self.clock = deadline;
        self.timers.take_due(deadline, fired);
        let n = fired.len();
        for i in 0..n.saturating_sub(1) {
            let j = i + self.rng.decide(Decision::TimerOrder, n - i);
            fired.swap(i, j);
        }
        for f in fired.iter() {
            self.trace.record(deadline, f.task, EventKind::TimerFired);
        }
        Step::Fire
    }

    /// A poll returned `Pending`: the task gets its future back and waits, or runs again.
    pub(crate) fn end_poll(&mut self, id: TaskId, cell: Option<BoxedTask>) {
        self.current = None;
        let clock = self.clock;
        let slot = self.tasks.get(id);
        slot.cell = cell;
        slot.since = clock;
        match slot.state.end_poll() {
            AfterPoll::Schedule => self.ready.push_back(id),
            AfterPoll::Idle => {}
        }
    }

    /// The task completed, panicked or was cancelled (`kind` says which).
    pub(crate) fn finish(&mut self, id: TaskId, kind: EventKind) {
        self.current = None;
        let clock = self.clock;
        let slot = self.tasks.get(id);
        slot.state = TaskState::Finished;
        slot.since = clock;
        self.record(id, kind);
    }

    pub(crate) fn spawn(&mut self, meta: TaskMeta, cell: BoxedTask) -> TaskId {
        let parent = meta.parent;
        let id = self.tasks.push(TaskSlot {
            meta,
            state: TaskState::Scheduled,
            abort: false,
            cell: Some(cell),
            polls: 0,
            since: self.clock,
        });
        self.ready.push_back(id);
        self.record(id, EventKind::Spawned { parent });
        id
    }

    pub(crate) fn wake(&mut self, id: TaskId) {
        match self.tasks.get(id).state.wake() {
            Wake::Schedule => {
                self.ready.push_back(id);
                self.record(id, EventKind::Woken);
            }
            Wake::Nothing => {}
        }
    }

    pub(crate) fn abort(&mut self, id: TaskId) {
        let slot = self.tasks.get(id);
        if slot.state.is_finished() || slot.abort || id.is_main() {
            return;
        }
        slot.abort = true;
        self.record(id, EventKind::AbortRequested);
        self.wake(id);
    }

    pub(crate) fn add_timer(
        &mut self,
        deadline: Instant,
        waker: Waker,
        site: &'static Location<'static>,
    ) -> TimerKey {
        let task = self.current.unwrap_or(TaskId::MAIN);
        self.record(task, EventKind::TimerSet { deadline });
        self.timers.insert(deadline, waker, task, site)
    }

    /// Decides a timeout whose deadline has come: `true` when the deadline wins even if the
    /// inner future would complete at this instant.
    pub(crate) fn timeout_race(&mut self) -> bool {
        self.rng.decide(Decision::TimeoutRace, 2) == 1
    }

    pub(crate) fn timeout_elapsed(&mut self) {
        let task = self.current.unwrap_or(TaskId::MAIN);
        self.record(task, EventKind::TimeoutElapsed);
    }

    /// Hands over the next unfinished task to drop at shutdown, marking it cancelled.
    pub(crate) fn take_for_shutdown(&mut self) -> Option<(TaskId, BoxedTask)> {
        let (id, index) = self.tasks.next_unfinished(self.shutdown_cursor)?;
        self.shutdown_cursor = index + 1;
        let cell = self.tasks.get(id).cell.take()?;
        self.finish(id, EventKind::Cancelled);
        Some((id, cell))
    }

    pub(crate) fn labels(&self) -> Vec<TaskLabel> {
        self.tasks
            .iter()
            .map(|(_, s)| TaskLabel { name: s.meta.name.clone(), site: trace::site(s.meta.site) })
            .collect()
    }

    /// The trace of the run so far; takes the recorded events.
    pub(crate) fn take_trace(&mut self) -> Trace {
        match self.trace.take_events() {
            Some(events) => Trace::new(Some(events), self.labels()),
            None => Trace::new(None, Vec::new()),
        }
    }

    pub(crate) fn failure(&self, kind: FailureKind, message: String) -> Failure {
        Failure::new(self, kind, message)
    }

    fn deadlock(&self) -> Failure {
        self.failure(
            FailureKind::Deadlock,
            "the main future is waiting, but no task is ready and no timer is pending, so \
             nothing can ever wake it"
                .into(),
        )
    }

    fn step_limit(&self) -> Failure {
        self.failure(
            FailureKind::StepLimit,
            format!(
                "the step limit of {} polls was reached before the main future completed \
                 (a livelock, or a larger workload: raise it with `Sim::max_steps`)",
                self.config.max_steps
            ),
        )
    }

    fn time_limit(&self, next: Instant) -> Failure {
        let limit = Instant::from_start(self.config.max_time.unwrap_or_default());
        self.failure(
            FailureKind::TimeLimit,
            format!(
                "the virtual time limit of {limit} was reached before the main future \
                 completed: the next timer is due at {next} (raise it with `Sim::max_time`)"
            ),
        )
    }
}
