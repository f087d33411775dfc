//! A pool of 3 connections that overcommits when 4 of its 5 clients overlap: the dispatcher
//! lets clients in one at a time, the next once the last has been admitted, but a client
//! reports admission after its capacity check and before it takes the connection. In the
//! default order each client takes its connection before the next one checks; four clients
//! all past the check first need the dispatcher to run ahead of them three times: three
//! preemptions.

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::oneshot;

use super::Exec;

const CAPACITY: usize = 3;

pub(crate) async fn program<E: Exec>() {
    let in_use = Rc::new(Cell::new(0usize));
    let peak = Rc::new(Cell::new(0usize));
    let names = ["client-0", "client-1", "client-2", "client-3", "client-4"];
    let mut gates = Vec::new();
    let mut admissions = Vec::new();
    let clients: Vec<_> = names
        .into_iter()
        .map(|name| {
            let (gate_tx, gate_rx) = oneshot::channel::<()>();
            let (admitted_tx, admitted_rx) = oneshot::channel::<()>();
            gates.push(gate_tx);
            admissions.push(admitted_rx);
            let (in_use, peak) = (in_use.clone(), peak.clone());
            E::spawn(name, async move {
                gate_rx.await.unwrap();
                let mut admitted = Some(admitted_tx);
                loop {
                    if in_use.get() < CAPACITY {
                        // The bug: admission is reported before the connection is taken.
                        if let Some(admitted) = admitted.take() {
                            admitted.send(()).unwrap();
                        }
                        E::yield_now().await; // the handshake
                        in_use.set(in_use.get() + 1);
                        peak.set(peak.get().max(in_use.get()));
                        E::yield_now().await; // the query
                        in_use.set(in_use.get() - 1);
                        break;
                    }
                    E::yield_now().await; // full: retry
                }
                if let Some(admitted) = admitted.take() {
                    admitted.send(()).unwrap();
                }
            })
        })
        .collect();
    for (gate, admitted) in gates.into_iter().zip(admissions) {
        gate.send(()).unwrap();
        admitted.await.unwrap();
    }
    for client in clients {
        client.join().await.unwrap();
    }
    assert!(peak.get() <= CAPACITY, "the pool handed out more than 3 connections at once");
}
