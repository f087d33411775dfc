//! What the simulated network records: the kinds of its events.

use std::fmt;

/// The kind of an [`EventKind::Net`](super::EventKind::Net) event: what the simulated
/// network ([`simloop::net`](crate::net)) did.
///
/// # Examples
///
/// ```
/// use simloop::trace::NetKind;
///
/// assert_eq!(NetKind::Partition.to_string(), "partition");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum NetKind {
    /// A host was declared and its init task spawned.
    Host,
    /// A task bound a listener or a UDP socket.
    Bind,
    /// A task started a TCP connection (its SYN left).
    Connect,
    /// A listener's host received a connection (the SYN arrived).
    Accept,
    /// A connection was refused: nobody listens on the port.
    Refused,
    /// A segment or a datagram left its host.
    Send,
    /// A segment or a datagram arrived at its host.
    Deliver,
    /// A datagram was lost, or a message was dropped by a partition or a crash.
    Drop,
    /// A datagram was duplicated by its link.
    Duplicate,
    /// A side of a connection closed its writing half (FIN).
    Close,
    /// A connection was reset.
    Reset,
    /// Hosts were partitioned (two ways or one way).
    Partition,
    /// A partition was repaired.
    Repair,
    /// A link started holding its messages.
    Hold,
    /// A link's held messages were released.
    Release,
    /// A link's latency changed (a spike began or ended).
    Latency,
    /// A host crashed: its tasks dropped, its sockets reset.
    Crash,
    /// A host restarted: its init task runs again.
    Restart,
    /// A host was paused: its tasks are not polled.
    Pause,
    /// A paused host resumed.
    Resume,
}

impl NetKind {
    const ALL: [Self; 20] = [
        Self::Host,
        Self::Bind,
        Self::Connect,
        Self::Accept,
        Self::Refused,
        Self::Send,
        Self::Deliver,
        Self::Drop,
        Self::Duplicate,
        Self::Close,
        Self::Reset,
        Self::Partition,
        Self::Repair,
        Self::Hold,
        Self::Release,
        Self::Latency,
        Self::Crash,
        Self::Restart,
        Self::Pause,
        Self::Resume,
    ];

    pub(crate) fn index(self) -> u64 {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0) as u64
    }

    pub(crate) fn from_index(index: u64) -> Self {
        Self::ALL.get(index as usize).copied().unwrap_or(Self::Host)
    }

    /// Whether the event is a fault or its end: the compact view keeps it.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::trace::NetKind;
    ///
    /// assert!(NetKind::Crash.is_fault());
    /// assert!(!NetKind::Deliver.is_fault());
    /// ```
    pub fn is_fault(self) -> bool {
        matches!(
            self,
            Self::Partition
                | Self::Repair
                | Self::Hold
                | Self::Release
                | Self::Latency
                | Self::Crash
                | Self::Restart
                | Self::Pause
                | Self::Resume
        )
    }
}

impl fmt::Display for NetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Host => "host",
            Self::Bind => "bind",
            Self::Connect => "connect",
            Self::Accept => "accept",
            Self::Refused => "refused",
            Self::Send => "send",
            Self::Deliver => "deliver",
            Self::Drop => "drop",
            Self::Duplicate => "duplicate",
            Self::Close => "close",
            Self::Reset => "reset",
            Self::Partition => "partition",
            Self::Repair => "repair",
            Self::Hold => "hold",
            Self::Release => "release",
            Self::Latency => "latency",
            Self::Crash => "crash",
            Self::Restart => "restart",
            Self::Pause => "pause",
            Self::Resume => "resume",
        };
        f.write_str(text)
    }
}
