//! What the facade's macros expand to. Not public API: no stability promise.

use std::fmt::Debug;
use std::future::Future;

pub use simloop;
pub use simloop_tokio_macros::{__select, __try_join};

/// The order in which `select!` polls its branches this time: simloop's seeded draw (the
/// one `simloop::select!` makes), or the written order when `biased`.
#[track_caller]
pub fn branch_order(order: &mut [usize], biased: bool) {
    simloop::__private::branch_order(order, biased, "tokio::select!");
}

use crate::sim::runtime::{Config, MainFuture};

/// The settings of `#[tokio::main]` and `#[tokio::test]`.
#[derive(Debug)]
pub struct EntryConfig(Config);

impl EntryConfig {
    pub fn new(flavor: &str, start_paused: bool, name: Option<&str>, seed: Option<u64>) -> Self {
        Self(Config {
            multi_thread: flavor == "multi_thread",
            local: flavor == "local",
            start_paused,
            name: name.map(str::to_owned),
            seed,
        })
    }
}

/// `#[tokio::main]`: one simulation.
#[track_caller]
pub fn block_on<F: Future>(config: EntryConfig, future: F) -> F::Output {
    config.0.block_on(future)
}

/// `#[tokio::test]`: an exploration; a test that expects a panic keeps no regression file
/// and does not shrink.
#[track_caller]
pub fn explore<F, Fut>(
    config: EntryConfig,
    should_panic: bool,
    settings: impl FnOnce(simloop::Explorer) -> simloop::Explorer,
    factory: F,
) where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = ()>,
{
    let mut explorer = simloop::Explorer::new();
    if let Some(seed) = config.0.seed {
        explorer = explorer.base_seed(seed);
    }
    if should_panic {
        explorer = explorer.no_regressions().shrink_runs(0);
    }
    let explorer = settings(explorer);
    let config = config.0;
    explorer.run(|| {
        let main = MainFuture::new(config.state(), config.local(factory()), false);
        async move {
            let _ = main.await;
        }
    });
}

/// What a test function may return: `()`, or a `Result` whose `Err` fails the test.
pub trait TestResult {
    /// Panics when the test failed.
    fn check(self);
}

impl TestResult for () {
    fn check(self) {}
}

impl<T, E: Debug> TestResult for Result<T, E> {
    #[track_caller]
    fn check(self) {
        if let Err(err) = self {
            panic!("the test returned an error: {err:?}");
        }
    }
}
