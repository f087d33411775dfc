//! Readiness as tokio's sockets speak it: the engine's [`Readiness`] as tokio's `Ready`, and
//! the `try_` calls' [`WouldBlock`](std::io::ErrorKind::WouldBlock).

use std::io;
use std::task::Poll;

use tokio::io::{Interest, Ready};

use crate::runtime::Readiness;

/// What a `try_` call returns for a poll: `Pending` is
/// [`WouldBlock`](io::ErrorKind::WouldBlock).
pub(crate) fn try_now<T>(poll: Poll<io::Result<T>>) -> io::Result<T> {
    match poll {
        Poll::Ready(result) => result,
        Poll::Pending => Err(io::Error::new(io::ErrorKind::WouldBlock, "the operation would wait")),
    }
}

/// tokio's `Ready` for what the engine says, limited to `interest`; empty when none of it.
pub(crate) fn ready_of(r: Readiness, interest: Interest) -> Ready {
    let mut ready = Ready::EMPTY;
    if interest.is_readable() {
        if r.readable || r.read_closed {
            ready |= Ready::READABLE;
        }
        if r.read_closed {
            ready |= Ready::READ_CLOSED;
        }
    }
    if interest.is_writable() {
        if r.writable || r.write_closed {
            ready |= Ready::WRITABLE;
        }
        if r.write_closed {
            ready |= Ready::WRITE_CLOSED;
        }
    }
    ready
}

/// `Pending` for an empty readiness.
pub(crate) fn poll_of(r: Readiness, interest: Interest) -> Poll<io::Result<Ready>> {
    let ready = ready_of(r, interest);
    if ready.is_empty() { Poll::Pending } else { Poll::Ready(Ok(ready)) }
}
