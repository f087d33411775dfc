//! `spawn_blocking`: work bridged to a simulated pool of workers.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::time::{now, sleep};
use simloop::{Sim, Strategy, spawn_blocking};

use crate::support::at_ms;

/// Six one-second jobs; returns (output, completion time) in job order.
fn six_jobs(workers: usize, seed: u64) -> Vec<(u64, String)> {
    Sim::with_exact_seed(seed).blocking_workers(workers).run(async {
        let jobs: Vec<_> = (0..6u64)
            .map(|i| spawn_blocking(Duration::from_secs(1), move || (i * i, now().to_string())))
            .collect();
        let mut done = Vec::new();
        for job in jobs {
            done.push(job.await.unwrap());
        }
        done
    })
}

#[test]
fn jobs_queue_behind_busy_workers() {
    for seed in 0..16 {
        let done = six_jobs(4, seed);
        let outputs: Vec<u64> = done.iter().map(|d| d.0).collect();
        assert_eq!(outputs, [0, 1, 4, 9, 16, 25]);
        // Four workers: four jobs end at 1 s; the two that queued end at 2 s. Which ones
        // queued is a scheduling decision: it varies with the seed.
        let late = done.iter().filter(|d| d.1 == "2.000s").count();
        assert_eq!(late, 2, "seed {seed}: {done:?}");
    }
}

#[test]
fn one_worker_runs_the_jobs_one_after_the_other() {
    let mut ends: Vec<String> = six_jobs(1, 7).into_iter().map(|d| d.1).collect();
    ends.sort();
    assert_eq!(ends, ["1.000s", "2.000s", "3.000s", "4.000s", "5.000s", "6.000s"]);
}

#[test]
fn the_closure_runs_when_its_work_completes() {
    Sim::with_exact_seed(1).run(async {
        let ran_at = Rc::new(Cell::new(None));
        let cell = ran_at.clone();
        let job = spawn_blocking(Duration::from_millis(300), move || cell.set(Some(now())));
        sleep(Duration::from_millis(100)).await;
        assert_eq!(ran_at.get(), None);
        job.await.unwrap();
        assert_eq!(ran_at.get(), Some(at_ms(300)));
    });
}

// Under `Strategy::Fifo` jobs take workers in spawn order, which these tests rely on.

#[test]
fn aborting_a_queued_job_frees_its_place_and_its_closure_never_runs() {
    for seed in 0..16 {
        let sim = Sim::with_exact_seed(seed).strategy(Strategy::Fifo).blocking_workers(1);
        sim.run(async {
            let ran = Rc::new(Cell::new(false));
            let flag = ran.clone();
            let first = spawn_blocking(Duration::from_secs(1), || "first");
            let queued = spawn_blocking(Duration::from_secs(1), move || flag.set(true));
            let third = spawn_blocking(Duration::from_secs(1), || "third");
            sleep(Duration::from_millis(10)).await;
            queued.abort();
            assert!(queued.await.unwrap_err().is_cancelled());
            assert_eq!(first.await.unwrap(), "first");
            assert_eq!(third.await.unwrap(), "third");
            assert_eq!(now(), at_ms(2000), "seed {seed}: the third took the freed place");
            assert!(!ran.get());
        });
    }
}

#[test]
fn aborting_a_running_job_frees_its_worker() {
    Sim::with_exact_seed(2).strategy(Strategy::Fifo).blocking_workers(1).run(async {
        let running = spawn_blocking(Duration::from_secs(10), || ());
        let next = spawn_blocking(Duration::from_secs(1), || "next");
        sleep(Duration::from_secs(1)).await;
        running.abort();
        assert!(running.await.unwrap_err().is_cancelled());
        assert_eq!(next.await.unwrap(), "next");
        assert_eq!(now(), at_ms(2000));
    });
}

#[test]
fn a_panicking_job_is_a_task_panic() {
    Sim::with_exact_seed(3).run(async {
        let job = spawn_blocking(Duration::from_millis(5), || -> u8 { panic!("lookup failed") });
        let err = job.await.unwrap_err();
        assert!(err.is_panic());
        assert_eq!(err.to_string(), "task 1 \"spawn_blocking\" panicked: lookup failed");
    });
}

#[test]
fn queueing_shows_in_the_trace() {
    let outcome = Sim::with_exact_seed(4)
        .blocking_workers(1)
        .trace(true)
        .try_run(async {
            let a = spawn_blocking(Duration::from_secs(1), || ());
            let b = spawn_blocking(Duration::from_secs(1), || ());
            a.await.unwrap();
            b.await.unwrap();
        })
        .unwrap();
    let text = outcome.trace().to_string();
    assert!(
        text.contains("\"spawn_blocking\"  queued for a blocking worker (1 waiting)"),
        "{text}"
    );
}
