//! The `SIMLOOP_*` variables: malformed values are errors naming the variable, the value and
//! the expected form; unknown names warn; the documented precedence holds.

use simloop::env::{self, Settings};
use simloop::{Explorer, Strategy};

use crate::support::child;

/// The error `Settings::from_vars` gives for one variable.
#[track_caller]
fn error(name: &str, value: &str) -> String {
    let err = Settings::from_vars([(name, value)]).expect_err(value);
    assert_eq!(err.variable(), name);
    assert_eq!(err.value(), value);
    err.to_string()
}

#[test]
fn seed_rejects_a_malformed_value() {
    assert_eq!(
        error(env::SIMLOOP_SEED, "12x"),
        "SIMLOOP_SEED=12x is not a valid seed: expected a decimal u64 such as 42, or hex such as 0x2a"
    );
    assert!(Settings::from_vars([(env::SIMLOOP_SEED, "-1")]).is_err());
    assert!(Settings::from_vars([(env::SIMLOOP_SEED, "18446744073709551616")]).is_err());
}

#[test]
fn iterations_rejects_a_malformed_value() {
    let expected = "is not a valid iteration count: expected a positive integer such as 1000 or \
                    10_000";
    for value in ["0", "ten", "-5", "1.5", "+5"] {
        assert_eq!(
            error(env::SIMLOOP_ITERATIONS, value),
            format!("SIMLOOP_ITERATIONS={value} {expected}")
        );
    }
    // An empty value is quoted, so that the message shows it.
    assert_eq!(error(env::SIMLOOP_ITERATIONS, ""), format!("SIMLOOP_ITERATIONS=\"\" {expected}"));
}

#[test]
fn duration_rejects_a_malformed_value() {
    let expected = "is not a valid duration: expected a positive integer and a unit (ms, s, m, \
                    h), such as 90s or 10m";
    for value in ["90", "10x", "s", "0s", "1.5h", "-1m"] {
        assert_eq!(
            error(env::SIMLOOP_DURATION, value),
            format!("SIMLOOP_DURATION={value} {expected}")
        );
    }
}

#[test]
fn strategy_rejects_a_malformed_value() {
    assert_eq!(
        error(env::SIMLOOP_STRATEGY, "lifo"),
        "SIMLOOP_STRATEGY=lifo is not a valid strategy: expected one of `random`, `fifo`, \
         `pct` or `pct:<depth>` (such as `pct:3`), `fifo-random-timers`, `delay` or \
         `delay:<delays>` (such as `delay:2`), `pos`, `dfs` or `dfs:<preemptions>` (such as \
         `dfs:2`), `portfolio`"
    );
    for value in ["pct:0", "pct:", "pct:-1", "pct:x", "portfolios"] {
        let message = error(env::SIMLOOP_STRATEGY, value);
        assert!(message.starts_with(&format!("SIMLOOP_STRATEGY={value} is not")), "{message}");
    }
}

#[test]
fn shard_rejects_a_malformed_value() {
    let expected = "is not a valid shard: expected k/n with 1 <= k <= n, such as 1/4 (the first \
                    of four slices)";
    for value in ["0/4", "5/4", "1-4", "1/0", "a/b", "2"] {
        assert_eq!(error(env::SIMLOOP_SHARD, value), format!("SIMLOOP_SHARD={value} {expected}"));
    }
}

#[test]
fn base_seed_rejects_a_malformed_value() {
    assert_eq!(
        error(env::SIMLOOP_BASE_SEED, "0xZZ"),
        "SIMLOOP_BASE_SEED=0xZZ is not a valid base seed: expected a decimal u64 such as 42, or \
         hex such as 0x2a"
    );
}

#[test]
fn well_formed_values_parse() {
    let settings = Settings::from_vars([
        (env::SIMLOOP_SEED, "0x2a"),
        (env::SIMLOOP_ITERATIONS, "10_000"),
        (env::SIMLOOP_DURATION, "10m"),
        (env::SIMLOOP_STRATEGY, "FIFO"),
        (env::SIMLOOP_SHARD, "3/4"),
        (env::SIMLOOP_BASE_SEED, "7"),
        ("SIMLOOP_SEEDS", "1"),
        ("HOME", "/root"),
    ])
    .unwrap();
    assert_eq!(settings.seed(), Some(42));
    assert_eq!(settings.iterations(), Some(10_000));
    assert_eq!(settings.duration(), Some(std::time::Duration::from_secs(600)));
    assert_eq!(settings.strategy(), Some(Strategy::Fifo));
    assert_eq!(settings.shard().map(|s| (s.index(), s.count())), Some((3, 4)));
    assert_eq!(settings.base_seed(), Some(7));
    assert_eq!(settings.unknown(), ["SIMLOOP_SEEDS"]);
}

/// Explorations as a child process prints them: each summary line names its settings.
#[test]
fn env_child() {
    if !child::is_child() {
        return;
    }
    let quiet = || Explorer::new().no_regressions().threads(1);
    quiet().iterations(5).run(|| async {});
    quiet().iterations(5).strategy(Strategy::Random).run(|| async {});
}

const CHILD: &str = "explore_env::env_child";

