//! How a simulation chooses among ready tasks and same-instant timers.

use std::fmt;
use std::str::FromStr;

/// The scheduling strategy of a simulation: how each decision is made.
///
/// # Determinism
///
/// Every strategy is a pure function of the seed: the same seed and strategy give the same
/// run. Choice `0` of every decision is the **default order**: ready tasks in wake order,
/// same-instant timers in creation order, a completion before a timeout due at the same
/// instant, `select!`/`join!` branches in the written order; an empty [`Tape`](crate::Tape)
/// replays it. [`Fifo`](Self::Fifo) draws no decision and follows asyncio's own loop, which
/// departs from the default order where asyncio's mechanisms do.
///
/// # Examples
///
/// ```
/// use simloop::{Sim, Strategy};
///
/// let order = Sim::new(1).strategy(Strategy::Fifo).run(async {
///     let a = simloop::spawn(async { "a" });
///     let b = simloop::spawn(async { "b" });
///     (a.await.unwrap(), b.await.unwrap())
/// });
/// assert_eq!(order, ("a", "b"));
/// assert_eq!("fifo".parse::<Strategy>().unwrap(), Strategy::Fifo);
/// assert_eq!(Strategy::Random.to_string(), "random");
/// assert_eq!("pct:3".parse::<Strategy>().unwrap(), Strategy::Pct { depth: 3 });
/// for strategy in [
///     Strategy::Portfolio,
///     Strategy::FifoRandomTimers,
///     Strategy::Pct { depth: 2 },
///     Strategy::DelayBounded { delays: 3 },
///     Strategy::Pos,
///     Strategy::Dfs { preemptions: 1 },
/// ] {
///     assert_eq!(strategy.to_string().parse::<Strategy>().unwrap(), strategy);
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Strategy {
    /// Uniform choice over the ready set; same-instant timers fire in a random order, a
    /// timeout that falls on the instant its inner future completes wins or loses at random,
    /// and `select!`/`join!` poll their branches in a random order. The default.
    #[default]
    Random,
    /// CPython 3.11 asyncio's order, drawing no scheduling decision: the deterministic
    /// baseline, which prints what the same program prints on asyncio. Its rules are
    /// asyncio's event loop (`BaseEventLoop`), each with CPython's mechanism:
    ///
    /// - **One ready queue, run in iterations.** A task's step, a timer that fired and a
    ///   callback each take one entry of the queue (`loop._ready`); a wake appends the task at
    ///   the back (`call_soon`), once. An iteration (`_run_once`) runs the entries ready when
    ///   it starts, not those they add; when nothing is ready, the clock moves to the earliest
    ///   deadline, and the timers due are appended to the queue. Ready tasks thus run in wake
    ///   order, and a wake scheduled by a callback costs a round of the queue (a *hop*).
    /// - **Timers in the heap's order.** asyncio keeps its timers in a `heapq` of
    ///   `TimerHandle`s compared by deadline alone, so same-instant timers come out in the
    ///   order the heap's sifting leaves them: creation order while few are pending, not in
    ///   general. `Fifo` replays that heap operation for operation, cancelled timers left in
    ///   it, popped from its top at each iteration, and its rebuild when more than 100 timers
    ///   are scheduled and over half of them cancelled. A timer armed for an instant already
    ///   come fires at the next iteration, after what is ready.
    /// - **Where a cancel lands.** [`JoinHandle::abort`](crate::JoinHandle::abort) lands at
    ///   the task's next step, as `Task.cancel` does: a waiting task is woken to be cancelled
    ///   (one hop), a task already in the queue is cancelled when its turn comes.
    /// - **The deadline first.** A [`timeout`](crate::time::timeout) arms its timer when first
    ///   polled, before its inner future runs (`Timeout.__aenter__`); once the deadline has
    ///   come it elapses, even when the inner future would complete in that poll: asyncio's
    ///   timeout handler is a timer callback that cancels the task before the task resumes.
    ///   A deadline already due when first polled schedules the handler with `call_soon`:
    ///   the inner future runs until the handler has run, and is cancelled at its next poll.
    /// - **Done callbacks.** [`gather`](crate::gather), [`try_gather`](crate::try_gather),
    ///   [`gather_settled`](crate::gather_settled), [`TaskGroup`](crate::TaskGroup),
    ///   [`wait`](crate::wait) and [`as_completed`](crate::as_completed) learn of a task's end
    ///   from a done callback, scheduled with `call_soon` when the task finishes, and wake
    ///   their caller only from the callback that satisfies them: the last task for `gather`,
    ///   `WaitFor::AllCompleted` and a task group, the first for `FirstCompleted`, the first
    ///   failure for `FirstError`, each task for `as_completed`. The caller resumes two hops
    ///   after the task's end. A task group aborts the siblings of a failed task from that
    ///   callback, a hop after the failure. A `wait`'s timeout is a timer armed when the wait
    ///   starts (`call_later`), cancelled by the callback that satisfies it; when the wait
    ///   resumes, `done` holds every task finished by then. Awaiting a
    ///   [`JoinHandle`](crate::JoinHandle) is one hop, as `await task` is.
    /// - `select!`/`join!` poll their branches in the written order.
    ///
    /// Faults, when a test injects them, still come from their own stream. A tape recorded
    /// under `Fifo` holds only branch orders and faults (its rules take the other
    /// decisions), and replays under `Fifo`. `sim-tests/parity_cpython.rs` checks these rules
    /// against CPython 3.11 on random programs.
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::{Sim, Strategy, time};
    ///
    /// // async with asyncio.timeout(1): await asyncio.sleep(1)   # raises TimeoutError
    /// let expired = Sim::new(1).strategy(Strategy::Fifo).run(async {
    ///     let sleep = time::sleep(Duration::from_secs(1));
    ///     time::timeout(Duration::from_secs(1), sleep).await.is_err()
    /// });
    /// assert!(expired);
    /// ```
    Fifo,
    /// Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010; `pct:<depth>`, or
    /// `pct` for depth 3): each task gets a random priority when it first becomes ready, the
    /// highest-priority ready task always runs, and at `depth - 1` steps drawn uniformly from
    /// the first `k` steps with a choice (more than one ready task) the task about to run
    /// drops below every other priority (a preemption). A task that yields (its poll ends
    /// with it ready again: [`yield_now`](crate::yield_now), or a wake by itself) drops too,
    /// as in Coyote and shuttle, so that a spin-wait lets the task it waits for run. A bug
    /// that needs `depth` ordering constraints is found with probability at least
    /// `1 / (n * k^(depth - 1))` per run, for `n` tasks. Timers, timeouts and branch orders
    /// are drawn as under `Random`.
    ///
    /// `k`, the step bound, is [`DEFAULT_PCT_STEPS`](crate::DEFAULT_PCT_STEPS) for a single
    /// [`Sim`](crate::Sim); an [`Explorer`](crate::Explorer) learns it from the test itself:
    /// the steps with a choice of one run of the test under `Fifo`, before the iterations. A
    /// `depth` of `0` counts as `1`.
    Pct {
        /// How many ordering constraints a bug may need: `depth - 1` preemptions.
        depth: u32,
    },
    /// Ready tasks in wake order (the default order's ready queue, without asyncio's callback
    /// hops), but same-instant timers, timeout races and `select!`/`join!` branch orders
    /// drawn at random: for bugs in timing rather than in interleaving.
    FifoRandomTimers,
    /// Delay bounding (Emmi, Qadeer, Rakamarić, POPL 2011; `delay:<delays>`, or `delay` for
    /// 2): the default order (the task woken first runs first), plus `delays` **delays**, each
    /// at a step drawn uniformly from the first `k` steps with a choice: the task the default
    /// order would run is held back for a number of steps, drawn log-uniformly from `1..2k`,
    /// while other tasks are ready. A bug that needs one task kept waiting, even for many
    /// steps, is one delay away from the default order. Timers, timeouts and branch orders are
    /// drawn as under `Random`. `k` is as for `Pct`.
    DelayBounded {
        /// How many delays a run makes.
        delays: u32,
    },
    /// Partial order sampling (Yuan, Yang, Gu, CAV 2018; `pos`): every task has a random
    /// priority and the highest-priority ready task runs; the task that ran and the tasks it
    /// woke get new priorities after each step. It samples the orders of racing steps closer
    /// to uniformly than `Random` does, and keeps an untouched task waiting as often as not.
    /// Timers, timeouts and branch orders are drawn as under `Random`.
    Pos,
    /// Bounded exhaustive exploration (`dfs:<preemptions>`, or `dfs` for 2): an
    /// [`Explorer`](crate::Explorer) runs every schedule that differs from the default order
    /// in at most `preemptions` picks, each once, depth first, and reports either the first
    /// failure or that all of them pass ([`Report::exhausted`](crate::Report::exhausted)).
    /// Other decisions (timers, timeouts, branch orders) take the default order, and the user
    /// stream is iteration 0's seed. The exploration runs in one thread, reads no regression
    /// file and ignores the shard; without an iteration count or a duration (in code or the
    /// environment) it runs until every schedule has run, with one it stops there. A single
    /// [`Sim`](crate::Sim) runs the default order.
    Dfs {
        /// How many picks may differ from the default order.
        preemptions: u32,
    },
    /// A rotation of strategies that find different bugs ([`Strategy::PORTFOLIO`]):
    /// `FifoRandomTimers` (bugs of the default order, and of timing), `Random`,
    /// `Pct { depth: 3 }`, `DelayBounded { delays: 2 }` and `Pos`. An exploration runs
    /// iteration `i` with member `i % 5`, and a seed without an iteration (a regression seed,
    /// `SIMLOOP_SEED`) with each member in turn until one fails; a single
    /// [`Sim`](crate::Sim) runs member `seed % 5`. Reports name the member that ran.
    Portfolio,
}

