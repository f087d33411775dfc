//! What the API (`simloop::net`) may ask of the network: hosts, names, sockets, faults.
//!
//! Every method acts for the task whose code runs (its host is the caller's host). Methods
//! that return wakers hand them back to be woken by the caller after the core is returned.
//!
//! | method | for |
//! | --- | --- |
//! | [`net_declare_host`](Core::net_declare_host), [`net_spawn_on`](Core::net_spawn_on), [`net_take_plan`](Core::net_take_plan) | `net::host`, and the fault plan's task |
//! | [`net_host`](Core::net_host), [`net_host_name`](Core::net_host_name), [`net_resolve`](Core::net_resolve), [`net_route`](Core::net_route) | names and addresses |
//! | [`net_bind_listener`](Core::net_bind_listener), [`net_poll_accept`](Core::net_poll_accept), [`net_close_listener`](Core::net_close_listener) | `TcpListener` |
//! | [`net_connect`](Core::net_connect), [`net_poll_connect`](Core::net_poll_connect), [`net_poll_read`](Core::net_poll_read), [`net_poll_ready`](Core::net_poll_ready), [`net_write`](Core::net_write), [`net_shutdown`](Core::net_shutdown), [`net_close_side`](Core::net_close_side), [`net_side_addrs`](Core::net_side_addrs) | `TcpStream` and its halves |
//! | [`net_bind_udp`](Core::net_bind_udp), [`net_udp_connect`](Core::net_udp_connect), [`net_udp_send`](Core::net_udp_send), [`net_udp_poll_recv`](Core::net_udp_poll_recv), [`net_udp_poll_ready`](Core::net_udp_poll_ready), [`net_udp_close`](Core::net_udp_close), [`net_udp_addrs`](Core::net_udp_addrs) | `UdpSocket` |
//! | [`net_crash`](Core::net_crash), [`net_restart`](Core::net_restart), [`net_pause`](Core::net_pause), [`net_resume`](Core::net_resume) | machine faults |
//! | [`net_partition`](Core::net_partition), [`net_repair`](Core::net_repair), [`net_hold`](Core::net_hold), [`net_release`](Core::net_release), [`net_set_link`](Core::net_set_link), [`net_spike`](Core::net_spike), [`net_plan_tick`](Core::net_plan_tick) | links, and the fault plan |

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::panic::Location;
use std::task::{Poll, Waker};
use std::time::Duration;

use super::faults::PlannedFault;
use super::hosts::{HostId, HostState, Init, MAIN_HOST};
use super::links::pair;
use super::slab::SocketKey;
use super::tcp::{Conn, ConnState, Listener, Segment, Side, WINDOW};
use super::udp::Udp;
use crate::net::plan::FaultPlan;
use crate::runtime::core::Core;
use crate::runtime::task::JoinRef;
use crate::trace::NetKind;

/// An address as the network routes it: the host it reaches, and the address itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub(crate) host: HostId,
    pub(crate) addr: SocketAddr,
}

/// What a read found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReadOutcome {
    /// Bytes were copied (`0`: end of file).
    Read(usize),
    /// Nothing to read yet.
    Pending,
}

/// The readiness of a socket, as tokio's `Ready` says it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Readiness {
    pub(crate) readable: bool,
    pub(crate) writable: bool,
    pub(crate) read_closed: bool,
    pub(crate) write_closed: bool,
}

impl Readiness {
    /// Whether any of the readiness asked for (`read`, `write`) is there.
    fn any(self, read: bool, write: bool) -> bool {
        (read && (self.readable || self.read_closed))
            || (write && (self.writable || self.write_closed))
    }
}

fn err(kind: io::ErrorKind, text: &str) -> io::Error {
    io::Error::new(kind, text.to_owned())
}

impl Core {
    fn caller_host(&mut self) -> HostId {
        let task = self.acting_task();
        self.network().hosts.host_of(task)
    }

