//! Panics inside a simulation: where they happened, and which ones to keep quiet.
//!
//! Every panic inside a simulation reaches someone without the default hook's output: a
//! panic of the main future or of a destructor becomes the run's failure report; a task's
//! panic goes to whoever awaits it as `JoinError`, or, when nobody will, to the
//! unobserved-panic detector. Printing each one as well would repeat it, once per failing seed
//! when many seeds are explored. So a process-wide hook, installed once and chaining to the
//! hook that was there before, records the location of every panic on a thread that runs a
//! simulation (reports print it) and stays quiet there. Elsewhere, and for the panic that
//! `Sim::run` raises with the report once the simulation is over, the previous hook runs.

use std::cell::RefCell;
use std::panic;
use std::sync::Once;

use crate::trace;

#[derive(Default)]
struct State {
    quiet: bool,
    location: Option<String>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

static INSTALL: Once = Once::new();

/// Installs the hook, once per process.
pub(crate) fn install_hook() {
    if std::thread::panicking() {
        return;
    }
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let quiet = STATE
                .try_with(|s| {
                    let mut s = s.borrow_mut();
                    s.location = info.location().map(trace::site);
                    s.quiet
                })
                .unwrap_or(false);
            if !quiet {
                previous(info);
            }
        }));
    });
}

/// Keeps panics quiet on this thread until the guard is dropped (also while unwinding).
pub(crate) fn quiet() -> Quiet {
    let was = STATE.with(|s| std::mem::replace(&mut s.borrow_mut().quiet, true));
    Quiet { was }
}

/// See [`quiet`].
pub(crate) struct Quiet {
    was: bool,
}

impl Drop for Quiet {
    fn drop(&mut self) {
        let was = self.was;
        let _ = STATE.try_with(|s| s.borrow_mut().quiet = was);
    }
}

/// The location of the latest panic on this thread, as reports print it.
pub(crate) fn take_location() -> Option<String> {
    STATE.with(|s| s.borrow_mut().location.take())
}
