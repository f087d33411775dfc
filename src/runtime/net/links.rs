//! Links between hosts: latency, loss, duplication; partitions and held links.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use super::hosts::HostId;

/// What a link does to the messages that cross it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LinkConfig {
    /// The latency range, drawn per message.
    pub(crate) latency: (Duration, Duration),
    /// The probability that a datagram is lost, as a threshold on a 64-bit draw.
    pub(crate) loss: u64,
    /// The probability that a datagram is duplicated, likewise.
    pub(crate) duplicate: u64,
}

/// The latency of a link nobody configured: 1 ms to 5 ms.
pub(crate) const DEFAULT_LATENCY: (Duration, Duration) =
    (Duration::from_millis(1), Duration::from_millis(5));

impl Default for LinkConfig {
    fn default() -> Self {
        Self { latency: DEFAULT_LATENCY, loss: 0, duplicate: 0 }
    }
}

/// An unordered pair of hosts: the key of a link's settings.
pub(crate) fn pair(a: HostId, b: HostId) -> (HostId, HostId) {
    (a.min(b), a.max(b))
}

#[derive(Debug, Default)]
pub(crate) struct Links {
    pub(crate) default: LinkConfig,
    /// Settings of links between two hosts, by unordered pair.
    pub(crate) links: BTreeMap<(HostId, HostId), LinkConfig>,
    /// Directed cuts: messages from the first host do not reach the second.
    pub(crate) cut: BTreeSet<(HostId, HostId)>,
    /// Directed held links: messages wait until released.
    pub(crate) held: BTreeSet<(HostId, HostId)>,
    /// Latency factors of links in a spike, by unordered pair.
    pub(crate) spikes: BTreeMap<(HostId, HostId), u32>,
}

impl Links {
    pub(crate) fn config(&self, from: HostId, to: HostId) -> LinkConfig {
        let mut config = self.links.get(&pair(from, to)).copied().unwrap_or(self.default);
        if let Some(factor) = self.spikes.get(&pair(from, to)) {
            config.latency = (config.latency.0 * *factor, config.latency.1 * *factor);
        }
        config
    }

    /// Whether messages from `from` to `to` are blocked now: `Some(true)` when cut,
    /// `Some(false)` when held.
    pub(crate) fn blocked(&self, from: HostId, to: HostId) -> Option<bool> {
        if self.cut.contains(&(from, to)) {
            Some(true)
        } else if self.held.contains(&(from, to)) {
            Some(false)
        } else {
            None
        }
    }
}
