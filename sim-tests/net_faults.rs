//! Machine and network faults: crash, restart, pause, partitions, held links.

use std::cell::Cell;
use std::io::ErrorKind;
use std::rc::Rc;
use std::time::Duration;

use simloop::Sim;
use simloop::net::{self, TcpListener, TcpStream, UdpSocket};
use simloop::time::{sleep, timeout};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A host "db" whose server accepts connections and holds them, reading nothing.
fn silent_host() {
    net::host("db", || async {
        let listener = TcpListener::bind("0.0.0.0:5432").await.unwrap();
        let mut held = Vec::new();
        loop {
            let (conn, _) = listener.accept().await.unwrap();
            held.push(conn);
        }
    });
}

#[test]
fn a_crash_resets_the_peers_reads_and_writes() {
    Sim::new(1).run(async {
        silent_host();
        let mut reader = TcpStream::connect("db:5432").await.unwrap();
        let mut writer = TcpStream::connect("db:5432").await.unwrap();
        let blocked = simloop::spawn(async move { reader.read(&mut [0; 8]).await });
        sleep(Duration::from_millis(100)).await;
        net::crash("db");
        let err = blocked.await.unwrap().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionReset);
        let err = writer.write_all(b"x").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BrokenPipe);
        // Down: a new connect waits (nobody answers), so it times out.
        let attempt = timeout(Duration::from_secs(1), TcpStream::connect("db:5432")).await;
        assert!(attempt.is_err());
    });
}

#[test]
fn a_crash_loses_the_data_in_flight() {
    Sim::new(2).run(async {
        let received = Rc::new(Cell::new(0usize));
        let seen = received.clone();
        net::host("db", move || {
            let seen = seen.clone();
            async move {
                let listener = TcpListener::bind("0.0.0.0:1").await.unwrap();
                let (mut conn, _) = listener.accept().await.unwrap();
                let mut buf = [0; 64];
                while let Ok(n @ 1..) = conn.read(&mut buf).await {
                    seen.set(seen.get() + n);
                }
            }
        });
        net::links().latency(Duration::from_millis(10)..=Duration::from_millis(10));
        let mut conn = TcpStream::connect("db:1").await.unwrap();
        conn.write_all(b"hello").await.unwrap();
        sleep(Duration::from_millis(5)).await;
        net::crash("db");
        sleep(Duration::from_millis(50)).await;
        assert_eq!(received.get(), 0, "the segment in flight was lost with the host");
    });
}

#[test]
fn a_partitioned_connect_times_out_and_traffic_flows_after_repair() {
    Sim::new(3).run(async {
        net::host("db", || async {
            let listener = TcpListener::bind("0.0.0.0:7").await.unwrap();
            loop {
                let (mut conn, _) = listener.accept().await.unwrap();
                drop(simloop::spawn(async move {
                    let mut buf = [0; 64];
                    while let Ok(n @ 1..) = conn.read(&mut buf).await {
                        conn.write_all(&buf[..n]).await.unwrap();
                    }
                }));
            }
        });
        let mut open = TcpStream::connect("db:7").await.unwrap();
        net::partition("main", "db");
        let attempt = timeout(Duration::from_secs(2), TcpStream::connect("db:7")).await;
        assert!(attempt.is_err(), "the connect across the partition timed out");
        // What the open connection writes meanwhile waits, and arrives after the repair.
        open.write_all(b"queued").await.unwrap();
        let mut buf = [0; 6];
        assert!(timeout(Duration::from_secs(2), open.read_exact(&mut buf)).await.is_err());
        let repaired_at = simloop::time::now();
        net::repair("main", "db");
        open.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"queued");
        assert!(simloop::time::now() > repaired_at);
        let mut fresh = TcpStream::connect("db:7").await.unwrap();
        fresh.write_all(b"ok").await.unwrap();
        let mut two = [0; 2];
        fresh.read_exact(&mut two).await.unwrap();
        assert_eq!(&two, b"ok");
    });
}

