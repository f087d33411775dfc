//! Hosts: [`host`] declares one; [`crash`], [`restart`], [`pause`] and [`resume`] fault it.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::panic::Location;
use std::rc::Rc;

use super::faults;
use crate::runtime::{Init, context};

/// A declared host; returned by [`host`].
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     let db = simloop::net::host("db", || async {});
///     assert_eq!(db.name(), "db");
///     assert_eq!(db.ip().to_string(), "10.0.0.2");
/// });
/// ```
#[derive(Debug, Clone)]
pub struct Host {
    name: String,
    ip: IpAddr,
}

impl Host {
    /// The host's name.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     assert_eq!(simloop::net::host("db", || async {}).name(), "db");
    /// });
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The host's address: `10.0.0.2` for the first host declared, then `10.0.0.3`, ...
    /// (`10.0.0.1` is the main host's, where the test itself runs).
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     simloop::net::host("a", || async {});
    ///     assert_eq!(simloop::net::host("b", || async {}).ip().to_string(), "10.0.0.3");
    /// });
    /// ```
    pub fn ip(&self) -> IpAddr {
        self.ip
    }
}

/// Declares a host of the simulated network: `name` resolves to its address, and `init`
/// makes its main task, spawned now and again at each [`restart`](super::restart).
///
/// Every task spawned by a host's tasks runs on that host: it binds and connects from there,
/// it is dropped when the host [`crash`](super::crash)es, and it is exempt from the leak detector (servers
/// run forever). Code that runs on no declared host (the test) runs on the main host,
/// `main`, at `10.0.0.1`. State made inside `init` is fresh at each restart; state it captures
/// from outside survives restarts, as a disk would.
///
/// # Determinism
///
/// Hosts get their addresses in the order they are declared.
///
/// # Panics
///
/// Panics when called outside a simulation, and when the name is taken, is `main`, or looks
/// like an address.
///
/// # Examples
///
/// ```
/// use simloop::net::{self, TcpListener, TcpStream};
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
///
/// simloop::Sim::new(1).run(async {
///     net::host("echo", || async {
///         let listener = TcpListener::bind("0.0.0.0:7").await.unwrap();
///         loop {
///             let (mut stream, _) = listener.accept().await.unwrap();
///             drop(simloop::spawn(async move {
///                 let mut buf = [0; 64];
///                 let n = stream.read(&mut buf).await.unwrap();
///                 stream.write_all(&buf[..n]).await.unwrap();
///             }));
///         }
///     });
///     let mut stream = TcpStream::connect("echo:7").await.unwrap();
///     stream.write_all(b"hello").await.unwrap();
///     let mut buf = [0; 5];
///     stream.read_exact(&mut buf).await.unwrap();
///     assert_eq!(&buf, b"hello");
/// });
/// ```
#[track_caller]
pub fn host<F, Fut>(name: &str, init: F) -> Host
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let site = Location::caller();
    let init: Init = Rc::new(move || {
        let future = init();
        Box::pin(future) as std::pin::Pin<Box<dyn Future<Output = ()>>>
    });
    let declared = context::with("simloop::net::host", |core| {
        let id = core.net_declare_host(name, init.clone())?;
        Ok::<_, String>((id, core.net_take_plan()))
    });
    let (id, plan) = declared.unwrap_or_else(|e| panic!("simloop: `net::host(\"{name}\")`: {e}"));
    faults::boot(id, &init, name, site);
    if let Some(plan) = plan {
        faults::start_plan(plan);
    }
    let ip = super::addr::resolve(&(name, 0), "simloop::net::host")
        .ok()
        .and_then(|a| a.first().map(|a| a.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    Host { name: name.to_owned(), ip }
}
