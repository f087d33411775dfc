//! Shrinking a failing tape: the smallest tape that still fails the same way.
//!
//! The shrinker only edits tapes and asks an oracle whether a candidate still fails the
//! same way; the oracle runs the candidate (`shrinking.rs`) and answers with the tape that
//! run actually took: a candidate is a suggestion, the run's own tape is what is kept.
//! Tapes are version 2 (see [`Tape`]): entries placed by step that name tasks, so removing
//! one leaves the meaning of the others. Candidates, cheapest wins first:
//!
//! 1. **truncate**: the shortest prefix of the entries that still fails (a binary search);
//! 2. **hold**: the runs that passed over one task, replaced by one hold of that task, from
//!    the first to the last of them (a task kept waiting for twenty steps is one entry);
//! 3. **focus**: only the runs of one task (a task that must get ahead a few times), then
//!    all runs but those of one task;
//! 4. **remove** spans of entries, halving the span from half the tape down to one entry,
//!    from the last entries to the first: one preemption at a time at the end;
//! 5. **lower** each hold's length (a binary search) and each choice (halve, then minus one).
//!
//! The passes repeat until a round improves nothing or the budget is spent. A tape is better
//! when it has fewer entries, then when their weight (hold lengths, choices) is smaller,
//! then when its last entry is earlier: a total order, so the result is a pure function of
//! the original tape, the oracle and the run budget.

use std::collections::BTreeMap;

use crate::Tape;
use crate::tape::Entry;

/// The outcome of shrinking.
#[derive(Debug)]
pub(crate) struct Shrunk {
    /// The best tape found.
    pub(crate) tape: Tape,
    /// How many candidates were run.
    pub(crate) runs: u64,
    /// Whether the budget ran out before a round improved nothing.
    pub(crate) exhausted: bool,
}

/// What makes a tape better: fewer entries, then a smaller weight, then an earlier end.
fn key(tape: &Tape) -> (usize, u64, u64) {
    let entries = tape.entries().unwrap_or_default();
    let weight = entries.iter().map(Entry::weight).fold(0u64, u64::saturating_add);
    (entries.len(), weight, entries.last().map_or(0, Entry::step))
}

struct Shrinker<'a> {
    best: Tape,
    runs: u64,
    max_runs: u64,
    out_of_time: &'a dyn Fn() -> bool,
    oracle: &'a mut dyn FnMut(&Tape) -> Option<Tape>,
    spent: bool,
}