#[test]
fn a_one_way_partition_cuts_one_direction_only() {
    Sim::new(4).run(async {
        net::host("peer", || async {
            let socket = UdpSocket::bind("0.0.0.0:9").await.unwrap();
            let mut buf = [0; 16];
            loop {
                let (n, from) = socket.recv_from(&mut buf).await.unwrap();
                socket.send_to(&buf[..n], from).await.unwrap();
            }
        });
        let socket = UdpSocket::bind("0.0.0.0:0").await.unwrap();
        let mut buf = [0; 16];
        net::partition_one_way("peer", "main");
        socket.send_to(b"lost reply", "peer:9").await.unwrap();
        assert!(timeout(Duration::from_secs(1), socket.recv_from(&mut buf)).await.is_err());
        net::repair("peer", "main");
        socket.send_to(b"reply", "peer:9").await.unwrap();
        let (n, _) = socket.recv_from(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"reply");
    });
}

#[test]
fn restart_runs_the_init_again_with_fresh_state() {
    Sim::new(5).run(async {
        let boots = Rc::new(Cell::new(0));
        let counter = boots.clone();
        net::host("db", move || {
            counter.set(counter.get() + 1);
            async move {
                // State made by the init: fresh at each boot.
                let mut writes = 0u8;
                let listener = TcpListener::bind("0.0.0.0:5432").await.unwrap();
                loop {
                    let (mut conn, _) = listener.accept().await.unwrap();
                    writes += 1;
                    conn.write_all(&[writes]).await.unwrap();
                }
            }
        });
        let count = || async {
            let mut conn = TcpStream::connect("db:5432").await.unwrap();
            let mut n = [0];
            conn.read_exact(&mut n).await.unwrap();
            n[0]
        };
        assert_eq!(count().await, 1);
        assert_eq!(count().await, 2);
        net::restart("db");
        assert_eq!(boots.get(), 2);
        assert_eq!(count().await, 1, "the restarted server counts from scratch");
        net::crash("db");
        net::restart("db");
        assert_eq!(boots.get(), 3);
        assert_eq!(count().await, 1);
    });
}

#[test]
fn a_paused_host_runs_nothing_until_resumed_but_receives_meanwhile() {
    Sim::new(6).run(async {
        net::host("db", || async {
            let socket = UdpSocket::bind("0.0.0.0:9").await.unwrap();
            let mut buf = [0; 16];
            loop {
                let (n, from) = socket.recv_from(&mut buf).await.unwrap();
                socket.send_to(&buf[..n], from).await.unwrap();
            }
        });
        sleep(Duration::from_millis(1)).await;
        let socket = UdpSocket::bind("0.0.0.0:0").await.unwrap();
        net::pause("db");
        socket.send_to(b"ping", "db:9").await.unwrap();
        let mut buf = [0; 16];
        assert!(timeout(Duration::from_secs(1), socket.recv_from(&mut buf)).await.is_err());
        net::resume("db");
        let (n, _) = socket.recv_from(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"ping");
    });
}

#[test]
fn held_messages_wait_and_arrive_in_order_when_released() {
    Sim::new(7).run(async {
        net::host("db", || async {
            let listener = TcpListener::bind("0.0.0.0:1").await.unwrap();
            let (mut conn, _) = listener.accept().await.unwrap();
            let mut all = Vec::new();
            conn.read_to_end(&mut all).await.unwrap();
            conn.write_all(&all).await.unwrap();
        });
        let mut conn = TcpStream::connect("db:1").await.unwrap();
        net::hold("main", "db");
        for chunk in [&b"a"[..], b"bc", b"def"] {
            conn.write_all(chunk).await.unwrap();
        }
        conn.shutdown().await.unwrap();
        sleep(Duration::from_secs(10)).await;
        net::release("main", "db");
        let mut back = Vec::new();
        conn.read_to_end(&mut back).await.unwrap();
        assert_eq!(back, b"abcdef");
    });
}

#[test]
fn a_host_that_crashes_itself_stops_at_its_next_scheduling_point() {
    Sim::new(3).run(async {
        let after = Rc::new(Cell::new(false));
        let flag = after.clone();
        net::host("db", move || {
            let flag = flag.clone();
            async move {
                // The crash comes from the host's own task, in its own poll.
                net::crash("db");
                simloop::task::yield_now().await;
                flag.set(true);
            }
        });
        sleep(Duration::from_millis(10)).await;
        assert!(!after.get(), "the crashed host's task ran past its next scheduling point");
    });
}
