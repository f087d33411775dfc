//! Signals: `ctrl_c`, which a test triggers.
//!
//! A simulation receives no real signal. [`ctrl_c`] waits for [`trigger_ctrl_c`], which a
//! test calls to play the user pressing ctrl-c; untriggered, it stays pending, so a service
//! that waits for ctrl-c to shut down runs until the test says so. The Unix signal streams
//! (`signal::unix`) are not simulated: [`unix::signal`] panics, naming itself.

use std::future::{Future, poll_fn};
use std::io;
use std::task::Poll;

use crate::sim::context;

/// Completes at the next ctrl-c, as a test triggers it with [`trigger_ctrl_c`]; tokio's
/// `signal::ctrl_c`.
///
/// # Errors
///
/// Never fails in a simulation.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let stop = tokio::signal::ctrl_c(); // waits for the next ctrl-c after this call
/// let server = tokio::spawn(async move {
///     stop.await.unwrap();
///     "stopped"
/// });
/// tokio::signal::trigger_ctrl_c(); // the facade's own: a test plays the user
/// assert_eq!(server.await.unwrap(), "stopped");
/// # }
/// ```
pub fn ctrl_c() -> impl Future<Output = io::Result<()>> + Send + 'static {
    // The ctrl-c to wait for is the next one after this call, not after the first poll.
    let seen = context::with_runtime(|state| state.map_or(0, |state| state.ctrl_c));
    poll_fn(move |cx| {
        context::with_runtime(|state| match state {
            Some(state) if state.ctrl_c > seen => Poll::Ready(Ok(())),
            Some(state) => {
                state.ctrl_c_waiters.push(cx.waker().clone());
                Poll::Pending
            }
            None => Poll::Pending,
        })
    })
}

/// Plays a ctrl-c: every [`ctrl_c`] future waiting now completes. The facade's own item, for
/// tests (under `#[cfg(simloop)]`).
///
/// # Panics
///
/// Panics outside a facade runtime.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let waiting = tokio::spawn(tokio::signal::ctrl_c());
/// tokio::signal::trigger_ctrl_c();
/// waiting.await.unwrap().unwrap();
/// # }
/// ```
#[track_caller]
pub fn trigger_ctrl_c() {
    let waiters = context::with_runtime(|state| {
        let state = state.expect(
            "simloop-tokio: `signal::trigger_ctrl_c` called outside a simulation; call it from \
             the test's body",
        );
        state.ctrl_c += 1;
        std::mem::take(&mut state.ctrl_c_waiters)
    });
    for waker in waiters {
        waker.wake();
    }
}

/// Unix signals: not simulated.
#[cfg(all(unix, feature = "signal"))]
pub mod unix {
    pub use real_tokio::signal::unix::SignalKind;

    /// A stream of a Unix signal: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the item.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// use tokio::signal::unix::{SignalKind, signal};
    /// let _ = signal(SignalKind::hangup());
    /// ```
    #[track_caller]
    pub fn signal(kind: SignalKind) -> std::io::Result<real_tokio::signal::unix::Signal> {
        let _ = kind;
        crate::sim::unsupported::unsupported("tokio::signal::unix::signal")
    }
}
