//! `Strategy::Dfs`: every schedule with at most `k` preemptions, each once, on programs whose
//! schedules are counted by hand.

use std::cell::RefCell;
use std::rc::Rc;

use simloop::{Explorer, Strategy};

fn dfs(preemptions: u32) -> Explorer {
    Explorer::new().read_env(false).no_regressions().strategy(Strategy::Dfs { preemptions })
}

/// `main` spawns `a` and `b`, which complete at once, and awaits `a`, then `b`.
///
/// Its schedules, counted by hand (a pick other than the task woken first is a preemption):
/// - `a b main`: the default order (step 2 picks `a` over `b`; `a` wakes `main`, queued
///   behind `b`; step 3 picks `b` over `main`);
/// - `b a main`: `b` at step 2 (1 preemption);
/// - `a main b main`: `main` at step 3, before `b` (1 preemption).
async fn two_tasks() {
    let a = simloop::spawn(async {});
    let b = simloop::spawn(async {});
    a.await.unwrap();
    b.await.unwrap();
}

/// `main` spawns `A`, `B` and `C`, which log their letter and complete, and awaits them in
/// order; `CBA` is the bug. In the default order `A` wakes `main` (queued behind `B`, `C`).
///
/// Counted by hand, the default run picks among 3, 3, 2 and 1 ready tasks (steps 2 to 5), so
/// it has 2 + 2 + 1 alternatives: 1 + 5 schedules with at most one preemption, none of them
/// `CBA`, which needs two (`C` at step 2, `B` at step 3). Their own alternatives after their
/// preemption: `B` first: 2 (`C` at 3, `main` at 4); `C` first: 2 (`B` at 3, `main` at 4);
/// `C` at step 3: 1 (`main` at 4); `main` at step 3: 2 (`C` at 4, `main` at 5); `main` at
/// step 4: none. So 6 + 7 = 13 schedules with at most two.
async fn three_letters() {
    let log = Rc::new(RefCell::new(String::new()));
    let tasks: Vec<_> = ['A', 'B', 'C']
        .into_iter()
        .map(|letter| {
            let log = log.clone();
            simloop::spawn(async move { log.borrow_mut().push(letter) })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert!(*log.borrow() != "CBA", "the letters came in reverse");
}

#[test]
fn zero_preemptions_run_exactly_the_default_order() {
    let report = dfs(0).run(two_tasks);
    assert!(report.exhausted());
    assert_eq!(report.iterations(), 1);
    let report = dfs(0).run(three_letters);
    assert_eq!((report.iterations(), report.exhausted()), (1, true));
}

#[test]
fn the_counts_match_the_schedules_counted_by_hand() {
    for (k, count) in [(1, 3), (2, 3), (7, 3)] {
        let report = dfs(k).run(two_tasks);
        assert_eq!((report.iterations(), report.exhausted()), (count, true), "k = {k}");
        assert_eq!(report.distinct_digests(), count, "each schedule once");
    }
    let report = dfs(1).run(three_letters);
    assert_eq!((report.iterations(), report.exhausted()), (6, true));
    assert_eq!(report.distinct_digests(), 6);
    let summary = report.to_string();
    assert!(
        summary.contains(": exhausted: all 6 schedules with <= 1 preemptions pass ("),
        "{summary}"
    );
    assert!(summary.contains("strategy dfs:1"), "{summary}");
}

#[test]
fn a_bug_that_needs_two_preemptions_is_not_found_with_one_and_is_found_with_two() {
    let one = dfs(1).try_run(three_letters).unwrap();
    assert!(one.exhausted());
    let failed = dfs(2).try_run(three_letters).unwrap_err();
    assert!(failed.failure().message().contains("the letters came in reverse"));
    assert!(failed.is_deterministic(), "{failed}");
    // Depth first, earliest branch first: the default, `B` first and its 2, then `C` first,
    // whose first alternative (`B` at step 3) is the bug.
    assert_eq!(failed.iteration(), Some(5));
    let shrunk = failed.shrunk_tape().unwrap();
    assert_eq!(shrunk.to_string(), "v2:r3@2.r2@3");
    let words: Vec<&str> = shrunk.differences().collect();
    assert_eq!(
        words,
        [
            "step 2 at 0.000s: ran task 3 before task 1",
            "step 3 at 0.000s: ran task 2 before task 1"
        ]
    );
    let report = failed.to_string();
    assert!(report.contains("SIMLOOP_SCHEDULE=v2:r3@2.r2@3 SIMLOOP_SEED="), "{report}");
    // With a budget: every schedule counted, up to it.
    let capped = dfs(2).iterations(4).try_run(three_letters).unwrap();
    assert_eq!((capped.iterations(), capped.exhausted()), (4, false));
    assert!(capped.to_string().contains("4 schedules with <= 2 preemptions passed, not all"));
}

#[test]
fn the_bound_counts_every_schedule_with_two_preemptions_of_a_passing_program() {
    let report = dfs(2).run(|| async {
        let log = Rc::new(RefCell::new(String::new()));
        let tasks: Vec<_> = ['A', 'B', 'C']
            .into_iter()
            .map(|letter| {
                let log = log.clone();
                simloop::spawn(async move { log.borrow_mut().push(letter) })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
    });
    assert_eq!((report.iterations(), report.exhausted()), (13, true));
    assert!(!simloop::Explorer::new().read_env(false).iterations(3).run(two_tasks).exhausted());
}

/// The attribute takes `dfs:<k>`, and runs the bounded exploration.
#[simloop::test(strategy = "dfs:2")]
async fn the_attribute_runs_a_bounded_exploration() {
    two_tasks().await;
}
