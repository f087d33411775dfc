//! The state of one running simulation and every transition of it.
//!
//! The run loop (`run.rs`) asks [`Core::next_step`] what to do, does it outside the borrow
//! of the core (polls, drops and wakes run user code), and reports back with
//! [`Core::end_poll`] or [`Core::finish`]. Every ordering decision taken here is either a
//! total order (task ids, timer `(deadline, seq)`) or a draw through [`Rngs::decide`].

use std::collections::{BTreeMap, VecDeque};
use std::panic::Location;
use std::sync::Arc;
use std::task::Waker;

use super::Config;
use super::detect::{Detector, Findings};
use super::failure::{Failure, FailureKind};
use super::shared::SimShared;
use super::tasks::{TaskSlot, TaskTable};
use crate::blocking::Pool;
use crate::rng::{Decision, Rngs};
use crate::search::Tape;
use crate::search::log::{TapeLog, What};
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
    /// The task whose code runs in this step (polled, or dropped): it spawns, sleeps and wakes
    /// on its own behalf. `None` while timers fire.
    pub(crate) current: Option<TaskId>,
    /// Scheduled tasks, oldest wake first (until a random pick swaps one in).
    ready: VecDeque<TaskId>,
    pub(crate) tasks: TaskTable,
    pub(crate) timers: Timers,
    pub(crate) trace: Recorder,
    /// The first unfinished task not yet dropped at shutdown.
    shutdown_cursor: usize,
    /// When the current poll started, to tell how long it held the loop.
    poll_started: Instant,
    /// Set when the clock moved during a poll (`cpu_work`): timers may be overdue.
    clock_jumped: bool,
    pub(crate) pool: Pool,
    pub(crate) findings: Findings,
    /// Whether each `buggify!` site reached so far is enabled, by `(file, line, column)`.
    pub(crate) buggify_sites: BTreeMap<(&'static str, u32, u32), bool>,
}

