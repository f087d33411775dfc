//! Instrumented futures and helpers shared by the tests.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use simloop::time::{self, Instant};

/// Records the virtual instant at which it is dropped.
pub(crate) struct DropProbe(Rc<Cell<Option<Instant>>>);

impl DropProbe {
    /// A probe and the cell that will hold the instant of its drop.
    pub(crate) fn new() -> (Self, Rc<Cell<Option<Instant>>>) {
        let cell = Rc::new(Cell::new(None));
        (Self(cell.clone()), cell)
    }
}

impl Drop for DropProbe {
    fn drop(&mut self) {
        self.0.set(Some(time::now()));
    }
}

/// A shared, ordered log of what the tasks of a program did.
#[derive(Clone, Default)]
pub(crate) struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    pub(crate) fn push(&self, entry: impl Into<String>) {
        self.0.borrow_mut().push(entry.into());
    }

    pub(crate) fn entries(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
}

/// The instant `ms` milliseconds after the start, as `Instant`.
pub(crate) fn at_ms(ms: u64) -> Instant {
    Instant::from_start(std::time::Duration::from_millis(ms))
}

pub(crate) mod bugs;
pub(crate) mod child;

/// The replay line a report prints for `test` of this binary (`sim`) with `seed`.
pub(crate) fn replay_line(seed: u64, test: &str) -> String {
    let profile = if cfg!(debug_assertions) { "" } else { " --release" };
    format!("SIMLOOP_SEED={seed} cargo test{profile} --test sim -- --exact {test}")
}
