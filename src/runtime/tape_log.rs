//! The tape of a running simulation: the choices it replays, and the ones it records.
//!
//! `Rngs::decide` (`rng.rs`) asks the log first: when a tape is replayed, its next
//! entry is the choice (or `0` past its end or out of range); otherwise the strategy draws.
//! Either way the choice taken is appended when recording. The core then attaches, to a
//! non-default choice, what it did ([`Note`]), so that a recorded tape can say it in words.

use crate::Tape;
use crate::tape::{Note, Notes, What};
use crate::task::TaskId;
use crate::time::Instant;

/// The replayed tape, if any, and the recording, if on.
#[derive(Debug, Default)]
pub(crate) struct TapeLog {
    replay: Option<(Vec<u64>, usize)>,
    record: Option<(Vec<u64>, Vec<Note>)>,
}

impl TapeLog {
    pub(crate) fn new(replay: Option<&Tape>, record: bool) -> Self {
        Self {
            replay: replay.map(|tape| (tape.choices().to_vec(), 0)),
            record: record.then(|| (Vec::new(), Vec::new())),
        }
    }

    /// The replayed choice of the next decision among `n` options, when replaying.
    #[inline]
    pub(crate) fn replayed(&mut self, n: usize) -> Option<usize> {
        let (choices, next) = self.replay.as_mut()?;
        let choice = choices.get(*next).copied().unwrap_or(0);
        *next += 1;
        Some(usize::try_from(choice).ok().filter(|c| *c < n).unwrap_or(0))
    }

    #[inline]
    pub(crate) fn is_replaying(&self) -> bool {
        self.replay.is_some()
    }

    #[inline]
    pub(crate) fn record(&mut self, choice: usize) {
        if let Some((choices, _)) = &mut self.record {
            choices.push(choice as u64);
        }
    }

    #[inline]
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

    /// The recorded tape, with its notes and the names of the run's named tasks (sorted by
    /// id) to say them in words; `None` when not recording.
    pub(crate) fn take(&mut self, names: Vec<(TaskId, Box<str>)>) -> Option<Tape> {
        let (choices, notes) = self.record.take()?;
        Some(Tape::recorded(choices, Notes::new(notes, names)))
    }
}
