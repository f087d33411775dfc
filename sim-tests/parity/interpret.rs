//! The simloop side: a program interpreted over simloop's public API under `Strategy::Fifo`.
//!
//! | asyncio | here | why this one |
//! | --- | --- | --- |
//! | `create_task(c)` | `simloop::spawn` | |
//! | `task.cancel()` | `AbortHandle::abort` | lands at the task's next resumption, as a cancel does |
//! | `await task` | `JoinHandle` | an exception is a panic, `JoinError::is_panic` |
//! | `sleep(0)` / `sleep(ms)` | `yield_now` / `time::sleep` | |
//! | `wait_for(t, ms)` | `time::timeout(ms, &mut handle)`, then `abort` and await | 3.11 cancels the task and waits for it |
//! | `async with timeout(ms)` | `time::timeout(ms, block)` | dropping the block is the cancellation |
//! | `gather(...)` | `simloop::gather`, `gather_settled` for `return_exceptions=True` | |
//! | `wait(...)` | `simloop::wait(..).timeout(ms)` | |
//! | `as_completed(...)` | `simloop::as_completed` | |
//! | `TaskGroup` | `simloop::TaskGroup` | |
//! | `shield(t)` | awaiting the `JoinHandle` | dropping a handle detaches: the shield is the default |
//! | `Lock`, `Semaphore` | `tokio::sync::{Mutex, Semaphore}` | FIFO and handed over on release, as asyncio's; `futures`' mutex lets a newcomer barge |
//! | `Event`, `Queue` | `primitives.rs` | no crate has their semantics |
//!
//! With [`Rules`] on, some of these are replaced by an emulation of CPython's own rules
//! (`emulate.rs`), for the what-if diagnostic; the floors measure the mapping above.

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

use super::emulate::{self, Done, Ended, Rules};
use super::primitives::{Event, Queue};
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
    rules: Rules,
    log: RefCell<Log>,
    ended: Cell<bool>,
    handles: RefCell<Vec<Slot>>,
    aborts: RefCell<Vec<Option<AbortHandle>>>,
    /// Each started task's done callbacks, when `rules.done_callbacks` emulates them.
    done: RefCell<Vec<Option<Rc<Done>>>>,
    events: Vec<Event>,
    locks: Vec<tokio::sync::Mutex<()>>,
    sems: Vec<tokio::sync::Semaphore>,
    queues: Vec<Queue>,
}

/// Runs `program` on simloop under `Fifo`: its log.
pub(crate) fn run(program: &Program) -> Log {
    run_with(program, Rules::default())
}

