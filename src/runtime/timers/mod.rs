//! The timers: every pending sleep, fired in the total order `(deadline, creation sequence)`.
//!
//! A hierarchical timing wheel over nanoseconds: insert and cancel are O(1), firing is O(1)
//! amortised (each timer moves down at most once per level), whatever the number of timers.
//!
//! ```text
//!   level 10   [ 0 | 1 | ... | 15 ]       each slot 2^60 ns
//!     ...
//!   level 1    [ 0 | 1 | ... | 63 ]       each slot 64 ns
//!   level 0    [ 0 | 1 | ... | 63 ]       each slot 1 ns: one deadline per slot
//!                ^ the wheel's time (`elapsed`), at or before every pending deadline
//! ```
//!
//! A timer due at `d` lives at the level of the highest 6-bit digit in which `d` and `elapsed`
//! differ, in the slot of `d`'s digit there: lower levels hold the nearer deadlines, so the
//! first occupied slot of the lowest occupied level holds the earliest one. When that slot is
//! above level 0, `elapsed` moves into it (to its earliest deadline) and its timers move down
//! (cascade); at level 0 a slot is one exact deadline.
//!
//! # Determinism
//!
//! Each slot is a list in creation order: a timer is appended when created, and a cascade
//! moves a slot's list, in order, into lower levels that are empty at that moment. Timers due
//! at the same instant therefore reach the same level-0 slot in creation order, and
//! [`take_due`](Timers::take_due) yields every due timer by `(deadline, seq)`: the order the
//! scheduler then permutes with its drawn decisions. No address, hash or wall clock is
//! involved; the structure is a function of the calls made on it.
//!
//! | file | job |
//! | --- | --- |
//! | `wheel.rs` | the levels, their slots and lists, and the operations on timers |
//! | `slab.rs` | the timer entries, in chunks that never move, with a free list |

mod slab;
#[cfg(test)]
mod tests;
mod wheel;

pub(crate) use wheel::{Fired, TimerKey, Timers};
