//! Runtimes: each `block_on` runs one simulation.
//!
//! A [`Runtime`] holds settings, not threads: [`Runtime::block_on`] runs its future as the
//! main future of a fresh simulation (`simloop::Sim`) on the calling thread, with the
//! runtime's seed, and returns its output. Tasks spawned inside live as long as that
//! simulation: they do not carry over to the next `block_on`.

mod builder;
mod main;

use std::fmt;
use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

pub use builder::Builder;
pub(crate) use main::MainFuture;
pub use real_tokio::runtime::{RuntimeFlavor, TryCurrentError};

use crate::sim::context::{self, RuntimeState};
use crate::task::JoinHandle;

/// The settings of a runtime.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub(crate) multi_thread: bool,
    pub(crate) start_paused: bool,
    pub(crate) name: Option<String>,
    pub(crate) seed: Option<u64>,
    /// tokio's `LocalRuntime` (`flavor = "local"`): the main future runs in a `LocalSet`.
    pub(crate) local: bool,
}

impl Config {
    pub(crate) fn state(&self) -> RuntimeState {
        RuntimeState {
            multi_thread: self.multi_thread,
            paused: self.start_paused,
            name: self.name.clone(),
            ..RuntimeState::default()
        }
    }

    /// Runs `future` in a fresh simulation with these settings; a panic of the future is
    /// resumed as it was raised.
    #[track_caller]
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        if context::in_runtime() {
            panic!(
                "Cannot start a runtime from within a runtime. This happens because a function \
                 (like `block_on`) attempted to block the current thread while the thread is \
                 being used to drive asynchronous tasks."
            );
        }
        let seed = self.seed.unwrap_or(simloop::Explorer::DEFAULT_BASE_SEED);
        let main = MainFuture::new(self.state(), self.local(future), true);
        match simloop::Sim::new(seed).run(main) {
            Ok(output) => output,
            Err(payload) => {
                // simloop keeps panics inside a simulation quiet; say what this one was.
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned());
                if let Some(message) = message {
                    eprintln!("simloop-tokio: the future given to `block_on` panicked: {message}");
                }
                std::panic::resume_unwind(payload)
            }
        }
    }

    /// `future`, inside a `LocalSet` for a local runtime.
    pub(crate) fn local<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
        let local = self.local.then(crate::task::LocalSet::new);
        async move {
            match local {
                Some(local) => local.run_until(future).await,
                None => future.await,
            }
        }
    }
}

/// A runtime: the settings of the simulations its `block_on` runs; tokio's
/// `runtime::Runtime`.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
///
/// let rt = tokio::runtime::Runtime::new().unwrap();
/// let waited = rt.block_on(async {
///     let start = tokio::time::Instant::now();
///     tokio::time::sleep(Duration::from_secs(60)).await;
///     start.elapsed()
/// });
/// assert_eq!(waited, Duration::from_secs(60));
/// ```
pub struct Runtime {
    handle: Handle,
}

impl Runtime {
    pub(crate) fn from_config(config: Arc<Config>) -> Self {
        Self { handle: Handle { config } }
    }

    /// A "multi-thread" runtime (single-threaded in a simulation).
    ///
    /// # Errors
    ///
    /// Never fails in a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// assert_eq!(rt.block_on(async { 5 }), 5);
    /// ```
    pub fn new() -> io::Result<Self> {
        Builder::new_multi_thread().build()
    }

    /// Runs `future` to completion as the main future of a fresh simulation.
    ///
    /// # Panics
    ///
    /// Resumes a panic of `future`; panics with simloop's report when the simulation fails
    /// (a deadlock, a step limit), and when called inside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// assert_eq!(rt.block_on(async { tokio::spawn(async { 2 }).await.unwrap() }), 2);
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.handle.config.block_on(future)
    }

    /// Spawns a task on the running simulation.
    ///
    /// # Panics
    ///
    /// Panics outside `block_on`: a task lives in the simulation of one `block_on`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// rt.block_on(async {
    ///     let rt = tokio::runtime::Handle::current();
    ///     assert_eq!(rt.spawn(async { 1 }).await.unwrap(), 1);
    /// });
    /// ```
    #[track_caller]
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        assert!(
            context::in_runtime(),
            "simloop-tokio: `Runtime::spawn` called outside `block_on`: in a simulation a task \
             lives in the simulation of one `block_on`\nhint: spawn it inside the future given \
             to `block_on`"
        );
        self.handle.spawn(future)
    }

    /// Runs a blocking closure as a task of the running simulation.
    ///
    /// # Panics
    ///
    /// Panics outside `block_on`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// let n = rt.block_on(async { tokio::task::spawn_blocking(|| 3).await.unwrap() });
    /// assert_eq!(n, 3);
    /// ```
    #[track_caller]
    pub fn spawn_blocking<F, R>(&self, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.handle.spawn_blocking(f)
    }

    /// The runtime's handle.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// let handle = rt.handle().clone();
    /// assert_eq!(handle.block_on(async { 4 }), 4);
    /// ```
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Enters the runtime's context (a no-op in a simulation).
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// let _guard = rt.enter();
    /// ```
    pub fn enter(&self) -> EnterGuard<'_> {
        self.handle.enter()
    }

    /// Shuts the runtime down; its simulations have ended already.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// rt.shutdown_timeout(std::time::Duration::from_secs(1));
    /// ```
    pub fn shutdown_timeout(self, duration: Duration) {
        let _ = duration;
    }

    /// Shuts the runtime down; its simulations have ended already.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// tokio::runtime::Runtime::new().unwrap().shutdown_background();
    /// ```
    pub fn shutdown_background(self) {}
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime").field("config", &self.handle.config).finish()
    }
}

