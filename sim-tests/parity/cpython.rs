//! Driving `runner.py`: a whole batch through files, or one program at a time through pipes.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value;

use super::program::{Log, Program};

/// The CPython minor version the floors were measured on.
const EXPECTED: &str = "3.11";

fn runner() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sim-tests/parity/runner.py")
}

/// How the runner's loop orders timers due at the same instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Timers {
    /// CPython's own heap order.
    Heap,
    /// Creation order (`--stable-timers`): what `Fifo` did before it modelled the heap.
    Stable,
}

fn command(timers: Timers) -> Command {
    let mut command = Command::new("python3");
    command.arg("-X").arg("utf8").arg(runner());
    if timers == Timers::Stable {
        command.arg("--stable-timers");
    }
    command
}

#[track_caller]
fn missing(e: &std::io::Error) -> ! {
    panic!(
        "parity: cannot run `python3` ({e}).\n\
         The differential test compares simloop with CPython 3.11 and needs `python3` on the \
         PATH; install CPython 3.11 (it is on every development machine and in CI)"
    )
}

/// Checks the header line: the runner's Python version.
#[track_caller]
fn check_header(line: &str) -> String {
    let header: Value = serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("parity: runner.py printed {line:?} as its header: {e}"));
    let version = header["python"].as_str().expect("the header names the version").to_owned();
    assert!(
        version.starts_with(&format!("{EXPECTED}.")),
        "parity: `python3` is CPython {version}; the floors of this test were measured on \
         CPython {EXPECTED}, whose asyncio schedules differently from other versions \
         (`wait_for` changed in 3.12). Put CPython {EXPECTED} first on the PATH"
    );
    version
}

fn parse_log(line: &str) -> Log {
    let entries: Vec<Value> = serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("parity: runner.py printed {line:?}: {e}"));
    entries
        .iter()
        .map(|entry| {
            let ms = entry[0].as_u64().expect("a log entry starts with the virtual ms");
            (ms, entry[1].as_str().expect("then the label").to_owned())
        })
        .collect()
}

/// A batch run: the programs go in through a file and the logs come out through one, so
/// CPython runs beside the caller while it computes simloop's side.
pub(crate) struct Batch {
    child: Child,
    out: PathBuf,
    err: PathBuf,
}

impl Batch {
    /// Starts CPython on `programs`; files go to `dir`.
    #[track_caller]
    pub(crate) fn start(programs: &[Program], dir: &Path, name: &str, timers: Timers) -> Self {
        std::fs::create_dir_all(dir).expect("the scratch directory");
        let input = dir.join(format!("{name}.programs.jsonl"));
        let out = dir.join(format!("{name}.cpython.jsonl"));
        let err = dir.join(format!("{name}.cpython.stderr"));
        let mut writer = BufWriter::new(File::create(&input).expect("the program file"));
        for program in programs {
            writeln!(writer, "{}", program.to_json()).expect("writing the program file");
        }
        writer.flush().expect("writing the program file");
        drop(writer);
        let child = command(timers)
            .stdin(File::open(&input).expect("the program file"))
            .stdout(File::create(&out).expect("the log file"))
            .stderr(File::create(&err).expect("the stderr file"))
            .spawn()
            .unwrap_or_else(|e| missing(&e));
        Self { child, out, err }
    }

    /// Waits for CPython: the version and one log per program.
    #[track_caller]
    pub(crate) fn finish(mut self) -> (String, Vec<Log>) {
        let status = self.child.wait().expect("waiting for python3");
        let stderr = std::fs::read_to_string(&self.err).unwrap_or_default();
        assert!(status.success(), "parity: runner.py failed ({status}):\n{stderr}");
        let text = std::fs::read_to_string(&self.out).expect("the log file");
        let mut lines = text.lines();
        let version = check_header(lines.next().expect("runner.py printed its header"));
        (version, lines.map(parse_log).collect())
    }
}

/// One program at a time, for the minimiser.
pub(crate) struct Interactive {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Interactive {
    #[track_caller]
    pub(crate) fn start(timers: Timers) -> Self {
        let mut child = command(timers)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| missing(&e));
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut header = String::new();
        stdout.read_line(&mut header).expect("reading runner.py's header");
        check_header(header.trim_end());
        Self { child, stdin: Some(stdin), stdout }
    }

    pub(crate) fn run(&mut self, program: &Program) -> Log {
        let stdin = self.stdin.as_mut().expect("the runner is running");
        writeln!(stdin, "{}", program.to_json()).expect("writing to runner.py");
        stdin.flush().expect("writing to runner.py");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("reading from runner.py");
        assert!(!line.is_empty(), "parity: runner.py exited early");
        parse_log(line.trim_end())
    }
}

impl Drop for Interactive {
    fn drop(&mut self) {
        // Closing stdin ends the runner's loop.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
