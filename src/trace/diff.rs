//! Where two runs part: the first diverging event, with context.

use std::fmt;

use super::label::TaskLabel;
use super::render::render;
use super::{Event, Trace};
use crate::time::Instant;

/// How many events of context a diff shows before the divergence, and after it on each side.
const CONTEXT: usize = 3;

/// The first event where two traces differ, with a few events of context on both sides; made
/// by [`Trace::diff`].
///
/// Two events are the same when their time, task and kind are; task names are compared
/// through the ids they belong to.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// let run = |seed| {
///     Sim::with_exact_seed(seed).trace(true).try_run(async {
///         let a = simloop::spawn(time::sleep(Duration::from_millis(1)));
///         let b = simloop::spawn(time::sleep(Duration::from_millis(1)));
///         a.await.unwrap();
///         b.await.unwrap();
///     }).unwrap()
/// };
/// let (first, second) = (run(1), run(1));
/// assert!(first.trace().diff(second.trace()).is_none()); // same seed, same run
/// let other = (2..50).map(run).find(|o| o.digest() != first.digest()).unwrap();
/// let diff = first.trace().diff(other.trace()).unwrap();
/// assert!(diff.to_string().starts_with("the traces diverge at event"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceDiff {
    index: usize,
    common: Vec<Event>,
    left: Vec<Event>,
    right: Vec<Event>,
    left_tasks: Vec<TaskLabel>,
    right_tasks: Vec<TaskLabel>,
}

impl TraceDiff {
    /// The index of the first diverging event.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// let b = simloop::Sim::new(1).trace(true).try_run(async { simloop::yield_now().await }).unwrap();
    /// assert_eq!(a.trace().diff(b.trace()).unwrap().index(), 1);
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// The diverging event of this trace (`None` where it had ended).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::trace::EventKind;
    ///
    /// let a = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// let b = simloop::Sim::new(1).trace(true).try_run(async { simloop::yield_now().await }).unwrap();
    /// let diff = a.trace().diff(b.trace()).unwrap();
    /// assert_eq!(diff.left().unwrap().kind(), &EventKind::Completed);
    /// assert!(matches!(diff.right().unwrap().kind(), EventKind::Woken { .. }));
    /// ```
    pub fn left(&self) -> Option<&Event> {
        self.left.first()
    }

    /// The diverging event of the other trace (`None` where it had ended).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert!(a.trace().diff(a.trace()).is_none());
    /// let b = simloop::Sim::new(1).trace(true).try_run(async { simloop::yield_now().await }).unwrap();
    /// assert!(b.trace().diff(a.trace()).unwrap().right().is_some());
    /// ```
    pub fn right(&self) -> Option<&Event> {
        self.right.first()
    }

    /// The virtual time of the divergence: the earlier of the two diverging events.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// let b = simloop::Sim::new(1).trace(true).try_run(async { simloop::yield_now().await }).unwrap();
    /// assert_eq!(a.trace().diff(b.trace()).unwrap().time(), simloop::time::Instant::ZERO);
    /// ```
    pub fn time(&self) -> Instant {
        let times = self.left().into_iter().chain(self.right()).map(Event::time);
        times.min().unwrap_or_default()
    }
}

impl fmt::Display for TraceDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the traces diverge at event {} ({}):", self.index, self.time())?;
        if !self.common.is_empty() {
            writeln!(f, "  both:")?;
            render(&self.left_tasks, self.common.iter(), "    ", f)?;
        }
        for (side, events, tasks) in [
            ("this trace", &self.left, &self.left_tasks),
            ("the other", &self.right, &self.right_tasks),
        ] {
            writeln!(f, "  {side}:")?;
            if events.is_empty() {
                writeln!(f, "    (ended)")?;
            }
            render(tasks, events.iter(), "    ", f)?;
        }
        Ok(())
    }
}

impl Trace {
    /// The first event where `self` and `other` differ, or `None` when they are the same.
    ///
    /// The exploration uses it to name where two runs of one seed parted (nondeterminism);
    /// users compare a passing seed with a failing one.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert!(a.trace().diff(a.trace()).is_none());
    /// ```
    pub fn diff(&self, other: &Self) -> Option<TraceDiff> {
        let same = |a: &Event, b: &Event| a == b;
        let index =
            self.events().iter().zip(other.events()).position(|(a, b)| !same(a, b)).or_else(
                || {
                    (self.events().len() != other.events().len())
                        .then(|| self.events().len().min(other.events().len()))
                },
            )?;
        let after = |events: &[Event]| {
            events[index.min(events.len())..].iter().take(CONTEXT).cloned().collect()
        };
        Some(TraceDiff {
            index,
            common: self.events()[index.saturating_sub(CONTEXT)..index].to_vec(),
            left: after(self.events()),
            right: after(other.events()),
            left_tasks: self.tasks.clone(),
            right_tasks: other.tasks.clone(),
        })
    }
}