impl Shrinker<'_> {
    fn entries(&self) -> Vec<Entry> {
        self.best.entries().unwrap_or_default().to_vec()
    }

    /// Runs `candidate`; keeps what it ran when it fails the same way with a better tape.
    /// Returns whether the best tape improved.
    fn try_entries(&mut self, candidate: Vec<Entry>) -> bool {
        if self.spent {
            return false;
        }
        let candidate = Tape::from_entries(candidate);
        if key(&candidate) >= key(&self.best) {
            return false;
        }
        if self.runs >= self.max_runs || (self.out_of_time)() {
            self.spent = true;
            return false;
        }
        self.runs += 1;
        match (self.oracle)(&candidate) {
            Some(ran) if key(&ran) < key(&self.best) => {
                self.best = ran;
                true
            }
            _ => false,
        }
    }

    /// A binary search for the shortest failing prefix. Each success shortens the best tape
    /// to at most the prefix, so the search narrows.
    fn truncate(&mut self) {
        let mut lo = 0;
        while lo < self.best.len() && !self.spent {
            let mid = lo + (self.best.len() - lo) / 2;
            let prefix = self.entries()[..mid].to_vec();
            if !self.try_entries(prefix) {
                lo = mid + 1;
            }
        }
    }

    /// Replaces the runs that passed over one task by a hold of it, from the first of them to
    /// the last: each cluster of runs over the same task, largest first.
    fn hold(&mut self) {
        let entries = self.entries();
        let mut by_task: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for (i, entry) in entries.iter().enumerate() {
            if let Entry::Run { over: Some(over), .. } = entry {
                by_task.entry(*over).or_default().push(i);
            }
        }
        let mut groups: Vec<(u64, Vec<usize>)> = Vec::new();
        for (task, indexes) in by_task {
            // Runs on consecutive steps, then runs at most four steps apart (the task may
            // have run in between: a hold there changes the run), then all of them.
            for gap in [1, 4] {
                let mut cluster: Vec<usize> = Vec::new();
                for &i in &indexes {
                    if cluster.last().is_some_and(|&j| entries[i].step() > entries[j].step() + gap)
                    {
                        groups.push((task, std::mem::take(&mut cluster)));
                    }
                    cluster.push(i);
                }
                groups.push((task, cluster));
            }
            groups.push((task, indexes));
        }
        groups.retain(|(_, g)| g.len() >= 2);
        groups.sort_by_key(|(_, g)| std::cmp::Reverse(g.len()));
        groups.dedup();
        for (task, group) in groups {
            if self.spent {
                return;
            }
            // The best tape may have changed: rebuild the group from its steps.
            let steps: Vec<u64> = group.iter().map(|&i| entries[i].step()).collect();
            let current = self.entries();
            let is_member = |e: &Entry| {
                matches!(e, Entry::Run { over: Some(o), .. } if *o == task)
                    && steps.contains(&e.step())
            };
            if current.iter().filter(|e| is_member(e)).count() < 2 {
                continue;
            }
            let (first, last) = (steps[0], *steps.last().expect("a group"));
            let hold = Entry::Hold { step: first, task, steps: last - first + 1 };
            let mut candidate: Vec<Entry> =
                current.iter().filter(|e| !is_member(e)).copied().collect();
            candidate.push(hold);
            if self.try_entries(candidate) {
                continue;
            }
            // The hold, and the runs of the task run most often while it holds.
            let mut named: BTreeMap<u64, usize> = BTreeMap::new();
            for entry in current.iter().filter(|e| is_member(e)) {
                if let Entry::Run { task, .. } = entry {
                    *named.entry(*task).or_default() += 1;
                }
            }
            let Some((&busiest, _)) =
                named.iter().max_by_key(|&(t, n)| (*n, std::cmp::Reverse(*t)))
            else {
                continue;
            };
            let keep = |e: &Entry| matches!(e, Entry::Run { task, .. } if *task == busiest);
            let mut candidate: Vec<Entry> =
                current.iter().filter(|e| !is_member(e) || keep(e)).copied().collect();
            candidate.push(hold);
            self.try_entries(candidate);
        }
    }

    /// Keeps, of the runs, only those that run one task (for each task, the one run most
    /// often first), then only those that do not: a failure that needs one task to get
    /// ahead a few times, found among many unrelated runs.
    fn focus(&mut self) {
        let entries = self.entries();
        let mut counts: BTreeMap<u64, usize> = BTreeMap::new();
        for entry in &entries {
            if let Entry::Run { task, .. } = entry {
                *counts.entry(*task).or_default() += 1;
            }
        }
        let mut tasks: Vec<(usize, u64)> = counts.into_iter().map(|(t, n)| (n, t)).collect();
        tasks.sort_by_key(|&(n, t)| (std::cmp::Reverse(n), t));
        for keep in [true, false] {
            for &(_, task) in &tasks {
                let candidate = self
                    .entries()
                    .into_iter()
                    .filter(|e| match e {
                        Entry::Run { task: t, .. } => (*t == task) == keep,
                        _ => true,
                    })
                    .collect();
                self.try_entries(candidate);
            }
        }
    }

    /// Removes spans of entries, from half the tape down to one entry, last spans first.
    fn remove(&mut self) {
        let mut size = (self.best.len() / 2).max(1).next_power_of_two();
        loop {
            let mut end = self.best.len();
            while end >= size && !self.spent {
                let mut candidate = self.entries();
                candidate.drain(end - size..end);
                if self.try_entries(candidate) {
                    end = end.min(self.best.len());
                } else {
                    end -= size.min(end);
                }
            }
            if size == 1 || self.spent {
                return;
            }
            size /= 2;
        }
    }

    /// Lowers each hold's length (the shortest that still fails) and each choice.
    fn lower(&mut self) {
        let mut i = 0;
        while i < self.best.len() && !self.spent {
            let entry = self.entries()[i];
            match entry {
                Entry::Hold { step, task, steps } => {
                    let (mut lo, mut hi) = (1, steps);
                    while lo < hi && !self.spent {
                        let mid = lo + (hi - lo) / 2;
                        let mut candidate = self.entries();
                        let Some(slot) = candidate.get_mut(i) else { break };
                        *slot = Entry::Hold { step, task, steps: mid };
                        if self.try_entries(candidate) {
                            hi = mid;
                        } else {
                            lo = mid + 1;
                        }
                    }
                }
                Entry::Choice { step, kind, ordinal, choice } => {
                    for lower in [choice / 2, choice.saturating_sub(1)] {
                        if lower == 0 || lower >= choice {
                            continue;
                        }
                        let mut candidate = self.entries();
                        if let Some(slot) = candidate.get_mut(i) {
                            *slot = Entry::Choice { step, kind, ordinal, choice: lower };
                        }
                        if self.try_entries(candidate) {
                            break;
                        }
                    }
                }
                Entry::Run { .. } => {}
            }
            i += 1;
        }
    }
}

