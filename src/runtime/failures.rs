//! Failure reports: the engine describes where the run stands when it fails.
//!
//! A [`Failure`] is a plain value; this file gathers what it says from the core (the seed,
//! the step, the unfinished tasks and what each waits on, the last events, the replay
//! command) and names the failures the run loop itself detects.

use std::fmt::Write as _;

use super::core::Core;
use super::task::{Sched, TaskState};
use crate::failure::FailureContext;
use crate::replay::replay_command;
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::{describe_task, render_events, site};
use crate::{Failure, FailureKind};

/// What tokio's runtime says when its API is called with no tokio runtime around.
const TOKIO_OUTSIDE: [&str; 2] =
    ["there is no reactor running", "must be called from the context of a Tokio"];

/// `message`, with a hint line when it is a known mistake that has a simloop answer.
fn with_hint(message: String) -> String {
    if TOKIO_OUTSIDE.iter().any(|m| message.contains(m)) {
        return format!(
            "{message}\nhint: that is tokio's runtime API (`tokio::time::sleep`, `tokio::spawn`, \
             ...), which a simulation does not run. Use `simloop::time` and `simloop::spawn`, \
             or keep the tokio code and build it against the `simloop-tokio` facade \
             (`tokio = {{ package = \"simloop-tokio\", .. }}`, with `--cfg simloop`)"
        );
    }
    message
}

/// How many unfinished tasks a report lists before it summarises the rest.
const LISTED: usize = 20;

impl Core {
    /// A failure of `kind` at this point of the run.
    pub(super) fn failure(&self, kind: FailureKind, message: String) -> Failure {
        let message = with_hint(message);
        let labels = self.labels();
        let mut tail = String::new();
        render_events(&labels, self.trace.tail().iter(), "  ", &mut tail)
            .expect("writing to a String");
        let config = &self.config;
        let context = FailureContext {
            seed: config.seed,
            strategy: config.strategy,
            step: self.steps,
            time: self.clock,
            tasks: unfinished_tasks(self, kind),
            tail,
            replay: self.replay_command(),
            digest: self.trace.digest(),
        };
        Failure::new(kind, message, context)
    }

    /// What stderr shows when a panic is about to abort the process (a `Drop` that panicked
    /// while another panic unwound): `recent` holds the thread's last panics, oldest first.
    pub(super) fn abort_report(&self, recent: &[(String, Option<String>)]) -> String {
        let task = self.acting_task();
        let at = |location: &Option<String>| {
            location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default()
        };
        let mut out = String::from(
            "simloop: abort: a `Drop` panicked while a panic unwound, and Rust aborts the \
             process for that; no report can follow, so here is the run\n",
        );
        let labels = ["the panic that unwound", "the panic in the `Drop`"];
        let skip = recent.len().saturating_sub(2);
        let shown = &recent[skip..];
        let names = &labels[2 - shown.len()..];
        for (name, (message, location)) in names.iter().zip(shown) {
            let message = message.lines().map(str::trim).collect::<Vec<_>>().join(" | ");
            let _ = writeln!(out, "  {name}{}: {message}", at(location));
        }
        let verb = if task.is_main() { "started" } else { "spawned" };
        let _ = writeln!(
            out,
            "  task      {} ({verb} at {})",
            describe_task(task, self.tasks.name_ref(task)),
            site(self.tasks.site(task))
        );
        let _ = writeln!(out, "  seed      {}", self.config.seed);
        let _ = writeln!(out, "  strategy  {}", self.config.strategy);
        let _ = writeln!(out, "  step      {}", self.steps);
        let _ = writeln!(out, "  time      {}", self.clock);
        let _ = writeln!(
            out,
            "A `Drop` impl that may run while unwinding must not panic: check \
             `std::thread::panicking()` in it.\nreplay this run:\n  {}",
            self.replay_command()
        );
        out
    }

    /// The command that replays this run.
    pub(super) fn replay_command(&self) -> String {
        let config = &self.config;
        replay_command(config.seed, config.replay.as_ref(), config.test.as_deref())
    }

    pub(super) fn deadlock(&self) -> Failure {
        self.failure(
            FailureKind::Deadlock,
            "the main future is waiting, but no task is ready and no timer is pending, so \
             nothing can ever wake it\nhint: if work on another OS thread (a real runtime, \
             `std::thread`, a thread pool) was to wake it, that wake cannot reach a simulation: \
             do that work inside it (`simloop::spawn_blocking`, simloop's tasks and timers)"
                .into(),
        )
    }

    pub(super) fn step_limit(&self) -> Failure {
        self.failure(
            FailureKind::StepLimit,
            format!(
                "the step limit of {} polls was reached before the main future completed \
                 (a livelock, or a larger workload: raise it with `Sim::max_steps`, \
                 `Explorer::max_steps` or `#[simloop::test(max_steps = ..)]`)",
                self.config.max_steps
            ),
        )
    }

