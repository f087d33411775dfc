//! The event-loop demo of the asyncio article, on simloop's virtual clock: a profile fetch
//! (1.0 s) and a welcome email (0.5 s) run concurrently on one thread, so both are done after
//! 1.0 s, not 1.5 s.
//!
//! ```python
//! async def main():
//!     profile, _ = await asyncio.gather(
//!         fetch_user_profile(user_id=42),   # sleeps 1.0 s
//!         send_welcome_email(user_id=42),   # sleeps 0.5 s
//!     )
//! ```
//!
//! It prints the article's lines, with the virtual time where the article prints
//! `time.perf_counter()` (so `1.000s` where a real run shows `1.001s`):
//!
//! ```text
//! [0.000s] Starting fetch for user 42
//! [0.000s] Sending email to user 42
//! [0.500s] Email sent to user 42
//! [1.000s] Finished fetch for user 42
//!
//! All done in 1.000s — not 1.5s, because they ran concurrently.
//! Profile retrieved: {'id': 42, 'name': 'User_42'}
//! ```
//!
//! Run with `cargo run --example event_loop_internals`. The run takes asyncio's order
//! (`Strategy::Fifo`); the program then tries 1,000 random schedules: the two lines printed
//! at 0.000s race (asyncio starts the fetch first because `gather` created its task first),
//! every other line is the same in all of them.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use simloop::time::{self, Instant, sleep};
use simloop::{Sim, Strategy};

/// The lines the program prints.
#[derive(Clone, Default)]
struct Output(Rc<RefCell<Vec<String>>>);

impl Output {
    fn print(&self, line: impl Into<String>) {
        self.0.borrow_mut().push(line.into());
    }
}

/// `{"id": user_id, "name": f"User_{user_id}"}`, printed as Python prints the dict.
struct Profile {
    id: u32,
    name: String,
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{'id': {}, 'name': '{}'}}", self.id, self.name)
    }
}

/// Simulates a database round-trip with a sleep.
async fn fetch_user_profile(out: Output, user_id: u32) -> Profile {
    out.print(format!("[{}] Starting fetch for user {user_id}", time::now()));
    // The await yields to the loop, which runs the other task while this one waits.
    sleep(Duration::from_secs(1)).await; // a 1-second DB query
    out.print(format!("[{}] Finished fetch for user {user_id}", time::now()));
    Profile { id: user_id, name: format!("User_{user_id}") }
}

/// Simulates an outbound SMTP call.
async fn send_welcome_email(out: Output, user_id: u32) {
    out.print(format!("[{}] Sending email to user {user_id}", time::now()));
    sleep(Duration::from_millis(500)).await; // a 500 ms SMTP handshake
    out.print(format!("[{}] Email sent to user {user_id}", time::now()));
}

async fn program(out: Output) {
    let start = time::now();

    // `asyncio.gather` makes a task of each coroutine at once; so does `spawn`.
    let profile = simloop::spawn(fetch_user_profile(out.clone(), 42));
    let email = simloop::spawn(send_welcome_email(out.clone(), 42));
    let profile = profile.await.expect("the fetch completes");
    email.await.expect("the email is sent");

    let elapsed = Instant::from_start(time::now() - start);
    out.print(format!("\nAll done in {elapsed} — not 1.5s, because they ran concurrently."));
    out.print(format!("Profile retrieved: {profile}"));
}

/// What the program prints under `sim`, line by line.
pub(crate) fn transcript(sim: Sim) -> Vec<String> {
    let out = Output::default();
    sim.run(program(out.clone()));
    out.0.take().join("\n").lines().map(str::to_owned).collect()
}

fn main() {
    let lines = transcript(Sim::new(0).strategy(Strategy::Fifo));
    for line in &lines {
        println!("{line}");
    }

    let seeds = 1_000;
    let mut sorted = lines.clone();
    sorted.sort();
    let mut swapped = 0;
    for seed in 0..seeds {
        let mut other = transcript(Sim::with_exact_seed(seed));
        swapped += usize::from(other != lines);
        other.sort();
        assert_eq!(other, sorted, "seed {seed} printed other lines");
    }
    println!(
        "\n{seeds} random schedules printed the same lines; {swapped} of them started the email \
         first, a race asyncio's order hides."
    );
}
