//! Task identifiers.

use std::fmt;

/// The identifier of a task within one simulation.
///
/// Ids are given in spawn order: the main future is task `0` (displayed as `main`), the
/// first spawned task is `1`. They are never reused within a simulation, so the same seed
/// gives the same ids.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     assert_eq!(simloop::task::id().to_string(), "main");
///     let h = simloop::spawn(async { simloop::task::id() });
///     assert_eq!(h.id().as_u64(), 1);
///     assert_eq!(h.await.unwrap().to_string(), "task 1");
/// });
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(u64);

impl TaskId {
    pub(crate) const MAIN: Self = Self(0);

    pub(crate) const fn new(n: u64) -> Self {
        Self(n)
    }

    /// The id as a number (`0` for the main future).
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     assert_eq!(simloop::task::id().as_u64(), 0);
    /// });
    /// ```
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    pub(crate) const fn index(self) -> usize {
        self.0 as usize
    }

    /// Whether this is the main future of the simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     assert!(simloop::task::id().is_main());
    /// });
    /// ```
    pub const fn is_main(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_main() { f.pad("main") } else { f.pad(&format!("task {}", self.0)) }
    }
}

impl fmt::Debug for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
