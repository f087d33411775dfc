//! The simloop side: a program interpreted over simloop's public API under `Strategy::Fifo`.
//!
//! | asyncio | here | why this one |
//! | --- | --- | --- |
//! | `create_task(c)` | `simloop::spawn` | |
//! | `task.cancel()` | `AbortHandle::abort` | lands at the task's next resumption, as a cancel does |
//! | `await task` | `JoinHandle` | an exception is a panic, `JoinError::is_panic` |
//! | `sleep(0)` / `sleep(ms)` | `yield_now` / `time::sleep` | |
//! | `wait_for(t, ms)` | `time::timeout(ms, &mut wait([t]))`, then `abort` and the `wait` again | 3.11 waits on a future released by the task's done callback or by a timer armed first, then cancels the task and waits for it |
//! | `async with timeout(ms)` | `time::timeout(ms, block)` | dropping the block is the cancellation |
//! | `gather(...)` | `simloop::gather`, `gather_settled` for `return_exceptions=True` | |
//! | `wait(...)` | `simloop::wait(..).timeout(ms)` | |
//! | `as_completed(...)` | `simloop::as_completed` | |
//! | `TaskGroup` | `simloop::TaskGroup` | |
//! | `shield(t)` | `wait([t])`, or the `JoinHandle` of a finished task | an outer future resolved by the task's done callback; dropping it detaches the task |
//! | `Lock` | `tokio::sync::Mutex` | FIFO and handed over on release, as asyncio's; `futures`' mutex lets a newcomer barge |
//! | `Event`, `Queue`, `Semaphore` | `primitives.rs` | no crate has their semantics |
//!
//! Under `Fifo` simloop's combinators are asyncio's mechanisms (see `Strategy::Fifo`): `wait`
//! and `as_completed` wake their caller from done callbacks, `time::timeout` arms its timer
//! before the block runs. The mapping picks, for each asyncio construct, the simloop one with
//! the same mechanism.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use futures::StreamExt;
use simloop::task::AbortHandle;
use simloop::time::{self, Instant};
use simloop::{
    Detector, FailureKind, JoinError, JoinHandle, Policy, Sim, Strategy, TaskGroup, WaitFor,
};

use super::primitives::{Event, Queue, Semaphore};
use super::program::{Log, Program, Stmt, When};

type Boxed<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// A task's entry in the table: asyncio keeps `Task` objects around, a `JoinHandle` is
/// consumed by its await.
enum Slot {
    Unstarted,
    Running(JoinHandle<u64>),
    Awaited,
}

struct Ctx {
    program: Program,
    log: RefCell<Log>,
    ended: Cell<bool>,
    handles: RefCell<Vec<Slot>>,
    aborts: RefCell<Vec<Option<AbortHandle>>>,
    /// How each task ended, as both runners write it (asyncio's `task.done()` and result).
    ends: RefCell<Vec<Option<String>>>,
    events: Vec<Event>,
    locks: Vec<tokio::sync::Mutex<()>>,
    sems: Vec<Semaphore>,
    queues: Vec<Queue>,
}

/// Runs `program` on simloop under `Fifo`: its log.
pub(crate) fn run(program: &Program) -> Log {
    let ctx = Rc::new(Ctx {
        program: program.clone(),
        log: RefCell::default(),
        ended: Cell::new(false),
        handles: RefCell::new(program.tasks.iter().map(|_| Slot::Unstarted).collect()),
        aborts: RefCell::new(program.tasks.iter().map(|_| None).collect()),
        ends: RefCell::new(program.tasks.iter().map(|_| None).collect()),
        events: (0..program.events).map(|_| Event::default()).collect(),
        locks: (0..program.locks).map(|_| tokio::sync::Mutex::new(())).collect(),
        sems: program.sems.iter().map(|&n| Semaphore::new(n)).collect(),
        queues: program.queues.iter().map(|&n| Queue::new(n)).collect(),
    });
    let main = {
        let ctx = ctx.clone();
        async move {
            block(&ctx, 0, &ctx.program.tasks[0]).await;
            ctx.say("end".to_owned());
            ctx.ended.set(true);
        }
    };
    let outcome = Sim::with_exact_seed(0)
        .strategy(Strategy::Fifo)
        .policy(Detector::LeakedTasks, Policy::Allow)
        .policy(Detector::UnobservedPanic, Policy::Allow)
        .try_run(main);
    if let Err(failure) = outcome {
        let what = match failure.kind() {
            FailureKind::Deadlock => "deadlock".to_owned(),
            other => format!("failure {other}"),
        };
        ctx.log.borrow_mut().push((ms(failure.time()), what));
    }
    ctx.log.take()
}

fn ms(at: Instant) -> u64 {
    at.since_start().as_millis() as u64
}

