//! Regression files: a failing seed is saved, replayed first on the next run, and concurrent
//! appends never lose a line.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::{Command, Stdio};

use simloop::{Explorer, RegressionFile, Sim};

use crate::support::{bugs, child};

fn explorer(file: &Path, base_seed: u64) -> Explorer {
    Explorer::new().read_env(false).regressions(file).base_seed(base_seed).iterations(400)
}

#[test]
fn a_failing_seed_is_saved_then_replayed_first() {
    let dir = child::temp_dir("regressions-saved");
    let path = dir.join("seeds").join("bank.txt");
    let first = explorer(&path, 1).try_run(bugs::lost_update).unwrap_err();
    assert!(!first.is_regression());
    assert_eq!(first.saved_to(), Some(path.as_path()));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# simloop regression seeds. Check this file in.\n"), "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("cc ")).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].starts_with(&format!(
            "cc {} # panic: the main future panicked at sim-tests/support/bugs.rs:",
            first.seed()
        )),
        "{text}"
    );
    assert!(lines[0].contains("lost update: the balance is 150"), "{text}");

    // Another base seed would find another failure first; the saved seed comes before it.
    let second = explorer(&path, 2).try_run(bugs::lost_update).unwrap_err();
    assert!(second.is_regression());
    assert_eq!(second.iteration(), None);
    assert_eq!(second.seed(), first.seed());
    let report = second.to_string();
    assert!(
        report.starts_with(&format!(
            "simloop: explore: explored 1 iteration, failing regression seed 1 of the file, seed {}\n",
            first.seed()
        )),
        "{report}"
    );
    assert!(report.contains("  regressions  the seed is already in "), "{report}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "no second line for the seed");
    let _ = std::fs::remove_dir_all(dir);
}

/// The first random number a seed's run draws.
fn first_draw(seed: u64) -> u64 {
    Sim::with_exact_seed(seed).run(async { simloop::random::<u64>() })
}

