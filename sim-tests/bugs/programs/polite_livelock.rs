//! A livelock that only the default order reaches: two polite tasks each announce that they
//! want the resource, look whether the other wants it too, and back off if so, then retry.
//! In lock-step (the default order: each yield lets the other run one step) both always see
//! the other and back off together, forever; any other order lets one of them through.

use std::cell::Cell;
use std::rc::Rc;

use super::Exec;

pub(crate) async fn program<E: Exec>() {
    let wants = [Rc::new(Cell::new(false)), Rc::new(Cell::new(false))];
    let polite = |name: &'static str, mine: Rc<Cell<bool>>, theirs: Rc<Cell<bool>>| {
        E::spawn(name, async move {
            loop {
                mine.set(true);
                E::yield_now().await; // announcing
                let busy = theirs.get();
                E::yield_now().await; // looking
                if !busy {
                    break;
                }
                mine.set(false);
                E::yield_now().await; // backing off
            }
            mine.set(false); // done with the resource
        })
    };
    let left = polite("left", wants[0].clone(), wants[1].clone());
    let right = polite("right", wants[1].clone(), wants[0].clone());
    left.join().await.unwrap();
    right.join().await.unwrap();
}
