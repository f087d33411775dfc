//! [`TcpStream`]: a reliable, ordered byte stream between two tasks, on one host or two.

use std::fmt;
use std::future::poll_fn;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::socket::{self, Side};
use super::split::{OwnedReadHalf, OwnedWriteHalf, ReadHalf, WriteHalf};
use crate::net::addr::{ToSocketAddrs, resolve};
use crate::runtime::context;

/// A TCP connection of the simulated network; tokio's `net::TcpStream`, with tokio's
/// [`AsyncRead`] and [`AsyncWrite`], so `BufReader`, codecs and `copy_bidirectional` work.
///
/// Bytes arrive in the order they were written, each write one segment delivered after the
/// link's latency. Writes complete at once (the send buffer has no bound). Reads return what
/// arrived, end of file after the peer shut down its writing half or dropped its stream, and
/// [`ConnectionReset`](io::ErrorKind::ConnectionReset) once the connection was reset (its
/// peer's host crashed, or it wrote to a closed peer); writes then fail with
/// [`BrokenPipe`](io::ErrorKind::BrokenPipe). Dropping the stream closes it.
///
/// # Determinism
///
/// Each segment's latency is a decision of the network's stream (see
/// [`Link`](crate::net::Link)); deliveries due at the same instant are made in the order they
/// were sent.
///
/// # Examples
///
/// ```
/// use simloop::net::{TcpListener, TcpStream};
/// use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
///
/// simloop::Sim::new(1).run(async {
///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
///     let addr = listener.local_addr().unwrap();
///     let server = simloop::spawn(async move {
///         let (mut stream, _) = listener.accept().await.unwrap();
///         stream.write_all(b"hello\nworld\n").await.unwrap();
///     });
///     let stream = TcpStream::connect(addr).await.unwrap();
///     let mut lines = BufReader::new(stream).lines();
///     assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("hello"));
///     assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("world"));
///     assert_eq!(lines.next_line().await.unwrap(), None);
///     server.await.unwrap();
/// });
/// ```
pub struct TcpStream {
    pub(super) side: Arc<Side>,
    nodelay: bool,
}

impl fmt::Debug for TcpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("TcpStream");
        if let Ok((local, peer)) = self.side.addrs() {
            d.field("local", &local).field("peer", &peer);
        }
        d.finish()
    }
}

impl TcpStream {
    pub(super) fn from_side(side: Side) -> Self {
        Self { side: Arc::new(side), nodelay: false }
    }

