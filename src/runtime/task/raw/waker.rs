//! The waker of a task: a `RawWaker` whose data is the task's header.
//!
//! Cloning adds a count, dropping gives one up; waking delivers the task's id to its
//! simulation (`task/waker.rs` says what that does on another thread, or after the run).

use std::mem::ManuallyDrop;
use std::ptr::NonNull;
use std::task::{RawWaker, RawWakerVTable, Waker};

use super::header::{Header, release};
use crate::runtime::task::waker::deliver_wake;

/// One vtable for every task: what differs per future type goes through the header's.
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

/// Asks the CPU to bring the header of the task `waker` wakes into the cache, ahead of the
/// wake: a hint, with no effect on what the program does (nothing for another kind of waker).
#[inline]
pub(crate) fn prefetch_wakee(waker: &Waker) {
    if std::ptr::eq(waker.vtable(), &VTABLE) {
        super::prefetch::header_lines(waker.data());
    }
}

/// A waker for the task at `ptr` that owns no count: it must not outlive a count its
/// borrower holds, and is never dropped (`ManuallyDrop`), only cloned.
///
/// # Safety
///
/// `ptr` is the header of a live task, and a count is held for as long as the waker is used.
pub(super) unsafe fn borrowed(ptr: NonNull<Header>) -> ManuallyDrop<Waker> {
    let raw = RawWaker::new(ptr.as_ptr().cast_const().cast(), &VTABLE);
    // SAFETY: the vtable's functions uphold `RawWaker`'s contract for a task header (below);
    // `ManuallyDrop` keeps the borrowed waker from giving up a count it does not own.
    ManuallyDrop::new(unsafe { Waker::from_raw(raw) })
}

/// The header a waker's data points to.
///
/// # Safety
///
/// `data` comes from a waker of this vtable, which holds (or borrows) a count.
unsafe fn header<'a>(data: *const ()) -> &'a Header {
    // SAFETY: the caller's contract: a live header; only shared references are made, and only
    // its thread-safe fields are used here, its scheduler state only once the simulation is
    // known to run on this thread (invariant 3).
    unsafe { &*data.cast::<Header>() }
}

/// # Safety
///
/// `data` comes from a waker of this vtable (`RawWakerVTable`'s contract).
unsafe fn clone(data: *const ()) -> RawWaker {
    // SAFETY: the caller's contract.
    unsafe { header(data) }.acquire();
    RawWaker::new(data, &VTABLE)
}

/// # Safety
///
/// `data` comes from a waker of this vtable, which owns a count and is consumed.
unsafe fn wake(data: *const ()) {
    // SAFETY: the caller's contract; the count is given up after the wake.
    unsafe {
        wake_by_ref(data);
        drop_waker(data);
    }
}

/// # Safety
///
/// `data` comes from a waker of this vtable.
unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: the caller's contract.
    let header = unsafe { header(data) };
    deliver_wake(&header.sim, header.id(), &header.sched);
}

/// # Safety
///
/// `data` comes from a waker of this vtable, which owns a count and is consumed.
unsafe fn drop_waker(data: *const ()) {
    // SAFETY: the caller's contract: the waker's count is given up, the pointer not reused.
    unsafe { release(NonNull::new_unchecked(data.cast_mut().cast::<Header>())) };
}
