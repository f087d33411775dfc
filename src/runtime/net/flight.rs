//! Deliveries: what a message does when it arrives, and when the next one is due.

use std::cmp::Reverse;
use std::net::SocketAddr;
use std::time::Duration;

use super::hosts::{HostId, HostState};
use super::queue::Due;
use super::slab::SocketKey;
use super::tcp::{ConnState, Segment};
use super::udp::Datagram;
use super::{Network, Resolved};
use crate::runtime::core::Core;
use crate::runtime::tape_log::What;
use crate::runtime::timers::Fired;
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::NetKind;

impl Network {
    fn is_live(&self, seq: u64, due: Due) -> bool {
        match due {
            Due::Side(key, s) => self.conns.get(key).is_some_and(|c| c.sides[s].armed == Some(seq)),
            Due::Datagram(id) => id == seq && self.flight.datagrams.contains_key(&id),
        }
    }

    /// The earliest delivery due; stale entries (reset connections) are dropped on the way.
    pub(crate) fn next_due(&mut self) -> Option<Instant> {
        while let Some(&Reverse((at, seq, due))) = self.flight.heap.peek() {
            if self.is_live(seq, due) {
                return Some(at);
            }
            self.flight.heap.pop();
        }
        None
    }
}

/// A duration as the words of the network say it: `4.213ms`, `1.200s`.
pub(crate) fn duration_text(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{}.{:03}ms", d.as_millis(), d.as_micros() % 1000)
    } else {
        format!("{}.{:03}s", d.as_secs(), d.subsec_millis())
    }
}

impl Core {
    /// The network, made on first use.
    pub(in crate::runtime) fn network(&mut self) -> &mut Network {
        if self.net.is_none() {
            self.net = Some(Box::new(Network::new(self.config.faults.clone())));
        }
        self.net.as_mut().expect("the network was just made")
    }

    /// The network; only called where it exists (a socket or a host exists).
    pub(super) fn net(&mut self) -> &mut Network {
        self.net.as_mut().expect("simloop internal error: no network")
    }

    /// Records a network event for the acting task.
    pub(super) fn net_event(&mut self, kind: NetKind, host: HostId, detail: String) {
        let task = self.acting_task();
        self.record(task, crate::trace::EventKind::Net { kind, host, detail });
    }

    /// Records a network decision's words in the tape, when recording.
    pub(super) fn net_note(&mut self, text: impl FnOnce() -> String) {
        if self.rng.tape.is_recording() {
            self.note(self.steps, What::Net { text: text() });
        }
    }

    /// Draws the latency of a message from `from` to `to` (none on one host): a decision
    /// among the link's range, in microseconds.
    pub(super) fn net_latency(
        &mut self,
        from: HostId,
        to: HostId,
        what: impl FnOnce(&Network) -> String,
    ) -> Duration {
        if from == to {
            return Duration::ZERO;
        }
        let (min, max) = self.net().links.config(from, to).latency;
        let span = usize::try_from((max - min).as_micros()).unwrap_or(usize::MAX - 1);
        let choice = self.rng.net_decide(span + 1);
        let latency = min + Duration::from_micros(choice as u64);
        if choice != 0 && self.rng.tape.is_recording() {
            let what = what(self.net());
            self.net_note(|| format!("{what} takes {}", duration_text(latency)));
        }
        latency
    }

    /// The earliest delivery due, when the network exists.
    pub(in crate::runtime) fn net_next_due(&mut self) -> Option<Instant> {
        self.net.as_mut()?.next_due()
    }

    /// Whether a delivery is due by now (never without a network).
    pub(in crate::runtime) fn net_delivery_due(&mut self) -> bool {
        let now = self.clock;
        self.net_next_due().is_some_and(|d| d <= now)
    }

    /// Makes every delivery due by now, in `(due, sequence)` order; the readers to wake go
    /// into `fired`, after the timers.
    pub(in crate::runtime) fn net_deliver_due(&mut self, fired: &mut Vec<Fired>) {
        while let Some(net) = self.net.as_mut() {
            match net.next_due() {
                Some(at) if at <= self.clock => {}
                _ => break,
            }
            let Some(Reverse((_, seq, due))) = net.flight.heap.pop() else { break };
            match due {
                Due::Side(key, side) => self.deliver_segment(key, side, seq),
                Due::Datagram(id) => self.deliver_datagram(id),
            }
        }
        if let Some(net) = self.net.as_mut() {
            let clock = self.clock;
            fired.extend(net.woken.drain(..).map(|waker| Fired {
                deadline: clock,
                waker,
                task: TaskId::MAIN,
            }));
        }
    }

