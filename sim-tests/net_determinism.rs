//! Same seed, same run, with the network: latency, loss, a partition, a crash and a restart.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simloop::Sim;
use simloop::net::{self, TcpListener, TcpStream, UdpSocket};
use simloop::time::{now, sleep, timeout};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MIN: Duration = Duration::from_millis(1);
const MAX: Duration = Duration::from_millis(10);

/// Three hosts: "kv" answers TCP requests, "clock" answers UDP pings (recording each
/// datagram's one-way latency in `latencies`), and the main host's clients call both
/// through a partition of main|kv and a crash and restart of clock.
async fn cluster(latencies: Rc<RefCell<Vec<Duration>>>) -> Vec<String> {
    net::links().latency(MIN..=MAX).loss(0.2);
    net::host("kv", || async {
        let listener = TcpListener::bind("0.0.0.0:6379").await.unwrap();
        loop {
            let (mut conn, _) = listener.accept().await.unwrap();
            drop(simloop::spawn(async move {
                let mut buf = [0; 8];
                while let Ok(n @ 1..) = conn.read(&mut buf).await {
                    let reply: Vec<u8> = buf[..n].iter().map(|b| b.wrapping_add(1)).collect();
                    if conn.write_all(&reply).await.is_err() {
                        return;
                    }
                }
            }));
        }
    });
    net::host("clock", move || {
        let latencies = latencies.clone();
        async move {
            let socket = UdpSocket::bind("0.0.0.0:123").await.unwrap();
            let mut buf = [0; 8];
            loop {
                let (_, from) = socket.recv_from(&mut buf).await.unwrap();
                let sent = Duration::from_nanos(u64::from_le_bytes(buf));
                latencies.borrow_mut().push(now().since_start() - sent);
                socket.send_to(&buf, from).await.unwrap();
            }
        }
    });
    let log = Rc::new(RefCell::new(Vec::new()));
    let tcp_log = log.clone();
    let tcp = simloop::spawn(async move {
        for round in 0..12u8 {
            let attempt = timeout(Duration::from_millis(15), async {
                let mut conn = TcpStream::connect("kv:6379").await?;
                conn.write_all(&[round]).await?;
                let mut reply = [0];
                conn.read_exact(&mut reply).await?;
                Ok::<_, std::io::Error>(reply[0])
            });
            let entry = match attempt.await {
                Ok(Ok(reply)) => format!("tcp {round} -> {reply} at {}", now()),
                Ok(Err(e)) => format!("tcp {round} failed: {:?} at {}", e.kind(), now()),
                Err(_) => format!("tcp {round} timed out at {}", now()),
            };
            tcp_log.borrow_mut().push(entry);
            sleep(Duration::from_millis(5)).await;
        }
    });
    let udp_log = log.clone();
    let udp = simloop::spawn(async move {
        let socket = UdpSocket::bind("0.0.0.0:0").await.unwrap();
        for round in 0..30u32 {
            let sent = now().since_start().as_nanos() as u64;
            socket.send_to(&sent.to_le_bytes(), "clock:123").await.unwrap();
            let mut buf = [0; 8];
            let entry = match timeout(Duration::from_millis(25), socket.recv_from(&mut buf)).await {
                Ok(Ok(_)) => format!("udp {round} answered at {}", now()),
                Ok(Err(e)) => format!("udp {round} failed: {:?}", e.kind()),
                Err(_) => format!("udp {round} lost at {}", now()),
            };
            udp_log.borrow_mut().push(entry);
        }
    });
    sleep(Duration::from_millis(30)).await;
    net::partition("main", "kv");
    sleep(Duration::from_millis(10)).await;
    net::crash("clock");
    sleep(Duration::from_millis(20)).await;
    net::repair("main", "kv");
    sleep(Duration::from_millis(10)).await;
    net::restart("clock");
    tcp.await.unwrap();
    udp.await.unwrap();
    log.take()
}

#[test]
fn a_thousand_seeds_of_three_hosts_with_faults_replay_exactly() {
    let latencies = Rc::new(RefCell::new(Vec::new()));
    let mut digests = std::collections::BTreeSet::new();
    for seed in 0..1_000 {
        let run = || {
            let seen = Rc::new(RefCell::new(Vec::new()));
            let outcome = Sim::with_exact_seed(seed).try_run(cluster(seen.clone())).unwrap();
            (outcome, seen.take())
        };
        let ((a, seen), (b, _)) = (run(), run());
        assert_eq!(a.digest(), b.digest(), "seed {seed}: digests differ");
        assert_eq!(a.value(), b.value(), "seed {seed}: outputs differ");
        digests.insert(a.digest());
        latencies.borrow_mut().extend(seen);
    }
    assert!(digests.len() >= 990, "only {} distinct runs of 1,000 seeds", digests.len());
    // One-way latencies cover the link's range: every tenth of it was drawn.
    let latencies = latencies.take();
    assert!(latencies.len() > 10_000, "{} datagrams", latencies.len());
    let mut buckets = [0usize; 10];
    for latency in &latencies {
        assert!((MIN..=MAX).contains(latency), "latency {latency:?} outside the range");
        let tenth = (*latency - MIN).as_micros() * 10 / (MAX - MIN).as_micros();
        buckets[(tenth as usize).min(9)] += 1;
    }
    let fewest = *buckets.iter().min().unwrap();
    assert!(fewest > latencies.len() / 20, "uneven latencies: {buckets:?}");
    assert_eq!(*latencies.iter().min().unwrap(), MIN);
}

#[test]
fn a_trace_with_the_network_is_the_same_twice_and_recording_it_leaves_the_digest() {
    let run =
        |trace| Sim::with_exact_seed(42).trace(trace).try_run(cluster(Rc::default())).unwrap();
    let (a, b, quiet) = (run(true), run(true), run(false));
    assert_eq!(a.trace().to_string(), b.trace().to_string());
    assert_eq!(a.digest(), quiet.digest());
}