    /// Connects to `addr` (`"db:5432"`, `"127.0.0.1:8080"`, a [`SocketAddr`]); tries each
    /// address it resolves to in turn.
    ///
    /// # Errors
    ///
    /// [`ConnectionRefused`](io::ErrorKind::ConnectionRefused) when nobody listens there,
    /// [`HostUnreachable`](io::ErrorKind::HostUnreachable) for an address no host has,
    /// [`NotFound`](io::ErrorKind::NotFound) for a name no host has. Across a partition, or
    /// to a crashed host, the connect waits: bound it with
    /// [`timeout`](crate::time::timeout).
    ///
    /// # Cancellation
    ///
    /// Dropping the future gives the connection up; a server that accepted it meanwhile sees
    /// it reset.
    ///
    /// # Panics
    ///
    /// Panics when polled outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::ErrorKind;
    /// simloop::Sim::new(1).run(async {
    ///     let err = simloop::net::TcpStream::connect("127.0.0.1:1").await.unwrap_err();
    ///     assert_eq!(err.kind(), ErrorKind::ConnectionRefused);
    /// });
    /// ```
    pub async fn connect<A: ToSocketAddrs>(addr: A) -> io::Result<Self> {
        let addrs = resolve(&addr, "simloop::net::TcpStream::connect")?;
        let mut last = None;
        for addr in addrs {
            match connect_one(addr).await {
                Ok(stream) => return Ok(stream),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "could not resolve to any address")
        }))
    }

    /// The address of this end.
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) once the connection is gone.
    ///
    /// # Examples
    ///
    /// See [`peer_addr`](Self::peer_addr).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.side.addrs().map(|(local, _)| local)
    }

    /// The address of the other end.
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) once the connection is gone.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let addr = listener.local_addr().unwrap();
    ///     let client = TcpStream::connect(addr).await.unwrap();
    ///     let (server, peer) = listener.accept().await.unwrap();
    ///     assert_eq!(client.peer_addr().unwrap(), addr);
    ///     assert_eq!(server.peer_addr().unwrap(), client.local_addr().unwrap());
    ///     assert_eq!(peer, client.local_addr().unwrap());
    /// });
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.side.addrs().map(|(_, peer)| peer)
    }

    /// Copies received bytes into `buf` without consuming them; waits for some when none.
    ///
    /// # Errors
    ///
    /// [`ConnectionReset`](io::ErrorKind::ConnectionReset) once the connection was reset.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (mut server, _) = listener.accept().await.unwrap();
    ///     client.write_all(b"hi").await.unwrap();
    ///     let mut buf = [0; 2];
    ///     assert_eq!(server.peek(&mut buf).await.unwrap(), 2);
    ///     server.read_exact(&mut buf).await.unwrap();
    ///     assert_eq!(&buf, b"hi");
    /// });
    /// ```
    pub async fn peek(&self, buf: &mut [u8]) -> io::Result<usize> {
        let mut buf = ReadBuf::new(buf);
        poll_fn(|cx| self.side.poll_peek(cx, &mut buf)).await
    }

    /// [`peek`](Self::peek) as a poll function.
    ///
    /// # Errors
    ///
    /// As [`peek`](Self::peek).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::{AsyncWriteExt, ReadBuf};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (server, _) = listener.accept().await.unwrap();
    ///     client.write_all(b"x").await.unwrap();
    ///     let mut storage = [0; 1];
    ///     let mut buf = ReadBuf::new(&mut storage);
    ///     assert_eq!(poll_fn(|cx| server.poll_peek(cx, &mut buf)).await.unwrap(), 1);
    /// });
    /// ```
    pub fn poll_peek(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<usize>> {
        self.side.poll_peek(cx, buf)
    }

    /// Sets `TCP_NODELAY`: accepted and remembered, without effect (segments are never
    /// delayed to be merged).
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     client.set_nodelay(true).unwrap();
    ///     assert!(client.nodelay().unwrap());
    /// });
    /// ```
    pub fn set_nodelay(&mut self, nodelay: bool) -> io::Result<()> {
        self.nodelay = nodelay;
        Ok(())
    }

    /// The value [`set_nodelay`](Self::set_nodelay) set.
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// See [`set_nodelay`](Self::set_nodelay).
    pub fn nodelay(&self) -> io::Result<bool> {
        Ok(self.nodelay)
    }

    /// Splits the stream into halves that borrow it, for one task to read and write at once.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (mut server, _) = listener.accept().await.unwrap();
    ///     let (mut read, mut write) = server.split();
    ///     client.write_all(b"ab").await.unwrap();
    ///     let mut buf = [0; 2];
    ///     read.read_exact(&mut buf).await.unwrap();
    ///     write.write_all(&buf).await.unwrap();
    ///     client.read_exact(&mut buf).await.unwrap();
    ///     assert_eq!(&buf, b"ab");
    /// });
    /// ```
    pub fn split(&mut self) -> (ReadHalf<'_>, WriteHalf<'_>) {
        (ReadHalf::new(&self.side), WriteHalf::new(&self.side))
    }

    /// Splits the stream into owned halves, for two tasks; dropping the write half shuts
    /// down the writing half, as tokio's does.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (mut server, _) = listener.accept().await.unwrap();
    ///     let (mut read, mut write) = client.into_split();
    ///     let writer = simloop::spawn(async move { write.write_all(b"ping").await.unwrap() });
    ///     let mut buf = [0; 4];
    ///     server.read_exact(&mut buf).await.unwrap();
    ///     server.write_all(&buf).await.unwrap();
    ///     read.read_exact(&mut buf).await.unwrap();
    ///     assert_eq!(&buf, b"ping");
    ///     writer.await.unwrap();
    /// });
    /// ```
    pub fn into_split(self) -> (OwnedReadHalf, OwnedWriteHalf) {
        (OwnedReadHalf::new(self.side.clone()), OwnedWriteHalf::new(self.side))
    }

    pub(super) fn from_halves(side: Arc<Side>) -> Self {
        Self { side, nodelay: false }
    }
}

async fn connect_one(addr: SocketAddr) -> io::Result<TcpStream> {
    let (sim, key) = context::with("simloop::net::TcpStream::connect", |core| {
        let route = core.net_route(addr)?;
        Ok::<_, io::Error>((core.sim_id(), core.net_connect(route)?))
    })?;
    // Dropped before the answer, the stream gives the connection up.
    let stream = TcpStream::from_side(Side::new(sim, key, 0));
    poll_fn(|cx| {
        context::with("polling `TcpStream::connect`", |core| core.net_poll_connect(key, cx.waker()))
    })
    .await?;
    Ok(stream)
}

impl AsyncRead for TcpStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.side.poll_read(cx, buf)
    }
}

impl AsyncWrite for TcpStream {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        socket::poll_write(&self.side, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        socket::poll_shutdown(&self.side)
    }
}