    pub(super) fn task_limit(&self) -> Failure {
        self.failure(
            FailureKind::TaskLimit,
            format!(
                "more than {} tasks were alive at once: a spawn loop or a spawn bomb? \
                 Raise the limit with `Sim::max_tasks`, `Explorer::max_tasks` or \
                 `#[simloop::test(max_tasks = ..)]` if the workload needs it",
                self.config.max_tasks
            ),
        )
    }

    pub(super) fn time_limit(&self, next: Instant) -> Failure {
        let limit = Instant::from_start(self.config.max_time.unwrap_or_default());
        self.failure(
            FailureKind::TimeLimit,
            format!(
                "the virtual time limit of {limit} was reached before the main future \
                 completed: the next timer is due at {next} (raise it with `Sim::max_time`, \
                 `Explorer::max_time` or `#[simloop::test(max_time = \"..\")]`)"
            ),
        )
    }

    pub(super) fn foreign_wake(&self, foreign: &str) -> Failure {
        self.failure(
            FailureKind::ForeignWake,
            format!(
                "{foreign}; a simulation runs on one thread, and a wake from another makes the \
                 schedule depend on the OS. Keep the simulation's wakers and handles on its thread"
            ),
        )
    }
}

/// Lists the tasks that have not finished, with what each waits on. For a step limit the
/// busiest come first (they kept the loop running); otherwise they are in spawn order.
fn unfinished_tasks(core: &Core, kind: FailureKind) -> String {
    let timers = core.timers.pending();
    let leaks = kind == FailureKind::LeakedTasks;
    let mut tasks: Vec<Unfinished> = Vec::new();
    let mut add = |id: TaskId, sched: &Sched| {
        if if leaks { sched.is_leak() } else { !sched.is_finished() } {
            let (state, polls, since) = (sched.state(), sched.polls(), sched.since());
            tasks.push(Unfinished { id, state, polls, since, daemon: sched.is_daemon() });
        }
    };
    add(TaskId::MAIN, &core.main);
    for (id, task) in core.tasks.held() {
        add(id, task.sched());
    }
    // The task out of the table for this step is running (or being dropped).
    if let Some((id, polls, daemon)) = core.in_flight {
        if !leaks {
            let (state, since) = (TaskState::Running { woken: false }, core.poll_started);
            tasks.push(Unfinished { id, state, polls, since, daemon });
            tasks.sort_by_key(|t| t.id);
        }
    }
    if kind == FailureKind::StepLimit {
        tasks.sort_by_key(|t| (std::cmp::Reverse(t.polls), t.id));
    }
    let label = |id: TaskId| describe_task(id, core.tasks.name_ref(id));
    let width = tasks.iter().take(LISTED).map(|t| label(t.id).len()).max();
    let mut out = String::new();
    let heading = if kind == FailureKind::StepLimit { ", busiest first" } else { "" };
    if tasks.is_empty() {
        out.push_str("unfinished tasks: none\n");
        return out;
    }
    let _ = writeln!(out, "unfinished tasks ({}{heading}):", tasks.len());
    for task in tasks.iter().take(LISTED) {
        let Unfinished { id, state, polls, since, daemon } = *task;
        let label = label(id);
        let waiting = match state {
            TaskState::Scheduled if polls == 0 => "never polled".to_owned(),
            TaskState::Scheduled => "ready to run".to_owned(),
            TaskState::Running { .. } => "running".to_owned(),
            TaskState::Idle => match timers.iter().find(|t| t.task == id) {
                Some(t) => format!("sleeping until {} (at {})", t.deadline, site(t.site)),
                None => format!("waiting for a wake since {since}"),
            },
            TaskState::Finished => unreachable!("filtered out"),
        };
        let verb = match (id.is_main(), daemon) {
            (true, _) => "started",
            (false, false) => "spawned",
            (false, true) => "daemon spawned",
        };
        let polls = if polls == 1 { "1 poll".to_owned() } else { format!("{polls} polls") };
        let _ = writeln!(
            out,
            "  {label:<w$}  {waiting}; {verb} at {}; {polls}",
            site(core.tasks.site(id)),
            w = width.unwrap_or(0),
        );
    }
    if tasks.len() > LISTED {
        let _ = writeln!(out, "  ... and {} more", tasks.len() - LISTED);
    }
    out
}

/// An unfinished task, as a report lists it.
#[derive(Clone, Copy)]
struct Unfinished {
    id: TaskId,
    state: TaskState,
    polls: u64,
    since: Instant,
    daemon: bool,
}
