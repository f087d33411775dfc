//! [`Tape`]: the decisions of a run, replayable, and their text encoding.

use std::fmt;
use std::str::FromStr;

mod notes;

pub(crate) use notes::{Note, Notes, What};

/// The decisions of one run that differ from the default order: a **choice tape**.
///
/// The **default order** is asyncio's, what [`Strategy::Fifo`](crate::Strategy::Fifo) takes:
/// the ready task woken first runs, timers fire in deadline then creation order, a completion
/// beats a timeout due at the same instant, `select!`/`join!` poll their branches in the
/// written order, no `buggify!` site fires and no abort is injected. A tape lists only what a
/// run did otherwise, each entry at the **step** (the poll count) where it happened:
///
/// - **a run**: at step `s`, the scheduler ran task `t` instead of the task woken first;
/// - **a hold**: from step `s`, for `n` steps, task `t` was passed over while another task
///   was ready (a task kept waiting for many steps is one entry, not `n`);
/// - **a choice** of another decision at step `s`: the order of same-instant timers, a
///   timeout race, a branch order, a `buggify!` site, an injected abort, as the index of the
///   option taken (`0` is the default).
///
/// Entries name tasks, not positions in the ready set, and are placed by step, not by how
/// many decisions came before: changing one decision of a tape leaves the meaning of the
/// others, which is what makes a tape shrink well. Where a tape says nothing, or names a task
/// that is not ready, the default is taken: any list of entries is a valid tape, and the empty
/// tape is the default order. The seed still drives what the tape does not decide: the user
/// stream ([`random`](crate::random)).
///
/// A run records its tape when asked ([`Sim::record_tape`](crate::Sim::record_tape); an
/// exploration records the tape of the failing seed's rerun), and a run can follow a tape instead of its seed
/// ([`Sim::tape`](crate::Sim::tape), [`Sim::replay`](crate::Sim::replay),
/// [`SIMLOOP_SCHEDULE`](crate::env::SIMLOOP_SCHEDULE)).
///
/// A tape holds decisions, not the loop that takes them. [`Strategy::Fifo`](crate::Strategy::Fifo)
/// follows asyncio's loop and takes only branch-order and fault decisions: a tape recorded
/// under `Fifo` replays under `Fifo`, and one recorded under another strategy replays under
/// any strategy but `Fifo`.
///
/// # Text form
///
/// `v2:`, then the entries separated by `.`, in step order: `r<task>@<step>` for a run,
/// `h<task>@<step>+<n>` for a hold, and `<kind>@<step>=<choice>` for a choice, the kind a
/// letter (`o` timer order, `d` a timeout's deadline first, `b` a branch order, `g` a
/// `buggify!` site enabled, `f` a `buggify!` fired, `a` an injected abort), followed by its
/// rank among the decisions of that kind at that step when it is not the first (`b2@7=3`).
/// `v2:h1@3+16.r1@19` holds task 1 back from step 3 to step 18, then runs it at step 19.
///
/// # Version 1
///
/// Tapes of simloop 0.1's first form still parse and replay: `v1:`, then one choice per
/// decision with more than one option (the index into the ready set, or into the options),
/// `z<n>` for `n` zeros: `v1:z3.1.0.2`. [`Tape::from_choices`] makes one. A run that follows
/// a `v1` tape records its `v2` form.
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
/// assert!(text.starts_with("v2:"));
/// assert_eq!(text.parse::<Tape>().unwrap(), tape);
/// let replayed = Sim::new(99).tape(tape).try_run(program()).unwrap();
/// assert_eq!(replayed.digest(), outcome.digest());
///
/// // Task 2 (`b`) first, at step 2: one entry.
/// let b_first: Tape = "v2:r2@2".parse().unwrap();
/// assert_eq!(b_first.len(), 1);
/// assert_eq!(Tape::from_choices([0, 0, 0, 1, 0, 2]).to_string(), "v1:z3.1.0.2");
/// ```
#[derive(Clone, Default)]
pub struct Tape {
    form: Form,
    /// For a recorded tape: what each non-default entry did, put in words when asked.
    notes: Notes,
    /// For a run that recorded them: the picks where another ready task could have run.
    branches: Vec<Branch>,
}

#[derive(Clone, Debug)]
enum Form {
    V1(Vec<u64>),
    V2(Vec<Entry>),
}

impl Default for Form {
    fn default() -> Self {
        Self::V2(Vec::new())
    }
}