    /// Sends `segment` from side `s` of a connection: due after the link's latency, never
    /// before the side's previous segment.
    pub(super) fn send_segment(&mut self, key: SocketKey, s: usize, segment: Segment) {
        let Some(conn) = self.net().conns.get(key) else { return };
        let (from, to) = (conn.sides[s].host, conn.sides[1 - s].host);
        let (from_addr, to_addr) = (conn.sides[s].addr, conn.sides[1 - s].addr);
        let size = match &segment {
            Segment::Data(bytes) => format!(" ({} bytes)", bytes.len()),
            _ => String::new(),
        };
        let name = segment.name();
        let latency = self.net_latency(from, to, |net| {
            format!("the {name}{size} {}→{}", net.hosts.name(from), net.hosts.name(to))
        });
        let due = self.clock + latency;
        if matches!(segment, Segment::Data(_) | Segment::Fin) {
            self.net_event(NetKind::Send, from, format!("{from_addr} → {to_addr}: {name}{size}"));
        }
        let net = self.net();
        let Network { conns, flight, .. } = net;
        let side = &mut conns.get_mut(key).expect("a live connection").sides[s];
        let due = due.max(side.last_due);
        side.last_due = due;
        if let Segment::Data(bytes) = &segment {
            side.queued += bytes.len();
        }
        side.out.push_back((due, segment));
        if side.out.len() == 1 && side.armed.is_none() {
            side.armed = Some(flight.push(due, Due::Side(key, s)));
        }
    }

    fn deliver_segment(&mut self, key: SocketKey, s: usize, seq: u64) {
        let net = self.net();
        let Network { conns, flight, links, .. } = net;
        let Some(conn) = conns.get_mut(key) else { return };
        let r = 1 - s;
        let (from, to) = (conn.sides[s].host, conn.sides[r].host);
        conn.sides[s].armed = None;
        if links.blocked(from, to).is_some() {
            flight.blocked.insert((from, to, seq, Due::Side(key, s)));
            return;
        }
        let Some((_, segment)) = conn.sides[s].out.pop_front() else { return };
        if let Segment::Data(bytes) = &segment {
            conn.sides[s].queued -= bytes.len();
        }
        if let Some(&(at, _)) = conn.sides[s].out.front() {
            conn.sides[s].armed = Some(flight.push(at, Due::Side(key, s)));
        }
        let (from_addr, to_addr) = (conn.sides[s].addr, conn.sides[r].addr);
        match segment {
            Segment::Syn => self.deliver_syn(key),
            Segment::SynAck => {
                let conn = self.net().conns.get_mut(key).expect("a live connection");
                if conn.sides[0].open {
                    conn.state = ConnState::Open;
                    let wakers = conn.sides[0].readers.take();
                    self.net().woken.extend(wakers);
                } else {
                    // The client gave up before the answer: the server side is reset.
                    self.reset_side(key, 1);
                }
            }
            Segment::Refused => {
                let conn = self.net().conns.get_mut(key).expect("a live connection");
                conn.state = ConnState::Refused;
                let wakers = conn.sides[0].readers.take();
                self.net().woken.extend(wakers);
                self.net_event(NetKind::Refused, to, format!("{from_addr} → {to_addr}"));
            }
            Segment::Data(bytes) => {
                let n = bytes.len();
                let conn = self.net().conns.get_mut(key).expect("a live connection");
                if conn.sides[r].open && !conn.sides[r].reset {
                    conn.sides[r].recv.extend(bytes);
                    conn.sides[r].read_ready = true;
                    let wakers = conn.sides[r].readers.take();
                    self.net().woken.extend(wakers);
                    let detail = format!("{from_addr} → {to_addr}: data ({n} bytes)");
                    self.net_event(NetKind::Deliver, to, detail);
                } else {
                    // Data for a side nobody holds: the receiver answers with a reset.
                    self.net_event(
                        NetKind::Drop,
                        to,
                        format!("{from_addr} → {to_addr}: {n} bytes for a closed socket"),
                    );
                    self.reset_side(key, s);
                }
            }
            Segment::Fin => {
                let conn = self.net().conns.get_mut(key).expect("a live connection");
                conn.sides[r].eof = true;
                conn.sides[r].read_ready = true;
                let wakers = conn.sides[r].readers.take();
                self.net().woken.extend(wakers);
                self.net_event(NetKind::Deliver, to, format!("{from_addr} → {to_addr}: FIN"));
            }
            Segment::Rst => {
                self.net_event(NetKind::Deliver, to, format!("{from_addr} → {to_addr}: RST"));
                self.reset_side(key, r);
            }
        }
        self.free_if_done(key);
    }

