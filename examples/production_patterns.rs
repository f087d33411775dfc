//! Three production patterns from asyncio, on the virtual clock: a timeout that cancels a
//! slow call, a cancelled task that cleans up, and a fire-and-forget task whose panic would
//! go unseen.
//!
//! Run with `cargo run --example production_patterns`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simloop::Sim;
use simloop::task::Builder;
use simloop::time::{self, sleep, timeout};

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

/// A remote call that takes 5 s.
async fn slow_call() -> &'static str {
    sleep(Duration::from_secs(5)).await;
    "response"
}

/// 1. `asyncio.wait_for(call(), 2.0)`: the call is cancelled at the deadline.
async fn call_with_timeout(log: &Log) -> Option<&'static str> {
    log.say("timeout: calling a 5 s service with a 2 s timeout");
    let response = timeout(Duration::from_secs(2), slow_call()).await.ok();
    log.say(&format!("timeout: got {response:?}"));
    response
}

/// A connection that logs when it is closed: the `finally` of asyncio's cancellation.
struct Connection(Log);

impl Drop for Connection {
    fn drop(&mut self) {
        self.0.say("cancel: connection closed by its destructor");
    }
}

/// 2. `task.cancel()` on a task that holds a resource: the resource is released at once.
async fn cancel_resource_holder(log: &Log) {
    let holder_log = log.clone();
    let holder = Builder::new().name("holder").spawn(async move {
        let _conn = Connection(holder_log.clone());
        holder_log.say("cancel: holder opened a connection, now waits 10 s");
        sleep(Duration::from_secs(10)).await;
    });
    sleep(Duration::from_millis(100)).await;
    log.say("cancel: main cancels the holder");
    holder.abort();
    let err = holder.await.unwrap_err();
    log.say(&format!("cancel: awaiting it gives `{err}`"));
}

/// 3. `asyncio.create_task(job())` and forget it: if it fails, nobody hears of it.
async fn fire_and_forget(log: &Log) {
    log.say("forget: spawning a background job and dropping its handle");
    drop(Builder::new().name("background job").spawn(async {
        sleep(Duration::from_millis(50)).await;
        panic!("the background job failed");
    }));
    sleep(Duration::from_millis(100)).await;
    log.say("forget: main carries on as if nothing happened");
}

/// The whole demo, each pattern in its own simulation of `seed`: its transcript.
pub(crate) fn transcript(seed: u64) -> Vec<String> {
    let mut lines = Vec::new();
    let log = Log::default();
    Sim::with_exact_seed(seed).run(call_with_timeout(&log));
    lines.extend(log.lines());

    let log = Log::default();
    Sim::with_exact_seed(seed).run(cancel_resource_holder(&log));
    lines.extend(log.lines());

    // asyncio only logs such a panic, if the task is ever garbage-collected; with its default
    // policy, simloop fails the run with a report at the instant of the panic.
    let log = Log::default();
    let failure = Sim::with_exact_seed(seed).try_run(fire_and_forget(&log));
    let failure = failure.expect_err("the unobserved panic is a failure");
    lines.extend(log.lines());
    lines.push(format!("[{}] forget: simloop fails the run: {}", failure.time(), failure.kind()));
    lines.push(format!("  {}", failure.message()));
    lines
}

fn main() {
    for line in transcript(0) {
        println!("{line}");
    }
}
