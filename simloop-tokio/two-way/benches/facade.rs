//! The cost of the facade: W1 and W4 of the performance suite (`BENCHMARKS.md`), each run
//! through the facade (tokio's API, simulated) beside the same workload on simloop's own API
//! (the workloads are in `workloads/mod.rs`).
//!
//! - W1: 100,000 tasks sleep 0-1000 ms and are joined in spawn order; one simulation.
//! - W4: 8 tasks contend on a `futures::lock::Mutex` for 20 rounds; an exploration of 200
//!   seeds on one thread (through the facade: `LocalSet`, `spawn_local`, `yield_now`).
//!
//! Simulation builds only:
//!
//! ```text
//! RUSTFLAGS="--cfg simloop" CARGO_TARGET_DIR=target/sim cargo bench -p simloop-tokio-two-way --bench facade
//! ```
//!
//! For instruction counts, the `facade_cost` example runs one workload once.

#[cfg(simloop)]
mod workloads;

#[cfg(not(simloop))]
fn main() {
    println!(
        "the facade bench measures the simulation build: run it with RUSTFLAGS=\"--cfg simloop\""
    );
}

#[cfg(simloop)]
fn main() {
    divan::main();
}

#[cfg(simloop)]
mod w1 {
    use divan::Bencher;

    use crate::workloads::w1;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn w1_direct(bencher: Bencher<'_, '_>) {
        bencher.with_inputs(w1::durations).bench_values(|d| divan::black_box(w1::run_direct(d)));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn w1_facade(bencher: Bencher<'_, '_>) {
        let rt = w1::runtime();
        bencher
            .with_inputs(w1::durations)
            .bench_values(|d| divan::black_box(w1::run_facade(&rt, d)));
    }
}

#[cfg(simloop)]
mod w4 {
    use divan::Bencher;
    use divan::counter::ItemsCount;

    use crate::workloads::w4;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn w4_direct(bencher: Bencher<'_, '_>) {
        bencher
            .counter(ItemsCount::new(w4::ITERATIONS))
            .bench(|| divan::black_box(w4::run_direct()));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn w4_facade(bencher: Bencher<'_, '_>) {
        bencher
            .counter(ItemsCount::new(w4::ITERATIONS))
            .bench(|| divan::black_box(w4::run_facade()));
    }
}
