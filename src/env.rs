//! The `SIMLOOP_*` environment variables: every name, and the one parser.
//!
//! | variable | form | effect |
//! | --- | --- | --- |
//! | [`SIMLOOP_SEED`] | a decimal `u64`, or hex with `0x` | every [`Sim::new`](crate::Sim::new) in the process runs this seed instead of the one in code: the replay of a printed failure |

use std::fmt;

/// Replays one seed: every [`Sim::new`](crate::Sim::new) of the process uses it instead of
/// the seed written in code.
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
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvError {
    variable: &'static str,
    value: String,
    expected: &'static str,
}

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={} is not a valid {}", self.variable, self.value, self.expected)
    }
}

impl std::error::Error for EnvError {}

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
    let text = value.trim();
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| EnvError {
        variable: SIMLOOP_SEED,
        value: value.to_owned(),
        expected: "seed: expected a decimal u64 such as 42, or hex such as 0x2a",
    })
}

/// The seed that `SIMLOOP_SEED` asks to replay, if it is set.
///
/// # Panics
///
/// Panics with the variable, its value and the expected form when the value is malformed.
#[track_caller]
pub(crate) fn seed_override() -> Option<u64> {
    let value = std::env::var_os(SIMLOOP_SEED)?;
    let text = value.to_string_lossy();
    match parse_seed(&text) {
        Ok(seed) => Some(seed),
        Err(err) => panic!("simloop: {err}; unset it to use the seed in code"),
    }
}
