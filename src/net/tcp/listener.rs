//! [`TcpListener`]: accepts the connections made to its port.

use std::fmt;
use std::future::poll_fn;
use std::io;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use super::TcpStream;
use super::socket::Side;
use crate::net::addr::{ToSocketAddrs, resolve};
use crate::runtime::{SocketKey, context};

/// A TCP listener of the simulated network; tokio's `net::TcpListener`.
///
/// It listens on a port of the host its task runs on: bound to `0.0.0.0` (or `::`) it takes
/// connections to any of the host's addresses, bound to `127.0.0.1` those of its own host's
/// tasks, bound to the host's address those made to it. Port `0` picks a free port from
/// 49152 up. A connection is accepted by the host's network when its SYN arrives, and waits
/// in the listener's backlog until [`accept`](Self::accept) takes it. Dropping the listener
/// resets the connections nobody took.
///
/// # Examples
///
/// ```
/// use simloop::net::{TcpListener, TcpStream};
///
/// simloop::Sim::new(1).run(async {
///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
///     let addr = listener.local_addr().unwrap();
///     assert_eq!(addr.to_string(), "127.0.0.1:49152");
///     let client = TcpStream::connect(addr).await.unwrap();
///     let (_server, peer) = listener.accept().await.unwrap();
///     assert_eq!(peer, client.local_addr().unwrap());
/// });
/// ```
pub struct TcpListener {
    sim: u64,
    key: SocketKey,
}

impl fmt::Debug for TcpListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpListener").field("addr", &self.local_addr().ok()).finish()
    }
}

impl TcpListener {
    /// Binds a listener on the calling task's host; tries each address `addr` resolves to.
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
    /// use simloop::net::TcpListener;
    /// simloop::Sim::new(1).run(async {
    ///     let _a = TcpListener::bind("0.0.0.0:80").await.unwrap();
    ///     let err = TcpListener::bind("0.0.0.0:80").await.unwrap_err();
    ///     assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
    /// });
    /// ```
    pub async fn bind<A: ToSocketAddrs>(addr: A) -> io::Result<Self> {
        let addrs = resolve(&addr, "simloop::net::TcpListener::bind")?;
        let mut last = None;
        for addr in addrs {
            let bound = context::with("simloop::net::TcpListener::bind", |core| {
                core.net_bind_listener(addr).map(|(key, _)| (core.sim_id(), key))
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

    /// Waits for a connection; returns its stream and the address of its other end.
    ///
    /// # Errors
    ///
    /// [`ConnectionAborted`](io::ErrorKind::ConnectionAborted) once the listener's host
    /// crashed.
    ///
    /// # Cancellation
    ///
    /// Cancel safe: a connection is taken from the backlog only when returned.
    ///
    /// # Examples
    ///
    /// See [`TcpListener`].
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        poll_fn(|cx| self.poll_accept(cx)).await
    }

    /// [`accept`](Self::accept) as a poll function.
    ///
    /// # Errors
    ///
    /// As [`accept`](Self::accept).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use simloop::net::{TcpListener, TcpStream};
    /// simloop::Sim::new(1).run(async {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let _client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    ///     assert!(poll_fn(|cx| listener.poll_accept(cx)).await.is_ok());
    /// });
    /// ```
    pub fn poll_accept(&self, cx: &mut Context<'_>) -> Poll<io::Result<(TcpStream, SocketAddr)>> {
        let accepted = on_sim!(self, "polling `TcpListener::accept`", |core| {
            core.net_poll_accept(self.key, cx.waker())
        });
        accepted
            .map(|r| r.map(|(key, peer)| (TcpStream::from_side(Side::new(self.sim, key, 1)), peer)))
    }

    /// The address the listener is bound to, with its port.
    ///
    /// # Errors
    ///
    /// [`NotConnected`](io::ErrorKind::NotConnected) once the listener's host crashed.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let listener = simloop::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    ///     assert_eq!(listener.local_addr().unwrap().port(), 8080);
    /// });
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        on_sim!(self, "simloop::net::TcpListener::local_addr", |core| core
            .net_listener_addr(self.key))
    }
}

impl Drop for TcpListener {
    fn drop(&mut self) {
        let wakers = context::with_sim(self.sim, |core| core.net_close_listener(self.key));
        for waker in wakers.unwrap_or_default() {
            waker.wake();
        }
    }
}
