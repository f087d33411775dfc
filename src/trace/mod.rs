//! Traces: what happened in a run, as typed events with virtual timestamps.
//!
//! Every run folds each event into a 64-bit **digest**, its determinism fingerprint: two runs
//! with the same digest took the same schedule. With [`Sim::trace(true)`](crate::Sim::trace)
//! the events themselves are kept, and a [`Trace`] shows them in the forms people want:
//!
//! - the canonical text (`Display`): one line per event, aligned columns, virtual time with
//!   millisecond precision, task names with ids, spawn sites relative to their crate, and
//!   nothing that changes from one machine or run to the next (no addresses, no wall-clock
//!   time, no absolute paths);
//! - the [compact view](Trace::compact): lifecycle, findings and user events only, for
//!   snapshots that should survive refactors;
//! - [`assert_trace_snapshot!`](crate::assert_trace_snapshot), an insta snapshot under the
//!   crate's `snapshots/` folder;
//! - [`Trace::diff`]: where two runs part;
//! - [`Trace::to_chrome_json`]: the Chrome trace event format (Perfetto, `chrome://tracing`),
//!   one lane per task over virtual time.
//!
//! Code under test adds its own events with [`event!`](crate::event).

mod chrome;
mod diff;
mod event;
pub(crate) mod recorder;
mod render;
mod snapshot;
mod user;

pub use diff::TraceDiff;
pub use event::{Event, EventKind};
pub use render::Compact;
pub(crate) use render::render as render_events;
#[doc(hidden)]
pub use snapshot::{__snapshot, SnapshotSource};
#[doc(hidden)]
pub use user::__record_event;

use std::fmt;
use std::panic::Location;

use crate::Strategy;
use crate::task::TaskId;

/// The events of one run, and the names of its tasks.
///
/// Empty unless the run had [`Sim::trace(true)`](crate::Sim::trace). `Display` gives the
/// canonical text form.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, Strategy, task::Builder, time};
///
/// let outcome = Sim::new(1).strategy(Strategy::Fifo).trace(true).try_run(async {
///     let h = Builder::new().name("worker").spawn(async {
///         time::sleep(Duration::from_millis(5)).await;
///     });
///     h.await.unwrap();
/// }).unwrap();
/// let text = outcome.trace().to_string();
/// assert!(text.contains("0.005s  task 1 \"worker\"  timer fired"), "{text}");
/// assert!(outcome.trace().is_recorded());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    events: Vec<Event>,
    tasks: Vec<TaskLabel>,
    recorded: bool,
    seed: u64,
    strategy: Strategy,
}

/// How a trace names a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaskLabel {
    pub(crate) name: Option<Box<str>>,
    pub(crate) site: String,
}

impl Trace {
    pub(crate) fn new(
        events: Option<Vec<Event>>,
        tasks: Vec<TaskLabel>,
        seed: u64,
        strategy: Strategy,
    ) -> Self {
        let recorded = events.is_some();
        Self { events: events.unwrap_or_default(), tasks, recorded, seed, strategy }
    }

    /// The events, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert_eq!(o.trace().events().len(), 2); // main polled, main completed
    /// ```
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Whether the run recorded its events (`Sim::trace(true)`).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).try_run(async {}).unwrap();
    /// assert!(!o.trace().is_recorded());
    /// assert!(o.trace().events().is_empty());
    /// ```
    pub fn is_recorded(&self) -> bool {
        self.recorded
    }

    /// The seed of the run.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::with_exact_seed(3).trace(true).try_run(async {}).unwrap();
    /// assert_eq!(o.trace().seed(), 3);
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The strategy of the run.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(3).trace(true).try_run(async {}).unwrap();
    /// assert_eq!(o.trace().strategy(), simloop::Strategy::Random);
    /// ```
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// The name given to a task, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).trace(true).try_run(async {
    ///     let h = simloop::task::Builder::new().name("db").spawn(async {});
    ///     let id = h.id();
    ///     h.await.unwrap();
    ///     id
    /// }).unwrap();
    /// assert_eq!(o.trace().task_name(*o.value()), Some("db"));
    /// ```
    pub fn task_name(&self, task: TaskId) -> Option<&str> {
        self.tasks.get(task.index()).and_then(|t| t.name.as_deref())
    }

    /// The label of a task in traces and reports: `task 7 "db"`, or `task 7` unnamed.
    pub(crate) fn label(tasks: &[TaskLabel], task: TaskId) -> String {
        match tasks.get(task.index()).and_then(|t| t.name.as_deref()) {
            Some(name) => format!("{task} \"{name}\""),
            None => task.to_string(),
        }
    }

    fn label_of(&self, task: TaskId) -> String {
        Self::label(&self.tasks, task)
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.recorded {
            return f.write_str("(events not recorded: run with `Sim::trace(true)`)\n");
        }
        render::render(&self.tasks, self.events.iter(), "", f)
    }
}

/// A call site as traces and reports print it: relative to its crate, `/`-separated.
///
/// Paths inside the workspace are already relative. A dependency's absolute path is cut to
/// the crate folder and what follows (`futures-util-0.3.31/src/...`), so no home directory or
/// machine layout ends up in a trace.
pub(crate) fn site(location: &Location<'_>) -> String {
    let file = location.file().replace('\\', "/");
    let absolute = file.starts_with('/') || file.get(1..2) == Some(":");
    // `a/../b` (a module included with `#[path]`) is `b`.
    let mut parts: Vec<&str> = Vec::new();
    for part in file.split('/') {
        match part {
            "." | "" if !parts.is_empty() => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let file = if absolute {
        let roots = ["src", "tests", "examples", "benches", "sim-tests"];
        match parts.iter().rposition(|p| roots.contains(p)) {
            Some(i) if i > 0 => parts[i - 1..].join("/"),
            _ => parts.last().copied().unwrap_or_default().to_owned(),
        }
    } else {
        parts.join("/")
    };
    format!("{file}:{}:{}", location.line(), location.column())
}
