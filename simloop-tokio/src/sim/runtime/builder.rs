//! `Builder`: the settings of a runtime.

use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use super::{Config, Runtime};

/// Builds a [`Runtime`]; tokio's `runtime::Builder`.
///
/// Every runtime is a simulation on the calling thread: [`new_multi_thread`] builds one too
/// (single-threaded, with tokio's rules for its flavor: `time::pause` panics), and the thread
/// and driver settings are accepted and ignored. [`seed`](Self::seed) is the facade's own.
///
/// [`new_multi_thread`]: Self::new_multi_thread
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// let rt = tokio::runtime::Builder::new_multi_thread()
///     .worker_threads(4)
///     .enable_all()
///     .build()
///     .unwrap();
/// assert_eq!(rt.block_on(async { tokio::spawn(async { 1 }).await.unwrap() }), 1);
/// ```
pub struct Builder {
    config: Config,
}

impl Builder {
    fn new(multi_thread: bool) -> Self {
        Self { config: Config { multi_thread, ..Config::default() } }
    }

    /// A current-thread runtime.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// # drop(rt);
    /// ```
    pub fn new_current_thread() -> Self {
        Self::new(false)
    }

    /// A "multi-thread" runtime: in a simulation it runs on the calling thread alone.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Builder::new_multi_thread().build().unwrap();
    /// # drop(rt);
    /// ```
    pub fn new_multi_thread() -> Self {
        Self::new(true)
    }

    /// The seed of the runtime's simulations (the facade's own setting); by default
    /// [`simloop::Explorer::DEFAULT_BASE_SEED`]. `SIMLOOP_SEED` beats it.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[cfg(simloop)]
    /// let rt = tokio::runtime::Builder::new_current_thread().seed(7).build().unwrap();
    /// # #[cfg(simloop)]
    /// assert_eq!(rt.block_on(async { 1 }), 1);
    /// ```
    pub fn seed(&mut self, seed: u64) -> &mut Self {
        self.config.seed = Some(seed);
        self
    }

    /// Starts the runtime with time frozen (tokio's paused clock).
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Builder::new_current_thread().start_paused(true).build().unwrap();
    /// rt.block_on(async { tokio::time::advance(std::time::Duration::from_secs(1)).await });
    /// ```
    pub fn start_paused(&mut self, start_paused: bool) -> &mut Self {
        self.config.start_paused = start_paused;
        self
    }

    /// The runtime's name, as [`Handle::name`](super::Handle::name) gives it.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Builder::new_current_thread().name("svc").build().unwrap();
    /// assert_eq!(rt.handle().name(), Some("svc"));
    /// ```
    pub fn name(&mut self, name: impl Into<String>) -> &mut Self {
        self.config.name = Some(name.into());
        self
    }

    /// Builds the runtime.
    ///
    /// # Errors
    ///
    /// Never fails in a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// # drop(rt);
    /// ```
    pub fn build(&mut self) -> io::Result<Runtime> {
        Ok(Runtime::from_config(Arc::new(self.config.clone())))
    }
}

/// The settings that change nothing in a simulation: accepted, so that tokio code builds.
macro_rules! ignored {
    ($( $(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) = [$($example:tt)*]; )*) => {
        impl Builder {
            $(
                $(#[$doc])*
                ///
                /// Accepted and ignored in a simulation.
                ///
                /// # Examples
                ///
                /// ```
                /// # extern crate simloop_tokio as tokio;
                #[doc = concat!(
                    "let rt = tokio::runtime::Builder::new_multi_thread().",
                    stringify!($name), "(", stringify!($($example)*), ").build().unwrap();"
                )]
                /// assert_eq!(rt.block_on(async { 1 }), 1);
                /// ```
                pub fn $name(&mut self, $($arg: $ty),*) -> &mut Self {
                    $(let _ = $arg;)*
                    self
                }
            )*
        }
    };
}

ignored! {
    /// Enables the I/O and time drivers.
    enable_all() = [];
    /// Enables the I/O driver.
    enable_io() = [];
    /// Enables the time driver.
    enable_time() = [];
    /// The number of worker threads.
    worker_threads(n: usize) = [4];
    /// The number of blocking threads.
    max_blocking_threads(n: usize) = [16];
    /// The name of the runtime's threads.
    thread_name(name: impl Into<String>) = ["worker"];
    /// The names of the runtime's threads.
    thread_name_fn(f: impl Fn() -> String + Send + Sync + 'static) = [|| "worker".to_owned()];
    /// The stack size of the runtime's threads.
    thread_stack_size(size: usize) = [1 << 20];
    /// A callback when a thread starts.
    on_thread_start(f: impl Fn() + Send + Sync + 'static) = [|| {}];
    /// A callback when a thread stops.
    on_thread_stop(f: impl Fn() + Send + Sync + 'static) = [|| {}];
    /// A callback when a thread parks.
    on_thread_park(f: impl Fn() + Send + Sync + 'static) = [|| {}];
    /// A callback when a thread unparks.
    on_thread_unpark(f: impl Fn() + Send + Sync + 'static) = [|| {}];
    /// How long idle blocking threads live.
    thread_keep_alive(duration: Duration) = [std::time::Duration::from_secs(10)];
    /// How often the global queue is polled.
    global_queue_interval(ticks: u32) = [31];
    /// How often the drivers are polled.
    event_interval(ticks: u32) = [61];
    /// How many I/O events one tick handles.
    max_io_events_per_tick(capacity: usize) = [1024];
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder").field("config", &self.config).finish()
    }
}
