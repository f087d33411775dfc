//! simloop in one minute: find a concurrency bug across seeds, read its report, replay it.
//!
//! Run with `cargo run --release --example quickstart`.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::{self, sleep};
use simloop::{Explorer, Sim, Strategy};

/// A deposit: it connects (`hops` awaits on the network), reads the balance, awaits the
/// ledger's write, then stores the balance it read plus the amount. An update is lost when
/// the other deposit reads between this one's read and its store.
async fn deposit(account: Rc<Cell<u64>>, amount: u64, hops: u32) {
    for _ in 0..hops {
        simloop::yield_now().await; // connecting
    }
    let balance = account.get();
    simloop::yield_now().await; // the ledger write
    account.set(balance + amount);
}

/// Two clients deposit 50 each into an account holding 100; bob's connection takes one hop
/// more, so in the order the tasks were made ready (asyncio's) alice is done before bob reads.
pub(crate) async fn bank() -> u64 {
    let account = Rc::new(Cell::new(100));
    let alice = Builder::new().name("alice").spawn(deposit(account.clone(), 50, 0));
    let bob = Builder::new().name("bob").spawn(deposit(account.clone(), 50, 1));
    alice.await.unwrap();
    bob.await.unwrap();
    let balance = account.get();
    assert_eq!(balance, 200, "lost update: the balance is {balance} after two deposits of 50");
    balance
}

fn main() {
    println!("1. One simulation: two sleeps of 1.0 s and 0.5 s run concurrently.");
    let outcome = Sim::new(1)
        .try_run(async {
            let slow = simloop::spawn(sleep(Duration::from_secs(1)));
            let fast = simloop::spawn(sleep(Duration::from_millis(500)));
            fast.await.unwrap();
            let fast_at = time::now();
            slow.await.unwrap();
            (fast_at, time::now())
        })
        .expect("a race-free program");
    let (fast_at, slow_at) = outcome.value();
    println!(
        "   fast done at {fast_at}, slow done at {slow_at}: {:?} of virtual time in {} steps\n",
        outcome.elapsed(),
        outcome.steps()
    );

    println!("2. Exploring 1,000 seeds (on every core) of a bank with two concurrent deposits.");
    let failed = Explorer::new()
        .iterations(1_000)
        .no_regressions() // a demo keeps no regression file
        .try_run(|| async {
            bank().await;
        })
        .expect_err("a lost update is found");
    println!("{failed}\n");

    println!("3. Replaying seed {} gives the same failure; its full trace:", failed.seed());
    let replay = Sim::with_exact_seed(failed.seed()).trace(true).try_run(bank()).unwrap_err();
    assert_eq!(replay.message(), failed.failure().message());
    print!("{}", replay.trace());

    println!("\n4. How often each strategy loses the update over the same 1,000 seeds:");
    for strategy in [Strategy::Random, Strategy::Fifo] {
        let failing = (0..1_000)
            .filter(|&seed| Sim::with_exact_seed(seed).strategy(strategy).try_run(bank()).is_err())
            .count();
        println!("   {strategy:<6} {failing:>4} of 1,000 seeds");
    }
}
