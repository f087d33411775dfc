//! What a failing exploration tells: [`ExploreFailure`], the report `Explorer::run` panics
//! with.

use std::fmt;
use std::path::{Path, PathBuf};

use super::Shard;
use super::artifacts::Artifacts;
use super::confirm::Determinism;
use super::report::{Report, plural, wall};
use super::seeds::Source;
use super::shrinking::Shrinking;
use crate::paths::display_path;
use crate::{Failure, Strategy, Tape};

/// How many events of the failing run's trace a report prints at most (the last ones).
const TRACE_LINES: usize = 400;

/// What happened to the failing seed's regression file.
#[derive(Debug, Clone)]
pub(super) enum Saved {
    /// The seed was appended.
    Written(PathBuf),
    /// The seed came from the file.
    AlreadyThere(PathBuf),
    /// Appending failed.
    Error(PathBuf, String),
    /// No regression file (turned off, no test name, or a `SIMLOOP_SEED` replay).
    Nowhere,
}

/// An exploration that found a failing seed: where, which, and the failure's report.
///
/// `Display` is the full report that [`Explorer::run`](crate::Explorer::run) panics with: a
/// header (`explored N iterations, failing iteration i, seed s`), the settings, where the
/// seed was saved, the determinism check, the trace of the failing run, and the run's
/// [`Failure`] report, which ends with the command that replays it.
///
/// # Examples
///
/// ```
/// use simloop::Explorer;
///
/// let failed = Explorer::new()
///     .read_env(false)
///     .no_regressions()
///     .try_run(|| async {
///         let even = simloop::spawn(async { simloop::random::<u64>() % 2 == 0 });
///         assert!(!even.await.unwrap(), "an even number");
///     })
///     .unwrap_err();
/// assert_eq!(failed.seed(), Explorer::seed_of(Explorer::DEFAULT_BASE_SEED, failed.iteration().unwrap()));
/// assert!(failed.is_deterministic());
/// assert!(failed.failure().message().ends_with("an even number"));
/// let report = failed.to_string();
/// let iteration = failed.iteration().unwrap();
/// assert!(report.starts_with("simloop: explore: explored "));
/// assert!(report.contains(&format!("failing iteration {iteration}, seed {}\n", failed.seed())));
/// assert!(report.contains(&format!("SIMLOOP_SEED={} cargo ", failed.seed())));
/// ```
#[derive(Debug, Clone)]
pub struct ExploreFailure {
    details: Box<Details>,
}

#[derive(Debug, Clone)]
pub(super) struct Details {
    pub(super) report: Report,
    pub(super) position: u64,
    pub(super) source: Source,
    pub(super) seed: u64,
    /// The strategy of the failing run (a member of a portfolio).
    pub(super) strategy: Strategy,
    pub(super) failure: Failure,
    pub(super) determinism: Determinism,
    pub(super) shrinking: Shrinking,
    pub(super) saved: Saved,
    pub(super) artifacts: Artifacts,
}

impl ExploreFailure {
    pub(super) fn new(details: Details) -> Self {
        Self { details: Box::new(details) }
    }

    /// The failing seed: `SIMLOOP_SEED=<seed>` replays it.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert_eq!(failed.seed(), failed.failure().seed());
    /// ```
    pub fn seed(&self) -> u64 {
        self.details.seed
    }

    /// The index of the failing iteration, or `None` when the seed came from the regression
    /// file or from `SIMLOOP_SEED`.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert_eq!(failed.iteration(), Some(0));
    /// ```
    pub fn iteration(&self) -> Option<u64> {
        match self.details.source {
            Source::Iteration(i) => Some(i),
            Source::Regression(_) | Source::Replay => None,
        }
    }

    /// Whether the seed came from the regression file.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert!(!failed.is_regression());
    /// ```
    pub fn is_regression(&self) -> bool {
        matches!(self.details.source, Source::Regression(_))
    }

    /// The failure of the failing seed, from a rerun with full trace recording.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert_eq!(failed.failure().kind(), simloop::FailureKind::Panic);
    /// assert!(failed.failure().trace().is_recorded());
    /// ```
    pub fn failure(&self) -> &Failure {
        &self.details.failure
    }

    /// Whether two reruns of the seed failed exactly as the exploration run did (same
    /// failure, same digest). `false` means something besides the seed decides the run.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert!(failed.is_deterministic());
    /// ```
    pub fn is_deterministic(&self) -> bool {
        matches!(self.details.determinism, Determinism::Same { .. })
    }

