//! A worker pool written only against tokio's API, run for real:
//!
//! ```sh
//! cargo run -p simloop-tokio --example worker_pool
//! ```
//!
//! Its tests (`simloop-tokio/tests/worker_pool.rs`) explore it in simulation, where they
//! find the bug that `Config::racy_stats` plants, replay it and shrink it.

mod pool;

use std::time::Duration;

#[tokio::main]
async fn main() {
    let config = pool::Config {
        workers: 3,
        job_timeout: Duration::from_millis(20),
        heartbeat: Duration::from_millis(5),
        racy_stats: false,
    };
    let works: Vec<Duration> = [2, 30, 4, 6, 1, 8].map(Duration::from_millis).to_vec();
    let (stats, answers) = pool::submit_all(config, &works).await;
    for (work, answer) in works.iter().zip(&answers) {
        println!("job of {work:?}: {answer:?}");
    }
    println!("{stats:?}");
    assert_eq!(stats.completed + stats.timed_out, works.len() as u64);
}
