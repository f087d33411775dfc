//! `tokio::fs`: not simulated. Every function panics, naming itself.
//!
//! # Examples
//!
//! ```should_panic
//! # extern crate simloop_tokio as tokio;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let _ = tokio::fs::read_to_string("Cargo.toml").await; // panics: `tokio::fs::read_to_string` is not simulated
//! # }
//! ```

use std::fs::{Metadata, Permissions};
use std::io;
use std::path::{Path, PathBuf};

use super::{async_read, async_write, stand_in, unsupported};

macro_rules! functions {
    ($( $name:ident ( $($arg:ident: $ty:ty),* ) -> $ret:ty = [$($example:tt)*]; )*) => {$(
        #[doc = concat!("tokio's `fs::", stringify!($name), "`: not simulated.")]
        ///
        /// # Panics
        ///
        /// Always, naming the function.
        ///
        /// # Examples
        ///
        /// ```should_panic
        /// # extern crate simloop_tokio as tokio;
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() {
        #[doc = concat!(
            "let _ = tokio::fs::", stringify!($name), "(", stringify!($($example)*),
            ").await; // panics: not simulated"
        )]
        /// # }
        /// ```
        #[allow(clippy::unused_async, reason = "tokio's signature")]
        pub async fn $name($($arg: $ty),*) -> $ret {
            $(let _ = $arg;)*
            unsupported(concat!("tokio::fs::", stringify!($name)))
        }
    )*};
}

