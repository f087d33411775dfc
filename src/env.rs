//! The `SIMLOOP_*` environment variables: every name, and the one parser.
//!
//! | variable | form | effect |
//! | --- | --- | --- |
//! | [`SIMLOOP_SEED`] | a decimal `u64`, or hex with `0x` | every [`Sim::new`](crate::Sim::new) and every exploration of the process runs this one seed instead: the replay of a printed failure |
//! | [`SIMLOOP_ITERATIONS`] | a positive integer: `10000`, `10_000` | how many iterations an exploration runs |
//! | [`SIMLOOP_DURATION`] | a positive integer and a unit: `500ms`, `90s`, `10m`, `2h` | a wall-clock budget: explore until it is spent |
//! | [`SIMLOOP_SCHEDULE`] | a [`Tape`] in its text form: `v2:h1@3+16.r1@19` (or a version 1 tape, `v1:z13.1.z5.2`) | every [`Sim::new`](crate::Sim::new) and every exploration of the process follows this tape: the replay of a printed (shrunk) schedule |
//! | [`SIMLOOP_STRATEGY`] | `random`, `fifo`, `pct:<depth>`, `fifo-random-timers`, `delay:<delays>`, `pos`, `dfs:<preemptions>` or `portfolio` | the [`Strategy`] of explorations that do not choose one in code |
//! | [`SIMLOOP_SHARD`] | `k/n`, `1 <= k <= n`: `2/4` | this process runs the k-th of n disjoint slices of the iterations ([`Shard`]) |
//! | [`SIMLOOP_BASE_SEED`] | a decimal `u64`, or hex with `0x` | the seed the iteration seeds derive from ([`Explorer::seed_of`](crate::Explorer::seed_of)) |
//! | [`SIMLOOP_WATCHDOG`] | a duration (`30s`), or `off` | how long one poll may run in wall-clock time before the watchdog reports it and ends the process |
//! | [`SIMLOOP_DETERMINISM_CHECKS`] | a number, `0` for none | how many passing iterations of an exploration run twice to check that their seed decides them |
//!
//! # Precedence
//!
//! - `SIMLOOP_SEED` beats everything: an exploration runs that one seed and nothing else (no
//!   regression seeds, no iterations), so the printed replay command reruns exactly the
//!   failure. `SIMLOOP_SCHEDULE` does the same with a tape (over `SIMLOOP_SEED`'s seed, or
//!   iteration 0's when it is not set), and beats a tape given in code.
//! - The size and the place of an exploration belong to whoever runs it (a developer, a CI
//!   job): `SIMLOOP_ITERATIONS`, `SIMLOOP_DURATION`, `SIMLOOP_SHARD` and `SIMLOOP_BASE_SEED`
//!   beat the values written in code, which beat the defaults. The iteration count and the
//!   duration form one **budget**: when either variable is set, the budget in code is ignored
//!   as a whole, so `SIMLOOP_DURATION=10m` runs ten minutes even for a test whose code says
//!   `iterations = 100`, and `SIMLOOP_ITERATIONS` raises (or lowers) every exploration of a run.
//! - The strategy belongs to the test: a test that chooses one in code keeps it (a `Fifo`
//!   test may check asyncio's exact order), and `SIMLOOP_STRATEGY` sets the strategy of the
//!   tests that do not choose (proptest's model: the environment sets defaults).
//!
//! # Errors
//!
//! A malformed value is never ignored: it stops with an error that names the variable, the
//! value and the expected form ([`EnvError`]). A variable that starts with `SIMLOOP_` but is
//! none of the above is reported on stderr with a `simloop:` warning (a typo would otherwise
//! silently change nothing).

use std::ffi::OsStr;
use std::fmt;
use std::sync::Once;
use std::time::Duration;

use crate::Strategy;
use crate::Tape;
pub use crate::explore::Shard;
use crate::strategy::strategy_forms;

