//! Addresses: what `bind`, `connect` and `send_to` accept, and name resolution.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use crate::runtime::context;

/// What can be resolved to one or more socket addresses inside a simulation: tokio's
/// `ToSocketAddrs` set of types (`"db:5432"`, `"127.0.0.1:0"`, `("db", 80)`, a
/// [`SocketAddr`], an [`IpAddr`] with a port, a slice of addresses).
///
/// Names resolve to the simulated hosts' addresses (`localhost` to the loopback address of
/// the calling task's host); nothing reaches the operating system's resolver.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     simloop::net::host("db", || async {});
///     let addrs: Vec<_> = simloop::net::lookup_host(("db", 5432)).await.unwrap().collect();
///     assert_eq!(addrs[0].to_string(), "10.0.0.2:5432");
/// });
/// ```
pub trait ToSocketAddrs: sealed::Sealed {
    #[doc(hidden)]
    fn to_targets(&self) -> io::Result<Vec<Target>>;
}

mod sealed {
    pub trait Sealed {}
}

/// An address to resolve: an address, or a host name and a port.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Addr(SocketAddr),
    Name(String, u16),
}

fn invalid(text: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("invalid socket address `{text}`"))
}

fn parse(text: &str) -> io::Result<Target> {
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(Target::Addr(addr));
    }
    let (host, port) = text.rsplit_once(':').ok_or_else(|| invalid(text))?;
    let port = port.parse::<u16>().map_err(|_| invalid(text))?;
    name(host, port)
}

fn name(host: &str, port: u16) -> io::Result<Target> {
    match host.parse::<IpAddr>() {
        Ok(ip) => Ok(Target::Addr(SocketAddr::new(ip, port))),
        Err(_) if host.is_empty() => Err(invalid(host)),
        Err(_) => Ok(Target::Name(host.to_owned(), port)),
    }
}

macro_rules! addr_impls {
    ($($t:ty => |$s:ident| $e:expr;)*) => {$(
        impl sealed::Sealed for $t {}
        impl ToSocketAddrs for $t {
            fn to_targets(&self) -> io::Result<Vec<Target>> {
                let $s = self;
                $e
            }
        }
    )*};
}

addr_impls! {
    SocketAddr => |s| Ok(vec![Target::Addr(*s)]);
    SocketAddrV4 => |s| Ok(vec![Target::Addr(SocketAddr::V4(*s))]);
    SocketAddrV6 => |s| Ok(vec![Target::Addr(SocketAddr::V6(*s))]);
    (IpAddr, u16) => |s| Ok(vec![Target::Addr(SocketAddr::new(s.0, s.1))]);
    (Ipv4Addr, u16) => |s| Ok(vec![Target::Addr(SocketAddr::new(IpAddr::V4(s.0), s.1))]);
    (Ipv6Addr, u16) => |s| Ok(vec![Target::Addr(SocketAddr::new(IpAddr::V6(s.0), s.1))]);
    (&str, u16) => |s| Ok(vec![name(s.0, s.1)?]);
    (String, u16) => |s| Ok(vec![name(&s.0, s.1)?]);
    str => |s| Ok(vec![parse(s)?]);
    String => |s| Ok(vec![parse(s)?]);
    [SocketAddr] => |s| Ok(s.iter().map(|a| Target::Addr(*a)).collect());
}

impl<T: ToSocketAddrs + ?Sized> sealed::Sealed for &T {}
impl<T: ToSocketAddrs + ?Sized> ToSocketAddrs for &T {
    fn to_targets(&self) -> io::Result<Vec<Target>> {
        (**self).to_targets()
    }
}

/// Resolves `addr` to socket addresses, inside the simulation.
#[track_caller]
pub(crate) fn resolve<A: ToSocketAddrs + ?Sized>(
    addr: &A,
    what: &str,
) -> io::Result<Vec<SocketAddr>> {
    let targets = addr.to_targets()?;
    context::with(what, |core| {
        targets
            .into_iter()
            .map(|target| match target {
                Target::Addr(addr) => Ok(addr),
                Target::Name(name, port) => match core.net_resolve(&name) {
                    Some(ip) => Ok(SocketAddr::new(ip, port)),
                    None => Err(io::Error::new(
                        io::ErrorKind::NotFound,
                        format!(
                            "failed to lookup address information: no simulated host named `{name}`"
                        ),
                    )),
                },
            })
            .collect()
    })
}

/// Resolves a host name (`"db:5432"`, `("db", 5432)`, `"localhost:80"`) to the addresses of
/// the simulated hosts; tokio's `net::lookup_host`.
///
/// # Errors
///
/// [`io::ErrorKind::NotFound`] when no host has the name; [`io::ErrorKind::InvalidInput`]
/// when the text is not `host:port`.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     simloop::net::host("cache", || async {});
///     let mut addrs = simloop::net::lookup_host("cache:6379").await.unwrap();
///     assert_eq!(addrs.next().unwrap().to_string(), "10.0.0.2:6379");
///     assert!(simloop::net::lookup_host("nowhere:1").await.is_err());
/// });
/// ```
pub async fn lookup_host<A: ToSocketAddrs>(addr: A) -> io::Result<std::vec::IntoIter<SocketAddr>> {
    Ok(resolve(&addr, "simloop::net::lookup_host")?.into_iter())
}
