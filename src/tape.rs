//! [`Tape`]: the decisions of a run, replayable, and their text encoding.

use std::fmt;
use std::str::FromStr;

mod notes;

pub(crate) use notes::{Note, Notes, What};

/// The decisions of one run, in the order they were taken: a **choice tape**.
///
/// Every decision of a simulation (which ready task runs, the order of same-instant timers,
/// a timeout against the completion it races, the branch order of a `select!` or `join!`,
/// whether a [`buggify!`](crate::buggify) site is enabled or fires, whether an injected abort
/// cancels a task) is one entry: the index of the option taken, `0` being the default order.
/// Decisions with a single option are not entries.
///
/// A run records its tape when asked ([`Sim::record_tape`](crate::Sim::record_tape), or
/// [`Sim::trace(true)`](crate::Sim::trace)), and a run can follow a tape instead of its seed
/// ([`Sim::tape`](crate::Sim::tape), [`Sim::replay`](crate::Sim::replay),
/// [`SIMLOOP_SCHEDULE`](crate::env::SIMLOOP_SCHEDULE)). Where the tape runs out, or an entry
/// is out of range for its decision, the default choice `0` is taken: trailing zeros can be
/// dropped, and any sequence of numbers is a valid tape. The seed still drives what the tape
/// does not hold: the user stream ([`random`](crate::random)).
///
/// # Text form
///
/// `Display` and `FromStr` use a compact, versioned encoding: `v1:`, then the entries
/// separated by `.`, each a decimal choice, or `z<n>` for a run of `n` zeros. The tape
/// `[0, 0, 0, 1, 0, 2]` is `v1:z3.1.0.2`; the empty tape is `v1:`.
///
/// # Examples
///
/// ```
/// use simloop::{Sim, Tape};
///
/// let program = || async {
///     let a = simloop::spawn(async { simloop::time::now() });
///     let b = simloop::spawn(async {});
///     b.await.unwrap();
///     a.await.unwrap();
/// };
/// let outcome = Sim::new(3).record_tape(true).try_run(program()).unwrap();
/// let tape = outcome.tape().unwrap().clone();
///
/// // The text form round-trips, and replaying the tape replays the run.
/// let text = tape.to_string();
/// assert!(text.starts_with("v1:"));
/// assert_eq!(text.parse::<Tape>().unwrap(), tape);
/// let replayed = Sim::new(99).tape(tape).try_run(program()).unwrap();
/// assert_eq!(replayed.digest(), outcome.digest());
///
/// assert_eq!(Tape::from_choices([0, 0, 0, 1, 0, 2]).to_string(), "v1:z3.1.0.2");
/// ```
#[derive(Clone, Default)]
pub struct Tape {
    choices: Vec<u64>,
    /// For a recorded tape: what each non-default entry did, put in words when asked.
    notes: Notes,
}

/// `Tape(v1:z3.1)`: the text form, which proptest prints for a failing case.
impl fmt::Debug for Tape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tape({self})")
    }
}

impl PartialEq for Tape {
    /// Two tapes are equal when their choices are: the words of a recorded tape do not count.
    fn eq(&self, other: &Self) -> bool {
        self.choices == other.choices
    }
}

impl Eq for Tape {}

impl Tape {
    /// The empty tape: every decision takes its default, as under
    /// [`Strategy::Fifo`](crate::Strategy::Fifo).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(simloop::Tape::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A tape of these choices.
    ///
    /// # Examples
    ///
    /// ```
    /// let tape = simloop::Tape::from_choices([0, 2, 1]);
    /// assert_eq!(tape.choices(), [0, 2, 1]);
    /// ```
    pub fn from_choices(choices: impl IntoIterator<Item = u64>) -> Self {
        Self { choices: choices.into_iter().collect(), notes: Notes::default() }
    }

    pub(crate) fn recorded(choices: Vec<u64>, notes: Notes) -> Self {
        Self { choices, notes }
    }

    /// The choices, one per decision, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!("v1:z2.3".parse::<simloop::Tape>().unwrap().choices(), [0, 0, 3]);
    /// ```
    pub fn choices(&self) -> &[u64] {
        &self.choices
    }