impl Ctx {
    fn say(&self, label: String) {
        if !self.ended.get() {
            self.log.borrow_mut().push((ms(time::now()), label));
        }
    }

    /// Takes the handle of a started task, for the one statement that awaits it.
    fn take(&self, k: usize) -> Option<JoinHandle<u64>> {
        match std::mem::replace(&mut self.handles.borrow_mut()[k], Slot::Awaited) {
            Slot::Running(handle) => Some(handle),
            Slot::Unstarted | Slot::Awaited => None,
        }
    }
}

/// A task's body as a future: it returns its index, or panics for `raise`.
fn body(ctx: &Rc<Ctx>, k: usize) -> impl Future<Output = u64> + 'static {
    /// Records how the task ended when its future is dropped: completed, unwinding from a
    /// `raise`, or cancelled (made outside the block, so that a task cancelled before its first
    /// step records it too).
    struct End {
        ctx: Rc<Ctx>,
        k: usize,
        completed: bool,
    }
    impl Drop for End {
        fn drop(&mut self) {
            let k = self.k;
            let text = match self.completed {
                true => format!("ok {k}"),
                false if std::thread::panicking() => format!("error t{k}"),
                false => "cancelled".to_owned(),
            };
            self.ctx.ends.borrow_mut()[k] = Some(text);
        }
    }
    let end = End { ctx: ctx.clone(), k, completed: false };
    async move {
        let mut end = end; // the whole guard moves into the future
        let ctx = end.ctx.clone();
        block(&ctx, k, &ctx.program.tasks[k]).await;
        end.completed = true;
        k as u64
    }
}

fn spawn(ctx: &Rc<Ctx>, k: usize) -> JoinHandle<u64> {
    let handle = simloop::spawn(body(ctx, k));
    ctx.aborts.borrow_mut()[k] = Some(handle.abort_handle());
    handle
}

/// How a task ended, as both runners write it.
fn outcome(result: &Result<u64, JoinError>, k: usize) -> String {
    match result {
        Ok(value) => format!("ok {value}"),
        Err(e) if e.is_cancelled() => "cancelled".to_owned(),
        Err(_) => format!("error t{k}"),
    }
}

fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

/// 3.11's `wait_for(task, ms)`: a waiter future released by the task's done callback (a
/// `wait` of it) or by a timer armed first (`time::timeout` over that wait; a timeout of 0
/// arms none). When the caller resumes on the timer, a finished task gives its result;
/// otherwise it is cancelled and waited for, through the done callback again.
async fn wait_for(ctx: &Ctx, handle: JoinHandle<u64>, ms: u64, k: usize) -> String {
    let abort = handle.abort_handle();
    let mut waiter = simloop::wait([handle], WaitFor::AllCompleted);
    if ms > 0 {
        if let Ok(waited) = time::timeout(millis(ms), &mut waiter).await {
            return done_outcome(waited, k);
        }
    }
    if let Some(text) = ctx.ends.borrow()[k].clone() {
        return text; // `if fut.done(): return fut.result()`
    }
    abort.abort();
    match done_outcome(waiter.await, k) {
        text if text == "cancelled" => "timeout".to_owned(),
        text => text,
    }
}

/// The outcome of the one task of a finished `wait`.
fn done_outcome(waited: simloop::Waited<u64>, k: usize) -> String {
    let (_, result) =
        waited.done.into_iter().next().expect("the wait returns when the task is done");
    outcome(&result, k)
}

/// Waits for one task through its done callback (`wait` of it alone).
async fn wait_one(handle: JoinHandle<u64>) -> Result<u64, JoinError> {
    let waited = simloop::wait([handle], WaitFor::AllCompleted).await;
    waited.done.into_iter().next().expect("the wait returns when the task is done").1
}

fn block<'a>(ctx: &'a Rc<Ctx>, t: usize, stmts: &'a [Stmt]) -> Boxed<'a> {
    Box::pin(async move {
        for stmt in stmts {
            exec(ctx, t, stmt).await;
        }
    })
}

fn names(ks: &[usize]) -> String {
    let names: Vec<String> = ks.iter().map(|k| format!("t{k}")).collect();
    format!("[{}]", names.join(", "))
}