/// Replays one seed: every [`Sim::new`](crate::Sim::new) and every exploration of the
/// process runs it instead of the seeds chosen in code.
///
/// Failure reports print the command that sets it, `SIMLOOP_SEED=<seed> cargo test <test>`.
/// A value that is not a `u64` (decimal, or hex with `0x`) panics with the variable, the value
/// and the expected form, rather than silently running another seed.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::env::SIMLOOP_SEED, "SIMLOOP_SEED");
/// ```
pub const SIMLOOP_SEED: &str = "SIMLOOP_SEED";

/// How many iterations an exploration runs: a positive integer, `_` separators allowed.
///
/// Beats the count in code ([`Explorer::iterations`](crate::Explorer::iterations)), so CI
/// can raise every exploration of a run. See the [module docs](self) for the precedence.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::env::parse_iterations("10_000"), Ok(10_000));
/// ```
pub const SIMLOOP_ITERATIONS: &str = "SIMLOOP_ITERATIONS";

/// The wall-clock budget of an exploration: `500ms`, `90s`, `10m` or `2h`.
///
/// The exploration runs iterations until the budget is spent (or `SIMLOOP_ITERATIONS`, when
/// set too, is reached). Beats the budget in code.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// assert_eq!(simloop::env::parse_duration("10m"), Ok(Duration::from_secs(600)));
/// ```
pub const SIMLOOP_DURATION: &str = "SIMLOOP_DURATION";

/// The [`Strategy`] of explorations that do not choose one in code: `random`, `fifo`,
/// `pct:<depth>` (such as `pct:3`), `fifo-random-timers` or `portfolio`.
///
/// # Examples
///
/// ```
/// use simloop::Strategy;
/// assert_eq!(simloop::env::parse_strategy("fifo"), Ok(Strategy::Fifo));
/// assert_eq!(simloop::env::parse_strategy("pct:3"), Ok(Strategy::Pct { depth: 3 }));
/// ```
pub const SIMLOOP_STRATEGY: &str = "SIMLOOP_STRATEGY";

/// Replays one schedule: every [`Sim::new`](crate::Sim::new) follows this [`Tape`] instead of
/// drawing its decisions, and every exploration runs it once (over the seed of
/// `SIMLOOP_SEED`, or of iteration 0), and nothing else.
///
/// A failing exploration prints the command that sets it to the shrunk schedule of the
/// failure, with the seed: `SIMLOOP_SCHEDULE=v2:h1@3+16.r1@19 SIMLOOP_SEED=42 cargo test <test>`.
/// A malformed value panics, like a malformed `SIMLOOP_SEED`.
///
/// # Examples
///
/// ```
/// let tape = simloop::env::parse_schedule("v1:z3.1").unwrap();
/// assert_eq!(tape.choices(), [0, 0, 0, 1]);
/// ```
pub const SIMLOOP_SCHEDULE: &str = "SIMLOOP_SCHEDULE";

/// Splits an exploration across machines: `k/n` runs the k-th of n disjoint slices of the
/// iterations (see [`Shard`]); the n slices together run every iteration.
///
/// # Examples
///
/// ```
/// let shard = simloop::env::parse_shard("2/4").unwrap();
/// assert_eq!((shard.index(), shard.count()), (2, 4));
/// ```
pub const SIMLOOP_SHARD: &str = "SIMLOOP_SHARD";

/// The base seed of explorations: iteration `i` runs
/// [`Explorer::seed_of(base, i)`](crate::Explorer::seed_of). Beats the base seed in code.
///
/// The default base seed is a constant, so CI explores the same seeds on every run; a
/// scheduled job can set this variable (to the date, say) to explore new ones.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::env::parse_base_seed("0x2a"), Ok(42));
/// ```
pub const SIMLOOP_BASE_SEED: &str = "SIMLOOP_BASE_SEED";

/// How long one poll may run in wall-clock time before the watchdog reports it and ends the
/// process ([`Sim::watchdog`](crate::Sim::watchdog)): a duration (`30s`, `2m`), or `off`.
/// Beats the setting in code, so that CI or a debugging session can change it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// assert_eq!(simloop::env::parse_watchdog("45s"), Ok(Some(Duration::from_secs(45))));
/// assert_eq!(simloop::env::parse_watchdog("off"), Ok(None));
/// ```
pub const SIMLOOP_WATCHDOG: &str = "SIMLOOP_WATCHDOG";

