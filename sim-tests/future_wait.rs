//! `wait`: the three modes, timeouts, and what is left pending.

use std::time::Duration;

use simloop::time::{Instant, now, sleep};
use simloop::{JoinHandle, Sim, WaitFor, Waited, spawn, wait};

use crate::support::at_ms;

/// Tasks that finish after `secs` seconds each, giving `secs`.
fn sleepers(secs: &[u64]) -> Vec<JoinHandle<u64>> {
    secs.iter()
        .map(|&s| {
            spawn(async move {
                sleep(Duration::from_secs(s)).await;
                s
            })
        })
        .collect()
}

/// Aborts the tasks and waits until they are gone.
async fn cancel<T: std::fmt::Debug>(pending: Vec<JoinHandle<T>>) {
    for h in pending {
        h.abort();
        assert!(h.await.unwrap_err().is_cancelled());
    }
}

/// The indices of `done`, in its order.
fn indices<T>(waited: &Waited<T>) -> Vec<usize> {
    waited.done.iter().map(|(i, _)| *i).collect()
}

#[test]
fn first_completed_returns_at_the_first_completion() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let waited = wait(sleepers(&[3, 1, 2]), WaitFor::FirstCompleted).await;
            assert_eq!(now(), at_ms(1000), "seed {seed}");
            assert_eq!(indices(&waited), [1]);
            assert_eq!(*waited.done[0].1.as_ref().unwrap(), 1);
            // The others were not aborted: their handles are in input order.
            let rest: Vec<u64> = futures::future::join_all(waited.pending)
                .await
                .into_iter()
                .map(Result::unwrap)
                .collect();
            assert_eq!(rest, [3, 2]);
        });
    }
}

#[test]
fn all_completed_lists_done_in_completion_order() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let waited = wait(sleepers(&[3, 1, 2]), WaitFor::AllCompleted).await;
            assert_eq!(now(), at_ms(3000));
            assert_eq!(indices(&waited), [1, 2, 0], "seed {seed}");
            assert!(waited.pending.is_empty());
        });
    }
}

#[test]
fn first_error_returns_at_the_first_panic() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let mut handles = sleepers(&[1, 5]);
            handles.insert(
                1,
                spawn(async {
                    sleep(Duration::from_secs(2)).await;
                    panic!("task failed")
                }),
            );
            let waited = wait(handles, WaitFor::FirstError).await;
            assert_eq!(now(), at_ms(2000), "seed {seed}");
            assert_eq!(indices(&waited), [0, 1]);
            assert!(waited.done[1].1.as_ref().unwrap_err().is_panic());
            assert_eq!(waited.pending.len(), 1);
            cancel(waited.pending).await;
        });
    }
}

#[test]
fn first_error_counts_a_cancellation() {
    Sim::with_exact_seed(1).run(async {
        let handles = sleepers(&[5, 10]);
        let abort = handles[1].abort_handle();
        let _aborter = spawn(async move {
            sleep(Duration::from_secs(1)).await;
            abort.abort();
        });
        let waited = wait(handles, WaitFor::FirstError).await;
        assert_eq!(now(), at_ms(1000));
        assert_eq!(indices(&waited), [1]);
        assert!(waited.done[0].1.as_ref().unwrap_err().is_cancelled());
        cancel(waited.pending).await;
    });
}

#[test]
fn first_error_ignores_err_outputs_they_are_values() {
    Sim::with_exact_seed(1).run(async {
        let handles: Vec<JoinHandle<Result<u8, &str>>> = vec![
            spawn(async {
                sleep(Duration::from_secs(1)).await;
                Err("an output, not a failure")
            }),
            spawn(async {
                sleep(Duration::from_secs(2)).await;
                Ok(2)
            }),
        ];
        let waited = wait(handles, WaitFor::FirstError).await;
        assert_eq!(now(), at_ms(2000), "waited for all: no task failed");
        assert_eq!(indices(&waited), [0, 1]);
    });
}

#[test]
fn a_timeout_returns_what_is_done_and_leaves_the_rest_running() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let waited = wait(sleepers(&[1, 2, 3]), WaitFor::AllCompleted)
                .timeout(Duration::from_millis(1500))
                .await;
            assert_eq!(now(), at_ms(1500), "seed {seed}");
            assert_eq!(indices(&waited), [0]);
            assert_eq!(waited.pending.len(), 2);
            let again = wait(waited.pending, WaitFor::FirstCompleted).await;
            assert_eq!(now(), at_ms(2000), "the pending tasks ran on");
            assert_eq!(indices(&again), [0], "indices refer to the new input");
            assert_eq!(*again.done[0].1.as_ref().unwrap(), 2);
            cancel(again.pending).await;
        });
    }
}

#[test]
fn timeout_at_is_an_absolute_deadline_and_an_early_finish_ignores_it() {
    Sim::with_exact_seed(1).run(async {
        let deadline = Instant::from_start(Duration::from_secs(10));
        let waited = wait(sleepers(&[1, 2]), WaitFor::AllCompleted).timeout_at(deadline).await;
        assert_eq!(now(), at_ms(2000));
        assert_eq!(indices(&waited), [0, 1]);
    });
}

#[test]
fn an_empty_wait_returns_at_once() {
    Sim::with_exact_seed(1).run(async {
        let waited = wait(Vec::<JoinHandle<()>>::new(), WaitFor::FirstCompleted).await;
        assert!(waited.done.is_empty() && waited.pending.is_empty());
        assert_eq!(now(), at_ms(0));
    });
}

#[test]
fn tasks_finished_before_the_wait_are_all_done() {
    Sim::with_exact_seed(1).run(async {
        let handles = sleepers(&[2, 1]);
        sleep(Duration::from_secs(5)).await;
        let waited = wait(handles, WaitFor::FirstCompleted).await;
        assert_eq!(indices(&waited), [0, 1], "both done; input order when already finished");
    });
}