/// The decisions other than which task runs, as a tape names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ChoiceKind {
    TimerOrder,
    TimeoutRace,
    SelectOrder,
    BuggifyEnable,
    BuggifyFire,
    InjectAbort,
    /// A draw of the simulated network: a message's latency, loss or duplication, a fault
    /// of the plan. Drawn from the network's own stream under every strategy.
    Net,
}

impl ChoiceKind {
    const ALL: [Self; 7] = [
        Self::TimerOrder,
        Self::TimeoutRace,
        Self::SelectOrder,
        Self::BuggifyEnable,
        Self::BuggifyFire,
        Self::InjectAbort,
        Self::Net,
    ];

    fn letter(self) -> char {
        match self {
            Self::TimerOrder => 'o',
            Self::TimeoutRace => 'd',
            Self::SelectOrder => 'b',
            Self::BuggifyEnable => 'g',
            Self::BuggifyFire => 'f',
            Self::InjectAbort => 'a',
            Self::Net => 'n',
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One entry of a version 2 tape.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entry {
    /// Task `task` ran at `step`; `over` is the task the default would have run (recorded
    /// tapes only: not part of the text or of equality).
    Run { step: u64, task: u64, over: Option<u64> },
    /// From `step`, for `steps` steps, `task` is passed over while another task is ready.
    Hold { step: u64, task: u64, steps: u64 },
    /// Option `choice` of the `ordinal`-th decision of `kind` at `step`.
    Choice { step: u64, kind: ChoiceKind, ordinal: u32, choice: u64 },
}

impl Entry {
    /// The order of entries: by step; at one step the holds, the run, then the choices.
    pub(crate) fn key(&self) -> (u64, u8, u32, u64, u64) {
        match *self {
            Self::Hold { step, task, steps } => (step, 0, 0, task, steps),
            Self::Run { step, task, .. } => (step, 1, 0, task, 0),
            Self::Choice { step, kind, ordinal, choice } => {
                (step, 2 + kind as u8, ordinal, choice, 0)
            }
        }
    }

    pub(crate) fn step(&self) -> u64 {
        self.key().0
    }

    /// The size of the entry, for the shrinker: a hold's length, a choice's index.
    pub(crate) fn weight(&self) -> u64 {
        match *self {
            Self::Run { .. } => 1,
            Self::Hold { steps, .. } => steps,
            Self::Choice { choice, .. } => choice,
        }
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Entry {}

/// A pick where more than one task was ready, as a run records it for a bounded exhaustive
/// exploration: the step, the digest of the trace before it, the task the default order ran
/// and the others that could have run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Branch {
    pub(crate) step: u64,
    pub(crate) digest: u64,
    pub(crate) default: u64,
    pub(crate) others: Vec<u64>,
}

/// `Tape(v2:r2@2)`: the text form, which proptest prints for a failing case.
impl fmt::Debug for Tape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tape({self})")
    }
}

impl PartialEq for Tape {
    /// Two tapes are equal when their entries are: the words of a recorded tape do not count.
    fn eq(&self, other: &Self) -> bool {
        match (&self.form, &other.form) {
            (Form::V1(a), Form::V1(b)) => a == b,
            (Form::V2(a), Form::V2(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Tape {}

impl Tape {
    /// The empty tape: every decision takes its default (choice `0`, the default order).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(simloop::Tape::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A version 1 tape of these choices: one per decision with more than one option, each
    /// the index of the option taken (for a pick, into the ready set, which a pick other than
    /// the first reorders); see [Version 1](Self#version-1).
    ///
    /// # Examples
    ///
    /// ```
    /// let tape = simloop::Tape::from_choices([0, 2, 1]);
    /// assert_eq!(tape.choices(), [0, 2, 1]);
    /// assert_eq!(tape.version(), 1);
    /// ```
    pub fn from_choices(choices: impl IntoIterator<Item = u64>) -> Self {
        Self { form: Form::V1(choices.into_iter().collect()), ..Self::default() }
    }

    /// A version 2 tape of these entries, put in step order.
    pub(crate) fn from_entries(mut entries: Vec<Entry>) -> Self {
        entries.sort_by_key(Entry::key);
        entries.dedup();
        Self { form: Form::V2(entries), ..Self::default() }
    }

    pub(crate) fn recorded(entries: Vec<Entry>, notes: Notes) -> Self {
        Self { form: Form::V2(entries), notes, branches: Vec::new() }
    }

    /// The entries of a version 2 tape; `None` for version 1.
    pub(crate) fn entries(&self) -> Option<&[Entry]> {
        match &self.form {
            Form::V2(entries) => Some(entries),
            Form::V1(_) => None,
        }
    }

    /// The same tape without its words and branches: what a run follows.
    pub(crate) fn without_notes(&self) -> Self {
        Self { form: self.form.clone(), notes: Notes::default(), branches: Vec::new() }
    }

    pub(crate) fn set_branches(&mut self, branches: Vec<Branch>) {
        self.branches = branches;
    }

    pub(crate) fn branches(&self) -> &[Branch] {
        &self.branches
    }

    /// The form of the tape: `1` for [`from_choices`](Self::from_choices) and `v1:` text, `2`
    /// for every recorded tape and `v2:` text.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Tape::new().version(), 2);
    /// assert_eq!("v1:1".parse::<simloop::Tape>().unwrap().version(), 1);
    /// ```
    pub fn version(&self) -> u32 {
        match self.form {
            Form::V1(_) => 1,
            Form::V2(_) => 2,
        }
    }

    /// The choices of a version 1 tape, one per decision, in order; empty for version 2.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!("v1:z2.3".parse::<simloop::Tape>().unwrap().choices(), [0, 0, 3]);
    /// ```
    pub fn choices(&self) -> &[u64] {
        match &self.form {
            Form::V1(choices) => choices,
            Form::V2(_) => &[],
        }
    }

    /// How many entries the tape holds: for version 2, the decisions that differ from the
    /// default order; for version 1, the decisions.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!("v2:r2@4.h1@6+10".parse::<simloop::Tape>().unwrap().len(), 2);
    /// assert_eq!(simloop::Tape::from_choices([1, 0]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        match &self.form {
            Form::V1(choices) => choices.len(),
            Form::V2(entries) => entries.len(),
        }
    }

    /// Whether the tape holds no entry.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!("v2:".parse::<simloop::Tape>().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many decisions differ from the default order: every entry of a version 2 tape,
    /// the choices other than `0` of a version 1 tape.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Tape::from_choices([0, 2, 0, 1]).non_default(), 2);
    /// assert_eq!("v2:r3@5".parse::<simloop::Tape>().unwrap().non_default(), 1);
    /// ```
    pub fn non_default(&self) -> usize {
        match &self.form {
            Form::V1(choices) => choices.iter().filter(|c| **c != 0).count(),
            Form::V2(entries) => entries.len(),
        }
    }

    /// The same tape without what replays the same way anyway: the trailing zeros of a
    /// version 1 tape (a tape that runs out takes the defaults); a version 2 tape as it is.
    ///
    /// # Examples
    ///
    /// ```
    /// let tape = simloop::Tape::from_choices([0, 1, 0, 0]);
    /// assert_eq!(tape.trimmed().choices(), [0, 1]);
    /// ```
    pub fn trimmed(&self) -> Self {
        match &self.form {
            Form::V1(choices) => {
                let len = choices.iter().rposition(|c| *c != 0).map_or(0, |i| i + 1);
                Self {
                    form: Form::V1(choices[..len].to_vec()),
                    notes: self.notes.truncated(len),
                    branches: Vec::new(),
                }
            }
            Form::V2(_) => self.clone(),
        }
    }

    /// The decisions that differ from the default order, in words, for a tape recorded by a
    /// run (`step 14 at 0.200s: ran `writer` before `reader``); empty for a tape made from
    /// text, which carries no context.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Sim, Tape, task::Builder};
    ///
    /// let tape: Tape = "v2:r2@2".parse().unwrap();
    /// let outcome = Sim::new(1).tape(tape).record_tape(true).try_run(async {
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
        self.notes.words(self.entries().unwrap_or_default()).iter().map(|(_, words)| words.as_str())
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Run { step, task, .. } => write!(f, "r{task}@{step}"),
            Self::Hold { step, task, steps } => write!(f, "h{task}@{step}+{steps}"),
            Self::Choice { step, kind, ordinal, choice } => {
                write!(f, "{}", kind.letter())?;
                if ordinal > 0 {
                    write!(f, "{ordinal}")?;
                }
                write!(f, "@{step}={choice}")
            }
        }
    }
}

impl fmt::Display for Tape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.form {
            Form::V2(entries) => {
                f.write_str("v2:")?;
                for (i, entry) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    write!(f, "{entry}")?;
                }
                Ok(())
            }
            Form::V1(choices) => {
                f.write_str("v1:")?;
                let mut first = true;
                let mut i = 0;
                while i < choices.len() {
                    if !first {
                        f.write_str(".")?;
                    }
                    first = false;
                    let zeros = choices[i..].iter().take_while(|c| **c == 0).count();
                    if zeros > 1 {
                        write!(f, "z{zeros}")?;
                        i += zeros;
                    } else {
                        write!(f, "{}", choices[i])?;
                        i += 1;
                    }
                }
                Ok(())
            }
        }
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
            "`{}` is not a schedule: expected `v2:` and entries separated by `.`, each \
             `r<task>@<step>`, `h<task>@<step>+<steps>` or `<kind>@<step>=<choice>` (kind \
             `o`, `d`, `b`, `g`, `f` or `a`), such as `v2:h1@3+16.r1@19`; or a version 1 \
             tape, `v1:` and choices separated by `.`, such as `v1:z13.1.z5.2`",
            self.input
        )
    }
}

