//! The state of one running simulation.
//!
//! Every field is private to the engine (`runtime/`): the transitions live in the files named
//! by their job (`scheduler.rs`, `detect.rs`, `faults.rs`, `failures.rs`), and what code outside
//! the engine may ask of the core is in `syscalls.rs`.

use std::collections::BTreeMap;
use std::panic::Location;
use std::sync::Arc;

use super::asyncio_loop::AsyncioLoop;
use super::config::Config;
use super::detect::Findings;
use super::net::Network;
use super::pool::Pool;
use super::ready::ReadySet;
use super::recorder::{Keep, Recorder};
use super::rng::Rngs;
use super::shared::SimShared;
use super::tape_log::{TapeLog, What};
use super::task::{Sched, TaskTable};
use super::timers::Timers;
use super::watchdog::Watched;
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::{EventKind, TaskLabel, Trace};
use crate::{Strategy, Tape};

pub(crate) struct Core {
    /// The simulation's identity, to tell its wakers and timers from another's.
    pub(super) id: u64,
    pub(super) shared: Arc<SimShared>,
    pub(super) config: Config,
    pub(super) rng: Rngs,
    pub(super) clock: Instant,
    pub(super) steps: u64,
    /// The task whose code runs in this step (polled, or dropped): it spawns, sleeps and wakes
    /// on its own behalf. `None` while timers fire.
    pub(super) current: Option<TaskId>,
    /// Scheduled tasks, each with the sequence number of its wake; empty under
    /// `Strategy::Fifo`, whose ready queue is `asyncio`'s.
    pub(super) ready: ReadySet,
    /// asyncio's loop: under `Strategy::Fifo`, the ready queue of handles, its iterations,
    /// the timer heap's order and the done callbacks; `None` under every other strategy.
    pub(super) asyncio: Option<AsyncioLoop>,
    pub(super) tasks: TaskTable,
    /// The scheduler's state of the main future (a spawned task's is in its header).
    pub(super) main: Sched,
    /// The spawned task out of the table for this step (polled, cancelled or dropped), with
    /// the polls and daemon flag reports show of it.
    pub(super) in_flight: Option<(TaskId, u64, bool)>,
    /// How many task labels the watchdog was given (`start_poll` gives it the newer ones).
    pub(super) watch_labels: usize,
    /// The task in flight was asked to stop by id (its host crashed) during its poll.
    pub(super) abort_in_flight: bool,
    /// Spawned tasks not finished yet.
    pub(super) live: usize,
    pub(super) timers: Timers,
    pub(super) trace: Recorder,
    /// The first unfinished task not yet dropped at shutdown.
    pub(super) shutdown_cursor: usize,
    /// When the current poll started, to tell how long it held the loop.
    pub(super) poll_started: Instant,
    /// Set when the clock moved during a poll (`cpu_work`): timers may be overdue.
    pub(super) clock_jumped: bool,
    /// A task yielded: the network's deliveries due by now are made before the next pick.
    pub(super) yielded: bool,
    pub(super) pool: Pool,
    pub(super) findings: Findings,
    /// Whether each `buggify!` site reached so far is enabled, by `(file, line, column)`.
    pub(super) buggify_sites: BTreeMap<(&'static str, u32, u32), bool>,
    /// What the watchdog sees of the run; `None` when it is off.
    pub(super) watched: Option<Arc<Watched>>,
    /// The simulated network, from the first use of `simloop::net` in the run.
    pub(super) net: Option<Box<Network>>,
}

impl Core {
    pub(super) fn new(
        config: Config,
        shared: Arc<SimShared>,
        site: &'static Location<'static>,
    ) -> Self {
        let recorded = config.record_tape;
        let asyncio = (config.strategy == Strategy::Fifo).then(AsyncioLoop::new);
        let mut ready = ReadySet::new(recorded);
        if asyncio.is_none() {
            ready.push(TaskId::MAIN, 0);
        }
        let mut tasks = TaskTable::default();
        tasks.push(None, site, None);
        let mut core = Self {
            id: shared.id,
            shared,
            rng: {
                let mut rng = Rngs::new(config.seed, config.strategy, config.pct_steps);
                rng.set_abort_probability(config.abort_probability);
                rng.tape = TapeLog::new(
                    config.replay.as_ref(),
                    config.record_tape,
                    config.record_branches,
                );
                rng
            },
            trace: Recorder::new(match (config.trace, config.keep_tail) {
                (true, _) => Keep::All,
                (false, true) => Keep::Tail,
                (false, false) => Keep::Digest,
            }),
            pool: Pool::new(config.blocking_workers),
            config,
            clock: Instant::ZERO,
            steps: 0,
            current: None,
            ready,
            asyncio,
            tasks,
            main: Sched::new(false, false, Instant::ZERO),
            in_flight: None,
            abort_in_flight: false,
            watch_labels: 0,
            live: 0,
            timers: Timers::default(),
            shutdown_cursor: 1,
            poll_started: Instant::ZERO,
            clock_jumped: false,
            yielded: false,
            findings: Findings::default(),
            buggify_sites: BTreeMap::new(),
            watched: None,
            net: None,
        };
        core.watched = Watched::start(&core.config, site);
        core.watch_labels = core.watched.as_ref().map_or(0, |w| w.labels_known());
        core
    }

    /// Records an event of `task` at the current virtual time.
    #[inline(always)]
    pub(super) fn record(&mut self, task: TaskId, kind: EventKind) {
        self.trace.record(self.clock, task, kind);
    }

    /// The task on whose behalf code runs now: the current one, or `main` while timers fire.
    pub(super) fn acting_task(&self) -> TaskId {
        self.current.unwrap_or(TaskId::MAIN)
    }

    /// Attaches `what` to the decision just taken, when the tape is recorded.
    pub(super) fn note(&mut self, step: u64, what: What) {
        if self.rng.tape.is_recording() {
            self.rng.tape.note(step, self.clock, what);
        }
    }

    /// Every task's name and spawn site, by id, for traces, tapes and reports.
    pub(super) fn labels(&self) -> Vec<TaskLabel> {
        let host = |id| self.net.as_deref().map_or(0, |net| net.host_of(id));
        self.tasks
            .sites()
            .map(|(id, site)| TaskLabel { name: self.tasks.name(id), site, host: host(id) })
            .collect()
    }

    /// The run ended: the watchdog no longer watches it.
    pub(super) fn stop_watching(&mut self) {
        if let Some(watched) = self.watched.take() {
            watched.stop();
        }
    }

    /// How the replayed tape did not fit the run, if it did not.
    pub(super) fn tape_misfit(&self) -> Option<String> {
        self.rng.tape.misfit()
    }

    /// Whether the run follows the tape of `SIMLOOP_SCHEDULE`.
    pub(super) fn replays_env_tape(&self) -> bool {
        self.config.replay_from_env
    }

    /// The recorded tape of the run, if recording; takes it.
    pub(super) fn take_tape(&mut self) -> Option<Tape> {
        if !self.rng.tape.is_recording() {
            return None;
        }
        let names = self.tasks.names();
        self.rng.take_tape(names)
    }

    /// The trace of the run so far; takes the recorded events.
    pub(super) fn take_trace(&mut self) -> Trace {
        match self.trace.take_log() {
            Some(log) => {
                Trace::new(Some(log), self.labels(), self.config.seed, self.config.strategy)
                    .with_hosts(self.net.as_ref().map(|net| net.host_labels()).unwrap_or_default())
            }
            None => Trace::new(None, Vec::new(), self.config.seed, self.config.strategy),
        }
    }
}
