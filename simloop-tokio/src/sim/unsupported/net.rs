//! What `tokio::net` has that the simulated network does not: `TcpSocket` and the Unix
//! sockets. Using them panics, naming the item, before any socket is made.
//!
//! # Examples
//!
//! ```should_panic
//! # extern crate simloop_tokio as tokio;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let _ = tokio::net::TcpSocket::new_v4(); // panics: not simulated
//! # }
//! ```

use std::io;
use std::net::SocketAddr;

use simloop::net::{TcpListener, TcpStream};

use super::{stand_in, unsupported};

stand_in! {
    /// tokio's `net::TcpSocket`.
    TcpSocket;
}

impl TcpSocket {
    /// tokio's `TcpSocket::new_v4`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// let _ = tokio::net::TcpSocket::new_v4(); // panics: not simulated
    /// ```
    pub fn new_v4() -> io::Result<Self> {
        unsupported("tokio::net::TcpSocket::new_v4")
    }

    /// tokio's `TcpSocket::new_v6`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// let _ = tokio::net::TcpSocket::new_v6(); // panics: not simulated
    /// ```
    pub fn new_v6() -> io::Result<Self> {
        unsupported("tokio::net::TcpSocket::new_v6")
    }

    /// tokio's `TcpSocket::bind`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpSocket) {
    /// let _ = x.bind("127.0.0.1:0".parse::<std::net::SocketAddr>().unwrap()); // never runs: no `TcpSocket` can be made in a simulation
    /// # }
    /// ```
    pub fn bind(&self, addr: SocketAddr) -> io::Result<()> {
        let _ = addr;
        match self.never {}
    }

    /// tokio's `TcpSocket::connect`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpSocket) {
    /// let _ = x.connect("127.0.0.1:0".parse::<std::net::SocketAddr>().unwrap()).await; // never runs: no `TcpSocket` can be made in a simulation
    /// # }
    /// ```
    pub async fn connect(self, addr: SocketAddr) -> io::Result<TcpStream> {
        let _ = addr;
        match self.never {}
    }

    /// tokio's `TcpSocket::listen`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpSocket) {
    /// let _ = x.listen(1); // never runs: no `TcpSocket` can be made in a simulation
    /// # }
    /// ```
    pub fn listen(self, backlog: u32) -> io::Result<TcpListener> {
        let _ = backlog;
        match self.never {}
    }
}

#[cfg(unix)]
pub use unix::{UnixDatagram, UnixListener, UnixStream};

#[cfg(unix)]
mod unix {
    use std::io;
    use std::path::Path;

    use super::super::{async_read, async_write, stand_in, unsupported};

    stand_in! {
        /// tokio's `net::UnixListener`.
        UnixListener;
        /// tokio's `net::UnixStream`.
        UnixStream;
        /// tokio's `net::UnixDatagram`.
        UnixDatagram;
    }
    async_read!(UnixStream);
    async_write!(UnixStream);

    impl UnixListener {
        /// tokio's `UnixListener::bind`: not simulated.
        ///
        /// # Panics
        ///
        /// Always, naming the function.
        ///
        /// # Examples
        ///
        /// ```should_panic
        /// # extern crate simloop_tokio as tokio;
        /// let _ = tokio::net::UnixListener::bind("x"); // panics: not simulated
        /// ```
        pub fn bind(path: impl AsRef<Path>) -> io::Result<Self> {
            let _ = path;
            unsupported("tokio::net::UnixListener::bind")
        }

        /// tokio's `UnixListener::accept`.
        ///
        /// # Examples
        ///
        /// ```no_run
        /// # extern crate simloop_tokio as tokio;
        /// # #[allow(dead_code)]
        /// # async fn doc(x: tokio::net::UnixListener) {
        /// let _ = x.accept().await; // never runs: no `UnixListener` can be made in a simulation
        /// # }
        /// ```
        pub async fn accept(&self) -> io::Result<(UnixStream, real_tokio::net::unix::SocketAddr)> {
            match self.never {}
        }
    }

    impl UnixStream {
        /// tokio's `UnixStream::connect`: not simulated.
        ///
        /// # Panics
        ///
        /// Always, naming the function.
        ///
        /// # Examples
        ///
        /// ```should_panic
        /// # extern crate simloop_tokio as tokio;
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() {
        /// let _ = tokio::net::UnixStream::connect("x").await; // panics: not simulated
        /// # }
        /// ```
        pub async fn connect(path: impl AsRef<Path>) -> io::Result<Self> {
            let _ = path;
            unsupported("tokio::net::UnixStream::connect")
        }
    }

    impl UnixDatagram {
        /// tokio's `UnixDatagram::pair`: not simulated.
        ///
        /// # Panics
        ///
        /// Always, naming the function.
        ///
        /// # Examples
        ///
        /// ```should_panic
        /// # extern crate simloop_tokio as tokio;
        /// let _ = tokio::net::UnixDatagram::pair(); // panics: not simulated
        /// ```
        pub fn pair() -> io::Result<(Self, Self)> {
            unsupported("tokio::net::UnixDatagram::pair")
        }

        /// tokio's `UnixDatagram::bind`: not simulated.
        ///
        /// # Panics
        ///
        /// Always, naming the function.
        ///
        /// # Examples
        ///
        /// ```should_panic
        /// # extern crate simloop_tokio as tokio;
        /// let _ = tokio::net::UnixDatagram::bind("x"); // panics: not simulated
        /// ```
        pub fn bind(path: impl AsRef<Path>) -> io::Result<Self> {
            let _ = path;
            unsupported("tokio::net::UnixDatagram::bind")
        }

        /// tokio's `UnixDatagram::unbound`: not simulated.
        ///
        /// # Panics
        ///
        /// Always, naming the function.
        ///
        /// # Examples
        ///
        /// ```should_panic
        /// # extern crate simloop_tokio as tokio;
        /// let _ = tokio::net::UnixDatagram::unbound(); // panics: not simulated
        /// ```
        pub fn unbound() -> io::Result<Self> {
            unsupported("tokio::net::UnixDatagram::unbound")
        }

        /// tokio's `UnixDatagram::send`.
        ///
        /// # Examples
        ///
        /// ```no_run
        /// # extern crate simloop_tokio as tokio;
        /// # #[allow(dead_code)]
        /// # async fn doc(x: tokio::net::UnixDatagram) {
        /// let _ = x.send(&[1]).await; // never runs: no `UnixDatagram` can be made in a simulation
        /// # }
        /// ```
        pub async fn send(&self, buf: &[u8]) -> io::Result<usize> {
            let _ = buf;
            match self.never {}
        }

        /// tokio's `UnixDatagram::recv`.
        ///
        /// # Examples
        ///
        /// ```no_run
        /// # extern crate simloop_tokio as tokio;
        /// # #[allow(dead_code)]
        /// # async fn doc(x: tokio::net::UnixDatagram) {
        /// let _ = x.recv(&mut [0u8; 4]).await; // never runs: no `UnixDatagram` can be made in a simulation
        /// # }
        /// ```
        pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
            let _ = buf;
            match self.never {}
        }

        /// tokio's `UnixDatagram::connect`.
        ///
        /// # Examples
        ///
        /// ```no_run
        /// # extern crate simloop_tokio as tokio;
        /// # #[allow(dead_code)]
        /// # async fn doc(x: tokio::net::UnixDatagram) {
        /// let _ = x.connect("x"); // never runs: no `UnixDatagram` can be made in a simulation
        /// # }
        /// ```
        pub fn connect(&self, path: impl AsRef<Path>) -> io::Result<()> {
            let _ = path;
            match self.never {}
        }
    }
}
