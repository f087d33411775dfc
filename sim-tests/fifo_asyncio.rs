//! `Strategy::Fifo` follows asyncio's loop: each rule, on the asyncio program it mirrors.
//!
//! Every expected log is what CPython 3.11 prints for the program in the comment, run on its
//! own event loop with a virtual clock (`parity/runner.py`'s `VirtualLoop`), so that timers
//! armed in the same step share a deadline. The parity test (`parity_cpython.rs`) checks the
//! same rules on random programs.

use std::time::Duration;

use futures::StreamExt;
use simloop::time::{sleep, timeout};
use simloop::{Sim, Strategy, Tape, TaskGroup, WaitFor, spawn, yield_now};

use crate::support::Log;

fn fifo() -> Sim {
    Sim::with_exact_seed(7).strategy(Strategy::Fifo)
}

/// Four tasks sleep until the same instant; the order they resume in.
async fn same_instant_sleepers() -> Vec<String> {
    let log = Log::default();
    let tasks: Vec<_> = ["a", "b", "c", "d"]
        .into_iter()
        .map(|name| {
            let log = log.clone();
            spawn(async move {
                sleep(Duration::from_secs(1)).await;
                log.push(name);
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    log.entries()
}

#[test]
fn same_instant_timers_fire_in_the_order_of_cpythons_timer_heap() {
    // async def t(n): await asyncio.sleep(1); log.append(n)
    // tasks = [asyncio.create_task(t(n)) for n in "abcd"]; for x in tasks: await x
    //
    // `heapq` compares timer handles by deadline alone: popping `a` moves `d` to the top and
    // sifts it down past `c`, the right child.
    assert_eq!(fifo().run(same_instant_sleepers()), ["a", "c", "b", "d"]);
    // The default order of the other strategies (choice 0) is creation order.
    let defaults = Sim::with_exact_seed(7).tape(Tape::new()).run(same_instant_sleepers());
    assert_eq!(defaults, ["a", "b", "c", "d"]);
}

#[test]
fn a_timer_heap_mostly_cancelled_is_rebuilt_as_cpython_rebuilds_it() {
    // async def sleeper(i): await asyncio.sleep(1 + i * 5 % 4); log.append(i)
    // tasks = [asyncio.create_task(sleeper(i)) for i in range(150)]
    // await asyncio.sleep(0)
    // for i, t in enumerate(tasks):
    //     if i * 7 % 3 != 0: t.cancel()
    // for i, t in enumerate(tasks):
    //     if i * 7 % 3 == 0: await t
    //
    // 100 of 150 timers cancelled: the next iteration rebuilds the heap from the live ones
    // (`heapq.heapify`), which reorders the ties.
    let order = fifo().run(async {
        let log = Log::default();
        let tasks: Vec<_> = (0..150u64)
            .map(|i| {
                let log = log.clone();
                spawn(async move {
                    sleep(Duration::from_secs(1 + i * 5 % 4)).await;
                    log.push(i.to_string());
                })
            })
            .collect();
        yield_now().await;
        let mut kept = Vec::new();
        for (i, task) in tasks.into_iter().enumerate() {
            if i * 7 % 3 != 0 {
                task.abort();
            } else {
                kept.push(task);
            }
        }
        for task in kept {
            task.await.unwrap();
        }
        log.entries()
    });
    let cpython = [
        72, 24, 0, 144, 60, 132, 120, 48, 12, 108, 96, 36, 84, 9, 81, 141, 69, 33, 129, 117, 57,
        105, 93, 45, 21, 42, 78, 66, 18, 6, 138, 30, 90, 126, 114, 54, 102, 87, 111, 75, 63, 147,
        99, 123, 39, 135, 3, 27, 15, 51,
    ];
    assert_eq!(order, cpython.map(|i: u64| i.to_string()));
}

/// A timeout whose inner future completes at the very instant of its deadline.
async fn tie() -> bool {
    timeout(Duration::from_secs(1), sleep(Duration::from_secs(1))).await.is_err()
}

#[test]
fn a_timeout_deadline_beats_a_completion_at_the_same_instant() {
    // async with asyncio.timeout(1): await asyncio.sleep(1)   -> TimeoutError
    assert!(fifo().run(tie()), "the deadline wins under Fifo");
    assert!(!Sim::with_exact_seed(7).tape(Tape::new()).run(tie()), "choice 0: the completion");
}

#[test]
fn a_timeout_due_when_entered_cancels_the_block_at_its_next_resumption() {
    // asyncio.create_task(other())            # other: log.append("other")
    // async with asyncio.timeout(0):          # the handler is scheduled with call_soon
    //     log.append("block"); await asyncio.sleep(0); log.append("not reached")
    // except TimeoutError: log.append("expired")
    let log = fifo().run(async {
        let log = Log::default();
        let other = log.clone();
        drop(spawn(async move { other.push("other") }));
        let block = log.clone();
        let res = timeout(Duration::ZERO, async move {
            block.push("block");
            yield_now().await;
            block.push("not reached");
        })
        .await;
        log.push(if res.is_err() { "expired" } else { "done" });
        log.entries()
    });
    assert_eq!(log, ["block", "other", "expired"]);
}

#[test]
fn gather_resumes_its_caller_two_hops_after_the_last_child() {
    // async def body3(): await asyncio.sleep(0); log.append("yielded")
    // async def body2(): asyncio.create_task(body3())
    // async def body1(): await asyncio.gather(body2()); log.append("gathered")
    // await asyncio.create_task(body1())
    //
    // body2's end runs gather's done callback (a hop), which resumes body1 (another): body3,
    // woken in between, runs first.
    let log = fifo().run(async {
        let log = Log::default();
        let (outer, inner) = (log.clone(), log.clone());
        let body1 = spawn(async move {
            simloop::gather([async move {
                let inner = inner.clone();
                drop(spawn(async move {
                    yield_now().await;
                    inner.push("yielded");
                }));
            }])
            .await;
            outer.push("gathered");
        });
        body1.await.unwrap();
        yield_now().await;
        log.entries()
    });
    assert_eq!(log, ["yielded", "gathered"]);
}

#[test]
fn a_wait_with_a_zero_timeout_sees_a_task_that_finishes_in_the_same_iteration() {
    // t = asyncio.create_task(asyncio.sleep(0))
    // done, pending = await asyncio.wait([t], timeout=0, return_when=FIRST_COMPLETED)
    //
    // The timer armed for "now" fires at the next iteration, after the task's step.
    let (done, pending) = fifo().run(async {
        let task = spawn(async {});
        let waited = simloop::wait([task], WaitFor::FirstCompleted).timeout(Duration::ZERO).await;
        (waited.done.len(), waited.pending.len())
    });
    assert_eq!((done, pending), (1, 0));
}

#[test]
fn a_task_group_cancels_the_siblings_of_a_failure_from_its_done_callback() {
    // async with asyncio.TaskGroup() as g:
    //     g.create_task(boom()); g.create_task(hello())    # boom raises; hello logs
    // except* ValueError: log.append("error")
    //
    // hello's step was queued before boom's end: it runs before the callback cancels it.
    let log = fifo().run(async {
        let log = Log::default();
        let mut group: TaskGroup<(), &str> = TaskGroup::new();
        group.try_spawn(async { Err("boom") });
        let hello = log.clone();
        group.try_spawn(async move {
            hello.push("hello");
            Ok(())
        });
        if group.join().await.is_err() {
            log.push("error");
        }
        log.entries()
    });
    assert_eq!(log, ["hello", "error"]);
}

#[test]
fn as_completed_hands_out_each_task_from_its_done_callback() {
    // tasks = [asyncio.create_task(t1()), asyncio.create_task(t2())]
    // # t1 returns; t2 yields once, then logs
    // for f in asyncio.as_completed(tasks): log.append(f"got {await f}")
    let log = fifo().run(async {
        let log = Log::default();
        let t2_log = log.clone();
        let tasks = [
            spawn(async { "t1" }),
            spawn(async move {
                yield_now().await;
                t2_log.push("t2 yielded");
                "t2"
            }),
        ];
        let mut results = simloop::as_completed(tasks);
        while let Some((_, result)) = results.next().await {
            log.push(format!("got {}", result.unwrap()));
        }
        log.entries()
    });
    assert_eq!(log, ["t2 yielded", "got t1", "got t2"]);
}
