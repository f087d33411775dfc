//! `tokio::net` under simulation: simloop's simulated network ([`simloop::net`]).
//!
//! Sockets belong to the host of the task that makes them; `127.0.0.1` and `localhost` are
//! that host, so tokio code that binds `127.0.0.1:0` and connects to it works as it is. The
//! streams implement tokio's `AsyncRead`/`AsyncWrite`, so `BufReader`, codecs and
//! `copy_bidirectional` work on them. Latency, loss, partitions and crashes are
//! [`simloop::net`]'s to set. `TcpSocket` and the Unix sockets are not simulated: using them
//! panics, naming the item.
//!
//! # Examples
//!
//! ```
//! # extern crate simloop_tokio as tokio;
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() {
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
//!     let addr = listener.local_addr().unwrap();
//!     let server = tokio::spawn(async move {
//!         let (mut socket, _) = listener.accept().await.unwrap();
//!         let mut buf = [0u8; 4];
//!         socket.read_exact(&mut buf).await.unwrap();
//!         socket.write_all(&buf).await.unwrap();
//!     });
//!     let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
//!     client.write_all(b"ping").await.unwrap();
//!     let mut echo = [0u8; 4];
//!     client.read_exact(&mut echo).await.unwrap();
//!     assert_eq!(&echo, b"ping");
//!     server.await.unwrap();
//! }
//! ```

pub use simloop::net::{TcpListener, TcpStream, ToSocketAddrs, UdpSocket, lookup_host};

pub use super::unsupported::net::{TcpSocket, UnixDatagram, UnixListener, UnixStream};

/// TCP's split halves, as in `tokio::net::tcp`.
pub mod tcp {
    pub use simloop::net::{OwnedReadHalf, OwnedWriteHalf, ReadHalf, ReuniteError, WriteHalf};
}
