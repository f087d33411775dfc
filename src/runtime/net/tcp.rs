//! TCP as the network holds it: listeners and connections, two sides each.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::task::Waker;

use super::hosts::HostId;
use super::slab::SocketKey;
use crate::time::Instant;

/// A bound listener: the connections its host accepted, oldest first.
pub(crate) struct Listener {
    pub(crate) host: HostId,
    pub(crate) addr: SocketAddr,
    pub(crate) backlog: VecDeque<SocketKey>,
    pub(crate) waker: Option<Waker>,
}

/// What travels on one side of a connection, in order.
#[derive(Debug)]
pub(crate) enum Segment {
    /// The client asks for the connection.
    Syn,
    /// The server accepted it.
    SynAck,
    /// Nobody listens on the port.
    Refused,
    Data(Vec<u8>),
    /// The writer shut down its writing half, or closed.
    Fin,
}

impl Segment {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Syn => "SYN",
            Self::SynAck => "SYN-ACK",
            Self::Refused => "RST (refused)",
            Self::Data(_) => "data",
            Self::Fin => "FIN",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConnState {
    Connecting,
    Open,
    Refused,
}

/// One side of a connection: what it sends (in flight) and what it received.
pub(crate) struct Side {
    pub(crate) host: HostId,
    /// The epoch of its host when the side was made: a crash since resets it.
    pub(crate) epoch: u64,
    pub(crate) addr: SocketAddr,
    /// Whether a handle (a stream, a half, a backlog entry) still holds this side.
    pub(crate) open: bool,
    /// Segments sent and not yet delivered, each with the instant it is due.
    pub(crate) out: VecDeque<(Instant, Segment)>,
    /// When the last segment sent is due: a later one is never due before it.
    pub(crate) last_due: Instant,
    /// The flight sequence of the delivery armed for the head of `out`, if any.
    pub(crate) armed: Option<u64>,
    /// Received bytes not read yet.
    pub(crate) recv: VecDeque<u8>,
    /// The peer's FIN arrived: reads past `recv` return end of file.
    pub(crate) eof: bool,
    /// The connection was reset: reads past `recv` and every write fail.
    pub(crate) reset: bool,
    /// This side shut down its writing half.
    pub(crate) write_shut: bool,
    /// Whom to wake when something arrives (a read, a peek, a connect).
    pub(crate) reader: Option<Waker>,
}

impl Side {
    pub(crate) fn new(host: HostId, epoch: u64, addr: SocketAddr, open: bool) -> Self {
        Self {
            host,
            epoch,
            addr,
            open,
            out: VecDeque::new(),
            last_due: Instant::ZERO,
            armed: None,
            recv: VecDeque::new(),
            eof: false,
            reset: false,
            write_shut: false,
            reader: None,
        }
    }
}

/// A connection: side `0` connected, side `1` was accepted.
pub(crate) struct Conn {
    pub(crate) sides: [Side; 2],
    pub(crate) state: ConnState,
}

impl Conn {
    /// Whether nothing holds the connection any more and nothing is in flight.
    pub(crate) fn is_done(&self) -> bool {
        self.sides.iter().all(|s| !s.open && s.out.is_empty())
    }
}
