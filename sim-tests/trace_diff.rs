//! `Trace::diff`: the first event where two runs part.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;
use simloop::trace::EventKind;
use simloop::{Outcome, Sim};

/// A racy program: a reader and a writer of one cell, both woken at the same instant.
fn racy(seed: u64) -> Outcome<u32> {
    Sim::with_exact_seed(seed)
        .trace(true)
        .try_run(async {
            let cell = Rc::new(Cell::new(0));
            let (w, r) = (cell.clone(), cell.clone());
            let writer = Builder::new().name("writer").spawn(async move {
                sleep(Duration::from_millis(100)).await;
                w.set(1);
            });
            let reader = Builder::new().name("reader").spawn(async move {
                sleep(Duration::from_millis(100)).await;
                r.get()
            });
            writer.await.unwrap();
            reader.await.unwrap()
        })
        .unwrap()
}

#[test]
fn diff_names_the_first_diverging_event_of_two_seeds() {
    let base = racy(0);
    let other = (1..64).map(racy).find(|o| o.value() != base.value()).expect("both outcomes occur");
    let diff = base.trace().diff(other.trace()).expect("different runs");
    let (left, right) = (diff.left().unwrap(), diff.right().unwrap());
    assert_ne!(left, right);
    // Everything before the divergence is the same in both traces.
    let index = diff.index();
    assert_eq!(base.trace().events()[..index], other.trace().events()[..index]);
    assert_eq!(&base.trace().events()[index], left);
    assert_eq!(&other.trace().events()[index], right);
    let text = diff.to_string();
    assert!(text.starts_with(&format!("the traces diverge at event {index} (")), "{text}");
    assert!(
        text.contains("  both:\n")
            && text.contains("  this trace:\n")
            && text.contains("  the other:\n")
    );
    assert!(text.contains("\"writer\"") || text.contains("\"reader\""), "{text}");
}

#[test]
fn the_same_seed_has_no_diff_and_a_prefix_diverges_where_it_ends() {
    assert!(racy(3).trace().diff(racy(3).trace()).is_none());
    let short = Sim::with_exact_seed(1).trace(true).try_run(async {}).unwrap();
    let long =
        Sim::with_exact_seed(1).trace(true).try_run(async { simloop::yield_now().await }).unwrap();
    let diff = short.trace().diff(long.trace()).unwrap();
    assert_eq!(diff.index(), 1);
    assert_eq!(diff.left().unwrap().kind(), &EventKind::Completed);
    assert!(matches!(diff.right().unwrap().kind(), EventKind::Woken { .. }));
}
