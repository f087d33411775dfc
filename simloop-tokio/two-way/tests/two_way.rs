//! The same tokio code, two ways: a normal build runs it on real tokio and real time (a few
//! milliseconds of sleeps), `--cfg simloop` explores it on simloop's virtual time. Every test
//! here passes both ways; CI runs both (`.ci/run`).

#[path = "../examples/worker_pool/pool.rs"]
#[allow(dead_code, reason = "the example's module, shared")]
mod pool;

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, Notify, mpsc, oneshot};
use tokio::task::{JoinSet, LocalSet};
use tokio::time::{Instant, MissedTickBehavior, interval, sleep, timeout};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[tokio::test]
async fn spawned_tasks_join_panic_and_abort() {
    let answer = tokio::spawn(async { 40 + 2 });
    assert_eq!(answer.await.unwrap(), 42);

    let panicked = tokio::spawn(async { panic!("worker failed") }).await.unwrap_err();
    assert!(panicked.is_panic());
    assert_eq!(*panicked.into_panic().downcast::<&str>().unwrap(), "worker failed");

    let forever = tokio::spawn(sleep(Duration::from_secs(3600)));
    forever.abort();
    assert!(forever.await.unwrap_err().is_cancelled());

    let id = tokio::spawn(async { tokio::task::id() });
    let expected = id.id();
    assert_eq!(id.await.unwrap(), expected);
    assert_eq!(tokio::task::try_id(), None);
}

fn send_sync<T: Send + Sync>(_: &T) {}

#[tokio::test]
async fn handles_are_send_and_sync_and_panics_stay_in_them() {
    let handle = tokio::spawn(async { 1_u8 });
    send_sync(&handle);
    send_sync(&handle.abort_handle());
    // In `Send + Sync` state, as multi-threaded code keeps them.
    let handles = Arc::new(std::sync::Mutex::new(vec![handle]));
    let handle = handles.lock().unwrap().pop().unwrap();
    assert_eq!(handle.await.unwrap(), 1);

    /// Panics when dropped.
    struct Bomb;
    impl Drop for Bomb {
        fn drop(&mut self) {
            panic!("bomb");
        }
    }
    // Nobody sees these panics, and nothing else fails: tokio's rule.
    drop(tokio::spawn(async { panic!("detached") }));
    let output = tokio::spawn(async { Bomb });
    let abort = output.abort_handle();
    sleep(ms(2)).await;
    assert!(abort.is_finished());
    drop(output);
    let dropped = tokio::spawn(async {
        let _bomb = Bomb;
        std::future::pending::<()>().await;
    });
    sleep(ms(1)).await;
    dropped.abort();
    assert!(dropped.await.unwrap_err().is_panic());
}

#[tokio::test]
async fn sleeps_and_timeouts() {
    let start = Instant::now();
    sleep(ms(3)).await;
    assert!(start.elapsed() >= ms(3));
    assert!(timeout(ms(2), sleep(ms(200))).await.is_err());
    assert_eq!(timeout(ms(200), async { "quick" }).await.unwrap(), "quick");
    let past = Instant::now() - ms(10);
    assert_eq!(tokio::time::timeout_at(past, async { 1 }).await.unwrap(), 1);
}

#[tokio::test]
async fn interval_ticks_at_once_then_every_period() {
    let start = Instant::now();
    let mut ticks = interval(ms(4));
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let first = ticks.tick().await;
    assert!(first - start < ms(4), "the first tick is at once");
    ticks.tick().await;
    ticks.tick().await;
    assert!(start.elapsed() >= ms(8));
    assert_eq!(ticks.period(), ms(4));
}

#[tokio::test]
async fn join_set_gives_tasks_in_completion_order() {
    let mut set = JoinSet::new();
    for n in [3u64, 1, 2] {
        set.spawn(async move {
            sleep(ms(n * 10)).await;
            n
        });
    }
    let mut order = Vec::new();
    while let Some(done) = set.join_next().await {
        order.push(done.unwrap());
    }
    assert_eq!(order, [1, 2, 3]);
    let aborted = set.spawn(std::future::pending::<u64>());
    aborted.abort();
    assert!(set.join_next().await.unwrap().unwrap_err().is_cancelled());
}

