//! The classic asyncio demo, on simloop's virtual clock: fetch a profile for 1.0 s while an
//! email takes 0.5 s, wait for both, and print when each step happened.
//!
//! ```python
//! async def main():
//!     start = loop.time()
//!     await asyncio.gather(fetch_profile(), send_email())   # 1.0 s and 0.5 s
//!     print(f"All done in {loop.time() - start:.3f}s")
//! ```
//!
//! Run with `cargo run --example event_loop_internals`. It prints the run in asyncio's order
//! (`Strategy::Fifo`), then checks that 1,000 random schedules print the same lines.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::{self, Instant, sleep};
use simloop::{Sim, Strategy};

/// Lines stamped with the virtual time at which they were said.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    fn say(&self, line: &str) {
        self.0.borrow_mut().push(format!("[{}] {line}", time::now()));
    }
}

async fn fetch_profile(log: Log) -> &'static str {
    log.say("fetch_profile: querying the database (1.0 s)");
    sleep(Duration::from_secs(1)).await;
    log.say("fetch_profile: profile fetched");
    "profile of user 42"
}

async fn send_email(log: Log) {
    sleep(Duration::from_millis(500)).await;
    log.say("send_email: email sent");
}

async fn program() -> Vec<String> {
    let log = Log::default();
    let start = time::now();
    log.say("main: create_task(fetch_profile), create_task(send_email)");
    let fetch = Builder::new().name("fetch_profile").spawn(fetch_profile(log.clone()));
    let email = Builder::new().name("send_email").spawn(send_email(log.clone()));
    let profile = fetch.await.expect("fetch_profile completes");
    email.await.expect("send_email completes");
    log.say(&format!("main: got {profile:?}"));
    log.say(&format!("All done in {}", Instant::from_start(time::now() - start)));
    log.0.take()
}

/// The demo's lines under `sim`.
pub(crate) fn transcript(sim: Sim) -> Vec<String> {
    sim.run(program())
}

fn main() {
    let lines = transcript(Sim::new(0).strategy(Strategy::Fifo));
    for line in &lines {
        println!("{line}");
    }
    assert!(lines.contains(&"[0.500s] send_email: email sent".to_owned()));
    assert!(lines.contains(&"[1.000s] fetch_profile: profile fetched".to_owned()));
    assert_eq!(lines.last().unwrap(), "[1.000s] All done in 1.000s");

    let seeds = 1_000;
    for seed in 0..seeds {
        let other = transcript(Sim::with_exact_seed(seed));
        assert_eq!(other, lines, "seed {seed} printed something else");
    }
    println!("\n{seeds} random schedules printed the same lines: the program is race-free.");
}