    /// The regression file the seed was written to, when it was.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert_eq!(failed.saved_to(), None);
    /// ```
    pub fn saved_to(&self) -> Option<&Path> {
        match &self.details.saved {
            Saved::Written(path) => Some(path),
            _ => None,
        }
    }

    /// The shrunk schedule of the failure: the shortest tape found that fails with the same
    /// kind and message, recorded by a replay, so that
    /// [`differences`](Tape::differences) tells its decisions in words. `None` when
    /// shrinking was off ([`Explorer::shrink_runs(0)`](crate::Explorer::shrink_runs), a
    /// `SIMLOOP_SCHEDULE` replay) or could not run (a nondeterministic test).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use simloop::{Explorer, Sim, task::Builder};
    ///
    /// let test = || async {
    ///     let log = Rc::new(RefCell::new(Vec::new()));
    ///     let (a, b) = (log.clone(), log.clone());
    ///     let reader = Builder::new().name("reader").spawn(async move { a.borrow_mut().push("read") });
    ///     let writer = Builder::new().name("writer").spawn(async move { b.borrow_mut().push("write") });
    ///     reader.await.unwrap();
    ///     writer.await.unwrap();
    ///     assert_eq!(*log.borrow(), ["read", "write"], "the write went first");
    /// };
    /// let failed = Explorer::new().read_env(false).no_regressions().try_run(test).unwrap_err();
    /// let shrunk = failed.shrunk_tape().unwrap();
    /// assert_eq!(shrunk.to_string(), "v2:r2@2"); // one decision: task 2 (`writer`) at step 2
    /// let words: Vec<&str> = shrunk.differences().collect();
    /// assert_eq!(words, ["step 2 at 0.000s: ran `writer` before `reader`"]);
    /// assert!(failed.original_tape().unwrap().len() >= shrunk.len());
    /// let command = failed.schedule_command().unwrap();
    /// assert!(command.starts_with("SIMLOOP_SCHEDULE=v2:r2@2 SIMLOOP_SEED="), "{command}");
    ///
    /// // The shrunk tape replays the failure.
    /// let again = Sim::new(failed.seed()).tape(shrunk.clone()).try_run(test()).unwrap_err();
    /// assert_eq!(again.message(), failed.failure().message());
    /// ```
    pub fn shrunk_tape(&self) -> Option<&Tape> {
        match &self.details.shrinking {
            Shrinking::Done(shrunk) => Some(&shrunk.tape),
            _ => None,
        }
    }

    /// The tape of the failing run, before shrinking (`None` when shrinking did not run).
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert!(failed.original_tape().unwrap().is_empty());
    /// ```
    pub fn original_tape(&self) -> Option<&Tape> {
        match &self.details.shrinking {
            Shrinking::Done(shrunk) => Some(&shrunk.original),
            _ => None,
        }
    }

    /// The command that replays the shrunk schedule:
    /// `SIMLOOP_SCHEDULE=<tape> SIMLOOP_SEED=<seed> cargo test <test>`.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert!(failed.schedule_command().unwrap().starts_with("SIMLOOP_SCHEDULE=v2: SIMLOOP_SEED="));
    /// ```
    pub fn schedule_command(&self) -> Option<&str> {
        match &self.details.shrinking {
            Shrinking::Done(shrunk) => Some(shrunk.failure.replay_command()),
            _ => None,
        }
    }

    /// The summary of the exploration up to the failure.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions().threads(1)
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert_eq!(failed.report().failures(), 1);
    /// ```
    pub fn report(&self) -> &Report {
        &self.details.report
    }
}

