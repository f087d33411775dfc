//! Trace snapshots with insta, under the crate's `snapshots/` folder.

use super::{Compact, Trace};

/// Asserts that a trace's text matches its insta snapshot under the crate's `snapshots/`
/// folder (`CARGO_MANIFEST_DIR/snapshots`).
///
/// Pass a [`Trace`] for the full text, or [`Trace::compact`] for the compact view that
/// survives refactors; name the snapshot as the first argument, or let insta name it after
/// the test. The snapshot's header records the seed and the strategy of the run. Everything
/// else is insta's: a mismatch writes a `.snap.new` file to review with `cargo insta review`,
/// `INSTA_UPDATE` works as usual, and under CI a missing snapshot fails.
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// use simloop::{Sim, Strategy, assert_trace_snapshot};
///
/// let outcome = Sim::new(1).strategy(Strategy::Fifo).trace(true).try_run(async {
///     simloop::time::sleep(Duration::from_millis(5)).await;
/// }).unwrap();
/// assert_trace_snapshot!("sleep_once", outcome.trace().compact());
/// assert_trace_snapshot!(outcome.trace());
/// ```
#[macro_export]
macro_rules! assert_trace_snapshot {
    ($trace:expr $(,)?) => {{
        let (text, settings) = $crate::trace::__snapshot(&$trace, env!("CARGO_MANIFEST_DIR"));
        settings.bind(|| $crate::__insta::assert_snapshot!(text));
    }};
    ($name:expr, $trace:expr $(,)?) => {{
        let (text, settings) = $crate::trace::__snapshot(&$trace, env!("CARGO_MANIFEST_DIR"));
        settings.bind(|| $crate::__insta::assert_snapshot!($name, text));
    }};
}

/// What [`assert_trace_snapshot!`](crate::assert_trace_snapshot) takes: a trace or a view of
/// one.
#[doc(hidden)]
pub trait SnapshotSource {
    /// The trace.
    fn source(&self) -> &Trace;
    /// The text to snapshot.
    fn text(&self) -> String;
}

impl SnapshotSource for Trace {
    fn source(&self) -> &Trace {
        self
    }

    fn text(&self) -> String {
        self.to_string()
    }
}

impl SnapshotSource for Compact<'_> {
    fn source(&self) -> &Trace {
        self.trace
    }

    fn text(&self) -> String {
        self.to_string()
    }
}

impl<T: SnapshotSource + ?Sized> SnapshotSource for &T {
    fn source(&self) -> &Trace {
        (**self).source()
    }

    fn text(&self) -> String {
        (**self).text()
    }
}

/// The plumbing of [`assert_trace_snapshot!`](crate::assert_trace_snapshot): the text, and
/// insta settings that put the snapshot under `snapshots/` with the seed and strategy.
#[doc(hidden)]
pub fn __snapshot(trace: &impl SnapshotSource, manifest_dir: &str) -> (String, insta::Settings) {
    let source = trace.source();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(std::path::Path::new(manifest_dir).join("snapshots"));
    settings.set_description(format!("seed {}, strategy {}", source.seed(), source.strategy()));
    settings.set_omit_expression(true);
    (trace.text(), settings)
}