#[test]
fn a_malformed_variable_stops_the_exploration() {
    let root = child::temp_dir("env-malformed");
    for (name, value, form) in [
        (env::SIMLOOP_SHARD, "5/4", "shard: expected k/n"),
        (env::SIMLOOP_ITERATIONS, "lots", "iteration count: expected a positive integer"),
        (env::SIMLOOP_DURATION, "1 hour", "duration: expected a positive integer and a unit"),
        (env::SIMLOOP_STRATEGY, "lifo", "strategy: expected one of `random`, `fifo`"),
        (env::SIMLOOP_BASE_SEED, "x", "base seed: expected a decimal u64"),
        (env::SIMLOOP_SEED, "x", "seed: expected a decimal u64"),
    ] {
        let out = child::run(CHILD, &root, &[(name, value)]);
        assert!(!out.passed, "{}", out.text);
        // A value with a space in it is quoted.
        let shown = if value.contains(' ') { format!("{value:?}") } else { value.to_owned() };
        let message = format!("simloop: {name}={shown} is not a valid {form}");
        assert!(out.text.contains(&message), "{message:?} missing from:\n{}", out.text);
        assert!(out.text.contains("; fix it or unset it"), "{}", out.text);
    }
}

#[test]
fn an_unknown_variable_warns() {
    let root = child::temp_dir("env-unknown");
    let out = child::run(CHILD, &root, &[("SIMLOOP_ITERATONS", "9")]);
    assert!(out.passed, "{}", out.text);
    let warning = "simloop: warning: ignoring the unknown environment variable \
                   SIMLOOP_ITERATONS; simloop reads SIMLOOP_SEED, SIMLOOP_ITERATIONS, \
                   SIMLOOP_DURATION, SIMLOOP_STRATEGY, SIMLOOP_SHARD, SIMLOOP_BASE_SEED, \
                   SIMLOOP_SCHEDULE";
    assert_eq!(out.text.matches(warning).count(), 1, "once per process:\n{}", out.text);
}

#[test]
fn the_environment_sizes_the_exploration_and_the_code_keeps_its_strategy() {
    let root = child::temp_dir("env-precedence");
    let summary = "simloop: explore_env::env_child: ";
    let out = child::run(CHILD, &root, &[]);
    assert!(out.passed, "{}", out.text);
    assert_eq!(
        out.text.matches(&format!("{summary}5 iterations passed")).count(),
        2,
        "{}",
        out.text
    );

    let out = child::run(
        CHILD,
        &root,
        &[
            (env::SIMLOOP_ITERATIONS, "7"),
            (env::SIMLOOP_STRATEGY, "fifo"),
            (env::SIMLOOP_BASE_SEED, "99"),
            (env::SIMLOOP_SHARD, "1/1"),
        ],
    );
    assert!(out.passed, "{}", out.text);
    // The first summary shares its line with libtest's `test ... `.
    let lines: Vec<&str> =
        out.text.lines().filter_map(|l| l.find(summary).map(|at| &l[at..])).collect();
    assert_eq!(lines.len(), 2, "{}", out.text);
    // SIMLOOP_ITERATIONS and SIMLOOP_BASE_SEED beat the code; SIMLOOP_STRATEGY applies only
    // where the code chose no strategy.
    assert!(lines[0].contains(": 7 iterations passed ("), "{}", lines[0]);
    assert!(lines[0].contains("strategy fifo, base seed 99)"), "{}", lines[0]);
    assert!(lines[1].contains(": 7 iterations passed ("), "{}", lines[1]);
    assert!(lines[1].contains("strategy random, base seed 99)"), "{}", lines[1]);

    // SIMLOOP_SEED beats everything: one run of that seed.
    let out =
        child::run(CHILD, &root, &[(env::SIMLOOP_SEED, "12345"), (env::SIMLOOP_ITERATIONS, "7")]);
    assert!(out.passed, "{}", out.text);
    assert_eq!(
        out.text.matches(&format!("{summary}seed 12345 (from SIMLOOP_SEED) passed")).count(),
        2,
        "{}",
        out.text
    );
    let _ = std::fs::remove_dir_all(root);
}

/// Fails on every seed, in a child process only.
#[test]
fn failing_env_child() {
    if child::is_child() {
        Explorer::new().no_regressions().threads(1).run(|| async { panic!("always") });
    }
}

#[test]
fn a_strategy_from_the_environment_is_named_for_the_replay() {
    let root = child::temp_dir("env-strategy");
    let out =
        child::run("explore_env::failing_env_child", &root, &[(env::SIMLOOP_STRATEGY, "fifo")]);
    assert!(!out.passed, "{}", out.text);
    assert!(
        out.text
            .contains("\n  strategy     fifo (from SIMLOOP_STRATEGY: set it for the replay too)\n"),
        "{}",
        out.text
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn every_variable_refuses_a_plus_sign_and_quotes_a_blank_value() {
    use simloop::env::{Settings, parse_base_seed, parse_iterations, parse_seed, parse_shard};
    assert!(parse_seed("+5").is_err());
    assert!(parse_base_seed("+5").is_err());
    assert!(parse_iterations("+5").is_err());
    assert!(parse_shard("+1/2").is_err());
    assert!(simloop::env::parse_duration("+5s").is_err());
    assert!(simloop::env::parse_determinism_checks("+5").is_err());
    assert!(parse_seed("0x").is_err() && parse_seed("0x+1").is_err());
    assert_eq!(parse_seed(" 42 "), Ok(42));
    assert_eq!(
        parse_seed(" ").unwrap_err().to_string(),
        "SIMLOOP_SEED=\" \" is not a valid seed: expected a decimal u64 such as 42, or hex such as 0x2a"
    );
    let empty = Settings::from_vars([("SIMLOOP_ITERATIONS", "")]).unwrap_err();
    assert!(empty.to_string().starts_with("SIMLOOP_ITERATIONS=\"\" is not a valid"), "{empty}");
    let bare = Settings::from_vars([("SIMLOOP_SHARD", "3/2")]).unwrap_err();
    assert!(bare.to_string().starts_with("SIMLOOP_SHARD=3/2 is not a valid"), "{bare}");
}
