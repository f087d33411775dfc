//! Link settings: latency, loss and duplication, per link or for every link.

use std::ops::RangeInclusive;
use std::time::Duration;

use super::plan::threshold;
use crate::runtime::{LinkConfigSet, context};

/// The settings of one link (between two hosts, both ways) or of every link: made by
/// [`link`] or [`links`], applied at once by each method.
///
/// The default link has a latency of 1 ms to 5 ms, no loss and no duplication. Messages
/// between the tasks of one host (loopback) take no time and are never lost.
///
/// # Determinism
///
/// Each message's latency is a decision among the link's range (in microseconds, `0` for
/// the shortest), drawn from the network's own stream, as are loss and duplication: the
/// network's draws never shift the schedule's, and shrinking a failure lowers latencies
/// toward the shortest and turns off losses it does not need.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::net;
///
/// simloop::Sim::new(1).run(async {
///     net::host("a", || async {});
///     net::host("b", || async {});
///     net::links().latency(Duration::from_millis(1)..=Duration::from_millis(20));
///     net::link("a", "b").loss(0.1).duplicate(0.01);
/// });
/// ```
#[derive(Debug, Clone)]
pub struct Link {
    hosts: Option<(String, String)>,
}

/// The settings of the link between hosts `a` and `b` (both ways).
///
/// # Panics
///
/// The methods of the returned [`Link`] panic when no host has one of the names, or outside
/// a simulation.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     simloop::net::host("db", || async {});
///     simloop::net::link("main", "db").loss(0.5);
/// });
/// ```
pub fn link(a: &str, b: &str) -> Link {
    Link { hosts: Some((a.to_owned(), b.to_owned())) }
}

/// The settings of every link that has none of its own.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// simloop::Sim::new(1).run(async {
///     simloop::net::links().latency(Duration::from_millis(10)..=Duration::from_millis(10));
/// });
/// ```
pub fn links() -> Link {
    Link { hosts: None }
}

impl Link {
    #[track_caller]
    fn apply(&self, set: LinkConfigSet) -> &Self {
        context::with("simloop::net::Link", |core| {
            let hosts = self.hosts.as_ref().map(|(a, b)| {
                let mut id = |name: &str| {
                    core.net_host(name).unwrap_or_else(|| {
                        panic!("simloop: `net::link`: no host named `{name}`; declare it with `simloop::net::host`")
                    })
                };
                (id(a), id(b))
            });
            core.net_set_link(hosts, set);
        });
        self
    }

    /// Each message's latency is drawn within `range` (to the microsecond).
    ///
    /// # Panics
    ///
    /// Panics when the range is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// simloop::Sim::new(1).run(async {
    ///     simloop::net::links().latency(Duration::ZERO..=Duration::from_millis(2));
    /// });
    /// ```
    #[track_caller]
    pub fn latency(&self, range: RangeInclusive<Duration>) -> &Self {
        let (min, max) = range.into_inner();
        assert!(min <= max, "simloop: `Link::latency`: the range {min:?}..={max:?} is empty");
        self.apply(LinkConfigSet { latency: Some((min, max)), ..LinkConfigSet::default() })
    }

    /// The probability that a datagram is lost (TCP is reliable: its segments never are).
    ///
    /// # Panics
    ///
    /// Panics when `p` is not within `0.0..=1.0`.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     simloop::net::links().loss(0.01);
    /// });
    /// ```
    #[track_caller]
    pub fn loss(&self, p: f64) -> &Self {
        assert!((0.0..=1.0).contains(&p), "simloop: `Link::loss({p})`: not within 0.0..=1.0");
        self.apply(LinkConfigSet { loss: Some(threshold(p)), ..LinkConfigSet::default() })
    }

    /// The probability that a datagram is delivered twice (each copy with its own latency).
    ///
    /// # Panics
    ///
    /// Panics when `p` is not within `0.0..=1.0`.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     simloop::net::links().duplicate(0.01);
    /// });
    /// ```
    #[track_caller]
    pub fn duplicate(&self, p: f64) -> &Self {
        assert!((0.0..=1.0).contains(&p), "simloop: `Link::duplicate({p})`: not within 0.0..=1.0");
        self.apply(LinkConfigSet { duplicate: Some(threshold(p)), ..LinkConfigSet::default() })
    }
}
