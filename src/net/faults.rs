//! Machine and network faults, by name: crash, restart, pause, resume, partitions, held
//! links, latency spikes; and the task that carries out a [`FaultPlan`].

use std::panic::Location;

use super::FaultPlan;
use crate::runtime::{Init, PlannedFault, context};
use crate::time::sleep;

/// The host named `name`.
#[track_caller]
fn host_id(name: &str, what: &str) -> u32 {
    context::with(what, |core| core.net_host(name)).unwrap_or_else(|| {
        panic!("simloop: `{what}(\"{name}\")`: no host named `{name}`; declare it with `simloop::net::host`")
    })
}

fn wake_all(wakers: Vec<std::task::Waker>) {
    for waker in wakers {
        waker.wake();
    }
}

/// Spawns a host's main task from its init.
pub(super) fn boot(host: u32, init: &Init, name: &str, site: &'static Location<'static>) {
    let future = init();
    let spawned = context::with("simloop::net::host", |core| {
        core.net_spawn_on(host, future, Some(name.into()), site)
    });
    drop(spawned);
}

/// Crashes the host named `name`: its tasks are dropped at their next scheduling point, its
/// connections reset (the peers' reads fail with [`ConnectionReset`], their writes with
/// [`BrokenPipe`]), its listeners and sockets gone, and the data in flight from and to it
/// lost. It stays down until [`restart`]ed. Crashing a crashed host does nothing.
///
/// [`ConnectionReset`]: std::io::ErrorKind::ConnectionReset
/// [`BrokenPipe`]: std::io::ErrorKind::BrokenPipe
///
/// # Panics
///
/// Panics outside a simulation, when no host has the name, and for the main host.
///
/// # Examples
///
/// ```
/// use simloop::net::{self, TcpListener, TcpStream};
/// use tokio::io::AsyncReadExt;
///
/// simloop::Sim::new(1).run(async {
///     net::host("db", || async {
///         let listener = TcpListener::bind("0.0.0.0:5432").await.unwrap();
///         let _conn = listener.accept().await.unwrap();
///         std::future::pending::<()>().await
///     });
///     let mut stream = TcpStream::connect("db:5432").await.unwrap();
///     simloop::time::sleep(std::time::Duration::from_secs(1)).await;
///     net::crash("db");
///     let err = stream.read(&mut [0; 8]).await.unwrap_err();
///     assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset);
/// });
/// ```
#[track_caller]
pub fn crash(name: &str) {
    let host = host_id(name, "simloop::net::crash");
    assert!(
        host != 0,
        "simloop: `net::crash(\"{name}\")`: the main host runs the test; it cannot crash"
    );
    wake_all(context::with("simloop::net::crash", |core| core.net_crash(host)));
}

/// Restarts the host named `name`: crashes it first if it is up, then runs its init again,
/// as a fresh main task with fresh state.
///
/// # Panics
///
/// Panics outside a simulation, when no host has the name, and for the main host.
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
/// use std::rc::Rc;
///
/// simloop::Sim::new(1).run(async {
///     let boots = Rc::new(Cell::new(0));
///     let counter = boots.clone();
///     simloop::net::host("db", move || {
///         counter.set(counter.get() + 1);
///         async {}
///     });
///     simloop::net::restart("db");
///     assert_eq!(boots.get(), 2);
/// });
/// ```
#[track_caller]
pub fn restart(name: &str) {
    let site = Location::caller();
    let host = host_id(name, "simloop::net::restart");
    assert!(
        host != 0,
        "simloop: `net::restart(\"{name}\")`: the main host runs the test; it cannot restart"
    );
    restart_id(host, name, site);
}

fn restart_id(host: u32, name: &str, site: &'static Location<'static>) {
    let (init, wakers) = context::with("simloop::net::restart", |core| core.net_restart(host));
    wake_all(wakers);
    if let Some(init) = init {
        boot(host, &init, name, site);
    }
}

