//! A timeout racing a completion leaks a resource: the query takes a connection from the
//! pool by hand and returns it after the query; when the deadline wins at the instant the
//! query completes, the query future is dropped holding the connection.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::{sleep, timeout};

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "timeout_leak",
    kind: "timeout racing a completion leaks a connection",
    program,
    aborts: 0.0,
    random_within: 20,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

fn program() -> Program {
    Box::pin(async {
        let pool = Rc::new(Cell::new(2u32));
        let client = {
            let pool = pool.clone();
            Builder::new().name("client").spawn(async move {
                let query = async {
                    pool.set(pool.get() - 1); // acquire, without a guard
                    sleep(Duration::from_millis(100)).await;
                    pool.set(pool.get() + 1); // release
                };
                let _ = timeout(Duration::from_millis(100), query).await;
            })
        };
        client.await.unwrap();
        assert!(pool.get() == 2, "a connection leaked: the timeout dropped the query holding it");
    })
}

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
