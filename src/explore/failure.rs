//! What a failing exploration tells: [`ExploreFailure`], the report `Explorer::run` panics
//! with.

use std::fmt;
use std::path::{Path, PathBuf};

use super::Shard;
use super::confirm::Determinism;
use super::regressions::display_path;
use super::report::{Report, plural, wall};
use super::seeds::Source;
use crate::{Failure, Strategy};

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
    pub(super) saved: Saved,
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
        writeln!(f, "simloop: explore: explored {explored}, {which}, seed {}", d.seed)?;
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
                 the run (wall-clock time, threads, hash order, state kept between runs): the \
                 replay command may not reproduce this failure"
            )?,
        }
        let trace = d.failure.trace();
        if trace.is_recorded() {
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
