//! Where simloop reads and writes files: the crate's root, the build's target folder, and the
//! one rule that turns a test's name into a file name.

use std::path::{Path, PathBuf};

/// The root of the crate under test: `CARGO_MANIFEST_DIR` (which cargo sets for tests and
/// examples), or the current directory when it is unset.
pub(crate) fn crate_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from)
}

/// The build's target folder: `CARGO_TARGET_DIR` when set, else `target/` under the crate root.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| crate_root().join("target"), PathBuf::from)
}

/// A test's name (its path as the harness names it, such as `bank::deposits_add_up`) as a
/// file name: `::` becomes `__`, and any other character that is not alphanumeric, `_` or
/// `-` becomes `_`.
pub(crate) fn file_stem(test: &str) -> String {
    test.replace("::", "__")
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '_' || c == '-' { c } else { '_' })
        .collect()
}

/// `path` as reports print it: relative to the crate root when under it.
pub(crate) fn display_path(path: &Path) -> String {
    let root = crate_root();
    let relative = path.strip_prefix(&root).ok().filter(|_| !root.as_os_str().is_empty());
    relative.unwrap_or(path).display().to_string()
}
