//! Workloads W2 and W3 of the performance suite, simloop beside tokio's current-thread runtime
//! with paused time (W1 is in `executor.rs`, W4 in `explore.rs`, W5 in `memory.rs`).
//!
//! - W2: 1,000,000 messages ping-pong over capacity-1 channels between 2 tasks
//!   (`tokio::sync::mpsc`, runtime-agnostic, the same channel under both runtimes).
//! - W3: 50,000 tasks, each racing a sleep against a timeout, both 0-100 ms.
//!
//! Run with `cargo bench --bench workloads`.

use std::time::Duration;

use divan::Bencher;
use tokio::sync::mpsc;

fn main() {
    divan::main();
}

const MESSAGES: u32 = 1_000_000;
const RACES: usize = 50_000;

/// SplitMix64, so both runtimes get the same durations.
fn durations(n: usize, seed: u64) -> Vec<(u64, u64)> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    (0..n).map(|_| (next() % 101, next() % 101)).collect()
}

/// The pong side: answers every `n` with `n + 1` until the ping side hangs up.
async fn pong(mut rx: mpsc::Receiver<u32>, tx: mpsc::Sender<u32>) {
    while let Some(n) = rx.recv().await {
        if tx.send(n + 1).await.is_err() {
            break;
        }
    }
}

/// The ping side: `MESSAGES / 2` round trips, `MESSAGES` messages in all.
async fn ping(tx: mpsc::Sender<u32>, mut rx: mpsc::Receiver<u32>) -> u32 {
    let mut last = 0;
    for n in 0..MESSAGES / 2 {
        tx.send(n).await.expect("pong is alive");
        last = rx.recv().await.expect("pong answers");
    }
    last
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn w2_simloop(bencher: Bencher<'_, '_>) {
    bencher.bench(|| {
        simloop::Sim::new(1).max_steps(u64::MAX / 2).run(async {
            let (to_pong, pong_rx) = mpsc::channel(1);
            let (to_ping, ping_rx) = mpsc::channel(1);
            let answering = simloop::spawn(pong(pong_rx, to_ping));
            let last = ping(to_pong, ping_rx).await;
            answering.await.expect("pong");
            last
        })
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn w2_tokio(bencher: Bencher<'_, '_>) {
    bencher.bench(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a tokio runtime");
        rt.block_on(async {
            let (to_pong, pong_rx) = mpsc::channel(1);
            let (to_ping, ping_rx) = mpsc::channel(1);
            let answering = tokio::spawn(pong(pong_rx, to_ping));
            let last = ping(to_pong, ping_rx).await;
            answering.await.expect("pong");
            last
        })
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn w3_simloop(bencher: Bencher<'_, '_>) {
    bencher.with_inputs(|| durations(RACES, 3)).bench_values(|races| {
        simloop::Sim::new(1).max_steps(u64::MAX / 2).run(async move {
            let handles: Vec<_> = races
                .into_iter()
                .map(|(work, limit)| {
                    simloop::spawn(async move {
                        let work = simloop::time::sleep(Duration::from_millis(work));
                        simloop::time::timeout(Duration::from_millis(limit), work).await.is_ok()
                    })
                })
                .collect();
            let mut completed = 0u32;
            for h in handles {
                completed += u32::from(h.await.expect("race"));
            }
            completed
        })
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn w3_tokio(bencher: Bencher<'_, '_>) {
    bencher.with_inputs(|| durations(RACES, 3)).bench_values(|races| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a tokio runtime");
        rt.block_on(async move {
            let handles: Vec<_> = races
                .into_iter()
                .map(|(work, limit)| {
                    tokio::spawn(async move {
                        let work = tokio::time::sleep(Duration::from_millis(work));
                        tokio::time::timeout(Duration::from_millis(limit), work).await.is_ok()
                    })
                })
                .collect();
            let mut completed = 0u32;
            for h in handles {
                completed += u32::from(h.await.expect("race"));
            }
            completed
        })
    });
}
