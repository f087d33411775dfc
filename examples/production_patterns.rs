//! The production patterns of the asyncio article, on simloop's virtual clock: a timeout
//! around a slow call, a cancelled task that releases its resource, and a fire-and-forget task
//! whose failure a done callback reports.
//!
//! ```python
//! result = await asyncio.wait_for(slow_third_party_api(endpoint), timeout=2.0)
//! db_task.cancel(); await db_task
//! background_task.add_done_callback(log_task_exception)
//! ```
//!
//! It prints the article's log lines, the virtual time in place of the logging time stamp
//! (`%(asctime)s`):
//!
//! ```text
//! 0.000s INFO === Pattern 1: Timeout ===
//! 2.000s WARNING API call to '/api/recommendations' timed out after 2.0s
//! 2.000s INFO Result: None
//! 2.000s INFO
//! === Pattern 2: Cancellation ===
//! 2.000s INFO Acquired resource: postgres_connection
//! 2.100s INFO Cancelled! Releasing resource: postgres_connection
//! 2.100s INFO Cleanup complete for: postgres_connection
//! 2.100s INFO db_task cancellation confirmed
//! 2.100s INFO
//! === Pattern 3: Fire-and-forget safety ===
//! 2.200s ERROR Task 'background-job' failed with exception: ValueError('Something went wrong in the background')
//! 2.600s INFO Main coroutine continued unaffected
//! ```
//!
//! (The pattern headers are logged as `"\n=== Pattern 2: ... ==="`, so the header goes on
//! the line after the time stamp, as the article's program prints it; its output block puts
//! the break before the stamp.)
//!
//! A Rust future cannot catch its cancellation: the task's future is dropped at the next
//! scheduling point, and the `except CancelledError` and `finally` blocks become the `Drop`
//! of the resource. A done callback becomes a task that awaits the handle.
//!
//! Run with `cargo run --example production_patterns`.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use simloop::Sim;
use simloop::task::Builder;
use simloop::time::{self, sleep, timeout};

/// A logger with the article's format, `%(asctime)s %(levelname)s %(message)s`.
#[derive(Clone, Default)]
struct Logger(Rc<RefCell<Vec<String>>>);

impl Logger {
    fn log(&self, level: &str, message: &str) {
        self.0.borrow_mut().push(format!("{} {level} {message}", time::now()));
    }

    fn info(&self, message: &str) {
        self.log("INFO", message);
    }

    fn warning(&self, message: &str) {
        self.log("WARNING", message);
    }

    fn error(&self, message: &str) {
        self.log("ERROR", message);
    }
}

/// `{"endpoint": endpoint, "data": "some payload"}`.
struct Payload {
    endpoint: &'static str,
}

impl fmt::Display for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{'endpoint': '{}', 'data': 'some payload'}}", self.endpoint)
    }
}

/// Python's `ValueError`.
struct ValueError(&'static str);

impl fmt::Debug for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ValueError('{}')", self.0)
    }
}

/// Simulates an API that takes way too long.
async fn slow_third_party_api(endpoint: &'static str) -> Payload {
    sleep(Duration::from_secs(5)).await;
    Payload { endpoint }
}

/// Wraps the call in a hard timeout: `None` on timeout instead of a crash. The timeout
/// drops (cancels) the inner call.
async fn fetch_with_timeout(log: &Logger, endpoint: &'static str, seconds: f64) -> Option<Payload> {
    match timeout(Duration::from_secs_f64(seconds), slow_third_party_api(endpoint)).await {
        Ok(result) => Some(result),
        Err(_elapsed) => {
            log.warning(&format!("API call to '{endpoint}' timed out after {seconds:?}s"));
            None
        }
    }
}

/// A held resource: its `Drop` is the cleanup that asyncio's `except CancelledError` and
/// `finally` blocks do.
struct Resource {
    log: Logger,
    name: &'static str,
    finished: bool,
}

impl Drop for Resource {
    fn drop(&mut self) {
        if !self.finished {
            self.log.info(&format!("Cancelled! Releasing resource: {}", self.name));
        }
        self.log.info(&format!("Cleanup complete for: {}", self.name));
    }
}

/// Correct cancellation handling: the resource is released even when cancelled.
async fn resource_holding_task(log: Logger, resource_name: &'static str) -> String {
    log.info(&format!("Acquired resource: {resource_name}"));
    let mut resource = Resource { log, name: resource_name, finished: false };
    sleep(Duration::from_secs(10)).await; // a long operation
    resource.finished = true;
    format!("Finished with {resource_name}")
}

async fn program(log: Logger) {
    // Pattern 1: timeout.
    log.info("=== Pattern 1: Timeout ===");
    let result = fetch_with_timeout(&log, "/api/recommendations", 2.0).await;
    let result = result.map_or("None".to_owned(), |payload| payload.to_string());
    log.info(&format!("Result: {result}")); // None: timed out

    // Pattern 2: cancellation with cleanup.
    log.info("\n=== Pattern 2: Cancellation ===");
    let db_task = Builder::new()
        .name("db-task")
        .spawn(resource_holding_task(log.clone(), "postgres_connection"));
    sleep(Duration::from_millis(100)).await; // let the task start
    db_task.abort(); // the task's future is dropped at its next scheduling point
    if db_task.await.is_err_and(|e| e.is_cancelled()) {
        log.info("db_task cancellation confirmed");
    }

    // Pattern 3: fire-and-forget with the exception surfaced.
    log.info("\n=== Pattern 3: Fire-and-forget safety ===");
    let background_task = Builder::new().name("background-job").spawn(async {
        sleep(Duration::from_millis(100)).await;
        Err::<(), _>(ValueError("Something went wrong in the background"))
    });
    // The done callback: runs when the task finishes, whether it succeeded or failed.
    let callback_log = log.clone();
    drop(simloop::spawn(async move {
        match background_task.await {
            Err(cancelled) if cancelled.is_cancelled() => {} // intentional, not an error
            Ok(Err(exc)) => {
                callback_log.error(&format!("Task 'background-job' failed with exception: {exc:?}"))
            }
            Ok(Ok(())) | Err(_) => {}
        }
    }));
    sleep(Duration::from_millis(500)).await; // give the background task time to fail
    log.info("Main coroutine continued unaffected");
}

/// What the program prints under `sim`, line by line.
pub(crate) fn transcript(sim: Sim) -> Vec<String> {
    let log = Logger::default();
    sim.run(program(log.clone()));
    log.0.take().join("\n").lines().map(str::to_owned).collect()
}

fn main() {
    for line in transcript(Sim::new(0)) {
        println!("{line}");
    }
}
