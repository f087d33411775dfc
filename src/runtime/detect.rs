//! The detectors at work: findings of the classic async mistakes, kept per their policy.
//!
//! The detectors and policies themselves are public types (`detector.rs`); this file is
//! where the engine notices each mistake and what a finding does to the run.

use super::core::Core;
use crate::Failure;
use crate::detector::{Detector, Policy};
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::{EventKind, describe_task, site};

/// The findings of a run so far.
#[derive(Debug, Default)]
pub(super) struct Findings {
    /// The first finding under `Policy::Fail`: it ends the run.
    pub(super) fatal: Option<Failure>,
    pub(super) warnings: Vec<Failure>,
}

impl Findings {
    fn add(&mut self, policy: Policy, failure: Failure) {
        match policy {
            Policy::Fail => {
                self.fatal.get_or_insert(failure);
            }
            Policy::Warn => {
                eprintln!("simloop: warning: the run goes on (policy `warn`)\n{failure}");
                self.warnings.push(failure);
            }
            Policy::Allow => {}
        }
    }
}

impl Core {
    /// Reports a poll that held the loop longer than the slow-poll limit.
    #[inline(always)]
    pub(super) fn check_slow_poll(&mut self, id: TaskId) {
        // The clock moves during a poll only with `cpu_work`.
        if self.clock != self.poll_started {
            self.check_held(id);
        }
    }

    #[cold]
    fn check_held(&mut self, id: TaskId) {
        let held = self.clock.duration_since(self.poll_started);
        if held <= self.config.slow_poll {
            return;
        }
        let (from, site) = (self.poll_started, site(self.tasks.site(id)));
        let label = describe_task(id, self.tasks.name_ref(id));
        let verb = if id.is_main() { "started" } else { "spawned" };
        let limit = Instant::from_start(self.config.slow_poll);
        let held = Instant::from_start(held);
        self.detected(
            Detector::SlowPoll,
            id,
            format!(
                "{label} ({verb} at {site}) held the loop for {held} of virtual time in one \
                 poll (from {from} to {now}), over the slow-poll limit of {limit}; no other task ran meanwhile. Move \
                 CPU-bound work to `simloop::spawn_blocking`, or raise the limit with \
                 `Sim::slow_poll`",
                now = self.clock,
            ),
        );
    }

    /// The main future returned: reports the tasks still pending, daemons aside.
    pub(super) fn check_leaks(&mut self) {
        if self.live == 0 {
            return;
        }
        let leaked = self.tasks.held().filter(|(_, task)| task.sched().is_leak()).count();
        if leaked == 0 {
            return;
        }
        let (count, verb) = if leaked == 1 {
            ("1 task".to_owned(), "was")
        } else {
            (format!("{leaked} tasks"), "were")
        };
        self.detected(
            Detector::LeakedTasks,
            TaskId::MAIN,
            format!(
                "{count} {verb} still pending when the main future returned, and {verb} \
                 cancelled (asyncio: \"Task was destroyed but it is pending!\"). Await or abort \
                 them before returning, or spawn background work with \
                 `task::Builder::new().daemon(true)`"
            ),
        );
    }

    /// A task's panic will never be seen: its handle was dropped without awaiting it.
    pub(super) fn unobserved_panic(&mut self, id: TaskId, error: &str) {
        let site = site(self.tasks.site(id));
        self.detected(
            Detector::UnobservedPanic,
            id,
            format!(
                "{error} (spawned at {site}), and its `JoinHandle` was dropped without awaiting it, so nobody sees \
                 the panic (asyncio: \"Task exception was never retrieved\"). Await the \
                 handle and handle its `JoinError`, or keep the handle until the task is done"
            ),
        );
    }

    fn detected(&mut self, detector: Detector, task: TaskId, message: String) {
        let kind = detector.failure_kind();
        self.record(task, EventKind::Finding { kind });
        let policy = self.config.policies.get(detector);
        if policy != Policy::Allow {
            let failure = self.failure(kind, message);
            self.findings.add(policy, failure);
        }
    }

    /// Takes the first fatal finding and the warnings, at the end of the run.
    pub(super) fn take_findings(&mut self) -> (Option<Failure>, Vec<Failure>) {
        (self.findings.fatal.take(), std::mem::take(&mut self.findings.warnings))
    }
}
