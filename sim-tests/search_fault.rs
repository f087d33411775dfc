//! Fault injection: `buggify!` and `Sim::inject_aborts`, seeded, on their own stream, in the
//! trace and on the tape.

use std::cell::RefCell;
use std::rc::Rc;

use simloop::{Sim, Strategy, Tape, task::Builder};

/// Three tasks that log their name around a yield; `buggify` decides whether each also calls
/// `buggify!()` (ignoring its answer). Returns the log and how many times it fired.
async fn logged(buggify: bool) -> (String, usize) {
    let log = Rc::new(RefCell::new(String::new()));
    let fired = Rc::new(RefCell::new(0));
    let tasks: Vec<_> = ['a', 'b', 'c']
        .into_iter()
        .map(|name| {
            let (log, fired) = (log.clone(), fired.clone());
            simloop::spawn(async move {
                for _ in 0..3 {
                    if buggify && simloop::buggify!() {
                        *fired.borrow_mut() += 1;
                    }
                    log.borrow_mut().push(name);
                    simloop::yield_now().await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (log.take(), fired.take())
}

#[test]
fn buggify_draws_from_its_own_stream_so_the_schedule_stays() {
    for seed in 0..100 {
        let (plain, _) = Sim::with_exact_seed(seed).run(logged(false));
        let (bugged, _) = Sim::with_exact_seed(seed).run(logged(true));
        assert_eq!(plain, bugged, "seed {seed}");
    }
}

#[test]
fn a_site_is_enabled_for_a_quarter_of_the_runs_and_fires_a_quarter_of_the_time() {
    let (mut enabled, mut fired, mut reached) = (0, 0, 0);
    for seed in 0..800 {
        let count = Sim::with_exact_seed(seed)
            .run(async { (0..40).filter(|_| simloop::buggify!()).count() });
        let again = Sim::with_exact_seed(seed)
            .run(async { (0..40).filter(|_| simloop::buggify!()).count() });
        assert_eq!(count, again, "seed {seed}");
        // An enabled site that never fires in 40 tries is rare (0.75^40): count it disabled.
        if count > 0 {
            enabled += 1;
            fired += count;
            reached += 40;
        }
    }
    assert!((150..250).contains(&enabled), "{enabled} of 800 runs enabled the site");
    let rate = fired as f64 / reached as f64;
    assert!((0.2..0.3).contains(&rate), "an enabled site fired {rate} of the time");
}

#[test]
fn each_site_is_enabled_on_its_own() {
    let both = (0..400)
        .map(|seed| {
            Sim::with_exact_seed(seed).run(async {
                let a = (0..40).filter(|_| simloop::buggify!()).count();
                let b = (0..40).filter(|_| simloop::buggify!()).count();
                (a > 0, b > 0)
            })
        })
        .filter(|(a, b)| a != b)
        .count();
    assert!(both > 50, "two sites are enabled independently: {both} runs differ");
}

#[test]
fn a_firing_is_in_the_trace_and_on_the_tape_and_replays() {
    let seed = (0..200)
        .find(|s| Sim::with_exact_seed(*s).run(logged(true)).1 > 0)
        .expect("a seed where the site fires");
    let outcome =
        Sim::with_exact_seed(seed).trace(true).record_tape(true).try_run(logged(true)).unwrap();
    let text = outcome.trace().to_string();
    assert!(text.contains("buggify! fired at sim-tests/search_fault.rs:"), "{text}");
    let tape = outcome.tape().unwrap();
    let words: Vec<&str> = tape.differences().collect();
    assert!(words.iter().any(|w| w.contains("enabled the `buggify!` at sim-tests/")), "{words:?}");
    assert!(words.iter().any(|w| w.contains("fired in task ")), "{words:?}");
    let replay = Sim::with_exact_seed(seed + 1).tape(tape.clone()).try_run(logged(true)).unwrap();
    assert_eq!(replay.value(), outcome.value());
    assert_eq!(replay.digest(), outcome.digest());
    // The same tape with the faults' entries lowered to 0: nothing fires.
    let off = Sim::with_exact_seed(seed).tape(Tape::new()).try_run(logged(true)).unwrap();
    assert_eq!(off.value().1, 0);
}

#[test]
fn buggify_is_false_outside_a_simulation() {
    assert!((0..100).all(|_| !simloop::buggify!()));
}

/// A worker that must not be cancelled: the main future expects its result.
async fn expects_its_worker() -> Option<u32> {
    let worker = Builder::new().name("worker").spawn(async {
        simloop::yield_now().await;
        7
    });
    worker.await.ok()
}

#[test]
fn no_injected_aborts_means_the_run_it_always_was() {
    for seed in 0..50 {
        let plain = Sim::with_exact_seed(seed).try_run(crate::core_determinism::chaos()).unwrap();
        let zero = Sim::with_exact_seed(seed).inject_aborts(0.0);
        let zero = zero.try_run(crate::core_determinism::chaos()).unwrap();
        assert_eq!(plain.digest(), zero.digest(), "seed {seed}");
    }
}

#[test]
fn injected_aborts_cancel_picked_tasks_and_show_in_trace_and_tape() {
    let always = Sim::new(1)
        .inject_aborts(1.0)
        .trace(true)
        .record_tape(true)
        .try_run(expects_its_worker())
        .unwrap();
    assert_eq!(*always.value(), None);
    let text = always.trace().to_string();
    assert!(text.contains("task 1 \"worker\"  abort injected"), "{text}");
    assert!(text.contains("task 1 \"worker\"  cancelled"), "{text}");
    let words: Vec<&str> = always.tape().unwrap().differences().collect();
    assert_eq!(words, ["step 2 at 0.000s: cancelled `worker` (an injected abort)"]);

    let (mut cancelled, mut finished) = (0, 0);
    for seed in 0..200 {
        let sim = || Sim::with_exact_seed(seed).inject_aborts(0.3).record_tape(true);
        let outcome = sim().try_run(expects_its_worker()).unwrap();
        match outcome.value() {
            Some(_) => finished += 1,
            None => cancelled += 1,
        }
        // Under another strategy than the recording's (any but `Fifo`, whose loop is asyncio's).
        let replay = Sim::with_exact_seed(seed)
            .inject_aborts(0.3)
            .strategy(Strategy::Pct { depth: 3 })
            .tape(outcome.tape().unwrap().clone())
            .try_run(expects_its_worker())
            .unwrap();
        assert_eq!(replay.value(), outcome.value(), "seed {seed}");
    }
    // The worker is picked twice: it survives both with probability 0.7^2.
    assert!((70..130).contains(&cancelled), "{cancelled} cancelled, {finished} finished");
}

#[test]
#[should_panic(expected = "simloop: `Sim::inject_aborts(1.5)`: the probability must be within")]
fn an_abort_probability_out_of_range_panics() {
    let _ = Sim::new(1).inject_aborts(1.5);
}
