//! Exploration: one test, many seeds, on all cores; the first failure reported the same way
//! on every machine, replayed, and kept.
//!
//! ```text
//!  settings (code, SIMLOOP_* env) --> Plan: regression seeds, then the shard's iterations
//!                                       |  position p -> seed (SplitMix64 of the base seed)
//!                                       v
//!            workers (threads), each its own Sim per run, digest only
//!                                       |  lowest failing position wins
//!                                       v
//!            confirm: rerun the seed twice with full traces, compare (determinism)
//!                                       |
//!                                       v
//!            shrink: replay edited tapes of the failing run, keep the shortest that
//!                    fails the same way; replay it traced, for its decisions in words
//!                                       |
//!                                       v
//!            regression file += seed;  target/simloop/<test>/<seed>.{txt,json};
//!            report (panics in `run`, returned by `try_run`)
//! ```
//!
//! - `explorer.rs`: [`Explorer`] and [`explore`]: the settings.
//! - `run.rs`: one exploration: settings precedence, plan, workers, confirmation, saving.
//! - `seeds.rs`: the seed of each position (`Plan`), `seed_of`.
//! - `shard.rs`: [`Shard`], the disjoint slices of the iterations.
//! - `workers.rs`: the threads and the lowest-failure rule.
//! - `dfs.rs`: `Strategy::Dfs`, the bounded exhaustive exploration (schedules, not seeds).
//! - `coverage.rs`: [`Coverage`], how much of the schedules the runs saw.
//! - `confirm.rs`: the traced reruns and the determinism check.
//! - `distinct.rs`: counting distinct schedules in bounded memory.
//! - `shrinking.rs`: shrinking the failing run's tape (the tape shrinker itself is `shrinker.rs`).
//! - `regressions.rs`: [`RegressionFile`].
//! - `artifacts.rs`: the failing run's text trace and Chrome JSON, written under `target/`.
//! - `report.rs`: [`Report`], the summary of a passing exploration.
//! - `failure.rs`: [`ExploreFailure`], the report of a failing one.

mod artifacts;
mod confirm;
mod coverage;
mod dfs;
mod distinct;
mod explorer;
mod failure;
mod regressions;
mod report;
mod run;
mod seeds;
mod shard;
mod shrinker;
mod shrinking;
mod workers;

pub use coverage::Coverage;
pub use explorer::{Explorer, explore};
pub use failure::ExploreFailure;
pub use regressions::RegressionFile;
pub use report::Report;
pub use shard::Shard;
