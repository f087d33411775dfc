//! A worker pool written only against tokio's API: jobs arrive on a channel, a fixed set of
//! workers (a `JoinSet`) runs each under a `timeout`, a heartbeat (`interval`) reports
//! progress, and a `select!` in each worker waits for a job, the heartbeat or the shutdown
//! signal.
//!
//! `Config::racy_stats` plants a bug: a worker reads the completed count, awaits the report
//! of the job, then writes the count back, so two workers finishing together lose one
//! completion when their jobs end at the same instant; an exploration finds it, replays it
//! and shrinks its schedule.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio::time::{MissedTickBehavior, interval, timeout};

/// The pool's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub workers: usize,
    pub job_timeout: Duration,
    pub heartbeat: Duration,
    /// The planted bug: the completed count is updated across an await.
    pub racy_stats: bool,
}

/// A unit of work: how long it takes, and where its result goes.
#[derive(Debug)]
pub struct Job {
    pub id: u64,
    pub work: Duration,
    pub reply: oneshot::Sender<Result<u64, &'static str>>,
}

/// What the pool did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub completed: u64,
    pub timed_out: u64,
    pub heartbeats: u64,
}

/// Runs the pool until `shutdown` turns true and the queue is drained; gives its stats.
pub async fn run(
    config: Config,
    jobs: mpsc::Receiver<Job>,
    shutdown: watch::Receiver<bool>,
) -> Stats {
    let jobs = Arc::new(Mutex::new(jobs));
    let stats = Arc::new(Mutex::new(Stats::default()));
    let mut workers = JoinSet::new();
    for _ in 0..config.workers {
        workers.spawn(worker(config.clone(), jobs.clone(), stats.clone(), shutdown.clone()));
    }
    while let Some(done) = workers.join_next().await {
        done.expect("a worker panicked");
    }
    stats.lock().await.clone()
}

async fn worker(
    config: Config,
    jobs: Arc<Mutex<mpsc::Receiver<Job>>>,
    stats: Arc<Mutex<Stats>>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut heartbeat = interval(config.heartbeat);
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        let job = tokio::select! {
            job = async { jobs.lock().await.recv().await } => match job {
                Some(job) => job,
                None => return, // the queue is closed and drained
            },
            _ = heartbeat.tick() => {
                stats.lock().await.heartbeats += 1;
                continue;
            }
            Ok(()) = shutdown.changed(), if !*shutdown.borrow() => {
                if *shutdown.borrow() {
                    return;
                }
                continue;
            }
        };
        let id = job.id;
        match timeout(config.job_timeout, tokio::time::sleep(job.work)).await {
            Ok(()) => {
                if config.racy_stats {
                    let seen = stats.lock().await.completed;
                    let _ = job.reply.send(Ok(id)); // the report, between the read and the write
                    tokio::task::yield_now().await;
                    stats.lock().await.completed = seen + 1;
                } else {
                    stats.lock().await.completed += 1;
                    let _ = job.reply.send(Ok(id));
                }
            }
            Err(_) => {
                stats.lock().await.timed_out += 1;
                let _ = job.reply.send(Err("timed out"));
            }
        }
    }
}

/// Submits `works` to a pool of `config`, closes the queue, and gives the stats and the
/// replies in submission order.
pub async fn submit_all(
    config: Config,
    works: &[Duration],
) -> (Stats, Vec<Result<u64, &'static str>>) {
    let (tx, rx) = mpsc::channel(works.len().max(1));
    let (_stop, shutdown) = watch::channel(false);
    let pool = tokio::spawn(run(config, rx, shutdown));
    let mut replies = Vec::new();
    for (id, work) in works.iter().enumerate() {
        let (reply, answer) = oneshot::channel();
        tx.send(Job { id: id as u64, work: *work, reply }).await.expect("the pool runs");
        replies.push(answer);
    }
    drop(tx);
    let mut answers = Vec::new();
    for answer in replies {
        answers.push(answer.await.expect("every job is answered"));
    }
    (pool.await.expect("the pool ran"), answers)
}
