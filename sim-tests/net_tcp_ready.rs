//! TCP readiness and flow control: the window, `try_` calls, `ready`, the linger, accept's
//! waiters, and deliveries let in by a yield.

use std::cell::Cell;
use std::future::poll_fn;
use std::io::ErrorKind;
use std::rc::Rc;
use std::task::Poll;

use simloop::Sim;
use simloop::net::{TcpListener, TcpStream};
use tokio::io::{AsyncReadExt, AsyncWriteExt, Interest};

async fn pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    let (server, _) = listener.accept().await.unwrap();
    (client, server)
}

#[test]
fn a_writer_waits_once_its_peer_leaves_a_window_unread_and_resumes_when_it_reads() {
    Sim::new(1).run(async {
        let (client, mut server) = pair().await;
        let big = vec![7; TcpStream::WINDOW + 100];
        assert_eq!(client.try_write(&big).unwrap(), TcpStream::WINDOW);
        assert_eq!(client.try_write(&big).unwrap_err().kind(), ErrorKind::WouldBlock);
        let writable = Rc::new(Cell::new(false));
        let seen = writable.clone();
        let waiter = simloop::spawn(async move {
            client.writable().await.unwrap();
            seen.set(true);
            client
        });
        simloop::yield_now().await;
        assert!(!writable.get(), "writable before the peer read anything");
        let mut buf = vec![0; 1000];
        server.read_exact(&mut buf).await.unwrap();
        let client = waiter.await.unwrap();
        assert!(writable.get());
        assert_eq!(client.try_write(&big).unwrap(), 1000, "the room the read made");
    });
}

#[test]
fn write_all_beyond_the_window_completes_while_the_peer_reads() {
    Sim::new(2).run(async {
        let (mut client, mut server) = pair().await;
        let n = 3 * TcpStream::WINDOW + 5;
        let writer = simloop::spawn(async move {
            client.write_all(&vec![1; n]).await.unwrap();
            client.shutdown().await.unwrap();
        });
        let mut got = Vec::new();
        server.read_to_end(&mut got).await.unwrap();
        writer.await.unwrap();
        assert_eq!(got.len(), n);
    });
}

#[test]
fn an_accepted_stream_is_readable_until_a_read_finds_nothing() {
    Sim::new(3).run(async {
        let (mut client, server) = pair().await;
        let ready = poll_fn(|cx| Poll::Ready(server.poll_read_ready(cx).is_ready())).await;
        assert!(ready, "an accepted stream starts readable");
        assert_eq!(server.try_read(&mut [0; 4]).unwrap_err().kind(), ErrorKind::WouldBlock);
        let ready = poll_fn(|cx| Poll::Ready(server.poll_read_ready(cx).is_ready())).await;
        assert!(!ready, "still readable after a read found nothing");
        client.write_all(b"ping").await.unwrap();
        server.readable().await.unwrap();
        assert_eq!(server.try_read(&mut [0; 8]).unwrap(), 4);
        drop(client);
        loop {
            let ready = server.ready(Interest::READABLE).await.unwrap();
            if ready.is_read_closed() {
                break;
            }
            assert_eq!(server.try_read(&mut [0; 8]).unwrap_err().kind(), ErrorKind::WouldBlock);
        }
        assert_eq!(server.try_read(&mut [0; 8]).unwrap(), 0, "end of file");
    });
}

#[test]
fn a_yield_lets_the_deliveries_due_in() {
    Sim::new(4).run(async {
        let (client, server) = pair().await;
        assert!(server.try_read(&mut [0; 1]).is_err());
        client.try_write(b"x").unwrap();
        let mut yields = 0;
        while server.try_read(&mut [0; 1]).is_err() {
            simloop::yield_now().await;
            yields += 1;
            assert!(yields < 10, "the delivery never came in");
        }
    });
}

#[test]
fn a_zero_linger_close_resets_the_peer_and_drops_what_was_not_sent() {
    Sim::new(5).run(async {
        let (mut client, server) = pair().await;
        server.try_write(b"lost").unwrap();
        server.set_zero_linger().unwrap();
        drop(server);
        let err = client.read(&mut [0; 8]).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionReset);
        assert!(client.ready(Interest::WRITABLE).await.unwrap().is_write_closed());
    });
}

#[test]
fn a_linger_survives_the_halves_and_options_are_remembered() {
    Sim::new(6).run(async {
        let (client, _server) = pair().await;
        client.set_nodelay(true).unwrap();
        client.set_ttl(9).unwrap();
        client.set_zero_linger().unwrap();
        let (read, write) = client.into_split();
        let client = read.reunite(write).unwrap();
        assert!(client.nodelay().unwrap());
        assert_eq!(client.ttl().unwrap(), 9);
        assert_eq!(client.linger().unwrap(), Some(std::time::Duration::ZERO));
    });
}

#[test]
fn a_connection_wakes_every_task_waiting_to_accept() {
    Sim::new(7).run(async {
        let listener = std::sync::Arc::new(TcpListener::bind("127.0.0.1:0").await.unwrap());
        let addr = listener.local_addr().unwrap();
        let woken = Rc::new(Cell::new(0));
        let mut waiters = Vec::new();
        for _ in 0..5 {
            let (listener, woken) = (listener.clone(), woken.clone());
            waiters.push(simloop::spawn(async move {
                let mut polls = 0;
                poll_fn(|cx| {
                    polls += 1;
                    if polls == 1 {
                        assert!(listener.poll_accept(cx).is_pending());
                        Poll::Pending
                    } else {
                        woken.set(woken.get() + 1);
                        Poll::Ready(())
                    }
                })
                .await;
            }));
        }
        simloop::yield_now().await;
        let _client = TcpStream::connect(addr).await.unwrap();
        for waiter in waiters {
            waiter.await.unwrap();
        }
        assert_eq!(woken.get(), 5);
    });
}

#[test]
#[should_panic(
    expected = "`TcpStream::from_std` (or `TryFrom<std::net::TcpStream>`) is not simulated"
)]
fn a_std_stream_cannot_enter_a_simulation() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let std_stream = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let _ = TcpStream::try_from(std_stream);
}
