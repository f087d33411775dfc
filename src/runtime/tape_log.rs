//! The tape of a running simulation: the entries it replays, and the ones it records.
//!
//! A replayed tape answers the decisions before the strategy draws (`rng.rs`). A version 2
//! tape answers by step: the run, the holds and the choices it lists at the step of the
//! decision, the default otherwise; a version 1 tape answers in order, one choice per
//! decision (`0` past its end or out of range), as it was recorded. Either way, when the run
//! records its tape, every decision that differs from the default order is appended as a
//! version 2 entry, whoever took it, with what it did ([`What`]) so that the tape can say it
//! in words.
//!
//! A choice is placed by its step (the last pick's), its kind and its rank among the
//! decisions of that kind since that pick: `TapeLog::begin_step` starts the count.

use std::cell::Cell;
use std::collections::BTreeMap;

use crate::Tape;
pub(crate) use crate::tape::What;
use crate::tape::{Branch, ChoiceKind, Entry, Note, Notes};
use crate::task::TaskId;
use crate::time::Instant;

#[derive(Debug)]
enum Replay {
    Off,
    V1 {
        choices: Vec<u64>,
        next: usize,
        /// Entries out of range for their decision (taken as `0`): `(index, entry, options)`.
        out_of_range: Vec<(usize, u64, usize)>,
    },
    V2 {
        runs: BTreeMap<u64, TaskId>,
        holds: BTreeMap<u64, Vec<(TaskId, u64)>>,
        choices: BTreeMap<(u64, ChoiceKind, u32), u64>,
    },
}

/// How a run's picks are decided: by a version 1 tape, a version 2 tape, or the strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    V1,
    V2,
    Strategy,
}

thread_local! {
    /// The lengths the last recording on this thread reached (entries, notes, runs): the
    /// next starts with room for as many, so that its lists do not grow by copying (a run is
    /// most often one of many alike). Capacity only: nothing recorded depends on it.
    static LAST_LENGTHS: Cell<[usize; 3]> = const { Cell::new([0; 3]) };
}

#[derive(Debug, Default)]
struct Recording {
    entries: Vec<Entry>,
    /// The notes, by the index of their entry (increasing): a run notes most of its entries,
    /// but kept apart, the entries move into the tape as they are, without a copy.
    notes: Vec<(usize, Note)>,
    /// The run entries that were not the default pick, by index, with the time of the pick:
    /// notes of their own, kept small (the entry names the tasks).
    runs: Vec<(usize, Instant)>,
    branches: Option<Vec<Branch>>,
}

/// The replayed tape, if any, and the recording, if on.
#[derive(Debug)]
pub(crate) struct TapeLog {
    replay: Replay,
    record: Option<Recording>,
    /// The step of the last pick, and the decisions of each kind taken since.
    step: u64,
    ranks: [u32; 7],
}

impl Default for TapeLog {
    fn default() -> Self {
        Self::new(None, false, false)
    }
}

impl TapeLog {
    pub(crate) fn new(replay: Option<&Tape>, record: bool, branches: bool) -> Self {
        let replay = match replay {
            None => Replay::Off,
            Some(tape) => match tape.entries() {
                None => Replay::V1 {
                    choices: tape.choices().to_vec(),
                    next: 0,
                    out_of_range: Vec::new(),
                },
                Some(entries) => {
                    let (mut runs, mut holds, mut choices) =
                        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
                    for entry in entries {
                        match *entry {
                            Entry::Run { step, task, .. } => {
                                runs.entry(step).or_insert(TaskId::new(task));
                            }
                            Entry::Hold { step, task, steps } => holds
                                .entry(step)
                                .or_insert_with(Vec::new)
                                .push((TaskId::new(task), steps)),
                            Entry::Choice { step, kind, ordinal, choice } => {
                                choices.insert((step, kind, ordinal), choice);
                            }
                        }
                    }
                    Replay::V2 { runs, holds, choices }
                }
            },
        };
        let record = (record || branches).then(|| {
            let [entries, notes, runs] = LAST_LENGTHS.get();
            Recording {
                entries: Vec::with_capacity(entries),
                notes: Vec::with_capacity(notes),
                runs: Vec::with_capacity(runs),
                branches: branches.then(Vec::new),
            }
        });
        Self { replay, record, step: 0, ranks: [0; 7] }
    }

