//! `join!`: every output in written order, polled in an order drawn from the seed.

use std::collections::BTreeSet;
use std::future::ready;
use std::time::Duration;

use simloop::time::{now, sleep};
use simloop::{Sim, Strategy, join};

use crate::support::{Log, at_ms};

#[test]
fn outputs_come_in_written_order_whatever_the_completion_order() {
    for seed in 0..16 {
        let (a, b, c) = Sim::with_exact_seed(seed).run(async {
            let out = join!(
                async {
                    sleep(Duration::from_millis(300)).await;
                    "a"
                },
                async {
                    sleep(Duration::from_millis(200)).await;
                    2u8
                },
                async {
                    sleep(Duration::from_millis(100)).await;
                    'c'
                },
            );
            assert_eq!(now(), at_ms(300), "concurrent, not sequential");
            out
        });
        assert_eq!((a, b, c), ("a", 2, 'c'), "seed {seed}");
    }
}

/// The order in which three futures are first polled.
fn first_polls(sim: Sim) -> Vec<String> {
    sim.run(async {
        let log = Log::default();
        let poll = |name: &'static str| {
            let log = log.clone();
            async move { log.push(name) }
        };
        join!(poll("a"), poll("b"), poll("c"));
        log.entries()
    })
}

#[test]
fn every_poll_order_occurs_across_seeds() {
    let orders: BTreeSet<_> =
        (0..128).map(|seed| first_polls(Sim::with_exact_seed(seed))).collect();
    assert_eq!(orders.len(), 6, "all 3! orders: {orders:?}");
}

#[test]
fn fifo_and_biased_poll_in_written_order() {
    for seed in 0..32 {
        let fifo = first_polls(Sim::with_exact_seed(seed).strategy(Strategy::Fifo));
        assert_eq!(fifo, ["a", "b", "c"], "seed {seed}");
        let biased = Sim::with_exact_seed(seed).run(async {
            let log = Log::default();
            let poll = |name: &'static str| {
                let log = log.clone();
                async move { log.push(name) }
            };
            join!(biased; poll("a"), poll("b"), poll("c"));
            log.entries()
        });
        assert_eq!(biased, ["a", "b", "c"], "seed {seed}");
    }
}

#[test]
fn futures_may_borrow_locals_and_a_single_future_gives_a_one_tuple() {
    Sim::with_exact_seed(1).run(async {
        let mut total = 0;
        let borrowed = &mut total;
        let (n,) = join!(async {
            *borrowed += 5;
            *borrowed
        });
        assert_eq!(n, 5);
        let words = [String::from("x"), String::from("y")];
        let (x, y) = join!(ready(words[0].as_str()), ready(&words[1]));
        assert_eq!((x, y.as_str()), ("x", "y"));
    });
}
