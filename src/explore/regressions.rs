//! Regression files: the failing seeds of a test, kept in version control, replayed first.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::paths::{crate_root, file_stem};

/// The header every regression file starts with.
const HEADER: &str = "\
# simloop regression seeds. Check this file in.
#
# Every exploration of the test replays these seeds first, before exploring new ones, so a
# failure once found is tried again on every later run, on every machine.
# One seed per line: `cc <seed> # <what failed>`. Replay one alone with
#   SIMLOOP_SEED=<seed> cargo test <the test's name>
";

/// The longest summary written after a seed, in characters.
const SUMMARY_CHARS: usize = 160;

/// A test's regression file: the seeds that made its exploration fail, one per line.
///
/// The format is proptest's: a header that says to check the file in, then one line per seed,
/// `cc <seed> # <one-line summary>`. [`Explorer`](crate::Explorer) appends a seed when an
/// exploration fails, and runs the file's seeds first, in file order, on every later run.
/// By default a test's file is `snapshots/seeds/<test path>.txt` under its crate
/// ([`for_test`](Self::for_test)).
///
/// # Concurrency
///
/// Several tests, threads or processes may append to one file at once without losing a
/// line: the file is created with its header in one step (written aside, then hard-linked
/// into place), and each line is written by one `write_all` on a file opened in append mode.
///
/// # Examples
///
/// ```
/// use simloop::RegressionFile;
///
/// let dir = std::env::temp_dir().join(format!("simloop-doc-{}", std::process::id()));
/// let file = RegressionFile::new(dir.join("my_test.txt"));
/// assert_eq!(file.seeds().unwrap(), []); // no file yet: no seeds
/// file.append(42, "deadlock: the main future is waiting")?;
/// file.append(0x2a2a, "panic: boom\nsecond line")?;
/// assert_eq!(file.seeds().unwrap(), [42, 0x2a2a]);
/// let text = std::fs::read_to_string(file.path())?;
/// assert!(text.starts_with("# simloop regression seeds. Check this file in."));
/// assert!(text.ends_with("cc 42 # deadlock: the main future is waiting\ncc 10794 # panic: boom | second line\n"));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegressionFile {
    path: PathBuf,
}

