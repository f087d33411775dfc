//! [`UdpSocket`]: datagrams, which a link may lose, duplicate or reorder.

use std::fmt;
use std::future::poll_fn;
use std::io;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use tokio::io::ReadBuf;

use super::addr::{ToSocketAddrs, resolve};
use crate::runtime::{SocketKey, context};

/// A UDP socket of the simulated network; tokio's `net::UdpSocket`. Its methods take `&self`:
/// share it between tasks in an `Arc`.
///
/// Each datagram is delivered after its own latency, so a link reorders them; it may lose
/// or duplicate them when its settings say so ([`Link::loss`](crate::net::Link::loss),
/// [`Link::duplicate`](crate::net::Link::duplicate)). A datagram to a port nobody bound, to a
/// crashed host or across a partition is dropped. The receive queue has no bound.
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
                Ok((sim, key)) => return Ok(Self { sim, key }),
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
        poll_fn(|cx| self.poll_recv(cx, buf, false)).await
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
        poll_fn(|cx| self.poll_recv(cx, buf, true)).await
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
        let unfilled = buf.initialize_unfilled();
        match self.poll_recv(cx, unfilled, false) {
            Poll::Ready(Ok((n, from))) => {
                buf.advance(n);
                Poll::Ready(Ok(from))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_recv(
        &self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        peek: bool,
    ) -> Poll<io::Result<(usize, SocketAddr)>> {
        on_sim!(self, "receiving on a `UdpSocket`", |core| {
            core.net_udp_poll_recv(self.key, buf, peek, cx.waker())
        })
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
