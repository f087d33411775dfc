//! `tokio::process`: not simulated. Making a [`Command`] panics, naming it, so no process is
//! ever started.
//!
//! # Examples
//!
//! ```should_panic
//! # extern crate simloop_tokio as tokio;
//! let _ = tokio::process::Command::new("ls"); // panics: `tokio::process::Command::new` is not simulated
//! ```

use std::ffi::OsStr;
use std::io;
use std::path::Path;
use std::process::{ExitStatus, Output, Stdio};

use super::{async_read, async_write, stand_in, unsupported};

stand_in! {
    /// tokio's `process::Command`.
    Command;
    /// tokio's `process::Child`.
    Child;
    /// tokio's `process::ChildStdin`.
    ChildStdin;
    /// tokio's `process::ChildStdout`.
    ChildStdout;
    /// tokio's `process::ChildStderr`.
    ChildStderr;
}
async_write!(ChildStdin);
async_read!(ChildStdout, ChildStderr);

impl Command {
    /// tokio's `Command::new`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let _ = program;
        unsupported("tokio::process::Command::new")
    }

    /// tokio's `Command::arg`.
    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        let _ = arg;
        match self.never {}
    }

    /// tokio's `Command::args`.
    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let _ = args;
        match self.never {}
    }

    /// tokio's `Command::env`.
    pub fn env(&mut self, key: impl AsRef<OsStr>, val: impl AsRef<OsStr>) -> &mut Self {
        let _ = (key, val);
        match self.never {}
    }

    /// tokio's `Command::current_dir`.
    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        let _ = dir;
        match self.never {}
    }

    /// tokio's `Command::stdin`.
    pub fn stdin(&mut self, cfg: impl Into<Stdio>) -> &mut Self {
        let _ = cfg;
        match self.never {}
    }

    /// tokio's `Command::stdout`.
    pub fn stdout(&mut self, cfg: impl Into<Stdio>) -> &mut Self {
        let _ = cfg;
        match self.never {}
    }

    /// tokio's `Command::stderr`.
    pub fn stderr(&mut self, cfg: impl Into<Stdio>) -> &mut Self {
        let _ = cfg;
        match self.never {}
    }

    /// tokio's `Command::kill_on_drop`.
    pub fn kill_on_drop(&mut self, kill: bool) -> &mut Self {
        let _ = kill;
        match self.never {}
    }

    /// tokio's `Command::spawn`.
    pub fn spawn(&mut self) -> io::Result<Child> {
        match self.never {}
    }

    /// tokio's `Command::output`.
    pub async fn output(&mut self) -> io::Result<Output> {
        match self.never {}
    }

    /// tokio's `Command::status`.
    pub async fn status(&mut self) -> io::Result<ExitStatus> {
        match self.never {}
    }
}

impl Child {
    /// tokio's `Child::id`.
    pub fn id(&self) -> Option<u32> {
        match self.never {}
    }

    /// tokio's `Child::kill`.
    pub async fn kill(&mut self) -> io::Result<()> {
        match self.never {}
    }

    /// tokio's `Child::start_kill`.
    pub fn start_kill(&mut self) -> io::Result<()> {
        match self.never {}
    }

    /// tokio's `Child::wait`.
    pub async fn wait(&mut self) -> io::Result<ExitStatus> {
        match self.never {}
    }

    /// tokio's `Child::try_wait`.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        match self.never {}
    }

    /// tokio's `Child::wait_with_output`.
    pub async fn wait_with_output(self) -> io::Result<Output> {
        match self.never {}
    }
}