impl Strategy {
    /// The depth of `pct` written without one: 3, up to two preemptions.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::Strategy;
    /// assert_eq!("pct".parse::<Strategy>().unwrap(), Strategy::Pct { depth: 3 });
    /// ```
    pub const DEFAULT_PCT_DEPTH: u32 = 3;

    /// The number of delays of `delay` written without one: 2.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::Strategy;
    /// assert_eq!("delay".parse::<Strategy>().unwrap(), Strategy::DelayBounded { delays: 2 });
    /// ```
    pub const DEFAULT_DELAYS: u32 = 2;

    /// The preemptions of `dfs` written without a number: 2.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::Strategy;
    /// assert_eq!("dfs".parse::<Strategy>().unwrap(), Strategy::Dfs { preemptions: 2 });
    /// ```
    pub const DEFAULT_PREEMPTIONS: u32 = 2;

    /// The members of [`Strategy::Portfolio`], in rotation order.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::Strategy;
    /// assert_eq!(Strategy::PORTFOLIO[2], Strategy::Pct { depth: 3 });
    /// ```
    pub const PORTFOLIO: [Self; 5] = [
        Self::FifoRandomTimers,
        Self::Random,
        Self::Pct { depth: 3 },
        Self::DelayBounded { delays: 2 },
        Self::Pos,
    ];

