//! Cache hints: the lines of a task the next step will touch, loaded ahead.
//!
//! The default strategy visits tasks in a random order, which the CPU's own prefetchers
//! cannot follow: each poll and each wake would wait on memory. A hint loads a task's first
//! lines while the current step runs. A hint has no effect on what the program does: it
//! reads nothing into it and never faults, whatever the address.

use std::mem::offset_of;

use super::header::Header;
use crate::runtime::task::state::Sched;

/// A task's address as the ready set keeps it, for a prefetch: that of its scheduler state,
/// which a wake and a spawn have at hand. Only ever turned back into a cache hint.
#[inline]
pub(crate) fn hint_of(sched: &Sched) -> usize {
    std::ptr::from_ref(sched).addr()
}

/// Loads the first lines of the task whose [`hint_of`] is `hint` (`0`: none).
#[inline]
pub(crate) fn prefetch_hint(hint: usize) {
    if hint != 0 {
        // The scheduler state's place in a task's header: the header starts that much before.
        let header = hint.wrapping_sub(offset_of!(Header, sched));
        task_lines(std::ptr::without_provenance(header));
    }
}

/// Loads the cache line of `value` (a slot the next step writes).
#[inline]
pub(crate) fn prefetch_slot<T>(value: &T) {
    line(std::ptr::from_ref(value).cast());
}

/// Loads the cache line at `at`.
#[inline]
fn line(at: *const ()) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: as in `task_lines`.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(at.cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// Loads the lines of the header at `at` that a wake reads (the first 44 bytes: one line, or
/// two when the header does not start a line).
#[inline]
pub(super) fn header_lines(at: *const ()) {
    line(at);
    line(at.wrapping_byte_add(43));
}

/// Loads the three cache lines at `at` (a task's header and the start of its future).
#[inline]
pub(super) fn task_lines(at: *const ()) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let at = at.cast::<i8>();
        // SAFETY: a prefetch only warms the cache: it reads nothing into the program and
        // never faults, whatever the address.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(at);
            _mm_prefetch::<_MM_HINT_T0>(at.wrapping_add(64));
            _mm_prefetch::<_MM_HINT_T0>(at.wrapping_add(128));
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