/// A handle to the runtime; tokio's `runtime::Handle`.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let handle = tokio::runtime::Handle::current();
/// assert_eq!(handle.spawn(async { 1 }).await.unwrap(), 1);
/// # }
/// ```
#[derive(Clone)]
pub struct Handle {
    config: Arc<Config>,
}

impl Handle {
    /// The handle of the runtime running the current simulation.
    ///
    /// # Panics
    ///
    /// Panics outside a facade runtime, with tokio's message.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let _handle = tokio::runtime::Handle::current();
    /// # }
    /// ```
    #[track_caller]
    pub fn current() -> Self {
        match Self::try_current() {
            Ok(handle) => handle,
            Err(_) => panic!(
                "there is no reactor running, must be called from the context of a Tokio 1.x \
                 runtime"
            ),
        }
    }

    /// The handle of the runtime running the current simulation, or an error outside one.
    ///
    /// # Errors
    ///
    /// Outside a facade runtime.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// assert!(tokio::runtime::Handle::try_current().is_err());
    /// ```
    pub fn try_current() -> Result<Self, TryCurrentError> {
        let config = context::with_runtime(|state| {
            state.map(|state| Config {
                multi_thread: state.multi_thread,
                start_paused: state.paused,
                name: state.name.clone(),
                seed: None,
                local: false,
            })
        });
        match config {
            Some(config) => Ok(Self { config: Arc::new(config) }),
            None => Err(real_tokio::runtime::Handle::try_current().expect_err(
                "simloop-tokio: a real tokio runtime runs on this thread; in a simulation \
                 build, run tokio code on the facade's runtime",
            )),
        }
    }

    /// Spawns a task on the running simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::runtime::Handle::current();
    /// assert_eq!(handle.spawn(async { 1 }).await.unwrap(), 1);
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        crate::task::spawn(future)
    }

    /// Runs a blocking closure as a task of the running simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::runtime::Handle::current();
    /// assert_eq!(handle.spawn_blocking(|| 1).await.unwrap(), 1);
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn_blocking<F, R>(&self, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        crate::task::spawn_blocking(f)
    }

    /// Runs `future` in a fresh simulation with the runtime's settings.
    ///
    /// # Panics
    ///
    /// Panics inside a simulation (tokio's "Cannot start a runtime from within a runtime").
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// assert_eq!(rt.handle().block_on(async { 1 }), 1);
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.config.block_on(future)
    }

    /// Enters the runtime's context (a no-op in a simulation).
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// let _guard = rt.handle().enter();
    /// ```
    pub fn enter(&self) -> EnterGuard<'_> {
        EnterGuard { _handle: PhantomData }
    }

    /// The runtime's flavor.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use tokio::runtime::{Handle, RuntimeFlavor};
    /// assert_eq!(Handle::current().runtime_flavor(), RuntimeFlavor::CurrentThread);
    /// # }
    /// ```
    pub fn runtime_flavor(&self) -> RuntimeFlavor {
        if self.config.multi_thread {
            RuntimeFlavor::MultiThread
        } else {
            RuntimeFlavor::CurrentThread
        }
    }

    /// The runtime's name.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Builder::new_current_thread().name("db").build().unwrap();
    /// assert_eq!(rt.handle().name(), Some("db"));
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.config.name.as_deref()
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle").field("config", &self.config).finish()
    }
}

/// The guard of [`Runtime::enter`] and [`Handle::enter`].
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// let rt = tokio::runtime::Runtime::new().unwrap();
/// let guard: tokio::runtime::EnterGuard<'_> = rt.enter();
/// drop(guard);
/// ```
pub struct EnterGuard<'a> {
    _handle: PhantomData<&'a Handle>,
}

impl fmt::Debug for EnterGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnterGuard").finish()
    }
}
