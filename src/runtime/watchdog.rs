//! The watchdog: a poll that never returns is reported, with its seed, instead of hanging.
//!
//! A poll that never returns (a loop without an `.await`, a busy-wait on a flag that only
//! another task sets) stops the run loop for good; the step limit counts polls, so it never
//! fires. The watchdog is a thread of its own, outside every simulation's semantics: a run
//! publishes, before and after each poll, a few numbers with relaxed atomic stores (which
//! poll this is, the task, the step, the virtual time), and the labels of the tasks spawned
//! since, before their first poll. The watchdog thread reads them every so often; when the same poll is still running
//! after the limit of wall-clock time, it prints the report and ends the process. It never
//! writes anything a run reads, so it never changes a run: schedules and digests are the
//! same with it on or off.
//!
//! The watchdog thread's readings of the wall clock are the only ones in the engine
//! ([`wall_clock`]).

use std::io::Write as _;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant as WallInstant};

use super::config::Config;
use crate::replay::replay_command;
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::{describe_task, name_in, site};
use crate::{Strategy, Tape, env};

/// What the simulations of one thread show the watchdog (a thread runs one at a time).
#[derive(Debug)]
pub(crate) struct Watched {
    /// The limit of the run on the thread, in nanoseconds; `0` while none is watched.
    limit: AtomicU64,
    /// Twice the number of polls begun, plus one while a poll runs.
    polls: AtomicU64,
    task: AtomicU64,
    step: AtomicU64,
    time: AtomicU64,
    run: Mutex<RunInfo>,
}

/// What the report says of the run, and how to replay it.
#[derive(Debug, Default)]
struct RunInfo {
    seed: u64,
    strategy: Strategy,
    test: Option<String>,
    tape: Option<Tape>,
    /// The spawn site of every task, by id.
    sites: Vec<&'static Location<'static>>,
    /// The names of the named tasks, by id.
    names: Vec<(TaskId, Box<str>)>,
}

thread_local! {
    static WATCHED: Arc<Watched> = {
        let watched = Arc::new(Watched {
            limit: AtomicU64::new(0),
            polls: AtomicU64::new(0),
            task: AtomicU64::new(0),
            step: AtomicU64::new(0),
            time: AtomicU64::new(0),
            run: Mutex::new(RunInfo::default()),
        });
        registry().lock().unwrap_or_else(|e| e.into_inner()).push(Arc::downgrade(&watched));
        watched
    };
}

impl Watched {
    /// Watches the run `config` describes on this thread, whose main task started at `site`;
    /// `None` when the watchdog is off for it (`Sim::watchdog(None)`, `SIMLOOP_WATCHDOG=off`).
    pub(crate) fn start(config: &Config, site: &'static Location<'static>) -> Option<Arc<Self>> {
        let limit = match env_limit() {
            Some(from_env) => from_env,
            None => config.watchdog,
        };
        let Some(limit) = limit else {
            let _ = WATCHED.try_with(|w| w.limit.store(0, Ordering::Release));
            return None;
        };
        let watched = WATCHED.try_with(Arc::clone).ok()?;
        {
            let mut run = watched.run.lock().unwrap_or_else(|e| e.into_inner());
            run.seed = config.seed;
            run.strategy = config.strategy;
            run.test.clone_from(&config.test);
            run.tape.clone_from(&config.replay);
            run.sites.clear();
            run.names.clear();
            run.sites.push(site);
        }
        let nanos = u64::try_from(limit.as_nanos()).unwrap_or(u64::MAX).max(1);
        watched.limit.store(nanos, Ordering::Release);
        Some(watched)
    }

    /// The run on this thread ended.
    pub(crate) fn stop(&self) {
        self.leave();
        self.limit.store(0, Ordering::Release);
    }

    /// How many task labels the watchdog has (by id, from `main`'s).
    pub(crate) fn labels_known(&self) -> usize {
        self.run.lock().unwrap_or_else(|e| e.into_inner()).sites.len()
    }

    /// The labels of the tasks spawned since the last call, in id order: published before
    /// the first poll of any of them (`Core::start_poll`), so the report of a stuck poll always
    /// knows its task, and a spawn costs the watchdog nothing.
    pub(crate) fn publish(
        &self,
        labels: impl Iterator<Item = (TaskId, Option<Box<str>>, &'static Location<'static>)>,
    ) {
        let mut run = self.run.lock().unwrap_or_else(|e| e.into_inner());
        for (id, name, site) in labels {
            run.sites.push(site);
            if let Some(name) = name {
                run.names.push((id, name));
            }
        }
    }

    /// A poll (or a drop of a task's future) begins.
    #[inline]
    pub(crate) fn enter(&self, task: TaskId, step: u64, time: Instant) {
        self.task.store(task.as_u64(), Ordering::Relaxed);
        self.step.store(step, Ordering::Relaxed);
        self.time.store(time.as_nanos(), Ordering::Relaxed);
        // Single writer: even means between polls, odd during one; each poll has its own value.
        let polls = self.polls.load(Ordering::Relaxed);
        self.polls.store(polls + 1, Ordering::Release);
    }

