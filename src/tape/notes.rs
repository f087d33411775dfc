//! What the non-default decisions of a recorded tape did, and how the tape says it in words.
//!
//! A run notes each non-default decision as it takes it ([`What`]); the words are written only
//! when someone asks for them ([`Tape::differences`](crate::Tape::differences)), so recording
//! a tape costs a push per decision, not a formatted sentence.

use std::panic::Location;
use std::sync::OnceLock;

use crate::task::TaskId;
use crate::time::Instant;
use crate::trace;

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
}

/// One noted decision: its index in the tape, and when and what.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub(crate) index: usize,
    pub(crate) step: u64,
    pub(crate) time: Instant,
    pub(crate) what: What,
}

/// The notes of a recorded tape, with the names of the run's named tasks (by id), put in
/// words when first asked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes {
    notes: Vec<Note>,
    names: Vec<(TaskId, Box<str>)>,
    words: OnceLock<Vec<String>>,
}

impl Notes {
    /// `names` is sorted by task id.
    pub(crate) fn new(notes: Vec<Note>, names: Vec<(TaskId, Box<str>)>) -> Self {
        debug_assert!(names.windows(2).all(|w| w[0].0 < w[1].0), "names sorted by id");
        Self { notes, names, words: OnceLock::new() }
    }

    /// The notes of the first `len` entries.
    pub(crate) fn truncated(&self, len: usize) -> Self {
        let notes = self.notes.iter().filter(|n| n.index < len).cloned().collect();
        Self::new(notes, self.names.clone())
    }

    /// Each note in words, in tape order.
    pub(crate) fn words(&self) -> &[String] {
        self.words.get_or_init(|| self.notes.iter().map(|n| self.say(n)).collect())
    }

    /// A task as the words of a tape name it: `` `writer` `` when named, `task 3` otherwise.
    fn name(&self, task: TaskId) -> String {
        match self.names.binary_search_by_key(&task, |(id, _)| *id) {
            Ok(i) => format!("`{}`", self.names[i].1),
            Err(_) => task.to_string(),
        }
    }

    fn say(&self, note: &Note) -> String {
        let name = |task| self.name(task);
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
        }
    }
}
