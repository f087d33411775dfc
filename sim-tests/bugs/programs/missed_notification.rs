//! A missed notification: the consumer checks a flag, awaits something else, then waits for
//! the notification; `notify_waiters` wakes only the waiters already registered, so a
//! notification sent in between is lost and the consumer waits forever.

use std::cell::Cell;
use std::rc::Rc;

use tokio::sync::Notify;

use super::Exec;

pub(crate) async fn program<E: Exec>() {
    let ready = Rc::new(Cell::new(false));
    let notify = Rc::new(Notify::new());
    let consumer = {
        let (ready, notify) = (ready.clone(), notify.clone());
        E::spawn("consumer", async move {
            if !ready.get() {
                E::yield_now().await; // logging that it waits
                notify.notified().await;
            }
        })
    };
    let producer = {
        let (ready, notify) = (ready.clone(), notify.clone());
        E::spawn("producer", async move {
            E::yield_now().await; // producing
            E::yield_now().await;
            ready.set(true);
            notify.notify_waiters();
        })
    };
    producer.join().await.unwrap();
    consumer.join().await.unwrap();
}
