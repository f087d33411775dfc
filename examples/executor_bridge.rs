//! Blocking work bridged to a worker pool (asyncio's `loop.run_in_executor`), and the same
//! CPU-heavy work run on the loop instead: the timings come from simloop's pool model.
//!
//! Run with `cargo run --example executor_bridge`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::{self, sleep};
use simloop::{Detector, Policy, Sim, cpu_work, spawn_blocking};

/// Lines stamped with the virtual time at which they were said.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    fn say(&self, line: &str) {
        self.0.borrow_mut().push(format!("[{}] {line}", time::now()));
    }

    fn lines(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
}

/// A blocking DNS lookup (a stand-in): 200 ms on a worker.
fn resolve(host: &str) -> String {
    format!("{host} -> 10.0.0.{}", host.len())
}

/// A CPU-heavy hash (FNV-1a over 1 MiB of a pattern): 300 ms of CPU time.
fn heavy_hash() -> u64 {
    (0..1u32 << 20).fold(0xcbf2_9ce4_8422_2325_u64, |h, i| {
        (h ^ u64::from(i as u8)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Beats at 0.050s and every 100 ms after, five times: when the loop is blocked, a beat
/// comes late. (Off the round instants, so no beat ties with other work.)
fn heartbeat(log: &Log) -> simloop::JoinHandle<()> {
    let log = log.clone();
    Builder::new().name("heartbeat").spawn(async move {
        sleep(Duration::from_millis(50)).await;
        for beat in 1..=5 {
            log.say(&format!("heartbeat {beat}"));
            sleep(Duration::from_millis(100)).await;
        }
    })
}

/// Three lookups on a pool of two workers, then the hash on the pool, heartbeat alongside.
async fn on_the_pool(log: Log) {
    let beat = heartbeat(&log);
    log.say("pool: resolving 3 hosts on 2 workers, 200 ms each");
    let lookups: Vec<_> = ["db.internal", "cache.internal", "queue.internal"]
        .into_iter()
        .map(|host| {
            spawn_blocking(Duration::from_millis(200), move || (resolve(host), time::now()))
        })
        .collect();
    let mut answers = Vec::new();
    let mut finished = Vec::new();
    for lookup in lookups {
        let (answer, at) = lookup.await.expect("lookup");
        answers.push(answer);
        finished.push(at.to_string());
    }
    finished.sort();
    log.say(&format!("pool: {}", answers.join(", ")));
    log.say(&format!("pool: lookups finished at {finished:?}: one waited for a free worker"));
    let hash = spawn_blocking(Duration::from_millis(300), heavy_hash).await.expect("hash");
    log.say(&format!("pool: hash {hash:016x} computed beside the loop"));
    beat.await.expect("heartbeat");
}

/// The same hash computed on the loop: the heartbeat stalls behind it.
async fn on_the_loop(log: Log) {
    let beat = heartbeat(&log);
    sleep(Duration::from_millis(120)).await;
    log.say("loop: hashing on the event loop itself, 300 ms");
    cpu_work(Duration::from_millis(300));
    let hash = heavy_hash();
    log.say(&format!("loop: hash {hash:016x}; the beat due at 0.150s had to wait"));
    beat.await.expect("heartbeat");
}

/// Both runs under `seed`: the transcript, and the slow-poll finding of the second.
pub(crate) fn transcript(seed: u64) -> Vec<String> {
    let log = Log::default();
    Sim::with_exact_seed(seed).blocking_workers(2).run(on_the_pool(log.clone()));
    let mut lines = log.lines();

    let log = Log::default();
    let outcome = Sim::with_exact_seed(seed)
        .policy(Detector::SlowPoll, Policy::Warn)
        .try_run(on_the_loop(log.clone()))
        .expect("a warning, not a failure");
    lines.extend(log.lines());
    for warning in outcome.warnings() {
        lines.push(format!("[{}] simloop warns: {}", warning.time(), warning.kind()));
        lines.push(format!("  {}", warning.message()));
    }
    lines
}

fn main() {
    for line in transcript(0) {
        println!("{line}");
    }
}
