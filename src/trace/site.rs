//! Call sites as traces and reports print them: crate-relative, machine-independent.

use std::panic::Location;

/// A call site as traces and reports print it: relative to its crate, `/`-separated.
///
/// Paths inside the workspace are already relative. A dependency's absolute path is cut to
/// the crate folder and what follows (`futures-util-0.3.31/src/...`), so no home directory or
/// machine layout ends up in a trace.
pub(crate) fn site(location: &Location<'_>) -> String {
    let file = location.file().replace('\\', "/");
    let absolute = file.starts_with('/') || file.get(1..2) == Some(":");
    // `a/../b` (a module included with `#[path]`) is `b`.
    let mut parts: Vec<&str> = Vec::new();
    for part in file.split('/') {
        match part {
            "." | "" if !parts.is_empty() => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let file = if absolute {
        let roots = ["src", "tests", "examples", "benches", "sim-tests"];
        match parts.iter().rposition(|p| roots.contains(p)) {
            Some(i) if i > 0 => parts[i - 1..].join("/"),
            _ => parts.last().copied().unwrap_or_default().to_owned(),
        }
    } else {
        parts.join("/")
    };
    format!("{file}:{}:{}", location.line(), location.column())
}
