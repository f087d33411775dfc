//! Messages in flight, by the instant they are due.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::hosts::HostId;
use super::slab::SocketKey;
use super::udp::Datagram;
use crate::time::Instant;

/// What a delivery due in the flight delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Due {
    /// The head of side `.1` of a connection.
    Side(SocketKey, usize),
    /// A datagram, by the sequence it was due under.
    Datagram(u64),
}

/// Deliveries by `(due, sequence)`, a total order; datagrams by sequence; blocked messages.
#[derive(Default)]
pub(crate) struct Flight {
    pub(crate) heap: BinaryHeap<Reverse<(Instant, u64, Due)>>,
    next_seq: u64,
    pub(crate) datagrams: BTreeMap<u64, Datagram>,
    /// Messages that a cut or held link blocks: `(from, to, sequence, what)`.
    pub(crate) blocked: BTreeSet<(HostId, HostId, u64, Due)>,
}

impl Flight {
    /// Schedules a delivery; returns its sequence.
    pub(crate) fn push(&mut self, at: Instant, due: Due) -> u64 {
        self.next_seq += 1;
        self.heap.push(Reverse((at, self.next_seq, due)));
        self.next_seq
    }

    /// Keeps a datagram that is not due (a held link); returns its id.
    pub(crate) fn park_datagram(&mut self, datagram: Datagram) -> u64 {
        self.next_seq += 1;
        self.datagrams.insert(self.next_seq, datagram);
        self.next_seq
    }

    pub(crate) fn push_datagram(&mut self, at: Instant, datagram: Datagram) -> u64 {
        let seq = self.push(at, Due::Datagram(self.next_seq + 1));
        self.datagrams.insert(seq, datagram);
        seq
    }
}