impl Core {
    pub(crate) fn new(
        config: Config,
        shared: Arc<SimShared>,
        site: &'static Location<'static>,
    ) -> Self {
        let config_workers = config.blocking_workers;
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
            rng: {
                let mut rng = Rngs::new(config.seed, config.strategy, config.pct_steps);
                rng.set_abort_probability(config.abort_probability);
                rng.tape = TapeLog::new(config.replay.as_ref(), config.record_tape || config.trace);
                rng
            },
            trace: Recorder::new(config.trace),
            config,
            clock: Instant::ZERO,
            steps: 0,
            current: None,
            ready: VecDeque::from([TaskId::MAIN]),
            tasks,
            timers: Timers::default(),
            shutdown_cursor: 1,
            poll_started: Instant::ZERO,
            clock_jumped: false,
            pool: Pool::new(config_workers),
            findings: Findings::default(),
            buggify_sites: BTreeMap::new(),
        }
    }

    fn record(&mut self, task: TaskId, kind: EventKind) {
        self.trace.record(self.clock, task, kind);
    }

    pub(crate) fn record_for(&mut self, task: TaskId, kind: EventKind) {
        self.record(task, kind);
    }

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

    /// Attaches `what` to the decision just taken, when the tape is recorded.
    pub(crate) fn note(&mut self, step: u64, what: What) {
        if self.rng.tape.is_recording() {
            self.rng.tape.note(step, self.clock, what);
        }
    }

    /// The order in which the current task's `select!` or `join!` polls its branches.
    pub(crate) fn branch_order(&mut self, order: &mut [usize]) {
        self.rng.permutation(Decision::SelectOrder, order);
        if self.rng.tape.is_recording() && order.iter().enumerate().any(|(i, b)| i != *b) {
            let task = self.current.unwrap_or(TaskId::MAIN);
            self.note(self.steps, What::BranchOrder { task, order: order.to_vec() });
        }
    }

    /// The recorded tape of the run, if recording; takes it.
    pub(crate) fn take_tape(&mut self) -> Option<Tape> {
        let labels = self.labels();
        self.rng.tape.take(&labels)
    }

    /// Decides what the run loop does next. Fired timers go into `fired`, in firing order.
    pub(crate) fn next_step(&mut self, fired: &mut Vec<Fired>) -> Step {
        if let Some(failure) = self.findings.fatal.take() {
            return Step::Fail(failure);
        }
        if std::mem::take(&mut self.clock_jumped) {
            if let Some(failure) = self.check_time_limit(self.clock) {
                return Step::Fail(failure);
            }
            if self.timers.next_deadline().is_some_and(|d| d <= self.clock) {
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

    /// A poll returned `Pending`: the task gets its future back and waits, or runs again.
    pub(crate) fn end_poll(&mut self, id: TaskId, cell: Option<BoxedTask>) {
        self.check_slow_poll(id);
        let clock = self.clock;
        let slot = self.tasks.get(id);
        slot.cell = cell;
        slot.since = clock;
        match slot.state.end_poll() {
            AfterPoll::Schedule => {
                self.ready.push_back(id);
                // Woken during its own poll (`yield_now`, or its waker called meanwhile).
                self.record(id, EventKind::Woken { by: self.current });
            }
            AfterPoll::Idle => {}
        }
    }

    /// A poll completed the task, or it panicked (`kind` says which).
    pub(crate) fn finish_poll(&mut self, id: TaskId, kind: EventKind) {
        self.check_slow_poll(id);
        self.finish(id, kind);
    }

    /// Reports a poll that held the loop longer than the slow-poll limit.
    fn check_slow_poll(&mut self, id: TaskId) {
        let held = self.clock.duration_since(self.poll_started);
        if held <= self.config.slow_poll {
            return;
        }
        let (from, label, site) = (self.poll_started, self.label(id), self.site(id));
        let verb = if id.is_main() { "started" } else { "spawned" };
        let limit = Instant::from_start(self.config.slow_poll);
        let held = Instant::from_start(held);
        self.detected(
            Detector::SlowPoll,
            id,
            format!(
                "{label} ({verb} at {site}) held the loop for {held} of virtual time in one \
                 poll (from {from} to {now}), over the slow-poll limit of {limit}; no other task ran meanwhile. Move \
                 CPU-bound work to `simloop::spawn_blocking`, or raise the limit with \
                 `Sim::slow_poll`",
                now = self.clock,
            ),
        );
    }

    /// `cpu_work`: the current poll holds the loop for `duration`.
    pub(crate) fn cpu_work(&mut self, duration: std::time::Duration) {
        let task = self.current.unwrap_or(TaskId::MAIN);
        self.record(task, EventKind::Busy { until: self.clock + duration });
        self.clock += duration;
        self.clock_jumped = true;
    }

    /// The main future returned: reports the tasks still pending, daemons aside.
    pub(crate) fn check_leaks(&mut self) {
        let leaked = self.tasks.iter().filter(|(_, s)| s.is_leak()).count();
        if leaked == 0 {
            return;
        }
        let (count, verb) = if leaked == 1 {
            ("1 task".to_owned(), "was")
        } else {
            (format!("{leaked} tasks"), "were")
        };
        self.detected(
            Detector::LeakedTasks,
            TaskId::MAIN,
            format!(
                "{count} {verb} still pending when the main future returned, and {verb} \
                 cancelled (asyncio: \"Task was destroyed but it is pending!\"). Await or abort \
                 them before returning, or spawn background work with \
                 `task::Builder::new().daemon(true)`"
            ),
        );
    }

    /// A task's panic will never be seen: its handle was dropped without awaiting it.
    pub(crate) fn unobserved_panic(&mut self, id: TaskId, error: &str) {
        let site = self.site(id);
        self.detected(
            Detector::UnobservedPanic,
            id,
            format!(
                "{error} (spawned at {site}), and its `JoinHandle` was dropped without awaiting it, so nobody sees \
                 the panic (asyncio: \"Task exception was never retrieved\"). Await the \
                 handle and handle its `JoinError`, or keep the handle until the task is done"
            ),
        );
    }

    fn detected(&mut self, detector: Detector, task: TaskId, message: String) {
        let kind = detector.failure_kind();
        self.record(task, EventKind::Finding { kind });
        let policy = self.config.policies.get(detector);
        if policy != super::Policy::Allow {
            let failure = self.failure(kind, message);
            self.findings.add(policy, failure);
        }
    }

    fn site(&self, id: TaskId) -> String {
        trace::site(self.tasks.site(id))
    }

    fn label(&self, id: TaskId) -> String {
        match self.tasks.name_ref(id) {
            Some(name) => format!("{id} \"{name}\""),
            None => id.to_string(),
        }
    }

    /// The task completed, panicked or was cancelled (`kind` says which).
    pub(crate) fn finish(&mut self, id: TaskId, kind: EventKind) {
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
                self.record(id, EventKind::Woken { by: self.current });
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
        let deadline_won = self.rng.decide(Decision::TimeoutRace, 2) == 1;
        let task = self.current.unwrap_or(TaskId::MAIN);
        if deadline_won {
            self.note(self.steps, What::DeadlineFirst { task });
        }
        self.record(task, EventKind::TimeoutRace { deadline_won });
        deadline_won
    }

    /// Records a user event (`simloop::event!`) for the current task.
    pub(crate) fn user_event(&mut self, message: String) {
        let task = self.current.unwrap_or(TaskId::MAIN);
        self.record(task, EventKind::User { message });
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
        self.current = Some(id);
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
            Some(events) => {
                Trace::new(Some(events), self.labels(), self.config.seed, self.config.strategy)
            }
            None => Trace::new(None, Vec::new(), self.config.seed, self.config.strategy),
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
