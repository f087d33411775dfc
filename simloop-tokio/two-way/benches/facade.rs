//! The cost of the facade: W1 and W4 of the performance suite (`BENCHMARKS.md`), each run
//! through the facade (tokio's API, simulated) beside the same workload on simloop's own API.
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
    use std::time::Duration;

    use divan::Bencher;

    const TASKS: usize = 100_000;

    /// The W1 durations of `benches/executor.rs`: SplitMix64 from the same seed.
    fn durations() -> Vec<u64> {
        let mut state: u64 = 0x5EED_0001;
        (0..TASKS)
            .map(|_| {
                state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                (z ^ (z >> 31)) % 1001
            })
            .collect()
    }

    async fn direct(durations: Vec<u64>) -> u64 {
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

    async fn facade(durations: Vec<u64>) -> u64 {
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

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn w1_direct(bencher: Bencher<'_, '_>) {
        bencher.with_inputs(durations).bench_values(|durations| {
            divan::black_box(simloop::Sim::new(1).max_steps(u64::MAX / 2).run(direct(durations)))
        });
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn w1_facade(bencher: Bencher<'_, '_>) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .seed(1)
            .build()
            .expect("a facade runtime");
        bencher
            .with_inputs(durations)
            .bench_values(|durations| divan::black_box(rt.block_on(facade(durations))));
    }
}

#[cfg(simloop)]
mod w4 {
    use std::rc::Rc;

    use divan::Bencher;
    use divan::counter::ItemsCount;
    use futures::lock::Mutex;
    use simloop::Explorer;

    const ITERATIONS: u64 = 200;
    const TASKS: usize = 8;
    const ROUNDS: usize = 20;

    async fn direct() {
        let counter = Rc::new(Mutex::new(0_usize));
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| {
                let counter = counter.clone();
                simloop::spawn(async move {
                    for _ in 0..ROUNDS {
                        let mut guard = counter.lock().await;
                        simloop::yield_now().await;
                        *guard += 1;
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("a mutex task failed");
        }
        assert_eq!(*counter.lock().await, TASKS * ROUNDS);
    }

    async fn facade() {
        let local = tokio::task::LocalSet::new();
        local
            .run_until(async {
                let counter = Rc::new(Mutex::new(0_usize));
                let tasks: Vec<_> = (0..TASKS)
                    .map(|_| {
                        let counter = counter.clone();
                        tokio::task::spawn_local(async move {
                            for _ in 0..ROUNDS {
                                let mut guard = counter.lock().await;
                                tokio::task::yield_now().await;
                                *guard += 1;
                            }
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await.expect("a mutex task failed");
                }
                assert_eq!(*counter.lock().await, TASKS * ROUNDS);
            })
            .await;
    }

    fn explore<Fut: std::future::Future<Output = ()>>(test: fn() -> Fut) -> u64 {
        let report = Explorer::new()
            .read_env(false)
            .no_regressions()
            .iterations(ITERATIONS)
            .threads(1)
            .try_run(test)
            .expect("the mutex workload has no bug");
        report.distinct_digests()
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn w4_direct(bencher: Bencher<'_, '_>) {
        bencher.counter(ItemsCount::new(ITERATIONS)).bench(|| divan::black_box(explore(direct)));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn w4_facade(bencher: Bencher<'_, '_>) {
        bencher.counter(ItemsCount::new(ITERATIONS)).bench(|| divan::black_box(explore(facade)));
    }
}
