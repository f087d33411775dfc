//! The run loop: pick a step, take it outside the core's borrow, report back.

use std::future::Future;
use std::panic::{AssertUnwindSafe, Location, catch_unwind};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use super::config::Config;
use super::context;
use super::core::Core;
use super::panics;
use super::scheduler::Step;
use super::shared::SimShared;
use super::task::{Task, TaskWaker, prefetch_wakee};
use crate::task::{JoinError, TaskId, panic_message};
use crate::trace::EventKind;
use crate::{Failure, FailureKind, Outcome};

const LOOP: &str = "the simloop run loop";

/// Runs `future` as the main task of a simulation configured by `config`.
pub(crate) fn run<F: Future>(
    config: Config,
    future: F,
    site: &'static Location<'static>,
) -> Result<Outcome<F::Output>, Failure> {
    panics::install_hook();
    let shared = Arc::new(SimShared::new());
    let guard = context::enter(Core::new(config, shared.clone(), site));
    let quiet = panics::quiet();
    shared.set_running(true);
    let main_waker = Waker::from(Arc::new(TaskWaker { task: TaskId::MAIN, sim: shared.clone() }));
    let mut main = pin!(Some(future));

    let result = catch_unwind(AssertUnwindSafe(|| drive(main.as_mut(), &main_waker, &shared)))
        .unwrap_or_else(|payload| Err(outside_poll("during the run", &*payload)));

    // Shutdown: drop the main future and every unfinished task, in id order, while the
    // simulation is still installed (their `Drop` impls may use it); then the simulation ends.
    let main_dropped = catch_unwind(AssertUnwindSafe(|| main.set(None)));
    let tasks_panic = end_tasks(&shared);
    let shutdown_panic = match main_dropped {
        Ok(()) => tasks_panic,
        Err(payload) => Some(panic_message(&*payload).to_owned()),
    };
    let (fatal, mut warnings) = context::with(LOOP, Core::take_findings);
    let result = match (result, shutdown_panic, fatal) {
        (Ok(_), Some(message), _) => Err(context::with(LOOP, |core| {
            core.failure(
                FailureKind::Panic,
                format!("a destructor panicked while the simulation shut down: {message}"),
            )
        })),
        (Ok(_), None, Some(finding)) => Err(finding),
        (result, _, _) => result,
    };
    // From here on a wake from another thread is not a failure of the run, but the report of
    // a failed run tells it.
    let late = match &result {
        Err(failure) => Some(shared.fail(failure.kind() != FailureKind::ForeignWake)),
        Ok(_) => None,
    };
    shared.set_running(false);
    drop(quiet);
    let mut core = guard.exit();
    core.stop_watching();
    let misfit = core.tape_misfit();
    let trace = core.take_trace();
    let tape = core.take_tape();
    match result {
        Ok(value) => {
            if let Some(misfit) = misfit {
                let warning = core.failure(FailureKind::TapeMismatch, misfit);
                // Said aloud for a tape the user pasted; candidates of a shrink stay quiet.
                if core.replays_env_tape() {
                    eprintln!("simloop: warning: the run goes on\n{warning}");
                }
                warnings.push(warning);
            }
            Ok(Outcome {
                value,
                seed: core.config.seed,
                strategy: core.config.strategy,
                steps: core.steps,
                elapsed: core.clock.since_start(),
                digest: core.trace.digest(),
                trace,
                tape,
                warnings,
            })
        }
        Err(mut failure) => {
            failure.set_trace(trace);
            failure.set_tape(tape);
            if let Some(misfit) = misfit {
                failure.add_note(format!("{}: {misfit}", FailureKind::TapeMismatch));
            }
            if let Some(late) = late {
                failure.set_late_note(late);
            }
            Err(failure)
        }
    }
}

