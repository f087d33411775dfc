//! Running one test of this binary in a child process, with its own environment.

use std::path::PathBuf;
use std::process::Command;

/// Set in a child process: the tests that only fail on purpose check it first.
pub(crate) const CHILD: &str = "SIMTEST_CHILD";

/// Whether this process is a child started by [`run`].
pub(crate) fn is_child() -> bool {
    std::env::var_os(CHILD).is_some()
}

/// What a child printed, and whether its test passed.
pub(crate) struct ChildOutput {
    pub(crate) passed: bool,
    /// stdout then stderr.
    pub(crate) text: String,
}

/// Runs the test `test` of this binary alone, with `CARGO_MANIFEST_DIR` pointing at `root`
/// (so regression files land there, never in the repository), no `SIMLOOP_*` variable but
/// those in `env`, and [`CHILD`] set.
#[track_caller]
pub(crate) fn run(test: &str, root: &PathBuf, env: &[(&str, &str)]) -> ChildOutput {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command.args([test, "--exact", "--nocapture", "--test-threads=1"]);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("SIMLOOP_") {
            command.env_remove(name);
        }
    }
    command.env(CHILD, "1").env("CARGO_MANIFEST_DIR", root).env("RUST_BACKTRACE", "0");
    command.envs(env.iter().copied());
    let out = command.output().expect("starting the test binary");
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // `test <name> ...`, or `test <name> - should panic ...`.
    assert!(text.contains(&format!("test {test} ")), "the child did not run `{test}`:\n{text}");
    ChildOutput { passed: out.status.success(), text }
}

/// A fresh, empty directory for the test `name`, under cargo's temporary directory for
/// integration tests.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("simloop-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating a temporary directory");
    dir
}
