//! The classic asyncio lesson: awaiting coroutines one by one runs them one after the other;
//! tasks (and `gather`) run them concurrently, and `gather` returns results in argument order
//! whatever order they finish in.
//!
//! ```python
//! await fetch("a", 0.2); await fetch("b", 0.3); await fetch("c", 0.4)          # 0.900s
//! tasks = [asyncio.create_task(fetch(n, d)) for ...]; [await t for t in tasks]  # 0.400s
//! await asyncio.gather(fetch("c", 0.4), fetch("a", 0.2), fetch("b", 0.3))      # 0.400s
//! ```
//!
//! Run with `cargo run --example tasks_vs_coroutines`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simloop::time::{self, Instant, sleep};
use simloop::{Sim, gather};

/// Lines stamped with the virtual time at which they were said.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    fn say(&self, line: &str) {
        self.0.borrow_mut().push(format!("[{}] {line}", time::now()));
    }
}

/// A request for `name` that takes `ms` milliseconds.
async fn fetch(log: Log, name: &'static str, ms: u64) -> &'static str {
    sleep(Duration::from_millis(ms)).await;
    log.say(&format!("  {name} done after {ms} ms"));
    name
}

async fn program(log: Log) {
    let start = time::now();
    log.say("sequential: await fetch(a), then fetch(b), then fetch(c)");
    for (name, ms) in [("a", 200), ("b", 300), ("c", 400)] {
        fetch(log.clone(), name, ms).await;
    }
    log.say(&format!("sequential took {}", Instant::from_start(time::now() - start)));

    let start = time::now();
    log.say("tasks: spawn all three, then await each");
    let tasks: Vec<_> = [("a", 200), ("b", 300), ("c", 400)]
        .into_iter()
        .map(|(name, ms)| simloop::spawn(fetch(log.clone(), name, ms)))
        .collect();
    for task in tasks {
        task.await.expect("fetch");
    }
    log.say(&format!("tasks took {}", Instant::from_start(time::now() - start)));

    let start = time::now();
    log.say("gather: fetch(c, 400), fetch(a, 200), fetch(b, 300)");
    let results = gather([
        fetch(log.clone(), "c", 400),
        fetch(log.clone(), "a", 200),
        fetch(log.clone(), "b", 300),
    ])
    .await;
    log.say(&format!(
        "gather took {} and returned {results:?}: argument order, not completion order",
        Instant::from_start(time::now() - start)
    ));
}

/// The demo's lines under `seed`.
pub(crate) fn transcript(seed: u64) -> Vec<String> {
    let log = Log::default();
    Sim::with_exact_seed(seed).run(program(log.clone()));
    log.0.take()
}

fn main() {
    for line in transcript(0) {
        println!("{line}");
    }
}
