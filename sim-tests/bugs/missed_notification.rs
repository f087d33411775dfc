//! A missed notification: the consumer checks a flag, awaits something else, then waits for
//! the notification; `notify_waiters` wakes only the waiters already registered, so a
//! notification sent in between is lost and the consumer waits forever.
//!
//! The program is `programs/missed_notification.rs` (shared with the shuttle bench), run here on
//! simloop.

use super::{Bug, OnSimloop, programs};

pub(crate) const BUG: Bug = Bug {
    name: "missed_notification",
    kind: "missed notification",
    program: || Box::pin(programs::missed_notification::program::<OnSimloop>()),
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Deadlock],
    max_steps: super::Bug::MAX_STEPS,
};

#[test]
fn found_and_shrunk() {
    let (failed, _) = BUG.check_both();
    assert_eq!(failed.failure().kind(), simloop::FailureKind::Deadlock);
}
