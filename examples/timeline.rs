//! Writes a picture of a schedule: the Chrome trace event JSON of a small run, to open in
//! Perfetto (<https://ui.perfetto.dev>, "Open trace file") or `chrome://tracing` ("Load").
//!
//! Run with `cargo run --example timeline`; it writes `target/simloop/timeline.json` and
//! prints the text trace of the same run.

use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;
use simloop::{Sim, cpu_work, spawn_blocking};

async fn service() {
    let fetch = Builder::new().name("fetch_profile").spawn(async {
        sleep(Duration::from_secs(1)).await;
        simloop::event!("profile fetched");
    });
    let email = Builder::new().name("send_email").spawn(async {
        sleep(Duration::from_millis(500)).await;
        cpu_work(Duration::from_millis(40)); // render the template on the loop
        simloop::event!("email sent");
    });
    let thumbnail = spawn_blocking(Duration::from_millis(700), || "thumbnail.png");
    fetch.await.expect("fetch_profile");
    email.await.expect("send_email");
    thumbnail.await.expect("thumbnail");
}

fn main() -> std::io::Result<()> {
    let outcome = Sim::new(7).trace(true).try_run(service()).expect("a correct program");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/simloop");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("timeline.json");
    std::fs::write(&path, outcome.trace().to_chrome_json())?;
    print!("{}", outcome.trace());
    println!("\nwrote target/simloop/timeline.json: open it in https://ui.perfetto.dev");
    Ok(())
}
