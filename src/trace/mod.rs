//! Traces: what happened in a run, as typed events with virtual timestamps.
//!
//! Every run folds each event into a 64-bit **digest**, its determinism fingerprint: two runs
//! with the same digest took the same schedule. With [`Sim::trace(true)`](crate::Sim::trace)
//! the events themselves are kept, and [`Trace`] renders them in a stable text form: one line
//! per event, virtual time with millisecond precision, task names with ids, spawn sites
//! relative to their crate, and nothing that changes from one machine or run to the next
//! (no addresses, no wall-clock time, no absolute paths).

mod event;
pub(crate) mod recorder;

pub use event::{Event, EventKind};

use std::fmt;
use std::panic::Location;

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
}

/// How a trace names a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaskLabel {
    pub(crate) name: Option<Box<str>>,
    pub(crate) site: String,
}

impl Trace {
    pub(crate) fn new(events: Option<Vec<Event>>, tasks: Vec<TaskLabel>) -> Self {
        let recorded = events.is_some();
        Self { events: events.unwrap_or_default(), tasks, recorded }
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

    pub(crate) fn label(tasks: &[TaskLabel], task: TaskId) -> String {
        match tasks.get(task.index()).and_then(|t| t.name.as_deref()) {
            Some(name) => format!("{task} \"{name}\""),
            None => task.to_string(),
        }
    }

    /// Renders events as aligned lines: time, task, what happened.
    pub(crate) fn render<'a>(
        tasks: &[TaskLabel],
        events: impl Iterator<Item = &'a Event> + Clone,
        indent: &str,
        out: &mut impl fmt::Write,
    ) -> fmt::Result {
        let width = events.clone().map(|e| Self::label(tasks, e.task).len()).max().unwrap_or(0);
        for e in events {
            let label = Self::label(tasks, e.task);
            write!(out, "{indent}{:>9}  {label:<width$}  {}", e.time, e.kind)?;
            if let EventKind::Spawned { .. } = e.kind {
                if let Some(t) = tasks.get(e.task.index()) {
                    write!(out, " at {}", t.site)?;
                }
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.recorded {
            return f.write_str("(events not recorded: run with `Sim::trace(true)`)\n");
        }
        Self::render(&self.tasks, self.events.iter(), "", f)
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
