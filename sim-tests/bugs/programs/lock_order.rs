//! Lock-order deadlock: one task takes `accounts` then `audit`, the other `audit` then
//! `accounts`, each with an await in between.

use std::rc::Rc;

use futures::lock::Mutex;

use super::Exec;

pub(crate) async fn program<E: Exec>() {
    let accounts = Rc::new(Mutex::new(0u32));
    let audit = Rc::new(Mutex::new(0u32));
    let transfer = {
        let (accounts, audit) = (accounts.clone(), audit.clone());
        E::spawn("transfer", async move {
            let mut a = accounts.lock().await;
            E::yield_now().await; // validating
            let mut log = audit.lock().await;
            *a += 1;
            *log += 1;
        })
    };
    let report = {
        let (accounts, audit) = (accounts.clone(), audit.clone());
        E::spawn("report", async move {
            E::yield_now().await; // preparing the report
            E::yield_now().await;
            let log = audit.lock().await;
            E::yield_now().await; // formatting
            let a = accounts.lock().await;
            assert_eq!(*a, *log);
        })
    };
    transfer.join().await.unwrap();
    report.join().await.unwrap();
}
