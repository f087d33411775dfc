//! The halves of a [`TcpStream`](super::TcpStream): borrowed ([`split`]) and owned
//! ([`into_split`]).
//!
//! [`split`]: super::TcpStream::split
//! [`into_split`]: super::TcpStream::into_split

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::TcpStream;
use super::socket::{self, Side};

/// The reading half of a [`TcpStream`], borrowed; see [`TcpStream::split`].
#[derive(Debug)]
pub struct ReadHalf<'a> {
    side: &'a Side,
}

/// The writing half of a [`TcpStream`], borrowed; see [`TcpStream::split`].
#[derive(Debug)]
pub struct WriteHalf<'a> {
    side: &'a Side,
}

/// The reading half of a [`TcpStream`], owned; see [`TcpStream::into_split`].
#[derive(Debug)]
pub struct OwnedReadHalf {
    side: Arc<Side>,
}

/// The writing half of a [`TcpStream`], owned; see [`TcpStream::into_split`]. Dropping it
/// shuts down the writing half.
#[derive(Debug)]
pub struct OwnedWriteHalf {
    side: Arc<Side>,
    shutdown_on_drop: bool,
}

impl<'a> ReadHalf<'a> {
    pub(super) fn new(side: &'a Side) -> Self {
        Self { side }
    }
}

impl<'a> WriteHalf<'a> {
    pub(super) fn new(side: &'a Side) -> Self {
        Self { side }
    }
}

impl OwnedReadHalf {
    pub(super) fn new(side: Arc<Side>) -> Self {
        Self { side }
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
    ///     let (read, _write) = TcpStream::connect(addr).await.unwrap().into_split();
    ///     assert_eq!(read.peer_addr().unwrap(), addr);
    /// });
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.side.addrs().map(|(_, peer)| peer)
    }

    /// Puts the halves back together.
    ///
    /// # Errors
    ///
    /// Gives both halves back when they are not of the same stream.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let (read, write) = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap().into_split();
    ///     assert!(read.reunite(write).is_ok());
    /// });
    /// ```
    #[allow(clippy::result_large_err, reason = "tokio's signature: the halves come back")]
    pub fn reunite(self, mut other: OwnedWriteHalf) -> Result<TcpStream, (Self, OwnedWriteHalf)> {
        if self.side.same(&other.side) {
            other.shutdown_on_drop = false;
            drop(other);
            Ok(TcpStream::from_halves(self.side))
        } else {
            Err((self, other))
        }
    }
}

impl OwnedWriteHalf {
    pub(super) fn new(side: Arc<Side>) -> Self {
        Self { side, shutdown_on_drop: true }
    }

    /// The address of this end.
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
    ///     let (_read, write) = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap().into_split();
    ///     assert!(write.local_addr().unwrap().ip().is_loopback());
    /// });
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.side.addrs().map(|(local, _)| local)
    }
}

impl Drop for OwnedWriteHalf {
    fn drop(&mut self) {
        if self.shutdown_on_drop {
            self.side.shutdown_quietly();
        }
    }
}

impl AsyncRead for ReadHalf<'_> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.side.poll_read(cx, buf)
    }
}

impl AsyncRead for OwnedReadHalf {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.side.poll_read(cx, buf)
    }
}

macro_rules! write_impl {
    ($($t:ty),*) => {$(
        impl AsyncWrite for $t {
            fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
                socket::poll_write(&self.side, buf)
            }

            fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
                Poll::Ready(Ok(()))
            }

            fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
                socket::poll_shutdown(&self.side)
            }
        }
    )*};
}

write_impl!(WriteHalf<'_>, OwnedWriteHalf);
