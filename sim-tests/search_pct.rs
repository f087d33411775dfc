//! `Strategy::Pct` (priorities, preemptions, yields), the other strategies on a spin-wait,
//! and `Strategy::Portfolio` (a rotation).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

use simloop::{Explorer, RegressionFile, Sim, Strategy};

/// Two tasks that each log their name five times, yielding in between; returns the log.
async fn two_yielders() -> String {
    let log = Rc::new(RefCell::new(String::new()));
    let tasks: Vec<_> = ['a', 'b']
        .into_iter()
        .map(|name| {
            let log = log.clone();
            simloop::spawn(async move {
                for _ in 0..5 {
                    log.borrow_mut().push(name);
                    simloop::yield_now().await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    log.take()
}

/// How many times the log has the same task twice in a row.
fn repeats(log: &str) -> usize {
    log.as_bytes().windows(2).filter(|w| w[0] == w[1]).count()
}

#[test]
fn pct_lowers_a_task_that_yields_so_two_yielders_alternate() {
    let mut orders = BTreeSet::new();
    for seed in 0..50 {
        let log =
            Sim::with_exact_seed(seed).strategy(Strategy::Pct { depth: 1 }).run(two_yielders());
        assert_eq!(repeats(&log), 0, "seed {seed}: {log}");
        orders.insert(log);
    }
    assert_eq!(orders.len(), 2, "either task may have the higher priority: {orders:?}");
    // Random runs one task twice in a row now and then.
    let random = (0..50).map(|s| Sim::with_exact_seed(s).run(two_yielders()));
    assert!(random.map(|log| repeats(&log)).max().unwrap() > 1);
}

#[test]
fn pct_depth_2_preempts_at_most_once_at_a_drawn_step() {
    let mut preempted = BTreeSet::new();
    for seed in 0..300 {
        let sim = || Sim::with_exact_seed(seed).strategy(Strategy::Pct { depth: 2 }).pct_steps(12);
        let log = sim().run(two_yielders());
        // One preemption: the task lowered runs once more at the end, after the other ends.
        assert!(repeats(&log) <= 2, "seed {seed}: {log}");
        if repeats(&log) > 0 {
            preempted.insert(log.as_bytes().windows(2).position(|w| w[0] == w[1]).unwrap());
        }
        assert_eq!(log, sim().run(two_yielders()), "seed {seed}: the same seed, the same run");
    }
    assert!(preempted.len() >= 3, "preemptions at several steps: {preempted:?}");
}

#[test]
fn a_delay_holds_the_task_the_default_order_would_run_and_is_one_entry() {
    let fifo = Sim::with_exact_seed(0).strategy(Strategy::Fifo).run(two_yielders());
    assert_eq!(repeats(&fifo), 0, "the default order alternates: {fifo}");
    let mut held = BTreeSet::new();
    for seed in 0..100 {
        let sim = Sim::with_exact_seed(seed).strategy(Strategy::DelayBounded { delays: 1 });
        let outcome = sim.pct_steps(10).record_tape(true).try_run(two_yielders()).unwrap();
        let tape = outcome.tape().unwrap();
        assert!(tape.len() <= 1, "seed {seed}: one delay, one entry: {tape}");
        if repeats(outcome.value()) > 0 {
            held.insert(tape.to_string());
        }
    }
    assert!(held.iter().any(|t| t.contains('h')), "some delays hold a task for steps: {held:?}");
    assert!(held.len() >= 5, "delays at several steps, of several lengths: {held:?}");
    let none = Sim::with_exact_seed(3).strategy(Strategy::DelayBounded { delays: 0 });
    assert_eq!(none.run(two_yielders()), fifo, "no delay: the default order");
}

#[test]
fn pos_samples_many_orders_and_keeps_an_untouched_task_waiting_at_times() {
    let logs: BTreeSet<String> = (0..100)
        .map(|s| Sim::with_exact_seed(s).strategy(Strategy::Pos).run(two_yielders()))
        .collect();
    assert!(logs.len() >= 20, "{} orders", logs.len());
    assert!(logs.iter().any(|log| log.starts_with("aaaa") || log.starts_with("bbbb")), "{logs:?}");
}

/// A spin-wait: `waiter` yields until `setter` has set the flag, which `setter` does after a
/// few yields of its own.
async fn spin_wait() {
    let flag = Rc::new(std::cell::Cell::new(false));
    let waiter = {
        let flag = flag.clone();
        simloop::spawn(async move {
            while !flag.get() {
                simloop::yield_now().await;
            }
        })
    };
    let setter = simloop::spawn(async move {
        for _ in 0..3 {
            simloop::yield_now().await;
        }
        flag.set(true);
    });
    waiter.await.unwrap();
    setter.await.unwrap();
}

#[test]
fn a_spin_wait_passes_under_pct_3_over_1000_seeds() {
    let report = Explorer::new()
        .read_env(false)
        .no_regressions()
        .threads(1)
        .iterations(1_000)
        .max_steps(10_000)
        .strategy(Strategy::Pct { depth: 3 })
        .try_run(spin_wait)
        .unwrap_or_else(|failed| panic!("{failed}"));
    assert_eq!(report.iterations(), 1_000);
}

#[test]
fn no_strategy_turns_a_spin_wait_into_a_livelock() {
    for strategy in [
        Strategy::Random,
        Strategy::Fifo,
        Strategy::FifoRandomTimers,
        Strategy::Pct { depth: 2 },
        Strategy::Pct { depth: 5 },
        Strategy::DelayBounded { delays: 3 },
        Strategy::Pos,
        Strategy::Portfolio,
        Strategy::Dfs { preemptions: 2 },
    ] {
        let explored = Explorer::new()
            .read_env(false)
            .no_regressions()
            .threads(1)
            .iterations(300)
            .max_steps(10_000)
            .strategy(strategy)
            .try_run(spin_wait);
        assert!(explored.is_ok(), "{strategy}: {}", explored.unwrap_err());
    }
}

#[test]
fn a_portfolio_sim_runs_the_member_of_its_seed() {
    for seed in 0..8 {
        let outcome = Sim::with_exact_seed(seed).strategy(Strategy::Portfolio);
        let outcome = outcome.try_run(two_yielders()).unwrap();
        assert_eq!(
            outcome.strategy(),
            Strategy::PORTFOLIO[seed as usize % Strategy::PORTFOLIO.len()]
        );
    }
}

/// Two tasks sleep until the same instant, then log; fails when `b` logs first.
async fn same_instant_timers() {
    let log = Rc::new(RefCell::new(String::new()));
    let tasks: Vec<_> = ['a', 'b']
        .into_iter()
        .map(|name| {
            let log = log.clone();
            simloop::spawn(async move {
                simloop::time::sleep(Duration::from_millis(10)).await;
                log.borrow_mut().push(name);
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(*log.borrow(), "ab", "b went first");
}

#[test]
fn an_exploration_rotates_the_portfolio_by_iteration() {
    let mut members = BTreeSet::new();
    for base in 0..6 {
        let failed = Explorer::new()
            .read_env(false)
            .no_regressions()
            .base_seed(base)
            .strategy(Strategy::Portfolio)
            .try_run(same_instant_timers)
            .unwrap_err();
        let iteration = failed.iteration().unwrap();
        let member = Strategy::PORTFOLIO[iteration as usize % Strategy::PORTFOLIO.len()];
        assert_eq!(failed.failure().strategy(), member, "base {base}");
        let header = format!("  strategy     portfolio (the failing run took {member})\n");
        assert!(failed.to_string().contains(&header), "{failed}");
        members.insert(member.to_string());
    }
    assert!(members.len() >= 2, "{members:?}");
}

#[test]
fn a_regression_seed_tries_every_member_of_the_portfolio() {
    let fails = |seed, strategy| {
        Sim::with_exact_seed(seed).strategy(strategy).try_run(same_instant_timers()).is_err()
    };
    // `Random` after `FifoRandomTimers`: neither depends on the exploration's step bound.
    let [first, second, ..] = Strategy::PORTFOLIO;
    assert_eq!((first, second), (Strategy::FifoRandomTimers, Strategy::Random));
    let seed = (0..1000)
        .find(|s| fails(*s, second) && !fails(*s, first))
        .expect("a seed that the second member fails and the first passes");
    let path = std::env::temp_dir().join(format!("simloop-portfolio-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&path);
    RegressionFile::new(&path).append(seed, "fails under random").unwrap();
    let failed = Explorer::new()
        .read_env(false)
        .regressions(&path)
        .strategy(Strategy::Portfolio)
        .iterations(1)
        .try_run(same_instant_timers)
        .unwrap_err();
    assert!(failed.is_regression());
    assert_eq!(failed.seed(), seed);
    assert_eq!(failed.failure().strategy(), second);
    let _ = std::fs::remove_file(&path);
}

/// The attribute takes the new strategies (a compile check, and a passing exploration).
#[simloop::test(iterations = 8, strategy = "portfolio")]
async fn the_attribute_takes_portfolio() {
    assert_eq!(two_yielders().await.len(), 10);
}

#[simloop::test(iterations = 8, strategy = "pct:2")]
async fn the_attribute_takes_pct_with_a_depth() {
    assert_eq!(two_yielders().await.len(), 10);
}

#[simloop::test(iterations = 8, strategy = "pct")]
async fn the_attribute_takes_pct_alone() {
    assert_eq!(two_yielders().await.len(), 10);
}

#[simloop::test(iterations = 8, strategy = "delay:3")]
async fn the_attribute_takes_delay_bounding() {
    assert_eq!(two_yielders().await.len(), 10);
}

#[simloop::test(iterations = 8, strategy = "pos")]
async fn the_attribute_takes_pos() {
    assert_eq!(two_yielders().await.len(), 10);
}

#[simloop::test(strategy = "dfs:1")]
async fn the_attribute_takes_dfs() {
    assert_eq!(two_yielders().await.len(), 10);
}

#[simloop::test(iterations = 8, strategy = "fifo-random-timers")]
async fn the_attribute_takes_fifo_random_timers() {
    assert_eq!(two_yielders().await.len(), 10);
}

/// The step a tape's words name (`step 4 at ...`, `after step 4 at ...`).
fn step_of(words: &str) -> u64 {
    let rest = words.split("step ").nth(1).expect("a step");
    rest.split(' ').next().unwrap().parse().expect("a step number")
}

#[test]
fn a_recorded_tape_with_holds_says_them_in_step_order_and_replays() {
    let mut holds = 0;
    for seed in 0..100 {
        let sim = || Sim::with_exact_seed(seed).strategy(Strategy::DelayBounded { delays: 2 });
        let outcome = sim().pct_steps(10).record_tape(true).try_run(two_yielders()).unwrap();
        let tape = outcome.tape().unwrap().clone();
        let words: Vec<&str> = tape.differences().collect();
        assert_eq!(words.len(), tape.len(), "seed {seed}: words for every entry: {tape} {words:?}");
        let steps: Vec<u64> = words.iter().map(|w| step_of(w)).collect();
        assert!(steps.is_sorted(), "seed {seed}: the words in step order: {words:?}");
        holds += words.iter().filter(|w| w.contains(" back for ")).count();
        let replayed = Sim::with_exact_seed(seed).tape(tape).run(two_yielders());
        assert_eq!(&replayed, outcome.value(), "seed {seed}: the recorded tape replays the run");
    }
    assert!(holds >= 10, "holds recorded and said: {holds}");
}