/// Pauses the host named `name`: its tasks are not polled (messages still arrive and wait in
/// its sockets) until [`resume`].
///
/// # Panics
///
/// Panics outside a simulation, when no host has the name, and for the main host.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     let ran = std::rc::Rc::new(std::cell::Cell::new(false));
///     let flag = ran.clone();
///     simloop::net::host("db", move || {
///         let flag = flag.clone();
///         async move { flag.set(true) }
///     });
///     simloop::net::pause("db");
///     simloop::time::sleep(std::time::Duration::from_secs(1)).await;
///     assert!(!ran.get());
///     simloop::net::resume("db");
///     simloop::time::sleep(std::time::Duration::from_secs(1)).await;
///     assert!(ran.get());
/// });
/// ```
#[track_caller]
pub fn pause(name: &str) {
    let host = host_id(name, "simloop::net::pause");
    assert!(
        host != 0,
        "simloop: `net::pause(\"{name}\")`: the main host runs the test; it cannot pause"
    );
    context::with("simloop::net::pause", |core| core.net_pause(host));
}

/// Resumes the paused host named `name`.
///
/// # Panics
///
/// Panics outside a simulation and when no host has the name.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     simloop::net::host("db", || async {});
///     simloop::net::pause("db");
///     simloop::net::resume("db");
/// });
/// ```
#[track_caller]
pub fn resume(name: &str) {
    let host = host_id(name, "simloop::net::resume");
    context::with("simloop::net::resume", |core| core.net_resume(host));
}

/// Partitions hosts `a` and `b`, both ways: TCP segments between them wait (and are
/// delivered after [`repair`], as TCP retransmits), datagrams are dropped. A `connect` across
/// the partition waits; put it under a [`timeout`](crate::time::timeout).
///
/// # Panics
///
/// Panics outside a simulation and when no host has one of the names.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::net::{self, TcpListener, TcpStream};
///
/// simloop::Sim::new(1).run(async {
///     net::host("db", || async {
///         let listener = TcpListener::bind("0.0.0.0:5432").await.unwrap();
///         loop {
///             let _ = listener.accept().await;
///         }
///     });
///     net::partition("main", "db");
///     let attempt = simloop::time::timeout(Duration::from_secs(1), TcpStream::connect("db:5432"));
///     assert!(attempt.await.is_err(), "the connect timed out");
///     net::repair("main", "db");
///     assert!(TcpStream::connect("db:5432").await.is_ok());
/// });
/// ```
#[track_caller]
pub fn partition(a: &str, b: &str) {
    let (a, b) = (host_id(a, "simloop::net::partition"), host_id(b, "simloop::net::partition"));
    context::with("simloop::net::partition", |core| core.net_partition(a, b, false));
}

/// Cuts the messages from `from` to `to` only; those from `to` to `from` still pass.
///
/// # Panics
///
/// Panics outside a simulation and when no host has one of the names.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     simloop::net::host("db", || async {});
///     simloop::net::partition_one_way("main", "db");
///     simloop::net::repair("main", "db");
/// });
/// ```
#[track_caller]
pub fn partition_one_way(from: &str, to: &str) {
    let what = "simloop::net::partition_one_way";
    let (a, b) = (host_id(from, what), host_id(to, what));
    context::with(what, |core| core.net_partition(a, b, true));
}

/// Repairs the partition between `a` and `b` (both ways, and one-way cuts): the TCP
/// segments that waited are delivered, each after a fresh latency.
///
/// # Panics
///
/// Panics outside a simulation and when no host has one of the names.
///
/// # Examples
///
/// See [`partition`].
#[track_caller]
pub fn repair(a: &str, b: &str) {
    let (a, b) = (host_id(a, "simloop::net::repair"), host_id(b, "simloop::net::repair"));
    context::with("simloop::net::repair", |core| core.net_repair(a, b));
}

