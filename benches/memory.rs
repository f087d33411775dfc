//! Workload W5: the memory a pending task costs, simloop beside tokio.
//!
//! 1,000,000 tasks each pending on a sleep; a counting allocator measures the peak heap, and
//! the report subtracts the future itself (its `size_of`) to give the runtime's bytes per
//! pending task. Run with `cargo bench --bench memory`; it prints one line per runtime.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator; only counts.
#[allow(unsafe_code, reason = "a global allocator is an unsafe trait; this one only counts")]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const TASKS: usize = 1_000_000;

/// Runs `f`, returns the peak heap it added, in bytes.
fn peak_during(f: impl FnOnce()) -> usize {
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed) - base
}

fn pending_sleep_simloop() -> impl std::future::Future<Output = ()> {
    simloop::time::sleep(Duration::from_secs(3600))
}

fn main() {
    let future_size = std::mem::size_of::<simloop::time::Sleep>();
    let simloop_peak = peak_during(|| {
        simloop::Sim::new(1).policy(simloop::Detector::LeakedTasks, simloop::Policy::Allow).run(
            async {
                let handles: Vec<_> =
                    (0..TASKS).map(|_| simloop::spawn(pending_sleep_simloop())).collect();
                // Let every task start sleeping, then end with all of them pending.
                simloop::time::sleep(Duration::from_millis(1)).await;
                drop(handles);
            },
        );
    });
    let handle_size = std::mem::size_of::<simloop::JoinHandle<()>>();
    report("simloop", simloop_peak, future_size, handle_size);

    let tokio_future = std::mem::size_of::<tokio::time::Sleep>();
    let tokio_peak = peak_during(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a tokio runtime");
        rt.block_on(async {
            let handles: Vec<_> = (0..TASKS)
                .map(|_| tokio::spawn(tokio::time::sleep(Duration::from_secs(3600))))
                .collect();
            tokio::time::sleep(Duration::from_millis(1)).await;
            drop(handles);
        });
    });
    let tokio_handle = std::mem::size_of::<tokio::task::JoinHandle<()>>();
    report("tokio", tokio_peak, tokio_future, tokio_handle);
}

fn report(runtime: &str, peak: usize, future: usize, handle: usize) {
    let per_task = peak as f64 / TASKS as f64;
    let beyond = per_task - future as f64 - handle as f64;
    println!(
        "W5 {runtime:<8} peak {:>7.1} MB for {TASKS} pending tasks: {per_task:>6.1} B/task, \
         {beyond:>6.1} B/task beyond the future ({future} B) and its handle ({handle} B)",
        peak as f64 / 1e6
    );
}
