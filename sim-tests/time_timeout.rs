//! Timeouts: `Elapsed` at exactly the deadline, and the inner future dropped then.

use std::time::Duration;

use simloop::time::{self, now, sleep, timeout, timeout_at};
use simloop::{Sim, spawn};

use crate::support::{DropProbe, at_ms};

#[test]
fn timeout_elapses_at_its_deadline_and_drops_the_inner_future() {
    for seed in 0..32 {
        Sim::with_exact_seed(seed).run(async {
            let (probe, dropped) = DropProbe::new();
            let slow = async move {
                let _probe = probe;
                sleep(Duration::from_secs(5)).await;
                "too late"
            };
            let err = timeout(Duration::from_secs(2), slow).await.unwrap_err();
            assert_eq!(err.to_string(), "deadline has elapsed");
            assert_eq!(now(), at_ms(2000), "seed {seed}");
            assert_eq!(
                dropped.get(),
                Some(at_ms(2000)),
                "seed {seed}: inner dropped at the deadline"
            );
        });
    }
}

#[test]
fn timeout_returns_the_output_when_the_future_is_first() {
    Sim::with_exact_seed(1).run(async {
        let fast = async {
            sleep(Duration::from_millis(300)).await;
            42
        };
        assert_eq!(timeout(Duration::from_secs(2), fast).await, Ok(42));
        assert_eq!(now(), at_ms(300));
        let deadline = now() + Duration::from_millis(100);
        assert!(timeout_at(deadline, sleep(Duration::from_secs(1))).await.is_err());
        assert_eq!(now(), deadline);
    });
}

#[test]
fn a_timeout_on_a_join_handle_leaves_the_task_running() {
    let ran_to_end = Sim::with_exact_seed(2).run(async {
        let (probe, dropped) = DropProbe::new();
        let h = spawn(async move {
            let _probe = probe;
            sleep(Duration::from_secs(5)).await;
        });
        assert!(timeout(Duration::from_secs(2), h).await.is_err());
        sleep(Duration::from_secs(4)).await;
        dropped.get()
    });
    assert_eq!(ran_to_end, Some(at_ms(5000)), "the task ran on, to its own end");
}

#[test]
fn the_trace_records_the_elapsed_timeout() {
    let outcome = Sim::with_exact_seed(3)
        .trace(true)
        .try_run(async {
            let _ = time::timeout(Duration::from_millis(200), sleep(Duration::from_secs(3))).await;
        })
        .unwrap();
    let text = outcome.trace().to_string();
    assert!(text.contains("0.200s  main  timeout elapsed, inner future dropped"), "{text}");
}
