//! TCP: [`TcpListener`], [`TcpStream`] and the halves of a stream (tokio's `net::tcp`).

mod listener;
mod socket;
mod split;
mod stream;

pub use listener::TcpListener;
pub use split::{OwnedReadHalf, OwnedWriteHalf, ReadHalf, ReuniteError, WriteHalf};
pub use stream::TcpStream;
