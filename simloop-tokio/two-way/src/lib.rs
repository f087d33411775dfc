//! tokio code as users write it, tested two ways: `cargo test -p simloop-tokio-two-way` runs
//! it on real tokio and real time; with `RUSTFLAGS="--cfg simloop"` (and its own target
//! folder) the same tests explore it on simloop. The code under test is the example's worker
//! pool (`examples/worker_pool/pool.rs`); the tests are in `tests/`.
