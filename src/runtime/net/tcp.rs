//! TCP as the network holds it: listeners and connections, two sides each.

use super::hosts::HostId;
use super::slab::SocketKey;
use super::waiters::Waiters;
use crate::time::Instant;
use std::collections::VecDeque;
use std::net::SocketAddr;

/// How many bytes one side may have written that its peer has not read yet (in flight, or
/// received and unread): a write beyond waits, as a real socket's buffers fill up.
pub(crate) const WINDOW: usize = 256 * 1024;

/// A bound listener: the connections its host accepted, oldest first.
pub(crate) struct Listener {
    pub(crate) host: HostId,
    pub(crate) addr: SocketAddr,
    pub(crate) backlog: VecDeque<SocketKey>,
    /// The tasks waiting to accept: a connection wakes them all.
    pub(crate) waiters: Waiters,
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
    /// The writer closed with a zero linger: the connection is reset.
    Rst,
}

impl Segment {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Syn => "SYN",
            Self::SynAck => "SYN-ACK",
            Self::Refused => "RST (refused)",
            Self::Data(_) => "data",
            Self::Fin => "FIN",
            Self::Rst => "RST",
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
    /// The bytes of the data segments in `out`.
    pub(crate) queued: usize,
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
    /// Whether the side is taken to be readable: set by every arrival (and for an accepted
    /// side at first), cleared by a read that finds nothing, as tokio's readiness is.
    pub(crate) read_ready: bool,
    /// Whether the side is taken to be writable: at first, and whenever the peer's reads
    /// open the window; cleared by a write that finds the window full.
    pub(crate) write_ready: bool,
    /// Whom to wake when something arrives (a read, a peek, a connect).
    pub(crate) readers: Waiters,
    /// Whom to wake when the window opens (the peer read) or the side can no longer wait.
    pub(crate) writers: Waiters,
}

impl Side {
    pub(crate) fn new(host: HostId, epoch: u64, addr: SocketAddr, open: bool) -> Self {
        Self {
            host,
            epoch,
            addr,
            open,
            out: VecDeque::new(),
            queued: 0,
            last_due: Instant::ZERO,
            armed: None,
            recv: VecDeque::new(),
            eof: false,
            reset: false,
            write_shut: false,
            read_ready: false,
            write_ready: true,
            readers: Waiters::default(),
            writers: Waiters::default(),
        }
    }
}

/// A connection: side `0` connected, side `1` was accepted.
pub(crate) struct Conn {
    pub(crate) sides: [Side; 2],
    pub(crate) state: ConnState,
}

impl Conn {
    /// The bytes side `s` wrote that its peer has not read: what counts against the window.
    pub(crate) fn unread(&self, s: usize) -> usize {
        self.sides[s].queued + self.sides[1 - s].recv.len()
    }

    /// The peer of side `w` read (or dropped what it received): when that leaves room in
    /// `w`'s window, `w` is writable again; returns its writers to wake.
    pub(crate) fn window_opened(&mut self, w: usize) -> Vec<std::task::Waker> {
        if self.unread(w) >= WINDOW {
            return Vec::new();
        }
        self.sides[w].write_ready = true;
        self.sides[w].writers.take()
    }

    /// Whether nothing holds the connection any more and nothing is in flight.
    pub(crate) fn is_done(&self) -> bool {
        self.sides.iter().all(|s| !s.open && s.out.is_empty())
    }
}
