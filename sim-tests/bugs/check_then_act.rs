//! Check-then-act: two withdrawals check the balance, then await the bank's authorisation
//! before taking the money; both pass the check.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "check_then_act",
    kind: "check-then-act on a balance",
    program,
    aborts: 0.0,
    random_within: 30,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

fn program() -> Program {
    Box::pin(async {
        let balance = Rc::new(Cell::new(100i64));
        let withdraw = |name: &'static str, arrival: u64| {
            let balance = balance.clone();
            Builder::new().name(name).spawn(async move {
                sleep(Duration::from_millis(arrival)).await;
                if balance.get() >= 80 {
                    sleep(Duration::from_millis(1)).await; // the bank authorises
                    balance.set(balance.get() - 80);
                }
            })
        };
        // The second arrives as the first is authorised: same instant, either may go first.
        let first = withdraw("atm", 0);
        let second = withdraw("web", 1);
        first.await.unwrap();
        second.await.unwrap();
        assert!(balance.get() >= 0, "overdraft: both withdrawals passed the check");
    })
}

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