/// Steps until the main future completes or the run fails.
fn drive<F: Future>(
    mut main: Pin<&mut Option<F>>,
    main_waker: &Waker,
    shared: &SimShared,
) -> Result<F::Output, Failure> {
    let mut fired = Vec::new();
    // A task whose poll returned `Pending`, handed back with the next step's core access.
    let mut parked: Option<(TaskId, Option<Task>)> = None;
    loop {
        let step = context::with(LOOP, |core| {
            if let Some((id, task)) = parked.take() {
                core.end_poll(id, task);
            }
            match shared.take_foreign() {
                Some(foreign) => Step::Fail(core.foreign_wake(&foreign)),
                None => core.next_step(&mut fired),
            }
        });
        match step {
            Step::PollMain => {
                let future = main.as_mut().as_pin_mut().expect("the main future is pending");
                let mut cx = Context::from_waker(main_waker);
                match catch_unwind(AssertUnwindSafe(|| future.poll(&mut cx))) {
                    Ok(Poll::Ready(value)) => {
                        context::with(LOOP, |core| {
                            core.finish_poll(TaskId::MAIN, None, EventKind::Completed);
                            core.check_leaks();
                        });
                        return Ok(value);
                    }
                    Ok(Poll::Pending) => {
                        context::with(LOOP, |core| core.end_poll(TaskId::MAIN, None))
                    }
                    Err(payload) => {
                        let message = panic_message(&*payload).to_owned();
                        let at =
                            panics::take_location().map(|l| format!(" at {l}")).unwrap_or_default();
                        return Err(context::with(LOOP, |core| {
                            let text = format!("the main future panicked{at}: {message}");
                            core.finish(TaskId::MAIN, None, EventKind::Panicked { message });
                            core.failure(FailureKind::Panic, text)
                        }));
                    }
                }
            }
            Step::Poll(id, mut task) => {
                match catch_unwind(AssertUnwindSafe(|| task.poll())) {
                    Ok(Poll::Pending) => parked = Some((id, Some(task))),
                    Ok(Poll::Ready(joiner)) => {
                        // Dropped first, as it would be with the task: user code may run.
                        task.drop_detached_output();
                        context::with(LOOP, |core| {
                            core.finish_poll(id, Some(&task), EventKind::Completed)
                        });
                        drop(task);
                        if let Some(waker) = joiner {
                            waker.wake();
                        }
                    }
                    Err(payload) => {
                        let location = panics::take_location();
                        // The future is in an unknown state: drop it; a second panic from its
                        // destructor is dropped too, the first one is the one to report.
                        let _ = catch_unwind(AssertUnwindSafe(|| task.drop_future()));
                        let joiner = fail_with_panic(id, &mut task, payload, location, true);
                        drop(task);
                        if let Some(waker) = joiner {
                            waker.wake();
                        }
                    }
                }
            }
            Step::Cancel(id, mut task) => {
                let joiner = match catch_unwind(AssertUnwindSafe(|| task.drop_future())) {
                    Ok(()) => {
                        let name = context::with(LOOP, |core| core.tasks.name(id));
                        let joiner = task.fail(JoinError::cancelled(id, name));
                        context::with(LOOP, |core| {
                            core.finish(id, Some(&task), EventKind::Cancelled)
                        });
                        joiner
                    }
                    Err(payload) => {
                        let location = panics::take_location();
                        fail_with_panic(id, &mut task, payload, location, false)
                    }
                };
                drop(task);
                if let Some(waker) = joiner {
                    waker.wake();
                }
            }
            Step::Fire => {
                // Firing order is creation order, a random order of tasks: each wake's task
                // is loaded a few wakes ahead.
                let mut due = fired.drain(..);
                for timer in due.as_slice().iter().take(AHEAD) {
                    prefetch_wakee(&timer.waker);
                }
                while let Some(timer) = due.next() {
                    if let Some(ahead) = due.as_slice().get(AHEAD - 1) {
                        prefetch_wakee(&ahead.waker);
                    }
                    timer.waker.wake();
                }
            }
            Step::Call(callback) => callback(),
            Step::Fail(failure) => return Err(failure),
        }
    }
}

/// How many wakes ahead of the current one a timer's task is loaded into the cache.
const AHEAD: usize = 4;

/// Ends a task with its panic: the result for whoever awaits it, the trace event, and the
/// unobserved-panic report when its handle is gone (unless the task contains its panics).
/// Returns the awaiting waker.
fn fail_with_panic(
    id: TaskId,
    task: &mut Task,
    payload: Box<dyn std::any::Any + Send>,
    location: Option<String>,
    in_poll: bool,
) -> Option<Waker> {
    let message = panic_message(&*payload).to_owned();
    let name = context::with(LOOP, |core| core.tasks.name(id));
    let err = JoinError::panic(id, name, payload, location);
    let unobserved =
        (task.is_detached() && !task.sched().contains_panics()).then(|| err.describe());
    let joiner = task.fail(err);
    context::with(LOOP, |core| {
        let kind = EventKind::Panicked { message };
        if in_poll {
            core.finish_poll(id, Some(task), kind)
        } else {
            core.finish(id, Some(task), kind)
        }
        if let Some(text) = unobserved {
            core.unobserved_panic(id, &text);
        }
    });
    joiner
}

/// Drops every unfinished task ([`shutdown`]) and the handles other threads gave up during
/// the run, on this thread, until none is left; then the simulation has ended: no task of it
/// is left, so a `JoinHandle` on another thread may be used or dropped there (the raw task's
/// invariant 3). Returns the first destructor panic.
fn end_tasks(shared: &SimShared) -> Option<String> {
    let mut first_panic = shutdown();
    while let Some(orphans) = shared.end() {
        for orphan in orphans {
            if let Err(payload) = catch_unwind(AssertUnwindSafe(|| drop(orphan))) {
                first_panic.get_or_insert_with(|| panic_message(&*payload).to_owned());
            }
        }
        let panic = shutdown();
        first_panic = first_panic.or(panic);
    }
    first_panic
}

/// Drops every unfinished task, lowest id first; tasks spawned by a destructor meanwhile are
/// dropped too, unpolled. Returns the first destructor panic, but of a task that contains its
/// panics (`Builder::contain_panics`): that one is only its `JoinError`.
fn shutdown() -> Option<String> {
    let mut first_panic = None;
    while let Some((id, mut task)) = context::with(LOOP, Core::take_for_shutdown) {
        let dropped = catch_unwind(AssertUnwindSafe(|| task.drop_future()));
        let name = context::with(LOOP, |core| core.tasks.name(id));
        let err = match dropped {
            Ok(()) => JoinError::cancelled(id, name),
            Err(payload) => {
                if !task.sched().contains_panics() {
                    first_panic
                        .get_or_insert_with(|| format!("{id}: {}", panic_message(&*payload)));
                }
                JoinError::panic(id, name, payload, panics::take_location())
            }
        };
        // Nobody runs after shutdown: the awaiting waker is dropped, not woken.
        drop(task.fail(err));
        drop(task);
    }
    first_panic
}

/// A panic that escaped from user code run outside any poll (a destructor, a waker).
fn outside_poll(when: &str, payload: &(dyn std::any::Any + Send)) -> Failure {
    let message = panic_message(payload);
    context::with(LOOP, |core| {
        core.failure(
            FailureKind::Panic,
            format!("user code panicked outside any task's poll {when} (a `Drop` impl or a waker): {message}"),
        )
    })
}
