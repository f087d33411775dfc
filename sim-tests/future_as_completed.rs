//! `as_completed`: results with their index, in completion order.

use std::collections::BTreeSet;
use std::time::Duration;

use futures::{Stream, StreamExt};
use simloop::time::sleep;
use simloop::{Sim, Strategy, as_completed, spawn};

/// Two tasks that finish at the same instant; the order of their results.
fn same_instant(sim: Sim) -> Vec<usize> {
    sim.run(async {
        let handles = [0, 1].map(|_| spawn(sleep(Duration::from_secs(1))));
        as_completed(handles).map(|(i, r)| r.map(|()| i).unwrap()).collect().await
    })
}

#[test]
fn results_come_in_completion_order_with_their_index() {
    for seed in 0..16 {
        let got = Sim::with_exact_seed(seed).run(async {
            let handles = [400u64, 100, 300, 200].map(|ms| {
                spawn(async move {
                    sleep(Duration::from_millis(ms)).await;
                    ms
                })
            });
            let stream = as_completed(handles);
            assert_eq!(stream.size_hint(), (4, Some(4)));
            stream.map(|(i, r)| (i, r.unwrap())).collect::<Vec<_>>().await
        });
        assert_eq!(got, [(1, 100), (3, 200), (2, 300), (0, 400)], "seed {seed}");
    }
}

#[test]
fn a_panic_is_an_item_not_a_propagated_panic() {
    Sim::with_exact_seed(1).run(async {
        let ok = spawn(async {
            sleep(Duration::from_secs(2)).await;
            1
        });
        let bad = spawn(async {
            sleep(Duration::from_secs(1)).await;
            panic!("broken")
        });
        let mut stream = as_completed([ok, bad]);
        let (i, first) = stream.next().await.unwrap();
        assert_eq!(i, 1);
        assert!(first.unwrap_err().is_panic());
        let (i, second) = stream.next().await.unwrap();
        assert_eq!((i, second.unwrap()), (0, 1));
        assert!(stream.next().await.is_none());
        assert!(stream.is_empty());
    });
}

#[test]
fn same_instant_completions_come_in_both_orders_across_seeds_and_in_spawn_order_under_fifo() {
    let orders: BTreeSet<_> =
        (0..64).map(|seed| same_instant(Sim::with_exact_seed(seed))).collect();
    assert_eq!(orders, BTreeSet::from([vec![0, 1], vec![1, 0]]));
    for seed in 0..16 {
        let fifo = same_instant(Sim::with_exact_seed(seed).strategy(Strategy::Fifo));
        assert_eq!(fifo, [0, 1], "seed {seed}");
    }
}
