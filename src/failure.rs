//! Failures of a run and their reports.

use std::fmt;

use crate::time::Instant;
use crate::trace::Trace;
use crate::{Strategy, Tape};

/// What kind of failure ended a run.
///
/// # Examples
///
/// ```
/// use simloop::{FailureKind, Sim};
///
/// let failure = Sim::new(1).try_run(std::future::pending::<()>()).unwrap_err();
/// assert_eq!(failure.kind(), FailureKind::Deadlock);
/// assert_eq!(failure.kind().to_string(), "deadlock");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureKind {
    /// The main future panicked, or user code panicked outside any task's poll (a `Drop` impl
    /// run by the executor, a waker).
    Panic,
    /// The main future waits, but no task is ready and no timer is pending.
    Deadlock,
    /// The run took more steps than [`Sim::max_steps`](crate::Sim::max_steps).
    StepLimit,
    /// The clock would pass [`Sim::max_time`](crate::Sim::max_time).
    TimeLimit,
    /// A task of the simulation was woken or aborted from another OS thread while it ran.
    ForeignWake,
    /// A task panicked and its `JoinHandle` was dropped without being awaited
    /// ([`Detector::UnobservedPanic`](crate::Detector::UnobservedPanic)).
    UnobservedPanic,
    /// Tasks were still pending when the main future returned
    /// ([`Detector::LeakedTasks`](crate::Detector::LeakedTasks)).
    LeakedTasks,
    /// A poll held the loop too long ([`Detector::SlowPoll`](crate::Detector::SlowPoll)).
    SlowPoll,
    /// More tasks were alive at once than [`Sim::max_tasks`](crate::Sim::max_tasks).
    TaskLimit,
    /// A replayed tape did not fit the program (choices out of range, entries left over, or
    /// the program asked for more). Only ever a warning, in
    /// [`Outcome::warnings`](crate::Outcome::warnings) or a failure's report.
    TapeMismatch,
    /// A run and its rerun with the same seed took different schedules: something besides
    /// the seed decides the run (found by an exploration's determinism checks).
    Nondeterminism,
}

impl FailureKind {
    /// Every kind, in the order of their indexes (part of the digest: append only).
    const ALL: [Self; 11] = [
        Self::Panic,
        Self::Deadlock,
        Self::StepLimit,
        Self::TimeLimit,
        Self::ForeignWake,
        Self::UnobservedPanic,
        Self::LeakedTasks,
        Self::SlowPoll,
        Self::TaskLimit,
        Self::TapeMismatch,
        Self::Nondeterminism,
    ];

    pub(crate) fn index(self) -> u64 {
        Self::ALL.iter().position(|k| *k == self).expect("listed") as u64
    }

    pub(crate) fn from_index(index: u64) -> Self {
        Self::ALL[index as usize]
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Panic => "panic",
            Self::Deadlock => "deadlock",
            Self::StepLimit => "step limit",
            Self::TimeLimit => "time limit",
            Self::ForeignWake => "wake from another thread",
            Self::UnobservedPanic => "unobserved panic",
            Self::LeakedTasks => "leaked tasks",
            Self::SlowPoll => "slow poll",
            Self::TaskLimit => "task limit",
            Self::TapeMismatch => "tape mismatch",
            Self::Nondeterminism => "nondeterminism",
        })
    }
}

/// Why a simulation failed, with everything needed to understand and replay it.
///
/// `Display` is the report: the failure, the seed, the strategy, the step and virtual time,
/// the tasks that had not finished (name, spawn site, what they wait on), the last events, and
/// the command that replays the run. [`Sim::run`](crate::Sim::run) panics with it;
/// [`Sim::try_run`](crate::Sim::try_run) returns it.
///
/// # Examples
///
/// ```
/// use simloop::{FailureKind, Sim};
///
/// let failure = Sim::new(42).try_run(async {
///     let (_tx, rx) = futures::channel::oneshot::channel::<()>();
///     simloop::spawn(async move { rx.await }).await.unwrap()
/// }).unwrap_err();
/// assert_eq!(failure.kind(), FailureKind::Deadlock);
/// assert_eq!(failure.seed(), 42);
/// let report = failure.to_string();
/// assert!(report.contains("task 1  waiting for a wake since 0.000s"), "{report}");
/// assert!(report.contains("SIMLOOP_SEED=42 cargo test"), "{report}");
/// ```
#[derive(Debug, Clone)]
pub struct Failure {
    details: Box<Details>,
}