async fn exec(ctx: &Rc<Ctx>, t: usize, stmt: &Stmt) {
    match stmt {
        Stmt::Print(id) => ctx.say(format!("t{t} p{id}")),
        Stmt::Sleep(0) => simloop::yield_now().await,
        Stmt::Sleep(ms) => time::sleep(millis(*ms)).await,
        Stmt::Spawn(k) => {
            let handle = spawn(ctx, *k);
            ctx.handles.borrow_mut()[*k] = Slot::Running(handle);
        }
        Stmt::Await(k) => {
            let Some(handle) = ctx.take(*k) else {
                return ctx.say(format!("t{t} await t{k}: unstarted"));
            };
            let result = handle.await;
            ctx.say(format!("t{t} await t{k}: {}", outcome(&result, *k)));
        }
        Stmt::Shield(k) => {
            let Some(handle) = ctx.take(*k) else {
                return ctx.say(format!("t{t} shield t{k}: unstarted"));
            };
            // `shield` returns a finished task itself; otherwise an outer future that the
            // task's done callback resolves, as `wait` does. Dropping either detaches the task.
            let result = if handle.is_finished() { handle.await } else { wait_one(handle).await };
            ctx.say(format!("t{t} shield t{k}: {}", outcome(&result, *k)));
        }
        Stmt::Cancel(k) => {
            if let Some(abort) = &ctx.aborts.borrow()[*k] {
                abort.abort();
            }
        }
        Stmt::WaitFor { task: k, ms, create } => {
            let handle = if *create { Some(spawn(ctx, *k)) } else { ctx.take(*k) };
            let Some(handle) = handle else {
                return ctx.say(format!("t{t} wait_for t{k}: unstarted"));
            };
            let text = wait_for(ctx, handle, *ms, *k).await;
            ctx.say(format!("t{t} wait_for t{k}: {text}"));
        }
        Stmt::Timeout { id, ms, body } => {
            let expired = time::timeout(millis(*ms), block(ctx, t, body)).await.is_err();
            let text = if expired { "expired" } else { "done" };
            ctx.say(format!("t{t} timeout{id}: {text}"));
        }
        Stmt::Gather { tasks, settled: false } => {
            let values = simloop::gather(tasks.iter().map(|&k| body(ctx, k))).await;
            let texts: Vec<String> = values.iter().map(|v| format!("ok {v}")).collect();
            ctx.say(format!("t{t} gather: [{}]", texts.join(", ")));
        }
        Stmt::Gather { tasks, settled: true } => {
            let results = simloop::gather_settled(tasks.iter().map(|&k| body(ctx, k))).await;
            let texts: Vec<String> =
                results.iter().zip(tasks).map(|(r, &k)| outcome(r, k)).collect();
            ctx.say(format!("t{t} gather: [{}]", texts.join(", ")));
        }
        Stmt::EventSet(e) => ctx.events[*e].set(),
        Stmt::EventClear(e) => ctx.events[*e].clear(),
        Stmt::EventWait(e) => ctx.events[*e].wait().await,
        Stmt::Lock { lock, body } => {
            let _held = ctx.locks[*lock].lock().await;
            block(ctx, t, body).await;
        }
        Stmt::Sem { sem, body } => {
            let _held = ctx.sems[*sem].acquire().await;
            block(ctx, t, body).await;
        }
        Stmt::Put { queue, item } => ctx.queues[*queue].put(*item).await,
        Stmt::Get(queue) => {
            let item = ctx.queues[*queue].get().await;
            ctx.say(format!("t{t} got {item}"));
        }
        Stmt::Wait { tasks, when, ms } => {
            let handles: Vec<_> = tasks.iter().map(|&k| spawn(ctx, k)).collect();
            let mode = match when {
                When::FirstCompleted => WaitFor::FirstCompleted,
                When::FirstException => WaitFor::FirstError,
                When::AllCompleted => WaitFor::AllCompleted,
            };
            let mut wait = simloop::wait(handles, mode);
            if let Some(ms) = ms {
                wait = wait.timeout(millis(*ms));
            }
            let waited = wait.await;
            let mut done: Vec<usize> = waited.done.iter().map(|(i, _)| tasks[*i]).collect();
            done.sort_unstable();
            let pending: Vec<usize> = tasks.iter().copied().filter(|k| !done.contains(k)).collect();
            ctx.say(format!("t{t} wait: done {} pending {}", names(&done), names(&pending)));
        }
        Stmt::AsCompleted(tasks) => {
            let handles: Vec<_> = tasks.iter().map(|&k| spawn(ctx, k)).collect();
            let mut results = simloop::as_completed(handles);
            while let Some((i, result)) = results.next().await {
                ctx.say(format!("t{t} as_completed: {}", outcome(&result, tasks[i])));
            }
        }
        Stmt::TaskGroup(tasks) => {
            let mut group: TaskGroup<u64> = TaskGroup::new();
            for &k in tasks {
                group.spawn(body(ctx, k));
            }
            let text = match group.join().await {
                Ok(_) => "ok".to_owned(),
                Err(e) => format!("error t{}", tasks[e.index()]),
            };
            ctx.say(format!("t{t} task_group: {text}"));
        }
        Stmt::Raise => std::panic::resume_unwind(Box::new(format!("t{t}"))),
    }
}
