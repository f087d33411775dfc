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
//! (`Strategy::Fifo`), then checks that 1,000 random schedules give the same timings.

use std::time::Duration;

use simloop::task::Builder;
use simloop::time::{self, sleep};
use simloop::{Sim, Strategy};

/// Prints a line stamped with the virtual time, and keeps it.
fn say(log: &mut Vec<String>, line: String) {
    let line = format!("[{}] {line}", time::now());
    println!("{line}");
    log.push(line);
}

async fn program(verbose: bool) -> Vec<String> {
    let start = time::now();
    let mut log = Vec::new();
    let note = |log: &mut Vec<String>, line: String| {
        if verbose {
            say(log, line);
        } else {
            log.push(format!("[{}] {line}", time::now()));
        }
    };
    note(&mut log, "main: create_task(fetch_profile), create_task(send_email)".into());
    let fetch = Builder::new().name("fetch_profile").spawn(async {
        sleep(Duration::from_secs(1)).await; // the database query
        (time::now(), "profile of user 42")
    });
    let email = Builder::new().name("send_email").spawn(async {
        sleep(Duration::from_millis(500)).await; // the mail server
        time::now()
    });
    note(&mut log, "main: both tasks scheduled; awaiting them".into());
    let (fetched_at, profile) = fetch.await.expect("fetch_profile completes");
    let sent_at = email.await.expect("send_email completes");
    note(&mut log, format!("send_email: email sent at {sent_at}"));
    note(&mut log, format!("fetch_profile: {profile} fetched at {fetched_at}"));
    let took = time::now() - start;
    note(&mut log, format!("All done in {}", time::Instant::from_start(took)));
    log
}

fn main() {
    let log = Sim::new(0).strategy(Strategy::Fifo).run(program(true));
    assert!(log.last().unwrap().ends_with("All done in 1.000s"));

    let seeds = 1_000;
    for seed in 0..seeds {
        let other = Sim::with_exact_seed(seed).run(program(false));
        assert_eq!(other, log, "seed {seed} printed something else");
    }
    println!(
        "\n{seeds} random schedules printed the same: the email at 0.500s, the fetch at 1.000s."
    );
}