/// How many passing iterations of an exploration are run a second time to check that their
/// seed alone decides them ([`Explorer::determinism_checks`](crate::Explorer::determinism_checks)):
/// a number, `0` for none. Beats the setting in code.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::env::parse_determinism_checks("0"), Ok(0));
/// assert_eq!(simloop::env::parse_determinism_checks("16"), Ok(16));
/// ```
pub const SIMLOOP_DETERMINISM_CHECKS: &str = "SIMLOOP_DETERMINISM_CHECKS";

/// Every variable simloop reads.
const KNOWN: [&str; 9] = [
    SIMLOOP_SEED,
    SIMLOOP_ITERATIONS,
    SIMLOOP_DURATION,
    SIMLOOP_STRATEGY,
    SIMLOOP_SHARD,
    SIMLOOP_BASE_SEED,
    SIMLOOP_SCHEDULE,
    SIMLOOP_WATCHDOG,
    SIMLOOP_DETERMINISM_CHECKS,
];

/// A `SIMLOOP_*` variable whose value does not have the expected form.
///
/// # Examples
///
/// ```
/// let err = simloop::env::parse_seed("12x").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "SIMLOOP_SEED=12x is not a valid seed: expected a decimal u64 such as 42, or hex such as 0x2a"
/// );
/// assert_eq!(err.variable(), "SIMLOOP_SEED");
/// assert_eq!(err.value(), "12x");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvError {
    variable: &'static str,
    value: String,
    expected: &'static str,
}

impl EnvError {
    fn new(variable: &'static str, value: &str, expected: &'static str) -> Self {
        Self { variable, value: value.to_owned(), expected }
    }

    /// The variable whose value is malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = simloop::env::parse_shard("0/4").unwrap_err();
    /// assert_eq!(err.variable(), simloop::env::SIMLOOP_SHARD);
    /// ```
    pub fn variable(&self) -> &'static str {
        self.variable
    }

    /// The malformed value.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = simloop::env::parse_shard("0/4").unwrap_err();
    /// assert_eq!(err.value(), "0/4");
    /// ```
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for EnvError {
    /// `SIMLOOP_SEED=twelve is not a valid seed: ...`; a value that would not read right bare
    /// (empty, spaces around or inside it, quotes, control characters) is quoted:
    /// `SIMLOOP_SEED=" "`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.value;
        let bare = !v.is_empty()
            && !v.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\'');
        if bare {
            write!(f, "{}={v} is not a valid {}", self.variable, self.expected)
        } else {
            write!(f, "{}={v:?} is not a valid {}", self.variable, self.expected)
        }
    }
}

/// A number as every variable takes it: ASCII digits only (no sign: `+5` is refused as
/// `-5` is), `_` separators where `underscores` allows them.
fn number(text: &str, underscores: bool) -> Option<u64> {
    let digits: String = text.chars().filter(|c| !(underscores && *c == '_')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl std::error::Error for EnvError {}

const SEED_FORM: &str = "seed: expected a decimal u64 such as 42, or hex such as 0x2a";

/// Parses a seed as `SIMLOOP_SEED` takes it: decimal, or hex with a `0x` prefix.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::env::parse_seed("42"), Ok(42));
/// assert_eq!(simloop::env::parse_seed("0x2a"), Ok(42));
/// assert!(simloop::env::parse_seed("-1").is_err());
/// ```
pub fn parse_seed(value: &str) -> Result<u64, EnvError> {
    parse_u64(value).ok_or_else(|| EnvError::new(SIMLOOP_SEED, value, SEED_FORM))
}

/// Parses a base seed as `SIMLOOP_BASE_SEED` takes it: decimal, or hex with a `0x` prefix.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::env::parse_base_seed("7"), Ok(7));
/// assert_eq!(
///     simloop::env::parse_base_seed("seven").unwrap_err().to_string(),
///     "SIMLOOP_BASE_SEED=seven is not a valid base seed: expected a decimal u64 such as 42, or hex such as 0x2a"
/// );
/// ```
pub fn parse_base_seed(value: &str) -> Result<u64, EnvError> {
    parse_u64(value).ok_or_else(|| {
        EnvError::new(
            SIMLOOP_BASE_SEED,
            value,
            "base seed: expected a decimal u64 such as 42, or hex such as 0x2a",
        )
    })
}

fn parse_u64(value: &str) -> Option<u64> {
    let text = value.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u64::from_str_radix(hex, 16).ok()
        }
        Some(_) => None,
        None => number(text, false),
    }
}

