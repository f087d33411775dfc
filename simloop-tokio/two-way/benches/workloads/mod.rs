//! W1 and W4 of the performance suite (`BENCHMARKS.md`), each written twice: through the
//! facade (tokio's API, simulated) and on simloop's own API. Shared by the `facade` bench
//! (wall time) and the `facade_cost` example (one run, for an instruction count).

pub mod w1 {
    use std::time::Duration;

    pub const TASKS: usize = 100_000;

    /// The W1 durations of `benches/executor.rs`: SplitMix64 from the same seed.
    pub fn durations() -> Vec<u64> {
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

    /// W1 on simloop's API: one simulation.
    pub fn run_direct(durations: Vec<u64>) -> u64 {
        simloop::Sim::new(1).max_steps(u64::MAX / 2).run(direct(durations))
    }

    /// The facade runtime W1 runs on (built once: tokio code builds it once too).
    pub fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .seed(1)
            .build()
            .expect("a facade runtime")
    }

    /// W1 through the facade: one simulation.
    pub fn run_facade(rt: &tokio::runtime::Runtime, durations: Vec<u64>) -> u64 {
        rt.block_on(facade(durations))
    }
}

pub mod w4 {
    use std::rc::Rc;

    use futures::lock::Mutex;
    use simloop::Explorer;

    pub const ITERATIONS: u64 = 200;
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

    /// W4 on simloop's API: an exploration of 200 seeds on one thread.
    pub fn run_direct() -> u64 {
        explore(direct)
    }

    /// W4 through the facade.
    pub fn run_facade() -> u64 {
        explore(facade)
    }
}