#[derive(Debug, Clone)]
struct Details {
    kind: FailureKind,
    message: String,
    seed: u64,
    strategy: Strategy,
    step: u64,
    time: Instant,
    tasks: String,
    tail: String,
    replay: String,
    digest: u64,
    trace: Trace,
    tape: Option<Tape>,
    /// Things the report adds after the events (a tape that did not fit, a late wake).
    notes: Vec<String>,
    /// Set by the simulation when a wake from another thread reaches it after it failed.
    late: Option<LateNote>,
}

/// A note that the simulation may set after it returned its failure.
pub(crate) type LateNote = std::sync::Arc<std::sync::Mutex<Option<String>>>;

/// Where a run stood when it failed, as the engine describes it for the report.
#[derive(Debug)]
pub(crate) struct FailureContext {
    pub(crate) seed: u64,
    pub(crate) strategy: Strategy,
    pub(crate) step: u64,
    pub(crate) time: Instant,
    /// The "unfinished tasks" section, rendered.
    pub(crate) tasks: String,
    /// The last events, rendered.
    pub(crate) tail: String,
    /// The command that replays the run.
    pub(crate) replay: String,
    pub(crate) digest: u64,
}

impl Failure {
    /// A failure of `kind` at the point of the run that `context` describes.
    pub(crate) fn new(kind: FailureKind, message: String, context: FailureContext) -> Self {
        let FailureContext { seed, strategy, step, time, tasks, tail, replay, digest } = context;
        let details = Details {
            kind,
            message,
            seed,
            strategy,
            step,
            time,
            tasks,
            tail,
            replay,
            digest,
            trace: Trace::default(),
            tape: None,
            notes: Vec::new(),
            late: None,
        };
        Self { details: Box::new(details) }
    }

    /// The failure of a passing run (`outcome`) of `seed` whose rerun took another schedule.
    pub(crate) fn nondeterminism<T>(
        message: String,
        seed: u64,
        strategy: Strategy,
        outcome: &crate::Outcome<T>,
    ) -> Self {
        let context = FailureContext {
            seed,
            strategy,
            step: outcome.steps(),
            time: Instant::from_start(outcome.elapsed()),
            tasks: String::new(),
            tail: String::new(),
            replay: crate::replay::replay_command(seed, None, std::thread::current().name()),
            digest: outcome.digest(),
        };
        Self::new(FailureKind::Nondeterminism, message, context)
    }

    /// Adds a note to the report, shown after the last events.
    pub(crate) fn add_note(&mut self, note: String) {
        self.details.notes.push(note);
    }

    /// Shows `late` in the report once the simulation sets it.
    pub(crate) fn set_late_note(&mut self, late: LateNote) {
        self.details.late = Some(late);
    }

    pub(crate) fn set_trace(&mut self, trace: Trace) {
        self.details.trace = trace;
    }

    pub(crate) fn set_tape(&mut self, tape: Option<Tape>) {
        self.details.tape = tape;
    }

    /// The decisions of the run up to the failure, when it recorded them
    /// ([`Sim::record_tape`](crate::Sim::record_tape)).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::Sim;
    ///
    /// let program = || async {
    ///     let a = simloop::spawn(async { simloop::task::id().as_u64() });
    ///     let b = simloop::spawn(async { simloop::task::id().as_u64() });
    ///     let (first, _) = simloop::join!(a, b);
    ///     assert_eq!(first.unwrap(), 2, "task 1 went first");
    /// };
    /// let failure = Sim::new(1).record_tape(true).try_run(program()).unwrap_err();
    /// let tape = failure.tape().unwrap().clone();
    /// let again = Sim::new(1).tape(tape).try_run(program()).unwrap_err();
    /// assert_eq!(again.digest(), failure.digest());
    /// ```
    pub fn tape(&self) -> Option<&Tape> {
        self.details.tape.as_ref()
    }

