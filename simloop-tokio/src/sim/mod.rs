//! The simulation build: tokio's runtime-facing API over simloop.

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
pub(crate) mod context;
pub mod io;
mod macros;
pub mod runtime;
pub mod signal;
pub mod task;
pub mod time;
mod unsupported;

#[cfg(feature = "fs")]
pub use unsupported::fs;
#[cfg(feature = "net")]
pub mod net;
#[cfg(feature = "process")]
pub use unsupported::process;

#[cfg(feature = "sync")]
pub use real_tokio::sync;
pub use real_tokio::{pin, task_local};

pub use simloop_tokio_macros::{main, test};
pub use task::spawn;