#[test]
fn regression_seeds_run_before_the_iterations() {
    let dir = child::temp_dir("regressions-first");
    let path = dir.join("seeds.txt");
    let file = RegressionFile::new(&path);
    // Seeds no exploration would pick: one fails the test below, one does not.
    let (passing, failing) = (11, 12);
    file.append(passing, "an old failure, since fixed").unwrap();
    file.append(failing, "the bug").unwrap();
    let bad = first_draw(failing);
    let test = || async move { assert_ne!(simloop::random::<u64>(), bad, "the old bug is back") };

    let report = Explorer::new().read_env(false).no_regressions().iterations(50).try_run(test);
    assert_eq!(report.unwrap().regressions(), 0, "the exploration alone does not find it");

    let failed = explorer(&path, 1).threads(2).try_run(test).unwrap_err();
    assert!(failed.is_regression());
    assert_eq!(failed.seed(), failing);
    assert!(
        failed.to_string().contains("explored 2 iterations, failing regression seed 2 of the file")
    );

    std::fs::write(&path, format!("cc {passing} # fixed\n")).unwrap();
    let report = explorer(&path, 1).iterations(10).try_run(test).unwrap();
    assert_eq!((report.regressions(), report.iterations()), (1, 11));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_malformed_regression_file_is_an_error() {
    let dir = child::temp_dir("regressions-malformed");
    let path = dir.join("bad.txt");
    std::fs::write(&path, "# header\ncc 12 # ok\ncc twelve # not a seed\n").unwrap();
    let panic = catch_unwind(AssertUnwindSafe(|| {
        explorer(&path, 1).run(|| async {});
    }))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.starts_with("simloop: cannot read the regression file "), "{message}");
    assert!(
        message.ends_with(
            "bad.txt:3: expected `cc <seed> # <summary>`, found `cc twelve # not a seed`; fix or \
             delete the line"
        ),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Checks that `path` is one header followed by exactly the lines for `seeds`, each whole.
#[track_caller]
fn check_file(path: &Path, seeds: &BTreeSet<u64>) {
    let text = std::fs::read_to_string(path).unwrap();
    let header = text.lines().take_while(|l| l.starts_with('#')).count();
    assert_eq!(text.matches("# simloop regression seeds.").count(), 1);
    assert!(text.starts_with("# simloop regression seeds."));
    let mut found = BTreeSet::new();
    // A blank line may stand where a concurrent append looked unfinished; no line is glued.
    for line in text.lines().skip(header).filter(|l| !l.is_empty()) {
        let seed: u64 =
            line.strip_prefix("cc ").unwrap().split(' ').next().unwrap().parse().unwrap();
        assert_eq!(line, format!("cc {seed} # summary of seed {seed}, with some length to it"));
        assert!(found.insert(seed), "{seed} twice");
    }
    assert_eq!(&found, seeds);
    assert_eq!(RegressionFile::new(path).seeds().unwrap().len(), seeds.len());
}

const APPENDS: u64 = 300;

fn append_many(path: &Path, from: u64) {
    let file = RegressionFile::new(path);
    for seed in from..from + APPENDS {
        file.append(seed, &format!("summary of seed {seed}, with some length to it")).unwrap();
    }
}

#[test]
fn concurrent_appends_from_threads_lose_no_line() {
    let dir = child::temp_dir("regressions-threads");
    let path = dir.join("nested").join("shared.txt");
    std::thread::scope(|scope| {
        for t in 0..4 {
            let path = &path;
            scope.spawn(move || append_many(path, t * 1_000));
        }
    });
    let seeds = (0..4).flat_map(|t| t * 1_000..t * 1_000 + APPENDS).collect();
    check_file(&path, &seeds);
    let _ = std::fs::remove_dir_all(dir);
}

const APPEND_PATH: &str = "SIMTEST_APPEND_PATH";
const APPEND_FROM: &str = "SIMTEST_APPEND_FROM";

/// Appends to the file named by the environment, in a child process.
#[test]
fn append_child() {
    if let (Some(path), Some(from)) =
        (std::env::var_os(APPEND_PATH), std::env::var(APPEND_FROM).ok())
    {
        append_many(Path::new(&path), from.parse().unwrap());
    }
}

#[test]
fn concurrent_appends_from_processes_lose_no_line() {
    let dir = child::temp_dir("regressions-processes");
    let path = dir.join("shared.txt");
    let children: Vec<_> = [0, 5_000]
        .map(|from| {
            Command::new(std::env::current_exe().unwrap())
                .args(["explore_regressions::append_child", "--exact", "--test-threads=1"])
                .env(APPEND_PATH, &path)
                .env(APPEND_FROM, from.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .into_iter()
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let seeds = [0, 5_000].iter().flat_map(|&from| from..from + APPENDS).collect();
    check_file(&path, &seeds);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_append_after_a_line_without_its_line_break_starts_a_new_line() {
    let dir = child::temp_dir("regressions-open-line");
    let path = dir.join("cut.txt");
    // Edited by hand, or cut short by a killed process: no line break at the end.
    std::fs::write(&path, "# simloop regression seeds. Check this file in.\ncc 7 # a deadl")
        .unwrap();
    let file = RegressionFile::new(&path);
    file.append(8, "panic: boom").unwrap();
    assert_eq!(file.seeds().unwrap(), [7, 8]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("cc 7 # a deadl\ncc 8 # panic: boom\n"), "{text:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn two_test_binaries_with_a_test_of_the_same_name_keep_their_seeds_apart() {
    let a = RegressionFile::for_binary_test("api", "smoke");
    let b = RegressionFile::for_binary_test("db", "smoke");
    assert_ne!(a.path(), b.path());
    assert!(a.path().ends_with("snapshots/seeds/api/smoke.txt"), "{}", a.path().display());
    assert!(b.path().ends_with("snapshots/seeds/db/smoke.txt"), "{}", b.path().display());
}

/// Fails on every seed, in a child process only.
#[test]
fn always_failing_child() {
    if child::is_child() {
        Explorer::new().iterations(3).run(|| async { panic!("always") });
    }
}

#[test]
fn the_seeds_of_the_file_named_after_the_test_alone_are_still_replayed() {
    const TEST: &str = "explore_regressions::always_failing_child";
    let root = child::temp_dir("regressions-legacy");
    let legacy = root.join("snapshots/seeds/explore_regressions__always_failing_child.txt");
    std::fs::create_dir_all(legacy.parent().unwrap()).unwrap();
    std::fs::write(&legacy, "cc 4242 # panic: always\n").unwrap();
    let out = child::run(TEST, &root, &[]);
    assert!(!out.passed, "{}", out.text);
    assert!(
        out.text.contains("explored 1 iteration, failing regression seed 1 of the file, seed 4242"),
        "{}",
        out.text
    );
    assert!(
        out.text.contains(
            "  regressions  the seed is already in \
             snapshots/seeds/explore_regressions__always_failing_child.txt"
        ),
        "{}",
        out.text
    );
    // The legacy file is read, never written; new seeds go to the file of this binary.
    assert_eq!(std::fs::read_to_string(&legacy).unwrap(), "cc 4242 # panic: always\n");
    let _ = std::fs::remove_dir_all(root);
}
