//! `select!`: the branch order is drawn from the seed, `biased;` and `Fifo` keep the written
//! order, patterns and conditions disable branches, handlers run in the caller's body.

use std::collections::BTreeSet;
use std::future::{pending, ready};
use std::time::Duration;

use simloop::time::{now, sleep};
use simloop::{Sim, Strategy, select, spawn};

use crate::support::{DropProbe, at_ms};

/// Which of two branches that are both ready at the first poll wins.
fn both_ready(sim: Sim) -> &'static str {
    sim.run(async {
        select! {
            a = ready("a") => a,
            b = ready("b") => b,
        }
    })
}

#[test]
fn two_ready_branches_both_win_across_seeds() {
    let winners: BTreeSet<_> = (0..64).map(|seed| both_ready(Sim::with_exact_seed(seed))).collect();
    assert_eq!(winners, BTreeSet::from(["a", "b"]));
}

#[test]
fn the_same_seed_picks_the_same_winners() {
    let run = |seed| {
        Sim::with_exact_seed(seed).run(async {
            let mut winners = String::new();
            for _ in 0..32 {
                winners.push(select! {
                    x = ready('a') => x,
                    x = ready('b') => x,
                    x = ready('c') => x,
                });
            }
            winners
        })
    };
    for seed in 0..8 {
        assert_eq!(run(seed), run(seed), "seed {seed}");
    }
    let distinct: BTreeSet<String> = (0..8).map(run).collect();
    assert!(distinct.len() > 1, "eight seeds gave the same 32 choices: {distinct:?}");
}

#[test]
fn biased_takes_the_first_ready_branch_in_written_order() {
    for seed in 0..64 {
        let winner = Sim::with_exact_seed(seed).run(async {
            select! {
                biased;
                _ = pending::<()>() => "pending",
                a = ready("a") => a,
                b = ready("b") => b,
            }
        });
        assert_eq!(winner, "a", "seed {seed}");
    }
}

#[test]
fn fifo_takes_the_written_order() {
    for seed in 0..64 {
        let winner = both_ready(Sim::with_exact_seed(seed).strategy(Strategy::Fifo));
        assert_eq!(winner, "a", "seed {seed}");
    }
}

#[test]
fn the_first_to_complete_wins_and_the_losers_are_dropped_at_that_instant() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let (probe, dropped) = DropProbe::new();
            let slow = async move {
                let _probe = probe;
                sleep(Duration::from_secs(5)).await;
                "slow"
            };
            let winner = select! {
                s = slow => s,
                _ = sleep(Duration::from_secs(1)) => {
                    // The losing future is gone before the handler runs.
                    assert_eq!(dropped.get(), Some(at_ms(1000)));
                    "fast"
                }
            };
            assert_eq!(winner, "fast", "seed {seed}");
            assert_eq!(now(), at_ms(1000));
        });
    }
}

#[test]
fn a_pattern_that_does_not_match_disables_its_branch() {
    for seed in 0..32 {
        let got = Sim::with_exact_seed(seed).run(async {
            select! {
                Some(x) = ready(None::<u32>) => x,
                Ok(y) = async {
                    sleep(Duration::from_millis(10)).await;
                    Ok::<u32, ()>(7)
                } => y + 1,
            }
        });
        assert_eq!(got, 8, "seed {seed}");
    }
}

#[test]
fn else_runs_when_every_branch_is_disabled() {
    for seed in 0..16 {
        let got = Sim::with_exact_seed(seed).run(async {
            let enabled = false;
            select! {
                Some(x) = ready(None::<u32>) => x,
                y = ready(5u32), if enabled => y,
                else => 99,
            }
        });
        assert_eq!(got, 99, "seed {seed}");
    }
}

#[test]
fn a_false_condition_keeps_a_ready_branch_from_winning() {
    for seed in 0..32 {
        let got = Sim::with_exact_seed(seed).run(async {
            select! {
                a = ready("a"), if 1 + 1 == 3 => a,
                b = async {
                    sleep(Duration::from_secs(1)).await;
                    "b"
                } => b,
            }
        });
        assert_eq!(got, "b", "seed {seed}");
    }
}

#[test]
#[should_panic(expected = "every branch is disabled and there is no `else` branch")]
fn every_branch_disabled_without_else_panics() {
    Sim::with_exact_seed(1).run(async {
        select! {
            Some(x) = ready(None::<u8>) => x,
        }
    });
}

#[test]
fn handlers_can_break_continue_and_bind_by_mut_and_ref() {
    Sim::with_exact_seed(3).run(async {
        let mut seen = Vec::new();
        let mut round = 0;
        loop {
            round += 1;
            select! {
                (mut n, ref label) = ready((round, "round")) => {
                    n *= 10;
                    seen.push(format!("{label} {n}"));
                    if round < 3 {
                        continue;
                    }
                    break;
                }
                _ = sleep(Duration::from_secs(1)) => unreachable!("a ready branch wins at once"),
            }
        }
        assert_eq!(seen, ["round 10", "round 20", "round 30"]);
    });
}

#[test]
fn a_handler_can_await_and_return_from_the_enclosing_future() {
    let got = Sim::with_exact_seed(1).run(async {
        let h = spawn(async {
            let picked = select! {
                &[first, ..] = ready(&[4u8, 5, 6]) => {
                    sleep(Duration::from_secs(1)).await;
                    if first == 4 {
                        return u32::from(first);
                    }
                    0
                }
            };
            picked + 100
        });
        let got = h.await.unwrap();
        assert_eq!(now(), at_ms(1000));
        got
    });
    assert_eq!(got, 4, "the handler's `return` left the task's future");
}

#[test]
fn or_patterns_and_struct_patterns_work() {
    #[derive(Debug)]
    struct Msg {
        id: u32,
        body: String,
    }
    Sim::with_exact_seed(1).run(async {
        let got = select! {
            1 | 2 = ready(2) => "one or two",
        };
        assert_eq!(got, "one or two");
        let got = select! {
            Msg { id: 7, mut body } = ready(Msg { id: 7, body: "x".into() }) => {
                body.push('!');
                body
            }
        };
        assert_eq!(got, "x!");
    });
}

#[test]
fn select_outside_a_simulation_panics_naming_the_fix() {
    let err = std::panic::catch_unwind(|| {
        futures::executor::block_on(async {
            select! {
                a = ready(1) => a,
                b = ready(2) => b,
            }
        })
    })
    .unwrap_err();
    let message = err.downcast_ref::<String>().unwrap();
    assert!(message.contains("`simloop::select!` was called outside a simulation"), "{message}");
    assert!(message.contains("Sim::new(seed).run"), "{message}");
}

#[test]
fn biased_select_needs_no_simulation() {
    let got = futures::executor::block_on(async {
        select! {
            biased;
            a = ready(1) => a,
            b = ready(2) => b,
        }
    });
    assert_eq!(got, 1);
}
