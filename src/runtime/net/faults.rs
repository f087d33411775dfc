//! Machine and network faults: crash, restart, pause, resume, partitions, held links,
//! latency spikes, and the decisions of a fault plan.

use std::task::Waker;
use std::time::Duration;

use super::Network;
use super::flight::duration_text;
use super::hosts::{HostId, HostState, Init, MAIN_HOST};
use super::links::pair;
use crate::net::plan::threshold;
use crate::runtime::core::Core;
use crate::task::TaskId;
use crate::trace::NetKind;

/// A fault the plan decided on, for the plan's task to carry out (and undo after `lasting`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum PlannedFault {
    Partition { a: HostId, b: HostId, lasting: Duration },
    Crash { host: HostId, lasting: Duration },
    Spike { host: HostId, lasting: Duration },
}

impl Core {
    /// Crashes `host`: its tasks are aborted (dropped at their next scheduling point), its
    /// connections reset at both ends, its listeners and UDP sockets forgotten, the data in
    /// flight from and to it gone. Returns the readers to wake.
    pub(super) fn crash_host(&mut self, host: HostId) -> Vec<Waker> {
        let net = self.net();
        let h = net.hosts.get_mut(host);
        if h.state == HostState::Down {
            return Vec::new();
        }
        h.state = HostState::Down;
        h.epoch += 1;
        let parked = std::mem::take(&mut h.parked);
        let name = h.name.to_string();
        let tasks: Vec<TaskId> = net.hosts.tasks_of(host).collect();
        parked.into_iter().for_each(|id| self.schedule(id));
        self.net_event(NetKind::Crash, host, name);
        for task in tasks {
            self.abort_id(task);
        }
        let net = self.net();
        let listeners: Vec<_> =
            net.listener_ports.range((host, 0)..=(host, u16::MAX)).map(|(k, v)| (*k, *v)).collect();
        for (port, key) in listeners {
            self.net().listener_ports.remove(&port);
            if let Some(mut listener) = self.net().listeners.remove(key) {
                self.net().woken.extend(listener.waiters.take());
                for conn in listener.backlog {
                    self.reset_side(conn, 0);
                    self.close_dead_side(conn, 1);
                }
            }
        }
        let conns: Vec<_> = self
            .net()
            .conns
            .iter()
            .filter(|(_, c)| c.sides.iter().any(|s| s.host == host))
            .map(|(k, _)| k)
            .collect();
        for key in conns {
            for s in 0..2 {
                let on_host = self.net().conns.get(key).is_some_and(|c| c.sides[s].host == host);
                if on_host {
                    self.reset_side(key, s);
                    self.close_dead_side(key, s);
                } else {
                    self.reset_side(key, s);
                }
            }
            self.free_if_done(key);
        }
        let udps: Vec<_> = self
            .net()
            .udp_ports
            .range((host, 0)..=(host, u16::MAX))
            .map(|(k, v)| (*k, *v))
            .collect();
        for (port, key) in udps {
            self.net().udp_ports.remove(&port);
            if let Some(mut udp) = self.net().udps.remove(key) {
                self.net().woken.extend(udp.readers.take());
            }
        }
        std::mem::take(&mut self.net().woken)
    }

    /// A side whose host crashed: nothing holds it any more, and what it received is gone.
    fn close_dead_side(&mut self, key: crate::runtime::net::SocketKey, s: usize) {
        if let Some(conn) = self.net().conns.get_mut(key) {
            let side = &mut conn.sides[s];
            side.recv.clear();
            side.out.clear();
            side.queued = 0;
            side.armed = None;
            // A handle may still exist (held elsewhere): it sees a reset connection.
            side.reset = true;
        }
    }

    /// Restarts `host` (crashing it first when it is up): returns its init, for the caller
    /// to make the future of its new main task, and the readers to wake.
    pub(super) fn restart_host(&mut self, host: HostId) -> (Option<Init>, Vec<Waker>) {
        let wakers = self.crash_host(host);
        let net = self.net();
        let h = net.hosts.get_mut(host);
        h.state = HostState::Up;
        let init = h.init.clone();
        let name = h.name.to_string();
        self.net_event(NetKind::Restart, host, name);
        (init, wakers)
    }

    pub(super) fn pause_host(&mut self, host: HostId) {
        let h = self.net().hosts.get_mut(host);
        if h.state == HostState::Up {
            h.state = HostState::Paused;
            let name = h.name.to_string();
            self.net_event(NetKind::Pause, host, name);
        }
    }

    pub(super) fn resume_host(&mut self, host: HostId) {
        let h = self.net().hosts.get_mut(host);
        if h.state == HostState::Paused {
            h.state = HostState::Up;
            let parked = std::mem::take(&mut h.parked);
            let name = h.name.to_string();
            parked.into_iter().for_each(|id| self.schedule(id));
            self.net_event(NetKind::Resume, host, name);
        }
    }