    /// Declares a host named `name`; `Err` names the problem (a taken name).
    pub(crate) fn net_declare_host(&mut self, name: &str, init: Init) -> Result<HostId, String> {
        let net = self.network();
        if net.hosts.by_name(name).is_some() {
            return Err(format!("a host named `{name}` already exists"));
        }
        if name.parse::<IpAddr>().is_ok() || name == "localhost" || name.contains(':') {
            return Err(format!("`{name}` is not a host name: use a name such as \"db\""));
        }
        let id = net.hosts.add(name, init);
        let ip = net.hosts.get(id).ip;
        self.net_event(NetKind::Host, id, format!("{name} is {ip}"));
        Ok(id)
    }

    /// The fault plan, the first time it is asked for (its task is then started).
    pub(crate) fn net_take_plan(&mut self) -> Option<FaultPlan> {
        let faults = self.config.faults.clone();
        let net = self.network();
        if net.plan_started {
            return None;
        }
        net.plan_started = true;
        net.plan = faults.clone();
        faults
    }

    /// Spawns `future` as a task of `host` (a daemon: a host's tasks may outlive the test).
    pub(crate) fn net_spawn_on<F>(
        &mut self,
        host: HostId,
        future: F,
        name: Option<Box<str>>,
        site: &'static Location<'static>,
    ) -> JoinRef<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        self.network().spawning = Some(host);
        self.spawn_task(future, name, (true, false), site)
    }

    /// Which host a task spawned now runs on, and whether it is a daemon (every task of a
    /// declared host is). Called by `spawn_task`.
    pub(in crate::runtime) fn net_adopt(&mut self, daemon: bool) -> (Option<HostId>, bool) {
        let current = self.current;
        let Some(net) = self.net.as_mut() else { return (None, daemon) };
        let host = net
            .spawning
            .take()
            .unwrap_or_else(|| current.map_or(MAIN_HOST, |t| net.hosts.host_of(t)));
        (Some(host), daemon || host != MAIN_HOST)
    }

    /// Sets the host of a task just spawned.
    pub(in crate::runtime) fn net_adopted(&mut self, task: crate::task::TaskId, host: HostId) {
        self.net().hosts.set_host(task, host);
    }

    /// A host by name.
    pub(crate) fn net_host(&mut self, name: &str) -> Option<HostId> {
        self.network().hosts.by_name(name)
    }

    /// A host's name.
    pub(crate) fn net_host_name(&mut self, host: HostId) -> String {
        self.network().hosts.name(host).to_owned()
    }

    /// The address a name resolves to: a host's, or loopback for `localhost`.
    pub(crate) fn net_resolve(&mut self, name: &str) -> Option<IpAddr> {
        if name == "localhost" {
            return Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        let net = self.network();
        net.hosts.by_name(name).map(|h| IpAddr::V4(net.hosts.get(h).ip))
    }

    /// Where an address leads from the calling task's host: loopback and the unspecified
    /// address to its own host, a host's address to that host.
    pub(crate) fn net_route(&mut self, addr: SocketAddr) -> io::Result<Resolved> {
        let me = self.caller_host();
        let ip = addr.ip();
        if ip.is_loopback() || ip.is_unspecified() {
            return Ok(Resolved { host: me, addr });
        }
        match self.net().hosts.by_ip(ip) {
            Some(host) => Ok(Resolved { host, addr }),
            None => Err(err(
                io::ErrorKind::HostUnreachable,
                &format!("no simulated host has the address {ip}"),
            )),
        }
    }

    /// The address a socket of the calling task's host binds: `addr` with its port chosen
    /// when `0`; `Err` when the address is not the host's or the port is taken.
    fn bind_addr(&mut self, addr: SocketAddr, udp: bool) -> io::Result<(HostId, SocketAddr)> {
        let me = self.caller_host();
        let net = self.net();
        let own = IpAddr::V4(net.hosts.get(me).ip);
        let ip = addr.ip();
        let mapped = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4),
            IpAddr::V4(_) => None,
        };
        if !(ip.is_unspecified() || ip.is_loopback() || ip == own || mapped == Some(own)) {
            return Err(err(
                io::ErrorKind::AddrNotAvailable,
                &format!("{ip} is not an address of host `{}` ({own})", net.hosts.name(me)),
            ));
        }
        let ports = if udp { &net.udp_ports } else { &net.listener_ports };
        let port = match addr.port() {
            0 => {
                let (l, u) = (&net.listener_ports, &net.udp_ports);
                net.hosts
                    .ephemeral_port(me, |p| l.contains_key(&(me, p)) || u.contains_key(&(me, p)))
            }
            port if ports.contains_key(&(me, port)) => {
                return Err(err(io::ErrorKind::AddrInUse, &format!("{addr} is in use")));
            }
            port => port,
        };
        Ok((me, SocketAddr::new(ip, port)))
    }

    /// Binds a listener.
    pub(crate) fn net_bind_listener(
        &mut self,
        addr: SocketAddr,
    ) -> io::Result<(SocketKey, SocketAddr)> {
        let (host, addr) = self.bind_addr(addr, false)?;
        let net = self.net();
        let listener =
            Listener { host, addr, backlog: Default::default(), waiters: Default::default() };
        let key = net.listeners.insert(listener);
        net.listener_ports.insert((host, addr.port()), key);
        self.net_event(NetKind::Bind, host, format!("TCP listener {addr}"));
        Ok((key, addr))
    }

    /// The oldest connection a listener accepted, or `Pending` (waking `waker` at the next).
    pub(crate) fn net_poll_accept(
        &mut self,
        key: SocketKey,
        waker: &Waker,
    ) -> Poll<io::Result<(SocketKey, SocketAddr)>> {
        let net = self.network();
        let Some(listener) = net.listeners.get_mut(key) else {
            return Poll::Ready(Err(err(
                io::ErrorKind::ConnectionAborted,
                "the listener's host crashed",
            )));
        };
        match listener.backlog.pop_front() {
            Some(conn) => {
                let peer = net.conns.get(conn).map(|c| c.sides[0].addr);
                let peer = peer.expect("an accepted connection is live");
                Poll::Ready(Ok((conn, peer)))
            }
            None => {
                listener.waiters.register(waker);
                Poll::Pending
            }
        }
    }

    /// A listener's address.
    pub(crate) fn net_listener_addr(&mut self, key: SocketKey) -> io::Result<SocketAddr> {
        let net = self.network();
        net.listeners
            .get(key)
            .map(|l| l.addr)
            .ok_or_else(|| err(io::ErrorKind::NotConnected, "the listener's host crashed"))
    }

    /// Closes a listener: connections it accepted and nobody took are reset.
    pub(crate) fn net_close_listener(&mut self, key: SocketKey) -> Vec<Waker> {
        let Some(net) = self.net.as_mut() else { return Vec::new() };
        let Some(listener) = net.listeners.remove(key) else { return Vec::new() };
        net.listener_ports.remove(&(listener.host, listener.addr.port()));
        for conn in listener.backlog {
            self.net_close_side(conn, 1, false);
        }
        std::mem::take(&mut self.net().woken)
    }

    /// Starts connecting to `to` from the calling task's host: the SYN leaves.
    pub(crate) fn net_connect(&mut self, to: Resolved) -> io::Result<SocketKey> {
        let me = self.caller_host();
        let net = self.net();
        let local_ip = match to.addr.ip() {
            IpAddr::V4(ip) if ip.is_loopback() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_loopback() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip if ip.is_unspecified() => ip,
            _ => IpAddr::V4(net.hosts.get(me).ip),
        };
        let (l, u) = (&net.listener_ports, &net.udp_ports);
        let port =
            net.hosts.ephemeral_port(me, |p| l.contains_key(&(me, p)) || u.contains_key(&(me, p)));
        let local = SocketAddr::new(local_ip, port);
        let epoch = net.hosts.get(me).epoch;
        let conn = Conn {
            sides: [Side::new(me, epoch, local, true), Side::new(to.host, 0, to.addr, false)],
            state: ConnState::Connecting,
        };
        let key = net.conns.insert(conn);
        self.net_event(NetKind::Connect, me, format!("{local} → {}", to.addr));
        self.send_segment(key, 0, Segment::Syn);
        Ok(key)
    }

    /// Whether a connection started by `net_connect` is open.
    pub(crate) fn net_poll_connect(
        &mut self,
        key: SocketKey,
        waker: &Waker,
    ) -> Poll<io::Result<()>> {
        let net = self.network();
        let Some(conn) = net.conns.get_mut(key) else {
            return Poll::Ready(Err(err(io::ErrorKind::ConnectionReset, "connection reset")));
        };
        if conn.sides[0].reset {
            return Poll::Ready(Err(err(io::ErrorKind::ConnectionReset, "connection reset")));
        }
        match conn.state {
            ConnState::Open => Poll::Ready(Ok(())),
            ConnState::Refused => {
                let to = conn.sides[1].addr;
                Poll::Ready(Err(err(
                    io::ErrorKind::ConnectionRefused,
                    &format!(
                        "connection refused: nobody listens on {to} in the simulation (a \
                         socket of the OS, such as a std::net listener, is not seen there: \
                         bind it with simloop::net or tokio::net inside the simulation)"
                    ),
                )))
            }
            ConnState::Connecting => {
                conn.sides[0].readers.register(waker);
                Poll::Pending
            }
        }
    }

    /// Reads (or, with `peek`, copies without consuming) what side `s` received into `buf`;
    /// with no `waker` (a `try_` read) nothing waits. Returns the writers to wake too: what
    /// the read consumed opens the peer's window.
    pub(crate) fn net_poll_read(
        &mut self,
        key: SocketKey,
        s: usize,
        buf: &mut [u8],
        peek: bool,
        waker: Option<&Waker>,
    ) -> (io::Result<ReadOutcome>, Vec<Waker>) {
        let net = self.network();
        let Some(conn) = net.conns.get_mut(key) else {
            let reset = err(io::ErrorKind::ConnectionReset, "connection reset by peer");
            return (Err(reset), Vec::new());
        };
        let side = &mut conn.sides[s];
        if !side.recv.is_empty() {
            let n = buf.len().min(side.recv.len());
            for (slot, byte) in buf.iter_mut().zip(side.recv.iter()) {
                *slot = *byte;
            }
            if peek || n == 0 {
                return (Ok(ReadOutcome::Read(n)), Vec::new());
            }
            side.recv.drain(..n);
            return (Ok(ReadOutcome::Read(n)), conn.window_opened(1 - s));
        }
        if side.reset {
            let reset = err(io::ErrorKind::ConnectionReset, "connection reset by peer");
            return (Err(reset), Vec::new());
        }
        if side.eof || buf.is_empty() {
            return (Ok(ReadOutcome::Read(0)), Vec::new());
        }
        side.read_ready = false;
        if let Some(waker) = waker {
            side.readers.register(waker);
        }
        (Ok(ReadOutcome::Pending), Vec::new())
    }

    /// The readiness of side `s` for reading (`read`) and writing (`write`); when none of
    /// those asked for is there, `waker` (if any) waits for it.
    pub(crate) fn net_poll_ready(
        &mut self,
        key: SocketKey,
        s: usize,
        (read, write): (bool, bool),
        waker: Option<&Waker>,
    ) -> Readiness {
        let net = self.network();
        let Some(conn) = net.conns.get_mut(key) else {
            return Readiness {
                readable: true,
                writable: true,
                read_closed: true,
                write_closed: true,
            };
        };
        let open = conn.state == ConnState::Open;
        let side = &mut conn.sides[s];
        let read_closed = side.eof || side.reset;
        let write_closed = side.reset || side.write_shut;
        let readiness = Readiness {
            readable: side.read_ready || !side.recv.is_empty() || read_closed,
            writable: open && side.write_ready,
            read_closed,
            write_closed,
        };
        if !readiness.any(read, write) {
            if let Some(waker) = waker {
                if read {
                    side.readers.register(waker);
                }
                if write {
                    side.writers.register(waker);
                }
            }
        }
        readiness
    }

    /// Writes from side `s` what the window leaves room for of `bytes`, as one segment sent
    /// at once; `None` when the window is full (then `waker`, if any, waits for room).
    pub(crate) fn net_write(
        &mut self,
        key: SocketKey,
        s: usize,
        bytes: &[u8],
        waker: Option<&Waker>,
    ) -> io::Result<Option<usize>> {
        let net = self.network();
        let Some(conn) = net.conns.get_mut(key) else {
            return Err(err(io::ErrorKind::BrokenPipe, "broken pipe: the connection was reset"));
        };
        let room = WINDOW.saturating_sub(conn.unread(s));
        let side = &mut conn.sides[s];
        if side.reset {
            return Err(err(io::ErrorKind::BrokenPipe, "broken pipe: the connection was reset"));
        }
        if side.write_shut {
            return Err(err(
                io::ErrorKind::BrokenPipe,
                "broken pipe: the writing half is shut down",
            ));
        }
        if bytes.is_empty() {
            return Ok(Some(0));
        }
        if room == 0 {
            side.write_ready = false;
            if let Some(waker) = waker {
                side.writers.register(waker);
            }
            return Ok(None);
        }
        let n = room.min(bytes.len());
        self.send_segment(key, s, Segment::Data(bytes[..n].to_vec()));
        Ok(Some(n))
    }

    /// Shuts down side `s`'s writing half: the peer reads end of file after the data sent.
    pub(crate) fn net_shutdown(&mut self, key: SocketKey, s: usize) -> io::Result<()> {
        let net = self.network();
        let Some(conn) = net.conns.get_mut(key) else { return Ok(()) };
        let side = &mut conn.sides[s];
        if side.write_shut || side.reset {
            return Ok(());
        }
        side.write_shut = true;
        let (host, addr) = (side.host, side.addr);
        self.net_event(NetKind::Close, host, format!("{addr} shuts down writing"));
        self.send_segment(key, s, Segment::Fin);
        Ok(())
    }

    /// Side `s` of a connection is dropped: a FIN follows what it wrote; with `abort` (a zero
    /// linger) what it has not sent is dropped and a RST resets the peer.
    pub(crate) fn net_close_side(&mut self, key: SocketKey, s: usize, abort: bool) -> Vec<Waker> {
        let Some(net) = self.net.as_mut() else { return Vec::new() };
        let Some(conn) = net.conns.get_mut(key) else { return Vec::new() };
        let open = conn.state == ConnState::Open || s == 1;
        if !conn.sides[s].open {
            return Vec::new();
        }
        conn.sides[s].open = false;
        // What it received and never read no longer counts against the peer's window.
        conn.sides[s].recv.clear();
        let peer_writers = conn.window_opened(1 - s);
        net.woken.extend(peer_writers);
        let side = &mut conn.sides[s];
        side.readers = Default::default();
        if open && abort && !side.reset {
            side.write_shut = true;
            if !side.out.is_empty() {
                side.out.clear();
                side.queued = 0;
                side.armed = None;
                side.last_due = crate::time::Instant::ZERO;
            }
            self.send_segment(key, s, Segment::Rst);
        } else if open && !side.write_shut && !side.reset {
            side.write_shut = true;
            self.send_segment(key, s, Segment::Fin);
        }
        self.free_if_done(key);
        std::mem::take(&mut self.net().woken)
    }

    /// The local and peer addresses of side `s`.
    pub(crate) fn net_side_addrs(
        &mut self,
        key: SocketKey,
        s: usize,
    ) -> io::Result<(SocketAddr, SocketAddr)> {
        let net = self.network();
        match net.conns.get(key) {
            Some(conn) => Ok((conn.sides[s].addr, conn.sides[1 - s].addr)),
            None => Err(err(io::ErrorKind::NotConnected, "the connection was reset")),
        }
    }

    /// Binds a UDP socket.
    pub(crate) fn net_bind_udp(&mut self, addr: SocketAddr) -> io::Result<(SocketKey, SocketAddr)> {
        let (host, addr) = self.bind_addr(addr, true)?;
        let net = self.net();
        let udp = Udp {
            host,
            addr,
            peer: None,
            queue: Default::default(),
            readers: Default::default(),
            refused: false,
        };
        let key = net.udps.insert(udp);
        net.udp_ports.insert((host, addr.port()), key);
        self.net_event(NetKind::Bind, host, format!("UDP socket {addr}"));
        Ok((key, addr))
    }

    fn udp(&mut self, key: SocketKey) -> io::Result<&mut Udp> {
        self.network()
            .udps
            .get_mut(key)
            .ok_or_else(|| err(io::ErrorKind::NotConnected, "the socket's host crashed"))
    }

    /// Sets the only peer of a UDP socket.
    pub(crate) fn net_udp_connect(&mut self, key: SocketKey, peer: SocketAddr) -> io::Result<()> {
        self.udp(key)?.peer = Some(peer);
        Ok(())
    }

    /// Sends a datagram from a UDP socket to `to` (its peer when `None`).
    pub(crate) fn net_udp_send(
        &mut self,
        key: SocketKey,
        bytes: &[u8],
        to: Option<SocketAddr>,
    ) -> io::Result<usize> {
        let udp = self.udp(key)?;
        let (host, local) = (udp.host, udp.addr);
        let Some(to) = to.or(udp.peer) else {
            return Err(err(io::ErrorKind::NotConnected, "the UDP socket is not connected"));
        };
        let route = self.net_route(to)?;
        let net = self.net();
        let from_ip = match (local.ip(), to.ip()) {
            (ip, _) if !ip.is_unspecified() => ip,
            (_, dest) if dest.is_loopback() => dest,
            _ => IpAddr::V4(net.hosts.get(host).ip),
        };
        self.send_datagram((host, SocketAddr::new(from_ip, local.port())), route, bytes.to_vec());
        Ok(bytes.len())
    }

    /// Receives (or, with `peek`, copies) the oldest datagram: its size (truncated to `buf`)
    /// and sender; with no `waker` (a `try_` receive) nothing waits.
    pub(crate) fn net_udp_poll_recv(
        &mut self,
        key: SocketKey,
        buf: &mut [u8],
        peek: bool,
        waker: Option<&Waker>,
    ) -> Poll<io::Result<(usize, SocketAddr)>> {
        let udp = match self.udp(key) {
            Ok(udp) => udp,
            Err(e) => return Poll::Ready(Err(e)),
        };
        if std::mem::take(&mut udp.refused) {
            let peer = udp.peer.map_or_else(String::new, |p| format!(": nobody listens on {p}"));
            let text = format!("connection refused{peer}");
            return Poll::Ready(Err(err(io::ErrorKind::ConnectionRefused, &text)));
        }
        let received = if peek { udp.queue.front().cloned() } else { udp.queue.pop_front() };
        match received {
            Some((bytes, from)) => {
                let n = bytes.len().min(buf.len());
                buf[..n].copy_from_slice(&bytes[..n]);
                Poll::Ready(Ok((n, from)))
            }
            None => {
                if let Some(waker) = waker {
                    udp.readers.register(waker);
                }
                Poll::Pending
            }
        }
    }

    /// The readiness of a UDP socket (always writable: datagrams leave at once); when
    /// neither asked for is there, `waker` (if any) waits for a datagram.
    pub(crate) fn net_udp_poll_ready(
        &mut self,
        key: SocketKey,
        (read, write): (bool, bool),
        waker: Option<&Waker>,
    ) -> io::Result<Readiness> {
        let udp = self.udp(key)?;
        let readiness = Readiness {
            readable: !udp.queue.is_empty() || udp.refused,
            writable: true,
            read_closed: false,
            write_closed: false,
        };
        if !readiness.any(read, write) {
            if let Some(waker) = waker {
                udp.readers.register(waker);
            }
        }
        Ok(readiness)
    }

    /// A UDP socket's local address and peer.
    pub(crate) fn net_udp_addrs(
        &mut self,
        key: SocketKey,
    ) -> io::Result<(SocketAddr, Option<SocketAddr>)> {
        let udp = self.udp(key)?;
        Ok((udp.addr, udp.peer))
    }

    /// Closes a UDP socket; returns its waiters, to drop outside the core's borrow.
    pub(crate) fn net_udp_close(&mut self, key: SocketKey) -> Option<super::waiters::Waiters> {
        let net = self.net.as_mut()?;
        let udp = net.udps.remove(key)?;
        net.udp_ports.remove(&(udp.host, udp.addr.port()));
        Some(udp.readers)
    }

    /// Crashes a host; returns the readers to wake.
    pub(crate) fn net_crash(&mut self, host: HostId) -> Vec<Waker> {
        self.crash_host(host)
    }

    /// Restarts a host: returns its init and the readers to wake.
    pub(crate) fn net_restart(&mut self, host: HostId) -> (Option<Init>, Vec<Waker>) {
        self.restart_host(host)
    }

    /// Whether a host is down (crashed and not restarted).
    pub(crate) fn net_is_down(&mut self, host: HostId) -> bool {
        self.network().hosts.get(host).state == HostState::Down
    }

    /// Pauses a host: its tasks are not polled until it resumes.
    pub(crate) fn net_pause(&mut self, host: HostId) {
        self.pause_host(host);
    }

    /// Resumes a paused host.
    pub(crate) fn net_resume(&mut self, host: HostId) {
        self.resume_host(host);
    }

    /// Cuts `a` from `b` (and `b` from `a` unless `one_way`).
    pub(crate) fn net_partition(&mut self, a: HostId, b: HostId, one_way: bool) {
        self.cut(a, b, !one_way);
    }

    /// Repairs the partition between `a` and `b`, both ways.
    pub(crate) fn net_repair(&mut self, a: HostId, b: HostId) {
        self.repair(a, b);
    }

    /// Holds the messages from `from` to `to` until released.
    pub(crate) fn net_hold(&mut self, from: HostId, to: HostId) {
        self.hold(from, to);
    }

    /// Releases the messages held from `from` to `to`.
    pub(crate) fn net_release(&mut self, from: HostId, to: HostId) {
        self.release(from, to);
    }

    /// Sets the settings of the link between `a` and `b`, or of every link without its own
    /// when `None`.
    pub(crate) fn net_set_link(&mut self, hosts: Option<(HostId, HostId)>, config: LinkConfigSet) {
        let net = self.network();
        let link = match hosts {
            Some((a, b)) => {
                let default = net.links.default;
                net.links.links.entry(pair(a, b)).or_insert(default)
            }
            None => &mut net.links.default,
        };
        if let Some(latency) = config.latency {
            link.latency = latency;
        }
        if let Some(loss) = config.loss {
            link.loss = loss;
        }
        if let Some(duplicate) = config.duplicate {
            link.duplicate = duplicate;
        }
    }

    /// Starts (`factor > 1`) or ends (`1`) a latency spike on a host's links.
    pub(crate) fn net_spike(&mut self, host: HostId, factor: Option<u32>) {
        let factor = factor.unwrap_or_else(|| self.net().spike_factor());
        self.spike(host, factor);
    }

    /// One draw of the fault plan.
    pub(crate) fn net_plan_tick(&mut self) -> Vec<PlannedFault> {
        self.plan_tick()
    }
}

/// Changes to a link's settings: `None` keeps the current one.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LinkConfigSet {
    pub(crate) latency: Option<(Duration, Duration)>,
    pub(crate) loss: Option<u64>,
    pub(crate) duplicate: Option<u64>,
}
