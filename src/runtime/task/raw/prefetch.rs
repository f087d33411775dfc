//! Cache hints: the lines of a task the next step will touch, loaded ahead.
//!
//! The default strategy visits tasks in a random order, which the CPU's own prefetchers
//! cannot follow: each poll and each wake would wait on memory. A hint loads a task's first
//! lines while the current step runs. A hint has no effect on what the program does: it
//! reads nothing into it and never faults, whatever the address.

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
