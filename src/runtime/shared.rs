//! The part of a simulation that other threads can reach: what its wakers and handles hold.
//!
//! Besides the wakes and aborts that come from other threads (`note_foreign`), it knows the
//! simulation's thread and whether the simulation has ended (every task of it dropped), and
//! keeps the `JoinHandle`s dropped on another thread while it runs, for the simulation to drop
//! on its own thread when it ends (`hand_over`, `end`): what the raw task's invariant 3 needs
//! of a handle that may move to another thread.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::failure::LateNote;
use crate::runtime::task::Arena;
use crate::task::TaskId;

/// Gives each simulation an identity, to tell its wakers and timers from another's. Only ever
/// compared for equality: it is never printed, hashed or used to order anything.
static NEXT_SIM: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Its address tells one live thread from another (see [`SimShared::on_its_thread`]).
    static THREAD_KEY: u8 = const { 0 };
}

/// The calling thread's key: unique among the threads alive now.
#[inline]
pub(crate) fn thread_key() -> usize {
    THREAD_KEY.with(|key| std::ptr::from_ref(key) as usize)
}

/// A handle that another thread gave up while the simulation ran: dropped by the simulation.
pub(crate) type Orphan = Box<dyn Send>;

pub(crate) struct SimShared {
    pub(crate) id: u64,
    /// The thread that made it: the one that runs the simulation (`run` makes it there).
    thread: usize,
    /// Set (under `orphans`' lock) once every task of the simulation is dropped, for good.
    ended: AtomicBool,
    /// Handles dropped on another thread while the simulation ran, to drop when it ends.
    orphans: Mutex<Vec<Orphan>>,
    running: AtomicBool,
    has_foreign: AtomicBool,
    foreign: Mutex<Option<String>>,
    /// Set when the run ended with a failure: a wake from another thread after that is told in
    /// the failure's report, through `late`.
    failed: AtomicBool,
    late: LateNote,
    /// The memory of the simulation's tasks, which each of them holds through its header.
    arena: Arena,
}

impl SimShared {
    pub(crate) fn new() -> Self {
        Self {
            id: NEXT_SIM.fetch_add(1, Ordering::Relaxed),
            thread: thread_key(),
            ended: AtomicBool::new(false),
            orphans: Mutex::new(Vec::new()),
            running: AtomicBool::new(false),
            has_foreign: AtomicBool::new(false),
            foreign: Mutex::new(None),
            failed: AtomicBool::new(false),
            late: LateNote::default(),
            arena: Arena::default(),
        }
    }

    /// The memory of the simulation's tasks.
    #[inline]
    pub(crate) fn arena(&self) -> &Arena {
        &self.arena
    }

    /// Whether the caller runs on the simulation's thread.
    #[inline]
    pub(crate) fn on_its_thread(&self) -> bool {
        thread_key() == self.thread
    }

    /// Whether the simulation has ended: none of its tasks is left, and none will be made.
    /// Acquire: what the simulation's thread did to its tasks happens before.
    #[inline]
    pub(crate) fn has_ended(&self) -> bool {
        self.ended.load(Ordering::Acquire)
    }

    /// Keeps a handle given up on another thread, for the simulation to drop on its thread;
    /// gives it back when the simulation has ended (then drop it where you are).
    pub(crate) fn hand_over(&self, orphan: Orphan) -> Result<(), Orphan> {
        let mut orphans = self.orphans.lock().unwrap_or_else(|e| e.into_inner());
        if self.ended.load(Ordering::Relaxed) {
            return Err(orphan);
        }
        orphans.push(orphan);
        Ok(())
    }

    /// Called on the simulation's thread once its tasks are dropped: ends the simulation, or,
    /// when handles were handed over meanwhile, gives them to drop first (their drops may
    /// spawn: drop the new tasks, then call again).
    pub(crate) fn end(&self) -> Option<Vec<Orphan>> {
        let mut orphans = self.orphans.lock().unwrap_or_else(|e| e.into_inner());
        if !orphans.is_empty() {
            return Some(std::mem::take(&mut *orphans));
        }
        self.ended.store(true, Ordering::Release);
        None
    }

    pub(crate) fn set_running(&self, running: bool) {
        self.running.store(running, Ordering::SeqCst);
    }

    /// Records that a task was woken or aborted from outside the simulation's thread while it
    /// runs. The run loop checks [`take_foreign`](Self::take_foreign) before every step and
    /// fails the run with the first such call. After the simulation ended there is nothing left
    /// to wake, and the call does nothing.
    pub(crate) fn note_foreign(&self, task: TaskId, what: &str) {
        let thread = std::thread::current();
        let thread = thread.name().unwrap_or("<unnamed>");
        if !self.running.load(Ordering::SeqCst) {
            if self.failed.load(Ordering::SeqCst) {
                let mut late = self.late.lock().unwrap_or_else(|e| e.into_inner());
                late.get_or_insert_with(|| {
                    late_wake(&format!("{task} was {what} from another thread (`{thread}`)"))
                });
            }
            return;
        }
        let mut first = self.foreign.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert_with(|| format!("{task} was {what} from another thread (`{thread}`)"));
        self.has_foreign.store(true, Ordering::SeqCst);
    }

    /// The run ended with a failure: returns the note its report shows for a wake from another
    /// thread, set now if one came during the run's end (`with_foreign`: unless that wake is
    /// the failure itself), or later if one comes after.
    pub(crate) fn fail(&self, with_foreign: bool) -> LateNote {
        if let Some(foreign) = self.take_foreign().filter(|_| with_foreign) {
            let mut late = self.late.lock().unwrap_or_else(|e| e.into_inner());
            late.get_or_insert_with(|| late_wake(&foreign));
        }
        self.failed.store(true, Ordering::SeqCst);
        self.late.clone()
    }

    #[inline]
    pub(crate) fn take_foreign(&self) -> Option<String> {
        if !self.has_foreign.load(Ordering::Relaxed) {
            return None;
        }
        self.foreign.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl std::fmt::Debug for SimShared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimShared").field("id", &self.id).finish_non_exhaustive()
    }
}

/// The report's note for a wake from another thread that came when the run had already failed.
fn late_wake(what: &str) -> String {
    format!(
        "{what} after the run had failed: the failure may come from work on OS threads, which a \
         simulation does not wait for. Run that work inside the simulation \
         (`simloop::spawn_blocking`, simloop's tasks and timers)"
    )
}
