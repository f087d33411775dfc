//! Executor throughput benchmarks: simloop side by side with tokio's paused-clock runtime.
//!
//! Workload W1: `N` tasks (100,000 unless stated), each sleeping a pseudo-random 0..=1000 ms
//! of virtual time and returning that duration in milliseconds; the main future awaits every
//! `JoinHandle` in spawn order and sums the results. The durations come from a SplitMix64
//! generator with a fixed seed, computed before the timed section, so both runtimes run the
//! exact same workload. Each iteration is one full workload, runtime construction included.
//!
//! - `w1_simloop`: `Sim::new(1).run(..)`, default strategy (random), trace off.
//! - `w1_simloop_trace`: the same with `.trace(true)`, to price full event recording.
//! - `w1_tokio`: a current-thread tokio runtime with `start_paused(true)`.
//! - `w1_simloop_scaling`: simloop at 10k, 100k and 1M tasks.
//!
//! Run with:
//!
//! ```text
//! cargo bench --bench executor
//! ```

use std::time::Duration;

use divan::Bencher;

fn main() {
    divan::main();
}

/// Tasks in W1.
const W1_TASKS: usize = 100_000;

/// Seed of the sleep-duration generator, shared by every runtime.
const DURATION_SEED: u64 = 0x5EED_0001;

/// Steps allowed to a simloop run: far above the ~3 polls per task W1 needs.
const MAX_STEPS: u64 = u64::MAX / 2;

/// SplitMix64: a tiny deterministic generator, so both runtimes sleep the same durations.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The W1 sleep durations, in milliseconds, each in `0..=1000`.
fn durations(tasks: usize) -> Vec<u64> {
    let mut rng = SplitMix64(DURATION_SEED);
    (0..tasks).map(|_| rng.next_u64() % 1001).collect()
}

/// W1 on simloop: spawn one sleeping task per duration, join them in spawn order, sum.
async fn w1_sim_body(durations: Vec<u64>) -> u64 {
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
    for handle in handles {
        sum += handle.await.expect("a W1 task failed");
    }
    sum
}

/// W1 on tokio: the same workload with `tokio::spawn` and `tokio::time::sleep`.
async fn w1_tokio_body(durations: Vec<u64>) -> u64 {
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
    for handle in handles {
        sum += handle.await.expect("a W1 task failed");
    }
    sum
}

/// The inputs of one iteration: the durations and the sum the run must return.
fn inputs(tasks: usize) -> (Vec<u64>, u64) {
    let durations = durations(tasks);
    let expected = durations.iter().sum();
    (durations, expected)
}

fn run_simloop(bencher: Bencher<'_, '_>, tasks: usize, trace: bool) {
    bencher.with_inputs(|| inputs(tasks)).bench_values(|(durations, expected)| {
        let sum = simloop::Sim::new(1)
            .trace(trace)
            .max_steps(MAX_STEPS)
            .run(w1_sim_body(divan::black_box(durations)));
        assert_eq!(sum, expected);
        divan::black_box(sum)
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn w1_simloop(bencher: Bencher<'_, '_>) {
    run_simloop(bencher, W1_TASKS, false);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn w1_simloop_trace(bencher: Bencher<'_, '_>) {
    run_simloop(bencher, W1_TASKS, true);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn w1_tokio(bencher: Bencher<'_, '_>) {
    bencher.with_inputs(|| inputs(W1_TASKS)).bench_values(|(durations, expected)| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("failed to build the tokio runtime");
        let sum = runtime.block_on(w1_tokio_body(divan::black_box(durations)));
        assert_eq!(sum, expected);
        divan::black_box(sum)
    });
}

#[divan::bench(consts = [10_000, 100_000, 1_000_000], sample_count = 10, sample_size = 1)]
fn w1_simloop_scaling<const TASKS: usize>(bencher: Bencher<'_, '_>) {
    run_simloop(bencher, TASKS, false);
}

/// One hour of virtual time: 3,600 sequential sleeps of one second. What is measured is the
/// real time the hour takes; the test suite asserts only the virtual quantities.
#[divan::bench(sample_count = 20)]
fn hour_of_sleeps() -> Duration {
    simloop::Sim::new(1).run(async {
        for _ in 0..3_600 {
            simloop::time::sleep(Duration::from_secs(1)).await;
        }
        simloop::time::now().since_start()
    })
}
