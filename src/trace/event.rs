//! The typed events of a run.

use std::fmt;

use super::NetKind;
use crate::FailureKind;
use crate::task::TaskId;
use crate::time::Instant;

/// One thing that happened in a simulation, at a virtual instant, to a task.
///
/// # Examples
///
/// ```
/// use simloop::trace::EventKind;
///
/// let outcome = simloop::Sim::new(1).trace(true).try_run(async {
///     simloop::spawn(async {}).await.unwrap();
/// }).unwrap();
/// let first = &outcome.trace().events()[0];
/// assert_eq!(first.time().to_string(), "0.000s");
/// assert!(first.task().is_main());
/// assert_eq!(first.kind(), &EventKind::Polled);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub(crate) time: Instant,
    pub(crate) task: TaskId,
    pub(crate) kind: EventKind,
}

impl Event {
    /// The virtual time of the event.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert_eq!(o.trace().events()[0].time(), simloop::time::Instant::ZERO);
    /// ```
    pub fn time(&self) -> Instant {
        self.time
    }

    /// The task the event happened to.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert!(o.trace().events()[0].task().is_main());
    /// ```
    pub fn task(&self) -> TaskId {
        self.task
    }

    /// What happened.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::trace::EventKind;
    /// let o = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert_eq!(o.trace().events().last().unwrap().kind(), &EventKind::Completed);
    /// ```
    pub fn kind(&self) -> &EventKind {
        &self.kind
    }
}

/// What an [`Event`] records.
///
/// # Examples
///
/// ```
/// use simloop::trace::EventKind;
///
/// assert_eq!(EventKind::Polled.to_string(), "polled");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventKind {
    /// The task was spawned, by `parent` (`None` for the main future).
    Spawned {
        /// The task that spawned it.
        parent: Option<TaskId>,
    },
    /// The scheduler picked the task and polled it once: one step.
    Polled,
    /// The task was woken and entered the ready set, by a task (`by`) or by a timer (`None`).
    Woken {
        /// The task whose code woke it; `None` when a timer did.
        by: Option<TaskId>,
    },
    /// The task registered a timer (a sleep) for `deadline`.
    TimerSet {
        /// When the timer is due.
        deadline: Instant,
    },
    /// A timer of the task fired.
    TimerFired,
    /// A `timeout` of the task reached its deadline first; its inner future was dropped.
    TimeoutElapsed,
    /// A `timeout` of the task was polled at its deadline: the decision of whether the deadline
    /// wins even if the inner future completes at this instant.
    TimeoutRace {
        /// Whether the deadline won.
        deadline_won: bool,
    },
    /// An event of the code under test (`simloop::event!`).
    User {
        /// The event's text.
        message: String,
    },
    /// The task was asked to stop (`abort`).
    AbortRequested,
    /// The task's future returned `Ready`.
    Completed,
    /// The task's future was dropped before completing (abort, or the end of the simulation).
    Cancelled,
    /// The task panicked; the panic is held for whoever awaits it.
    Panicked {
        /// The panic message.
        message: String,
    },
    /// The task ran CPU-bound work ([`cpu_work`](crate::cpu_work)) that held the loop until
    /// `until`.
    Busy {
        /// The virtual instant the work ended.
        until: Instant,
    },
    /// The task (a [`spawn_blocking`](crate::spawn_blocking) job) found every worker busy and
    /// queued, `waiting` jobs in the queue with it.
    QueuedForWorker {
        /// The length of the queue, this job included.
        waiting: u64,
    },
    /// A detector found a mistake (see [`Detector`](crate::Detector)).
    Finding {
        /// What was found.
        kind: FailureKind,
    },
    /// The scheduler cancelled the task instead of polling it:
    /// [`Sim::inject_aborts`](crate::Sim::inject_aborts).
    AbortInjected,
    /// A [`buggify!`](crate::buggify) fired in the task.
    Buggified {
        /// The call site, relative to its crate.
        site: String,
    },
    /// The simulated network ([`simloop::net`](crate::net)) did something on `host`: the
    /// task is the one whose code caused it (`main` for deliveries, which happen while
    /// timers fire).
    Net {
        /// What happened.
        kind: NetKind,
        /// The host it happened on: its index, `0` for the main host, then in the order the
        /// hosts were declared.
        host: u32,
        /// What happened, in words: addresses, sizes, host names.
        detail: String,
    },
}

/// An event kind's tag as the recorder stores it. The numbers are part of the digest: they are
/// written here once, and must not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub(crate) enum Tag {
    #[default]
    Spawned = 1,
    Polled = 2,
    Woken = 3,
    TimerSet = 4,
    TimerFired = 5,
    TimeoutElapsed = 6,
    AbortRequested = 7,
    Completed = 8,
    Cancelled = 9,
    Panicked = 10,
    Busy = 11,
    QueuedForWorker = 12,
    Finding = 13,
    TimeoutRace = 14,
    User = 15,
    AbortInjected = 16,
    Buggified = 17,
    Net = 18,
}

impl Tag {
    /// Whether the payload of an event of this tag is the index of its text.
    #[inline]
    pub(crate) fn has_message(self) -> bool {
        matches!(self, Self::Panicked | Self::User | Self::Buggified | Self::Net)
    }
}

impl EventKind {
    /// Whether the compact view shows it: lifecycle, findings and user events, no polls,
    /// wakes or timers.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::trace::EventKind;
    ///
    /// assert!(EventKind::Completed.is_lifecycle());
    /// assert!(!EventKind::Polled.is_lifecycle());
    /// ```
    pub fn is_lifecycle(&self) -> bool {
        !matches!(
            self,
            Self::Polled
                | Self::Woken { .. }
                | Self::TimerSet { .. }
                | Self::TimerFired
                | Self::TimeoutRace { .. }
        ) && !matches!(self, Self::Net { kind, .. } if !kind.is_fault())
    }

