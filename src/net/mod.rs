//! The simulated network and its machines: hosts, TCP, UDP, links and faults, inside one
//! simulation.
//!
//! ```text
//!   main (10.0.0.1)              "db" (10.0.0.2)              "cache" (10.0.0.3)
//!   the test's tasks   <-link->  init task + its tasks  <-link->  init task + its tasks
//! ```
//!
//! - **Hosts**: [`host`] declares one (a name, an address, an init future that is its main
//!   task, run again by [`restart`]). Tasks spawned by a host's tasks run on it; the test
//!   itself runs on the main host, `main`.
//! - **Sockets**: [`TcpListener`], [`TcpStream`] (with tokio's `AsyncRead`/`AsyncWrite`) and
//!   [`UdpSocket`] bind and connect by name or address (`"db:5432"`, `10.0.0.2:5432`,
//!   `127.0.0.1:0` for the caller's own host); [`lookup_host`] resolves names.
//! - **Links**: latency per message drawn from a range, UDP loss and duplication
//!   ([`link`], [`links`]); [`partition`], [`partition_one_way`], [`repair`]; [`hold`] and
//!   [`release`] of messages in flight.
//! - **Machine faults**: [`crash`], [`restart`], [`pause`], [`resume`]; or faults drawn from
//!   the seed by a [`FaultPlan`] ([`Sim::faults`](crate::Sim::faults),
//!   [`Explorer::faults`](crate::Explorer::faults)).
//!
//! # Determinism
//!
//! The network is part of the simulation: a message's delivery is due at `now + latency`,
//! and the clock jumps to it like to a timer. Latencies, losses, duplications and planned
//! faults are decisions (entries of the tape) drawn from the network's own stream, so the
//! network never shifts the schedule's draws, shrinking drops the faults and delays a failure
//! does not need, and the shrunk schedule says them in words ("partitioned a|b for 0.200s").
//! A program that does not use `simloop::net` draws and records nothing of it. Network
//! events (`connect`, `accept`, `send`, `deliver`, `drop`, `partition`, `crash`, ...) are in
//! the trace as [`EventKind::Net`](crate::trace::EventKind::Net).
//!
//! # Examples
//!
//! ```
//! use std::time::Duration;
//! use simloop::net::{self, TcpListener, TcpStream};
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! simloop::Sim::new(7).run(async {
//!     net::host("kv", || async {
//!         let listener = TcpListener::bind("0.0.0.0:6379").await.unwrap();
//!         loop {
//!             let (mut conn, _) = listener.accept().await.unwrap();
//!             drop(simloop::spawn(async move {
//!                 let mut byte = [0];
//!                 while conn.read_exact(&mut byte).await.is_ok() {
//!                     conn.write_all(&[byte[0] + 1]).await.unwrap();
//!                 }
//!             }));
//!         }
//!     });
//!     let mut conn = TcpStream::connect("kv:6379").await.unwrap();
//!     conn.write_all(&[41]).await.unwrap();
//!     let mut reply = [0];
//!     conn.read_exact(&mut reply).await.unwrap();
//!     assert_eq!(reply[0], 42);
//!     assert!(simloop::time::now().since_start() >= Duration::from_millis(4), "two round trips");
//! });
//! ```

/// Runs `f` on the core of the handle's simulation; a handle of another panics.
macro_rules! on_sim {
    ($handle:expr, $what:expr, |$core:ident| $body:expr) => {
        $crate::runtime::context::with($what, |$core| {
            assert_eq!(
                $core.sim_id(),
                $handle.sim,
                "simloop: a socket made in one simulation was used in another"
            );
            $body
        })
    };
}

mod addr;
mod faults;
mod host;
mod link;
pub(crate) mod plan;
mod ready;
pub mod tcp;
mod udp;

#[doc(hidden)]
pub use addr::Target;
pub use addr::{ToSocketAddrs, lookup_host};
pub use faults::{
    crash, hold, partition, partition_one_way, pause, release, repair, restart, resume,
};
pub use host::{Host, host};
pub use link::{Link, link, links};
pub use plan::FaultPlan;
pub use tcp::{
    OwnedReadHalf, OwnedWriteHalf, ReadHalf, ReuniteError, TcpListener, TcpStream, WriteHalf,
};
pub use udp::UdpSocket;