impl RegressionFile {
    /// The regression file at `path`.
    ///
    /// # Examples
    ///
    /// ```
    /// let file = simloop::RegressionFile::new("seeds.txt");
    /// assert_eq!(file.path(), std::path::Path::new("seeds.txt"));
    /// ```
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file of the test `test` (its path as the test harness names it, such as
    /// `bank::deposits_add_up`) that explorations wrote before files were kept per test binary:
    /// `snapshots/seeds/bank__deposits_add_up.txt` under the crate (`CARGO_MANIFEST_DIR`, which
    /// `cargo test` sets, or the current directory when that is unset). An exploration still
    /// replays its seeds, and writes new ones to [`for_binary_test`](Self::for_binary_test).
    ///
    /// # Examples
    ///
    /// ```
    /// let file = simloop::RegressionFile::for_test("bank::deposits_add_up");
    /// assert!(file.path().ends_with("snapshots/seeds/bank__deposits_add_up.txt"));
    /// ```
    pub fn for_test(test: &str) -> Self {
        let name = file_stem(test);
        Self::new(crate_root().join("snapshots").join("seeds").join(format!("{name}.txt")))
    }

    /// The default file of the test `test` of the test binary `binary` (as `cargo test --test
    /// <binary>` names it): `snapshots/seeds/<binary>/<test>.txt` under the crate, so that
    /// two test binaries with a test of the same name keep their seeds apart.
    ///
    /// # Examples
    ///
    /// ```
    /// let file = simloop::RegressionFile::for_binary_test("sim", "bank::deposits_add_up");
    /// assert!(file.path().ends_with("snapshots/seeds/sim/bank__deposits_add_up.txt"));
    /// ```
    pub fn for_binary_test(binary: &str, test: &str) -> Self {
        let path = crate_root().join("snapshots").join("seeds").join(file_stem(binary));
        Self::new(path.join(format!("{}.txt", file_stem(test))))
    }

    /// Where the file is.
    ///
    /// # Examples
    ///
    /// ```
    /// let file = simloop::RegressionFile::new("/tmp/x.txt");
    /// assert_eq!(file.path().file_name().unwrap(), "x.txt");
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The seeds of the file, in file order, each once. A file that does not exist has none.
    ///
    /// # Errors
    ///
    /// The file cannot be read, or a line is neither blank, nor a `#` comment, nor
    /// `cc <seed> ...` (the error names the file and the line).
    ///
    /// # Examples
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("simloop-doc-seeds-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let path = dir.join("t.txt");
    /// std::fs::write(&path, "# header\n\ncc 7 # panic\ncc 0x10\ncc 7 # again\n")?;
    /// assert_eq!(simloop::RegressionFile::new(&path).seeds()?, [7, 16]);
    ///
    /// std::fs::write(&path, "cc 7\nseed 8\n")?;
    /// let err = simloop::RegressionFile::new(&path).seeds().unwrap_err();
    /// assert!(err.to_string().ends_with("t.txt:2: expected `cc <seed> # <summary>`, found `seed 8`; fix or delete the line"));
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn seeds(&self) -> io::Result<Vec<u64>> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(err),
        };
        let mut seeds = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let seed = line
                .strip_prefix("cc ")
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|token| crate::env::parse_seed(token).ok())
                .ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "{}:{}: expected `cc <seed> # <summary>`, found `{line}`; fix or \
                             delete the line",
                            self.path.display(),
                            number + 1
                        ),
                    )
                })?;
            if !seeds.contains(&seed) {
                seeds.push(seed);
            }
        }
        Ok(seeds)
    }

    /// Appends `cc <seed> # <summary>` (the summary on one line, cut to 160 characters),
    /// creating the file and its folders, with the header, when needed.
    ///
    /// # Errors
    ///
    /// The folder or the file cannot be created or written.
    ///
    /// # Examples
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("simloop-doc-append-{}", std::process::id()));
    /// let file = simloop::RegressionFile::new(dir.join("nested").join("t.txt"));
    /// file.append(1, "step limit: the step limit of 100 polls was reached")?;
    /// assert_eq!(file.seeds()?, [1]);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn append(&self, seed: u64, summary: &str) -> io::Result<()> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        self.create_with_header()?;
        // A last line without its line break (edited by hand, or cut short by a killed
        // process) must not swallow the new seed: start a line of our own first. Appends of
        // this process take turns, so none sees another's line half written; a line of
        // another process in flight may still look open, which costs a blank line, never a
        // seed.
        static APPENDING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = APPENDING.lock().unwrap_or_else(|e| e.into_inner());
        let open_line = ends_without_newline(&self.path)?;
        let line =
            format!("{}cc {seed} # {}\n", if open_line { "\n" } else { "" }, one_line(summary));
        // One `write_all` of one short line on an append-mode file: concurrent appends land
        // whole, one after the other.
        OpenOptions::new().append(true).open(&self.path)?.write_all(line.as_bytes())
    }

    /// Creates the file with its header unless it exists. The header is written to a private
    /// file that is then hard-linked into place, so a concurrent appender never sees the
    /// file without its header, and never writes before it.
    fn create_with_header(&self) -> io::Result<()> {
        static UNIQUE: AtomicU64 = AtomicU64::new(0);
        if self.path.exists() {
            return Ok(());
        }
        let unique = UNIQUE.fetch_add(1, Ordering::Relaxed);
        let mut aside = self.path.clone().into_os_string();
        aside.push(format!(".{}.{unique}.tmp", std::process::id()));
        let aside = PathBuf::from(aside);
        fs::write(&aside, HEADER)?;
        let linked = fs::hard_link(&aside, &self.path);
        let _ = fs::remove_file(&aside);
        match linked {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            // A file system without hard links: create it in place (a racing appender may
            // then write its line before the header, but no line is lost).
            Err(_) => match OpenOptions::new().write(true).create_new(true).open(&self.path) {
                Ok(mut file) => file.write_all(HEADER.as_bytes()),
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
                Err(err) => Err(err),
            },
        }
    }
}

/// Whether the file's last byte is something other than a line break.
fn ends_without_newline(path: &Path) -> io::Result<bool> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut file = fs::File::open(path)?;
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// `text` on one line: line breaks become ` | `, cut to [`SUMMARY_CHARS`].
fn one_line(text: &str) -> String {
    let joined = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>();
    let joined = joined.join(" | ");
    match joined.char_indices().nth(SUMMARY_CHARS) {
        Some((cut, _)) => format!("{}...", &joined[..cut]),
        None => joined,
    }
}
