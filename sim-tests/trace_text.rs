//! The text forms of a trace: full and compact, snapshot with insta, stable across runs.

use std::time::Duration;

use simloop::task::Builder;
use simloop::time::{sleep, timeout};
use simloop::{Outcome, Sim, Strategy, assert_trace_snapshot};

/// A small fixed program touching every kind of event: spawns, sleeps, a timeout, a user
/// event, a panic held for the awaiting task, an abort.
async fn fixed_program() {
    let cache = Builder::new().name("cache").spawn(async {
        sleep(Duration::from_millis(10)).await;
        simloop::event!("cache warmed with {} keys", 3);
    });
    let flaky = Builder::new().name("flaky").spawn(async {
        sleep(Duration::from_millis(20)).await;
        panic!("flaky failed");
    });
    let stuck = Builder::new().name("stuck").spawn(std::future::pending::<()>());
    let _ = timeout(Duration::from_millis(15), sleep(Duration::from_secs(1))).await;
    cache.await.unwrap();
    assert!(flaky.await.unwrap_err().is_panic());
    stuck.abort();
    assert!(stuck.await.unwrap_err().is_cancelled());
}

fn run(seed: u64) -> Outcome<()> {
    Sim::with_exact_seed(seed)
        .strategy(Strategy::Fifo)
        .trace(true)
        .try_run(fixed_program())
        .unwrap()
}

#[test]
fn full_text_of_a_fixed_program() {
    let outcome = run(1);
    let text = outcome.trace().to_string();
    for line in [
        "   0.000s  task 1 \"cache\"  spawned by main at sim-tests/trace_text.rs:",
        "   0.000s  main            sleeps until 1.000s",
        "   0.010s  task 1 \"cache\"  woken by a timer",
        "   0.010s  task 1 \"cache\"  event: cache warmed with 3 keys",
        "   0.015s  main            timeout elapsed, inner future dropped",
        "   0.020s  task 2 \"flaky\"  panicked: flaky failed",
        "   0.020s  main            woken by task 2 \"flaky\"",
        "   0.020s  task 3 \"stuck\"  abort requested",
        "   0.020s  task 3 \"stuck\"  cancelled",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert_trace_snapshot!("full", outcome.trace());
}

#[test]
fn compact_view_keeps_lifecycle_and_user_events_only() {
    let outcome = run(1);
    let compact = outcome.trace().compact().to_string();
    assert!(
        !compact.contains("polled") && !compact.contains("woken") && !compact.contains("sleeps")
    );
    assert!(compact.contains("event: cache warmed with 3 keys"), "{compact}");
    assert!(compact.contains("task 2 \"flaky\"  panicked: flaky failed"), "{compact}");
    assert!(compact.lines().count() < outcome.trace().to_string().lines().count() / 2);
    assert_trace_snapshot!("compact", outcome.trace().compact());
}

#[test]
fn the_same_program_gives_the_same_text_every_run() {
    let first = run(1).trace().to_string();
    for _ in 0..20 {
        assert_eq!(run(1).trace().to_string(), first);
    }
    // Fifo draws nothing: the seed does not matter either.
    assert_eq!(run(99).trace().to_string(), first);
}

#[test]
fn the_text_has_no_addresses_wall_clock_or_absolute_paths() {
    let text = run(1).trace().to_string();
    assert!(!text.contains("0x"), "{text}");
    assert!(
        !text.contains("/home/") && !text.contains("/root/") && !text.contains(":\\"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit())));
}

#[test]
fn user_events_outside_a_simulation_do_nothing() {
    simloop::event!("nobody records {}", "this");
    let outcome = Sim::with_exact_seed(1).trace(true).try_run(async {}).unwrap();
    assert!(!outcome.trace().to_string().contains("nobody"));
}

#[test]
fn the_compact_view_names_spawn_files_without_line_numbers() {
    let outcome = simloop::Sim::new(1)
        .trace(true)
        .try_run(async {
            simloop::task::Builder::new().name("worker").spawn(async {}).await.unwrap();
        })
        .unwrap();
    let full = outcome.trace().to_string();
    let compact = outcome.trace().compact().to_string();
    let line =
        |text: &str| text.lines().find(|l| l.contains("spawned by main")).unwrap().to_owned();
    assert!(line(&full).contains("at sim-tests/trace_text.rs:"), "{full}");
    assert!(line(&compact).ends_with("spawned by main at sim-tests/trace_text.rs"), "{compact}");
}

/// The events come back as they happened, whatever their numbers: deadlines past 2^32 ns
/// (the recorder keeps those apart from the common small ones), "no task", a time that
/// changes between events, texts; and a trace read twice, or cloned, is the same.
#[test]
fn recorded_events_keep_wide_numbers_times_and_texts() {
    use simloop::trace::EventKind;

    let outcome = Sim::new(1)
        .strategy(Strategy::Fifo)
        .trace(true)
        .try_run(async {
            let waiter = Builder::new().name("waiter").spawn(async {
                sleep(Duration::from_secs(3_600)).await;
                simloop::event!("woke after an hour");
            });
            sleep(Duration::from_millis(1)).await;
            simloop::event!("{}", "a".repeat(100));
            waiter.await.unwrap();
        })
        .unwrap();
    let trace = outcome.trace();
    let events = trace.events();
    let set: Vec<_> = events
        .iter()
        .filter_map(|e| match e.kind() {
            EventKind::TimerSet { deadline } => Some((e.task().to_string(), deadline.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(
        set,
        [("main".to_owned(), "0.001s".to_owned()), ("task 1".to_owned(), "3600.000s".to_owned())]
    );
    let by_timer = events.iter().filter(|e| e.kind() == &EventKind::Woken { by: None }).count();
    assert_eq!(by_timer, 2, "{trace}");
    let texts: Vec<_> = events
        .iter()
        .filter_map(|e| match e.kind() {
            EventKind::User { message } => Some((e.time().to_string(), message.len())),
            _ => None,
        })
        .collect();
    assert_eq!(texts, [("0.001s".to_owned(), 100), ("3600.000s".to_owned(), 18)]);
    assert!(events.windows(2).all(|w| w[0].time() <= w[1].time()));
    assert_eq!(events.last().map(|e| e.time().to_string()), Some("3600.000s".to_owned()));
    assert_eq!(trace.clone(), *trace);
    assert_eq!(trace.clone().to_string(), trace.to_string());
}
