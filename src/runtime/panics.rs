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
use std::io::Write as _;
use std::panic;
use std::sync::Once;

use super::context;
use crate::task::panic_message;
use crate::trace;

#[derive(Default)]
struct State {
    quiet: bool,
    location: Option<String>,
    /// The last two panics of the thread, message and location: when a third one says the
    /// process aborts, they are the panic that unwound and the one in a `Drop` during it.
    recent: Vec<(String, Option<String>)>,
}

/// What the runtime panics with, just before it aborts the process: a destructor panicked
/// while another panic unwound (Rust's rule), or a panic reached a function that cannot
/// unwind.
const ABORTING: [&str; 2] =
    ["panic in a destructor during cleanup", "panic in a function that cannot unwind"];

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
            let message = panic_message(info.payload());
            let location = info.location().map(trace::site);
            if ABORTING.contains(&message) {
                // The process aborts after this hook: say what happened, with the seed, first.
                let recent = STATE.try_with(|s| s.borrow().recent.clone()).unwrap_or_default();
                if let Some(report) = context::peek(|core| core.abort_report(&recent)) {
                    let mut err = std::io::stderr().lock();
                    let _ = err.write_all(report.as_bytes());
                    let _ = err.flush();
                }
                previous(info);
                return;
            }
            let quiet = STATE
                .try_with(|s| {
                    let mut s = s.borrow_mut();
                    s.location.clone_from(&location);
                    if s.recent.len() == 2 {
                        s.recent.remove(0);
                    }
                    s.recent.push((message.to_owned(), location));
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
