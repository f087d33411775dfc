//! Network events in the trace: the text view and the Chrome export, one lane per host.

use std::time::Duration;

use simloop::Sim;
use simloop::net::{self, TcpListener, TcpStream};
use simloop::trace::{EventKind, NetKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn ping() {
    net::links().latency(Duration::from_millis(2)..=Duration::from_millis(2));
    net::host("db", || async {
        let listener = TcpListener::bind("0.0.0.0:5432").await.unwrap();
        let (mut conn, _) = listener.accept().await.unwrap();
        let mut buf = [0; 4];
        conn.read_exact(&mut buf).await.unwrap();
        conn.write_all(b"pong").await.unwrap();
    });
    let mut conn = TcpStream::connect("db:5432").await.unwrap();
    conn.write_all(b"ping").await.unwrap();
    let mut buf = [0; 4];
    conn.read_exact(&mut buf).await.unwrap();
    net::partition("main", "db");
    net::crash("db");
}

#[test]
fn the_text_view_names_connects_sends_deliveries_and_faults() {
    let outcome = Sim::new(1).trace(true).try_run(ping()).unwrap();
    let text = outcome.trace().to_string();
    for line in [
        "net host: db is 10.0.0.2",
        "net bind: TCP listener 0.0.0.0:5432",
        "net connect: 10.0.0.1:49152 → 10.0.0.2:5432",
        "net accept: 10.0.0.1:49152 → 10.0.0.2:5432",
        "net send: 10.0.0.1:49152 → 10.0.0.2:5432: data (4 bytes)",
        "net deliver: 10.0.0.1:49152 → 10.0.0.2:5432: data (4 bytes)",
        "net deliver: 10.0.0.2:5432 → 10.0.0.1:49152: data (4 bytes)",
        "net partition: main|db",
        "net crash: db",
    ] {
        assert!(text.contains(line), "no `{line}` in\n{text}");
    }
    let kinds: Vec<NetKind> = outcome
        .trace()
        .events()
        .iter()
        .filter_map(|e| match e.kind() {
            EventKind::Net { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect();
    assert!(kinds.contains(&NetKind::Deliver) && kinds.contains(&NetKind::Crash));
    // The compact view keeps the faults only.
    let compact = outcome.trace().compact().to_string();
    assert!(compact.contains("net crash: db") && !compact.contains("net deliver"));
}

#[test]
fn the_chrome_export_has_a_process_per_host_with_its_tasks() {
    let outcome = Sim::new(1).trace(true).try_run(ping()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&outcome.trace().to_chrome_json()).unwrap();
    let events = json["traceEvents"].as_array().unwrap();
    let process = |pid: u64| {
        events
            .iter()
            .find(|e| e["name"] == "process_name" && e["pid"] == pid)
            .map(|e| e["args"]["name"].as_str().unwrap().to_owned())
    };
    assert_eq!(process(1).as_deref(), Some("host main (10.0.0.1)"));
    assert_eq!(process(2).as_deref(), Some("host db (10.0.0.2)"));
    // db's init task runs in db's process; a delivery to db is an instant there.
    let db_task =
        events.iter().find(|e| e["name"] == "thread_name" && e["args"]["name"] == "task 1 \"db\"");
    assert_eq!(db_task.unwrap()["pid"], 2);
    let delivered = events
        .iter()
        .find(|e| e["name"].as_str().is_some_and(|n| n.starts_with("net deliver: 10.0.0.1:49152")));
    assert_eq!(delivered.unwrap()["pid"], 2);
}

#[test]
fn a_program_without_the_network_records_no_network_event() {
    let outcome = Sim::new(3).trace(true).try_run(crate::core_determinism::chaos()).unwrap();
    assert!(!outcome.trace().events().iter().any(|e| matches!(e.kind(), EventKind::Net { .. })));
}
