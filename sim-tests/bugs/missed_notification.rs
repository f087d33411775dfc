//! A missed notification: the consumer checks a flag, awaits something else, then waits for
//! the notification; `notify_waiters` wakes only the waiters already registered, so a
//! notification sent in between is lost and the consumer waits forever.

use std::cell::Cell;
use std::rc::Rc;

use simloop::task::Builder;
use simloop::yield_now;
use tokio::sync::Notify;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "missed_notification",
    kind: "missed notification",
    program,
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Deadlock],
    max_steps: super::Bug::MAX_STEPS,
};

fn program() -> Program {
    Box::pin(async {
        let ready = Rc::new(Cell::new(false));
        let notify = Rc::new(Notify::new());
        let consumer = {
            let (ready, notify) = (ready.clone(), notify.clone());
            Builder::new().name("consumer").spawn(async move {
                if !ready.get() {
                    yield_now().await; // logging that it waits
                    notify.notified().await;
                }
            })
        };
        let producer = {
            let (ready, notify) = (ready.clone(), notify.clone());
            Builder::new().name("producer").spawn(async move {
                yield_now().await; // producing
                yield_now().await;
                ready.set(true);
                notify.notify_waiters();
            })
        };
        producer.await.unwrap();
        consumer.await.unwrap();
    })
}

#[test]
fn found_and_shrunk() {
    let (failed, _) = BUG.check_both();
    assert_eq!(failed.failure().kind(), simloop::FailureKind::Deadlock);
}
