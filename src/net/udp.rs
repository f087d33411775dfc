//! [`UdpSocket`]: datagrams, which a link may lose, duplicate or reorder.

use std::fmt;
use std::future::poll_fn;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::task::{Context, Poll, Waker};

use bytes::BufMut;
use tokio::io::{Interest, ReadBuf, Ready};

use super::addr::{ToSocketAddrs, resolve};
use super::ready::{poll_of, try_now};
use crate::runtime::{SocketKey, context};

/// A UDP socket of the simulated network; tokio's `net::UdpSocket`. Its methods take `&self`:
/// share it between tasks in an `Arc`.
///
/// Each datagram is delivered after its own latency, so a link reorders them; it may lose
/// or duplicate them when its settings say so ([`Link::loss`](crate::net::Link::loss),
/// [`Link::duplicate`](crate::net::Link::duplicate)). A datagram to a port nobody bound, to a
/// crashed host or across a partition is dropped; a socket [`connect`](Self::connect)ed to
/// a port nobody bound learns it as ICMP tells it: its next receive fails with
/// [`ConnectionRefused`](io::ErrorKind::ConnectionRefused). The receive queue has no bound,
/// so the socket is always writable. The socket options (TTL, broadcast, multicast, TOS)
/// are remembered, without effect.
///
/// # Examples
///
/// ```
/// use simloop::net::UdpSocket;
///
/// simloop::Sim::new(1).run(async {
///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
///     let b = UdpSocket::bind("127.0.0.1:0").await.unwrap();
///     a.send_to(b"hello", b.local_addr().unwrap()).await.unwrap();
///     let mut buf = [0; 16];
///     let (n, from) = b.recv_from(&mut buf).await.unwrap();
///     assert_eq!((&buf[..n], from), (&b"hello"[..], a.local_addr().unwrap()));
/// });
/// ```
pub struct UdpSocket {
    sim: u64,
    key: SocketKey,
    options: Options,
}

/// The socket options, as Linux sets them at first. (Atomics: the socket is `Sync`; a
/// simulation is one thread, so the order is the program's.)
#[derive(Debug)]
struct Options {
    broadcast: AtomicBool,
    multicast_loop_v4: AtomicBool,
    multicast_loop_v6: AtomicBool,
    multicast_ttl_v4: AtomicU32,
    ttl: AtomicU32,
    tos_v4: AtomicU32,
    tclass_v6: AtomicU32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            broadcast: AtomicBool::new(false),
            multicast_loop_v4: AtomicBool::new(true),
            multicast_loop_v6: AtomicBool::new(true),
            multicast_ttl_v4: AtomicU32::new(1),
            ttl: AtomicU32::new(64),
            tos_v4: AtomicU32::new(0),
            tclass_v6: AtomicU32::new(0),
        }
    }
}

impl fmt::Debug for UdpSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UdpSocket").field("addr", &self.local_addr().ok()).finish()
    }
}

