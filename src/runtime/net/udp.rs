//! UDP as the network holds it: bound sockets and datagrams in flight.

use super::hosts::HostId;
use super::waiters::Waiters;
use std::collections::VecDeque;
use std::net::SocketAddr;

/// A bound UDP socket.
pub(crate) struct Udp {
    pub(crate) host: HostId,
    pub(crate) addr: SocketAddr,
    /// Set by `connect`: the only address it sends to by default and receives from.
    pub(crate) peer: Option<SocketAddr>,
    /// Datagrams received and not read yet, with their sender.
    pub(crate) queue: VecDeque<(Vec<u8>, SocketAddr)>,
    pub(crate) readers: Waiters,
    /// A datagram it sent to its peer found no socket there (ICMP port unreachable): its
    /// next receive fails with `ConnectionRefused`.
    pub(crate) refused: bool,
}

/// A datagram in flight.
pub(crate) struct Datagram {
    pub(crate) from_host: HostId,
    pub(crate) from_epoch: u64,
    pub(crate) to_host: HostId,
    pub(crate) from: SocketAddr,
    pub(crate) to: SocketAddr,
    pub(crate) bytes: Vec<u8>,
}
