//! Events of the code under test.

/// Records an event of the code under test in the simulation's trace, at the current virtual
/// time, for the current task: `simloop::event!("cache miss for {}", key)`.
///
/// Takes `format!` arguments. Outside a simulation it does nothing, so library code may call
/// it unconditionally. The text is kept in the trace (and its compact view), not in the
/// digest: only the event's presence is part of the fingerprint.
///
/// # Examples
///
/// ```
/// let outcome = simloop::Sim::new(1).trace(true).try_run(async {
///     let key = "user:42";
///     simloop::event!("cache miss for {}", key);
/// }).unwrap();
/// assert!(outcome.trace().to_string().contains("main  event: cache miss for user:42"));
/// simloop::event!("outside a simulation: ignored");
/// ```
#[macro_export]
macro_rules! event {
    ($($arg:tt)+) => {
        $crate::trace::__record_event(::std::format!($($arg)+))
    };
}

/// The plumbing of [`event!`](crate::event).
#[doc(hidden)]
pub fn __record_event(message: String) {
    crate::runtime::context::with_current(|core| core.user_event(message));
}
