//! Exploration throughput: how many iterations per second `Explorer` runs.
//!
//! Workload: 8 tasks contend on one `futures::lock::Mutex`, 20 rounds each; a round locks,
//! yields inside the critical section (so the others find the lock taken and wait), adds one
//! to the counter and unlocks. The main future awaits the tasks and checks the total (160).
//! One benchmark iteration is an exploration of `ITERATIONS` seeds (the default random
//! strategy, trace off, no regression file, the environment ignored) on 1 and on 2 threads;
//! divan's item throughput is the number of explored seeds per second. `tokio_mutex` runs
//! the same test as often on tokio's current-thread runtime, a fresh one per run.
//!
//! Run with:
//!
//! ```text
//! cargo bench --bench explore
//! ```

use std::rc::Rc;

use divan::Bencher;
use divan::counter::ItemsCount;
use futures::lock::Mutex;
use simloop::Explorer;

fn main() {
    divan::main();
}

/// Seeds explored per benchmark iteration.
const ITERATIONS: u64 = 200;

const TASKS: usize = 8;
const ROUNDS: usize = 20;

async fn contended_mutex() {
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

#[divan::bench(args = [1, 2], sample_count = 10, sample_size = 1)]
fn explore_mutex(bencher: Bencher<'_, '_>, threads: usize) {
    bencher.counter(ItemsCount::new(ITERATIONS)).bench(|| {
        let report = Explorer::new()
            .read_env(false)
            .no_regressions()
            .iterations(ITERATIONS)
            .threads(threads)
            .try_run(contended_mutex)
            .expect("the mutex workload has no bug");
        assert_eq!(report.iterations(), ITERATIONS);
        divan::black_box(report.distinct_digests())
    });
}

/// The same test on tokio: a fresh current-thread runtime (paused clock) per run, as a test
/// suite would, `ITERATIONS` runs; tokio has no seeds, so every run is the same schedule.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn tokio_mutex(bencher: Bencher<'_, '_>) {
    bencher.counter(ItemsCount::new(ITERATIONS)).bench(|| {
        for _ in 0..ITERATIONS {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .start_paused(true)
                .build()
                .expect("a tokio runtime");
            let local = tokio::task::LocalSet::new();
            local.block_on(&rt, async {
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
            });
        }
    });
}
