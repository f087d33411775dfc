//! Confirming a failure found while exploring: two reruns with full trace recording.
//!
//! Exploration runs keep only the digest. The failing seed is run again with every event
//! recorded, for the report, and once more to check that the seed alone decides the run: the
//! three runs must fail the same way with the same digest. If they do not, the report says
//! the test is nondeterministic and names the first event where the two reruns diverge.

use std::future::Future;

use super::workers::Job;
use crate::trace::{Event, Trace};
use crate::{Failure, FailureKind, Outcome, Strategy};

/// Whether the failing seed replays the same run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Determinism {
    /// The exploration run and both reruns failed the same way, with this digest.
    Same { digest: u64 },
    /// They differ: what differs, in one sentence.
    Differs(String),
}

/// A failure, confirmed: the report's failure (from a traced rerun when it failed) and the
/// determinism check.
pub(super) struct Confirmed {
    pub(super) failure: Failure,
    pub(super) determinism: Determinism,
}

type RunResult = Result<Outcome<()>, Failure>;

pub(super) fn confirm<F, Fut>(
    job: &Job<'_, F>,
    seed: u64,
    strategy: Strategy,
    explored: Failure,
) -> Confirmed
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let first = job.run(seed, strategy, true);
    let second = job.run(seed, strategy, true);
    if explored.kind() == FailureKind::Nondeterminism {
        return unsettled(explored, &first, &second);
    }
    let determinism = check(&explored, &first, &second);
    let failure = match (first, second) {
        (Err(failure), _) | (Ok(_), Err(failure)) => failure,
        (Ok(_), Ok(_)) => explored,
    };
    Confirmed { failure, determinism }
}

/// What a run amounts to for the comparison: how it ended and its digest.
/// A seed whose passing run and its rerun took different schedules, with two more reruns
/// recorded: the first event where runs of the seed part.
fn unsettled(mut explored: Failure, first: &RunResult, second: &RunResult) -> Confirmed {
    let (a, b) = (fingerprint(first), fingerprint(second));
    let what = if a == b {
        format!(
            "{}; two more reruns with trace recording agreed (digest {:#018x}), so the \
             difference comes and goes",
            explored.message(),
            a.1
        )
    } else {
        format!(
            "{}; rerun twice with trace recording, {}",
            explored.message(),
            divergence(trace(first), trace(second))
        )
    };
    explored.set_trace(trace(first).clone());
    Confirmed { failure: explored, determinism: Determinism::Differs(what) }
}

fn fingerprint(result: &RunResult) -> (String, u64) {
    match result {
        Ok(outcome) => ("passed".to_owned(), outcome.digest()),
        Err(failure) => failed(failure),
    }
}

fn failed(failure: &Failure) -> (String, u64) {
    (format!("{}: {}", failure.kind(), failure.message()), failure.digest())
}

fn trace(result: &RunResult) -> &Trace {
    match result {
        Ok(outcome) => outcome.trace(),
        Err(failure) => failure.trace(),
    }
}

fn check(explored: &Failure, first: &RunResult, second: &RunResult) -> Determinism {
    let explored = failed(explored);
    let (a, b) = (fingerprint(first), fingerprint(second));
    if a != b {
        let verb = |r: &RunResult| if r.is_ok() { "passed" } else { "failed" };
        return Determinism::Differs(format!(
            "the two reruns with trace recording differ (the first {} with digest {:#018x}, \
             the second {} with digest {:#018x}); {}",
            verb(first),
            a.1,
            verb(second),
            b.1,
            divergence(trace(first), trace(second))
        ));
    }
    if a != explored {
        let rerun = if first.is_ok() { "passed" } else { "failed differently" };
        return Determinism::Differs(format!(
            "the seed failed while exploring (digest {:#018x}), but both reruns with trace \
             recording {rerun} (digest {:#018x})",
            explored.1, a.1
        ));
    }
    Determinism::Same { digest: a.1 }
}

/// The first event where two runs of one seed diverge, in words.
fn divergence(a: &Trace, b: &Trace) -> String {
    let Some(diff) = a.diff(b) else {
        return format!("their {} events are the same", a.events().len());
    };
    let nth = diff.index() + 1;
    match (diff.left(), diff.right()) {
        (Some(x), Some(y)) => format!(
            "they diverge at event {nth}: `{}` in the first, `{}` in the second",
            show(x),
            show(y)
        ),
        (Some(x), None) => format!(
            "they diverge at event {nth}: `{}` in the first; the second ended after {} events",
            show(x),
            diff.index()
        ),
        (None, Some(y)) => format!(
            "they diverge at event {nth}: the first ended after {} events; `{}` in the second",
            diff.index(),
            show(y)
        ),
        (None, None) => unreachable!("a diff has at least one diverging event"),
    }
}

fn show(event: &Event) -> String {
    format!("{} {} {}", event.time(), event.task(), event.kind())
}