/// Runs `program` under `Fifo` with CPython's `rules` emulated.
pub(crate) fn run_with(program: &Program, rules: Rules) -> Log {
    let ctx = Rc::new(Ctx {
        program: program.clone(),
        rules,
        log: RefCell::default(),
        ended: Cell::new(false),
        handles: RefCell::new(program.tasks.iter().map(|_| Slot::Unstarted).collect()),
        aborts: RefCell::new(program.tasks.iter().map(|_| None).collect()),
        done: RefCell::new(program.tasks.iter().map(|_| None).collect()),
        events: (0..program.events).map(|_| Event::default()).collect(),
        locks: (0..program.locks).map(|_| tokio::sync::Mutex::new(())).collect(),
        sems: program.sems.iter().map(|&n| tokio::sync::Semaphore::new(n)).collect(),
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
    let ctx = ctx.clone();
    async move {
        block(&ctx, k, &ctx.program.tasks[k]).await;
        k as u64
    }
}

fn spawn(ctx: &Rc<Ctx>, k: usize) -> JoinHandle<u64> {
    let handle = if ctx.rules.done_callbacks {
        let done = Rc::new(Done::default());
        ctx.done.borrow_mut()[k] = Some(done.clone());
        simloop::spawn(emulate::tracked(body(ctx, k), done))
    } else {
        simloop::spawn(body(ctx, k))
    };
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
    if ctx.rules.done_callbacks && exec_emulated(ctx, t, stmt).await {
        return;
    }
    match stmt {
        Stmt::Print(id) => ctx.say(format!("t{t} p{id}")),
        Stmt::Sleep(0) => simloop::yield_now().await,
        Stmt::Sleep(ms) => time::sleep(millis(*ms)).await,
        Stmt::Spawn(k) => {
            let handle = spawn(ctx, *k);
            ctx.handles.borrow_mut()[*k] = Slot::Running(handle);
        }
        Stmt::Await(k) | Stmt::Shield(k) => {
            let verb = if matches!(stmt, Stmt::Await(_)) { "await" } else { "shield" };
            let Some(handle) = ctx.take(*k) else {
                return ctx.say(format!("t{t} {verb} t{k}: unstarted"));
            };
            let result = handle.await;
            ctx.say(format!("t{t} {verb} t{k}: {}", outcome(&result, *k)));
        }
        Stmt::Cancel(k) => {
            if let Some(abort) = &ctx.aborts.borrow()[*k] {
                abort.abort();
            }
        }
        Stmt::WaitFor { task: k, ms, create } => {
            let handle = if *create { Some(spawn(ctx, *k)) } else { ctx.take(*k) };
            let Some(mut handle) = handle else {
                return ctx.say(format!("t{t} wait_for t{k}: unstarted"));
            };
            let text = match time::timeout(millis(*ms), &mut handle).await {
                Ok(result) => outcome(&result, *k),
                Err(_) => {
                    handle.abort();
                    match handle.await {
                        Err(e) if e.is_cancelled() => "timeout".to_owned(),
                        result => outcome(&result, *k),
                    }
                }
            };
            ctx.say(format!("t{t} wait_for t{k}: {text}"));
        }
        Stmt::Timeout { id, ms, body } => {
            let expired = if *ms == 0 && ctx.rules.due_deadlines {
                emulate::due_timeout(block(ctx, t, body)).await
            } else if ctx.rules.deadline_first {
                emulate::deadline_first(millis(*ms), block(ctx, t, body)).await
            } else {
                time::timeout(millis(*ms), block(ctx, t, body)).await.is_err()
            };
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
            let _held = ctx.sems[*sem].acquire().await.expect("the semaphore is never closed");
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

/// How a task ended, from its done callbacks' view.
fn ended(ended: Ended, k: usize) -> String {
    match ended {
        Ended::Value(value) => format!("ok {value}"),
        Ended::Error => format!("error t{k}"),
        Ended::Cancelled => "cancelled".to_owned(),
    }
}

impl Ctx {
    fn done_of(&self, k: usize) -> Rc<Done> {
        self.done.borrow()[k].clone().expect("a started task has its callbacks")
    }
}

/// The combinators with asyncio's done callbacks emulated (`Rules::done_callbacks`):
/// whether `stmt` is one of them.
async fn exec_emulated(ctx: &Rc<Ctx>, t: usize, stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Shield(k) => {
            let Some(handle) = ctx.take(*k) else {
                ctx.say(format!("t{t} shield t{k}: unstarted"));
                return true;
            };
            let result = emulate::shield(&ctx.done_of(*k)).await;
            drop(handle); // the shielded task runs on
            ctx.say(format!("t{t} shield t{k}: {}", ended(result, *k)));
        }
        Stmt::WaitFor { task: k, ms, create } => {
            let handle = if *create { Some(spawn(ctx, *k)) } else { ctx.take(*k) };
            let Some(handle) = handle else {
                ctx.say(format!("t{t} wait_for t{k}: unstarted"));
                return true;
            };
            let result = emulate::wait_for(&ctx.done_of(*k), &handle.abort_handle(), *ms).await;
            let text = result.map_or("timeout".to_owned(), |e| ended(e, *k));
            ctx.say(format!("t{t} wait_for t{k}: {text}"));
        }
        Stmt::Gather { tasks, .. } => {
            let handles: Vec<_> = tasks.iter().map(|&k| spawn(ctx, k)).collect();
            let done: Vec<Rc<Done>> = tasks.iter().map(|&k| ctx.done_of(k)).collect();
            let results = emulate::gather(&done).await;
            drop(handles);
            let texts: Vec<String> =
                results.iter().zip(tasks).map(|(&e, &k)| ended(e, k)).collect();
            ctx.say(format!("t{t} gather: [{}]", texts.join(", ")));
        }
        Stmt::Wait { tasks, when, ms } => {
            let handles: Vec<_> = tasks.iter().map(|&k| spawn(ctx, k)).collect();
            let done: Vec<Rc<Done>> = tasks.iter().map(|&k| ctx.done_of(k)).collect();
            emulate::wait(&done, *when, *ms, ctx.rules).await;
            drop(handles);
            let (finished, pending): (Vec<usize>, Vec<usize>) =
                tasks.iter().partition(|&&k| ctx.done_of(k).ended().is_some());
            let mut finished = finished;
            finished.sort_unstable();
            ctx.say(format!("t{t} wait: done {} pending {}", names(&finished), names(&pending)));
        }
        Stmt::AsCompleted(tasks) => {
            let handles: Vec<_> = tasks.iter().map(|&k| spawn(ctx, k)).collect();
            let done: Vec<Rc<Done>> = tasks.iter().map(|&k| ctx.done_of(k)).collect();
            let results = emulate::AsCompleted::new(&done);
            for _ in 0..tasks.len() {
                let i = results.next().await;
                let result = done[i].ended().expect("queued when done");
                ctx.say(format!("t{t} as_completed: {}", ended(result, tasks[i])));
            }
            drop(handles);
        }
        Stmt::TaskGroup(tasks) => {
            let children: Vec<_> = tasks
                .iter()
                .map(|&k| {
                    let handle = spawn(ctx, k);
                    (ctx.done_of(k), handle.abort_handle())
                })
                .collect();
            let text = match emulate::task_group(&children).await {
                None => "ok".to_owned(),
                Some(i) => format!("error t{}", tasks[i]),
            };
            ctx.say(format!("t{t} task_group: {text}"));
        }
        _ => return false,
    }
    true
}
