//! The line that replays a run: what a report prints last, to paste into a shell.

use crate::{Tape, paths};

/// The command that replays a seed (and a tape, when the run followed one), selecting the one
/// test exactly: `cargo test [--release] --test <binary> -- --exact <test>` under the test
/// harness (whose threads are named after the test; `--lib` for unit tests), `cargo run
/// [--release] --example <name>` in an example.
pub(crate) fn replay_command(seed: u64, tape: Option<&Tape>, test: Option<&str>) -> String {
    let command = seed_command(seed, test);
    match tape {
        Some(tape) => format!("{}={} {command}", crate::env::SIMLOOP_SCHEDULE, tape.trimmed()),
        None => command,
    }
}

fn seed_command(seed: u64, test: Option<&str>) -> String {
    let built = paths::built_in();
    let profile = match built.map(|(_, profile)| profile.as_str()) {
        None | Some("debug") => String::new(),
        Some("release") => " --release".to_owned(),
        Some(other) => format!(" --profile {other}"),
    };
    let seed = format!("{}={seed}", crate::env::SIMLOOP_SEED);
    match test {
        Some(name) if name != "main" => {
            let target = match paths::test_binary() {
                Some(binary) if is_unit_test_binary(binary) => " --lib".to_owned(),
                Some(binary) if built.is_some() => format!(" --test {binary}"),
                _ => String::new(),
            };
            format!("{seed} cargo test{profile}{target} -- --exact {name}")
        }
        _ => match example_name() {
            Some(example) => format!("{seed} cargo run{profile} --example {example}"),
            None => format!("{seed} cargo test -- --exact <the test's path>"),
        },
    }
}

/// Whether `binary` is the unit-test binary of the package under test (named after its
/// library, which is the package's name with `-` as `_`).
fn is_unit_test_binary(binary: &str) -> bool {
    std::env::var("CARGO_PKG_NAME").is_ok_and(|package| package.replace('-', "_") == binary)
}

/// The example this process is, when it was built by cargo as one (`.../examples/<name>`).
fn example_name() -> Option<&'static str> {
    static NAME: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let dir = exe.parent()?.file_name()?;
        if dir != "examples" {
            return None;
        }
        Some(exe.file_stem()?.to_string_lossy().into_owned())
    })
    .as_deref()
}