/// Parses an iteration count as `SIMLOOP_ITERATIONS` takes it: a positive integer, with
/// optional `_` separators.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::env::parse_iterations("1000"), Ok(1000));
/// assert_eq!(
///     simloop::env::parse_iterations("0").unwrap_err().to_string(),
///     "SIMLOOP_ITERATIONS=0 is not a valid iteration count: expected a positive integer such as 1000 or 10_000"
/// );
/// ```
pub fn parse_iterations(value: &str) -> Result<u64, EnvError> {
    match number(value.trim(), true) {
        Some(n) if n > 0 => Ok(n),
        _ => Err(EnvError::new(
            SIMLOOP_ITERATIONS,
            value,
            "iteration count: expected a positive integer such as 1000 or 10_000",
        )),
    }
}

/// Parses a wall-clock budget as `SIMLOOP_DURATION` takes it: a positive integer and one of
/// the units `ms`, `s`, `m`, `h`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::env::parse_duration;
///
/// assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
/// assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
/// assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
/// assert_eq!(
///     parse_duration("10").unwrap_err().to_string(),
///     "SIMLOOP_DURATION=10 is not a valid duration: expected a positive integer and a unit \
///      (ms, s, m, h), such as 90s or 10m"
/// );
/// ```
pub fn parse_duration(value: &str) -> Result<Duration, EnvError> {
    duration_of(SIMLOOP_DURATION, value)
}

/// Parses the value of `SIMLOOP_WATCHDOG`: a duration as [`parse_duration`] takes it, or `off`
/// (`None`).
///
/// # Examples
///
/// ```
/// use simloop::env::parse_watchdog;
/// assert_eq!(parse_watchdog("500ms"), Ok(Some(std::time::Duration::from_millis(500))));
/// assert_eq!(parse_watchdog("OFF"), Ok(None));
/// assert_eq!(
///     parse_watchdog("soon").unwrap_err().to_string(),
///     "SIMLOOP_WATCHDOG=soon is not a valid duration: expected a positive integer and a unit \
///      (ms, s, m, h), such as 90s or 10m, or `off`"
/// );
/// ```
pub fn parse_watchdog(value: &str) -> Result<Option<Duration>, EnvError> {
    if value.trim().eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    duration_of(SIMLOOP_WATCHDOG, value).map(Some).map_err(|_| {
        EnvError::new(
            SIMLOOP_WATCHDOG,
            value,
            "duration: expected a positive integer and a unit (ms, s, m, h), such as 90s or \
             10m, or `off`",
        )
    })
}

/// Parses the value of `SIMLOOP_DETERMINISM_CHECKS`: a number of checks, `0` for none.
///
/// # Examples
///
/// ```
/// use simloop::env::parse_determinism_checks;
/// assert_eq!(parse_determinism_checks("1_000"), Ok(1000));
/// assert!(parse_determinism_checks("-1").is_err());
/// ```
pub fn parse_determinism_checks(value: &str) -> Result<u64, EnvError> {
    number(value.trim(), true).ok_or_else(|| {
        EnvError::new(
            SIMLOOP_DETERMINISM_CHECKS,
            value,
            "count: expected a number of checks such as 8, or 0 for none",
        )
    })
}

/// A duration as `variable` takes it: a positive integer and a unit.
fn duration_of(variable: &'static str, value: &str) -> Result<Duration, EnvError> {
    let err = || {
        EnvError::new(
            variable,
            value,
            "duration: expected a positive integer and a unit (ms, s, m, h), such as 90s or 10m",
        )
    };
    let text = value.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?;
    let (digits, unit) = text.split_at(split);
    let n = number(digits, false).ok_or_else(err)?;
    let duration = match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.checked_mul(60).ok_or_else(err)?),
        "h" => Duration::from_secs(n.checked_mul(3600).ok_or_else(err)?),
        _ => return Err(err()),
    };
    if duration.is_zero() { Err(err()) } else { Ok(duration) }
}

