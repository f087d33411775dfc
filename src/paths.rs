//! Where simloop reads and writes files: the crate's root, the build's target folder, and the
//! one rule that turns a test's name into a file name.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The root of the crate under test: `CARGO_MANIFEST_DIR` (which cargo sets for tests and
/// examples), or the current directory when it is unset.
pub(crate) fn crate_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from)
}

/// The build's target folder: the one this process was built in (a test binary lives in
/// `<target>/<profile>/deps/`, an example in `<target>/<profile>/examples/`), so that
/// `--target-dir` is honoured too; else `CARGO_TARGET_DIR` when set; else `target/` under
/// the crate root.
pub(crate) fn target_dir() -> PathBuf {
    if let Some((target, _)) = built_in() {
        return target.clone();
    }
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| crate_root().join("target"), PathBuf::from)
}

/// Where cargo built this process: its target folder and its profile's folder name
/// (`debug`, `release`, or a custom profile), when it is a test binary or an example.
/// Looked up once per process.
pub(crate) fn built_in() -> Option<&'static (PathBuf, String)> {
    static BUILT: OnceLock<Option<(PathBuf, String)>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            let kind = exe.parent()?;
            if !matches!(kind.file_name()?.to_str()?, "deps" | "examples") {
                return None;
            }
            let profile = kind.parent()?;
            let target = profile.parent()?;
            Some((target.to_path_buf(), profile.file_name()?.to_str()?.to_owned()))
        })
        .as_ref()
}

/// The name of this test binary as `cargo test --test <name>` takes it: the executable's name
/// without the hash cargo appends (`sim-44645fd49c693fb7` is `sim`).
pub(crate) fn test_binary() -> Option<&'static str> {
    static NAME: OnceLock<Option<String>> = OnceLock::new();
    NAME.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let stem = exe.file_stem()?.to_str()?;
        let name = match stem.rsplit_once('-') {
            Some((name, hash))
                if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                name
            }
            _ => stem,
        };
        Some(name.to_owned())
    })
    .as_deref()
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
