//! The tape of a running simulation: the choices it replays, and the ones it records.
//!
//! `Rngs::decide` (`rng.rs`) asks the log first: when a tape is replayed, its next
//! entry is the choice (or `0` past its end or out of range); otherwise the strategy draws.
//! Either way the choice taken is appended when recording. The core then attaches, to a
//! non-default choice, what it did ([`Note`]), so that a recorded tape can say it in words.

use std::panic::Location;

use crate::Tape;
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::{self, TaskLabel, name_of};

/// What a non-default decision did, with the context to say it in words.
#[derive(Debug, Clone)]
pub(crate) enum What {
    /// The scheduler ran `chosen` when `over` was first in the ready set; `moved`, last in
    /// the ready set, took `chosen`'s place there (the pick is a swap-remove).
    Ran { chosen: TaskId, over: TaskId, moved: Option<TaskId> },
    /// A timer of `first` fired before one of `over`, due at the same instant.
    TimerFirst { first: TaskId, over: TaskId },
    /// A timeout of `task` at its deadline: the deadline went before the inner future.
    DeadlineFirst { task: TaskId },
    /// `task` polled the branches of a `select!` or `join!` in this order (0-based).
    BranchOrder { task: TaskId, order: Vec<usize> },
    /// A `buggify!` site, reached for the first time in the run, was enabled.
    BuggifyEnabled { task: TaskId, site: &'static Location<'static> },
    /// An enabled `buggify!` site fired.
    Buggified { task: TaskId, site: &'static Location<'static> },
    /// `task` was cancelled instead of polled: an injected abort.
    AbortInjected { task: TaskId },
    /// A decision of the simulated network, already in words (`runtime/net/`).
    Net { text: String },
}

#[derive(Debug, Clone)]
struct Note {
    index: usize,
    step: u64,
    time: Instant,
    what: What,
}

/// The replayed tape, if any, and the recording, if on.
#[derive(Debug, Default)]
pub(crate) struct TapeLog {
    replay: Option<Replay>,
    record: Option<(Vec<u64>, Vec<Note>)>,
}

/// A tape being replayed: its entries, the next one, and the entries that did not fit.
#[derive(Debug)]
struct Replay {
    choices: Vec<u64>,
    next: usize,
    /// Entries out of range for their decision (taken as `0`): `(index, entry, options)`.
    out_of_range: Vec<(usize, u64, usize)>,
}

impl TapeLog {
    pub(crate) fn new(replay: Option<&Tape>, record: bool) -> Self {
        Self {
            replay: replay.map(|tape| Replay {
                choices: tape.choices().to_vec(),
                next: 0,
                out_of_range: Vec::new(),
            }),
            record: record.then(|| (Vec::new(), Vec::new())),
        }
    }

    /// The replayed choice of the next decision among `n` options, when replaying.
    #[inline]
    pub(crate) fn replayed(&mut self, n: usize) -> Option<usize> {
        let replay = self.replay.as_mut()?;
        let choice = replay.choices.get(replay.next).copied().unwrap_or(0);
        let fits = usize::try_from(choice).ok().filter(|c| *c < n);
        if fits.is_none() {
            replay.out_of_range.push((replay.next, choice, n));
        }
        replay.next += 1;
        Some(fits.unwrap_or(0))
    }

    /// How the replayed tape did not fit the run, when it did not: entries out of range for
    /// their decision, or entries the run never reached. (A run that asks for more decisions
    /// than the tape holds is the norm: a tape's trailing defaults are dropped.)
    pub(crate) fn misfit(&self) -> Option<String> {
        let replay = self.replay.as_ref()?;
        let mut problems = Vec::new();
        if let Some(&(index, entry, options)) = replay.out_of_range.first() {
            let count = replay.out_of_range.len();
            let more = if count > 1 { format!(" (and {} more)", count - 1) } else { String::new() };
            problems.push(format!(
                "entry {} is {entry} but its decision had {options} options{more}; such entries \
                 take the default choice 0",
                index + 1
            ));
        }
        let left = replay.choices.len().saturating_sub(replay.next);
        if left > 0 {
            problems.push(format!(
                "the run ended after {} decisions, leaving {left} of the tape's {} entries unused",
                replay.next,
                replay.choices.len()
            ));
        }
        (!problems.is_empty()).then(|| {
            format!(
                "the replayed tape does not fit the program: {}. The program may have changed \
                 since the tape was recorded: record it again",
                problems.join("; ")
            )
        })
    }

    pub(crate) fn is_replaying(&self) -> bool {
        self.replay.is_some()
    }

    #[inline]
    pub(crate) fn record(&mut self, choice: usize) {
        if let Some((choices, _)) = &mut self.record {
            choices.push(choice as u64);
        }
    }

    pub(crate) fn is_recording(&self) -> bool {
        self.record.is_some()
    }

    /// Attaches `what` to the last recorded choice.
    pub(crate) fn note(&mut self, step: u64, time: Instant, what: What) {
        if let Some((choices, notes)) = &mut self.record {
            if let Some(index) = choices.len().checked_sub(1) {
                notes.push(Note { index, step, time, what });
            }
        }
    }

    /// The recorded tape, with its notes in words; `None` when not recording.
    pub(crate) fn take(&mut self, labels: &[TaskLabel]) -> Option<Tape> {
        let (choices, notes) = self.record.take()?;
        let words = notes.into_iter().map(|n| (n.index, words(&n, labels))).collect();
        Some(Tape::recorded(choices, words))
    }
}

/// A task as the words of a tape name it: `` `writer` `` when named, `task 3` otherwise.
fn name(labels: &[TaskLabel], task: TaskId) -> String {
    match name_of(labels, task) {
        Some(name) => format!("`{name}`"),
        None => task.to_string(),
    }
}

fn words(note: &Note, labels: &[TaskLabel]) -> String {
    let name = |task| name(labels, task);
    let Note { step, time, .. } = note;
    match &note.what {
        What::Ran { chosen, over, moved } => {
            let ran =
                format!("step {step} at {time}: ran {} before {}", name(*chosen), name(*over));
            match moved {
                Some(moved) => {
                    format!(
                        "{ran}; {}, last in the ready queue, moves up to its place",
                        name(*moved)
                    )
                }
                None => ran,
            }
        }
        What::TimerFirst { first, over } => format!(
            "after step {step} at {time}: fired the timer of {} before the timer of {}",
            name(*first),
            name(*over)
        ),
        What::DeadlineFirst { task } => format!(
            "step {step} at {time}: a timeout in {} reached its deadline before its inner \
             future could complete",
            name(*task)
        ),
        What::BranchOrder { task, order } => {
            let order: Vec<String> = order.iter().map(|b| (b + 1).to_string()).collect();
            format!(
                "step {step} at {time}: {} polled its `select!`/`join!` branches in the order {}",
                name(*task),
                order.join(", ")
            )
        }
        What::BuggifyEnabled { task, site } => format!(
            "step {step} at {time}: enabled the `buggify!` at {} (reached by {})",
            trace::site(site),
            name(*task)
        ),
        What::Buggified { task, site } => format!(
            "step {step} at {time}: the `buggify!` at {} fired in {}",
            trace::site(site),
            name(*task)
        ),
        What::AbortInjected { task } => {
            format!("step {step} at {time}: cancelled {} (an injected abort)", name(*task))
        }
        What::Net { text } => format!("step {step} at {time}: {text}"),
    }
}
