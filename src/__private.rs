//! What the expansions of `select!` and `join!` use. Not public API: no stability promise.

pub use std::future::{Future, IntoFuture, poll_fn};
pub use std::option::Option::{self, None, Some};
pub use std::pin::pin;
pub use std::task::Poll;

use crate::runtime::context;

/// Fills `order` with the order in which to poll the branches this time: the written order
/// when `biased`, a permutation drawn from the simulation's branch stream otherwise.
///
/// # Panics
///
/// Panics when not biased and called outside a simulation, naming `what`.
#[track_caller]
pub fn branch_order(order: &mut [usize], biased: bool, what: &str) {
    if biased {
        return;
    }
    context::with(what, |core| core.branch_order(order));
}

/// Whether the `buggify!` at the caller's site fires now; `false` outside a simulation.
#[track_caller]
pub fn buggify() -> bool {
    let site = std::panic::Location::caller();
    context::with_current(|core| core.buggify_at(site)).unwrap_or(false)
}

/// A duration of `#[simloop::test(max_time = "1h")]` and the like, which the attribute checked.
///
/// # Panics
///
/// Panics when `text` is not a duration (the attribute lets none through).
pub fn duration(text: &str) -> std::time::Duration {
    match crate::env::parse_duration(text) {
        Ok(duration) => duration,
        Err(err) => panic!("simloop: `#[simloop::test]` duration: {err}"),
    }
}
