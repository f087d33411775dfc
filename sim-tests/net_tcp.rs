//! TCP semantics: ordered byte streams, addresses, refusal, shutdown, tokio's io utilities.

use std::io::ErrorKind;
use std::time::Duration;

use simloop::Sim;
use simloop::net::{self, TcpListener, TcpStream};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server on host "db" that echoes every byte it reads, on port 7.
fn echo_host() {
    net::host("db", || async {
        let listener = TcpListener::bind("0.0.0.0:7").await.unwrap();
        loop {
            let (mut conn, _) = listener.accept().await.unwrap();
            drop(simloop::spawn(async move {
                let mut buf = [0; 256];
                loop {
                    match conn.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => {
                            if conn.write_all(&buf[..n]).await.is_err() {
                                return;
                            }
                        }
                    }
                }
            }));
        }
    });
}

#[test]
fn bytes_arrive_in_the_order_written_whatever_the_latencies() {
    for seed in 0..40 {
        let received = Sim::with_exact_seed(seed).run(async {
            net::links().latency(Duration::from_micros(10)..=Duration::from_millis(50));
            echo_host();
            let conn = TcpStream::connect("db:7").await.unwrap();
            let (mut read, mut write) = conn.into_split();
            let writer = simloop::spawn(async move {
                for i in 0..200u32 {
                    let chunk: Vec<u8> = (0..(i % 7 + 1)).map(|k| (i + k) as u8).collect();
                    write.write_all(&chunk).await.unwrap();
                    if i % 13 == 0 {
                        simloop::time::sleep(Duration::from_millis(1)).await;
                    }
                }
            });
            let expected: Vec<u8> =
                (0..200u32).flat_map(|i| (0..(i % 7 + 1)).map(move |k| (i + k) as u8)).collect();
            let mut got = vec![0; expected.len()];
            read.read_exact(&mut got).await.unwrap();
            writer.await.unwrap();
            (got, expected)
        });
        assert_eq!(received.0, received.1, "seed {seed}: the stream was reordered");
    }
}

#[test]
fn a_connect_to_a_port_nobody_listens_on_is_refused_after_a_round_trip() {
    Sim::new(1).run(async {
        echo_host();
        let err = TcpStream::connect("db:8").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionRefused);
        assert!(simloop::time::now().since_start() >= Duration::from_millis(2), "a round trip");
        let err = TcpStream::connect("127.0.0.1:9").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionRefused);
        // The message says where to look when the listener is a socket of the OS.
        let text = err.to_string();
        assert!(text.contains("nobody listens on 127.0.0.1:9 in the simulation"), "{text}");
        assert!(text.contains("a std::net listener, is not seen there"), "{text}");
        let err = TcpStream::connect("10.9.9.9:1").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::HostUnreachable);
        let err = TcpStream::connect("nowhere:1").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    });
}

#[test]
fn loopback_binds_and_connects_on_the_callers_host_with_addresses_as_tokio_gives_them() {
    Sim::new(2).run(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        assert!(addr.ip().is_loopback() && addr.port() >= 49152);
        let client = TcpStream::connect(addr).await.unwrap();
        let (server, peer) = listener.accept().await.unwrap();
        assert_eq!(client.peer_addr().unwrap(), addr);
        assert_eq!(server.local_addr().unwrap(), addr);
        assert_eq!(peer, client.local_addr().unwrap());
        assert_eq!(server.peer_addr().unwrap(), client.local_addr().unwrap());
        // On one host, messages take no time.
        assert_eq!(simloop::time::now().since_start(), Duration::ZERO);
        let err = TcpListener::bind(addr).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AddrInUse);
        let err = TcpListener::bind("10.0.0.2:80").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AddrNotAvailable);
    });
}

#[test]
fn shutdown_gives_the_peer_end_of_file_and_fails_later_writes() {
    Sim::new(3).run(async {
        echo_host();
        let mut conn = TcpStream::connect("db:7").await.unwrap();
        conn.write_all(b"last words").await.unwrap();
        conn.shutdown().await.unwrap();
        let err = conn.write_all(b"more").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BrokenPipe);
        let mut echoed = Vec::new();
        conn.read_to_end(&mut echoed).await.unwrap();
        assert_eq!(echoed, b"last words", "the echo, then end of file when the server closed");
    });
}

#[test]
fn tokio_io_utilities_work_on_the_streams() {
    Sim::new(4).run(async {
        echo_host();
        // A proxy on the main host: copy_bidirectional between a client and the echo server.
        let proxy = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_addr = proxy.local_addr().unwrap();
        let relay = simloop::spawn(async move {
            let (mut inbound, _) = proxy.accept().await.unwrap();
            let mut outbound = TcpStream::connect("db:7").await.unwrap();
            tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await.unwrap()
        });
        let conn = TcpStream::connect(proxy_addr).await.unwrap();
        let (read, mut write) = conn.into_split();
        write.write_all(b"one\ntwo\n").await.unwrap();
        drop(write);
        let mut lines = tokio::io::BufReader::new(read);
        let mut text = String::new();
        lines.read_to_string(&mut text).await.unwrap();
        assert_eq!(text, "one\ntwo\n");
        assert_eq!(relay.await.unwrap(), (8, 8));
    });
}

#[test]
fn peek_leaves_the_bytes_for_the_next_read() {
    Sim::new(5).run(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
        let (mut server, _) = listener.accept().await.unwrap();
        client.write_all(b"abc").await.unwrap();
        let mut buf = [0; 8];
        assert_eq!(server.peek(&mut buf).await.unwrap(), 3);
        assert_eq!(server.peek(&mut buf).await.unwrap(), 3);
        assert_eq!(server.read(&mut buf).await.unwrap(), 3);
        assert_eq!(&buf[..3], b"abc");
    });
}

#[test]
fn lookup_host_resolves_declared_names_and_localhost() {
    Sim::new(6).run(async {
        net::host("db", || async {});
        net::host("cache", || async {});
        let db: Vec<_> = net::lookup_host("db:5432").await.unwrap().collect();
        assert_eq!(db[0].to_string(), "10.0.0.2:5432");
        let cache: Vec<_> = net::lookup_host(("cache", 1)).await.unwrap().collect();
        assert_eq!(cache[0].to_string(), "10.0.0.3:1");
        let local: Vec<_> = net::lookup_host("localhost:80").await.unwrap().collect();
        assert_eq!(local[0].to_string(), "127.0.0.1:80");
        assert_eq!(net::lookup_host("nope:1").await.unwrap_err().kind(), ErrorKind::NotFound);
        assert_eq!(net::lookup_host("no port").await.unwrap_err().kind(), ErrorKind::InvalidInput);
    });
}

#[test]
fn sockets_are_send_and_sync_as_tokios_are() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<TcpStream>();
    send_sync::<TcpListener>();
    send_sync::<net::UdpSocket>();
    send_sync::<net::OwnedReadHalf>();
    send_sync::<net::OwnedWriteHalf>();
    fn send<T: Send>(_: &T) {}
    send(&TcpStream::connect("db:1"));
    send(&TcpListener::bind("0.0.0.0:1"));
}
