//! A task held back for many steps: a metrics reader takes two readings of a counter and
//! assumes at most 10 items pass between them, while a producer feeds 16 items one at a time
//! (a channel of capacity 1) to a consumer that counts them. Kept from running for the 10+
//! steps of the pipeline between its readings, the reader sees the counter jump.

use std::cell::Cell;
use std::rc::Rc;

use futures::{SinkExt, StreamExt};

use super::Exec;

pub(crate) async fn program<E: Exec>() {
    let count = Rc::new(Cell::new(0u32));
    let (mut tx, mut rx) = futures::channel::mpsc::channel::<u32>(0);
    let producer = E::spawn("producer", async move {
        for item in 0..16 {
            tx.send(item).await.unwrap();
        }
    });
    let consumer = {
        let count = count.clone();
        E::spawn("consumer", async move {
            while rx.next().await.is_some() {
                count.set(count.get() + 1);
            }
        })
    };
    let reader = E::spawn("reader", async move {
        let first = count.get();
        E::yield_now().await; // publishing the first reading
        let second = count.get();
        assert!(second - first <= 10, "the counter jumped by more than 10 between two readings");
    });
    producer.join().await.unwrap();
    consumer.join().await.unwrap();
    reader.join().await.unwrap();
}