functions! {
    canonicalize(path: impl AsRef<Path>) -> io::Result<PathBuf> = ["x"];
    copy(from: impl AsRef<Path>, to: impl AsRef<Path>) -> io::Result<u64> = ["x", "x"];
    create_dir(path: impl AsRef<Path>) -> io::Result<()> = ["x"];
    create_dir_all(path: impl AsRef<Path>) -> io::Result<()> = ["x"];
    hard_link(original: impl AsRef<Path>, link: impl AsRef<Path>) -> io::Result<()> = ["x", "x"];
    metadata(path: impl AsRef<Path>) -> io::Result<Metadata> = ["x"];
    read(path: impl AsRef<Path>) -> io::Result<Vec<u8>> = ["x"];
    read_dir(path: impl AsRef<Path>) -> io::Result<ReadDir> = ["x"];
    read_link(path: impl AsRef<Path>) -> io::Result<PathBuf> = ["x"];
    read_to_string(path: impl AsRef<Path>) -> io::Result<String> = ["x"];
    remove_dir(path: impl AsRef<Path>) -> io::Result<()> = ["x"];
    remove_dir_all(path: impl AsRef<Path>) -> io::Result<()> = ["x"];
    remove_file(path: impl AsRef<Path>) -> io::Result<()> = ["x"];
    rename(from: impl AsRef<Path>, to: impl AsRef<Path>) -> io::Result<()> = ["x", "x"];
    set_permissions(path: impl AsRef<Path>, perm: Permissions) -> io::Result<()> = ["x", std::fs::metadata(".").unwrap().permissions()];
    symlink_metadata(path: impl AsRef<Path>) -> io::Result<Metadata> = ["x"];
    try_exists(path: impl AsRef<Path>) -> io::Result<bool> = ["x"];
    write(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> io::Result<()> = ["x", b"x"];
}

stand_in! {
    /// tokio's `fs::File`.
    File;
    /// tokio's `fs::ReadDir`.
    ReadDir;
    /// tokio's `fs::DirEntry`.
    DirEntry;
}
async_read!(File);
async_write!(File);

impl real_tokio::io::AsyncSeek for File {
    fn start_seek(self: std::pin::Pin<&mut Self>, _: io::SeekFrom) -> io::Result<()> {
        match self.never {}
    }
    fn poll_complete(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<u64>> {
        match self.never {}
    }
}

impl File {
    /// tokio's `File::open`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let _ = tokio::fs::File::open("x").await; // panics: not simulated
    /// # }
    /// ```
    pub async fn open(path: impl AsRef<Path>) -> io::Result<Self> {
        let _ = path;
        unsupported("tokio::fs::File::open")
    }

    /// tokio's `File::create`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let _ = tokio::fs::File::create("x").await; // panics: not simulated
    /// # }
    /// ```
    pub async fn create(path: impl AsRef<Path>) -> io::Result<Self> {
        let _ = path;
        unsupported("tokio::fs::File::create")
    }

    /// tokio's `File::options`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// let _ = tokio::fs::File::options(); // panics: not simulated
    /// ```
    pub fn options() -> OpenOptions {
        unsupported("tokio::fs::File::options")
    }

    /// tokio's `File::from_std`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # fn doc(std: std::fs::File) {
    /// let _ = tokio::fs::File::from_std(std); // panics: not simulated
    /// # }
    /// ```
    pub fn from_std(std: std::fs::File) -> Self {
        let _ = std;
        unsupported("tokio::fs::File::from_std")
    }

    /// tokio's `File::metadata`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::File) {
    /// let _ = x.metadata().await; // never runs: no `File` can be made in a simulation
    /// # }
    /// ```
    pub async fn metadata(&self) -> io::Result<Metadata> {
        match self.never {}
    }

    /// tokio's `File::sync_all`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::File) {
    /// let _ = x.sync_all().await; // never runs: no `File` can be made in a simulation
    /// # }
    /// ```
    pub async fn sync_all(&self) -> io::Result<()> {
        match self.never {}
    }

    /// tokio's `File::sync_data`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::File) {
    /// let _ = x.sync_data().await; // never runs: no `File` can be made in a simulation
    /// # }
    /// ```
    pub async fn sync_data(&self) -> io::Result<()> {
        match self.never {}
    }

    /// tokio's `File::set_len`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::File) {
    /// let _ = x.set_len(1).await; // never runs: no `File` can be made in a simulation
    /// # }
    /// ```
    pub async fn set_len(&self, size: u64) -> io::Result<()> {
        let _ = size;
        match self.never {}
    }

    /// tokio's `File::into_std`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::File) {
    /// let _ = x.into_std().await; // never runs: no `File` can be made in a simulation
    /// # }
    /// ```
    pub async fn into_std(self) -> std::fs::File {
        match self.never {}
    }
}

impl ReadDir {
    /// tokio's `ReadDir::next_entry`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(mut x: tokio::fs::ReadDir) {
    /// let _ = x.next_entry().await; // never runs: no `ReadDir` can be made in a simulation
    /// # }
    /// ```
    pub async fn next_entry(&mut self) -> io::Result<Option<DirEntry>> {
        match self.never {}
    }
}

impl DirEntry {
    /// tokio's `DirEntry::path`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::DirEntry) {
    /// let _ = x.path(); // never runs: no `DirEntry` can be made in a simulation
    /// # }
    /// ```
    pub fn path(&self) -> PathBuf {
        match self.never {}
    }

    /// tokio's `DirEntry::file_name`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::DirEntry) {
    /// let _ = x.file_name(); // never runs: no `DirEntry` can be made in a simulation
    /// # }
    /// ```
    pub fn file_name(&self) -> std::ffi::OsString {
        match self.never {}
    }

    /// tokio's `DirEntry::metadata`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::DirEntry) {
    /// let _ = x.metadata().await; // never runs: no `DirEntry` can be made in a simulation
    /// # }
    /// ```
    pub async fn metadata(&self) -> io::Result<Metadata> {
        match self.never {}
    }
}

/// tokio's `fs::OpenOptions`: building one works, opening a file panics.
///
/// # Examples
///
/// ```should_panic
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let _ = tokio::fs::OpenOptions::new().read(true).open("Cargo.toml").await; // panics
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct OpenOptions(());

macro_rules! flags {
    ($($name:ident),*) => {$(
        #[doc = concat!("tokio's `OpenOptions::", stringify!($name), "`.")]
        ///
        /// # Examples
        ///
        /// ```
        /// # extern crate simloop_tokio as tokio;
        /// let mut options = tokio::fs::OpenOptions::new();
        #[doc = concat!("options.", stringify!($name), "(true);")]
        /// ```
        pub fn $name(&mut self, value: bool) -> &mut Self {
            let _ = value;
            self
        }
    )*};
}

impl OpenOptions {
    /// tokio's `OpenOptions::new`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let _ = tokio::fs::OpenOptions::new(); // building works; `open` panics
    /// ```
    pub fn new() -> Self {
        Self(())
    }

    flags!(read, write, append, truncate, create, create_new);

    /// tokio's `OpenOptions::open`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(dead_code)]
    /// # async fn doc(x: tokio::fs::OpenOptions) {
    /// let _ = x.open("x").await; // never runs: no `OpenOptions` can be made in a simulation
    /// # }
    /// ```
    pub async fn open(&self, path: impl AsRef<Path>) -> io::Result<File> {
        let _ = path;
        unsupported("tokio::fs::OpenOptions::open")
    }
}
