//! Fault injection: [`buggify!`](crate::buggify) and injected aborts.
//!
//! Both draw from the `faults` stream, so a run that injects nothing draws nothing from it
//! and its schedule is the one it always had. Both are decisions (entries of the tape, with
//! `0` = no fault), so shrinking turns off the faults a failure does not need.

use std::panic::Location;

use crate::rng::Decision;
use crate::runtime::context;
use crate::runtime::core::Core;
use crate::search::log::What;
use crate::task::TaskId;
use crate::trace::{self, EventKind};

/// Whether the `buggify!` at `site` fires now: `false` outside a simulation.
pub(crate) fn buggify(site: &'static Location<'static>) -> bool {
    context::with_current(|core| core.buggify(site)).unwrap_or(false)
}

impl Core {
    /// A `buggify!` site reached: enabled for the run with probability 1/4 the first time,
    /// then firing with probability 1/4 each time when enabled.
    fn buggify(&mut self, site: &'static Location<'static>) -> bool {
        let key = (site.file(), site.line(), site.column());
        let task = self.current.unwrap_or(TaskId::MAIN);
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
            self.record_for(task, EventKind::Buggified { site: trace::site(site) });
        }
        fire
    }

    /// With `Sim::inject_aborts`, decides whether the task just picked is cancelled instead
    /// of polled; marks it aborted when it is.
    pub(crate) fn inject_abort(&mut self, id: TaskId) {
        if id.is_main() || !self.rng.injects_aborts() {
            return;
        }
        let slot = self.tasks.get(id);
        if slot.abort || slot.cell.is_none() {
            return;
        }
        if self.rng.decide(Decision::InjectAbort, 2) == 1 {
            self.tasks.get(id).abort = true;
            self.note(self.steps, What::AbortInjected { task: id });
            self.record_for(id, EventKind::AbortInjected);
        }
    }
}

/// `true` at rare, seeded moments inside a simulation: a hook to inject faults where code
/// can take an unusual path (FoundationDB's `BUGGIFY`).
///
/// ```
/// # async fn send(_: &str) -> Result<(), &'static str> { Ok(()) }
/// # simloop::Sim::new(1).run(async {
/// # let _sent: Result<(), &str> = async {
/// if simloop::buggify!() {
///     return Err("connection reset"); // the rare path, exercised on purpose
/// }
/// send("ping").await
/// # }.await;
/// # });
/// ```
///
/// Outside a simulation it is always `false`, so the hook can stay in production code.
/// Inside one, each call site (file, line and column) is **enabled** for the run with
/// probability 1/4 the first time it is reached; an enabled site then **fires** 1/4 of the
/// times it is reached. So most runs see a site never fire, and some see it fire often,
/// which reaches both rare single faults and fault storms.
///
/// # Determinism
///
/// Both draws come from the simulation's `faults` stream, which nothing else uses: a run
/// without `buggify!` is the run it always was, and adding a site does not change the
/// schedule of the rest. They are decisions like any other: entries of the tape (`0` = not
/// enabled, did not fire), so a shrunk tape keeps only the faults the failure needs, and the
/// trace shows each firing as `buggify! fired at <site>`.
///
/// # Examples
///
/// ```
/// use simloop::Sim;
///
/// assert!(!simloop::buggify!()); // outside a simulation
///
/// // Under some seeds the site fires, under others not; each seed always does the same.
/// let fired = |seed| Sim::with_exact_seed(seed).run(async {
///     (0..8).filter(|_| simloop::buggify!()).count()
/// });
/// let counts: Vec<usize> = (0..64).map(fired).collect();
/// assert!(counts.iter().any(|n| *n == 0) && counts.iter().any(|n| *n > 0));
/// assert_eq!(counts, (0..64).map(fired).collect::<Vec<_>>());
/// ```
#[macro_export]
macro_rules! buggify {
    () => {
        $crate::__private::buggify()
    };
}
