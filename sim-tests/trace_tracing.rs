//! Feature `tracing`: `tracing` events in the simloop trace, and log lines in virtual time.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;
use simloop::tracing::{SimLayer, VirtualTime};
use simloop::{Sim, Strategy};
use tracing_subscriber::layer::SubscriberExt;

async fn program() {
    let worker = Builder::new().name("worker").spawn(async {
        sleep(Duration::from_millis(250)).await;
        tracing::warn!(attempt = 2, "retrying the upload");
    });
    tracing::info!("started");
    worker.await.unwrap();
}

#[test]
fn tracing_events_land_in_the_trace_with_virtual_time_and_task() {
    let subscriber = tracing_subscriber::registry().with(SimLayer);
    let outcome = tracing::subscriber::with_default(subscriber, || {
        Sim::with_exact_seed(1).strategy(Strategy::Fifo).trace(true).try_run(program())
    })
    .unwrap();
    let text = outcome.trace().to_string();
    assert!(
        text.contains("   0.000s  main             event: INFO sim::trace_tracing: started"),
        "{text}"
    );
    assert!(
        text.contains("   0.250s  task 1 \"worker\"  event: WARN sim::trace_tracing: retrying the upload attempt=2"),
        "{text}"
    );
}

/// A writer into a shared buffer, for the formatter's output.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn log_lines_show_virtual_time() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_timer(VirtualTime)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        Sim::with_exact_seed(1).strategy(Strategy::Fifo).run(program());
        tracing::info!("after the simulation");
    });
    let out = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("   0.000s  INFO"), "{out}");
    assert!(lines[1].starts_with("   0.250s  WARN"), "{out}");
    assert!(lines[2].starts_with("        -  INFO"), "{out}");
}
