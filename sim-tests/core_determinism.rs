//! Same seed, same run; different seeds, different runs.

use std::collections::BTreeSet;
use std::time::Duration;

use simloop::time::{sleep, timeout};
use simloop::{Sim, spawn, yield_now};

use crate::support::Log;

/// A program with many interleavings: 6 tasks mixing yields, sleeps and timeouts, one of
/// them aborted half-way, results joined in order. Returns its log of steps.
pub(crate) async fn chaos() -> Vec<String> {
    let log = Log::default();
    let mut handles = Vec::new();
    for i in 0..6u64 {
        let log = log.clone();
        handles.push(spawn(async move {
            for round in 0..4u64 {
                log.push(format!("{i}.{round}@{}", simloop::time::now()));
                match (i + round) % 3 {
                    0 => yield_now().await,
                    1 => sleep(Duration::from_millis((i * 7 + round) % 5 * 10)).await,
                    _ => {
                        let inner = sleep(Duration::from_millis(10 * (round % 3)));
                        let _ = timeout(Duration::from_millis(10), inner).await;
                    }
                }
            }
            i
        }));
    }
    sleep(Duration::from_millis(15)).await;
    handles[5].abort();
    for h in handles {
        match h.await {
            Ok(i) => log.push(format!("joined {i}")),
            Err(e) => log.push(e.to_string()),
        }
    }
    log.entries()
}

const SEEDS: u64 = 1_000;

#[test]
fn same_seed_gives_same_digest_trace_and_output() {
    let mut digests = BTreeSet::new();
    for seed in 0..SEEDS {
        let run = || Sim::with_exact_seed(seed).trace(true).try_run(chaos()).unwrap();
        let (a, b) = (run(), run());
        assert_eq!(a.digest(), b.digest(), "seed {seed}: digests differ");
        assert_eq!(a.trace(), b.trace(), "seed {seed}: traces differ");
        assert_eq!(a.trace().to_string(), b.trace().to_string(), "seed {seed}");
        assert_eq!(a.value(), b.value(), "seed {seed}: outputs differ");
        digests.insert(a.digest());
    }
    println!("{} distinct digests over {SEEDS} seeds", digests.len());
    // Measured: all 1,000 seeds give distinct schedules of this program.
    assert!(digests.len() >= 990, "only {} distinct digests over {SEEDS} seeds", digests.len());
}

#[test]
fn digest_does_not_depend_on_trace_recording() {
    for seed in 0..50 {
        let on = Sim::with_exact_seed(seed).trace(true).try_run(chaos()).unwrap();
        let off = Sim::with_exact_seed(seed).try_run(chaos()).unwrap();
        assert_eq!(on.digest(), off.digest(), "seed {seed}");
        assert_eq!(on.steps(), off.steps(), "seed {seed}");
        assert!(!off.trace().is_recorded());
    }
}

#[test]
fn recorded_digest_of_a_fixed_program_is_stable() {
    // Pins the whole derivation: seed expansion, ChaCha streams, bounded draws, digest.
    // A change here changes what every printed seed replays: it needs a deliberate reason.
    let outcome = Sim::with_exact_seed(2024).try_run(chaos()).unwrap();
    assert_eq!(outcome.digest(), 3_172_855_084_334_732_511, "digest of seed 2024 changed");
}
