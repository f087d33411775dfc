//! proptest integration (feature `proptest`): schedules as proptest values, so a property
//! over `(inputs, schedule)` shrinks both together.
//!
//! A seed integer is a poor proptest input: shrinking it toward `0` gives another random
//! schedule, not a simpler one. A [`Tape`] is the schedule itself: shrinking it removes
//! decisions and lowers them toward the default order, which proptest's own `Vec` shrinking
//! does. So [`schedule`] is a strategy of tapes, and a test replays its value with
//! [`Sim::tape`](crate::Sim::tape):
//!
//! ```
//! use proptest::prelude::*;
//! use proptest::test_runner::{RngAlgorithm, TestError, TestRng, TestRunner};
//! use simloop::Sim;
//!
//! /// Two withdrawals of `amount` from a balance of 100; each checks, awaits, then takes. The
//! /// second arrives two awaits later: in the default order it sees the first one's debit.
//! async fn withdraw_twice(amount: i64) -> i64 {
//!     let balance = std::rc::Rc::new(std::cell::Cell::new(100i64));
//!     let withdrawals: Vec<_> = (0..2).map(|i| {
//!         let balance = balance.clone();
//!         simloop::spawn(async move {
//!             for _ in 0..2 * i {
//!                 simloop::yield_now().await; // arriving
//!             }
//!             if balance.get() >= amount {
//!                 simloop::yield_now().await; // the bank authorises
//!                 balance.set(balance.get() - amount);
//!             }
//!         })
//!     }).collect();
//!     for w in withdrawals {
//!         w.await.unwrap();
//!     }
//!     balance.get()
//! }
//!
//! let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha); // the same cases every run
//! let mut runner = TestRunner::new_with_rng(simloop::proptest::config_off(), rng);
//! let result = runner.run(&(1i64..=100, simloop::proptest::schedule()), |(amount, tape)| {
//!     let balance = Sim::new(0).tape(tape).run(withdraw_twice(amount));
//!     prop_assert!(balance >= 0, "overdraft: {balance}");
//!     Ok(())
//! });
//! // Shrunk together: the smallest amount that overdraws, and a schedule of a few decisions
//! // off the default order (which does not overdraw).
//! let Err(TestError::Fail(_, (amount, tape))) = result else { panic!("no overdraft") };
//! assert!((51..=55).contains(&amount), "{amount}");
//! assert!(tape.non_default() >= 1, "{tape}");
//! ```
//!
//! # Persistence
//!
//! [`config`] points proptest's failure persistence at the crate's `snapshots/seeds/` folder,
//! beside simloop's own regression files: `snapshots/seeds/<name>.proptest.txt`, in
//! proptest's format. Check it in; proptest replays its cases first.

use ::proptest::collection::vec;
use ::proptest::prelude::{Just, Strategy, prop_oneof};
use ::proptest::test_runner::{Config, FileFailurePersistence};

use crate::Tape;

/// The most decisions a [`schedule`] holds: the decisions past them take the default order.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::proptest::DEFAULT_DECISIONS, 256);
/// ```
pub const DEFAULT_DECISIONS: usize = 256;

/// A proptest strategy of schedules: [`Tape`]s of up to [`DEFAULT_DECISIONS`] decisions.
///
/// Each decision is `0` (the default order) two times in five, `1` three times in ten, and
/// otherwise a small number (a choice out of a decision's range takes the default). Proptest
/// shrinks a tape as it shrinks a `Vec`: fewer decisions, each lowered toward `0`, which is
/// exactly "closer to the default order".
///
/// # Examples
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let tape = simloop::proptest::schedule().new_tree(&mut runner).unwrap().current();
/// assert!(tape.len() <= simloop::proptest::DEFAULT_DECISIONS);
/// ```
pub fn schedule() -> impl Strategy<Value = Tape> + Clone {
    schedule_with(DEFAULT_DECISIONS)
}

/// [`schedule`] with at most `decisions` decisions: more for programs that take many.
///
/// # Examples
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let tape = simloop::proptest::schedule_with(4).new_tree(&mut runner).unwrap().current();
/// assert!(tape.len() <= 4);
/// ```
pub fn schedule_with(decisions: usize) -> impl Strategy<Value = Tape> + Clone {
    let choice = prop_oneof![4 => Just(0u64), 3 => Just(1u64), 2 => 2u64..4, 1 => 4u64..32];
    vec(choice, 0..=decisions).prop_map(Tape::from_choices)
}

/// A proptest configuration that persists failing cases in
/// `snapshots/seeds/<name>.proptest.txt` under the crate (`CARGO_MANIFEST_DIR`, else the
/// current directory), beside simloop's regression files.
///
/// # Examples
///
/// ```
/// let config = simloop::proptest::config("bank__transfers");
/// assert!(config.failure_persistence.is_some());
/// ```
pub fn config(name: &str) -> Config {
    let path = crate::paths::crate_root()
        .join("snapshots")
        .join("seeds")
        .join(format!("{name}.proptest.txt"));
    // proptest wants a `&'static str`: one small leak per configuration.
    let path: &'static str = Box::leak(path.to_string_lossy().into_owned().into_boxed_str());
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(path))),
        ..Config::default()
    }
}

/// A proptest configuration that persists nothing, for doctests and throwaway properties.
///
/// # Examples
///
/// ```
/// let config = simloop::proptest::config_off();
/// assert_eq!(config.cases, proptest::test_runner::Config::default().cases);
/// ```
pub fn config_off() -> Config {
    Config { failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..Config::default() }
}