impl UdpSocket {
    /// Binds a socket on the calling task's host (port `0`: a free port).
    ///
    /// # Errors
    ///
    /// [`AddrInUse`](io::ErrorKind::AddrInUse) when the port is taken,
    /// [`AddrNotAvailable`](io::ErrorKind::AddrNotAvailable) for an address that is not the
    /// host's.
    ///
    /// # Panics
    ///
    /// Panics when polled outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let socket = simloop::net::UdpSocket::bind("0.0.0.0:53").await.unwrap();
    ///     assert_eq!(socket.local_addr().unwrap().port(), 53);
    /// });
    /// ```
    pub async fn bind<A: ToSocketAddrs>(addr: A) -> io::Result<Self> {
        let addrs = resolve(&addr, "simloop::net::UdpSocket::bind")?;
        let mut last = None;
        for addr in addrs {
            let bound = context::with("simloop::net::UdpSocket::bind", |core| {
                core.net_bind_udp(addr).map(|(key, _)| (core.sim_id(), key))
            });
            match bound {
                Ok((sim, key)) => return Ok(Self { sim, key, options: Options::default() }),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "could not resolve to any address")
        }))
    }

    /// Sets the socket's peer: [`send`](Self::send) sends to it, and only its datagrams are
    /// received.
    ///
    /// # Errors
    ///
    /// When `addr` does not resolve.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     let b = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.connect(b.local_addr().unwrap()).await.unwrap();
    ///     b.connect(a.local_addr().unwrap()).await.unwrap();
    ///     a.send(b"x").await.unwrap();
    ///     let mut buf = [0; 1];
    ///     assert_eq!(b.recv(&mut buf).await.unwrap(), 1);
    ///     assert_eq!(b.peer_addr().unwrap(), a.local_addr().unwrap());
    /// });
    /// ```
    pub async fn connect<A: ToSocketAddrs>(&self, addr: A) -> io::Result<()> {
        let addrs = resolve(&addr, "simloop::net::UdpSocket::connect")?;
        let addr = addrs.first().copied().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "could not resolve to any address")
        })?;
        on_sim!(self, "simloop::net::UdpSocket::connect", |core| core
            .net_udp_connect(self.key, addr))
    }

    /// Sends a datagram to the peer set by [`connect`](Self::connect).
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) without a peer.
    ///
    /// # Examples
    ///
    /// See [`connect`](Self::connect).
    pub async fn send(&self, buf: &[u8]) -> io::Result<usize> {
        on_sim!(self, "simloop::net::UdpSocket::send", |core| core
            .net_udp_send(self.key, buf, None))
    }

    /// Sends a datagram to `target`; returns its size at once.
    ///
    /// # Errors
    ///
    /// When `target` does not resolve, or no host has its address.
    ///
    /// # Examples
    ///
    /// See [`UdpSocket`].
    pub async fn send_to<A: ToSocketAddrs>(&self, buf: &[u8], target: A) -> io::Result<usize> {
        let addrs = resolve(&target, "simloop::net::UdpSocket::send_to")?;
        let addr = addrs.first().copied().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "could not resolve to any address")
        })?;
        on_sim!(self, "simloop::net::UdpSocket::send_to", |core| core.net_udp_send(
            self.key,
            buf,
            Some(addr)
        ))
    }

    /// Receives a datagram from the peer: its size (truncated to `buf`).
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) once the socket's host crashed.
    ///
    /// # Examples
    ///
    /// See [`connect`](Self::connect).
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.recv_from(buf).await.map(|(n, _)| n)
    }

    /// Receives a datagram: its size (truncated to `buf`) and its sender.
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) once the socket's host crashed.
    ///
    /// # Cancellation
    ///
    /// Cancel safe: a datagram is taken only when returned.
    ///
    /// # Examples
    ///
    /// See [`UdpSocket`].
    pub async fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        poll_fn(|cx| self.recv_poll(Some(cx.waker()), buf, false)).await
    }

    /// Copies the next datagram without taking it: its size and sender.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     let mut buf = [0; 2];
    ///     assert_eq!(a.peek_from(&mut buf).await.unwrap().0, 2);
    ///     assert_eq!(a.recv_from(&mut buf).await.unwrap().0, 2);
    /// });
    /// ```
    pub async fn peek_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        poll_fn(|cx| self.recv_poll(Some(cx.waker()), buf, true)).await
    }

    /// [`recv_from`](Self::recv_from) as a poll function, into a `ReadBuf`.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::UdpSocket;
    /// use tokio::io::ReadBuf;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     let mut storage = [0; 8];
    ///     let mut buf = ReadBuf::new(&mut storage);
    ///     poll_fn(|cx| a.poll_recv_from(cx, &mut buf)).await.unwrap();
    ///     assert_eq!(buf.filled(), b"hi");
    /// });
    /// ```
    pub fn poll_recv_from(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<SocketAddr>> {
        self.recv_into(Some(cx.waker()), buf, false)
    }

    /// Receives (or peeks) into the unfilled part of `buf`, advancing it.
    fn recv_into(
        &self,
        waker: Option<&Waker>,
        buf: &mut ReadBuf<'_>,
        peek: bool,
    ) -> Poll<io::Result<SocketAddr>> {
        let (n, from) = std::task::ready!(self.recv_poll(waker, buf.initialize_unfilled(), peek))?;
        buf.advance(n);
        Poll::Ready(Ok(from))
    }

    /// Receives (or peeks) into the free space of `buf`, advancing it.
    fn recv_buf_poll<B: BufMut>(
        &self,
        waker: Option<&Waker>,
        buf: &mut B,
    ) -> Poll<io::Result<(usize, SocketAddr)>> {
        let mut chunk = vec![0; buf.chunk_mut().len()];
        let (n, from) = std::task::ready!(self.recv_poll(waker, &mut chunk, false))?;
        buf.put_slice(&chunk[..n]);
        Poll::Ready(Ok((n, from)))
    }

    /// Receives (or peeks); with no `waker` (a `try_` receive) `Pending` waits for nothing.
    fn recv_poll(
        &self,
        waker: Option<&Waker>,
        buf: &mut [u8],
        peek: bool,
    ) -> Poll<io::Result<(usize, SocketAddr)>> {
        on_sim!(self, "receiving on a `UdpSocket`", |core| {
            core.net_udp_poll_recv(self.key, buf, peek, waker)
        })
    }

    fn poll_readiness(&self, waker: Option<&Waker>, interest: Interest) -> Poll<io::Result<Ready>> {
        let wanted = (interest.is_readable(), interest.is_writable());
        let readiness = on_sim!(self, "the readiness of a `UdpSocket`", |core| {
            core.net_udp_poll_ready(self.key, wanted, waker)
        })?;
        poll_of(readiness, interest)
    }

    /// [`recv`](Self::recv) as a poll function, into a `ReadBuf`.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::UdpSocket;
    /// use tokio::io::ReadBuf;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.connect(a.local_addr().unwrap()).await.unwrap();
    ///     poll_fn(|cx| a.poll_send(cx, b"hi")).await.unwrap();
    ///     let mut storage = [0; 8];
    ///     let mut buf = ReadBuf::new(&mut storage);
    ///     poll_fn(|cx| a.poll_recv(cx, &mut buf)).await.unwrap();
    ///     assert_eq!(buf.filled(), b"hi");
    /// });
    /// ```
    pub fn poll_recv(&self, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.recv_into(Some(cx.waker()), buf, false).map_ok(drop)
    }

    /// [`peek_from`](Self::peek_from) as a poll function, into a `ReadBuf`.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::UdpSocket;
    /// use tokio::io::ReadBuf;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     let mut storage = [0; 8];
    ///     let mut buf = ReadBuf::new(&mut storage);
    ///     let from = poll_fn(|cx| a.poll_peek_from(cx, &mut buf)).await.unwrap();
    ///     assert_eq!((buf.filled(), from), (&b"hi"[..], a.local_addr().unwrap()));
    ///     assert_eq!(a.recv_from(&mut [0; 8]).await.unwrap().0, 2);
    /// });
    /// ```
    pub fn poll_peek_from(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<SocketAddr>> {
        self.recv_into(Some(cx.waker()), buf, true)
    }

    /// [`peek_from`](Self::peek_from) without waiting.
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) when no datagram is there; otherwise as
    /// [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     let mut buf = [0; 8];
    ///     assert!(a.try_peek_from(&mut buf).is_err());
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     a.readable().await.unwrap();
    ///     assert_eq!(a.try_peek_from(&mut buf).unwrap().0, 2);
    /// });
    /// ```
    pub fn try_peek_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        try_now(self.recv_poll(None, buf, true))
    }

    /// The sender of the next datagram, without taking it.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Cancellation
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     let b = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", b.local_addr().unwrap()).await.unwrap();
    ///     assert_eq!(b.peek_sender().await.unwrap(), a.local_addr().unwrap());
    ///     assert_eq!(b.recv_from(&mut [0; 8]).await.unwrap().0, 2);
    /// });
    /// ```
    pub async fn peek_sender(&self) -> io::Result<SocketAddr> {
        poll_fn(|cx| self.poll_peek_sender(cx)).await
    }

    /// [`peek_sender`](Self::peek_sender) as a poll function.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     let from = poll_fn(|cx| a.poll_peek_sender(cx)).await.unwrap();
    ///     assert_eq!(from, a.local_addr().unwrap());
    /// });
    /// ```
    pub fn poll_peek_sender(&self, cx: &mut Context<'_>) -> Poll<io::Result<SocketAddr>> {
        self.recv_poll(Some(cx.waker()), &mut [], true).map_ok(|(_, from)| from)
    }

    /// [`peek_sender`](Self::peek_sender) without waiting.
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) when no datagram is there; otherwise as
    /// [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     a.readable().await.unwrap();
    ///     assert_eq!(a.try_peek_sender().unwrap(), a.local_addr().unwrap());
    /// });
    /// ```
    pub fn try_peek_sender(&self) -> io::Result<SocketAddr> {
        try_now(self.recv_poll(None, &mut [], true)).map(|(_, from)| from)
    }

    /// [`recv`](Self::recv) without waiting.
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) when no datagram is there; otherwise as
    /// [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// See [`try_send`](Self::try_send).
    pub fn try_recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.try_recv_from(buf).map(|(n, _)| n)
    }

    /// [`recv_from`](Self::recv_from) without waiting.
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) when no datagram is there; otherwise as
    /// [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// See [`try_send_to`](Self::try_send_to).
    pub fn try_recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        try_now(self.recv_poll(None, buf, false))
    }

    /// [`recv`](Self::recv) into the free space of `buf` (a `Vec<u8>`, a `BytesMut`), which
    /// it advances.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     let mut buf = Vec::with_capacity(8);
    ///     assert_eq!(a.recv_buf(&mut buf).await.unwrap(), 2);
    ///     assert_eq!(buf, b"hi");
    /// });
    /// ```
    pub async fn recv_buf<B: BufMut>(&self, buf: &mut B) -> io::Result<usize> {
        self.recv_buf_from(buf).await.map(|(n, _)| n)
    }

    /// [`recv_from`](Self::recv_from) into the free space of `buf`, which it advances.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     let mut buf = Vec::with_capacity(8);
    ///     let (n, from) = a.recv_buf_from(&mut buf).await.unwrap();
    ///     assert_eq!((n, from), (2, a.local_addr().unwrap()));
    /// });
    /// ```
    pub async fn recv_buf_from<B: BufMut>(&self, buf: &mut B) -> io::Result<(usize, SocketAddr)> {
        poll_fn(|cx| self.recv_buf_poll(Some(cx.waker()), buf)).await
    }

    /// [`recv_buf`](Self::recv_buf) without waiting.
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) when no datagram is there; otherwise as
    /// [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.send_to(b"hi", a.local_addr().unwrap()).await.unwrap();
    ///     a.readable().await.unwrap();
    ///     let mut buf = Vec::with_capacity(8);
    ///     assert_eq!(a.try_recv_buf(&mut buf).unwrap(), 2);
    /// });
    /// ```
    pub fn try_recv_buf<B: BufMut>(&self, buf: &mut B) -> io::Result<usize> {
        self.try_recv_buf_from(buf).map(|(n, _)| n)
    }

    /// [`recv_buf_from`](Self::recv_buf_from) without waiting.
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) when no datagram is there; otherwise as
    /// [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     let mut buf = Vec::with_capacity(8);
    ///     assert!(a.try_recv_buf_from(&mut buf).is_err());
    /// });
    /// ```
    pub fn try_recv_buf_from<B: BufMut>(&self, buf: &mut B) -> io::Result<(usize, SocketAddr)> {
        try_now(self.recv_buf_poll(None, buf))
    }

    /// [`send`](Self::send) as a poll function (ready at once: datagrams leave at once).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    ///
    /// # Examples
    ///
    /// See [`poll_recv`](Self::poll_recv).
    pub fn poll_send(&self, _cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Poll::Ready(self.try_send(buf))
    }

    /// [`send_to`](Self::send_to) to an address, as a poll function (ready at once).
    ///
    /// # Errors
    ///
    /// As [`send_to`](Self::send_to).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     let to = a.local_addr().unwrap();
    ///     assert_eq!(poll_fn(|cx| a.poll_send_to(cx, b"hi", to)).await.unwrap(), 2);
    /// });
    /// ```
    pub fn poll_send_to(
        &self,
        _cx: &mut Context<'_>,
        buf: &[u8],
        target: SocketAddr,
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(self.try_send_to(buf, target))
    }

    /// [`send`](Self::send) without waiting (it never needs to).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     a.connect(a.local_addr().unwrap()).await.unwrap();
    ///     a.writable().await.unwrap();
    ///     assert_eq!(a.try_send(b"hi").unwrap(), 2);
    ///     a.readable().await.unwrap();
    ///     assert_eq!(a.try_recv(&mut [0; 8]).unwrap(), 2);
    /// });
    /// ```
    pub fn try_send(&self, buf: &[u8]) -> io::Result<usize> {
        on_sim!(self, "simloop::net::UdpSocket::try_send", |core| core
            .net_udp_send(self.key, buf, None))
    }

    /// [`send_to`](Self::send_to) an address without waiting (it never needs to).
    ///
    /// # Errors
    ///
    /// As [`send_to`](Self::send_to).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     assert_eq!(a.try_send_to(b"hi", a.local_addr().unwrap()).unwrap(), 2);
    ///     a.readable().await.unwrap();
    ///     let (n, from) = a.try_recv_from(&mut [0; 8]).unwrap();
    ///     assert_eq!((n, from), (2, a.local_addr().unwrap()));
    /// });
    /// ```
    pub fn try_send_to(&self, buf: &[u8], target: SocketAddr) -> io::Result<usize> {
        on_sim!(self, "simloop::net::UdpSocket::try_send_to", |core| core.net_udp_send(
            self.key,
            buf,
            Some(target)
        ))
    }

    /// Waits until the socket is ready for `interest`: readable once a datagram (or a
    /// refusal of its peer) is there, writable always.
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) once the socket's host crashed.
    ///
    /// # Cancellation
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::UdpSocket;
    /// use tokio::io::Interest;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     let ready = a.ready(Interest::READABLE | Interest::WRITABLE).await.unwrap();
    ///     assert!(ready.is_writable() && !ready.is_readable());
    /// });
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        poll_fn(|cx| self.poll_readiness(Some(cx.waker()), interest)).await
    }

    /// Waits until a datagram is there, for the `try_recv` calls.
    ///
    /// # Errors
    ///
    /// As [`ready`](Self::ready).
    ///
    /// # Cancellation
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// See [`try_send`](Self::try_send).
    pub async fn readable(&self) -> io::Result<()> {
        self.ready(Interest::READABLE).await.map(drop)
    }

    /// Waits until the socket is writable: at once.
    ///
    /// # Errors
    ///
    /// As [`ready`](Self::ready).
    ///
    /// # Examples
    ///
    /// See [`try_send`](Self::try_send).
    pub async fn writable(&self) -> io::Result<()> {
        self.ready(Interest::WRITABLE).await.map(drop)
    }

    /// [`readable`](Self::readable) as a poll function.
    ///
    /// # Errors
    ///
    /// As [`ready`](Self::ready).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::UdpSocket;
    /// simloop::Sim::new(1).run(async {
    ///     let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    ///     poll_fn(|cx| a.poll_send_ready(cx)).await.unwrap();
    ///     a.try_send_to(b"hi", a.local_addr().unwrap()).unwrap();
    ///     poll_fn(|cx| a.poll_recv_ready(cx)).await.unwrap();
    ///     assert_eq!(a.try_recv(&mut [0; 8]).unwrap(), 2);
    /// });
    /// ```
    pub fn poll_recv_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_readiness(Some(cx.waker()), Interest::READABLE).map_ok(drop)
    }

    /// [`writable`](Self::writable) as a poll function.
    ///
    /// # Errors
    ///
    /// As [`ready`](Self::ready).
    ///
    /// # Examples
    ///
    /// See [`poll_recv_ready`](Self::poll_recv_ready).
    pub fn poll_send_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_readiness(Some(cx.waker()), Interest::WRITABLE).map_ok(drop)
    }

    /// The address the socket is bound to.
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) once the socket's host crashed.
    ///
    /// # Examples
    ///
    /// See [`bind`](Self::bind).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        on_sim!(self, "simloop::net::UdpSocket::local_addr", |core| core.net_udp_addrs(self.key))
            .map(|(local, _)| local)
    }

    /// The peer set by [`connect`](Self::connect).
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) without one.
    ///
    /// # Examples
    ///
    /// See [`connect`](Self::connect).
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        let (_, peer) = on_sim!(self, "simloop::net::UdpSocket::peer_addr", |core| core
            .net_udp_addrs(self.key))?;
        peer.ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotConnected, "the UDP socket has no peer")
        })
    }
}

