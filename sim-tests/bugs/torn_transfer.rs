//! A transfer cancelled between its debit and its credit: the money leaves one account and
//! never reaches the other. Found with `Sim::inject_aborts`, which cancels tasks at their
//! awaits.

use std::cell::Cell;
use std::rc::Rc;

use simloop::task::Builder;
use simloop::yield_now;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "torn_transfer",
    kind: "cancelled between two writes (inject_aborts)",
    program,
    aborts: 0.2,
    random_within: 20,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

fn program() -> Program {
    Box::pin(async {
        let (from, to) = (Rc::new(Cell::new(100)), Rc::new(Cell::new(0)));
        let transfer = {
            let (from, to) = (from.clone(), to.clone());
            Builder::new().name("transfer").spawn(async move {
                from.set(from.get() - 30);
                yield_now().await; // writing the audit log
                to.set(to.get() + 30);
            })
        };
        // A cancelled transfer is fine, as long as it is all or nothing.
        let _ = transfer.await;
        assert!(from.get() + to.get() == 100, "money vanished: {} + {}", from.get(), to.get());
    })
}

#[test]
fn found_and_shrunk() {
    let (failed, _) = BUG.check_both();
    assert!(failed.shrunk_tape().unwrap().differences().any(|w| w.contains("injected abort")));
}
