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
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// let _ = tokio::process::Command::new("x"); // panics: not simulated
    /// ```
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let _ = program;
        unsupported("tokio::process::Command::new")
    }

    /// tokio's `Command::arg`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.arg("x"); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        let _ = arg;
        match self.never {}
    }

    /// tokio's `Command::args`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.args(["x"]); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let _ = args;
        match self.never {}
    }

    /// tokio's `Command::env`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.env("x", "x"); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn env(&mut self, key: impl AsRef<OsStr>, val: impl AsRef<OsStr>) -> &mut Self {
        let _ = (key, val);
        match self.never {}
    }

    /// tokio's `Command::current_dir`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.current_dir("x"); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        let _ = dir;
        match self.never {}
    }

    /// tokio's `Command::stdin`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.stdin(std::process::Stdio::null()); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn stdin(&mut self, cfg: impl Into<Stdio>) -> &mut Self {
        let _ = cfg;
        match self.never {}
    }

    /// tokio's `Command::stdout`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.stdout(std::process::Stdio::null()); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn stdout(&mut self, cfg: impl Into<Stdio>) -> &mut Self {
        let _ = cfg;
        match self.never {}
    }

    /// tokio's `Command::stderr`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.stderr(std::process::Stdio::null()); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn stderr(&mut self, cfg: impl Into<Stdio>) -> &mut Self {
        let _ = cfg;
        match self.never {}
    }

    /// tokio's `Command::kill_on_drop`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.kill_on_drop(true); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn kill_on_drop(&mut self, kill: bool) -> &mut Self {
        let _ = kill;
        match self.never {}
    }

    /// tokio's `Command::spawn`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.spawn(); // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub fn spawn(&mut self) -> io::Result<Child> {
        match self.never {}
    }

    /// tokio's `Command::output`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.output().await; // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub async fn output(&mut self) -> io::Result<Output> {
        match self.never {}
    }

    /// tokio's `Command::status`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Command) {
    /// let _ = x.status().await; // never runs: no `Command` can be made in a simulation
    /// # }
    /// ```
    pub async fn status(&mut self) -> io::Result<ExitStatus> {
        match self.never {}
    }
}

impl Child {
    /// tokio's `Child::id`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::process::Child) {
    /// let _ = x.id(); // never runs: no `Child` can be made in a simulation
    /// # }
    /// ```
    pub fn id(&self) -> Option<u32> {
        match self.never {}
    }

    /// tokio's `Child::kill`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Child) {
    /// let _ = x.kill().await; // never runs: no `Child` can be made in a simulation
    /// # }
    /// ```
    pub async fn kill(&mut self) -> io::Result<()> {
        match self.never {}
    }

    /// tokio's `Child::start_kill`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Child) {
    /// let _ = x.start_kill(); // never runs: no `Child` can be made in a simulation
    /// # }
    /// ```
    pub fn start_kill(&mut self) -> io::Result<()> {
        match self.never {}
    }

    /// tokio's `Child::wait`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Child) {
    /// let _ = x.wait().await; // never runs: no `Child` can be made in a simulation
    /// # }
    /// ```
    pub async fn wait(&mut self) -> io::Result<ExitStatus> {
        match self.never {}
    }

    /// tokio's `Child::try_wait`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::process::Child) {
    /// let _ = x.try_wait(); // never runs: no `Child` can be made in a simulation
    /// # }
    /// ```
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        match self.never {}
    }

    /// tokio's `Child::wait_with_output`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::process::Child) {
    /// let _ = x.wait_with_output().await; // never runs: no `Child` can be made in a simulation
    /// # }
    /// ```
    pub async fn wait_with_output(self) -> io::Result<Output> {
        match self.never {}
    }
}
