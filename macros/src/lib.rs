//! The `#[simloop::test]` attribute. Use it through the `simloop` crate, which re-exports it
//! as `simloop::test`; this crate holds only the code generation.
//!
//! - `args.rs`: the arguments, parsed and checked, errors spanned on the offending token.
//! - `expand.rs`: the checks of the function and the code it becomes.

#![forbid(unsafe_code)]
#![doc(test(attr(deny(warnings))))]

mod args;
mod expand;

use proc_macro::TokenStream;

/// Turns an `async fn` into a test that explores it across many seeds.
///
/// The function becomes a `#[test]` that runs
/// `simloop::Explorer::new()` + the arguments + `.run(function)`: its body runs in a fresh
/// simulation per seed, on all cores, and the test fails with the report of the first
/// failing seed, including the command that replays it (`SIMLOOP_SEED=<seed> cargo test
/// --test <binary> -- --exact <test>`). The failing seed is kept in
/// `snapshots/seeds/<binary>/<test>.txt` and tried first on every later run. The `SIMLOOP_*` environment variables apply as to any exploration.
///
/// # Arguments
///
/// All optional, as `name = value`:
///
/// | argument | value | sets |
/// | --- | --- | --- |
/// | `iterations` | an integer, at least 1 | `Explorer::iterations` |
/// | `seed` | an integer | `Explorer::base_seed`: the seed the iteration seeds derive from |
/// | `strategy` | `"random"`, `"fifo"`, `"pct"` (depth 3), `"pct:<depth>"`, `"delay"` (2 delays), `"delay:<delays>"`, `"dfs"` (2 preemptions), `"dfs:<preemptions>"`, `"fifo-random-timers"`, `"pos"` or `"portfolio"` | `Explorer::strategy` |
/// | `max_steps` | an integer, at least 1 | `Explorer::max_steps` |
/// | `threads` | an integer, at least 1 | `Explorer::threads` |
/// | `max_time` | a duration as a string: `"90s"`, `"10m"`, `"1h"`, `"500ms"` | `Explorer::max_time` |
/// | `slow_poll` | a duration as a string | `Explorer::slow_poll` |
/// | `watchdog` | a duration as a string, or `"off"` | `Explorer::watchdog` |
/// | `blocking_workers` | an integer, at least 1 | `Explorer::blocking_workers` |
/// | `max_tasks` | an integer, at least 1 | `Explorer::max_tasks` |
/// | `determinism_checks` | an integer, `0` for none | `Explorer::determinism_checks` |
/// | `policy(detector = "policy", ..)` | detectors `unobserved_panic`, `leaked_tasks`, `slow_poll`; policies `"fail"`, `"warn"`, `"allow"` | `Explorer::policy` |
/// | `crate` | a path as a string, such as `"::simloop"` | where to find simloop (for re-exports) |
///
/// The function must be an `async fn` with no arguments and no generics, returning `()` or a
/// `Result<(), E>` with `E: Debug` (an `Err` fails the run, with its value in the report, as
/// with `#[test]`), without a `#[test]` of its own; anything else is a compile error on the
/// offending token. Other attributes (`#[should_panic]`, `#[ignore]`, docs) are kept; a
/// `#[should_panic]` test keeps no regression file (its failures are expected).
///
/// # Examples
///
/// ```
/// #[simloop::test(iterations = 500, strategy = "random", max_steps = 10_000)]
/// async fn two_sleeps_overlap() {
///     let slow = simloop::spawn(simloop::time::sleep(std::time::Duration::from_secs(1)));
///     let fast = simloop::spawn(simloop::time::sleep(std::time::Duration::from_millis(500)));
///     slow.await.unwrap();
///     fast.await.unwrap();
///     assert_eq!(simloop::time::now().to_string(), "1.000s");
/// }
///
/// #[simloop::test(seed = 7, threads = 1, crate = "::simloop")]
/// #[should_panic(expected = "lost")]
/// async fn finds_a_race() {
///     let (tx, rx) = futures::channel::oneshot::channel::<()>();
///     let sender = simloop::spawn(async move { tx.send(()).unwrap() });
///     simloop::yield_now().await;
///     assert!(sender.is_finished(), "lost the race");
///     rx.await.unwrap();
/// }
/// ```
#[proc_macro_attribute]
pub fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::test(args.into(), item.into()).into()
}
