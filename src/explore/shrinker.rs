//! Shrinking a failing tape: the shortest tape that still fails the same way.
//!
//! The shrinker only edits tapes and asks an oracle whether a candidate still fails the
//! same way; the oracle runs the candidate (`shrinking.rs`) and answers
//! with the tape that run actually took, trailing defaults dropped: a candidate is a
//! suggestion, the run's own tape is what is kept. Candidates, cheapest wins first:
//!
//! 1. **truncate**: the shortest prefix that still fails (a binary search): everything after
//!    it takes the default order;
//! 2. **delete** spans of 8, 4, 2 and 1 entries, which also shifts the later decisions;
//! 3. **zero** spans of 8, 4, 2 and 1 entries: back to the default order there;
//! 4. **lower** each remaining entry: halve it, then subtract one.
//!
//! The passes repeat until a round improves nothing or the budget is spent. A tape is better
//! when it is shorter, then when fewer of its decisions differ from the default, then when
//! their sum is smaller: a total order, so the result is a pure function of the original
//! tape, the oracle and the run budget.

use crate::Tape;

/// The outcome of shrinking.
#[derive(Debug)]
pub(crate) struct Shrunk {
    /// The best tape found, trimmed.
    pub(crate) tape: Tape,
    /// How many candidates were run.
    pub(crate) runs: u64,
    /// Whether the budget ran out before a round improved nothing.
    pub(crate) exhausted: bool,
}

/// What makes a tape better: shorter, then fewer non-default decisions, then smaller ones.
fn key(tape: &Tape) -> (usize, usize, u128) {
    let sum = tape.choices().iter().map(|c| u128::from(*c)).sum();
    (tape.len(), tape.non_default(), sum)
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
    /// Runs `candidate`; keeps what it ran when it fails the same way with a better tape.
    /// Returns whether the best tape improved.
    fn try_tape(&mut self, candidate: Vec<u64>) -> bool {
        if self.runs >= self.max_runs || (self.out_of_time)() {
            self.spent = true;
            return false;
        }
        let candidate = Tape::from_choices(candidate).trimmed();
        if key(&candidate) >= key(&self.best) {
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
    /// to at most the prefix (the run takes defaults past it), so the search narrows.
    fn truncate(&mut self) {
        let mut lo = 0;
        while lo < self.best.len() && !self.spent {
            let mid = lo + (self.best.len() - lo) / 2;
            if !self.try_tape(self.best.choices()[..mid].to_vec()) {
                lo = mid + 1;
            }
        }
    }

    fn delete_spans(&mut self) {
        for size in [8, 4, 2, 1] {
            let mut i = 0;
            while i + size <= self.best.len() && !self.spent {
                let mut candidate = self.best.choices().to_vec();
                candidate.drain(i..i + size);
                if !self.try_tape(candidate) {
                    i += 1;
                }
            }
        }
    }

    fn zero_spans(&mut self) {
        for size in [8, 4, 2, 1] {
            let mut i = 0;
            while i + size <= self.best.len() && !self.spent {
                let span = &self.best.choices()[i..i + size];
                if span.iter().any(|c| *c != 0) {
                    let mut candidate = self.best.choices().to_vec();
                    candidate[i..i + size].fill(0);
                    if self.try_tape(candidate) {
                        continue;
                    }
                }
                i += 1;
            }
        }
    }

    fn lower(&mut self) {
        let mut i = 0;
        while i < self.best.len() && !self.spent {
            let value = self.best.choices()[i];
            for lower in [value / 2, value.saturating_sub(1)] {
                if lower < value && i < self.best.len() {
                    let mut candidate = self.best.choices().to_vec();
                    candidate[i] = lower;
                    if self.try_tape(candidate) {
                        break;
                    }
                }
            }
            i += 1;
        }
    }
}

/// Shrinks `original`, a tape that fails, with at most `max_runs` runs of `oracle` and until
/// `out_of_time` says so. `oracle(candidate)` runs the candidate and returns the tape the run
/// took (trimmed) when it failed the same way, `None` otherwise.
pub(crate) fn shrink(
    original: &Tape,
    max_runs: u64,
    out_of_time: &dyn Fn() -> bool,
    oracle: &mut dyn FnMut(&Tape) -> Option<Tape>,
) -> Shrunk {
    let mut shrinker =
        Shrinker { best: original.trimmed(), runs: 0, max_runs, out_of_time, oracle, spent: false };
    loop {
        let before = key(&shrinker.best);
        shrinker.truncate();
        shrinker.delete_spans();
        shrinker.zero_spans();
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

    /// An oracle that fails when the tape holds a 3 somewhere after a 2 (each at any
    /// position), and "runs" the candidate as is.
    fn needs_2_then_3(tape: &Tape) -> Option<Tape> {
        let c = tape.choices();
        let two = c.iter().position(|x| *x == 2)?;
        c[two..].contains(&3).then(|| tape.trimmed())
    }

    #[test]
    fn shrinks_to_the_two_decisions_that_matter() {
        let original = Tape::from_choices([1, 4, 2, 0, 5, 1, 1, 7, 3, 9, 2, 1]);
        let shrunk = shrink(&original, 1_000, &|| false, &mut needs_2_then_3);
        assert_eq!(shrunk.tape.choices(), [2, 3]);
        assert!(!shrunk.exhausted);
        // A pure function of its inputs.
        let again = shrink(&original, 1_000, &|| false, &mut needs_2_then_3);
        assert_eq!((again.tape, again.runs), (shrunk.tape, shrunk.runs));
    }

    #[test]
    fn stops_when_the_budget_is_spent_and_keeps_the_best_so_far() {
        let original = Tape::from_choices((0..200).map(|i| i % 5));
        let shrunk = shrink(&original, 5, &|| false, &mut needs_2_then_3);
        assert_eq!(shrunk.runs, 5);
        assert!(shrunk.exhausted);
        assert!(needs_2_then_3(&shrunk.tape).is_some());
        assert!(shrunk.tape.len() < original.len());
        let none = shrink(&original, 1_000, &|| true, &mut needs_2_then_3);
        assert_eq!((none.runs, none.tape), (0, original.trimmed()));
    }
}
