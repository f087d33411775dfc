//! The main future of a facade simulation: installs the runtime's state for the run.

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::sim::context::{self, RuntimeState};

/// A panic's payload.
pub(crate) type Payload = Box<dyn Any + Send + 'static>;

pin_project! {
    /// Runs `future` as the main future of a simulation started by the facade: the runtime's
    /// state is installed at the first poll and removed when the future completes or is
    /// dropped. With `catch`, a panic of the future is its output (`block_on` resumes it, as
    /// tokio's does, with its payload and without a second report).
    pub(crate) struct MainFuture<F> {
        #[pin]
        future: F,
        state: Option<RuntimeState>,
        installed: bool,
        catch: bool,
    }

    impl<F> PinnedDrop for MainFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            if *this.project().installed {
                context::install(None);
            }
        }
    }
}

impl<F> MainFuture<F> {
    pub(crate) fn new(state: RuntimeState, future: F, catch: bool) -> Self {
        Self { future, state: Some(state), installed: false, catch }
    }
}

impl<F: Future> Future for MainFuture<F> {
    type Output = Result<F::Output, Payload>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if !*this.installed {
            *this.installed = true;
            context::install(this.state.take());
        }
        let future = this.future;
        let poll = if *this.catch {
            match catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
                Ok(poll) => poll.map(Ok),
                Err(payload) => Poll::Ready(Err(payload)),
            }
        } else {
            future.poll(cx).map(Ok)
        };
        if poll.is_ready() {
            *this.installed = false;
            context::install(None);
        }
        poll
    }
}
