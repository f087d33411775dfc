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
mod task_abort;
mod task_join;
mod time_sleep;
mod time_timeout;
mod trace_chrome;
mod trace_diff;
mod trace_text;
mod trace_tracing;