    /// A SYN arrived at the server's host: a listener takes the connection, or nobody does.
    fn deliver_syn(&mut self, key: SocketKey) {
        let net = self.net();
        let conn = net.conns.get(key).expect("a live connection");
        let (client, server) = (conn.sides[0].addr, conn.sides[1].addr);
        let host = conn.sides[1].host;
        if net.hosts.get(host).state == HostState::Down {
            self.net_event(
                NetKind::Drop,
                host,
                format!("{client} → {server}: SYN to a crashed host"),
            );
            return;
        }
        let epoch = net.hosts.get(host).epoch;
        let listener = net.listener_ports.get(&(host, server.port())).copied();
        let accepted =
            listener.filter(|l| net.listeners.get(*l).is_some_and(|l| accepts(l.addr, server)));
        match accepted {
            Some(listener) => {
                let conn = net.conns.get_mut(key).expect("a live connection");
                conn.sides[1].open = true;
                conn.sides[1].epoch = epoch;
                // As tokio's: an accepted socket is taken to be readable until a read finds
                // nothing.
                conn.sides[1].read_ready = true;
                let l = net.listeners.get_mut(listener).expect("a live listener");
                l.backlog.push_back(key);
                let wakers = l.waiters.take();
                net.woken.extend(wakers);
                self.net_event(NetKind::Accept, host, format!("{client} → {server}"));
                self.send_segment(key, 1, Segment::SynAck);
            }
            None => self.send_segment(key, 1, Segment::Refused),
        }
    }

    /// Resets side `s` of a connection: its reads past what it received, and its writes, fail.
    pub(super) fn reset_side(&mut self, key: SocketKey, s: usize) {
        let Some(conn) = self.net().conns.get_mut(key) else { return };
        let side = &mut conn.sides[s];
        if side.reset {
            return;
        }
        side.reset = true;
        side.read_ready = true;
        side.out.clear();
        side.queued = 0;
        side.armed = None;
        let mut wakers = side.readers.take();
        wakers.extend(side.writers.take());
        let (host, addr, peer) = (side.host, side.addr, conn.sides[1 - s].addr);
        self.net().woken.extend(wakers);
        self.net_event(NetKind::Reset, host, format!("{addr} (peer {peer})"));
    }

    pub(super) fn free_if_done(&mut self, key: SocketKey) {
        let net = self.net();
        if net.conns.get(key).is_some_and(|c| c.is_done()) {
            net.conns.remove(key);
        }
    }

    /// Sends a datagram: lost, duplicated and delayed as its link says.
    pub(super) fn send_datagram(
        &mut self,
        from: (HostId, SocketAddr),
        to: Resolved,
        bytes: Vec<u8>,
    ) {
        let (from_host, from_addr) = from;
        let net = self.net();
        let config = net.links.config(from_host, to.host);
        let from_epoch = net.hosts.get(from_host).epoch;
        let words = |net: &Network| {
            format!(
                "the datagram {}→{} ({} bytes)",
                net.hosts.name(from_host),
                net.hosts.name(to.host),
                bytes.len()
            )
        };
        let detail = format!("{from_addr} → {}: datagram ({} bytes)", to.addr, bytes.len());
        self.net_event(NetKind::Send, from_host, detail.clone());
        let remote = from_host != to.host;
        if remote && self.rng.net_chance(config.loss) {
            let text = words(self.net());
            self.net_note(|| format!("lost {text}"));
            self.net_event(NetKind::Drop, from_host, format!("{detail}: lost"));
            return;
        }
        let copies = if remote && self.rng.net_chance(config.duplicate) {
            let text = words(self.net());
            self.net_note(|| format!("duplicated {text}"));
            self.net_event(NetKind::Duplicate, from_host, detail);
            2
        } else {
            1
        };
        for _ in 0..copies {
            let latency = self.net_latency(from_host, to.host, words);
            let at = self.clock + latency;
            let datagram = Datagram {
                from_host,
                from_epoch,
                to_host: to.host,
                from: from_addr,
                to: to.addr,
                bytes: bytes.clone(),
            };
            self.net().flight.push_datagram(at, datagram);
        }
    }

