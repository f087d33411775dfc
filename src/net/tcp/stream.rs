//! [`TcpStream`]: a reliable, ordered byte stream between two tasks, on one host or two.

use std::fmt;
use std::future::poll_fn;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::BufMut;
use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf, Ready};

use super::socket::{self, Side};
use super::split::{OwnedReadHalf, OwnedWriteHalf, ReadHalf, WriteHalf};
use crate::net::addr::{ToSocketAddrs, resolve};
use crate::runtime::context;

/// A TCP connection of the simulated network; tokio's `net::TcpStream`, with tokio's
/// [`AsyncRead`] and [`AsyncWrite`], so `BufReader`, codecs and `copy_bidirectional` work.
///
/// Bytes arrive in the order they were written, each write one segment delivered after the
/// link's latency. A side may have [`TcpStream::WINDOW`] bytes written that its peer has not
/// read (in flight, or received and unread): a write beyond writes what fits, or waits for
/// the peer to read, as a real socket's buffers fill up. Reads return what
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
    /// How many bytes one side may have written that its peer has not read yet: 256 KiB.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::AsyncWriteExt;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (_server, _) = listener.accept().await.unwrap(); // it never reads
    ///     let big = vec![0u8; 2 * TcpStream::WINDOW];
    ///     let write = simloop::time::timeout(Duration::from_secs(1), client.write_all(&big));
    ///     assert!(write.await.is_err(), "past the window, the write waits for the reader");
    /// });
    /// ```
    pub const WINDOW: usize = crate::runtime::WINDOW;

    pub(super) fn from_side(side: Side) -> Self {
        Self { side: Arc::new(side) }
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

    /// Waits until the stream is ready for `interest` (reading, writing, or either); returns
    /// the readiness found, which may say that the peer closed (`is_read_closed`) or that
    /// writing is over (`is_write_closed`).
    ///
    /// As tokio's readiness, it may be spurious: an accepted stream is taken to be readable
    /// until a read finds nothing, and a stream stays readable after a read until one finds
    /// nothing; a `try_` call then returns [`WouldBlock`](io::ErrorKind::WouldBlock). A
    /// stream is writable while its peer has read enough of what it wrote
    /// ([`WINDOW`](Self::WINDOW)).
    ///
    /// # Errors
    ///
    /// Never: a reset connection is ready, and its reads and writes fail.
    ///
    /// # Cancellation
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::Interest;
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (server, _) = listener.accept().await.unwrap();
    ///     drop(server);
    ///     let ready = client.ready(Interest::READABLE).await.unwrap();
    ///     assert!(ready.is_read_closed());
    /// });
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        poll_fn(|cx| self.side.poll_ready(Some(cx), interest)).await
    }

    /// Waits until the stream is readable (see [`ready`](Self::ready)), for
    /// [`try_read`](Self::try_read).
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Cancellation
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// See [`try_read`](Self::try_read).
    pub async fn readable(&self) -> io::Result<()> {
        self.ready(Interest::READABLE).await.map(drop)
    }

    /// [`readable`](Self::readable) as a poll function.
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::AsyncWriteExt;
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (server, _) = listener.accept().await.unwrap();
    ///     // Readable at first (accepted): a read that finds nothing clears that.
    ///     assert!(server.try_read(&mut [0; 4]).is_err());
    ///     client.write_all(b"x").await.unwrap();
    ///     poll_fn(|cx| server.poll_read_ready(cx)).await.unwrap();
    ///     assert_eq!(server.try_read(&mut [0; 4]).unwrap(), 1);
    /// });
    /// ```
    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.side.poll_ready(Some(cx), Interest::READABLE).map_ok(drop)
    }

    /// Reads what arrived into `buf`, without waiting: the number of bytes (`0`: end of
    /// file, or an empty `buf`).
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) when nothing arrived (the stream is then no
    /// longer taken to be readable), [`ConnectionReset`](io::ErrorKind::ConnectionReset) once
    /// the connection was reset.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::ErrorKind;
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::AsyncWriteExt;
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (server, _) = listener.accept().await.unwrap();
    ///     let mut buf = [0; 8];
    ///     assert_eq!(server.try_read(&mut buf).unwrap_err().kind(), ErrorKind::WouldBlock);
    ///     client.write_all(b"hi").await.unwrap();
    ///     server.readable().await.unwrap();
    ///     assert_eq!(server.try_read(&mut buf).unwrap(), 2);
    /// });
    /// ```
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.side.try_read(buf)
    }

    /// [`try_read`](Self::try_read) into several buffers, filled in order.
    ///
    /// # Errors
    ///
    /// As [`try_read`](Self::try_read).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::IoSliceMut;
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::AsyncWriteExt;
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (server, _) = listener.accept().await.unwrap();
    ///     assert!(server.try_read(&mut [0; 4]).is_err());
    ///     client.write_all(b"abc").await.unwrap();
    ///     server.readable().await.unwrap();
    ///     let (mut a, mut b) = ([0; 2], [0; 2]);
    ///     let n = server.try_read_vectored(&mut [IoSliceMut::new(&mut a), IoSliceMut::new(&mut b)]);
    ///     assert_eq!(n.unwrap(), 3);
    ///     assert_eq!((&a, &b[..1]), (b"ab", &b"c"[..]));
    /// });
    /// ```
    pub fn try_read_vectored(&self, bufs: &mut [io::IoSliceMut<'_>]) -> io::Result<usize> {
        let mut all = vec![0; bufs.iter().map(|b| b.len()).sum()];
        let n = self.side.try_read(&mut all)?;
        let mut rest = &all[..n];
        for buf in bufs.iter_mut() {
            let take = rest.len().min(buf.len());
            buf[..take].copy_from_slice(&rest[..take]);
            rest = &rest[take..];
        }
        Ok(n)
    }

    /// [`try_read`](Self::try_read) into the free space of `buf` (a `Vec<u8>`, a
    /// `BytesMut`), which it advances.
    ///
    /// # Errors
    ///
    /// As [`try_read`](Self::try_read).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::AsyncWriteExt;
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (server, _) = listener.accept().await.unwrap();
    ///     assert!(server.try_read(&mut [0; 4]).is_err());
    ///     client.write_all(b"abc").await.unwrap();
    ///     server.readable().await.unwrap();
    ///     let mut buf = Vec::with_capacity(16);
    ///     assert_eq!(server.try_read_buf(&mut buf).unwrap(), 3);
    ///     assert_eq!(buf, b"abc");
    /// });
    /// ```
    pub fn try_read_buf<B: BufMut>(&self, buf: &mut B) -> io::Result<usize> {
        let mut chunk = vec![0; buf.chunk_mut().len()];
        let n = self.side.try_read(&mut chunk)?;
        buf.put_slice(&chunk[..n]);
        Ok(n)
    }

    /// Waits until the stream is writable (see [`ready`](Self::ready)), for
    /// [`try_write`](Self::try_write).
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Cancellation
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// See [`try_write`](Self::try_write).
    pub async fn writable(&self) -> io::Result<()> {
        self.ready(Interest::WRITABLE).await.map(drop)
    }

    /// [`writable`](Self::writable) as a poll function.
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     poll_fn(|cx| client.poll_write_ready(cx)).await.unwrap();
    ///     assert_eq!(client.try_write(b"x").unwrap(), 1);
    /// });
    /// ```
    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.side.poll_ready(Some(cx), Interest::WRITABLE).map_ok(drop)
    }

    /// Writes what the window leaves room for of `buf`, without waiting: the number of bytes
    /// written.
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) when the window is full (the peer has not
    /// read [`WINDOW`](Self::WINDOW) bytes), [`BrokenPipe`](io::ErrorKind::BrokenPipe) once
    /// the connection was reset or the writing half shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::ErrorKind;
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (_server, _) = listener.accept().await.unwrap();
    ///     let big = vec![0; TcpStream::WINDOW + 1];
    ///     client.writable().await.unwrap();
    ///     assert_eq!(client.try_write(&big).unwrap(), TcpStream::WINDOW);
    ///     assert_eq!(client.try_write(&big).unwrap_err().kind(), ErrorKind::WouldBlock);
    /// });
    /// ```
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.side.try_write(buf)
    }

    /// [`try_write`](Self::try_write) of several buffers, in order, as one segment.
    ///
    /// # Errors
    ///
    /// As [`try_write`](Self::try_write).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::IoSlice;
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::AsyncReadExt;
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (mut server, _) = listener.accept().await.unwrap();
    ///     let n = client.try_write_vectored(&[IoSlice::new(b"ab"), IoSlice::new(b"c")]);
    ///     assert_eq!(n.unwrap(), 3);
    ///     let mut buf = [0; 3];
    ///     server.read_exact(&mut buf).await.unwrap();
    ///     assert_eq!(&buf, b"abc");
    /// });
    /// ```
    pub fn try_write_vectored(&self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let mut all = Vec::new();
        for buf in bufs {
            if all.len() >= Self::WINDOW {
                break;
            }
            all.extend_from_slice(buf);
        }
        self.side.try_write(&all)
    }

    /// Sets `TCP_NODELAY`: remembered, without effect (segments are never delayed to be
    /// merged).
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
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     assert!(!client.nodelay().unwrap());
    ///     client.set_nodelay(true).unwrap();
    ///     assert!(client.nodelay().unwrap());
    /// });
    /// ```
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        self.side.nodelay.store(nodelay, Ordering::Relaxed);
        Ok(())
    }

    /// The value [`set_nodelay`](Self::set_nodelay) set (`false` at first).
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// See [`set_nodelay`](Self::set_nodelay).
    pub fn nodelay(&self) -> io::Result<bool> {
        Ok(self.side.nodelay.load(Ordering::Relaxed))
    }

    /// Sets `SO_LINGER`: `Some(Duration::ZERO)` makes closing the stream reset the
    /// connection ([`set_zero_linger`](Self::set_zero_linger)); any other value is remembered,
    /// without effect (a close never waits).
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// use std::time::Duration;
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     client.set_linger(Some(Duration::from_secs(1))).unwrap();
    ///     assert_eq!(client.linger().unwrap(), Some(Duration::from_secs(1)));
    /// });
    /// ```
    #[deprecated = "as tokio's: a linger other than zero blocks the thread on close in a real \
                    program; use `set_zero_linger` to reset the connection on close"]
    pub fn set_linger(&self, dur: Option<Duration>) -> io::Result<()> {
        self.side.set_linger(dur);
        Ok(())
    }

    /// Sets a zero `SO_LINGER`: dropping the stream then drops what it has not sent and resets
    /// the connection; the peer's reads fail with
    /// [`ConnectionReset`](io::ErrorKind::ConnectionReset).
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::ErrorKind;
    /// use simloop::net::{TcpListener, TcpStream};
    /// use tokio::io::AsyncReadExt;
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let (server, _) = listener.accept().await.unwrap();
    ///     server.set_zero_linger().unwrap();
    ///     drop(server);
    ///     let err = client.read(&mut [0; 1]).await.unwrap_err();
    ///     assert_eq!(err.kind(), ErrorKind::ConnectionReset);
    /// });
    /// ```
    pub fn set_zero_linger(&self) -> io::Result<()> {
        self.side.set_linger(Some(Duration::ZERO));
        Ok(())
    }

    /// The `SO_LINGER` value set (`None` at first).
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     assert_eq!(client.linger().unwrap(), None);
    ///     client.set_zero_linger().unwrap();
    ///     assert_eq!(client.linger().unwrap(), Some(Duration::ZERO));
    /// });
    /// ```
    pub fn linger(&self) -> io::Result<Option<Duration>> {
        Ok(self.side.linger())
    }

    /// Sets `IP_TTL`: remembered, without effect (the simulated network has no hops).
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
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     assert_eq!(client.ttl().unwrap(), 64);
    ///     client.set_ttl(40).unwrap();
    ///     assert_eq!(client.ttl().unwrap(), 40);
    /// });
    /// ```
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        self.side.ttl.store(ttl, Ordering::Relaxed);
        Ok(())
    }

    /// The `IP_TTL` value set (64 at first).
    ///
    /// # Errors
    ///
    /// Never.
    ///
    /// # Examples
    ///
    /// See [`set_ttl`](Self::set_ttl).
    pub fn ttl(&self) -> io::Result<u32> {
        Ok(self.side.ttl.load(Ordering::Relaxed))
    }

    /// tokio's `from_std`: not simulated, a real OS socket cannot enter a simulation.
    ///
    /// # Errors
    ///
    /// Never: it panics.
    ///
    /// # Panics
    ///
    /// Always, naming the function: connect with [`connect`](Self::connect) (to a
    /// [`TcpListener`](super::TcpListener) of the simulation) instead.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    /// let std_stream = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    /// let _ = simloop::net::TcpStream::from_std(std_stream);
    /// ```
    #[track_caller]
    pub fn from_std(stream: std::net::TcpStream) -> io::Result<Self> {
        drop(stream);
        panic!(
            "simloop: `TcpStream::from_std` (or `TryFrom<std::net::TcpStream>`) is not simulated: \
             a real OS socket cannot enter a simulation\n    \
             hint: make both ends in the simulation, with `TcpListener::bind` and `TcpStream::connect`"
        )
    }

    /// tokio's `into_std`: not simulated, a simulated stream has no OS socket.
    ///
    /// # Errors
    ///
    /// Never: it panics.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     let _ = client.into_std();
    /// });
    /// ```
    #[track_caller]
    pub fn into_std(self) -> io::Result<std::net::TcpStream> {
        panic!(
            "simloop: `TcpStream::into_std` is not simulated: a simulated stream has no OS socket\n    \
             hint: keep the `TcpStream`, whose `try_read`/`try_write` do what the std socket would"
        )
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
        Self { side }
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

impl TryFrom<std::net::TcpStream> for TcpStream {
    type Error = io::Error;

    /// As [`TcpStream::from_std`]: panics.
    fn try_from(stream: std::net::TcpStream) -> io::Result<Self> {
        Self::from_std(stream)
    }
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
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        socket::poll_write(&self.side, cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        socket::poll_shutdown(&self.side)
    }
}