impl Drop for UdpSocket {
    fn drop(&mut self) {
        let waker = context::with_sim(self.sim, |core| core.net_udp_close(self.key)).flatten();
        drop(waker);
    }
}

/// A socket option of [`UdpSocket`]: a setter and a getter over one field of `Options`.
macro_rules! option {
    ($(($get:ident, $set:ident, $ty:ty, $what:literal, $initial:literal, $value:literal)),* $(,)?) => {
        impl UdpSocket {$(
            #[doc = concat!("Sets ", $what, ": remembered, without effect.")]
            ///
            /// # Errors
            ///
            /// Never.
            ///
            /// # Examples
            ///
            /// ```
            /// simloop::Sim::new(1).run(async {
            ///     let socket = simloop::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
            #[doc = concat!("    assert_eq!(socket.", stringify!($get), "().unwrap(), ", stringify!($initial), ");")]
            #[doc = concat!("    socket.", stringify!($set), "(", stringify!($value), ").unwrap();")]
            #[doc = concat!("    assert_eq!(socket.", stringify!($get), "().unwrap(), ", stringify!($value), ");")]
            /// });
            /// ```
            pub fn $set(&self, value: $ty) -> io::Result<()> {
                self.options.$get.store(value, Ordering::Relaxed);
                Ok(())
            }

            #[doc = concat!("The value of ", $what, " set (`", stringify!($initial), "` at first).")]
            ///
            /// # Errors
            ///
            /// Never.
            ///
            /// # Examples
            ///
            #[doc = concat!("See [`", stringify!($set), "`](Self::", stringify!($set), ").")]
            pub fn $get(&self) -> io::Result<$ty> {
                Ok(self.options.$get.load(Ordering::Relaxed))
            }
        )*}
    };
}

option! {
    (broadcast, set_broadcast, bool, "`SO_BROADCAST`", false, true),
    (multicast_loop_v4, set_multicast_loop_v4, bool, "`IP_MULTICAST_LOOP`", true, false),
    (multicast_loop_v6, set_multicast_loop_v6, bool, "`IPV6_MULTICAST_LOOP`", true, false),
    (multicast_ttl_v4, set_multicast_ttl_v4, u32, "`IP_MULTICAST_TTL`", 1, 40),
    (ttl, set_ttl, u32, "`IP_TTL`", 64, 40),
    (tos_v4, set_tos_v4, u32, "`IP_TOS`", 0, 96),
    (tclass_v6, set_tclass_v6, u32, "`IPV6_TCLASS`", 0, 96),
}
