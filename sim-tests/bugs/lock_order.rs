//! Lock-order deadlock: one task takes `accounts` then `audit`, the other `audit` then
//! `accounts`, each with an await in between.

use std::rc::Rc;

use futures::lock::Mutex;
use simloop::task::Builder;
use simloop::yield_now;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "lock_order",
    kind: "lock-order deadlock",
    program,
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Deadlock],
    max_steps: super::Bug::MAX_STEPS,
};

fn program() -> Program {
    Box::pin(async {
        let accounts = Rc::new(Mutex::new(0u32));
        let audit = Rc::new(Mutex::new(0u32));
        let transfer = {
            let (accounts, audit) = (accounts.clone(), audit.clone());
            Builder::new().name("transfer").spawn(async move {
                let mut a = accounts.lock().await;
                yield_now().await; // validating
                let mut log = audit.lock().await;
                *a += 1;
                *log += 1;
            })
        };
        let report = {
            let (accounts, audit) = (accounts.clone(), audit.clone());
            Builder::new().name("report").spawn(async move {
                yield_now().await; // preparing the report
                yield_now().await;
                let log = audit.lock().await;
                yield_now().await; // formatting
                let a = accounts.lock().await;
                assert_eq!(*a, *log);
            })
        };
        transfer.await.unwrap();
        report.await.unwrap();
    })
}

#[test]
fn found_and_shrunk() {
    let (failed, _) = BUG.check_both();
    assert_eq!(failed.failure().kind(), simloop::FailureKind::Deadlock);
}