/// Parses a strategy as `SIMLOOP_STRATEGY` takes it: `random`, `fifo`, `pct:<depth>`,
/// `fifo-random-timers`, `delay:<delays>`, `pos`, `dfs:<preemptions>` or `portfolio` (the
/// `Display` form of [`Strategy`]).
///
/// # Examples
///
/// ```
/// use simloop::Strategy;
/// use simloop::env::parse_strategy;
///
/// assert_eq!(parse_strategy("random"), Ok(Strategy::Random));
/// assert_eq!(parse_strategy("portfolio"), Ok(Strategy::Portfolio));
/// assert_eq!(parse_strategy("dfs:2"), Ok(Strategy::Dfs { preemptions: 2 }));
/// assert!(
///     parse_strategy("lifo").unwrap_err().to_string().starts_with(
///         "SIMLOOP_STRATEGY=lifo is not a valid strategy: expected one of `random`, `fifo`, \
///          `pct` or `pct:<depth>` (such as `pct:3`), `fifo-random-timers`, `delay` or"
///     )
/// );
/// ```
pub fn parse_strategy(value: &str) -> Result<Strategy, EnvError> {
    value.parse().map_err(|_| EnvError::new(SIMLOOP_STRATEGY, value, STRATEGY_FORM))
}

const STRATEGY_FORM: &str = concat!("strategy: expected one of ", strategy_forms!());

/// Parses a schedule as `SIMLOOP_SCHEDULE` takes it: a [`Tape`] in its text form.
///
/// # Examples
///
/// ```
/// use simloop::env::parse_schedule;
///
/// assert_eq!(parse_schedule("v2:h1@3+16.r1@19").unwrap().len(), 2);
/// assert_eq!(parse_schedule("v1:1.z2.4").unwrap().choices(), [1, 0, 0, 4]);
/// assert_eq!(
///     parse_schedule("1.2").unwrap_err().to_string(),
///     "SIMLOOP_SCHEDULE=1.2 is not a valid schedule: expected `v2:` and entries separated by \
///      `.`, each `r<task>@<step>`, `h<task>@<step>+<steps>` or `<kind>@<step>=<choice>`, such \
///      as `v2:h1@3+16.r1@19`; or a version 1 tape, such as `v1:z13.1.z5.2`"
/// );
/// ```
pub fn parse_schedule(value: &str) -> Result<Tape, EnvError> {
    value.parse().map_err(|_| {
        EnvError::new(
            SIMLOOP_SCHEDULE,
            value,
            "schedule: expected `v2:` and entries separated by `.`, each `r<task>@<step>`, \
             `h<task>@<step>+<steps>` or `<kind>@<step>=<choice>`, such as `v2:h1@3+16.r1@19`; \
             or a version 1 tape, such as `v1:z13.1.z5.2`",
        )
    })
}

/// Parses a shard as `SIMLOOP_SHARD` takes it: `k/n` with `1 <= k <= n`.
///
/// # Examples
///
/// ```
/// use simloop::env::{parse_shard, Shard};
///
/// assert_eq!(parse_shard("1/2"), Ok(Shard::new(1, 2).unwrap()));
/// assert_eq!(
///     parse_shard("3/2").unwrap_err().to_string(),
///     "SIMLOOP_SHARD=3/2 is not a valid shard: expected k/n with 1 <= k <= n, such as 1/4 \
///      (the first of four slices)"
/// );
/// ```
pub fn parse_shard(value: &str) -> Result<Shard, EnvError> {
    let err = || {
        EnvError::new(
            SIMLOOP_SHARD,
            value,
            "shard: expected k/n with 1 <= k <= n, such as 1/4 (the first of four slices)",
        )
    };
    let (k, n) = value.trim().split_once('/').ok_or_else(err)?;
    let part = |text: &str| number(text.trim(), false);
    let (k, n) = (part(k).ok_or_else(err)?, part(n).ok_or_else(err)?);
    Shard::new(k, n).ok_or_else(err)
}

