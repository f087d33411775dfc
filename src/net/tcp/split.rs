//! The halves of a [`TcpStream`](super::TcpStream): borrowed ([`split`]) and owned
//! ([`into_split`]).
//!
//! [`split`]: super::TcpStream::split
//! [`into_split`]: super::TcpStream::into_split

use std::error::Error;
use std::fmt;
use std::future::poll_fn;
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
    /// A [`ReuniteError`] holding both halves when they are not of the same stream.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let (read, write) = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap().into_split();
    ///     let (_, other) = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap().into_split();
    ///     let read = read.reunite(other).unwrap_err().0;
    ///     assert!(read.reunite(write).is_ok());
    /// });
    /// ```
    pub fn reunite(self, mut other: OwnedWriteHalf) -> Result<TcpStream, ReuniteError> {
        if self.side.same(&other.side) {
            other.shutdown_on_drop = false;
            drop(other);
            Ok(TcpStream::from_halves(self.side))
        } else {
            Err(ReuniteError(self, other))
        }
    }
}

/// The halves given to [`OwnedReadHalf::reunite`] were not of the same stream: here they
/// are back.
///
/// # Examples
///
/// See [`OwnedReadHalf::reunite`].
#[derive(Debug)]
pub struct ReuniteError(pub OwnedReadHalf, pub OwnedWriteHalf);

impl fmt::Display for ReuniteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("tried to reunite halves that are not from the same socket")
    }
}

impl Error for ReuniteError {}

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

/// `peek` and `poll_peek` on a reading half; `$bind` and `$split` make it in the examples.
macro_rules! peek_impl {
    ($t:ty, $what:literal, $bind:literal, $split:literal) => {
        impl $t {
            #[doc = concat!("[`TcpStream::peek`] on the ", $what, " reading half.")]
            ///
            /// # Errors
            ///
            /// As [`TcpStream::peek`].
            ///
            /// # Examples
            ///
            /// ```
            /// use simloop::net::{TcpListener, TcpStream};
            /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
            /// simloop::Sim::new(1).run(async {
            ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            ///     let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
            #[doc = concat!("    ", $bind)]
            ///     client.write_all(b"hi").await.unwrap();
            #[doc = concat!("    ", $split)]
            ///     let mut buf = [0; 2];
            ///     assert_eq!(read.peek(&mut buf).await.unwrap(), 2);
            ///     assert_eq!(read.read(&mut buf).await.unwrap(), 2);
            /// });
            /// ```
            pub async fn peek(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let mut buf = ReadBuf::new(buf);
                poll_fn(|cx| self.side.poll_peek(cx, &mut buf)).await
            }

            /// [`peek`](Self::peek) as a poll function.
            ///
            /// # Errors
            ///
            /// As [`TcpStream::peek`].
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
            #[doc = concat!("    ", $bind)]
            ///     client.write_all(b"x").await.unwrap();
            #[doc = concat!("    ", $split)]
            ///     let mut storage = [0; 1];
            ///     let mut buf = ReadBuf::new(&mut storage);
            ///     assert_eq!(poll_fn(|cx| read.poll_peek(cx, &mut buf)).await.unwrap(), 1);
            /// });
            /// ```
            pub fn poll_peek(
                &mut self,
                cx: &mut Context<'_>,
                buf: &mut ReadBuf<'_>,
            ) -> Poll<io::Result<usize>> {
                self.side.poll_peek(cx, buf)
            }
        }
    };
}

peek_impl!(
    ReadHalf<'_>,
    "borrowed",
    "let (mut server, _) = listener.accept().await.unwrap();",
    "let (mut read, _write) = server.split();"
);
peek_impl!(
    OwnedReadHalf,
    "owned",
    "let (server, _) = listener.accept().await.unwrap();",
    "let (mut read, _write) = server.into_split();"
);

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
            fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
                socket::poll_write(&self.side, cx, buf)
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
