//! Hosts: names, addresses, states, and which host each task runs on.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::pin::Pin;
use std::rc::Rc;

use crate::task::TaskId;

/// A host's index: `0` is the main host, then the declared hosts in declaration order.
pub(crate) type HostId = u32;

/// The main host: where every task runs that no declared host's task spawned.
pub(crate) const MAIN_HOST: HostId = 0;

/// A host's init: makes the future of its main task, at its start and at each restart.
pub(crate) type Init = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostState {
    Up,
    Paused,
    Down,
}

pub(crate) struct Host {
    pub(crate) name: Box<str>,
    pub(crate) ip: Ipv4Addr,
    pub(crate) state: HostState,
    /// Bumped at each crash: messages sent before it are gone.
    pub(crate) epoch: u64,
    pub(crate) init: Option<Init>,
    next_port: u16,
    /// Tasks picked while the host was paused, ready again when it resumes.
    pub(crate) parked: Vec<TaskId>,
}

/// The first ephemeral port, as Linux's default range.
const EPHEMERAL: u16 = 49152;

pub(crate) struct Hosts {
    hosts: Vec<Host>,
    /// The host of each task by task index; tasks past its end run on the main host.
    task_hosts: Vec<HostId>,
}

impl Hosts {
    pub(crate) fn new() -> Self {
        let main = Host {
            name: "main".into(),
            ip: Ipv4Addr::new(10, 0, 0, 1),
            state: HostState::Up,
            epoch: 0,
            init: None,
            next_port: EPHEMERAL,
            parked: Vec::new(),
        };
        Self { hosts: vec![main], task_hosts: Vec::new() }
    }

    /// Declares a host: the next address of `10.0.0.0/8` (the main host is `10.0.0.1`).
    pub(crate) fn add(&mut self, name: &str, init: Init) -> HostId {
        let id = self.hosts.len() as HostId;
        let n = id + 1;
        let ip = Ipv4Addr::new(10, (n >> 16) as u8, (n >> 8) as u8, n as u8);
        self.hosts.push(Host {
            name: name.into(),
            ip,
            state: HostState::Up,
            epoch: 0,
            init: Some(init),
            next_port: EPHEMERAL,
            parked: Vec::new(),
        });
        id
    }

    pub(crate) fn get(&self, id: HostId) -> &Host {
        &self.hosts[id as usize]
    }

    pub(crate) fn get_mut(&mut self, id: HostId) -> &mut Host {
        &mut self.hosts[id as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.hosts.len()
    }

    pub(crate) fn by_name(&self, name: &str) -> Option<HostId> {
        self.hosts.iter().position(|h| &*h.name == name).map(|i| i as HostId)
    }

    pub(crate) fn by_ip(&self, ip: IpAddr) -> Option<HostId> {
        match ip {
            IpAddr::V4(v4) => self.hosts.iter().position(|h| h.ip == v4).map(|i| i as HostId),
            IpAddr::V6(v6) => v6.to_ipv4_mapped().and_then(|v4| self.by_ip(IpAddr::V4(v4))),
        }
    }

    pub(crate) fn name(&self, id: HostId) -> &str {
        &self.hosts[id as usize].name
    }

    pub(crate) fn host_of(&self, task: TaskId) -> HostId {
        self.task_hosts.get(task.index()).copied().unwrap_or(MAIN_HOST)
    }

    pub(crate) fn set_host(&mut self, task: TaskId, host: HostId) {
        let i = task.index();
        if self.task_hosts.len() <= i {
            self.task_hosts.resize(i + 1, MAIN_HOST);
        }
        self.task_hosts[i] = host;
    }

    /// The tasks of `host`, in id order.
    pub(crate) fn tasks_of(&self, host: HostId) -> impl Iterator<Item = TaskId> + '_ {
        self.task_hosts
            .iter()
            .enumerate()
            .filter(move |(_, h)| **h == host)
            .map(|(i, _)| TaskId::new(i as u64))
    }

    /// A free ephemeral port of `host`, for which `taken` says no.
    pub(crate) fn ephemeral_port(&mut self, host: HostId, taken: impl Fn(u16) -> bool) -> u16 {
        let h = &mut self.hosts[host as usize];
        loop {
            let port = h.next_port;
            h.next_port = if port == u16::MAX { EPHEMERAL } else { port + 1 };
            if !taken(port) {
                return port;
            }
        }
    }
}
