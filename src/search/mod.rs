//! Finding bugs faster: choice tapes, PCT, shrinking and fault injection.
//!
//! ```text
//!   Strategy (Random, Fifo, Pct, FifoRandomTimers, Portfolio) --+
//!   faults (buggify!, Sim::inject_aborts) ----------------------+--> Rngs::decide --> choice
//!   a replayed Tape (Sim::tape, SIMLOOP_SCHEDULE) -- answers first ^        |
//!                                                                          v
//!                                            recorded Tape (Outcome::tape, Failure::tape)
//! ```
//!
//! Every decision of a run is one entry of its **tape**. Recording it costs a push per
//! decision and only happens when asked; replaying a tape instead of drawing reproduces the
//! run exactly, whatever the strategy. Exploration shrinks the tape of a failing run toward
//! the default order, and reports the few decisions left, in words.
//!
//! - `tape.rs`: [`Tape`], its text encoding.
//! - `log.rs`: the tape of a running simulation: replay cursor, recording, notes in words.
//! - `pct.rs`: the priorities and change points of `Strategy::Pct`.
//! - `fault.rs`: [`buggify!`](crate::buggify) and injected aborts.
//! - `shrink.rs`: shrinking a failing tape, given an oracle that runs candidates.

pub(crate) mod fault;
pub(crate) mod log;
pub(crate) mod pct;
pub(crate) mod shrink;
mod tape;

pub use tape::{ParseTapeError, Tape};
