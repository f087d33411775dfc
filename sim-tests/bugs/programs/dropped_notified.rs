//! A dropped notification future erases the notification it held: `notify` hands the
//! notification to the waiter registered, and a waiter dropped before it ran loses it
//! instead of putting it back. The consumer waits for the notification or a message,
//! whichever comes first, and takes the other one next; when the message is there by the
//! time it runs after the notification was handed over, the notification goes with the
//! dropped future and the consumer waits for it forever (a deadlock).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::channel::oneshot;
use futures::future::{Either, select};

use super::Exec;

#[derive(Default)]
struct Event {
    permit: Cell<bool>,
    waiter: RefCell<Option<(Rc<Cell<bool>>, Waker)>>,
}

impl Event {
    fn notify(&self) {
        match self.waiter.take() {
            Some((delivered, waker)) => {
                delivered.set(true);
                waker.wake();
            }
            None => self.permit.set(true),
        }
    }

    fn wait(self: &Rc<Self>) -> Wait {
        Wait { event: self.clone(), delivered: Rc::new(Cell::new(false)) }
    }
}

struct Wait {
    event: Rc<Event>,
    delivered: Rc<Cell<bool>>,
}

impl Future for Wait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.delivered.get() || self.event.permit.replace(false) {
            return Poll::Ready(());
        }
        *self.event.waiter.borrow_mut() = Some((self.delivered.clone(), cx.waker().clone()));
        Poll::Pending
    }
}

impl Drop for Wait {
    fn drop(&mut self) {
        let mut waiter = self.event.waiter.borrow_mut();
        if waiter.as_ref().is_some_and(|(d, _)| Rc::ptr_eq(d, &self.delivered)) {
            *waiter = None;
        }
        // The bug: a delivered notification should become the permit again.
    }
}

pub(crate) async fn program<E: Exec>() {
    let event = Rc::new(Event::default());
    let (message_tx, message_rx) = oneshot::channel::<()>();
    let consumer = {
        let event = event.clone();
        E::spawn("consumer", async move {
            // The message branch is polled first.
            match select(message_rx, Box::pin(event.wait())).await {
                Either::Left((message, wait)) => {
                    message.unwrap();
                    drop(wait);
                    event.wait().await;
                }
                Either::Right(((), message)) => message.await.unwrap(),
            }
        })
    };
    let notifier = {
        let event = event.clone();
        E::spawn("notifier", async move { event.notify() })
    };
    let messenger = E::spawn("messenger", async move {
        E::yield_now().await; // composing
        E::yield_now().await;
        message_tx.send(()).unwrap();
    });
    notifier.join().await.unwrap();
    messenger.join().await.unwrap();
    consumer.join().await.unwrap();
}
