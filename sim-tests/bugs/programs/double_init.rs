//! Double initialisation: a lazily loaded configuration checks the cache, awaits the load,
//! then fills the cache; two callers both load it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::Exec;

#[derive(Default)]
struct Lazy {
    value: RefCell<Option<String>>,
    loads: Cell<u32>,
}

impl Lazy {
    async fn get<E: Exec>(&self) -> String {
        if self.value.borrow().is_none() {
            E::yield_now().await; // reading the file
            self.loads.set(self.loads.get() + 1);
            *self.value.borrow_mut() = Some("config".to_owned());
        }
        self.value.borrow().clone().unwrap()
    }
}

pub(crate) async fn program<E: Exec>() {
    let config = Rc::new(Lazy::default());
    let caller = |name: &'static str, setup: usize| {
        let config = config.clone();
        E::spawn(name, async move {
            for _ in 0..setup {
                E::yield_now().await;
            }
            config.get::<E>().await
        })
    };
    let server = caller("server", 0);
    let metrics = caller("metrics", 2);
    server.join().await.unwrap();
    metrics.join().await.unwrap();
    assert!(config.loads.get() == 1, "the configuration was loaded twice");
}
