//! Bounded exhaustive exploration (`Strategy::Dfs`): every schedule with at most `k`
//! preemptions, each once, depth first.
//!
//! A **preemption** is a pick other than the default order's: a run entry of a version 2
//! tape. The exploration is a tree of tapes. The root is the empty tape (the default order);
//! a run records its **branches**, the picks where another task was ready, and each branch
//! after the node's last entry gives one child per other ready task: the node's tape plus
//! "run that task at that step". A node with `k` entries has no children. A child's run is
//! its parent's up to the new entry, so every schedule is reached once, by one tape.
//!
//! A branch whose trace digest was already seen at the same step is not expanded again: the
//! run up to there is the same one, so are the schedules below it.
//!
//! The tree is walked depth first, the earliest branch first, in one thread: the order, the
//! counts and the first failure are a pure function of the test.

use std::collections::BTreeSet;
use std::future::Future;
use std::time::Instant;

use super::seeds::{Run, Source};
use super::workers::{Found, Job, Tally, wall_clock};
use crate::tape::Entry;
use crate::{Failure, Strategy, Tape};

/// What a bounded exhaustive exploration gave.
pub(super) struct Dfs {
    pub(super) tally: Tally,
    pub(super) found: Option<Found>,
    /// Whether every schedule within the bound ran.
    pub(super) exhausted: bool,
}

struct Node {
    entries: Vec<Entry>,
    /// Branches at this step or later give children.
    from: u64,
    /// Preemptions left.
    left: u32,
}

/// Runs the schedules of `job` (strategy `Dfs { preemptions }`) with `seed` for the user
/// stream, until one fails, all ran, `cap` schedules ran or `deadline` passed.
pub(super) fn explore<F, Fut>(
    job: &Job<'_, F>,
    seed: u64,
    preemptions: u32,
    cap: Option<u64>,
    deadline: Option<Instant>,
) -> Dfs
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let strategy = Strategy::Dfs { preemptions };
    search(job, seed, strategy, preemptions, Budget { cap, deadline }, &|_| Some(0), &|_| true)
}

/// When a search stops: after `cap` runs, or once `deadline` has passed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Budget {
    pub(super) cap: Option<u64>,
    pub(super) deadline: Option<Instant>,
}

/// The depth-first search behind [`explore`], also used by shrinking: the alternatives of a
/// branch are tried in the order of `rank` (lowest first, then wake order; `None` skips the
/// task), and a failure that `accept` rejects counts as a passing leaf.
pub(super) fn search<F, Fut>(
    job: &Job<'_, F>,
    seed: u64,
    strategy: Strategy,
    preemptions: u32,
    budget: Budget,
    rank: &dyn Fn(u64) -> Option<u64>,
    accept: &dyn Fn(&Failure) -> bool,
) -> Dfs
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let Budget { cap, deadline } = budget;
    let mut stack = vec![Node { entries: Vec::new(), from: 0, left: preemptions }];
    let mut seen = BTreeSet::new();
    let mut tally = Tally::default();
    while let Some(node) = stack.pop() {
        let out_of_budget = cap.is_some_and(|cap| tally.runs >= cap)
            || (tally.runs > 0 && deadline.is_some_and(|d| wall_clock() >= d));
        if out_of_budget {
            return Dfs { tally, found: None, exhausted: false };
        }
        let tape = Tape::from_entries(node.entries.clone());
        let sim = job.sim(seed, strategy).tape(tape).record_branches();
        let position = tally.runs;
        tally.runs += 1;
        let recorded = match job.run_sim(sim) {
            Ok(outcome) => {
                tally.distinct.insert(outcome.digest());
                tally.virtual_time += outcome.elapsed();
                outcome.tape().cloned().unwrap_or_default()
            }
            Err(failure) if !accept(&failure) => {
                tally.failures += 1;
                continue;
            }
            Err(failure) => {
                tally.failures += 1;
                let run = Run { seed, source: Source::Iteration(position) };
                let found = Found { position, run, failure, strategy };
                return Dfs { tally, found: Some(found), exhausted: false };
            }
        };
        if node.left == 0 {
            continue;
        }
        let mut children = Vec::new();
        for branch in recorded.branches().iter().filter(|b| b.step >= node.from) {
            if !seen.insert((branch.step, branch.digest)) {
                continue;
            }
            let mut others: Vec<(u64, u64)> =
                branch.others.iter().filter_map(|&t| Some((rank(t)?, t))).collect();
            others.sort_by_key(|&(rank, _)| rank);
            for (_, task) in others {
                let mut entries = node.entries.clone();
                entries.push(Entry::Run { step: branch.step, task, over: Some(branch.default) });
                children.push(Node { entries, from: branch.step + 1, left: node.left - 1 });
            }
        }
        // The stack pops the earliest branch first.
        stack.extend(children.into_iter().rev());
    }
    Dfs { tally, found: None, exhausted: true }
}
