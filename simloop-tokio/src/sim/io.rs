//! tokio's `io`: the traits, utilities and in-memory streams, real tokio's (they need no
//! runtime); the standard streams are not simulated.

pub use real_tokio::io::*;

#[cfg(feature = "io-std")]
mod std_streams {
    use crate::sim::unsupported::unsupported;

    /// tokio's `io::stdin`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// let _ = tokio::io::stdin();
    /// ```
    #[track_caller]
    pub fn stdin() -> real_tokio::io::Stdin {
        unsupported("tokio::io::stdin")
    }

    /// tokio's `io::stdout`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// let _ = tokio::io::stdout();
    /// ```
    #[track_caller]
    pub fn stdout() -> real_tokio::io::Stdout {
        unsupported("tokio::io::stdout")
    }

    /// tokio's `io::stderr`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// let _ = tokio::io::stderr();
    /// ```
    #[track_caller]
    pub fn stderr() -> real_tokio::io::Stderr {
        unsupported("tokio::io::stderr")
    }
}

#[cfg(feature = "io-std")]
pub use std_streams::{stderr, stdin, stdout};