/// The `SIMLOOP_*` variables of a process, parsed.
///
/// [`explore`](crate::explore) reads them from the process environment; `from_vars` parses
/// any list of variables, for tools and tests.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::env::Settings;
///
/// let settings = Settings::from_vars([
///     ("SIMLOOP_ITERATIONS", "5000"),
///     ("SIMLOOP_DURATION", "90s"),
///     ("SIMLOOP_SHARD", "1/3"),
///     ("SIMLOOP_ITERATOINS", "1"),
///     ("PATH", "/usr/bin"),
/// ])
/// .unwrap();
/// assert_eq!(settings.iterations(), Some(5000));
/// assert_eq!(settings.duration(), Some(Duration::from_secs(90)));
/// assert_eq!(settings.shard().unwrap().to_string(), "1/3");
/// assert_eq!(settings.seed(), None);
/// assert_eq!(settings.unknown(), ["SIMLOOP_ITERATOINS"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    seed: Option<u64>,
    schedule: Option<Tape>,
    iterations: Option<u64>,
    duration: Option<Duration>,
    strategy: Option<Strategy>,
    shard: Option<Shard>,
    base_seed: Option<u64>,
    watchdog: Option<Option<Duration>>,
    determinism_checks: Option<u64>,
    unknown: Vec<String>,
}

impl Settings {
    /// Parses the `SIMLOOP_*` variables among `vars`; other names are skipped.
    ///
    /// # Errors
    ///
    /// The first malformed value, naming the variable, the value and the expected form.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = simloop::env::Settings::from_vars([("SIMLOOP_STRATEGY", "pct:0")]).unwrap_err();
    /// assert_eq!(err.variable(), "SIMLOOP_STRATEGY");
    /// ```
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Result<Self, EnvError>
    where
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        let mut settings = Self::default();
        for (name, value) in vars {
            let name = name.as_ref().to_string_lossy();
            if !name.starts_with("SIMLOOP_") {
                continue;
            }
            let value = value.as_ref().to_string_lossy();
            match &*name {
                SIMLOOP_SEED => settings.seed = Some(parse_seed(&value)?),
                SIMLOOP_SCHEDULE => settings.schedule = Some(parse_schedule(&value)?),
                SIMLOOP_ITERATIONS => settings.iterations = Some(parse_iterations(&value)?),
                SIMLOOP_DURATION => settings.duration = Some(parse_duration(&value)?),
                SIMLOOP_STRATEGY => settings.strategy = Some(parse_strategy(&value)?),
                SIMLOOP_SHARD => settings.shard = Some(parse_shard(&value)?),
                SIMLOOP_BASE_SEED => settings.base_seed = Some(parse_base_seed(&value)?),
                SIMLOOP_WATCHDOG => settings.watchdog = Some(parse_watchdog(&value)?),
                SIMLOOP_DETERMINISM_CHECKS => {
                    settings.determinism_checks = Some(parse_determinism_checks(&value)?);
                }
                _ => settings.unknown.push(name.into_owned()),
            }
        }
        settings.unknown.sort();
        Ok(settings)
    }

    /// `SIMLOOP_SEED`: the one seed to replay.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_SEED", "9")]).unwrap();
    /// assert_eq!(s.seed(), Some(9));
    /// ```
    pub fn seed(&self) -> Option<u64> {
        self.seed
    }

    /// `SIMLOOP_SCHEDULE`: the one schedule to replay.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_SCHEDULE", "v1:2")]).unwrap();
    /// assert_eq!(s.schedule().unwrap().choices(), [2]);
    /// ```
    pub fn schedule(&self) -> Option<&Tape> {
        self.schedule.as_ref()
    }

    /// `SIMLOOP_ITERATIONS`: the iteration count.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_ITERATIONS", "50")]).unwrap();
    /// assert_eq!(s.iterations(), Some(50));
    /// ```
    pub fn iterations(&self) -> Option<u64> {
        self.iterations
    }

    /// `SIMLOOP_DURATION`: the wall-clock budget.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_DURATION", "2h")]).unwrap();
    /// assert_eq!(s.duration(), Some(std::time::Duration::from_secs(7200)));
    /// ```
    pub fn duration(&self) -> Option<Duration> {
        self.duration
    }

    /// `SIMLOOP_STRATEGY`: the default strategy.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_STRATEGY", "fifo")]).unwrap();
    /// assert_eq!(s.strategy(), Some(simloop::Strategy::Fifo));
    /// ```
    pub fn strategy(&self) -> Option<Strategy> {
        self.strategy
    }

    /// `SIMLOOP_SHARD`: the slice of the iterations this process runs.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_SHARD", "2/2")]).unwrap();
    /// assert_eq!(s.shard().unwrap().index(), 2);
    /// ```
    pub fn shard(&self) -> Option<Shard> {
        self.shard
    }

    /// `SIMLOOP_BASE_SEED`: the base seed of the iteration seeds.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_BASE_SEED", "0x10")]).unwrap();
    /// assert_eq!(s.base_seed(), Some(16));
    /// ```
    pub fn base_seed(&self) -> Option<u64> {
        self.base_seed
    }

    /// `SIMLOOP_WATCHDOG`: the watchdog's limit, `Some(None)` for `off`.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_WATCHDOG", "off")]).unwrap();
    /// assert_eq!(s.watchdog(), Some(None));
    /// ```
    pub fn watchdog(&self) -> Option<Option<Duration>> {
        self.watchdog
    }

    /// `SIMLOOP_DETERMINISM_CHECKS`: how many passing iterations are checked.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_DETERMINISM_CHECKS", "3")]).unwrap();
    /// assert_eq!(s.determinism_checks(), Some(3));
    /// ```
    pub fn determinism_checks(&self) -> Option<u64> {
        self.determinism_checks
    }

    /// The names that start with `SIMLOOP_` but are not simloop variables (typos), sorted.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = simloop::env::Settings::from_vars([("SIMLOOP_SEEDS", "1")]).unwrap();
    /// assert_eq!(s.unknown(), ["SIMLOOP_SEEDS"]);
    /// ```
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }
}

