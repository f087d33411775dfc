//! Paired ratios, for a shared or noisy machine: each simloop workload and its reference (the
//! same workload on tokio, or simloop itself another way) run back to back, many times, in
//! one process, and the median of the per-pair ratios is printed. Machine-wide slowdowns that
//! last longer than one pair (other builds, a busy host) cancel out of each ratio, which the
//! side-by-side medians of `divan` do not guarantee.
//!
//! Time is the thread's CPU time (`/proc/thread-self/schedstat`), or wall time where that file
//! does not exist. The workloads are those of `executor.rs` (W1), `workloads.rs` (W2, W3) and
//! `explore.rs` (W4, one thread).
//!
//! Run with `cargo bench --bench paired` (`-- 31` for 31 pairs; 15 by default).

use std::rc::Rc;
use std::time::Duration;

use futures::lock::Mutex;
use simloop::{Explorer, Sim, Strategy};
use tokio::sync::mpsc;

/// SplitMix64: the duration generators of the other benches.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn w1_durations(n: usize) -> Vec<u64> {
    let mut state = 0x5EED_0001;
    (0..n).map(|_| splitmix(&mut state) % 1001).collect()
}

fn w3_durations(n: usize) -> Vec<(u64, u64)> {
    let mut state = 3;
    (0..n).map(|_| (splitmix(&mut state) % 101, splitmix(&mut state) % 101)).collect()
}

fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a tokio runtime")
}

/// What a W1 run records beyond the digest.
#[derive(Clone, Copy, PartialEq)]
enum Record {
    Nothing,
    Trace,
    TraceAndTape,
}

fn w1_simloop(n: usize, strategy: Strategy, record: Record) -> u64 {
    let durations = w1_durations(n);
    let sim = Sim::new(1).strategy(strategy).max_steps(u64::MAX / 2);
    let sim = sim.trace(record != Record::Nothing).record_tape(record == Record::TraceAndTape);
    sim.run(async move {
        let handles: Vec<_> = durations
            .into_iter()
            .map(|ms| {
                simloop::spawn(async move {
                    simloop::time::sleep(Duration::from_millis(ms)).await;
                    ms
                })
            })
            .collect();
        let mut sum = 0;
        for h in handles {
            sum += h.await.expect("a W1 task");
        }
        sum
    })
}

fn w1_tokio(n: usize) -> u64 {
    let durations = w1_durations(n);
    tokio_runtime().block_on(async move {
        let handles: Vec<_> = durations
            .into_iter()
            .map(|ms| {
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    ms
                })
            })
            .collect();
        let mut sum = 0;
        for h in handles {
            sum += h.await.expect("a W1 task");
        }
        sum
    })
}

fn w3_simloop(n: usize, strategy: Strategy) -> u64 {
    let races = w3_durations(n);
    Sim::new(1).strategy(strategy).max_steps(u64::MAX / 2).run(async move {
        let handles: Vec<_> = races
            .into_iter()
            .map(|(work, limit)| {
                simloop::spawn(async move {
                    let work = simloop::time::sleep(Duration::from_millis(work));
                    simloop::time::timeout(Duration::from_millis(limit), work).await.is_ok()
                })
            })
            .collect();
        let mut completed = 0;
        for h in handles {
            completed += u64::from(h.await.expect("a W3 task"));
        }
        completed
    })
}

fn w3_tokio(n: usize) -> u64 {
    let races = w3_durations(n);
    tokio_runtime().block_on(async move {
        let handles: Vec<_> = races
            .into_iter()
            .map(|(work, limit)| {
                tokio::spawn(async move {
                    let work = tokio::time::sleep(Duration::from_millis(work));
                    tokio::time::timeout(Duration::from_millis(limit), work).await.is_ok()
                })
            })
            .collect();
        let mut completed = 0;
        for h in handles {
            completed += u64::from(h.await.expect("a W3 task"));
        }
        completed
    })
}

async fn pong(mut rx: mpsc::Receiver<u32>, tx: mpsc::Sender<u32>) {
    while let Some(n) = rx.recv().await {
        if tx.send(n + 1).await.is_err() {
            break;
        }
    }
}

async fn ping(tx: mpsc::Sender<u32>, mut rx: mpsc::Receiver<u32>, messages: u32) -> u64 {
    let mut last = 0;
    for n in 0..messages / 2 {
        tx.send(n).await.expect("pong is alive");
        last = rx.recv().await.expect("pong answers");
    }
    u64::from(last)
}

fn w2_simloop(messages: u32) -> u64 {
    Sim::new(1).max_steps(u64::MAX / 2).run(async move {
        let (to_pong, pong_rx) = mpsc::channel(1);
        let (to_ping, ping_rx) = mpsc::channel(1);
        let answering = simloop::spawn(pong(pong_rx, to_ping));
        let last = ping(to_pong, ping_rx, messages).await;
        answering.await.expect("pong");
        last
    })
}

fn w2_tokio(messages: u32) -> u64 {
    tokio_runtime().block_on(async move {
        let (to_pong, pong_rx) = mpsc::channel(1);
        let (to_ping, ping_rx) = mpsc::channel(1);
        let answering = tokio::spawn(pong(pong_rx, to_ping));
        let last = ping(to_pong, ping_rx, messages).await;
        answering.await.expect("pong");
        last
    })
}

