//! The tasks-versus-coroutines demo of the asyncio article, on simloop's virtual clock:
//! awaiting three queries one after the other takes the sum of their latencies; starting them
//! as tasks, or with `gather`, takes the longest one. `gather` returns the results in argument
//! order.
//!
//! ```python
//! result_orders = await query_database("orders", latency_seconds=0.3)    # sequential
//! task_orders = asyncio.create_task(query_database("orders", ...))       # concurrent
//! results = await asyncio.gather(query_database("orders", ...), ...)     # gather
//! ```
//!
//! It prints what the article's program prints, with the virtual time where the article
//! prints `time.perf_counter()` differences (`0.900s` where a real run shows `0.901s`):
//!
//! ```text
//! Sequential: 0.900s — Result of 'orders', Result of 'users', Result of 'prefs'
//! Concurrent:  0.400s — Result of 'orders', Result of 'users', Result of 'prefs'
//! Gather:      0.400s — ["Result of 'orders'", "Result of 'users'", "Result of 'prefs'"]
//! ```
//!
//! (The article's output block shows the labels without the padding and the list without the
//! inner quotes; the lines above are what its program prints.)
//!
//! Run with `cargo run --example tasks_vs_coroutines`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simloop::Sim;
use simloop::time::{self, Instant, sleep};

/// The lines the program prints.
#[derive(Clone, Default)]
struct Output(Rc<RefCell<Vec<String>>>);

impl Output {
    fn print(&self, line: impl Into<String>) {
        self.0.borrow_mut().push(line.into());
    }
}

/// Simulates a database query with the given latency.
async fn query_database(query_name: &str, latency_ms: u64) -> String {
    sleep(Duration::from_millis(latency_ms)).await;
    format!("Result of '{query_name}'")
}

fn since(start: Instant) -> Instant {
    Instant::from_start(time::now() - start)
}

/// Bad: awaiting the queries directly runs them one after another (0.3 + 0.4 + 0.2 s).
async fn sequential_approach(out: &Output) {
    let start = time::now();
    let result_orders = query_database("orders", 300).await;
    let result_users = query_database("users", 400).await;
    let result_prefs = query_database("prefs", 200).await;
    let elapsed = since(start);
    out.print(format!("Sequential: {elapsed} — {result_orders}, {result_users}, {result_prefs}"));
}

/// Good: tasks start at once and run concurrently (the longest, 0.4 s).
async fn concurrent_approach(out: &Output) {
    let start = time::now();
    let task_orders = simloop::spawn(query_database("orders", 300));
    let task_users = simloop::spawn(query_database("users", 400));
    let task_prefs = simloop::spawn(query_database("prefs", 200));

    // The tasks were already running while we got here.
    let result_orders = task_orders.await.expect("orders");
    let result_users = task_users.await.expect("users");
    let result_prefs = task_prefs.await.expect("prefs");
    let elapsed = since(start);
    out.print(format!("Concurrent:  {elapsed} — {result_orders}, {result_users}, {result_prefs}"));
}

/// Best for fire-and-collect: `gather` makes the tasks and keeps the argument order.
async fn gather_approach(out: &Output) {
    let start = time::now();
    let results = simloop::gather([
        query_database("orders", 300),
        query_database("users", 400),
        query_database("prefs", 200),
    ])
    .await;
    let elapsed = since(start);
    out.print(format!("Gather:      {elapsed} — {results:?}"));
}

async fn program(out: Output) {
    sequential_approach(&out).await;
    concurrent_approach(&out).await;
    gather_approach(&out).await;
}

/// What the program prints under `sim`, line by line.
pub(crate) fn transcript(sim: Sim) -> Vec<String> {
    let out = Output::default();
    sim.run(program(out.clone()));
    out.0.take()
}

fn main() {
    for line in transcript(Sim::new(0)) {
        println!("{line}");
    }
}
