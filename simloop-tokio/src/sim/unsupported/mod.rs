//! What a simulation cannot run: files, processes and sockets.
//!
//! Each item here has tokio's name and signature, so code that uses it builds in a
//! simulation; using it panics at once, naming the item, before anything reaches the
//! operating system. The types cannot be made (their only field is uninhabited): their
//! methods exist for the type checker and can never run.

#[cfg(feature = "fs")]
pub mod fs;
#[cfg(feature = "net")]
pub(super) mod net;
#[cfg(feature = "process")]
pub mod process;

/// Stops the simulation: `item` needs the operating system.
#[track_caller]
#[cold]
pub(crate) fn unsupported(item: &str) -> ! {
    panic!(
        "simloop-tokio: `{item}` is not simulated: it needs the operating system, and a \
         simulation runs on virtual time with no I/O driver\n\
         hint: keep it out of the simulated code, or put it behind a trait the test replaces"
    )
}

/// Declares stand-in types that cannot be made, with the traits tokio's implement.
#[allow(unused_macros, reason = "used by the modules of the enabled features")]
macro_rules! stand_in {
    ($( $(#[$doc:meta])* $name:ident; )*) => {
        $(
            $(#[$doc])*
            ///
            /// Not simulated: the functions that would make one panic, naming themselves.
            pub struct $name {
                never: std::convert::Infallible,
            }

            impl std::fmt::Debug for $name {
                fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self.never {}
                }
            }
        )*
    };
}
#[allow(unused_imports, reason = "used by the modules of the enabled features")]
pub(crate) use stand_in;

/// `AsyncRead` for stand-ins.
#[allow(unused_macros, reason = "used by the modules of the enabled features")]
macro_rules! async_read {
    ($($name:ident),*) => {$(
        impl real_tokio::io::AsyncRead for $name {
            fn poll_read(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
                _: &mut real_tokio::io::ReadBuf<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                match self.never {}
            }
        }
    )*};
}
#[allow(unused_imports, reason = "used by the modules of the enabled features")]
pub(crate) use async_read;

/// `AsyncWrite` for stand-ins.
#[allow(unused_macros, reason = "used by the modules of the enabled features")]
macro_rules! async_write {
    ($($name:ident),*) => {$(
        impl real_tokio::io::AsyncWrite for $name {
            fn poll_write(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
                _: &[u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                match self.never {}
            }
            fn poll_flush(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                match self.never {}
            }
            fn poll_shutdown(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                match self.never {}
            }
        }
    )*};
}
#[allow(unused_imports, reason = "used by the modules of the enabled features")]
pub(crate) use async_write;