#[tokio::test]
async fn select_with_preconditions_patterns_and_else() {
    let (tx, mut rx) = mpsc::channel::<u32>(4);
    tokio::spawn(async move {
        for n in 1..=3 {
            tx.send(n).await.unwrap();
            sleep(ms(1)).await;
        }
    });
    let mut sum = 0;
    let mut deadline_fired = false;
    let deadline = sleep(ms(500));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            Some(n) = rx.recv() => sum += n,
            () = &mut deadline, if !deadline_fired => deadline_fired = true,
            else => break,
        }
        if sum == 6 {
            break;
        }
    }
    assert_eq!(sum, 6);
    let first = tokio::select! {
        biased;
        a = async { "a" } => a,
        b = async { "b" } => b,
    };
    assert_eq!(first, "a");
}

#[tokio::test]
async fn sync_primitives_between_tasks() {
    let counter = Arc::new(Mutex::new(0));
    let notify = Arc::new(Notify::new());
    let (done_tx, done_rx) = oneshot::channel();
    let mut set = JoinSet::new();
    for _ in 0..4 {
        let (counter, notify) = (counter.clone(), notify.clone());
        set.spawn(async move {
            let mut guard = counter.lock().await;
            tokio::task::yield_now().await;
            *guard += 1;
            notify.notify_one();
        });
    }
    tokio::spawn(async move {
        sleep(ms(2)).await;
        done_tx.send("done").unwrap();
    });
    while set.join_next().await.is_some() {}
    assert_eq!(*counter.lock().await, 4);
    notify.notified().await; // a permit is stored
    assert_eq!(done_rx.await.unwrap(), "done");
}

#[tokio::test]
async fn join_and_try_join() {
    let (a, b) = tokio::join!(
        async {
            sleep(ms(2)).await;
            1
        },
        async { "two" }
    );
    assert_eq!((a, b), (1, "two"));
    let ok: Result<(u8, u8), &str> = tokio::try_join!(async { Ok(1) }, async { Ok(2) });
    assert_eq!(ok, Ok((1, 2)));
    let err: Result<(u8, ()), &str> = tokio::try_join!(async { Err("failed") }, async {
        sleep(ms(100)).await;
        Ok(())
    });
    assert_eq!(err, Err("failed"));
}

tokio::task_local! {
    static REQUEST: u32;
}

#[tokio::test]
async fn task_locals_and_local_sets() {
    let local = LocalSet::new();
    let seen = local
        .run_until(async {
            let shared = Rc::new(7);
            tokio::task::spawn_local(REQUEST.scope(5, async move { REQUEST.get() + *shared }))
                .await
                .unwrap()
        })
        .await;
    assert_eq!(seen, 12);
    let blocking = tokio::task::spawn_blocking(|| (1..=4u32).product::<u32>()).await.unwrap();
    assert_eq!(blocking, 24);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_pool_answers_every_job() {
    let config =
        pool::Config { workers: 3, job_timeout: ms(50), heartbeat: ms(2), racy_stats: false };
    let works = [1, 400, 3, 2, 5].map(ms);
    let (stats, answers) = pool::submit_all(config, &works).await;
    assert_eq!(answers[1], Err("timed out"));
    assert_eq!(answers.iter().filter(|a| a.is_ok()).count(), 4);
    assert_eq!(stats.completed, 4);
    assert_eq!(stats.timed_out, 1);
}

#[test]
fn runtime_block_on_runs_tokio_code() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let waited = rt.block_on(async {
        let start = Instant::now();
        tokio::spawn(sleep(ms(2))).await.unwrap();
        start.elapsed()
    });
    assert!(waited >= ms(2));
}
