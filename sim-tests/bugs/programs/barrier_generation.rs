//! A reusable barrier that tests a count instead of a generation: the last of three workers
//! to arrive resets the count and wakes the others, who leave when they see the count at 0.
//! A worker that leaves and arrives at the next round before a woken one looks makes the
//! count 1 again: the woken one waits for a round that never completes (a deadlock).

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

use super::Exec;

struct Barrier {
    parties: usize,
    arrived: Cell<usize>,
    generation: Cell<u64>,
    waiters: RefCell<Vec<Waker>>,
}

impl Barrier {
    async fn wait(&self) {
        self.arrived.set(self.arrived.get() + 1);
        if self.arrived.get() == self.parties {
            self.arrived.set(0);
            self.generation.set(self.generation.get() + 1);
            for waker in self.waiters.take() {
                waker.wake();
            }
            return;
        }
        // The bug: it should wait for `generation` to change.
        poll_fn(|cx| {
            if self.arrived.get() == 0 {
                Poll::Ready(())
            } else {
                self.waiters.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
    }
}

pub(crate) async fn program<E: Exec>() {
    let barrier = Rc::new(Barrier {
        parties: 3,
        arrived: Cell::new(0),
        generation: Cell::new(0),
        waiters: RefCell::new(Vec::new()),
    });
    let workers: Vec<_> = ["worker-0", "worker-1", "worker-2"]
        .into_iter()
        .map(|name| {
            let barrier = barrier.clone();
            E::spawn(name, async move {
                for _round in 0..2 {
                    barrier.wait().await;
                    E::yield_now().await; // the round's work
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().await.unwrap();
    }
}
