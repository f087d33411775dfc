//! ABA on a version counter: a slot guarded by a 2-bit version (it wraps after 4 updates).
//! A writer applies 6 increments fed to it one at a time; an updater reads the value and the
//! version, computes, and writes back only if the version is unchanged. Held back for
//! exactly 4 of the writer's updates, it sees the version it read, writes a stale value, and
//! the updates in between are lost.

use std::cell::Cell;
use std::rc::Rc;

use futures::{SinkExt, StreamExt};

use super::Exec;

#[derive(Default)]
struct Slot {
    value: Cell<u32>,
    version: Cell<u8>,
}

impl Slot {
    fn set(&self, value: u32) {
        self.value.set(value);
        self.version.set((self.version.get() + 1) % 4);
    }
}

pub(crate) async fn program<E: Exec>() {
    let slot = Rc::new(Slot::default());
    let (mut tx, mut rx) = futures::channel::mpsc::channel::<u32>(0);
    let feeder = E::spawn("feeder", async move {
        for _ in 0..6 {
            tx.send(1).await.unwrap();
        }
    });
    let writer = {
        let slot = slot.clone();
        E::spawn("writer", async move {
            while let Some(increment) = rx.next().await {
                slot.set(slot.value.get() + increment);
            }
        })
    };
    let updater = {
        let slot = slot.clone();
        E::spawn("updater", async move {
            loop {
                let (value, version) = (slot.value.get(), slot.version.get());
                E::yield_now().await; // computing
                if slot.version.get() == version {
                    slot.set(value + 100);
                    break;
                }
            }
        })
    };
    feeder.join().await.unwrap();
    writer.join().await.unwrap();
    updater.join().await.unwrap();
    assert!(slot.value.get() == 106, "a stale write-back lost updates (ABA on the version)");
}
