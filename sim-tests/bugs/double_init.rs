//! Double initialisation: a lazily loaded configuration checks the cache, awaits the load,
//! then fills the cache; two callers both load it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use simloop::task::Builder;
use simloop::yield_now;

use super::{Bug, Program};

pub(crate) const BUG: Bug = Bug {
    name: "double_init",
    kind: "double initialisation",
    program,
    aborts: 0.0,
    random_within: 50,
    failures: &[simloop::FailureKind::Panic],
    max_steps: super::Bug::MAX_STEPS,
};

#[derive(Default)]
struct Lazy {
    value: RefCell<Option<String>>,
    loads: Cell<u32>,
}

impl Lazy {
    async fn get(&self) -> String {
        if self.value.borrow().is_none() {
            yield_now().await; // reading the file
            self.loads.set(self.loads.get() + 1);
            *self.value.borrow_mut() = Some("config".to_owned());
        }
        self.value.borrow().clone().unwrap()
    }
}

fn program() -> Program {
    Box::pin(async {
        let config = Rc::new(Lazy::default());
        let caller = |name: &'static str, setup: usize| {
            let config = config.clone();
            Builder::new().name(name).spawn(async move {
                for _ in 0..setup {
                    yield_now().await;
                }
                config.get().await
            })
        };
        let server = caller("server", 0);
        let metrics = caller("metrics", 2);
        server.await.unwrap();
        metrics.await.unwrap();
        assert!(config.loads.get() == 1, "the configuration was loaded twice");
    })
}

#[test]
fn found_and_shrunk() {
    BUG.check_both();
}
