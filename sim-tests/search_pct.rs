//! `Strategy::Pct` (priorities and preemptions) and `Strategy::Portfolio` (a rotation).

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

/// How many times the log switches from one task to the other.
fn switches(log: &str) -> usize {
    log.as_bytes().windows(2).filter(|w| w[0] != w[1]).count()
}

#[test]
fn pct_depth_1_runs_the_highest_priority_task_while_it_is_ready() {
    let mut orders = BTreeSet::new();
    for seed in 0..50 {
        let log =
            Sim::with_exact_seed(seed).strategy(Strategy::Pct { depth: 1 }).run(two_yielders());
        assert_eq!(switches(&log), 1, "seed {seed}: {log}");
        orders.insert(log);
    }
    assert_eq!(orders.len(), 2, "either task may have the higher priority: {orders:?}");
    // Random interleaves them.
    let random = (0..50).map(|s| Sim::with_exact_seed(s).run(two_yielders()));
    assert!(random.map(|log| switches(&log)).max().unwrap() > 3);
}

#[test]
fn pct_depth_2_preempts_at_most_once_at_a_drawn_step() {
    let mut preempted = BTreeSet::new();
    for seed in 0..300 {
        let sim = || Sim::with_exact_seed(seed).strategy(Strategy::Pct { depth: 2 }).pct_steps(12);
        let log = sim().run(two_yielders());
        assert!(switches(&log) <= 2, "seed {seed}: {log}");
        if switches(&log) == 2 {
            preempted.insert(log.find(|c| c != log.as_bytes()[0] as char).unwrap());
        }
        assert_eq!(log, sim().run(two_yielders()), "seed {seed}: the same seed, the same run");
    }
    assert!(preempted.len() >= 3, "preemptions at several steps: {preempted:?}");
}

#[test]
fn a_portfolio_sim_runs_the_member_of_its_seed() {
    for seed in 0..8 {
        let outcome = Sim::with_exact_seed(seed).strategy(Strategy::Portfolio);
        let outcome = outcome.try_run(two_yielders()).unwrap();
        assert_eq!(outcome.strategy(), Strategy::PORTFOLIO[(seed % 4) as usize]);
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
        let member = Strategy::PORTFOLIO[(iteration % 4) as usize];
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
    let last = Strategy::PORTFOLIO[3];
    let seed = (0..1000)
        .find(|s| fails(*s, last) && Strategy::PORTFOLIO[..3].iter().all(|m| !fails(*s, *m)))
        .expect("a seed that only the last member fails");
    let path = std::env::temp_dir().join(format!("simloop-portfolio-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&path);
    RegressionFile::new(&path).append(seed, "fails under fifo-random-timers").unwrap();
    let failed = Explorer::new()
        .read_env(false)
        .regressions(&path)
        .strategy(Strategy::Portfolio)
        .iterations(1)
        .try_run(same_instant_timers)
        .unwrap_err();
    assert!(failed.is_regression());
    assert_eq!(failed.seed(), seed);
    assert_eq!(failed.failure().strategy(), last);
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

#[simloop::test(iterations = 8, strategy = "fifo-random-timers")]
async fn the_attribute_takes_fifo_random_timers() {
    assert_eq!(two_yielders().await.len(), 10);
}
