//! What code outside the engine may ask of the running simulation: the engine's surface.
//!
//! API code (`task/`, `time/`, `future/`, `blocking`, `random`, `trace/`, the macros) reaches
//! the core through [`context`](super::context), which lends it for one short call, and calls
//! only the methods of this file. Everything else of the core is private to `runtime/`.
//!
//! | method | for |
//! | --- | --- |
//! | [`now`](Core::now), [`sim_id`](Core::sim_id), [`current_task`](Core::current_task) | the clock, the simulation's identity, the task whose code runs |
//! | [`spawn_task`](Core::spawn_task) | `spawn` |
//! | [`add_timer`](Core::add_timer), [`set_timer_waker`](Core::set_timer_waker), [`cancel_timer`](Core::cancel_timer) | `Sleep` |
//! | [`timeout_race`](Core::timeout_race), [`timeout_elapsed`](Core::timeout_elapsed) | `Timeout` at its deadline |
//! | [`asyncio_callbacks`](Core::asyncio_callbacks), [`call_soon`](Core::call_soon), [`add_done_callback`](Core::add_done_callback) | the combinators and `Timeout` under `Strategy::Fifo`: asyncio's callback hops |
//! | [`branch_order`](Core::branch_order) | `select!` and `join!` |
//! | [`buggify`](Core::buggify_at), [`user_event`](Core::user_event), [`user_rng`](Core::user_rng) | `buggify!`, `event!`, `random` |
//! | [`note_yield`](Core::note_yield) | `yield_now` |
//! | [`cpu_work`](Core::cpu_work), [`acquire_worker`](Core::acquire_worker), [`cancel_worker_request`](Core::cancel_worker_request), [`release_worker`](Core::release_worker) | blocking work |
//! | `net_*`, in `net/syscalls.rs` | the simulated network (`simloop::net`) |
//!
//! Methods that return a waker hand it back to be dropped (or woken) by the caller after the
//! core is returned: a waker's `Drop` is user code, which never runs inside the borrow.

use std::future::Future;
use std::panic::Location;
use std::task::{Poll, Waker};
use std::time::Duration;

use rand_chacha::ChaCha8Rng;

use super::asyncio_loop::{Callback, DoneCallback};
use super::core::Core;
use super::rng::Decision;
use super::tape_log::What;
use super::task::{JoinRef, Sched, TaskMeta, spawn};
use super::timers::TimerKey;
use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::EventKind;

impl Core {
    /// The current virtual time.
    pub(crate) fn now(&self) -> Instant {
        self.clock
    }

    /// The simulation's identity: only compared for equality, never printed or ordered.
    pub(crate) fn sim_id(&self) -> u64 {
        self.id
    }

    /// The task on whose behalf code runs: the one being polled or dropped, `main` otherwise.
    pub(crate) fn current_task(&self) -> TaskId {
        self.acting_task()
    }

