//! A retry duplicates a non-idempotent request: the server applies an append, the
//! acknowledgement is lost (`buggify!`), the client retries, and the entry is appended twice.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "retry_duplicates",
    kind: "retry after a lost ack (buggify!) duplicates",
    program,
    aborts: 0.0,
    random_within: 60,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

/// The server: appends, then acknowledges, unless the network drops the acknowledgement.
async fn append(log: &RefCell<Vec<&'static str>>, entry: &'static str) -> Result<(), &'static str> {
    sleep(Duration::from_millis(1)).await;
    log.borrow_mut().push(entry);
    if simloop::buggify!() {
        return Err("acknowledgement lost");
    }
    Ok(())
}

fn program() -> Program {
    Box::pin(async {
        let log = Rc::new(RefCell::new(Vec::new()));
        let client = {
            let log = log.clone();
            Builder::new().name("client").spawn(async move {
                for entry in ["put a", "put b", "put c"] {
                    for _attempt in 0..3 {
                        if append(&log, entry).await.is_ok() {
                            break;
                        }
                    }
                }
            })
        };
        client.await.unwrap();
        let log = log.take();
        assert!(log.len() == 3, "an entry was appended twice: {log:?}");
    })
}

#[test]
fn found_and_shrunk() {
    let (failed, _) = BUG.check_both();
    assert!(failed.shrunk_tape().unwrap().differences().any(|w| w.contains("buggify!")));
}