    /// How many decisions the tape holds.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Tape::from_choices([1, 0]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.choices.len()
    }

    /// Whether the tape holds no decision.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!("v1:".parse::<simloop::Tape>().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.choices.is_empty()
    }

    /// How many decisions differ from the default order (are not `0`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Tape::from_choices([0, 2, 0, 1]).non_default(), 2);
    /// ```
    pub fn non_default(&self) -> usize {
        self.choices.iter().filter(|c| **c != 0).count()
    }

    /// The same tape without its trailing zeros, which replay the same way (a tape that runs
    /// out takes the defaults).
    ///
    /// # Examples
    ///
    /// ```
    /// let tape = simloop::Tape::from_choices([0, 1, 0, 0]);
    /// assert_eq!(tape.trimmed().choices(), [0, 1]);
    /// ```
    pub fn trimmed(&self) -> Self {
        let len = self.choices.iter().rposition(|c| *c != 0).map_or(0, |i| i + 1);
        Self { choices: self.choices[..len].to_vec(), notes: self.notes.truncated(len) }
    }

    /// The decisions that differ from the default order, in words, for a tape recorded by a
    /// run (`step 14 at 0.200s: ran `writer` before `reader``); empty for a tape made from
    /// numbers or text, which carries no context.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Sim, Tape, task::Builder};
    ///
    /// let outcome = Sim::new(1).tape(Tape::from_choices([1])).record_tape(true).try_run(async {
    ///     let a = Builder::new().name("reader").spawn(async {});
    ///     let b = Builder::new().name("writer").spawn(async {});
    ///     simloop::time::sleep(std::time::Duration::from_millis(1)).await;
    ///     a.await.unwrap();
    ///     b.await.unwrap();
    /// }).unwrap();
    /// let words: Vec<&str> = outcome.tape().unwrap().differences().collect();
    /// assert_eq!(words, ["step 2 at 0.000s: ran `writer` before `reader`"]);
    /// ```
    pub fn differences(&self) -> impl Iterator<Item = &str> {
        self.notes.words().iter().map(String::as_str)
    }
}

impl fmt::Display for Tape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v1:")?;
        let mut first = true;
        let mut i = 0;
        while i < self.choices.len() {
            if !first {
                f.write_str(".")?;
            }
            first = false;
            let zeros = self.choices[i..].iter().take_while(|c| **c == 0).count();
            if zeros > 1 {
                write!(f, "z{zeros}")?;
                i += zeros;
            } else {
                write!(f, "{}", self.choices[i])?;
                i += 1;
            }
        }
        Ok(())
    }
}

/// The error of parsing a [`Tape`] from its text form.
///
/// # Examples
///
/// ```
/// let err = "1.2.3".parse::<simloop::Tape>().unwrap_err();
/// assert!(err.to_string().starts_with("`1.2.3` is not a schedule"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTapeError {
    input: String,
}

impl fmt::Display for ParseTapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a schedule: expected `v1:` and choices separated by `.`, each a \
             number or `z<n>` for n zeros, such as `v1:z13.1.z5.2`",
            self.input
        )
    }
}

impl std::error::Error for ParseTapeError {}

/// The most entries a text tape may expand to: a typo must not allocate gigabytes.
const MAX_ENTRIES: usize = 1 << 24;

impl FromStr for Tape {
    type Err = ParseTapeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseTapeError { input: s.to_owned() };
        let body = s.trim().strip_prefix("v1:").ok_or_else(err)?;
        let mut choices = Vec::new();
        if body.is_empty() {
            return Ok(Self::from_choices(choices));
        }
        for token in body.split('.') {
            let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
            match token.strip_prefix('z') {
                Some(n) if digits(n) => {
                    let n: usize = n.parse().map_err(|_| err())?;
                    if n == 0 || choices.len() + n > MAX_ENTRIES {
                        return Err(err());
                    }
                    choices.resize(choices.len() + n, 0);
                }
                None if digits(token) => {
                    choices.push(token.parse().map_err(|_| err())?);
                    if choices.len() > MAX_ENTRIES {
                        return Err(err());
                    }
                }
                _ => return Err(err()),
            }
        }
        Ok(Self::from_choices(choices))
    }
}

#[cfg(test)]
mod tests {
    use super::Tape;

    #[test]
    fn text_round_trips_and_rejects_malformed_input() {
        for choices in [vec![], vec![0], vec![0, 0], vec![5, 0, 0, 0, 7, 0], vec![u64::MAX]] {
            let tape = Tape::from_choices(choices.clone());
            let back: Tape = tape.to_string().parse().unwrap();
            assert_eq!(back.choices(), choices, "{tape}");
        }
        assert_eq!(Tape::from_choices([0, 0]).to_string(), "v1:z2");
        for bad in
            ["", "v2:1", "v1:.", "v1:1..2", "v1:z", "v1:z0", "v1:-1", "v1:1.x", "v1:z99999999999"]
        {
            assert!(bad.parse::<Tape>().is_err(), "{bad:?} parsed");
        }
    }
}
