//! Panics inside a simulation: where they happened, and which ones to keep quiet.
//!
//! A panic of the main future becomes the run's failure report, which carries its message and
//! location; printing it through the default hook as well would repeat it, once per failing
//! seed when many seeds are explored. So a process-wide hook, installed once and chaining to
//! the hook that was there before, records the location of every panic on a simulation's
//! thread and stays quiet for panics of the main future. Panics of spawned tasks still reach
//! the previous hook: until something awaits the task, that output is how they are seen.

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

/// Runs `f` with panics kept quiet on this thread.
pub(crate) fn quietly<R>(f: impl FnOnce() -> R) -> R {
    let was = STATE.with(|s| std::mem::replace(&mut s.borrow_mut().quiet, true));
    let result = f();
    STATE.with(|s| s.borrow_mut().quiet = was);
    result
}

/// The location of the latest panic on this thread, as reports print it.
pub(crate) fn take_location() -> Option<String> {
    STATE.with(|s| s.borrow_mut().location.take())
}
