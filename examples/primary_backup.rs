//! A distributed bug that needs a crash at the wrong moment: a primary-backup key-value store
//! whose primary acknowledges a write before its backup has it.
//!
//! Run with `cargo run --release --example primary_backup`.
//!
//! - `primary` (10.0.0.2) serves clients on port 7000 and forwards every write to `backup`
//!   on port 7001, without waiting: **the planted bug** (it should wait for the backup's
//!   acknowledgement before answering `OK`).
//! - `backup` (10.0.0.3) applies what the primary forwards, and serves reads on 7000.
//! - The client (the main host) writes `x = 1, 2, 3, ...`; when the primary stops answering
//!   it fails over to the backup, which must hold the last value the primary acknowledged.
//!
//! The write is lost only when the primary crashes after its `OK` reached the client and
//! before its forward reached the backup: a window of a few milliseconds that the fault
//! plan's crashes must hit, with the forward slower than the answer.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use futures::lock::Mutex;
use simloop::net::{self, FaultPlan, TcpListener, TcpStream};
use simloop::time::{sleep, timeout};
use simloop::{Explorer, Sim};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

type Store = Rc<RefCell<BTreeMap<String, u64>>>;

/// Answers `SET k v` and `GET k` lines on `listener`, forwarding writes to `forward`.
async fn serve(listener: TcpListener, store: Store, forward: Option<Rc<Mutex<TcpStream>>>) {
    loop {
        let Ok((conn, _)) = listener.accept().await else { return };
        let (store, forward) = (store.clone(), forward.clone());
        drop(simloop::spawn(async move {
            let (read, mut write) = conn.into_split();
            let mut lines = BufReader::new(read).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let words: Vec<&str> = line.split(' ').collect();
                let reply = match words[..] {
                    ["SET", key, value] => {
                        store.borrow_mut().insert(key.into(), value.parse().unwrap_or(0));
                        if let Some(backup) = &forward {
                            // The bug: forward and answer at once, not after the backup's ack.
                            let _ =
                                backup.lock().await.write_all(format!("{line}\n").as_bytes()).await;
                        }
                        "OK".to_owned()
                    }
                    ["GET", key] => store.borrow().get(key).map_or("nil".into(), u64::to_string),
                    _ => "ERR".to_owned(),
                };
                let answers = forward.is_some() || words[0] == "GET";
                if answers && write.write_all(format!("{reply}\n").as_bytes()).await.is_err() {
                    return;
                }
            }
        }));
    }
}

/// The two servers: fresh state at every boot.
pub(crate) fn cluster() {
    net::host("backup", || async {
        let store = Store::default();
        let replication = TcpListener::bind("0.0.0.0:7001").await.unwrap();
        let clients = TcpListener::bind("0.0.0.0:7000").await.unwrap();
        drop(simloop::spawn(serve(replication, store.clone(), None)));
        serve(clients, store, None).await;
    });
    net::host("primary", || async {
        let Ok(backup) = TcpStream::connect("backup:7001").await else { return };
        let listener = TcpListener::bind("0.0.0.0:7000").await.unwrap();
        serve(listener, Store::default(), Some(Rc::new(Mutex::new(backup)))).await;
    });
}

/// Sends one request line and reads the answer, within 50 ms.
async fn request(conn: &mut BufReader<TcpStream>, line: &str) -> Option<String> {
    let exchange = async {
        conn.get_mut().write_all(format!("{line}\n").as_bytes()).await.ok()?;
        let mut reply = String::new();
        conn.read_line(&mut reply).await.ok().filter(|n| *n > 0)?;
        Some(reply.trim().to_owned())
    };
    timeout(Duration::from_millis(50), exchange).await.ok().flatten()
}

/// The client: writes through the primary, fails over to the backup, checks the last write.
pub(crate) async fn scenario() {
    cluster();
    sleep(Duration::from_millis(10)).await;
    let Ok(conn) = TcpStream::connect("primary:7000").await else { return };
    let mut primary = BufReader::new(conn);
    let mut acked = 0;
    for value in 1..=20 {
        match request(&mut primary, &format!("SET x {value}")).await {
            Some(reply) if reply == "OK" => acked = value,
            _ => break, // the primary is gone: fail over
        }
        sleep(Duration::from_millis(5)).await;
    }
    let Ok(Ok(conn)) = timeout(Duration::from_millis(50), TcpStream::connect("backup:7000")).await
    else {
        return; // the backup is down too: nothing to check
    };
    let held = request(&mut BufReader::new(conn), "GET x").await;
    let Some(held) = held else { return };
    let held: u64 = held.parse().unwrap_or(0);
    assert!(
        held >= acked,
        "acknowledged write lost: the primary acked x = {acked}, the backup has x = {held}"
    );
}

/// Crashes drawn from the seed: often, and long enough that the client fails over.
pub(crate) fn plan() -> FaultPlan {
    FaultPlan::new()
        .every(Duration::from_millis(5))
        .crash(0.05)
        .lasting(Duration::from_millis(500), Duration::from_secs(1))
}

fn main() {
    println!("Exploring up to 1,000 seeds of a primary-backup store under a crash plan.");
    let failed = Explorer::new()
        .iterations(1_000)
        .faults(plan())
        .no_regressions()
        .try_run(|| async { scenario().await })
        .expect_err("the acknowledged write is lost");
    println!("{failed}\n");
    let replay =
        Sim::with_exact_seed(failed.seed()).faults(plan()).try_run(scenario()).unwrap_err();
    assert_eq!(replay.message(), failed.failure().message());
    println!("Seed {} replays the same failure: {}", failed.seed(), replay.message());
}
