//! One run of one workload of the `facade` bench, for an instruction count: the bench's own
//! binary adds divan's timer calibration, which dwarfs W4. Simulation builds only:
//!
//! ```text
//! RUSTFLAGS="--cfg simloop" CARGO_TARGET_DIR=target/sim cargo build --release \
//!     -p simloop-tokio-two-way --example facade_cost
//! valgrind --tool=cachegrind --cache-sim=no target/sim/release/examples/facade_cost w1-facade
//! ```
//!
//! The argument is one of `w1-direct`, `w1-facade`, `w4-direct`, `w4-facade`, or `none` (the
//! setup alone, W1's durations and the facade runtime: subtract it from the W1 counts).

#[cfg(simloop)]
#[path = "../benches/workloads/mod.rs"]
mod workloads;

#[cfg(not(simloop))]
fn main() {
    println!("facade_cost measures the simulation build: run it with RUSTFLAGS=\"--cfg simloop\"");
}

#[cfg(simloop)]
fn main() {
    use workloads::{w1, w4};

    let which = std::env::args().nth(1).unwrap_or_default();
    let durations = w1::durations();
    let rt = w1::runtime();
    let out = match which.as_str() {
        "w1-direct" => w1::run_direct(durations),
        "w1-facade" => w1::run_facade(&rt, durations),
        "w4-direct" => w4::run_direct(),
        "w4-facade" => w4::run_facade(),
        "none" => std::hint::black_box(durations).len() as u64,
        other => panic!(
            "unknown workload {other:?}: expected w1-direct, w1-facade, w4-direct, w4-facade or none"
        ),
    };
    println!("{which}: {out}");
}
