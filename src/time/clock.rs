//! Reading the virtual clock: [`now`] and [`Instant::elapsed`].

use std::time::Duration;

use super::Instant;
use crate::runtime::context;

/// The current virtual time of the running simulation.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     assert_eq!(time::now(), time::Instant::ZERO);
///     time::sleep(Duration::from_millis(250)).await;
///     assert_eq!(time::now().to_string(), "0.250s");
/// });
/// ```
#[track_caller]
pub fn now() -> Instant {
    context::with("simloop::time::now", |core| core.now())
}

impl Instant {
    /// The virtual time elapsed since `self`.
    ///
    /// # Panics
    ///
    /// Panics when called outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::{Sim, time};
    ///
    /// Sim::new(1).run(async {
    ///     let start = time::now();
    ///     time::sleep(Duration::from_secs(2)).await;
    ///     assert_eq!(start.elapsed(), Duration::from_secs(2));
    /// });
    /// ```
    #[track_caller]
    pub fn elapsed(self) -> Duration {
        now().duration_since(self)
    }
}
