//! Programs with a seeded concurrency bug: they fail under some seeds only.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;

/// A deposit that arrives after 0-99 ms, reads the balance, waits 2 ms on a ledger write,
/// then stores what it read plus the amount: an update is lost when the other deposit lands
/// inside that window. A few seeds in a hundred fail.
async fn deposit(account: Rc<Cell<u64>>, amount: u64) {
    sleep(Duration::from_millis(simloop::random::<u64>() % 100)).await;
    let balance = account.get();
    sleep(Duration::from_millis(2)).await;
    account.set(balance + amount);
}

/// Two deposits of 50 into an account holding 100; asserts the balance is 200.
pub(crate) async fn lost_update() {
    let account = Rc::new(Cell::new(100));
    let alice = Builder::new().name("alice").spawn(deposit(account.clone(), 50));
    let bob = Builder::new().name("bob").spawn(deposit(account.clone(), 50));
    alice.await.unwrap();
    bob.await.unwrap();
    let balance = account.get();
    assert_eq!(balance, 200, "lost update: the balance is {balance} after two deposits of 50");
}