    /// Spawns `future` as a task, ready at once; returns the `JoinHandle`'s reference to it.
    /// `contain_panics`: a panic of the task is only its `JoinError` (`Builder::contain_panics`).
    pub(crate) fn spawn_task<F>(
        &mut self,
        future: F,
        name: Option<Box<str>>,
        (daemon, contain_panics): (bool, bool),
        site: &'static Location<'static>,
    ) -> JoinRef<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        let id = self.tasks.next_id();
        let (host, daemon) = self.net_adopt(daemon);
        let sched = Sched::new(daemon, contain_panics, self.clock);
        let (task, join) = spawn(future, id, self.shared.clone(), sched);
        let meta = TaskMeta { name, site, parent: self.current };
        self.insert_task(meta, task);
        if let Some(host) = host {
            self.net_adopted(id, host);
        }
        join
    }

    /// Registers a timer of the current task that wakes `waker` at `deadline`.
    pub(crate) fn add_timer(
        &mut self,
        deadline: Instant,
        waker: Waker,
        site: &'static Location<'static>,
    ) -> TimerKey {
        let task = self.acting_task();
        self.record(task, EventKind::TimerSet { deadline });
        let key = self.timers.insert(deadline, waker, task, site);
        if let Some(aio) = &mut self.asyncio {
            aio.scheduled.push(key, task);
        }
        key
    }

    /// Replaces a timer's waker unless it would wake the same task; returns the old one.
    pub(crate) fn set_timer_waker(&mut self, key: TimerKey, waker: &Waker) -> Option<Waker> {
        self.timers.set_waker(key, waker)
    }

    /// Removes a timer that has not fired; returns its waker.
    pub(crate) fn cancel_timer(&mut self, key: TimerKey) -> Option<Waker> {
        if let Some(aio) = &mut self.asyncio {
            aio.scheduled.cancel(key);
        }
        self.timers.cancel(key)
    }

    /// Decides a timeout whose deadline has come: `true` when the deadline wins even if the
    /// inner future would complete at this instant. Under `Strategy::Fifo` the deadline
    /// always wins, and no decision is taken: asyncio's timeout handler is a timer callback,
    /// which cancels the task before the task resumes.
    pub(crate) fn timeout_race(&mut self) -> bool {
        let deadline_won = self.asyncio.is_some() || self.rng.decide(Decision::TimeoutRace, 2) == 1;
        let task = self.acting_task();
        if deadline_won {
            self.note(self.steps, What::DeadlineFirst { task });
        }
        self.record(task, EventKind::TimeoutRace { deadline_won });
        deadline_won
    }

    /// A timeout of the current task elapsed and dropped its inner future.
    pub(crate) fn timeout_elapsed(&mut self) {
        let task = self.acting_task();
        self.record(task, EventKind::TimeoutElapsed);
    }

    /// Whether the run follows asyncio's loop (`Strategy::Fifo`): then the combinators wake
    /// their caller through done callbacks ([`add_done_callback`](Self::add_done_callback))
    /// and a due deadline goes through the ready queue ([`call_soon`](Self::call_soon)), as
    /// asyncio's do.
    pub(crate) fn asyncio_callbacks(&self) -> bool {
        self.asyncio.is_some()
    }

    /// asyncio's `loop.call_soon(f)`: `f` runs when the run loop reaches it, at the back of
    /// the ready queue, outside the core's borrow.
    ///
    /// # Panics
    ///
    /// Panics unless [`asyncio_callbacks`](Self::asyncio_callbacks): only `Fifo`'s loop has
    /// callbacks in its ready queue.
    pub(crate) fn call_soon(&mut self, f: Callback) {
        self.asyncio
            .as_mut()
            .expect("call_soon needs asyncio's loop (Strategy::Fifo)")
            .call_soon(f);
    }

    /// asyncio's `task.add_done_callback(f)`: when task `task` finishes, `f` is scheduled with
    /// [`call_soon`](Self::call_soon) and told how it ended; when it has finished already, at
    /// once.
    ///
    /// # Panics
    ///
    /// Panics unless [`asyncio_callbacks`](Self::asyncio_callbacks).
    pub(crate) fn add_done_callback(&mut self, task: TaskId, f: DoneCallback) {
        let aio = self.asyncio.as_mut().expect("add_done_callback needs asyncio's loop");
        aio.add_done_callback(task, f);
    }

    /// The order in which the current task's `select!` or `join!` polls its branches.
    pub(crate) fn branch_order(&mut self, order: &mut [usize]) {
        self.rng.permutation(Decision::SelectOrder, order);
        if self.rng.tape.is_recording() && order.iter().enumerate().any(|(i, b)| i != *b) {
            let task = self.acting_task();
            self.note(self.steps, What::BranchOrder { task, order: order.to_vec() });
        }
    }

    /// Whether the `buggify!` at `site` fires now.
    pub(crate) fn buggify_at(&mut self, site: &'static Location<'static>) -> bool {
        self.buggify(site)
    }

    /// Records a user event (`simloop::event!`) for the current task.
    pub(crate) fn user_event(&mut self, message: String) {
        let task = self.acting_task();
        self.record(task, EventKind::User { message });
    }

    /// The user random stream.
    pub(crate) fn user_rng(&mut self) -> &mut ChaCha8Rng {
        self.rng.user()
    }

    /// `yield_now`: the task gives the others a turn, and the network its I/O: before the
    /// next task is picked, the deliveries due by now are made (as tokio's `yield_now` lets its
    /// I/O driver run), so a task that yields in a loop waiting for one is not alone forever.
    pub(crate) fn note_yield(&mut self) {
        self.yielded = true;
    }

    /// `cpu_work`: the current poll holds the loop for `duration`.
    pub(crate) fn cpu_work(&mut self, duration: Duration) {
        let task = self.acting_task();
        self.record(task, EventKind::Busy { until: self.clock + duration });
        self.clock += duration;
        self.clock_jumped = true;
    }

    /// A blocking job asks for a worker (see `Pool::acquire`): whether it has one, and the
    /// ticket it holds while it waits.
    pub(crate) fn acquire_worker(
        &mut self,
        ticket: Option<u64>,
        waker: &Waker,
    ) -> (Poll<()>, Option<u64>) {
        let (poll, ticket, queued) = self.pool.acquire(ticket, waker);
        if let Some(waiting) = queued {
            let task = self.acting_task();
            self.record(task, EventKind::QueuedForWorker { waiting });
        }
        (poll, ticket)
    }

    /// A blocking job that held `ticket` gave up; returns the waker of the job served instead.
    pub(crate) fn cancel_worker_request(&mut self, ticket: u64) -> Option<Waker> {
        self.pool.cancel(ticket)
    }

    /// A blocking job gave its worker back; returns the waker of the next job served.
    pub(crate) fn release_worker(&mut self) -> Option<Waker> {
        self.pool.release()
    }
}
