//! The classic async mistakes, each one caught: what simloop shows when a program makes it.
//!
//! Run with `cargo run --example pitfalls`.

use std::future::Future;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::{self, sleep, timeout};
use simloop::{Failure, FailureKind, Sim, cpu_work};

/// A service call that takes `ms` milliseconds.
async fn fetch(ms: u64) -> u64 {
    sleep(Duration::from_millis(ms)).await;
    ms
}

/// 1. Awaiting one call after the other where they were meant to run concurrently.
async fn sequential_where_concurrent_was_meant() -> Vec<String> {
    let start = time::now();
    let mut total = 0;
    for ms in [200, 300, 400] {
        total += fetch(ms).await;
    }
    let sequential = time::now() - start;
    let start = time::now();
    let concurrent_total: u64 = simloop::gather([200, 300, 400].map(fetch)).await.into_iter().sum();
    let concurrent = time::now() - start;
    assert_eq!(total, concurrent_total);
    vec![
        format!("awaited one by one: {:?} of virtual time", sequential),
        format!("gathered: {:?}: the slowest call, not the sum", concurrent),
    ]
}

/// 2. A detached task panics: nobody awaits it.
async fn panic_in_a_detached_task() {
    drop(Builder::new().name("indexer").spawn(async {
        sleep(Duration::from_millis(30)).await;
        panic!("index corrupted");
    }));
    sleep(Duration::from_millis(100)).await;
}

/// 3. A task still pending when the program ends.
async fn task_left_pending() {
    drop(Builder::new().name("flusher").spawn(async {
        sleep(Duration::from_secs(60)).await; // flushes a buffer, one minute from now
    }));
    sleep(Duration::from_millis(10)).await;
}

/// 4. CPU-bound work on the loop.
async fn loop_blocked_by_cpu_work() {
    let ping = Builder::new().name("ping").spawn(sleep(Duration::from_millis(10)));
    Builder::new()
        .name("resizer")
        .spawn(async { cpu_work(Duration::from_millis(250)) })
        .await
        .expect("resizer");
    ping.await.expect("ping");
}

/// 5. A timeout on a `JoinHandle` stops the waiting, not the task.
async fn timeout_on_a_join_handle() {
    let upload = Builder::new().name("upload").spawn(sleep(Duration::from_secs(5)));
    let waited = timeout(Duration::from_secs(1), upload).await;
    assert!(waited.is_err(), "the timeout elapses...");
    // ...but dropping the handle detached the upload: it runs on, past the end of the program.
}

/// The headline of a failure, and for leaks the tasks left behind.
fn summary(failure: &Failure) -> Vec<String> {
    let mut lines =
        vec![format!("{} at {}: {}", failure.kind(), failure.time(), failure.message())];
    if failure.kind() == FailureKind::LeakedTasks {
        let report = failure.to_string();
        lines.extend(report.lines().filter(|l| l.starts_with("  task ")).map(str::to_owned));
    }
    lines
}

fn caught<F: Future<Output = ()>>(seed: u64, program: F) -> Vec<String> {
    summary(&Sim::with_exact_seed(seed).try_run(program).expect_err("the mistake is caught"))
}

/// Every pitfall under `seed`: what simloop prints for each.
pub(crate) fn transcript(seed: u64) -> Vec<String> {
    let mut lines = vec!["1. sequential awaits where concurrency was meant:".to_owned()];
    lines.extend(Sim::with_exact_seed(seed).run(sequential_where_concurrent_was_meant()));
    lines.push("2. a panic in a detached task:".to_owned());
    lines.extend(caught(seed, panic_in_a_detached_task()));
    lines.push("3. a task left pending:".to_owned());
    lines.extend(caught(seed, task_left_pending()));
    lines.push("4. a loop blocked by cpu_work:".to_owned());
    lines.extend(caught(seed, loop_blocked_by_cpu_work()));
    lines.push("5. a timeout on a JoinHandle leaves the task running:".to_owned());
    lines.extend(caught(seed, timeout_on_a_join_handle()));
    lines
}

fn main() {
    for line in transcript(0) {
        println!("{line}");
    }
}