/// Shrinks `original`, a (version 2) tape that fails, with at most `max_runs` runs of
/// `oracle` and until `out_of_time` says so. `oracle(candidate)` runs the candidate and
/// returns the tape the run took when it failed the same way, `None` otherwise. A version 1
/// tape is returned as it is.
pub(crate) fn shrink(
    original: &Tape,
    max_runs: u64,
    out_of_time: &dyn Fn() -> bool,
    oracle: &mut dyn FnMut(&Tape) -> Option<Tape>,
) -> Shrunk {
    let mut shrinker =
        Shrinker { best: original.clone(), runs: 0, max_runs, out_of_time, oracle, spent: false };
    if original.entries().is_none() {
        return Shrunk { tape: shrinker.best, runs: 0, exhausted: false };
    }
    loop {
        let before = key(&shrinker.best);
        shrinker.truncate();
        shrinker.hold();
        shrinker.focus();
        shrinker.remove();
        shrinker.lower();
        if shrinker.spent || key(&shrinker.best) >= before {
            break;
        }
    }
    Shrunk { tape: shrinker.best, runs: shrinker.runs, exhausted: shrinker.spent }
}

#[cfg(test)]
mod tests {
    use super::{Tape, shrink};
    use crate::tape::Entry;

    fn run(step: u64, task: u64, over: u64) -> Entry {
        Entry::Run { step, task, over: Some(over) }
    }

    /// An oracle that fails when task 2 runs at step 5 and task 1 is kept from running
    /// from step 10 to step 19 (by runs over it, or a hold of it), and "runs" the candidate
    /// as is.
    fn needs_a_run_and_a_hold(tape: &Tape) -> Option<Tape> {
        let entries = tape.entries()?;
        let ran = entries.iter().any(|e| matches!(e, Entry::Run { step: 5, task: 2, .. }));
        let kept = (10..20).all(|s| {
            entries.iter().any(|e| match *e {
                Entry::Run { step, over: Some(1), .. } => step == s,
                Entry::Hold { step, task: 1, steps } => step <= s && s < step + steps,
                _ => false,
            })
        });
        (ran && kept).then(|| tape.clone())
    }

    #[test]
    fn shrinks_runs_over_one_task_to_a_hold_and_drops_the_rest() {
        let mut entries: Vec<Entry> = (1..40).map(|s| run(s, 3, 1)).collect();
        entries[4] = run(5, 2, 1);
        let original = Tape::from_entries(entries);
        let shrunk = shrink(&original, 1_000, &|| false, &mut needs_a_run_and_a_hold);
        assert_eq!(shrunk.tape.to_string(), "v2:r2@5.h1@10+10");
        assert!(!shrunk.exhausted);
        let again = shrink(&original, 1_000, &|| false, &mut needs_a_run_and_a_hold);
        assert_eq!((again.tape, again.runs), (shrunk.tape, shrunk.runs));
    }

    #[test]
    fn stops_when_the_budget_is_spent_and_keeps_the_best_so_far() {
        let entries: Vec<Entry> = (1..200).map(|s| run(s, 2, 1)).collect();
        let original = Tape::from_entries(entries);
        let shrunk = shrink(&original, 5, &|| false, &mut needs_a_run_and_a_hold);
        assert_eq!(shrunk.runs, 5);
        assert!(shrunk.exhausted);
        let none = shrink(&original, 1_000, &|| true, &mut needs_a_run_and_a_hold);
        assert_eq!((none.runs, none.tape), (0, original));
    }
}