    /// The strategy a run of iteration `index` takes: the portfolio's member `index % 5` for
    /// `Portfolio`, the strategy itself otherwise.
    pub(crate) fn member(self, index: u64) -> Self {
        match self {
            Self::Portfolio => Self::PORTFOLIO[(index % Self::PORTFOLIO.len() as u64) as usize],
            other => other,
        }
    }

    /// Whether the strategy needs a step bound (`Pct`, `DelayBounded`, or a portfolio).
    pub(crate) fn needs_step_bound(self) -> bool {
        matches!(self, Self::Pct { .. } | Self::DelayBounded { .. } | Self::Portfolio)
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Random => f.write_str("random"),
            Self::Fifo => f.write_str("fifo"),
            Self::Pct { depth } => write!(f, "pct:{depth}"),
            Self::FifoRandomTimers => f.write_str("fifo-random-timers"),
            Self::DelayBounded { delays } => write!(f, "delay:{delays}"),
            Self::Pos => f.write_str("pos"),
            Self::Dfs { preemptions } => write!(f, "dfs:{preemptions}"),
            Self::Portfolio => f.write_str("portfolio"),
        }
    }
}

/// The strategies as text, for error messages.
pub(crate) const FORMS: &str = strategy_forms!();

/// The forms a strategy is written in, as a literal for `concat!` (the one text of them).
macro_rules! strategy_forms {
    () => {
        "`random`, `fifo`, `pct` or `pct:<depth>` (such as `pct:3`), `fifo-random-timers`, \
         `delay` or `delay:<delays>` (such as `delay:2`), `pos`, `dfs` or `dfs:<preemptions>` \
         (such as `dfs:2`), `portfolio`"
    };
}
pub(crate) use strategy_forms;

/// The error of parsing a [`Strategy`] from text.
///
/// # Examples
///
/// ```
/// let err = "lifo".parse::<simloop::Strategy>().unwrap_err();
/// assert!(err.to_string().contains("expected one of"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseStrategyError {
    input: String,
}

impl fmt::Display for ParseStrategyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown strategy `{}`; expected one of: {FORMS}", self.input)
    }
}

impl std::error::Error for ParseStrategyError {}

impl FromStr for Strategy {
    type Err = ParseStrategyError;

    /// Parses the `Display` form: `random`, `fifo`, `pct:<depth>` with `depth >= 1` (`pct`
    /// alone is depth [`DEFAULT_PCT_DEPTH`](Strategy::DEFAULT_PCT_DEPTH)),
    /// `fifo-random-timers`, `delay:<delays>` (`delay` alone:
    /// [`DEFAULT_DELAYS`](Strategy::DEFAULT_DELAYS)), `pos`, `dfs:<preemptions>` (`dfs`
    /// alone: [`DEFAULT_PREEMPTIONS`](Strategy::DEFAULT_PREEMPTIONS)) or `portfolio`, in any
    /// case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim().to_ascii_lowercase();
        let err = || ParseStrategyError { input: s.to_owned() };
        match text.as_str() {
            "random" => return Ok(Self::Random),
            "fifo" => return Ok(Self::Fifo),
            "fifo-random-timers" => return Ok(Self::FifoRandomTimers),
            "portfolio" => return Ok(Self::Portfolio),
            "pos" => return Ok(Self::Pos),
            "pct" => return Ok(Self::Pct { depth: Self::DEFAULT_PCT_DEPTH }),
            "delay" => return Ok(Self::DelayBounded { delays: Self::DEFAULT_DELAYS }),
            "dfs" => return Ok(Self::Dfs { preemptions: Self::DEFAULT_PREEMPTIONS }),
            _ => {}
        }
        let (name, number) = text.split_once(':').ok_or_else(err)?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let number: u32 = number.parse().map_err(|_| err())?;
        match name {
            "pct" if number >= 1 => Ok(Self::Pct { depth: number }),
            "delay" => Ok(Self::DelayBounded { delays: number }),
            "dfs" => Ok(Self::Dfs { preemptions: number }),
            _ => Err(err()),
        }
    }
}