/// Holds the messages from `from` to `to` (TCP segments and datagrams) in flight until
/// [`release`]: a network that delays without losing.
///
/// # Panics
///
/// Panics outside a simulation and when no host has one of the names.
///
/// # Examples
///
/// ```
/// use simloop::net::{self, UdpSocket};
///
/// simloop::Sim::new(1).run(async {
///     net::host("peer", || async {
///         let socket = UdpSocket::bind("0.0.0.0:9").await.unwrap();
///         let mut buf = [0; 8];
///         let (n, from) = socket.recv_from(&mut buf).await.unwrap();
///         socket.send_to(&buf[..n], from).await.unwrap();
///     });
///     let socket = UdpSocket::bind("0.0.0.0:0").await.unwrap();
///     net::hold("main", "peer");
///     socket.send_to(b"ping", "peer:9").await.unwrap();
///     simloop::time::sleep(std::time::Duration::from_secs(1)).await;
///     net::release("main", "peer");
///     let mut buf = [0; 8];
///     let (n, _) = socket.recv_from(&mut buf).await.unwrap();
///     assert_eq!(&buf[..n], b"ping");
/// });
/// ```
#[track_caller]
pub fn hold(from: &str, to: &str) {
    let (a, b) = (host_id(from, "simloop::net::hold"), host_id(to, "simloop::net::hold"));
    context::with("simloop::net::hold", |core| core.net_hold(a, b));
}

/// Releases the messages [`hold`] kept from `from` to `to`: each delivered after a fresh
/// latency, in the order they were sent.
///
/// # Panics
///
/// Panics outside a simulation and when no host has one of the names.
///
/// # Examples
///
/// See [`hold`].
#[track_caller]
pub fn release(from: &str, to: &str) {
    let (a, b) = (host_id(from, "simloop::net::release"), host_id(to, "simloop::net::release"));
    context::with("simloop::net::release", |core| core.net_release(a, b));
}

/// Starts the task that carries out a fault plan: a daemon of the main host.
pub(super) fn start_plan(plan: FaultPlan) {
    let site = Location::caller();
    let every = plan.every;
    let future = async move {
        loop {
            sleep(every).await;
            let faults = context::with("the fault plan", |core| core.net_plan_tick());
            for fault in faults {
                apply(fault, site);
            }
        }
    };
    let spawned = context::with("the fault plan", |core| {
        core.net_spawn_on(0, future, Some("net faults".into()), site)
    });
    drop(spawned);
}

/// Carries out a planned fault now, and spawns the task that undoes it after its time.
fn apply(fault: PlannedFault, site: &'static Location<'static>) {
    let undo: Box<dyn FnOnce()> = match fault {
        PlannedFault::Partition { a, b, .. } => {
            context::with("the fault plan", |core| core.net_partition(a, b, false));
            Box::new(move || context::with("the fault plan", |core| core.net_repair(a, b)))
        }
        PlannedFault::Crash { host, .. } => {
            wake_all(context::with("the fault plan", |core| core.net_crash(host)));
            Box::new(move || {
                let name = context::with("the fault plan", |core| {
                    core.net_is_down(host).then(|| core.net_host_name(host))
                });
                if let Some(name) = name {
                    restart_id(host, &name, site);
                }
            })
        }
        PlannedFault::Spike { host, .. } => {
            context::with("the fault plan", |core| core.net_spike(host, None));
            Box::new(move || context::with("the fault plan", |core| core.net_spike(host, Some(1))))
        }
    };
    let lasting = match fault {
        PlannedFault::Partition { lasting, .. }
        | PlannedFault::Crash { lasting, .. }
        | PlannedFault::Spike { lasting, .. } => lasting,
    };
    let future = async move {
        sleep(lasting).await;
        undo();
    };
    let spawned = context::with("the fault plan", |core| {
        core.net_spawn_on(0, future, Some("net faults".into()), site)
    });
    drop(spawned);
}
