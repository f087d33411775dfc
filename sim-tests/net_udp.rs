//! UDP: datagrams that links lose, duplicate and reorder.

use std::time::Duration;

use simloop::Sim;
use simloop::net::{self, UdpSocket};
use simloop::time::timeout;

/// Sends `count` numbered datagrams from main to host "sink", which reports what it got.
async fn numbered(count: u8, setup: impl FnOnce()) -> Vec<u8> {
    let (tx, rx) = futures::channel::oneshot::channel();
    let tx = std::cell::RefCell::new(Some(tx));
    net::host("sink", move || {
        let tx = tx.borrow_mut().take();
        async move {
            let socket = UdpSocket::bind("0.0.0.0:9").await.unwrap();
            let mut got = Vec::new();
            let mut buf = [0; 1];
            while let Ok(Ok((1, _))) =
                timeout(Duration::from_secs(1), socket.recv_from(&mut buf)).await
            {
                got.push(buf[0]);
            }
            if let Some(tx) = tx {
                let _ = tx.send(got);
            }
        }
    });
    setup();
    let socket = UdpSocket::bind("0.0.0.0:0").await.unwrap();
    for i in 0..count {
        socket.send_to(&[i], "sink:9").await.unwrap();
    }
    rx.await.unwrap()
}

#[test]
fn a_lossless_link_delivers_every_datagram_and_reorders_some() {
    let mut reordered = 0;
    for seed in 0..20 {
        let got = Sim::with_exact_seed(seed).run(numbered(50, || ()));
        let mut sorted = got.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>(), "seed {seed}");
        reordered += usize::from(got != sorted);
    }
    assert!(reordered > 10, "datagrams sent at once arrive in the order of their latencies");
}

#[test]
fn loss_and_duplication_follow_the_links_settings() {
    let lost = Sim::new(1).run(async {
        net::links().loss(1.0);
        numbered(20, || ()).await
    });
    assert!(lost.is_empty());
    let doubled = Sim::new(1).run(async {
        net::links().duplicate(1.0);
        numbered(20, || ()).await
    });
    assert_eq!(doubled.len(), 40);
    let some = Sim::new(1).run(async {
        net::links().loss(0.5);
        numbered(100, || ()).await
    });
    assert!((20..80).contains(&some.len()), "{} of 100 arrived", some.len());
}

#[test]
fn a_partition_drops_datagrams() {
    let got = Sim::new(2).run(async { numbered(10, || net::partition("main", "sink")).await });
    assert!(got.is_empty());
}
