//! simloop's behaviour tests: one test binary, one module per area, public API only.

mod support;

mod core_determinism;
mod core_failures;
mod core_misuse;
mod core_races;
mod core_rng;
mod explore_determinism;
mod explore_env;
mod explore_regressions;
mod explore_replay;
mod explore_shard;
mod explore_threads;
mod macro_test;
mod macro_ui;
mod task_abort;
mod task_join;
mod time_sleep;
mod time_timeout;
