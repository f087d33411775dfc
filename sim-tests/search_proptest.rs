//! proptest over inputs and schedules: `simloop::proptest::schedule()` shrinks with the
//! inputs, and failing cases persist under `snapshots/seeds/`.

use std::cell::Cell;
use std::rc::Rc;

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestError, TestRng, TestRunner};
use simloop::{Sim, Tape};

use crate::support::child;

/// Two withdrawals of `amount` from 100: each checks the balance, awaits, then debits; the
/// second arrives two awaits later, so in the default order it sees the first's debit.
async fn withdraw_twice(amount: i64) -> i64 {
    let balance = Rc::new(Cell::new(100i64));
    let withdrawals: Vec<_> = (0..2)
        .map(|i| {
            let balance = balance.clone();
            simloop::spawn(async move {
                for _ in 0..2 * i {
                    simloop::yield_now().await;
                }
                if balance.get() >= amount {
                    simloop::yield_now().await;
                    balance.set(balance.get() - amount);
                }
            })
        })
        .collect();
    for w in withdrawals {
        w.await.unwrap();
    }
    balance.get()
}

fn overdraws(amount: i64, tape: Tape) -> Result<(), TestCaseError> {
    let balance = Sim::new(0).tape(tape).run(withdraw_twice(amount));
    prop_assert!(balance >= 0, "overdraft");
    Ok(())
}

#[test]
fn the_inputs_and_the_schedule_shrink_together() {
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(simloop::proptest::config_off(), rng);
    let strategy = (1i64..=100, simloop::proptest::schedule());
    let Err(TestError::Fail(_, (amount, tape))) =
        runner.run(&strategy, |(amount, tape)| overdraws(amount, tape))
    else {
        panic!("no overdraft found");
    };
    assert_eq!(amount, 51, "the smallest amount two withdrawals overdraw with");
    assert!((1..=3).contains(&tape.non_default()), "{tape}");
    // The default order does not overdraw: the schedule is what breaks it.
    assert!(overdraws(amount, Tape::new()).is_ok());
    assert!(overdraws(amount, tape).is_err());
}

#[test]
fn schedules_vary_and_stay_within_their_bound() {
    let mut runner = TestRunner::deterministic();
    let strategy = simloop::proptest::schedule_with(16);
    let tapes: Vec<Tape> = (0..50)
        .map(|_| proptest::strategy::ValueTree::current(&strategy.new_tree(&mut runner).unwrap()))
        .collect();
    assert!(tapes.iter().all(|t| t.len() <= 16));
    assert!(tapes.iter().any(|t| t.non_default() > 0));
    assert!(tapes.iter().any(|t| t.len() < 8) && tapes.iter().any(|t| t.len() > 8));
}

const CHILD: &str = "search_proptest::persisted_child";

proptest! {
    #![proptest_config(simloop::proptest::config("search_proptest__persisted_child"))]
    /// A failing property, only in a child process.
    #[test]
    fn persisted_child(amount in 1i64..=100, tape in simloop::proptest::schedule()) {
        if child::is_child() {
            overdraws(amount, tape)?;
        }
    }
}

#[test]
fn failing_cases_persist_under_snapshots_seeds() {
    let root = child::temp_dir("proptest-persist");
    let first = child::run(CHILD, &root, &[]);
    assert!(!first.passed, "{}", first.text);
    // proptest draws its cases from the OS here: the shrunk amount may vary a little.
    let found = first.text.find("minimal failing input: amount = ").expect(&first.text);
    assert!(first.text[found..].contains(", tape = Tape(v1:"), "{}", first.text);
    let file = root.join("snapshots/seeds/search_proptest__persisted_child.proptest.txt");
    let saved = std::fs::read_to_string(&file).expect("the persisted cases");
    assert!(saved.contains("\ncc "), "{saved}");
    // The next run tries the persisted case first: it regenerates the same failing input and
    // shrinks it the same way, whatever the OS draws this time.
    let minimal = |text: &str| {
        let at = text.find("minimal failing input: ").expect(text);
        text[at..].lines().next().unwrap().to_owned()
    };
    let second = child::run(CHILD, &root, &[]);
    assert!(!second.passed, "{}", second.text);
    assert_eq!(minimal(&second.text), minimal(&first.text));
    let _ = std::fs::remove_dir_all(root);
}

const LOUD_CHILD: &str = "search_proptest::assertion_inside_the_simulation_child";

proptest! {
    #![proptest_config(simloop::proptest::config_off())]
    /// A failing property whose assertion is inside the simulation, only in a child process.
    #[test]
    fn assertion_inside_the_simulation_child(amount in 1i64..=100, tape in simloop::proptest::schedule()) {
        if child::is_child() {
            let balance = simloop::Sim::new(0).tape(tape).run(async move {
                let balance = std::rc::Rc::new(std::cell::Cell::new(100i64));
                let withdrawals: Vec<_> = (0..2).map(|_| {
                    let balance = balance.clone();
                    simloop::spawn(async move {
                        if balance.get() >= amount {
                            simloop::yield_now().await;
                            balance.set(balance.get() - amount);
                        }
                    })
                }).collect();
                for w in withdrawals {
                    w.await.unwrap();
                }
                assert!(balance.get() >= 0, "overdraft: {}", balance.get());
                balance.get()
            });
            prop_assert!(balance >= 0);
        }
    }
}

#[test]
fn a_failing_property_prints_one_report_and_a_clean_replay_line() {
    let root = child::temp_dir("proptest-loud");
    let out = child::run(LOUD_CHILD, &root, &[]);
    assert!(!out.passed, "{}", out.text);
    // One report, the minimal case's, in proptest's final message: none per shrink step.
    assert_eq!(
        out.text.matches("simloop: panic: the main future panicked").count(),
        1,
        "{}",
        out.text
    );
    assert!(out.text.contains("minimal failing input: amount = "), "{}", out.text);
    // The replay line ends the line it is on: proptest's "." comes after a line break.
    let line = out
        .text
        .lines()
        .find(|l| l.trim_start().starts_with("SIMLOOP_SCHEDULE="))
        .expect(&out.text);
    assert!(line.trim_end().ends_with(&format!("--exact {LOUD_CHILD}")), "{line:?}");
    let _ = std::fs::remove_dir_all(root);
}
