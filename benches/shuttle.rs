//! The bug benchmark on shuttle: the programs of `sim-tests/bugs/programs/` (the same source
//! the simloop benchmark runs) under shuttle's random and PCT (depth 3) schedulers.
//!
//! For each program and scheduler: the iterations to the first failure, median over 20 base
//! seeds (seed `1..=20`), each exploration stopping at 5,000 iterations (`>5000` when the
//! median is not reached). Shuttle's PCT runs its first iteration in oldest-task-first order
//! to learn the step bound, and counts it. The simloop side of the table is
//! `cargo test --release --test sim bugs::table -- --ignored --nocapture`.
//!
//! ```text
//! cargo bench --bench shuttle 2>/dev/null
//! ```

use std::collections::BTreeMap;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use shuttle::scheduler::{
    PctScheduler, RandomScheduler, Schedule, Scheduler, Task as ShuttleTask, TaskId,
};
use shuttle::{Config, FailurePersistence, MaxSteps, Runner};

#[path = "../sim-tests/bugs/programs/mod.rs"]
mod programs;

use programs::{Boxed, Exec, Task};

/// Runs the shared programs on shuttle: tasks are `spawn_local` futures.
struct OnShuttle;

impl Exec for OnShuttle {
    fn spawn<T: 'static>(
        _name: &'static str,
        future: impl Future<Output = T> + 'static,
    ) -> Task<T> {
        let handle = shuttle::future::spawn_local(future);
        let abort = handle.abort_handle();
        Task {
            join: Box::pin(async move { handle.await.map_err(|e| format!("{e:?}")) }),
            abort: Box::new(move || abort.abort()),
        }
    }

    fn yield_now() -> Boxed<()> {
        Box::pin(shuttle::future::yield_now())
    }
}

/// A scheduler that counts the executions it starts.
struct Counting<S> {
    inner: S,
    runs: Arc<AtomicUsize>,
}

impl<S: Scheduler> Scheduler for Counting<S> {
    fn new_execution(&mut self) -> Option<Schedule> {
        let schedule = self.inner.new_execution();
        if schedule.is_some() {
            self.runs.fetch_add(1, Ordering::Relaxed);
        }
        schedule
    }

    fn next_task(
        &mut self,
        runnable: &[&ShuttleTask],
        current: Option<TaskId>,
        is_yielding: bool,
    ) -> Option<TaskId> {
        self.inner.next_task(runnable, current, is_yielding)
    }

    fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }
}

/// A program: its name, how to start it, and its step limit (the livelock's is small).
type Program = (&'static str, fn() -> Boxed<()>, usize);

const PROGRAMS: [Program; 12] = [
    ("lost_update", || Box::pin(programs::lost_update::program::<OnShuttle>()), 100_000),
    ("lock_order", || Box::pin(programs::lock_order::program::<OnShuttle>()), 100_000),
    ("double_init", || Box::pin(programs::double_init::program::<OnShuttle>()), 100_000),
    ("stale_cache", || Box::pin(programs::stale_cache::program::<OnShuttle>()), 100_000),
    (
        "missed_notification",
        || Box::pin(programs::missed_notification::program::<OnShuttle>()),
        100_000,
    ),
    ("held_back", || Box::pin(programs::held_back::program::<OnShuttle>()), 100_000),
    (
        "barrier_generation",
        || Box::pin(programs::barrier_generation::program::<OnShuttle>()),
        100_000,
    ),
    ("cancelled_waiter", || Box::pin(programs::cancelled_waiter::program::<OnShuttle>()), 100_000),
    ("polite_livelock", || Box::pin(programs::polite_livelock::program::<OnShuttle>()), 2_000),
    ("pool_overcommit", || Box::pin(programs::pool_overcommit::program::<OnShuttle>()), 100_000),
    ("aba", || Box::pin(programs::aba::program::<OnShuttle>()), 100_000),
    ("dropped_notified", || Box::pin(programs::dropped_notified::program::<OnShuttle>()), 100_000),
];

const BASES: u64 = 20;
const CAP: usize = 5_000;

/// The iterations until the first failure of `program` under `scheduler`, if one fails, and
/// the failure's message (its first line, the schedule left out).
fn iterations_to_failure<S: Scheduler + 'static>(
    program: Program,
    scheduler: S,
    messages: &mut BTreeMap<String, usize>,
) -> Option<usize> {
    let runs = Arc::new(AtomicUsize::new(0));
    let counting = Counting { inner: scheduler, runs: runs.clone() };
    let mut config = Config::new();
    config.max_steps = MaxSteps::FailAfter(program.2);
    config.failure_persistence = FailurePersistence::None;
    let make = program.1;
    let run = catch_unwind(AssertUnwindSafe(|| {
        Runner::new(counting, config).run(move || shuttle::future::block_on(make()))
    }));
    let payload = run.err()?;
    let text = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    let first = text.lines().next().unwrap_or_default();
    *messages.entry(first.chars().take(110).collect()).or_default() += 1;
    Some(runs.load(Ordering::Relaxed))
}

fn median(mut found: Vec<Option<usize>>) -> String {
    found.sort_by_key(|f| f.unwrap_or(usize::MAX));
    match (found[found.len() / 2 - 1], found[found.len() / 2]) {
        (Some(a), Some(b)) => (a + b).div_ceil(2).to_string(),
        _ => format!(">{CAP}"),
    }
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    println!("| bug | shuttle random | shuttle pct:3 |");
    println!("| --- | ---: | ---: |");
    let mut seen = Vec::new();
    for program in PROGRAMS {
        let mut messages = BTreeMap::new();
        let random = (1..=BASES)
            .map(|seed| {
                let scheduler = RandomScheduler::new_from_seed(seed, CAP);
                iterations_to_failure(program, scheduler, &mut messages)
            })
            .collect();
        let pct = (1..=BASES)
            .map(|seed| {
                let scheduler = PctScheduler::new_from_seed(seed, 3, CAP);
                iterations_to_failure(program, scheduler, &mut messages)
            })
            .collect();
        println!("| {} | {} | {} |", program.0, median(random), median(pct));
        seen.push((program.0, messages));
    }
    println!();
    println!("failures seen (first line, count over both schedulers):");
    for (name, messages) in seen {
        for (message, count) in messages {
            println!("  {name}: {count} x {message}");
        }
    }
}
