//! The failing run's trace, written next to the build: `<target>/simloop/<test>/<seed>.*`.

use std::panic::Location;
use std::path::PathBuf;

use crate::paths::{file_stem, target_dir};
use crate::trace::Trace;

/// Where the failing run's trace went.
#[derive(Debug, Clone)]
pub(super) enum Artifacts {
    /// `<stem>.txt` (the text trace) and `<stem>.json` (Chrome trace events) were written.
    Written(PathBuf),
    /// Writing failed: the path tried and the error.
    Error(PathBuf, String),
    /// The run recorded no trace.
    None,
}

/// Writes the text trace and the Chrome trace event JSON of the failing run to
/// `<target>/simloop/<test>/<seed>.{txt,json}`, in the build's target folder (`CARGO_TARGET_DIR`
/// when set, else `target/` under the crate).
pub(super) fn write(
    test: Option<&str>,
    site: &Location<'_>,
    seed: u64,
    trace: &Trace,
) -> Artifacts {
    if !trace.is_recorded() {
        return Artifacts::None;
    }
    // An exploration outside the test harness (a thread without a name) is named after the
    // place it was started from, so that two of them do not share a folder.
    let test = match test {
        Some(test) => file_stem(test),
        None => format!("unnamed-{}", file_stem(&crate::trace::site(site))),
    };
    let dir = target_dir().join("simloop").join(test);
    let stem = dir.join(seed.to_string());
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(stem.with_extension("txt"), trace.to_string()))
        .and_then(|()| std::fs::write(stem.with_extension("json"), trace.to_chrome_json()));
    match written {
        Ok(()) => Artifacts::Written(stem),
        Err(err) => Artifacts::Error(stem, err.to_string()),
    }
}
