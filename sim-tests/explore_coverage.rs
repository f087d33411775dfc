//! The coverage figure of an exploration: distinct schedules, those seen once, and the
//! Good-Turing estimate of what is still unexplored.

use simloop::Explorer;

fn explorer(iterations: u64) -> Explorer {
    Explorer::new().read_env(false).no_regressions().threads(1).iterations(iterations)
}

/// Eight tasks that each yield once: thousands of interleavings, so almost every run of a
/// few hundred takes a schedule of its own.
async fn many_schedules() {
    let tasks: Vec<_> =
        (0..8).map(|_| simloop::spawn(async { simloop::yield_now().await })).collect();
    for task in tasks {
        task.await.unwrap();
    }
}

/// Two tasks that complete at once: three schedules.
async fn three_schedules() {
    let a = simloop::spawn(async {});
    let b = simloop::spawn(async {});
    a.await.unwrap();
    b.await.unwrap();
}

#[test]
fn a_program_with_many_schedules_is_far_from_explored() {
    let report = explorer(200).run(many_schedules);
    let coverage = report.coverage();
    assert_eq!(coverage.runs(), 200);
    assert_eq!(coverage.distinct(), report.distinct_digests());
    let once = coverage.seen_once().expect("an exact count");
    assert!(once >= 190, "{coverage:?}");
    assert!(coverage.unexplored().unwrap() > 0.9, "{coverage:?}");
    let figure = format!(
        "({} distinct schedules, {} of them seen once: a further run is new with probability \
         {:.3} (Good-Turing); ",
        coverage.distinct(),
        once,
        once as f64 / 200.0
    );
    assert!(report.to_string().contains(&figure), "{report}");
}

#[test]
fn a_program_with_few_schedules_is_soon_covered() {
    let report = explorer(300).run(three_schedules);
    let coverage = report.coverage();
    assert_eq!(coverage.distinct(), 3);
    assert_eq!(coverage.seen_once(), Some(0));
    assert_eq!(coverage.unexplored(), Some(0.0));
    assert!(report.to_string().contains(
        "(3 distinct schedules, 0 of them seen once: a further run is new with probability \
         0.000 (Good-Turing); "
    ));
    // The estimate is `seen once / runs`: after one run, its schedule is the only one seen.
    let one = explorer(1).run(three_schedules).coverage();
    assert_eq!((one.runs(), one.seen_once(), one.unexplored()), (1, Some(1), Some(1.0)));
}
