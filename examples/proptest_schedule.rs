//! proptest over inputs *and* schedules: `simloop::proptest::schedule()` is a strategy of
//! tapes, so proptest shrinks the schedule together with the inputs, down to the smallest
//! transfer amounts and the fewest decisions off the default order that still break the
//! invariant.
//!
//! ```text
//! cargo run --example proptest_schedule --features proptest
//! ```
//!
//! In a test suite the same property is a `proptest!` block with
//! `#![proptest_config(simloop::proptest::config("bank__transfers"))]`, which keeps failing
//! cases in `snapshots/seeds/bank__transfers.proptest.txt`; this example runs it with a
//! `TestRunner` so that it can print the shrunk case and exit normally.

use std::cell::Cell;
use std::rc::Rc;

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestError, TestRng, TestRunner};
use simloop::task::Builder;
use simloop::{Sim, Tape};

/// Accounts whose balance a transfer checks, then (after an await) debits: check-then-act.
struct Bank {
    balances: [Cell<i64>; 2],
}

impl Bank {
    async fn transfer(&self, from: usize, amount: i64) {
        if self.balances[from].get() >= amount {
            simloop::yield_now().await; // the fraud check
            self.balances[from].set(self.balances[from].get() - amount);
            self.balances[1 - from].set(self.balances[1 - from].get() + amount);
        }
    }
}

/// Runs the transfers concurrently, each from account 0, the later ones a step behind (they
/// arrive later): in asyncio's order each sees the previous one's debit.
async fn transfers(amounts: Vec<i64>) -> [i64; 2] {
    let bank = Rc::new(Bank { balances: [Cell::new(100), Cell::new(0)] });
    let tasks: Vec<_> = amounts
        .into_iter()
        .enumerate()
        .map(|(i, amount)| {
            let bank = bank.clone();
            Builder::new().name(format!("transfer-{i}")).spawn(async move {
                for _ in 0..2 * i {
                    simloop::yield_now().await; // arriving later
                }
                bank.transfer(0, amount).await;
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    [bank.balances[0].get(), bank.balances[1].get()]
}

/// The property: no schedule of any transfers overdraws account 0.
fn property(amounts: Vec<i64>, schedule: Tape) -> Result<(), TestCaseError> {
    let balances = Sim::new(1).tape(schedule).run(transfers(amounts));
    prop_assert!(balances[0] >= 0, "account 0 overdrawn: {balances:?}");
    prop_assert_eq!(balances[0] + balances[1], 100);
    Ok(())
}

fn main() {
    let inputs = (proptest::collection::vec(1i64..=100, 1..=4), simloop::proptest::schedule());
    // A fixed generator: the example prints the same case every run.
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(simloop::proptest::config_off(), rng);
    match runner.run(&inputs, |(amounts, schedule)| property(amounts, schedule)) {
        Ok(()) => println!("no overdraft found"),
        Err(TestError::Fail(why, (amounts, schedule))) => {
            println!("proptest found an overdraft and shrank it to");
            println!("  amounts  {amounts:?}");
            println!(
                "  schedule {schedule} ({} decisions off the default order)",
                schedule.non_default()
            );
            println!("  because  {why}");
            // The shrunk schedule, replayed with its words.
            let outcome = Sim::new(1).tape(schedule).record_tape(true).try_run(transfers(amounts));
            let tape = outcome.expect("the transfers complete").tape().cloned().unwrap_or_default();
            for words in tape.differences() {
                println!("  {words}");
            }
        }
        Err(other) => panic!("{other}"),
    }
}