    pub(crate) fn mode(&self) -> Mode {
        match self.replay {
            Replay::Off => Mode::Strategy,
            Replay::V1 { .. } => Mode::V1,
            Replay::V2 { .. } => Mode::V2,
        }
    }

    /// A pick starts step `step`: the choices from here on are placed at it.
    #[inline]
    pub(crate) fn begin_step(&mut self, step: u64) {
        self.step = step;
        self.ranks = [0; 7];
    }

    /// The next choice of a version 1 tape, for a decision among `n >= 2` options.
    pub(crate) fn next_v1(&mut self, n: usize) -> usize {
        let Replay::V1 { choices, next, out_of_range } = &mut self.replay else { return 0 };
        let choice = choices.get(*next).copied().unwrap_or(0);
        let fits = usize::try_from(choice).ok().filter(|c| *c < n);
        if fits.is_none() {
            out_of_range.push((*next, choice, n));
        }
        *next += 1;
        fits.unwrap_or(0)
    }

    /// How the replayed tape did not fit the run, when it did not: for a version 1 tape,
    /// entries out of range for their decision, or entries the run never reached; for a
    /// version 2 tape, entries placed after the run's last step. (A run that asks for more
    /// decisions than a tape holds is the norm: a tape leaves out the default choices.)
    pub(crate) fn misfit(&self) -> Option<String> {
        let mut problems = Vec::new();
        match &self.replay {
            Replay::Off => return None,
            Replay::V1 { choices, next, out_of_range } => {
                if let Some(&(index, entry, options)) = out_of_range.first() {
                    let count = out_of_range.len();
                    let more = if count > 1 {
                        format!(" (and {} more)", count - 1)
                    } else {
                        String::new()
                    };
                    problems.push(format!(
                        "entry {} is {entry} but its decision had {options} options{more}; such \
                         entries take the default choice 0",
                        index + 1
                    ));
                }
                let left = choices.len().saturating_sub(*next);
                if left > 0 {
                    problems.push(format!(
                        "the run ended after {next} decisions, leaving {left} of the tape's {} \
                         entries unused",
                        choices.len()
                    ));
                }
            }
            Replay::V2 { runs, holds, choices } => {
                let after = |step: u64| step > self.step;
                let unused = runs.keys().filter(|s| after(**s)).count()
                    + holds.keys().filter(|s| after(**s)).count()
                    + choices.keys().filter(|(s, ..)| after(*s)).count();
                if unused > 0 {
                    problems.push(format!(
                        "the run ended at step {}, before {unused} of the tape's entries",
                        self.step
                    ));
                }
            }
        }
        (!problems.is_empty()).then(|| {
            format!(
                "the replayed tape does not fit the program: {}. The program may have changed \
                 since the tape was recorded: record it again",
                problems.join("; ")
            )
        })
    }

    /// The rank of a decision of `kind` (among `n >= 2` options) at this step, and the
    /// replayed choice when a tape is replayed.
    #[inline]
    pub(crate) fn choice(&mut self, kind: ChoiceKind, n: usize) -> (u32, Option<usize>) {
        let rank = self.ranks[kind.index()];
        self.ranks[kind.index()] += 1;
        let replayed = match &self.replay {
            Replay::Off => None,
            Replay::V1 { .. } => Some(self.next_v1(n)),
            Replay::V2 { choices, .. } => {
                let choice = choices.get(&(self.step, kind, rank)).copied().unwrap_or(0);
                Some(usize::try_from(choice).ok().filter(|c| *c < n).unwrap_or(0))
            }
        };
        (rank, replayed)
    }

