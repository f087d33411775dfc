//! `tokio::net`: not simulated (until simloop's network lands). Binding, connecting and
//! resolving panic, naming the function, before any socket is made.
//!
//! # Examples
//!
//! ```should_panic
//! # extern crate simloop_tokio as tokio;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let _ = tokio::net::TcpListener::bind("127.0.0.1:0").await; // panics: not simulated
//! # }
//! ```

use std::io;
use std::net::SocketAddr;

pub use real_tokio::net::ToSocketAddrs;

use super::{async_read, async_write, stand_in, unsupported};

stand_in! {
    /// tokio's `net::TcpListener`.
    TcpListener;
    /// tokio's `net::TcpStream`.
    TcpStream;
    /// tokio's `net::TcpSocket`.
    TcpSocket;
    /// tokio's `net::UdpSocket`.
    UdpSocket;
}
async_read!(TcpStream);
async_write!(TcpStream);

/// tokio's `net::lookup_host`: not simulated.
///
/// # Panics
///
/// Always, naming the function.
pub async fn lookup_host<T: ToSocketAddrs>(host: T) -> io::Result<std::vec::IntoIter<SocketAddr>> {
    let _ = host;
    unsupported("tokio::net::lookup_host")
}

impl TcpListener {
    /// tokio's `TcpListener::bind`: not simulated.
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
    /// let _ = tokio::net::TcpListener::bind("127.0.0.1:0").await; // panics: not simulated
    /// # }
    /// ```
    pub async fn bind<A: ToSocketAddrs>(addr: A) -> io::Result<Self> {
        let _ = addr;
        unsupported("tokio::net::TcpListener::bind")
    }

    /// tokio's `TcpListener::from_std`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # fn doc(std: std::net::TcpListener) {
    /// let _ = tokio::net::TcpListener::from_std(std); // panics: not simulated
    /// # }
    /// ```
    pub fn from_std(listener: std::net::TcpListener) -> io::Result<Self> {
        let _ = listener;
        unsupported("tokio::net::TcpListener::from_std")
    }

    /// tokio's `TcpListener::accept`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpListener) {
    /// let _ = x.accept().await; // never runs: no `TcpListener` can be made in a simulation
    /// # }
    /// ```
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        match self.never {}
    }

    /// tokio's `TcpListener::local_addr`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpListener) {
    /// let _ = x.local_addr(); // never runs: no `TcpListener` can be made in a simulation
    /// # }
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        match self.never {}
    }
}

impl TcpStream {
    /// tokio's `TcpStream::connect`: not simulated.
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
    /// let _ = tokio::net::TcpStream::connect("127.0.0.1:0").await; // panics: not simulated
    /// # }
    /// ```
    pub async fn connect<A: ToSocketAddrs>(addr: A) -> io::Result<Self> {
        let _ = addr;
        unsupported("tokio::net::TcpStream::connect")
    }

    /// tokio's `TcpStream::from_std`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # fn doc(std: std::net::TcpStream) {
    /// let _ = tokio::net::TcpStream::from_std(std); // panics: not simulated
    /// # }
    /// ```
    pub fn from_std(stream: std::net::TcpStream) -> io::Result<Self> {
        let _ = stream;
        unsupported("tokio::net::TcpStream::from_std")
    }

    /// tokio's `TcpStream::local_addr`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpStream) {
    /// let _ = x.local_addr(); // never runs: no `TcpStream` can be made in a simulation
    /// # }
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        match self.never {}
    }

    /// tokio's `TcpStream::peer_addr`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpStream) {
    /// let _ = x.peer_addr(); // never runs: no `TcpStream` can be made in a simulation
    /// # }
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        match self.never {}
    }

    /// tokio's `TcpStream::set_nodelay`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpStream) {
    /// let _ = x.set_nodelay(true); // never runs: no `TcpStream` can be made in a simulation
    /// # }
    /// ```
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        let _ = nodelay;
        match self.never {}
    }

    /// tokio's `TcpStream::into_split`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::TcpStream) {
    /// let _ = x.into_split(); // never runs: no `TcpStream` can be made in a simulation
    /// # }
    /// ```
    pub fn into_split(self) -> (tcp::OwnedReadHalf, tcp::OwnedWriteHalf) {
        match self.never {}
    }
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

impl UdpSocket {
    /// tokio's `UdpSocket::bind`: not simulated.
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
    /// let _ = tokio::net::UdpSocket::bind("127.0.0.1:0").await; // panics: not simulated
    /// # }
    /// ```
    pub async fn bind<A: ToSocketAddrs>(addr: A) -> io::Result<Self> {
        let _ = addr;
        unsupported("tokio::net::UdpSocket::bind")
    }

    /// tokio's `UdpSocket::connect`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::UdpSocket) {
    /// let _ = x.connect("127.0.0.1:0").await; // never runs: no `UdpSocket` can be made in a simulation
    /// # }
    /// ```
    pub async fn connect<A: ToSocketAddrs>(&self, addr: A) -> io::Result<()> {
        let _ = addr;
        match self.never {}
    }

    /// tokio's `UdpSocket::send`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::UdpSocket) {
    /// let _ = x.send(&[1]).await; // never runs: no `UdpSocket` can be made in a simulation
    /// # }
    /// ```
    pub async fn send(&self, buf: &[u8]) -> io::Result<usize> {
        let _ = buf;
        match self.never {}
    }

    /// tokio's `UdpSocket::recv`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::UdpSocket) {
    /// let _ = x.recv(&mut [0u8; 4]).await; // never runs: no `UdpSocket` can be made in a simulation
    /// # }
    /// ```
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        let _ = buf;
        match self.never {}
    }

    /// tokio's `UdpSocket::send_to`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::UdpSocket) {
    /// let _ = x.send_to(&[1], "127.0.0.1:0").await; // never runs: no `UdpSocket` can be made in a simulation
    /// # }
    /// ```
    pub async fn send_to<A: ToSocketAddrs>(&self, buf: &[u8], target: A) -> io::Result<usize> {
        let _ = (buf, target);
        match self.never {}
    }

    /// tokio's `UdpSocket::recv_from`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::UdpSocket) {
    /// let _ = x.recv_from(&mut [0u8; 4]).await; // never runs: no `UdpSocket` can be made in a simulation
    /// # }
    /// ```
    pub async fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        let _ = buf;
        match self.never {}
    }

    /// tokio's `UdpSocket::local_addr`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::net::UdpSocket) {
    /// let _ = x.local_addr(); // never runs: no `UdpSocket` can be made in a simulation
    /// # }
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        match self.never {}
    }
}

/// tokio's `net::tcp`: the halves of a [`TcpStream`].
pub mod tcp {
    use super::super::{async_read, async_write, stand_in};

    stand_in! {
        /// tokio's `tcp::OwnedReadHalf`.
        OwnedReadHalf;
        /// tokio's `tcp::OwnedWriteHalf`.
        OwnedWriteHalf;
    }
    async_read!(OwnedReadHalf);
    async_write!(OwnedWriteHalf);
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
