//! How a simulation chooses among ready tasks and same-instant timers.

use std::fmt;
use std::str::FromStr;

/// The scheduling strategy of a simulation: how each decision is made.
///
/// # Determinism
///
/// Every strategy is a pure function of the seed: the same seed and strategy give the same
/// run. Choice `0` of every decision is the default order (asyncio's), which `Fifo` always
/// takes.
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
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Strategy {
    /// Uniform choice over the ready set; same-instant timers fire in a random order, a
    /// timeout that falls on the instant its inner future completes wins or loses at random,
    /// and `select!`/`join!` poll their branches in a random order. The default.
    #[default]
    Random,
    /// asyncio's order, drawing nothing: ready tasks run in wake order, timers fire in
    /// deadline then creation order, a completion beats a timeout due at the same instant, and
    /// `select!`/`join!` poll their branches in the written order.
    Fifo,
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Random => "random",
            Self::Fifo => "fifo",
        })
    }
}

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
        write!(f, "unknown strategy `{}`; expected one of: `random`, `fifo`", self.input)
    }
}

impl std::error::Error for ParseStrategyError {}

impl FromStr for Strategy {
    type Err = ParseStrategyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "random" => Ok(Self::Random),
            "fifo" => Ok(Self::Fifo),
            _ => Err(ParseStrategyError { input: s.to_owned() }),
        }
    }
}