impl fmt::Display for ExploreFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &*self.details;
        let r = &d.report;
        let explored = plural(d.position + 1, "iteration");
        let which = match d.source {
            Source::Iteration(i) => format!("failing iteration {i}"),
            Source::Regression(i) => format!("failing regression seed {} of the file", i + 1),
            Source::Replay if r.schedule => "replaying SIMLOOP_SCHEDULE".to_owned(),
            Source::Replay => "replaying SIMLOOP_SEED".to_owned(),
        };
        if r.shard == Shard::ALL || r.replay.is_some() {
            writeln!(f, "simloop: explore: explored {explored}, {which}, seed {}", d.seed)?;
        } else {
            // The iteration numbers are the exploration's; this shard ran a slice of them.
            let ran = match r.planned {
                Some(n) => format!("{} of {n} iterations", d.position + 1),
                None => explored,
            };
            writeln!(f, "simloop: explore: shard {}: {ran}, {which}, seed {}", r.shard, d.seed)?;
        }
        if let Some(test) = &r.test {
            writeln!(f, "  test         {test}")?;
        }
        write!(f, "  strategy     {}", r.strategy)?;
        if d.strategy != r.strategy {
            write!(f, " (the failing run took {})", d.strategy)?;
        }
        if r.strategy_from_env {
            write!(f, " (from SIMLOOP_STRATEGY: set it for the replay too)")?;
        }
        writeln!(f)?;
        if r.replay.is_none() {
            writeln!(f, "  base seed    {}", r.base_seed)?;
            if r.shard != Shard::ALL {
                writeln!(f, "  shard        {}", r.shard)?;
            }
        }
        writeln!(f, "  threads      {}", r.threads)?;
        writeln!(f, "  wall time    {}", wall(r.wall_time))?;
        match &d.saved {
            Saved::Written(path) => writeln!(
                f,
                "  regressions  seed saved to {}: check the file in; every later run replays \
                 it first",
                display_path(path)
            )?,
            Saved::AlreadyThere(path) => {
                writeln!(f, "  regressions  the seed is already in {}", display_path(path))?
            }
            Saved::Error(path, err) => writeln!(
                f,
                "  regressions  could not save the seed to {}: {err}",
                display_path(path)
            )?,
            Saved::Nowhere => {}
        }
        match &d.determinism {
            Determinism::Same { digest } => writeln!(
                f,
                "  determinism  checked: two reruns with trace recording failed the same way \
                 (digest {digest:#018x})"
            )?,
            Determinism::Differs(what) => writeln!(
                f,
                "  determinism  NONDETERMINISTIC: {what}. Something besides the seed decides \
                 the run; the likely causes: `HashMap`/`HashSet` iteration order, \
                 `tokio::select!` or `futures::select!` (they draw their branch order from a \
                 generator of their own: use `simloop::select!`), wall-clock time \
                 (`std::time::Instant::now`), OS randomness (`rand::thread_rng`, `fastrand`), \
                 threads, or state kept between runs (a `static`). The replay command may not \
                 reproduce this run"
            )?,
        }
        match &d.artifacts {
            Artifacts::Written(stem) => writeln!(
                f,
                "  trace        written to {0}.txt, and {0}.json for https://ui.perfetto.dev",
                display_path(stem)
            )?,
            Artifacts::Error(stem, err) => writeln!(
                f,
                "  trace        could not be written to {}.*: {err}",
                display_path(stem)
            )?,
            Artifacts::None => {}
        }
        write_shrinking(f, &d.shrinking)?;
        let trace = d.failure.trace();
        // The files hold the whole trace; the run's report below ends with its last events.
        if trace.is_recorded() && !matches!(d.artifacts, Artifacts::Written(_)) {
            let text = trace.to_string();
            let lines: Vec<&str> = text.lines().collect();
            let shown = lines.len().min(TRACE_LINES);
            write!(f, "trace of the failing run ({} events", lines.len())?;
            if shown < lines.len() {
                write!(f, ", the last {shown}")?;
            }
            writeln!(f, "):")?;
            for line in &lines[lines.len() - shown..] {
                writeln!(f, "  {line}")?;
            }
        }
        write!(f, "{}", d.failure)
    }
}

impl std::error::Error for ExploreFailure {}

/// The shrinking line of the header, then the shrunk schedule in words and its replay.
fn write_shrinking(f: &mut fmt::Formatter<'_>, shrinking: &Shrinking) -> fmt::Result {
    let shrunk = match shrinking {
        Shrinking::Off => return Ok(()),
        Shrinking::Skipped(why) => return writeln!(f, "  shrinking    skipped: {why}"),
        Shrinking::Done(shrunk) => shrunk,
    };
    let tape = &shrunk.tape;
    let differ = tape.non_default();
    write!(
        f,
        "  shrinking    {} off the default order, shrunk to {differ}, in {}",
        plural(shrunk.original.non_default() as u64, "decision"),
        plural(shrunk.runs, "run")
    )?;
    if shrunk.exhausted {
        write!(f, " (the budget ran out: the schedule may shrink further)")?;
    }
    writeln!(f)?;
    if differ == 0 {
        writeln!(f, "shrunk schedule: the default order fails; no decision is needed")?;
    } else {
        writeln!(f, "shrunk schedule, the decisions that differ from the default order:")?;
        for words in tape.differences() {
            writeln!(f, "  {words}")?;
        }
    }
    writeln!(f, "replay the shrunk schedule:")?;
    writeln!(f, "  {}", shrunk.failure.replay_command())
}