/// The settings of this process's environment. Unknown `SIMLOOP_*` names are reported on
/// stderr, once per process.
///
/// # Panics
///
/// Panics with the variable, its value and the expected form when a value is malformed.
#[track_caller]
pub(crate) fn settings() -> Settings {
    let settings = match Settings::from_vars(std::env::vars_os()) {
        Ok(settings) => settings,
        Err(err) => panic!("simloop: {err}; fix it or unset it"),
    };
    static WARNED: Once = Once::new();
    if !settings.unknown.is_empty() {
        WARNED.call_once(|| {
            for name in &settings.unknown {
                eprintln!(
                    "simloop: warning: ignoring the unknown environment variable {name}; \
                     simloop reads {}",
                    KNOWN.join(", ")
                );
            }
        });
    }
    settings
}

/// The seed that `SIMLOOP_SEED` asks to replay, if it is set.
///
/// # Panics
///
/// Panics with the variable, its value and the expected form when the value is malformed.
#[track_caller]
pub(crate) fn seed_override() -> Option<u64> {
    read_override(SIMLOOP_SEED, parse_seed, "unset it to use the seed in code")
}

/// The tape that `SIMLOOP_SCHEDULE` asks to replay, if it is set.
///
/// # Panics
///
/// Panics with the variable, its value and the expected form when the value is malformed.
#[track_caller]
pub(crate) fn schedule_override() -> Option<Tape> {
    read_override(SIMLOOP_SCHEDULE, parse_schedule, "unset it to follow the seed")
}

/// Reads one variable that overrides code (a replay), with the parser `Settings` uses too.
#[track_caller]
fn read_override<T>(name: &str, parse: fn(&str) -> Result<T, EnvError>, hint: &str) -> Option<T> {
    let value = std::env::var_os(name)?;
    match parse(&value.to_string_lossy()) {
        Ok(parsed) => Some(parsed),
        Err(err) => panic!("simloop: {err}; {hint}"),
    }
}