    fn deliver_datagram(&mut self, id: u64) {
        let net = self.net();
        let Some(datagram) = net.flight.datagrams.remove(&id) else { return };
        let (from, to) = (datagram.from_host, datagram.to_host);
        let detail = format!(
            "{} → {}: datagram ({} bytes)",
            datagram.from,
            datagram.to,
            datagram.bytes.len()
        );
        if net.hosts.get(from).epoch != datagram.from_epoch {
            return self.net_event(NetKind::Drop, to, format!("{detail}: its sender crashed"));
        }
        match net.links.blocked(from, to) {
            Some(true) => {
                return self.net_event(NetKind::Drop, to, format!("{detail}: partitioned"));
            }
            Some(false) => {
                // Not due until released.
                let id = net.flight.park_datagram(datagram);
                net.flight.blocked.insert((from, to, id, Due::Datagram(id)));
                return;
            }
            None => {}
        }
        if net.hosts.get(to).state == HostState::Down {
            return self.net_event(NetKind::Drop, to, format!("{detail}: its host is down"));
        }
        let socket = net.udp_ports.get(&(to, datagram.to.port())).copied();
        let socket = socket
            .and_then(|key| net.udps.get_mut(key))
            .filter(|u| accepts(u.addr, datagram.to) && u.peer.is_none_or(|p| p == datagram.from));
        match socket {
            Some(udp) => {
                udp.queue.push_back((datagram.bytes, datagram.from));
                let wakers = udp.readers.take();
                net.woken.extend(wakers);
                self.net_event(NetKind::Deliver, to, detail);
            }
            None => {
                self.net_event(NetKind::Drop, to, format!("{detail}: no socket"));
                self.udp_unreachable(datagram.from_host, datagram.from, datagram.to);
            }
        }
    }

    /// A datagram from `from` found no socket at `to`: the port unreachable answer reaches a
    /// sender connected to `to` (as ICMP does), whose next receive fails.
    fn udp_unreachable(&mut self, host: HostId, from: SocketAddr, to: SocketAddr) {
        let net = self.net();
        let sender = net.udp_ports.get(&(host, from.port())).copied();
        if let Some(udp) = sender.and_then(|key| net.udps.get_mut(key)) {
            if udp.peer == Some(to) {
                udp.refused = true;
                let wakers = udp.readers.take();
                net.woken.extend(wakers);
            }
        }
    }

    /// Delivers again what a cut or held link from `from` to `to` blocked, now that it is
    /// open: each message due after a fresh latency, in the order they were sent.
    pub(super) fn unblock(&mut self, from: HostId, to: HostId) {
        let net = self.net();
        if net.links.blocked(from, to).is_some() {
            return;
        }
        let range = (from, to, 0, Due::Datagram(0))..(from, to + 1, 0, Due::Datagram(0));
        let entries: Vec<_> = net.flight.blocked.range(range).copied().collect();
        for entry in entries {
            self.net().flight.blocked.remove(&entry);
            match entry.3 {
                Due::Side(key, s) => {
                    let latency = self.net_latency(from, to, |_| "a segment held back".into());
                    let at = self.clock + latency;
                    let Network { conns, flight, .. } = self.net();
                    if let Some(conn) = conns.get_mut(key) {
                        let side = &mut conn.sides[s];
                        if side.out.is_empty() || side.armed.is_some() {
                            continue;
                        }
                        for (due, _) in side.out.iter_mut() {
                            *due = (*due).max(at);
                        }
                        side.last_due = side.last_due.max(at);
                        side.armed = Some(flight.push(at, Due::Side(key, s)));
                    }
                }
                Due::Datagram(id) => {
                    let Some(datagram) = self.net().flight.datagrams.remove(&id) else { continue };
                    let latency = self.net_latency(from, to, |_| "a datagram held back".into());
                    let at = self.clock + latency;
                    self.net().flight.push_datagram(at, datagram);
                }
            }
        }
    }
}

/// Whether a socket bound to `bound` receives what is sent to `to` (same port): bound to the
/// unspecified address, to `to`'s address, or both loopback.
pub(crate) fn accepts(bound: SocketAddr, to: SocketAddr) -> bool {
    bound.ip().is_unspecified()
        || bound.ip() == to.ip()
        || (bound.ip().is_loopback() && to.ip().is_loopback())
}
