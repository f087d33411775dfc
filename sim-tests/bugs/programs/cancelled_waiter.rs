//! A semaphore whose cancelled head forgets to wake the next waiter: `release` hands the
//! permit to the first queued waiter; a waiter cancelled after the hand-over and before it
//! ran drops the permit with itself instead of passing it on, and the next waiter waits
//! forever (a deadlock). The canceller gives up on `impatient` at once, and in the default
//! order the cancellation lands (at `impatient`'s next scheduling point) while the holder
//! still works; `impatient` kept waiting past the release loses the permit.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::Exec;

#[derive(Default)]
struct Slot {
    granted: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

#[derive(Default)]
struct Semaphore {
    permits: Cell<usize>,
    queue: RefCell<VecDeque<Rc<Slot>>>,
}

struct Permit(Rc<Semaphore>);

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.release();
    }
}

struct Acquire {
    semaphore: Rc<Semaphore>,
    slot: Option<Rc<Slot>>,
}

impl Semaphore {
    fn release(&self) {
        let head = self.queue.borrow_mut().pop_front();
        match head {
            Some(slot) => {
                slot.granted.set(true);
                if let Some(waker) = slot.waker.take() {
                    waker.wake();
                }
            }
            None => self.permits.set(self.permits.get() + 1),
        }
    }
}

fn acquire(semaphore: &Rc<Semaphore>) -> Acquire {
    Acquire { semaphore: semaphore.clone(), slot: None }
}

impl Future for Acquire {
    type Output = Permit;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Permit> {
        let semaphore = self.semaphore.clone();
        match &self.slot {
            None if semaphore.permits.get() > 0 && semaphore.queue.borrow().is_empty() => {
                semaphore.permits.set(semaphore.permits.get() - 1);
                Poll::Ready(Permit(semaphore))
            }
            None => {
                let slot = Rc::new(Slot::default());
                *slot.waker.borrow_mut() = Some(cx.waker().clone());
                semaphore.queue.borrow_mut().push_back(slot.clone());
                self.slot = Some(slot);
                Poll::Pending
            }
            Some(slot) if slot.granted.get() => {
                self.slot = None;
                Poll::Ready(Permit(semaphore))
            }
            Some(slot) => {
                *slot.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for Acquire {
    fn drop(&mut self) {
        if let Some(slot) = self.slot.take() {
            // The bug: a slot already granted should release the permit to the next waiter.
            self.semaphore.queue.borrow_mut().retain(|s| !Rc::ptr_eq(s, &slot));
        }
    }
}

pub(crate) async fn program<E: Exec>() {
    let semaphore = Rc::new(Semaphore { permits: Cell::new(1), ..Semaphore::default() });
    let holder = {
        let semaphore = semaphore.clone();
        E::spawn("holder", async move {
            let permit = acquire(&semaphore).await;
            E::yield_now().await; // the work
            E::yield_now().await;
            drop(permit);
        })
    };
    let impatient = {
        let semaphore = semaphore.clone();
        E::spawn("impatient", async move {
            let _permit = acquire(&semaphore).await;
        })
    };
    let patient = {
        let semaphore = semaphore.clone();
        E::spawn("patient", async move {
            let _permit = acquire(&semaphore).await;
        })
    };
    let impatient = Rc::new(impatient);
    let canceller = {
        let impatient = impatient.clone();
        E::spawn("canceller", async move { impatient.abort() })
    };
    holder.join().await.unwrap();
    canceller.join().await.unwrap();
    patient.join().await.unwrap();
    drop(impatient);
}
