//! The attributes and the `try_join!` of `simloop-tokio` under `--cfg simloop`. Use them
//! through `simloop-tokio` (as `tokio::main`, `tokio::test`, `tokio::try_join!`); this crate
//! holds only the code generation.
//!
//! - `args.rs`: the arguments, tokio's and simloop's, checked, errors on the offending token.
//! - `entry.rs`: what `#[tokio::main]` and `#[tokio::test]` become.
//! - `try_join.rs`: `try_join!` as a loop over `simloop::select!`.

#![forbid(unsafe_code)]

mod args;
mod entry;
mod select;
mod try_join;

use proc_macro::TokenStream;

/// `#[tokio::main]` in a simulation: the function runs its body as the main future of one
/// simulation (`Runtime::block_on`), on virtual time.
///
/// Arguments: tokio's (`flavor`, `worker_threads`, `start_paused`, `crate`, `name`,
/// `unhandled_panic`), and `seed`, the simulation's seed.
#[proc_macro_attribute]
pub fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    entry::main(args.into(), item.into()).into()
}

/// `#[tokio::test]` in a simulation: the test explores its body over many seeds, as
/// `#[simloop::test]` does, with the `SIMLOOP_*` environment.
///
/// Arguments: tokio's (`flavor`, `worker_threads`, `start_paused`, `crate`, `name`,
/// `unhandled_panic`) and `#[simloop::test]`'s (`iterations`, `seed`, `strategy`,
/// `max_steps`, `threads`).
#[proc_macro_attribute]
pub fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    entry::test(args.into(), item.into()).into()
}

/// The expansion of `tokio::select!`: `(path to the facade) [biased;] branches...`.
#[doc(hidden)]
#[proc_macro]
pub fn __select(input: TokenStream) -> TokenStream {
    select::expand(input.into()).into()
}

/// The expansion of `tokio::try_join!`: `(path to the facade) [biased;] futures...`.
#[doc(hidden)]
#[proc_macro]
pub fn __try_join(input: TokenStream) -> TokenStream {
    try_join::expand(input.into()).into()
}
