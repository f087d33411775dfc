//! simloop's behaviour tests: one test binary, one module per area, public API only.

mod support;

mod blocking_pool;
mod core_determinism;
mod core_failures;
mod core_misuse;
mod core_races;
mod core_rng;
mod detect_leaks;
mod detect_slow_poll;
mod detect_unobserved_panic;
mod examples_output;
mod explore_determinism;
mod explore_env;
mod explore_regressions;
mod explore_replay;
mod explore_shard;
mod explore_threads;
mod future_as_completed;
mod future_gather;
mod future_join;
mod future_runtime_agnostic;
mod future_select;
mod future_task_group;
mod future_try_gather;
mod future_wait;
mod macro_test;
mod macro_ui;
mod task_abort;
mod task_join;
mod time_sleep;
mod time_timeout;
mod trace_chrome;
mod trace_diff;
mod trace_text;
mod trace_tracing;