/// W4: an exploration of `seeds` seeds of 8 tasks, 20 rounds each on one mutex, yielding
/// inside the critical section.
fn w4_simloop(seeds: u64) -> u64 {
    let report = Explorer::new()
        .read_env(false)
        .no_regressions()
        .iterations(seeds)
        .threads(1)
        .try_run(|| async {
            let counter = Rc::new(Mutex::new(0_usize));
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let counter = counter.clone();
                    simloop::spawn(async move {
                        for _ in 0..20 {
                            let mut guard = counter.lock().await;
                            simloop::yield_now().await;
                            *guard += 1;
                        }
                    })
                })
                .collect();
            for task in tasks {
                task.await.expect("a mutex task");
            }
            assert_eq!(*counter.lock().await, 160);
        })
        .expect("the mutex workload has no bug");
    report.iterations()
}

/// W4's test on tokio, a fresh current-thread runtime per run, as `explore.rs` runs it.
fn w4_tokio(runs: u64) -> u64 {
    for _ in 0..runs {
        let local = tokio::task::LocalSet::new();
        local.block_on(&tokio_runtime(), async {
            let counter = Rc::new(Mutex::new(0_usize));
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let counter = counter.clone();
                    tokio::task::spawn_local(async move {
                        for _ in 0..20 {
                            let mut guard = counter.lock().await;
                            tokio::task::yield_now().await;
                            *guard += 1;
                        }
                    })
                })
                .collect();
            for task in tasks {
                task.await.expect("a mutex task");
            }
            assert_eq!(*counter.lock().await, 160);
        });
    }
    runs
}

/// Nanoseconds of CPU time of this thread so far, or of wall time where the kernel does not
/// say.
#[allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures real time, outside any simulation"
)]
fn now_ns() -> u64 {
    thread_local! {
        static START: std::time::Instant = std::time::Instant::now();
    }
    match std::fs::read_to_string("/proc/thread-self/schedstat") {
        Ok(text) => text.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0),
        Err(_) => START.with(|start| start.elapsed().as_nanos() as u64),
    }
}

fn time(f: &mut dyn FnMut() -> u64) -> f64 {
    let start = now_ns();
    std::hint::black_box(f());
    (now_ns() - start) as f64 / 1e6
}

/// Runs `a` then `b`, `pairs` times; prints the median ratio `a / b` and its quartiles.
fn pair(name: &str, pairs: usize, a: &mut dyn FnMut() -> u64, b: &mut dyn FnMut() -> u64) {
    let (mut ratios, mut ta, mut tb) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..pairs {
        let (x, y) = (time(a), time(b));
        ratios.push(x / y);
        ta.push(x);
        tb.push(y);
    }
    for v in [&mut ratios, &mut ta, &mut tb] {
        v.sort_by(f64::total_cmp);
    }
    let q = |v: &[f64], k: usize| v[(v.len() - 1) * k / 4];
    println!(
        "{name:<34} {:>6.3}  (quartiles {:.3} .. {:.3}; medians {:8.2} ms / {:8.2} ms)",
        q(&ratios, 2),
        q(&ratios, 1),
        q(&ratios, 3),
        q(&ta, 2),
        q(&tb, 2)
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a number is the count of pairs.
    let pairs = std::env::args().filter_map(|a| a.parse().ok()).next().unwrap_or(15);
    println!("median ratio of {pairs} back-to-back pairs (CPU time of the thread)");
    pair(
        "W1 simloop / tokio",
        pairs,
        &mut || w1_simloop(100_000, Strategy::Random, Record::Nothing),
        &mut || w1_tokio(100_000),
    );
    pair(
        "W1 simloop (fifo) / tokio",
        pairs,
        &mut || w1_simloop(100_000, Strategy::Fifo, Record::Nothing),
        &mut || w1_tokio(100_000),
    );
    pair(
        "W1 trace on / trace off",
        pairs,
        &mut || w1_simloop(100_000, Strategy::Random, Record::Trace),
        &mut || w1_simloop(100_000, Strategy::Random, Record::Nothing),
    );
    pair(
        "W1 trace and tape / trace off",
        pairs,
        &mut || w1_simloop(100_000, Strategy::Random, Record::TraceAndTape),
        &mut || w1_simloop(100_000, Strategy::Random, Record::Nothing),
    );
    pair(
        "W1 1,000,000 / 100,000 tasks",
        pairs,
        &mut || w1_simloop(1_000_000, Strategy::Random, Record::Nothing),
        &mut || w1_simloop(100_000, Strategy::Random, Record::Nothing),
    );
    pair("W2 simloop / tokio", pairs, &mut || w2_simloop(1_000_000), &mut || w2_tokio(1_000_000));
    pair("W3 simloop / tokio", pairs, &mut || w3_simloop(50_000, Strategy::Random), &mut || {
        w3_tokio(50_000)
    });
    pair(
        "W3 simloop (fifo) / tokio",
        pairs,
        &mut || w3_simloop(50_000, Strategy::Fifo),
        &mut || w3_tokio(50_000),
    );
    pair("W4 2,000 seeds / 2,000 tokio runs", pairs, &mut || w4_simloop(2_000), &mut || {
        w4_tokio(2_000)
    });
}