    /// The kind of failure.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = simloop::Sim::new(1).try_run(async { panic!("boom") }).unwrap_err();
    /// assert_eq!(f.kind(), simloop::FailureKind::Panic);
    /// ```
    pub fn kind(&self) -> FailureKind {
        self.details.kind
    }

    /// What went wrong, in one sentence (the first line of the report, without the kind).
    ///
    /// # Examples
    ///
    /// ```
    /// let f = simloop::Sim::new(1).try_run(async { panic!("boom") }).unwrap_err();
    /// assert!(f.message().starts_with("the main future panicked at "));
    /// assert!(f.message().ends_with(": boom"));
    /// ```
    pub fn message(&self) -> &str {
        &self.details.message
    }

    /// The seed of the failing run.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = simloop::Sim::new(9).try_run(std::future::pending::<()>()).unwrap_err();
    /// assert_eq!(f.seed(), 9);
    /// ```
    pub fn seed(&self) -> u64 {
        self.details.seed
    }

    /// The strategy of the failing run.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = simloop::Sim::new(9).try_run(std::future::pending::<()>()).unwrap_err();
    /// assert_eq!(f.strategy(), simloop::Strategy::Random);
    /// ```
    pub fn strategy(&self) -> Strategy {
        self.details.strategy
    }

    /// How many steps (polls) the run had taken.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = simloop::Sim::new(9).try_run(std::future::pending::<()>()).unwrap_err();
    /// assert_eq!(f.step(), 1);
    /// ```
    pub fn step(&self) -> u64 {
        self.details.step
    }

    /// The virtual time of the failure.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = simloop::Sim::new(9).try_run(std::future::pending::<()>()).unwrap_err();
    /// assert_eq!(f.time(), simloop::time::Instant::ZERO);
    /// ```
    pub fn time(&self) -> Instant {
        self.details.time
    }

    /// The command that replays the failing run: `SIMLOOP_SEED=<seed> cargo test <test>`,
    /// preceded by `SIMLOOP_SCHEDULE=<tape>` when the run followed a tape
    /// ([`Sim::tape`](crate::Sim::tape)).
    ///
    /// The test name is the name of the thread the simulation ran on, which the test harness
    /// sets to the test's path.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = simloop::Sim::new(9).try_run(std::future::pending::<()>()).unwrap_err();
    /// assert!(f.replay_command().starts_with("SIMLOOP_SEED=9 cargo "));
    /// ```
    pub fn replay_command(&self) -> &str {
        &self.details.replay
    }

    /// The digest of the run up to the failure: the fingerprint of its schedule, as
    /// [`Outcome::digest`](crate::Outcome::digest). Two runs of a seed that fail with
    /// different digests took different schedules: something besides the seed decided.
    ///
    /// # Examples
    ///
    /// ```
    /// let run = || simloop::Sim::new(9).try_run(async { panic!("boom") }).unwrap_err();
    /// assert_eq!(run().digest(), run().digest());
    /// ```
    pub fn digest(&self) -> u64 {
        self.details.digest
    }

    /// The run's events up to the failure, when it had `Sim::trace(true)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = simloop::Sim::new(9).trace(true).try_run(async { panic!("boom") }).unwrap_err();
    /// assert!(f.trace().to_string().contains("panicked: boom"));
    /// ```
    pub fn trace(&self) -> &Trace {
        &self.details.trace
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.details.message.replace('\n', "\n    ");
        writeln!(f, "simloop: {}: {message}", self.details.kind)?;
        writeln!(f, "  seed      {}", self.details.seed)?;
        writeln!(f, "  strategy  {}", self.details.strategy)?;
        writeln!(f, "  step      {}", self.details.step)?;
        writeln!(f, "  time      {}", self.details.time)?;
        f.write_str(&self.details.tasks)?;
        if !self.details.tail.is_empty() {
            writeln!(f, "last events:")?;
            f.write_str(&self.details.tail)?;
        }
        for note in &self.details.notes {
            writeln!(f, "note: {}", note.replace('\n', "\n  "))?;
        }
        let late = self.details.late.as_ref().and_then(|l| l.lock().ok()?.clone());
        if let Some(note) = late {
            writeln!(f, "note: {note}")?;
        }
        writeln!(f, "replay this run:")?;
        write!(f, "  {}", self.details.replay)
    }
}

impl std::error::Error for Failure {}
