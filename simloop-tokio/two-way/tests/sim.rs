//! What only a simulation can show: determinism over many seeds, the seeded branch order of
//! `select!`, the loud failure of what cannot be simulated, ctrl-c on demand, and a planted
//! bug found, replayed and shrunk. Built with `--cfg simloop` only (empty otherwise).
#![cfg(simloop)]

#[path = "../examples/worker_pool/pool.rs"]
#[allow(dead_code, reason = "the example's module, shared")]
mod pool;

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;
use tokio::time::{Instant, interval, sleep, timeout};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A program over `JoinSet`, `select!`, `interval`, `timeout` and `tokio::sync`: what it
/// observes, in order.
async fn program() -> Vec<String> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, mut rx) = mpsc::channel::<u64>(2);
    let mut set = JoinSet::new();
    for worker in 0..3u64 {
        let (tx, log) = (tx.clone(), log.clone());
        set.spawn(async move {
            let mut ticks = interval(ms(3 + worker));
            for round in 0..3 {
                ticks.tick().await;
                let sent = timeout(ms(2), tx.send(worker * 10 + round)).await;
                log.lock().await.push(format!("w{worker} r{round} sent={}", sent.is_ok()));
            }
            worker
        });
    }
    drop(tx);
    let (mut received, mut joined) = (Vec::new(), 0);
    loop {
        tokio::select! {
            Some(n) = rx.recv() => received.push(n),
            Some(done) = set.join_next() => {
                joined += 1;
                log.lock().await.push(format!("joined {}", done.unwrap()));
            }
            _ = sleep(ms(1)), if joined < 3 => {
                log.lock().await.push(format!("idle at {:?}", Instant::now()));
            }
            else => break,
        }
    }
    let mut log = log.lock().await.clone();
    log.push(format!("received {received:?}"));
    log
}

#[test]
fn a_thousand_seeds_twice_give_the_same_digests() {
    let run = || {
        (0..1_000u64)
            .map(|seed| {
                let outcome = simloop::Sim::with_exact_seed(seed).try_run(program()).unwrap();
                (outcome.digest(), outcome.value().clone())
            })
            .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first, run(), "the same seeds gave different runs");
    let distinct: BTreeSet<u64> = first.iter().map(|(digest, _)| *digest).collect();
    assert!(distinct.len() > 10, "the seeds explore different schedules ({})", distinct.len());
}

#[test]
fn select_draws_its_branch_order_from_the_seed_unless_biased() {
    let pick = |seed: u64, biased: bool| {
        simloop::Sim::with_exact_seed(seed).run(async move {
            if biased {
                tokio::select! { biased; _ = async {} => 0, _ = async {} => 1 }
            } else {
                tokio::select! { _ = async {} => 0, _ = async {} => 1 }
            }
        })
    };
    let seeded: BTreeSet<i32> = (0..64).map(|seed| pick(seed, false)).collect();
    assert_eq!(seeded, BTreeSet::from([0, 1]));
    assert!((0..64).all(|seed| pick(seed, true) == 0));
    assert_eq!(pick(5, false), pick(5, false), "a seed replays its choice");
}

/// Runs `body` on a facade runtime and gives the message it panicked with.
fn panic_message<F: std::future::Future>(body: F) -> String {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Err(payload) = catch_unwind(AssertUnwindSafe(|| rt.block_on(body))) else {
        panic!("the body did not panic")
    };
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap()
}

#[test]
fn tokio_code_that_binds_and_connects_on_loopback_works_on_its_host() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let echoed = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut line = [0u8; 5];
            socket.read_exact(&mut line).await.unwrap();
            socket.write_all(&line).await.unwrap();
        });
        let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
        client.write_all(b"hello").await.unwrap();
        let mut back = [0u8; 5];
        client.read_exact(&mut back).await.unwrap();
        server.await.unwrap();
        back
    });
    assert_eq!(&echoed, b"hello");
}

#[test]
fn what_cannot_be_simulated_panics_naming_it() {
    let fs = panic_message(async { tokio::fs::read_to_string("Cargo.toml").await });
    assert!(fs.contains("`tokio::fs::read_to_string` is not simulated"), "{fs}");
    // TCP and UDP are simulated (`simloop::net`); a raw `TcpSocket` is not.
    let net = panic_message(async { tokio::net::TcpSocket::new_v4().map(|_| ()) });
    assert!(net.contains("`tokio::net::TcpSocket::new_v4` is not simulated"), "{net}");
    let process = panic_message(async { tokio::process::Command::new("true").status().await });
    assert!(process.contains("`tokio::process::Command::new` is not simulated"), "{process}");
    let stdout = panic_message(async { tokio::io::stdout() });
    assert!(stdout.contains("`tokio::io::stdout` is not simulated"), "{stdout}");
    #[allow(clippy::disallowed_methods, reason = "the wall clock is what must be refused")]
    let wall = std::time::Instant::now();
    let instant = panic_message(async move { tokio::time::Instant::from_std(wall) });
    assert!(instant.contains("`tokio::time::Instant::from_std` is not simulated"), "{instant}");
}

#[tokio::test(iterations = 50)]
async fn ctrl_c_completes_when_the_test_triggers_it() {
    let server = tokio::spawn(async {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => "stopped",
            _ = sleep(Duration::from_secs(3600)) => "timed out",
        }
    });
    sleep(ms(10)).await;
    tokio::signal::trigger_ctrl_c();
    assert_eq!(server.await.unwrap(), "stopped");
    assert_eq!(tokio::time::Instant::now().elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true, iterations = 20, seed = 3)]
async fn advance_fires_the_timers_it_passes() {
    let start = Instant::now();
    let timer = tokio::spawn(sleep(ms(30)));
    tokio::time::advance(ms(50)).await;
    assert!(timer.is_finished());
    assert_eq!(start.elapsed(), ms(50));
}

#[test]
fn the_planted_bug_is_found_replayed_and_shrunk() {
    let failed = simloop::Explorer::new()
        .read_env(false)
        .no_regressions()
        .iterations(200)
        .try_run(|| async {
            let config = pool::Config {
                workers: 3,
                job_timeout: ms(50),
                heartbeat: ms(20),
                racy_stats: true,
            };
            let works = [5, 5, 5, 5].map(ms);
            let (stats, _) = pool::submit_all(config, &works).await;
            assert_eq!(stats.completed, 4, "lost a completion");
        })
        .unwrap_err();
    eprintln!("{failed}"); // the report, with `--nocapture`
    assert!(failed.failure().message().contains("lost a completion"));
    assert!(failed.is_deterministic());
    let shrunk = failed.shrunk_tape().expect("a shrunk schedule").clone();
    assert!(failed.schedule_command().unwrap().contains("SIMLOOP_SCHEDULE="));
    // The shrunk schedule fails the same way on its own.
    let replay = simloop::Sim::replay(shrunk).try_run(async {
        let config =
            pool::Config { workers: 3, job_timeout: ms(50), heartbeat: ms(20), racy_stats: true };
        let (stats, _) = pool::submit_all(config, &[5, 5, 5, 5].map(ms)).await;
        assert_eq!(stats.completed, 4, "lost a completion");
    });
    assert!(replay.unwrap_err().message().contains("lost a completion"));
}
