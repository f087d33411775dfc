//! One side of a connection as handles hold it: the engine's key, closed when dropped.

use std::io;
use std::net::SocketAddr;

use std::task::{Context, Poll};

use tokio::io::ReadBuf;

use crate::runtime::{ReadOutcome, SocketKey, context};

/// One side of a connection; dropping it closes the side (a FIN follows what it wrote).
#[derive(Debug)]
pub(crate) struct Side {
    sim: u64,
    key: SocketKey,
    side: usize,
}

impl Side {
    pub(crate) fn new(sim: u64, key: SocketKey, side: usize) -> Self {
        Self { sim, key, side }
    }

    pub(crate) fn poll_read(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let unfilled = buf.initialize_unfilled();
        let read = on_sim!(self, "reading a `TcpStream`", |core| {
            core.net_poll_read(self.key, self.side, unfilled, false, cx.waker())
        });
        match read {
            Ok(ReadOutcome::Read(n)) => {
                buf.advance(n);
                Poll::Ready(Ok(()))
            }
            Ok(ReadOutcome::Pending) => Poll::Pending,
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    pub(crate) fn poll_peek(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<usize>> {
        let unfilled = buf.initialize_unfilled();
        let read = on_sim!(self, "peeking at a `TcpStream`", |core| {
            core.net_poll_read(self.key, self.side, unfilled, true, cx.waker())
        });
        match read {
            Ok(ReadOutcome::Read(n)) => {
                buf.advance(n);
                Poll::Ready(Ok(n))
            }
            Ok(ReadOutcome::Pending) => Poll::Pending,
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    pub(crate) fn write(&self, bytes: &[u8]) -> io::Result<usize> {
        on_sim!(self, "writing to a `TcpStream`", |core| core.net_write(self.key, self.side, bytes))
    }

    pub(crate) fn shutdown(&self) -> io::Result<()> {
        on_sim!(self, "shutting down a `TcpStream`", |core| core.net_shutdown(self.key, self.side))
    }

    /// Shuts down the writing half, if the simulation still runs (a drop).
    pub(crate) fn shutdown_quietly(&self) {
        let _ = context::with_sim(self.sim, |core| core.net_shutdown(self.key, self.side));
    }

    pub(crate) fn addrs(&self) -> io::Result<(SocketAddr, SocketAddr)> {
        on_sim!(self, "the addresses of a `TcpStream`", |core| core
            .net_side_addrs(self.key, self.side))
    }

    /// Whether two handles hold the same side.
    pub(crate) fn same(&self, other: &Self) -> bool {
        self.sim == other.sim && self.key == other.key && self.side == other.side
    }
}

impl Drop for Side {
    fn drop(&mut self) {
        let wakers = context::with_sim(self.sim, |core| core.net_close_side(self.key, self.side))
            .unwrap_or_default();
        for waker in wakers {
            waker.wake();
        }
    }
}

/// `poll_write` over a side.
pub(crate) fn poll_write(side: &Side, bytes: &[u8]) -> Poll<io::Result<usize>> {
    Poll::Ready(side.write(bytes))
}

/// `poll_shutdown` over a side.
pub(crate) fn poll_shutdown(side: &Side) -> Poll<io::Result<()>> {
    Poll::Ready(side.shutdown())
}
