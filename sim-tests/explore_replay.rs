//! The round trip: a failing exploration prints a replay command, and running that command
//! reproduces the same failure report. Both runs are child processes of this binary.

use simloop::Explorer;

use crate::support::{bugs, child};

const TEST: &str = "explore_replay::seeded_bug";

/// Loses an update under a few seeds in a hundred; does nothing outside a child process,
/// so that the normal suite passes.
#[simloop::test(iterations = 300)]
async fn seeded_bug() {
    if child::is_child() {
        bugs::lost_update().await;
    }
}

/// The seed and the test of the printed `SIMLOOP_SEED=<seed> cargo test --test sim -- --exact
/// <test>` line.
#[track_caller]
fn replay_line(text: &str) -> (u64, String) {
    let line = text.lines().find(|l| l.trim_start().starts_with("SIMLOOP_SEED=")).expect(text);
    let (seed, command) =
        line.trim().strip_prefix("SIMLOOP_SEED=").unwrap().split_once(' ').unwrap();
    let test = command.strip_prefix("cargo test --test sim -- --exact ").expect(line);
    (seed.parse().expect(line), test.to_owned())
}

/// The part of the report that only the seed decides: the failing run's own report, up to
/// its replay line.
#[track_caller]
fn seed_report(text: &str) -> &str {
    let start = text
        .match_indices("\nsimloop: ")
        .map(|(i, _)| i + 1)
        .find(|&i| {
            !text[i..].starts_with("simloop: explore: ")
                && !text[i..].starts_with("simloop: warning")
        })
        .expect(text);
    let end = start + text[start..].find("SIMLOOP_SEED=").expect(text);
    let end = end + text[end..].find('\n').unwrap_or(text.len() - end);
    &text[start..end]
}

/// The `key value` of a header line, such as `failing iteration 17`.
#[track_caller]
fn number_after(text: &str, key: &str) -> u64 {
    let rest = &text[text.find(key).expect(key) + key.len()..];
    rest.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
}

#[test]
fn the_printed_command_replays_the_same_failure() {
    let root = child::temp_dir("replay-first");
    let first = child::run(TEST, &root, &[]);
    assert!(!first.passed, "the seeded bug was not found:\n{}", first.text);
    let (seed, test) = replay_line(&first.text);
    assert_eq!(test, TEST, "{}", first.text);

    let iteration = number_after(&first.text, "failing iteration ");
    let header = format!(
        "simloop: explore: explored {} iterations, failing iteration {iteration}, seed {seed}\n",
        iteration + 1
    );
    assert!(first.text.contains(&header), "{header:?} missing from:\n{}", first.text);
    assert_eq!(seed, Explorer::seed_of(Explorer::DEFAULT_BASE_SEED, iteration));
    assert!(first.text.contains("lost update: the balance is 150"), "{}", first.text);
    assert!(first.text.contains("  determinism  checked: "), "{}", first.text);
    assert!(first.text.contains(
        "  regressions  seed saved to snapshots/seeds/sim/explore_replay__seeded_bug.txt: check \
         the file in"
    ));
    let saved = root.join("snapshots/seeds/sim/explore_replay__seeded_bug.txt");
    let saved = std::fs::read_to_string(&saved).expect("the regression file");
    assert!(
        saved.contains(&format!("\ncc {seed} # panic: the main future panicked at sim-tests/")),
        "{saved}"
    );

    // `SIMLOOP_SEED=<seed> cargo test --test sim -- --exact <test>` is this binary, run with
    // that test and seed.
    let replay_root = child::temp_dir("replay-second");
    let replay = child::run(&test, &replay_root, &[("SIMLOOP_SEED", &seed.to_string())]);
    assert!(!replay.passed, "the replay passed:\n{}", replay.text);
    assert!(
        replay.text.contains(&format!(
            "simloop: explore: explored 1 iteration, replaying SIMLOOP_SEED, seed {seed}\n"
        )),
        "{}",
        replay.text
    );
    assert_eq!(seed_report(&replay.text), seed_report(&first.text));
    assert!(!replay_root.join("snapshots").exists(), "a replay writes no regression file");

    // The next run of the test starts with the saved seed.
    let again = child::run(TEST, &root, &[]);
    assert!(!again.passed);
    assert!(
        again.text.contains(&format!(
            "simloop: explore: explored 1 iteration, failing regression seed 1 of the file, \
             seed {seed}\n"
        )),
        "{}",
        again.text
    );
    assert!(again.text.contains("  regressions  the seed is already in snapshots/seeds/"));
    assert_eq!(seed_report(&again.text), seed_report(&first.text));
    let _ = std::fs::remove_dir_all(root);
    let _ = std::fs::remove_dir_all(replay_root);
}
