//! `select!`, `join!` and `try_join!`: simloop's, whose branch order is drawn from the seed.

/// Waits on several futures, runs the handler of the first to complete; tokio's `select!`,
/// with its whole syntax (`biased;`, `, if` preconditions, `else`, refutable patterns).
///
/// As `simloop::select!` does, each poll draws the order of the branches from the seed
/// (simloop's branch stream), so every branch ready at once wins under some seed, and the
/// seed replays the choice; `biased;` polls them in the written order. A procedural macro,
/// so that tokio's limit of 64 branches is reachable.
///
/// # Panics
///
/// Panics when every branch is disabled and there is no `else`, and when polled outside a
/// simulation (unless `biased;`).
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let winner = tokio::select! {
///     _ = tokio::time::sleep(Duration::from_secs(2)) => "slow",
///     _ = tokio::time::sleep(Duration::from_secs(1)) => "fast",
/// };
/// assert_eq!(winner, "fast");
/// # }
/// ```
#[macro_export]
macro_rules! select {
    ($($tokens:tt)*) => { $crate::__private::__select!(($crate) $($tokens)*) };
}

/// Polls several futures concurrently on the current task and gives all their outputs;
/// tokio's `join!`.
///
/// It is `simloop::join!`: each poll draws the order of the futures from the seed;
/// `biased;` keeps the written order.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let (a, b) = tokio::join!(async { 1 }, async { "two" });
/// assert_eq!((a, b), (1, "two"));
/// # }
/// ```
#[macro_export]
macro_rules! join {
    () => { () };
    (biased;) => { () };
    ($($tokens:tt)*) => { $crate::__private::simloop::join!($($tokens)*) };
}

/// Polls several fallible futures concurrently; the first `Err` ends it; tokio's
/// `try_join!`.
///
/// Each poll draws the order of the futures from the seed; `biased;` keeps the written order.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let ok: Result<(u8, u8), &str> = tokio::try_join!(async { Ok(1) }, async { Ok(2) });
/// assert_eq!(ok, Ok((1, 2)));
/// let err: Result<(u8, u8), &str> = tokio::try_join!(async { Ok(1) }, async { Err("no") });
/// assert_eq!(err, Err("no"));
/// # }
/// ```
#[macro_export]
macro_rules! try_join {
    ($($tokens:tt)*) => { $crate::__private::__try_join!(($crate) $($tokens)*) };
}
