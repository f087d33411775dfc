//! The canonical text form of events, and the compact view.

use std::fmt;

use super::label::{TaskLabel, label_of};
use super::{Event, EventKind, Trace};

/// How spawn sites are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sites {
    /// `file:line:column`.
    Full,
    /// The file alone: the compact view survives edits above the code it traces.
    File,
}

/// Renders events as aligned lines: time, task, what happened (and where a task was spawned).
pub(crate) fn render<'a>(
    tasks: &[TaskLabel],
    events: impl Iterator<Item = &'a Event> + Clone,
    indent: &str,
    out: &mut impl fmt::Write,
) -> fmt::Result {
    render_with(tasks, events, indent, Sites::Full, out)
}

fn render_with<'a>(
    tasks: &[TaskLabel],
    events: impl Iterator<Item = &'a Event> + Clone,
    indent: &str,
    sites: Sites,
    out: &mut impl fmt::Write,
) -> fmt::Result {
    let width = events.clone().map(|e| label_of(tasks, e.task).len()).max().unwrap_or(0);
    for e in events {
        let label = label_of(tasks, e.task);
        write!(out, "{indent}{:>9}  {label:<width$}  ", e.time)?;
        // The tasks an event names are labelled like the task column.
        match e.kind {
            EventKind::Spawned { parent: Some(by) } => {
                write!(out, "spawned by {}", label_of(tasks, by))?;
            }
            EventKind::Woken { by: Some(by) } => write!(out, "woken by {}", label_of(tasks, by))?,
            ref kind => write!(out, "{kind}")?,
        }
        if let EventKind::Spawned { .. } = e.kind {
            if let Some(t) = tasks.get(e.task.index()) {
                let site = super::site(t.site);
                let site = match sites {
                    Sites::Full => &site[..],
                    // `file:line:column`: the file is all but the last two fields.
                    Sites::File => site.rsplitn(3, ':').last().unwrap_or(&site),
                };
                write!(out, " at {site}")?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The compact view of a [`Trace`]: lifecycle, findings and user events, without polls,
/// wakes and timers, and spawn sites without their line numbers (names and files stay), so
/// that a snapshot of it survives changes to how a task awaits and edits above the test.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// let outcome = simloop::Sim::new(1).trace(true).try_run(async {
///     let h = simloop::spawn(async {
///         simloop::time::sleep(Duration::from_millis(20)).await;
///         simloop::event!("cache filled with {} entries", 3);
///     });
///     h.await.unwrap();
/// }).unwrap();
/// let compact = outcome.trace().compact().to_string();
/// assert!(compact.contains("0.020s  task 1  event: cache filled with 3 entries"), "{compact}");
/// assert!(!compact.contains("polled"));
/// // Spawn sites name the file, not the line: edits above the code leave the view alone.
/// let spawned = compact.lines().find(|l| l.contains("spawned by main at ")).unwrap();
/// assert!(spawned.ends_with(".rs"), "{spawned}");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Compact<'a> {
    pub(super) trace: &'a Trace,
}

impl Compact<'_> {
    /// The trace it is a view of.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert_eq!(o.trace().compact().trace().seed(), o.trace().seed());
    /// ```
    pub fn trace(&self) -> &Trace {
        self.trace
    }
}

impl fmt::Display for Compact<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.trace.recorded {
            return fmt::Display::fmt(self.trace, f);
        }
        let events = self.trace.events().iter().filter(|e| e.kind.is_lifecycle());
        render_with(&self.trace.tasks, events, "", Sites::File, f)
    }
}

impl Trace {
    /// The compact view: lifecycle, findings and user events only.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert_eq!(o.trace().compact().to_string(), "   0.000s  main  completed\n");
    /// ```
    pub fn compact(&self) -> Compact<'_> {
        Compact { trace: self }
    }
}