    /// Whether task `id`, just picked, is set aside instead of polled: its host is paused.
    /// A task asked to stop (a crash, an abort) is not: it is dropped.
    pub(in crate::runtime) fn net_parks(&mut self, id: TaskId) -> bool {
        let Some(net) = self.net.as_mut() else { return false };
        let host = net.hosts.host_of(id);
        if host == MAIN_HOST || net.hosts.get(host).state != HostState::Paused {
            return false;
        }
        if self.tasks.task(id).is_some_and(|t| t.sched().is_aborted()) {
            return false;
        }
        self.net().hosts.get_mut(host).parked.push(id);
        true
    }

    pub(super) fn cut(&mut self, from: HostId, to: HostId, both: bool) {
        let net = self.net();
        net.links.cut.insert((from, to));
        if both {
            net.links.cut.insert((to, from));
        }
        let arrow = if both { "|" } else { "->" };
        let text = format!("{}{arrow}{}", net.hosts.name(from), net.hosts.name(to));
        self.net_event(NetKind::Partition, from, text);
    }

    pub(super) fn repair(&mut self, a: HostId, b: HostId) {
        let net = self.net();
        let was = net.links.cut.remove(&(a, b)) | net.links.cut.remove(&(b, a));
        if was {
            let text = format!("{}|{}", net.hosts.name(a), net.hosts.name(b));
            self.net_event(NetKind::Repair, a, text);
        }
        self.unblock(a, b);
        self.unblock(b, a);
    }

    pub(super) fn hold(&mut self, from: HostId, to: HostId) {
        let net = self.net();
        net.links.held.insert((from, to));
        let text = format!("{}->{}", net.hosts.name(from), net.hosts.name(to));
        self.net_event(NetKind::Hold, from, text);
    }

    pub(super) fn release(&mut self, from: HostId, to: HostId) {
        let net = self.net();
        if net.links.held.remove(&(from, to)) {
            let text = format!("{}->{}", net.hosts.name(from), net.hosts.name(to));
            self.net_event(NetKind::Release, from, text);
        }
        self.unblock(from, to);
    }

    /// Multiplies the latency of every link of `host` by `factor`; `1` ends a spike.
    pub(super) fn spike(&mut self, host: HostId, factor: u32) {
        let net = self.net();
        for other in 0..net.hosts.len() as HostId {
            if other == host {
                continue;
            }
            if factor > 1 {
                net.links.spikes.insert(pair(host, other), factor);
            } else {
                net.links.spikes.remove(&pair(host, other));
            }
        }
        let text = format!("links of {} at {factor}x latency", net.hosts.name(host));
        self.net_event(NetKind::Latency, host, text);
    }

    /// One draw of the fault plan: the faults to carry out now, each with how long it lasts.
    pub(super) fn plan_tick(&mut self) -> Vec<PlannedFault> {
        let Some(plan) = self.config.faults.clone() else { return Vec::new() };
        let mut faults = Vec::new();
        let hosts = self.net().hosts.len() as HostId;
        let lasting = |core: &mut Self| {
            let (min, max) = plan.lasting;
            let span = usize::try_from((max - min).as_micros()).unwrap_or(usize::MAX - 1);
            min + Duration::from_micros(core.rng.net_draw(span + 1) as u64)
        };
        if hosts >= 2 && self.rng.net_chance(threshold(plan.partition)) {
            let pairs = (hosts * (hosts - 1) / 2) as usize;
            let mut i = self.rng.net_decide(pairs) as HostId;
            let mut a = 0;
            while i >= hosts - 1 - a {
                i -= hosts - 1 - a;
                a += 1;
            }
            let b = a + 1 + i;
            let lasting = lasting(self);
            let net = self.net();
            let text = format!(
                "partitioned {}|{} for {} (fault plan)",
                net.hosts.name(a),
                net.hosts.name(b),
                duration_text(lasting)
            );
            self.net_note(|| text);
            faults.push(PlannedFault::Partition { a, b, lasting });
        }
        let up: Vec<HostId> =
            (1..hosts).filter(|h| self.net().hosts.get(*h).state != HostState::Down).collect();
        if !up.is_empty() && self.rng.net_chance(threshold(plan.crash)) {
            let host = up[self.rng.net_decide(up.len())];
            let lasting = lasting(self);
            let text = format!(
                "crashed {}, restarting it after {} (fault plan)",
                self.net().hosts.name(host),
                duration_text(lasting)
            );
            self.net_note(|| text);
            faults.push(PlannedFault::Crash { host, lasting });
        }
        if hosts >= 2 && self.rng.net_chance(threshold(plan.latency_spike)) {
            let host = self.rng.net_decide(hosts as usize) as HostId;
            let lasting = lasting(self);
            let text = format!(
                "latency of {}'s links times {} for {} (fault plan)",
                self.net().hosts.name(host),
                plan.spike,
                duration_text(lasting)
            );
            self.net_note(|| text);
            faults.push(PlannedFault::Spike { host, lasting });
        }
        faults
    }
}

impl Network {
    /// The spike factor of the plan.
    pub(super) fn spike_factor(&self) -> u32 {
        self.plan.as_ref().map_or(10, |p| p.spike)
    }
}
