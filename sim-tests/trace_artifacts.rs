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

/// Runs `f` on a new thread without a name, outside any simulation.
fn on_unnamed_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(f).join().unwrap())
}

/// The folder a failing exploration on the current thread wrote its trace to.
fn trace_folder(site: u32) -> std::path::PathBuf {
    let failed = Explorer::new()
        .read_env(false)
        .no_regressions()
        .iterations(1)
        .try_run(move || async move { panic!("site {site}") })
        .unwrap_err();
    let report = failed.to_string();
    let line = report.lines().find(|l| l.starts_with("  trace        written to ")).expect(&report);
    let stem = line.trim_start_matches("  trace        written to ").split(".txt").next().unwrap();
    Path::new(env!("CARGO_MANIFEST_DIR")).join(stem).parent().unwrap().to_path_buf()
}

#[test]
fn explorations_on_unnamed_threads_write_to_folders_of_their_own() {
    let first = on_unnamed_thread(|| trace_folder(1));
    let second = on_unnamed_thread(|| trace_folder(2));
    // Both start at the same line: a folder per call site of `try_run`, named after it.
    assert_eq!(first, second);
    let name = first.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("unnamed-sim-tests_trace_artifacts_rs_"), "{name}");
    let other = on_unnamed_thread(|| {
        Explorer::new()
            .read_env(false)
            .no_regressions()
            .iterations(1)
            .try_run(|| async { panic!("elsewhere") })
            .unwrap_err()
            .to_string()
    });
    assert!(!other.contains(&format!("/{name}/")), "{other}");
}

#[test]
fn traces_go_to_the_target_folder_this_binary_was_built_in() {
    // `<target>/<profile>/deps/<binary>`: the folder `--target-dir` or `CARGO_TARGET_DIR` chose.
    let exe = std::env::current_exe().unwrap();
    let target = exe.parent().unwrap().parent().unwrap().parent().unwrap();
    let failed = Explorer::new()
        .read_env(false)
        .no_regressions()
        .iterations(1)
        .try_run(|| async { panic!("where does the trace go") })
        .unwrap_err();
    let report = failed.to_string();
    let line = report.lines().find(|l| l.starts_with("  trace        written to ")).expect(&report);
    let stem = line.trim_start_matches("  trace        written to ").split(".txt").next().unwrap();
    let written = Path::new(env!("CARGO_MANIFEST_DIR")).join(stem);
    assert!(
        written.starts_with(target.join("simloop")),
        "{} not under {}",
        written.display(),
        target.display()
    );
    assert!(written.with_extension("txt").exists());
}