    /// The task a version 2 tape runs at `step`, if it names one.
    pub(crate) fn run_at(&self, step: u64) -> Option<TaskId> {
        match &self.replay {
            Replay::V2 { runs, .. } => runs.get(&step).copied(),
            _ => None,
        }
    }

    /// The holds a version 2 tape starts at `step`.
    pub(crate) fn holds_at(&self, step: u64) -> &[(TaskId, u64)] {
        match &self.replay {
            Replay::V2 { holds, .. } => holds.get(&step).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    pub(crate) fn is_recording(&self) -> bool {
        self.record.is_some()
    }

    fn push(&mut self, entry: Entry) {
        if let Some(record) = &mut self.record {
            record.entries.push(entry);
        }
    }

    /// Records a choice other than `0` of the decision of `kind` and `rank` at this step.
    #[inline]
    pub(crate) fn record_choice(&mut self, kind: ChoiceKind, rank: u32, choice: usize) {
        if choice != 0 && self.record.is_some() {
            let step = self.step;
            self.push(Entry::Choice { step, kind, ordinal: rank, choice: choice as u64 });
        }
    }

    /// Records that `task` ran at `step`, at `time`, where the default would have run `over`.
    pub(crate) fn record_run(&mut self, step: u64, task: TaskId, over: TaskId, time: Instant) {
        if let Some(record) = &mut self.record {
            record.entries.push(Entry::Run {
                step,
                task: task.as_u64(),
                over: Some(over.as_u64()),
            });
            record.runs.push((record.entries.len() - 1, time));
        }
    }

    pub(crate) fn record_hold(&mut self, step: u64, task: TaskId, steps: u64) {
        self.push(Entry::Hold { step, task: task.as_u64(), steps });
    }

    pub(crate) fn records_branches(&self) -> bool {
        self.record.as_ref().is_some_and(|r| r.branches.is_some())
    }

    pub(crate) fn record_branch(&mut self, branch: Branch) {
        if let Some(branches) = self.record.as_mut().and_then(|r| r.branches.as_mut()) {
            branches.push(branch);
        }
    }

    /// Attaches `what` to the last recorded entry.
    pub(crate) fn note(&mut self, step: u64, time: Instant, what: What) {
        let Some(record) = self.record.as_mut() else { return };
        let Some(last) = record.entries.len().checked_sub(1) else { return };
        let note = Note { step, time, what };
        // A note replaces the one the entry had: the run's, or another.
        if record.runs.last().is_some_and(|(i, _)| *i == last) {
            record.runs.pop();
        }
        match record.notes.last_mut() {
            Some((i, old)) if *i == last => *old = note,
            _ => record.notes.push((last, note)),
        }
    }

    /// The recorded tape, in step order, with its notes and the names of the run's named
    /// tasks (sorted by id) to say them in words; `None` when not recording.
    pub(crate) fn take(&mut self, names: Vec<(TaskId, Box<str>)>) -> Option<Tape> {
        let Recording { mut entries, mut notes, mut runs, branches } = self.record.take()?;
        LAST_LENGTHS.set([entries.len(), notes.len(), runs.len()]);
        entries.shrink_to_fit();
        notes.shrink_to_fit();
        runs.shrink_to_fit();
        // Recorded in step order but for the holds, put at their start when they end.
        if !entries.is_sorted_by_key(Entry::key) {
            let mut order: Vec<usize> = (0..entries.len()).collect();
            order.sort_by_key(|&i| entries[i].key());
            let mut place = vec![0; order.len()];
            for (to, &from) in order.iter().enumerate() {
                place[from] = to;
            }
            entries = order.iter().map(|&i| entries[i]).collect();
            for (i, _) in &mut notes {
                *i = place[*i];
            }
            for (i, _) in &mut runs {
                *i = place[*i];
            }
            notes.sort_by_key(|(i, _)| *i);
            runs.sort_by_key(|(i, _)| *i);
        }
        let mut tape = Tape::recorded(entries, Notes::new(notes, runs, names));
        tape.set_branches(branches.unwrap_or_default());
        Some(tape)
    }
}
