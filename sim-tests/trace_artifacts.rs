//! A failing exploration writes the failing run's trace under `target/simloop/` and says so.

use std::path::Path;

use simloop::Explorer;

#[test]
fn a_failing_exploration_writes_the_text_trace_and_the_chrome_json() {
    let failed = Explorer::new()
        .read_env(false)
        .no_regressions()
        .iterations(64)
        .try_run(|| async {
            let coin = simloop::spawn(async { simloop::random::<u8>() % 4 });
            assert_ne!(coin.await.unwrap(), 0, "the coin landed on zero");
        })
        .unwrap_err();
    let report = failed.to_string();
    let line = report.lines().find(|l| l.starts_with("  trace        written to ")).expect(&report);
    let stem = line.trim_start_matches("  trace        written to ").split(".txt").next().unwrap();
    let dir = format!(
        "trace_artifacts__a_failing_exploration_writes_the_text_trace_and_the_chrome_json/{}",
        failed.seed()
    );
    assert!(stem.ends_with(&dir), "{stem}");
    // Relative to the crate (the test's working folder), unless the target folder is elsewhere.
    let stem = Path::new(env!("CARGO_MANIFEST_DIR")).join(stem);
    let text = std::fs::read_to_string(stem.with_extension("txt")).unwrap();
    assert_eq!(text, failed.failure().trace().to_string());
    assert!(text.contains("panicked: assertion"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(stem.with_extension("json")).unwrap())
            .unwrap();
    assert!(json["traceEvents"].as_array().unwrap().len() > 4);
    // The inline trace gives way to the files; the run's own report still ends with its tail.
    assert!(!report.contains("trace of the failing run ("), "{report}");
    assert!(report.contains("last events:"));
}
