//! A cancel-unsafe `select!` loop loses a message: the receive branch takes a message off the
//! channel, then awaits its decoding; when the heartbeat branch wins meanwhile, the receive
//! future is dropped with the message in it.

use std::time::Duration;

use futures::StreamExt;
use futures::channel::mpsc;
use simloop::task::Builder;
use simloop::time::{interval, sleep};
use simloop::yield_now;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "select_loses_message",
    kind: "cancel-unsafe select! loop loses a message",
    program,
    aborts: 0.0,
    random_within: 40,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

fn program() -> Program {
    Box::pin(async {
        let (tx, mut rx) = mpsc::unbounded::<u32>();
        let producer = Builder::new().name("producer").spawn(async move {
            for n in 1..=3 {
                sleep(Duration::from_millis(5)).await;
                tx.unbounded_send(n).unwrap();
            }
        });
        let mut heartbeat = interval(Duration::from_millis(5));
        let mut received = Vec::new();
        let mut beats = 0;
        while received.len() + beats < 12 && received.len() < 3 {
            // Not cancel-safe: the message is out of the channel before the decoding await.
            let receive = async {
                let message = rx.next().await?;
                yield_now().await; // decoding
                Some(message)
            };
            simloop::select! {
                Some(message) = receive => received.push(message),
                _ = heartbeat.tick() => beats += 1,
            }
        }
        producer.await.unwrap();
        assert!(received == [1, 2, 3], "a message was lost: received {received:?}");
    })
}

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
