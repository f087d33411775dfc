//! The executor bridge of the asyncio article, on simloop's virtual clock: a registration
//! handler runs a blocking database query and a CPU-heavy password hash on worker pools
//! (asyncio's `loop.run_in_executor`), so the event loop stays free meanwhile.
//!
//! ```python
//! user_record = await loop.run_in_executor(thread_pool, blocking_legacy_db_query, 42)
//! password_hash = await loop.run_in_executor(process_pool, compute_password_hash, raw, 200_000)
//! ```
//!
//! It prints the article's lines, with the virtual time where the article prints
//! `time.perf_counter()` differences:
//!
//! ```text
//! Registration complete in 0.842s
//! Result: {'username': 'alice', 'email': 'user42@example.com', 'password_hash': '…', 'status': 'registered'}
//! ```
//!
//! `simloop::spawn_blocking(cost, f)` stands for both pools: the job holds a worker for `cost`
//! of virtual time, then `f` runs. The costs are the article's: the query sleeps 0.3 s, and
//! its run took 0.842 s in all, so the hash is given the remaining 0.542 s. The hash itself is
//! a stand-in for PBKDF2 (200,000 rounds of a 64-bit mix over the password and salt), so the
//! `password_hash` prefix differs from the article's.
//!
//! Run with `cargo run --example executor_bridge`.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use simloop::time::{self, Instant};
use simloop::{Sim, spawn_blocking};

/// The lines the program prints.
#[derive(Clone, Default)]
struct Output(Rc<RefCell<Vec<String>>>);

impl Output {
    fn print(&self, line: impl Into<String>) {
        self.0.borrow_mut().push(line.into());
    }
}

/// The query's time on a worker: the article's `time.sleep(0.3)`.
const DB_QUERY: Duration = Duration::from_millis(300);

/// The hash's time on a worker: what the article's run took beyond the query.
const HASHING: Duration = Duration::from_millis(542);

/// CPU-bound work, a stand-in for PBKDF2-HMAC-SHA256: `iterations` rounds of a 64-bit mix
/// (SplitMix64's) over the password and a static salt; 64 hex digits.
fn compute_password_hash(password: &str, iterations: u32) -> String {
    let salt = b"static_salt_for_demo";
    let seed = salt
        .iter()
        .chain(password.as_bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut key = [seed, !seed, seed.rotate_left(21), seed.rotate_left(42)];
    for round in 0..u64::from(iterations) {
        for (lane, word) in key.iter_mut().enumerate() {
            *word = mix(*word ^ round ^ lane as u64);
        }
    }
    key.iter().map(|word| format!("{word:016x}")).collect()
}

/// I/O through a blocking driver (no async one exists): what a thread pool is for.
struct UserRecord {
    email: String,
}

fn blocking_legacy_db_query(user_id: u32) -> UserRecord {
    UserRecord { email: format!("user{user_id}@example.com") }
}

/// The handler's result, printed as Python prints the dict.
struct Registration {
    username: String,
    email: String,
    password_hash: String,
}

impl fmt::Display for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{'username': '{}', 'email': '{}', 'password_hash': '{}', 'status': 'registered'}}",
            self.username, self.email, self.password_hash
        )
    }
}

/// A registration that needs both a blocking query and CPU-heavy hashing, each on a worker.
async fn handle_user_registration(username: &str, raw_password: &str) -> Registration {
    let user_record = spawn_blocking(DB_QUERY, || blocking_legacy_db_query(42))
        .await
        .expect("the query completes");

    let raw_password = raw_password.to_owned();
    let password_hash =
        spawn_blocking(HASHING, move || compute_password_hash(&raw_password, 200_000))
            .await
            .expect("the hash completes");

    Registration {
        username: username.to_owned(),
        email: user_record.email,
        password_hash: format!("{}...", &password_hash[..16]), // truncated for display
    }
}

async fn program(out: Output) {
    let start = time::now();
    // While the workers run, the loop is free to handle other requests.
    let result = handle_user_registration("alice", "super_secret_passphrase_123").await;
    let elapsed = Instant::from_start(time::now() - start);
    out.print(format!("Registration complete in {elapsed}"));
    out.print(format!("Result: {result}"));
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
