//! The network under `Strategy::Fifo`, whose loop is asyncio's: deliveries are its I/O
//! events, processed before the timers due at the same iteration; a paused host's tasks wait.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use simloop::{Sim, Strategy, net, time};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A client's round trip to an echo host; what it read back.
async fn echo_round_trip() -> [u8; 4] {
    net::host("echo", || async {
        let listener = net::TcpListener::bind("0.0.0.0:7").await.unwrap();
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4];
        socket.read_exact(&mut buf).await.unwrap();
        socket.write_all(&buf).await.unwrap();
    });
    let mut client = net::TcpStream::connect("echo:7").await.unwrap();
    client.write_all(b"ping").await.unwrap();
    let mut back = [0u8; 4];
    client.read_exact(&mut back).await.unwrap();
    back
}

#[test]
fn a_tcp_round_trip_completes_under_fifo_on_every_seed() {
    let first = Sim::with_exact_seed(0).strategy(Strategy::Fifo).try_run(echo_round_trip());
    let first = first.unwrap();
    assert_eq!(first.value(), b"ping");
    for seed in 1..32 {
        let run = Sim::with_exact_seed(seed).strategy(Strategy::Fifo).try_run(echo_round_trip());
        let run = run.unwrap();
        assert_eq!(run.value(), b"ping", "seed {seed}");
    }
}

#[test]
fn a_paused_host_runs_nothing_under_fifo_until_it_resumes() {
    let outcome = Sim::with_exact_seed(3)
        .strategy(Strategy::Fifo)
        .try_run(async {
            let ticks = Rc::new(Cell::new(0u32));
            let counted = ticks.clone();
            net::host("ticker", move || {
                let counted = counted.clone();
                async move {
                    loop {
                        counted.set(counted.get() + 1);
                        time::sleep(Duration::from_millis(10)).await;
                    }
                }
            });
            time::sleep(Duration::from_millis(25)).await;
            net::pause("ticker");
            let at_pause = ticks.get();
            time::sleep(Duration::from_millis(100)).await;
            let while_paused = ticks.get();
            net::resume("ticker");
            time::sleep(Duration::from_millis(25)).await;
            (at_pause, while_paused, ticks.get())
        })
        .unwrap();
    let (at_pause, while_paused, after) = *outcome.value();
    assert!(at_pause >= 2, "{at_pause}");
    assert!(while_paused <= at_pause + 1, "paused: {at_pause} -> {while_paused}");
    assert!(after > while_paused, "resumed: {while_paused} -> {after}");
}
