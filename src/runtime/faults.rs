//! Fault injection: the draws behind [`buggify!`](crate::buggify) and injected aborts.
//!
//! Both draw from the `faults` stream, so a run that injects nothing draws nothing from it
//! and its schedule is the one it always had. Both are decisions (entries of the tape, with
//! `0` = no fault), so shrinking turns off the faults a failure does not need.

use std::panic::Location;

use super::core::Core;
use super::rng::Decision;
use super::tape_log::What;
use crate::task::TaskId;
use crate::trace::{EventKind, site as site_text};

impl Core {
    /// A `buggify!` site reached: enabled for the run with probability 1/4 the first time,
    /// then firing with probability 1/4 each time when enabled.
    pub(super) fn buggify(&mut self, site: &'static Location<'static>) -> bool {
        let key = (site.file(), site.line(), site.column());
        let task = self.acting_task();
        let enabled = match self.buggify_sites.get(&key) {
            Some(enabled) => *enabled,
            None => {
                let enabled = self.rng.decide(Decision::BuggifyEnable, 2) == 1;
                if enabled {
                    self.note(self.steps, What::BuggifyEnabled { task, site });
                }
                self.buggify_sites.insert(key, enabled);
                enabled
            }
        };
        if !enabled {
            return false;
        }
        let fire = self.rng.decide(Decision::BuggifyFire, 2) == 1;
        if fire {
            self.note(self.steps, What::Buggified { task, site });
            self.record(task, EventKind::Buggified { site: site_text(site) });
        }
        fire
    }

    /// With `Sim::inject_aborts`, decides whether the task just picked is cancelled instead
    /// of polled; marks it aborted when it is.
    pub(super) fn inject_abort(&mut self, id: TaskId) {
        if id.is_main() || !self.rng.injects_aborts() {
            return;
        }
        let Some(task) = self.tasks.task(id) else { return };
        if task.sched().is_aborted() {
            return;
        }
        if self.rng.decide(Decision::InjectAbort, 2) == 1 {
            if let Some(task) = self.tasks.task(id) {
                task.sched().set_aborted();
            }
            self.note(self.steps, What::AbortInjected { task: id });
            self.record(id, EventKind::AbortInjected);
        }
    }
}
