//! [`Trace`]: the events of one run and the names of its tasks.

use std::fmt;

use super::event::Event;
use super::label::{TaskLabel, label_of, name_of};
use super::log::{Events, Log};
use super::render;
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
    pub(super) events: Events,
    pub(super) tasks: Vec<TaskLabel>,
    pub(super) recorded: bool,
    pub(super) seed: u64,
    pub(super) strategy: Strategy,
    /// The hosts of the simulated network, by index (`name (ip)`); empty without one.
    pub(super) hosts: Vec<String>,
}

impl Trace {
    pub(crate) fn new(
        events: Option<Log>,
        tasks: Vec<TaskLabel>,
        seed: u64,
        strategy: Strategy,
    ) -> Self {
        let recorded = events.is_some();
        Self {
            events: events.map(Events::recorded).unwrap_or_default(),
            tasks,
            recorded,
            seed,
            strategy,
            hosts: Vec::new(),
        }
    }

    /// The same trace, with the names of the network's hosts (for the Chrome export).
    pub(crate) fn with_hosts(mut self, hosts: Vec<String>) -> Self {
        self.hosts = hosts;
        self
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
        self.events.get()
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
        name_of(&self.tasks, task)
    }

    /// The task's label: its id, and its name when it has one.
    pub(crate) fn label_of(&self, task: TaskId) -> String {
        label_of(&self.tasks, task)
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.recorded {
            return f.write_str("(events not recorded: run with `Sim::trace(true)`)\n");
        }
        render::render(&self.tasks, self.events().iter(), "", f)
    }
}
