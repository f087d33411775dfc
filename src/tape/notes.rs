//! What the non-default decisions of a recorded tape did, and how the tape says it in words.
//!
//! A run notes each non-default decision as it takes it ([`What`]); the words are written
//! only when someone asks for them ([`Tape::differences`](crate::Tape::differences)), so
//! recording a tape costs a push per decision, not a formatted sentence.

use std::panic::Location;
use std::sync::OnceLock;

use super::Entry;
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace;

/// What a non-default decision did, with the context to say it in words.
#[derive(Debug, Clone)]
pub(crate) enum What {
    /// The scheduler ran `chosen` when the default order would have run `over`.
    Ran { chosen: TaskId, over: TaskId },
    /// `task` was passed over for `steps` steps while other tasks were ready.
    Held { task: TaskId, steps: u64 },
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

/// One noted decision: when, and what it did.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub(crate) step: u64,
    pub(crate) time: Instant,
    pub(crate) what: What,
}

/// The notes of a recorded tape, by entry index, with the names of the run's named tasks (by
/// id), put in words when first asked.
///
/// The most frequent note, a pick other than the default ([`What::Ran`]), is kept as the
/// index of its run entry and the time of the pick: the entry names both tasks.
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes {
    notes: Vec<(usize, Note)>,
    runs: Vec<(usize, Instant)>,
    names: Vec<(TaskId, Box<str>)>,
    words: OnceLock<Vec<(usize, String)>>,
}

impl Notes {
    /// `notes` and `runs` by entry index, `names` sorted by task id.
    pub(crate) fn new(
        notes: Vec<(usize, Note)>,
        runs: Vec<(usize, Instant)>,
        names: Vec<(TaskId, Box<str>)>,
    ) -> Self {
        debug_assert!(names.windows(2).all(|w| w[0].0 < w[1].0), "names sorted by id");
        Self { notes, runs, names, words: OnceLock::new() }
    }

    /// The notes of the first `len` entries.
    pub(crate) fn truncated(&self, len: usize) -> Self {
        let notes = self.notes.iter().filter(|(i, _)| *i < len).cloned().collect();
        let runs = self.runs.iter().filter(|(i, _)| *i < len).copied().collect();
        Self::new(notes, runs, self.names.clone())
    }

    /// Each noted entry's index and what it did, in words; `entries` are the tape's.
    pub(crate) fn words(&self, entries: &[Entry]) -> &[(usize, String)] {
        self.words.get_or_init(|| {
            let ran = self.runs.iter().filter_map(|&(i, time)| match entries.get(i)? {
                &Entry::Run { step, task, over: Some(over) } => {
                    let (chosen, over) = (TaskId::new(task), TaskId::new(over));
                    Some((i, Note { step, time, what: What::Ran { chosen, over } }))
                }
                _ => None,
            });
            let mut all: Vec<(usize, Note)> = self.notes.iter().cloned().chain(ran).collect();
            all.sort_by_key(|(i, _)| *i);
            all.iter().map(|(i, note)| (*i, words(note, &self.names))).collect()
        })
    }
}

/// A task as the words of a tape name it: `` `writer` `` when named, `task 3` otherwise.
fn name(names: &[(TaskId, Box<str>)], task: TaskId) -> String {
    match trace::name_in(names, task) {
        Some(name) => format!("`{name}`"),
        None => task.to_string(),
    }
}

fn words(note: &Note, names: &[(TaskId, Box<str>)]) -> String {
    let name = |task| name(names, task);
    let Note { step, time, .. } = note;
    match &note.what {
        What::Ran { chosen, over } => {
            format!("step {step} at {time}: ran {} before {}", name(*chosen), name(*over))
        }
        What::Held { task, steps } => format!(
            "step {step} at {time}: held {} back for {steps} step{} while other tasks were ready",
            name(*task),
            if *steps == 1 { "" } else { "s" }
        ),
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
