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
    ($( $name:ident ( $($arg:ident: $ty:ty),* ) -> $ret:ty; )*) => {$(
        #[doc = concat!("tokio's `fs::", stringify!($name), "`: not simulated.")]
        ///
        /// # Panics
        ///
        /// Always, naming the function.
        #[allow(clippy::unused_async, reason = "tokio's signature")]
        pub async fn $name($($arg: $ty),*) -> $ret {
            $(let _ = $arg;)*
            unsupported(concat!("tokio::fs::", stringify!($name)))
        }
    )*};
}

functions! {
    canonicalize(path: impl AsRef<Path>) -> io::Result<PathBuf>;
    copy(from: impl AsRef<Path>, to: impl AsRef<Path>) -> io::Result<u64>;
    create_dir(path: impl AsRef<Path>) -> io::Result<()>;
    create_dir_all(path: impl AsRef<Path>) -> io::Result<()>;
    hard_link(original: impl AsRef<Path>, link: impl AsRef<Path>) -> io::Result<()>;
    metadata(path: impl AsRef<Path>) -> io::Result<Metadata>;
    read(path: impl AsRef<Path>) -> io::Result<Vec<u8>>;
    read_dir(path: impl AsRef<Path>) -> io::Result<ReadDir>;
    read_link(path: impl AsRef<Path>) -> io::Result<PathBuf>;
    read_to_string(path: impl AsRef<Path>) -> io::Result<String>;
    remove_dir(path: impl AsRef<Path>) -> io::Result<()>;
    remove_dir_all(path: impl AsRef<Path>) -> io::Result<()>;
    remove_file(path: impl AsRef<Path>) -> io::Result<()>;
    rename(from: impl AsRef<Path>, to: impl AsRef<Path>) -> io::Result<()>;
    set_permissions(path: impl AsRef<Path>, perm: Permissions) -> io::Result<()>;
    symlink_metadata(path: impl AsRef<Path>) -> io::Result<Metadata>;
    try_exists(path: impl AsRef<Path>) -> io::Result<bool>;
    write(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> io::Result<()>;
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
    pub async fn open(path: impl AsRef<Path>) -> io::Result<Self> {
        let _ = path;
        unsupported("tokio::fs::File::open")
    }

    /// tokio's `File::create`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    pub async fn create(path: impl AsRef<Path>) -> io::Result<Self> {
        let _ = path;
        unsupported("tokio::fs::File::create")
    }

    /// tokio's `File::options`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    pub fn options() -> OpenOptions {
        unsupported("tokio::fs::File::options")
    }

    /// tokio's `File::from_std`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    pub fn from_std(std: std::fs::File) -> Self {
        let _ = std;
        unsupported("tokio::fs::File::from_std")
    }

    /// tokio's `File::metadata`.
    pub async fn metadata(&self) -> io::Result<Metadata> {
        match self.never {}
    }

    /// tokio's `File::sync_all`.
    pub async fn sync_all(&self) -> io::Result<()> {
        match self.never {}
    }

    /// tokio's `File::sync_data`.
    pub async fn sync_data(&self) -> io::Result<()> {
        match self.never {}
    }

    /// tokio's `File::set_len`.
    pub async fn set_len(&self, size: u64) -> io::Result<()> {
        let _ = size;
        match self.never {}
    }

    /// tokio's `File::into_std`.
    pub async fn into_std(self) -> std::fs::File {
        match self.never {}
    }
}

impl ReadDir {
    /// tokio's `ReadDir::next_entry`.
    pub async fn next_entry(&mut self) -> io::Result<Option<DirEntry>> {
        match self.never {}
    }
}

impl DirEntry {
    /// tokio's `DirEntry::path`.
    pub fn path(&self) -> PathBuf {
        match self.never {}
    }

    /// tokio's `DirEntry::file_name`.
    pub fn file_name(&self) -> std::ffi::OsString {
        match self.never {}
    }

    /// tokio's `DirEntry::metadata`.
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
        pub fn $name(&mut self, value: bool) -> &mut Self {
            let _ = value;
            self
        }
    )*};
}

impl OpenOptions {
    /// tokio's `OpenOptions::new`.
    pub fn new() -> Self {
        Self(())
    }

    flags!(read, write, append, truncate, create, create_new);

    /// tokio's `OpenOptions::open`: not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the function.
    pub async fn open(&self, path: impl AsRef<Path>) -> io::Result<File> {
        let _ = path;
        unsupported("tokio::fs::OpenOptions::open")
    }
}
