//! UDP readiness: the `try_` calls, `ready`, a refused peer, and the remembered options.

use std::future::poll_fn;
use std::io::ErrorKind;

use simloop::Sim;
use simloop::net::UdpSocket;
use tokio::io::{Interest, ReadBuf};

#[test]
fn try_recv_would_block_until_a_datagram_is_there() {
    Sim::new(1).run(async {
        let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let b = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let mut buf = [0; 8];
        assert_eq!(b.try_recv_from(&mut buf).unwrap_err().kind(), ErrorKind::WouldBlock);
        assert_eq!(b.try_peek_sender().unwrap_err().kind(), ErrorKind::WouldBlock);
        let ready = b.ready(Interest::WRITABLE).await.unwrap();
        assert!(ready.is_writable() && !ready.is_readable());
        a.try_send_to(b"abc", b.local_addr().unwrap()).unwrap();
        b.readable().await.unwrap();
        assert_eq!(b.try_peek_sender().unwrap(), a.local_addr().unwrap());
        let mut vec = Vec::with_capacity(8);
        assert_eq!(b.try_recv_buf(&mut vec).unwrap(), 3);
        assert_eq!(vec, b"abc");
        assert_eq!(b.try_recv(&mut buf).unwrap_err().kind(), ErrorKind::WouldBlock);
    });
}

#[test]
fn a_connected_socket_learns_that_its_peer_port_is_closed() {
    Sim::new(2).run(async {
        let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let gone = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let to = gone.local_addr().unwrap();
        drop(gone);
        a.connect(to).await.unwrap();
        poll_fn(|cx| a.poll_send(cx, b"x")).await.unwrap();
        let err = a.recv(&mut [0; 8]).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionRefused);
        // The refusal is reported once.
        assert_eq!(a.try_recv(&mut [0; 8]).unwrap_err().kind(), ErrorKind::WouldBlock);
    });
}

#[test]
fn an_unconnected_socket_is_not_told_of_a_closed_port() {
    Sim::new(3).run(async {
        let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let gone = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let to = gone.local_addr().unwrap();
        drop(gone);
        a.send_to(b"x", to).await.unwrap();
        a.send_to(b"y", a.local_addr().unwrap()).await.unwrap();
        let mut storage = [0; 8];
        let mut buf = ReadBuf::new(&mut storage);
        poll_fn(|cx| a.poll_recv(cx, &mut buf)).await.unwrap();
        assert_eq!(buf.filled(), b"y");
    });
}

#[test]
fn socket_options_are_remembered() {
    Sim::new(4).run(async {
        let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        assert_eq!((a.ttl().unwrap(), a.broadcast().unwrap()), (64, false));
        a.set_ttl(3).unwrap();
        a.set_broadcast(true).unwrap();
        a.set_multicast_loop_v4(false).unwrap();
        a.set_tos_v4(8).unwrap();
        assert_eq!((a.ttl().unwrap(), a.broadcast().unwrap()), (3, true));
        assert!(!a.multicast_loop_v4().unwrap());
        assert_eq!(a.tos_v4().unwrap(), 8);
    });
}
