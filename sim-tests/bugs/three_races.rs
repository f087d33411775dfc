//! An ordering bug that needs three specific preemptions: a coordinator starts an election
//! round by messaging five replicas, in id order, three rounds in a row; the first replica to
//! run becomes leader for the round. Replica 4 has a stale view of the membership: leader
//! once or twice, its stale writes are repaired by the next leader; leader three rounds in a
//! row, they are committed. In the default order replica 0 always runs first: each round
//! needs the scheduler to run replica 4 ahead of the four woken before it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use futures::StreamExt;
use futures::channel::mpsc;
use simloop::task::Builder;
use simloop::time::sleep;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "three_races",
    kind: "ordering bug needing 3 specific preemptions",
    program,
    aborts: 0.0,
    random_within: 600,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

const NAMES: [&str; 5] = ["replica-0", "replica-1", "replica-2", "replica-3", "replica-4"];

fn program() -> Program {
    Box::pin(async {
        let round = Rc::new(Cell::new(0));
        let leaders = Rc::new(RefCell::new(Vec::new()));
        let mut inboxes = Vec::new();
        let replicas: Vec<_> = (0..5)
            .map(|id| {
                let (round, leaders) = (round.clone(), leaders.clone());
                let (tx, mut rx) = mpsc::unbounded::<u32>();
                inboxes.push(tx);
                Builder::new().name(NAMES[id]).spawn(async move {
                    while let Some(r) = rx.next().await {
                        if round.get() < r {
                            round.set(r); // elected for round r
                            leaders.borrow_mut().push(id);
                        }
                    }
                })
            })
            .collect();
        let coordinator = Builder::new().name("coordinator").spawn(async move {
            for r in 1..=3 {
                sleep(Duration::from_millis(10)).await;
                for inbox in &inboxes {
                    inbox.unbounded_send(r).unwrap();
                }
            }
        });
        coordinator.await.unwrap();
        for replica in replicas {
            replica.await.unwrap();
        }
        let leaders = leaders.take();
        assert!(leaders != [4, 4, 4], "the stale replica led three rounds in a row: {leaders:?}");
    })
}

#[test]
fn found_and_shrunk_to_few_decisions() {
    let (random, portfolio) = BUG.check_both();
    for failed in [random, portfolio] {
        let shrunk = failed.shrunk_tape().unwrap();
        assert!(
            shrunk.non_default() <= 6,
            "{shrunk}: {:?}",
            shrunk.differences().collect::<Vec<_>>()
        );
    }
}
