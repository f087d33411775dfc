//! 100,000 request/response round trips over TCP between two hosts, in simloop and in
//! turmoil: a client writes 8 bytes, an echo server answers them, one message latency of
//! 1 ms each way in both. Prints each one's median wall time over 3 runs and the ratio.
//!
//! `cargo bench --manifest-path benches/net-turmoil/Cargo.toml`

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ROUND_TRIPS: u64 = 100_000;
const LATENCY: Duration = Duration::from_millis(1);

fn simloop_run() -> u64 {
    use simloop::net::{self, TcpListener, TcpStream};
    simloop::Sim::new(1).max_steps(u64::MAX).run(async {
        net::links().latency(LATENCY..=LATENCY);
        net::host("server", || async {
            let listener = TcpListener::bind("0.0.0.0:7").await.unwrap();
            let (mut conn, _) = listener.accept().await.unwrap();
            let mut buf = [0; 8];
            while conn.read_exact(&mut buf).await.is_ok() {
                conn.write_all(&buf).await.unwrap();
            }
        });
        let mut conn = TcpStream::connect("server:7").await.unwrap();
        let mut buf = [0; 8];
        for i in 0..ROUND_TRIPS {
            conn.write_all(&i.to_le_bytes()).await.unwrap();
            conn.read_exact(&mut buf).await.unwrap();
            assert_eq!(u64::from_le_bytes(buf), i);
        }
        ROUND_TRIPS
    })
}

fn turmoil_run() -> u64 {
    let mut sim = turmoil::Builder::new()
        .min_message_latency(LATENCY)
        .max_message_latency(LATENCY)
        .tick_duration(LATENCY)
        .simulation_duration(Duration::from_secs(10 * ROUND_TRIPS))
        .build();
    sim.host("server", || async {
        let listener = turmoil::net::TcpListener::bind("0.0.0.0:7").await?;
        let (mut conn, _) = listener.accept().await?;
        let mut buf = [0; 8];
        while conn.read_exact(&mut buf).await.is_ok() {
            conn.write_all(&buf).await?;
        }
        Ok(())
    });
    sim.client("client", async {
        let mut conn = turmoil::net::TcpStream::connect("server:7").await?;
        let mut buf = [0; 8];
        for i in 0..ROUND_TRIPS {
            conn.write_all(&i.to_le_bytes()).await?;
            conn.read_exact(&mut buf).await?;
            assert_eq!(u64::from_le_bytes(buf), i);
        }
        Ok(())
    });
    sim.run().unwrap();
    ROUND_TRIPS
}

fn median(run: fn() -> u64) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            assert_eq!(run(), ROUND_TRIPS);
            start.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

fn main() {
    let simloop = median(simloop_run);
    println!("simloop  {ROUND_TRIPS} round trips: {simloop:?}");
    let turmoil = median(turmoil_run);
    println!("turmoil  {ROUND_TRIPS} round trips: {turmoil:?}");
    println!("ratio    simloop / turmoil = {:.3}", simloop.as_secs_f64() / turmoil.as_secs_f64());
}