    /// The poll returned (nothing when none runs).
    #[inline]
    pub(crate) fn leave(&self) {
        let polls = self.polls.load(Ordering::Relaxed);
        if polls & 1 == 1 {
            self.polls.store(polls + 1, Ordering::Release);
        }
    }

    /// The report of a poll stuck for `held`, over `limit`.
    fn report(&self, held: Duration, limit: Duration) -> String {
        let task = TaskId::new(self.task.load(Ordering::Relaxed));
        let run = self.run.lock().unwrap_or_else(|e| e.into_inner());
        let (label, spawned) = match run.sites.get(task.index()) {
            Some(at) => {
                let verb = if task.is_main() { "started" } else { "spawned" };
                let name = name_in(&run.names, task);
                (describe_task(task, name), format!(" ({verb} at {})", site(at)))
            }
            None => (task.to_string(), String::new()),
        };
        let held = Duration::from_millis(u64::try_from(held.as_millis()).unwrap_or(u64::MAX));
        format!(
            "simloop: watchdog: one poll of {label}{spawned} has run for {held:?} of wall-clock \
             time without returning (the limit is {limit:?})\n  seed      {seed}\n  strategy  \
             {strategy}\n  step      {step}\n  time      {time}\nhint: the run can never go on: a \
             loop without an `.await`, or a busy-wait on something only another task can change. \
             Make the loop await (`simloop::yield_now().await`), or raise the limit with \
             `Sim::watchdog`, `Explorer::watchdog` or SIMLOOP_WATCHDOG (`off` turns it off)\n\
             replay this run:\n  {replay}\n",
            seed = run.seed,
            strategy = run.strategy,
            step = self.step.load(Ordering::Relaxed),
            time = Instant::from_nanos(self.time.load(Ordering::Relaxed)),
            replay = replay_command(run.seed, run.tape.as_ref(), run.test.as_deref()),
        )
    }
}

/// `SIMLOOP_WATCHDOG`, read once per process: `Some(None)` for `off`.
///
/// # Panics
///
/// Panics with the variable, its value and the expected form when the value is malformed.
fn env_limit() -> Option<Option<Duration>> {
    static LIMIT: OnceLock<Result<Option<Option<Duration>>, env::EnvError>> = OnceLock::new();
    let read = LIMIT.get_or_init(|| {
        let Some(value) = std::env::var_os(env::SIMLOOP_WATCHDOG) else { return Ok(None) };
        env::parse_watchdog(&value.to_string_lossy()).map(Some)
    });
    match read {
        Ok(limit) => *limit,
        Err(err) => panic!("simloop: {err}"),
    }
}

/// The threads whose runs are watched; starts the watchdog thread the first time.
fn registry() -> &'static Mutex<Vec<Weak<Watched>>> {
    static REGISTRY: OnceLock<Mutex<Vec<Weak<Watched>>>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        #[allow(
            clippy::disallowed_methods,
            reason = "the watchdog is a thread outside every simulation; it never touches a run"
        )]
        std::thread::Builder::new()
            .name("simloop-watchdog".into())
            .spawn(watch)
            .expect("simloop: cannot start the watchdog thread");
        Mutex::new(Vec::new())
    })
}

#[allow(
    clippy::disallowed_methods,
    reason = "the watchdog measures how long a poll has run in wall-clock time; it never \
              changes a run"
)]
fn wall_clock() -> WallInstant {
    WallInstant::now()
}

/// The watchdog thread: every so often, for each thread, whether the same poll still runs.
fn watch() {
    // The poll counter of each thread at the last look, and since when it has not moved.
    let mut seen: Vec<(Weak<Watched>, u64, WallInstant)> = Vec::new();
    loop {
        #[allow(
            clippy::disallowed_methods,
            reason = "the watchdog thread waits in wall-clock time, outside every simulation"
        )]
        std::thread::sleep(Duration::from_millis(50));
        let now = wall_clock();
        {
            let mut threads = registry().lock().unwrap_or_else(|e| e.into_inner());
            threads.retain(|w| w.strong_count() > 0);
            for w in threads.iter() {
                if !seen.iter().any(|(s, ..)| s.ptr_eq(w)) {
                    seen.push((w.clone(), 0, now));
                }
            }
        }
        seen.retain(|(w, ..)| w.strong_count() > 0);
        for (w, last, since) in &mut seen {
            let Some(watched) = w.upgrade() else { continue };
            let polls = watched.polls.load(Ordering::Acquire);
            let limit = watched.limit.load(Ordering::Acquire);
            if polls != *last || limit == 0 {
                (*last, *since) = (polls, now);
                continue;
            }
            let held = now.duration_since(*since);
            let limit = Duration::from_nanos(limit);
            if polls & 1 == 1 && held >= limit {
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(watched.report(held, limit).as_bytes());
                let _ = err.flush();
                std::process::exit(101);
            }
        }
    }
}
