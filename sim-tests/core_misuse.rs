//! Misuse gets a clear panic that names the fix.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;
use std::time::Duration;

use simloop::{FailureKind, Sim};

#[track_caller]
fn panic_text(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("it should panic");
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(p) => p.downcast_ref::<&str>().unwrap().to_string(),
    }
}

#[test]
fn spawn_outside_a_simulation_names_the_fix() {
    let text = panic_text(|| drop(simloop::spawn(async {})));
    assert!(
        text.starts_with("simloop: `simloop::spawn` was called outside a simulation"),
        "{text}"
    );
    assert!(text.contains("Sim::new(seed).run(async { .. })"), "{text}");
}

#[test]
fn time_outside_a_simulation_names_the_fix() {
    let text = panic_text(|| drop(simloop::time::sleep(Duration::from_secs(1))));
    assert!(text.contains("`simloop::time::sleep` was called outside a simulation"), "{text}");
    let text = panic_text(|| {
        simloop::time::now();
    });
    assert!(text.contains("`simloop::time::now` was called outside a simulation"), "{text}");
    let text = panic_text(|| {
        simloop::random::<u8>();
    });
    assert!(text.contains("`simloop::rng` was called outside a simulation"), "{text}");
}

#[test]
fn a_nested_run_fails_the_outer_run_with_the_fix() {
    let failure = Sim::with_exact_seed(9)
        .try_run(async {
            Sim::with_exact_seed(10).run(async {});
        })
        .unwrap_err();
    assert_eq!(failure.kind(), FailureKind::Panic);
    let message = failure.message();
    assert!(
        message.contains("`Sim::run` was called inside a running simulation (seed 9"),
        "{message}"
    );
    assert!(message.contains("Spawn the future with `simloop::spawn`"), "{message}");
}

#[test]
fn a_simulation_runs_again_after_a_failed_one() {
    let _ = Sim::with_exact_seed(1).try_run(async { panic!("first") });
    assert_eq!(Sim::with_exact_seed(1).run(async { 5 }), 5);
}

#[test]
fn a_malformed_seed_string_is_explained() {
    let err = simloop::env::parse_seed("0xZZ").unwrap_err();
    assert_eq!(
        err.to_string(),
        "SIMLOOP_SEED=0xZZ is not a valid seed: expected a decimal u64 such as 42, or hex such as 0x2a"
    );
    assert_eq!(simloop::env::parse_seed(" 18446744073709551615 "), Ok(u64::MAX));
}

/// Run by the tests below in a child process with `SIMLOOP_SEED` set.
#[test]
fn seed_probe_child() {
    let sim = Sim::new(1);
    if std::env::var_os("SIMLOOP_SEED").is_none() {
        assert_eq!(sim.seed(), 1, "the seed in code, when no replay is asked");
    }
    println!("probe seed {}", sim.seed());
}

fn run_probe(value: &str) -> (bool, String) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["core_misuse::seed_probe_child", "--exact", "--nocapture", "--test-threads=1"])
        .env("SIMLOOP_SEED", value)
        .output()
        .unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn simloop_seed_replaces_the_seed_in_code() {
    let (ok, text) = run_probe("0x4d");
    assert!(ok, "{text}");
    assert!(text.contains("probe seed 77"), "{text}");
}

#[test]
fn a_malformed_simloop_seed_stops_the_test_with_the_fix() {
    let (ok, text) = run_probe("twelve");
    assert!(!ok, "{text}");
    assert!(
        text.contains("simloop: SIMLOOP_SEED=twelve is not a valid seed: expected a decimal u64"),
        "{text}"
    );
    assert!(text.contains("unset it to use the seed in code"), "{text}");
}
