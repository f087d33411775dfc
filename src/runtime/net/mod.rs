//! The simulated network and its hosts: engine state and every transition of it.
//!
//! ```text
//!   host "client" 10.0.0.1 (main)        host "db" 10.0.0.2
//!   +---------------------------+        +---------------------------+
//!   | tasks, sockets            |  link  | tasks, sockets            |
//!   | side.out: segments ------>|------->| side.recv: bytes unread   |
//!   +---------------------------+        +---------------------------+
//!          flight: (deliver at, seq, due) -- the earliest one is the network's timer
//! ```
//!
//! The network exists from the first call of `simloop::net` in a run: a program that never
//! calls it has none, draws nothing from the network's stream and records no network event.
//! Host `0` is the main host: every task not spawned by a declared host's tasks runs there.
//!
//! A message's delivery is due at `now + latency` (latency drawn per message, a decision of
//! the network's stream). The run loop asks for the earliest due delivery beside the
//! earliest timer (`scheduler.rs`) and, when the clock reaches it, the deliveries due are
//! made in `(due, sequence)` order, waking the readers. The segments of one side of a TCP
//! connection are due in the order they were written (a later segment is never due before an
//! earlier one); datagrams are due independently, so a link reorders them.
//!
//! Faults: a partition or a held link stalls TCP segments (delivered after the repair, as
//! TCP retransmits) and drops (partition) or keeps (hold) datagrams. A crash drops the host's
//! tasks (they are aborted: dropped at their next scheduling point), resets every connection
//! it had, forgets its sockets and the data in flight from and to it; a paused host's ready
//! tasks are set aside until it resumes.
//!
//! | file | job |
//! | --- | --- |
//! | `hosts.rs` | hosts, their addresses, which host each task runs on |
//! | `links.rs` | latency, loss and duplication per link; partitions and held links |
//! | `tcp.rs` | listeners and connections: connect, accept, read, write, close, reset |
//! | `udp.rs` | UDP sockets and datagrams |
//! | `queue.rs` | messages in flight, by the instant they are due |
//! | `flight.rs` | deliveries: what a message does when it arrives |
//! | `faults.rs` | crash, restart, pause, resume, partition, repair, hold, release, the plan |
//! | `syscalls.rs` | what the API (`simloop::net`) may ask of the network |
//! | `slab.rs` | sockets by key, with generations |
//! | `waiters.rs` | the tasks waiting on a socket's readiness |

mod faults;
mod flight;
mod hosts;
mod links;
mod queue;
mod slab;
mod syscalls;
mod tcp;
mod udp;
mod waiters;

use std::collections::BTreeMap;
use std::task::Waker;

pub(crate) use faults::PlannedFault;
pub(crate) use hosts::{HostId, Init};
pub(crate) use slab::SocketKey;
pub(crate) use syscalls::{LinkConfigSet, ReadOutcome, Readiness, Resolved};
pub(crate) use tcp::WINDOW;

use self::hosts::Hosts;
use self::links::Links;
use self::queue::Flight;
use self::slab::Slab;
use self::tcp::{Conn, Listener};
use self::udp::Udp;
use crate::net::plan::FaultPlan;

/// The network of one simulation.
pub(crate) struct Network {
    hosts: Hosts,
    links: Links,
    listeners: Slab<Listener>,
    /// The listener bound on each `(host, port)`.
    listener_ports: BTreeMap<(HostId, u16), SocketKey>,
    conns: Slab<Conn>,
    udps: Slab<Udp>,
    /// The UDP socket bound on each `(host, port)`.
    udp_ports: BTreeMap<(HostId, u16), SocketKey>,
    flight: Flight,
    /// Readers woken by deliveries, for the run loop to wake outside the core's borrow.
    woken: Vec<Waker>,
    /// The fault plan of the run, until the plan's task takes it.
    plan: Option<FaultPlan>,
    plan_started: bool,
    /// The host of the next task spawned, when it is not its spawner's (a host's init).
    spawning: Option<HostId>,
}

impl Network {
    pub(crate) fn new(plan: Option<FaultPlan>) -> Self {
        Self {
            hosts: Hosts::new(),
            links: Links::default(),
            listeners: Slab::default(),
            listener_ports: BTreeMap::new(),
            conns: Slab::default(),
            udps: Slab::default(),
            udp_ports: BTreeMap::new(),
            flight: Flight::default(),
            woken: Vec::new(),
            plan,
            plan_started: false,
            spawning: None,
        }
    }

    /// Every host as traces name it: `name (ip)`, by index.
    pub(crate) fn host_labels(&self) -> Vec<String> {
        (0..self.hosts.len() as HostId)
            .map(|h| format!("{} ({})", self.hosts.name(h), self.hosts.get(h).ip))
            .collect()
    }

    /// The host a task runs on.
    pub(crate) fn host_of(&self, task: crate::task::TaskId) -> HostId {
        self.hosts.host_of(task)
    }
}