    /// A small number per variant, folded into the digest.
    #[inline]
    pub(crate) fn tag(&self) -> Tag {
        match self {
            Self::Spawned { .. } => Tag::Spawned,
            Self::Polled => Tag::Polled,
            Self::Woken { .. } => Tag::Woken,
            Self::TimerSet { .. } => Tag::TimerSet,
            Self::TimerFired => Tag::TimerFired,
            Self::TimeoutElapsed => Tag::TimeoutElapsed,
            Self::AbortRequested => Tag::AbortRequested,
            Self::Completed => Tag::Completed,
            Self::Cancelled => Tag::Cancelled,
            Self::Panicked { .. } => Tag::Panicked,
            Self::Busy { .. } => Tag::Busy,
            Self::QueuedForWorker { .. } => Tag::QueuedForWorker,
            Self::Finding { .. } => Tag::Finding,
            Self::TimeoutRace { .. } => Tag::TimeoutRace,
            Self::User { .. } => Tag::User,
            Self::AbortInjected => Tag::AbortInjected,
            Self::Buggified { .. } => Tag::Buggified,
            Self::Net { .. } => Tag::Net,
        }
    }

    #[inline]
    pub(crate) fn payload(&self) -> u64 {
        match self {
            Self::Spawned { parent: task } | Self::Woken { by: task } => {
                task.map_or(u64::MAX, TaskId::as_u64)
            }
            Self::TimeoutRace { deadline_won } => u64::from(*deadline_won),
            Self::TimerSet { deadline } | Self::Busy { until: deadline } => deadline.as_nanos(),
            Self::QueuedForWorker { waiting } => *waiting,
            Self::Finding { kind } => kind.index(),
            _ => 0,
        }
    }

    /// The inverse of `tag` and `payload`; `text` gives an event's text by its index.
    pub(crate) fn decode(tag: Tag, payload: u64, text: impl FnOnce(usize) -> String) -> Self {
        let task = || (payload != u64::MAX).then(|| TaskId::new(payload));

        match tag {
            Tag::Spawned => Self::Spawned { parent: task() },
            Tag::Polled => Self::Polled,
            Tag::Woken => Self::Woken { by: task() },
            Tag::TimerSet => Self::TimerSet { deadline: Instant::from_nanos(payload) },
            Tag::TimerFired => Self::TimerFired,
            Tag::TimeoutElapsed => Self::TimeoutElapsed,
            Tag::AbortRequested => Self::AbortRequested,
            Tag::Completed => Self::Completed,
            Tag::Cancelled => Self::Cancelled,
            Tag::Panicked => Self::Panicked { message: text(payload as usize) },
            Tag::Busy => Self::Busy { until: Instant::from_nanos(payload) },
            Tag::QueuedForWorker => Self::QueuedForWorker { waiting: payload },
            Tag::Finding => Self::Finding { kind: FailureKind::from_index(payload) },
            Tag::TimeoutRace => Self::TimeoutRace { deadline_won: payload == 1 },
            Tag::User => Self::User { message: text(payload as usize) },
            Tag::AbortInjected => Self::AbortInjected,
            Tag::Buggified => Self::Buggified { site: text(payload as usize) },
            Tag::Net => {
                let (kind, host, index) = unpack_net(payload);
                Self::Net { kind, host, detail: text(index) }
            }
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spawned { parent: Some(p) } => write!(f, "spawned by {p}"),
            Self::Spawned { parent: None } => f.write_str("started"),
            Self::Polled => f.write_str("polled"),
            Self::Woken { by: Some(task) } => write!(f, "woken by {task}"),
            Self::Woken { by: None } => f.write_str("woken by a timer"),
            Self::TimerSet { deadline } => write!(f, "sleeps until {deadline}"),
            Self::TimerFired => f.write_str("timer fired"),
            Self::TimeoutElapsed => f.write_str("timeout elapsed, inner future dropped"),
            Self::TimeoutRace { deadline_won: true } => {
                f.write_str("timeout at its deadline: the deadline goes first")
            }
            Self::TimeoutRace { deadline_won: false } => {
                f.write_str("timeout at its deadline: the inner future goes first")
            }
            Self::User { message } => write!(f, "event: {message}"),
            Self::AbortRequested => f.write_str("abort requested"),
            Self::Completed => f.write_str("completed"),
            Self::Cancelled => f.write_str("cancelled"),
            Self::Panicked { message } => {
                // One line per event: a multi-line message (`assert_eq!`) is joined.
                let lines: Vec<&str> = message.lines().map(str::trim).collect();
                write!(f, "panicked: {}", lines.join(" | "))
            }
            Self::Busy { until } => write!(f, "busy (cpu_work) until {until}, holding the loop"),
            Self::QueuedForWorker { waiting } => {
                write!(f, "queued for a blocking worker ({waiting} waiting)")
            }
            Self::Finding { kind } => write!(f, "detected: {kind}"),
            Self::AbortInjected => f.write_str("abort injected"),
            Self::Buggified { site } => write!(f, "buggify! fired at {site}"),
            Self::Net { kind, detail, .. } => write!(f, "net {kind}: {detail}"),
        }
    }
}

/// A network event's payload: its kind, its host and the index of its text.
pub(crate) fn pack_net(kind: NetKind, host: u32, index: usize) -> u64 {
    (kind.index() << 56) | (u64::from(host & 0xffff) << 40) | (index as u64 & ((1 << 40) - 1))
}

fn unpack_net(payload: u64) -> (NetKind, u32, usize) {
    let kind = NetKind::from_index(payload >> 56);
    (kind, ((payload >> 40) & 0xffff) as u32, (payload & ((1 << 40) - 1)) as usize)
}