impl std::error::Error for ParseTapeError {}

/// The most entries a text tape may expand to: a typo must not allocate gigabytes.
const MAX_ENTRIES: usize = 1 << 24;

fn number<T: FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// One entry of the version 2 text form.
fn entry(token: &str) -> Option<Entry> {
    let mut chars = token.chars();
    let letter = chars.next()?;
    let rest = chars.as_str();
    let (head, tail) = rest.split_once('@')?;
    match letter {
        'r' => Some(Entry::Run { step: number(tail)?, task: number(head)?, over: None }),
        'h' => {
            let (step, steps) = tail.split_once('+')?;
            let steps = number(steps).filter(|n| *n > 0)?;
            Some(Entry::Hold { step: number(step)?, task: number(head)?, steps })
        }
        _ => {
            let kind = ChoiceKind::ALL.into_iter().find(|k| k.letter() == letter)?;
            let ordinal = if head.is_empty() { 0 } else { number(head)? };
            let (step, choice) = tail.split_once('=')?;
            Some(Entry::Choice { step: number(step)?, kind, ordinal, choice: number(choice)? })
        }
    }
}

impl FromStr for Tape {
    type Err = ParseTapeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseTapeError { input: s.to_owned() };
        let text = s.trim();
        if let Some(body) = text.strip_prefix("v2:") {
            if body.is_empty() {
                return Ok(Self::new());
            }
            let mut entries = Vec::new();
            for token in body.split('.') {
                entries.push(entry(token).ok_or_else(err)?);
                if entries.len() > MAX_ENTRIES {
                    return Err(err());
                }
            }
            return Ok(Self::from_entries(entries));
        }
        let body = text.strip_prefix("v1:").ok_or_else(err)?;
        let mut choices = Vec::new();
        if body.is_empty() {
            return Ok(Self::from_choices(choices));
        }
        for token in body.split('.') {
            match token.strip_prefix('z') {
                Some(n) => {
                    let n: usize = number(n).ok_or_else(err)?;
                    if n == 0 || choices.len() + n > MAX_ENTRIES {
                        return Err(err());
                    }
                    choices.resize(choices.len() + n, 0);
                }
                None => {
                    choices.push(number(token).ok_or_else(err)?);
                    if choices.len() > MAX_ENTRIES {
                        return Err(err());
                    }
                }
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
        for text in ["v2:", "v2:r1@2", "v2:h1@3+16.r1@19", "v2:o@4=1.b2@7=3", "v2:a@9=1"] {
            let tape: Tape = text.parse().unwrap();
            assert_eq!(tape.to_string(), text);
        }
        // Entries are put in step order.
        assert_eq!("v2:r1@9.r2@3".parse::<Tape>().unwrap().to_string(), "v2:r2@3.r1@9");
        for bad in [
            "",
            "v3:1",
            "v1:.",
            "v1:1..2",
            "v1:z",
            "v1:z0",
            "v1:-1",
            "v1:1.x",
            "v1:z99999999999",
            "v2:r1",
            "v2:r@2",
            "v2:h1@2",
            "v2:h1@2+0",
            "v2:x@1=1",
            "v2:o@1",
            "v2:r1@2.",
        ] {
            assert!(bad.parse::<Tape>().is_err(), "{bad:?} parsed");
        }
    }
}
