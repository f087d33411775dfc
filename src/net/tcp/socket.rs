//! One side of a connection as handles hold it: the engine's key, closed when dropped, and
//! the socket options its handles share.

use std::io;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::io::{Interest, ReadBuf, Ready};

use crate::net::ready::{poll_of, try_now};
use crate::runtime::{ReadOutcome, SocketKey, context};

/// One side of a connection; dropping it closes the side (a FIN follows what it wrote, or a
/// RST with a zero linger).
#[derive(Debug)]
pub(crate) struct Side {
    sim: u64,
    key: SocketKey,
    side: usize,
    /// Socket options: remembered, and the linger acts on close. (Atomics: the handles are
    /// `Sync`; a simulation is one thread, so the order is the program's.)
    pub(crate) nodelay: AtomicBool,
    pub(crate) ttl: AtomicU32,
    pub(crate) linger: Mutex<Option<Duration>>,
}

/// The default TTL of an IPv4 socket, as Linux sets it.
pub(crate) const DEFAULT_TTL: u32 = 64;

fn wake_all(wakers: Vec<Waker>) {
    for waker in wakers {
        waker.wake();
    }
}

impl Side {
    pub(crate) fn new(sim: u64, key: SocketKey, side: usize) -> Self {
        Self {
            sim,
            key,
            side,
            nodelay: AtomicBool::new(false),
            ttl: AtomicU32::new(DEFAULT_TTL),
            linger: Mutex::new(None),
        }
    }

    /// Reads (or peeks) into `buf`; with no `cx` (a `try_` read) `Pending` waits for nothing.
    fn read(
        &self,
        cx: Option<&mut Context<'_>>,
        buf: &mut [u8],
        peek: bool,
    ) -> Poll<io::Result<usize>> {
        let waker = cx.map(|cx| cx.waker());
        let (read, wakers) = on_sim!(self, "reading a `TcpStream`", |core| {
            core.net_poll_read(self.key, self.side, buf, peek, waker)
        });
        wake_all(wakers);
        match read {
            Ok(ReadOutcome::Read(n)) => Poll::Ready(Ok(n)),
            Ok(ReadOutcome::Pending) => Poll::Pending,
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    pub(crate) fn poll_read(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = std::task::ready!(self.read(Some(cx), buf.initialize_unfilled(), false))?;
        buf.advance(n);
        Poll::Ready(Ok(()))
    }

    pub(crate) fn poll_peek(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<usize>> {
        let n = std::task::ready!(self.read(Some(cx), buf.initialize_unfilled(), true))?;
        buf.advance(n);
        Poll::Ready(Ok(n))
    }

    /// A read that never waits: [`WouldBlock`](io::ErrorKind::WouldBlock) when nothing is
    /// there.
    pub(crate) fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        try_now(self.read(None, buf, false))
    }

    /// Writes what the window leaves room for; with no `cx` (a `try_` write) `Pending` waits
    /// for nothing.
    pub(crate) fn write(
        &self,
        cx: Option<&mut Context<'_>>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        let waker = cx.map(|cx| cx.waker());
        let written = on_sim!(self, "writing to a `TcpStream`", |core| {
            core.net_write(self.key, self.side, bytes, waker)
        });
        match written {
            Ok(Some(n)) => Poll::Ready(Ok(n)),
            Ok(None) => Poll::Pending,
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    /// A write that never waits: [`WouldBlock`](io::ErrorKind::WouldBlock) when the window is
    /// full.
    pub(crate) fn try_write(&self, bytes: &[u8]) -> io::Result<usize> {
        try_now(self.write(None, bytes))
    }

    /// The readiness for `interest`; `Pending` (with `cx` waiting) when none of it is there.
    pub(crate) fn poll_ready(
        &self,
        cx: Option<&mut Context<'_>>,
        interest: Interest,
    ) -> Poll<io::Result<Ready>> {
        let waker = cx.map(|cx| cx.waker());
        let wanted = (interest.is_readable(), interest.is_writable());
        let readiness = on_sim!(self, "the readiness of a `TcpStream`", |core| {
            core.net_poll_ready(self.key, self.side, wanted, waker)
        });
        poll_of(readiness, interest)
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

    pub(crate) fn linger(&self) -> Option<Duration> {
        *self.linger.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn set_linger(&self, linger: Option<Duration>) {
        *self.linger.lock().unwrap_or_else(|e| e.into_inner()) = linger;
    }
}

impl Drop for Side {
    fn drop(&mut self) {
        let abort = self.linger() == Some(Duration::ZERO);
        let wakers =
            context::with_sim(self.sim, |core| core.net_close_side(self.key, self.side, abort))
                .unwrap_or_default();
        wake_all(wakers);
    }
}

/// `poll_write` over a side.
pub(crate) fn poll_write(
    side: &Side,
    cx: &mut Context<'_>,
    bytes: &[u8],
) -> Poll<io::Result<usize>> {
    side.write(Some(cx), bytes)
}

/// `poll_shutdown` over a side.
pub(crate) fn poll_shutdown(side: &Side) -> Poll<io::Result<()>> {
    Poll::Ready(side.shutdown())
}
