//! Choice tapes: recording changes nothing, replaying a recorded tape replays the run, a tape
//! that runs out (or holds nonsense) takes the default order, and version 1 tapes replay.
//! `Fifo` takes no decision but branch orders and faults: its tapes replay under `Fifo`, whose
//! loop is asyncio's.

use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;
use simloop::{FailureKind, Sim, Strategy, Tape};

use crate::core_determinism::chaos;
use crate::support::child;

const STRATEGIES: [Strategy; 6] = [
    Strategy::Random,
    Strategy::Pct { depth: 3 },
    Strategy::FifoRandomTimers,
    Strategy::Fifo,
    Strategy::DelayBounded { delays: 3 },
    Strategy::Pos,
];

#[test]
fn recording_a_tape_does_not_change_the_run() {
    for strategy in STRATEGIES {
        for seed in 0..40 {
            let plain = Sim::with_exact_seed(seed).strategy(strategy).try_run(chaos()).unwrap();
            let recorded = Sim::with_exact_seed(seed)
                .strategy(strategy)
                .record_tape(true)
                .try_run(chaos())
                .unwrap();
            assert_eq!(plain.digest(), recorded.digest(), "{strategy} seed {seed}");
            assert!(plain.tape().is_none());
            // The tape lists what differs from the default order: nothing, under `Fifo`.
            let tape = recorded.tape().unwrap();
            assert_eq!(tape.is_empty(), strategy == Strategy::Fifo, "{strategy} seed {seed}");
        }
    }
}

#[test]
fn replaying_a_recorded_tape_replays_the_run_whatever_the_seed_and_strategy() {
    for strategy in STRATEGIES {
        for seed in 0..40 {
            let original = Sim::with_exact_seed(seed)
                .strategy(strategy)
                .trace(true)
                .record_tape(true)
                .try_run(chaos())
                .unwrap();
            let tape = original.tape().unwrap().clone();
            // Through the text form, under another seed and strategy: `chaos` draws no user
            // randomness, so the tape alone decides. The loop is the strategy's, not the
            // tape's: a `Fifo` tape replays under `Fifo`.
            let text: Tape = tape.to_string().parse().unwrap();
            let loop_of =
                if strategy == Strategy::Fifo { Strategy::Fifo } else { Strategy::Random };
            let replay = Sim::with_exact_seed(seed + 1000)
                .strategy(loop_of)
                .tape(text)
                .trace(true)
                .record_tape(true)
                .try_run(chaos())
                .unwrap();
            assert_eq!(replay.digest(), original.digest(), "{strategy} seed {seed}");
            assert_eq!(replay.value(), original.value(), "{strategy} seed {seed}");
            assert_eq!(replay.trace().events(), original.trace().events());
            assert_eq!(replay.tape(), Some(&tape), "the replay records the tape it followed");
        }
    }
}

#[test]
fn a_tape_that_runs_out_or_is_out_of_range_takes_the_default_order() {
    let defaults =
        Sim::with_exact_seed(1).tape(Tape::new()).trace(true).record_tape(true).try_run(chaos());
    let defaults = defaults.unwrap();
    assert!(defaults.tape().unwrap().is_empty(), "the default order differs in nothing");
    let nonsense = ["v2:r99@2.r0@3.h50@4+9.o@1=7.b3@2=999", "v2:r1@100000"];
    let nonsense = nonsense.map(|t| t.parse::<Tape>().unwrap());
    let v1 = [Tape::from_choices([0; 3]), Tape::from_choices([u64::MAX; 500])];
    for tape in v1.into_iter().chain(nonsense) {
        let replay = Sim::with_exact_seed(5).tape(tape.clone()).try_run(chaos()).unwrap();
        assert_eq!(replay.digest(), defaults.digest(), "{tape}");
    }
    // The entries up to a step, then the defaults: the run agrees with the original up to
    // there (one of its steps cancels a task: no poll), and records those entries.
    let original = Sim::with_exact_seed(9).trace(true).record_tape(true).try_run(chaos()).unwrap();
    let text = original.tape().unwrap().to_string();
    let entries: Vec<&str> = text.strip_prefix("v2:").unwrap().split('.').collect();
    let half = format!("v2:{}", entries[..entries.len() / 2].join("."));
    let replay = Sim::with_exact_seed(9)
        .tape(half.parse().unwrap())
        .trace(true)
        .record_tape(true)
        .try_run(chaos())
        .unwrap();
    assert_eq!(replay.tape().unwrap().to_string(), half);
    let step = |e: &str| e.split('@').nth(1).unwrap().split(['+', '=']).next().unwrap().to_owned();
    let last: u64 = step(entries[entries.len() / 2 - 1]).parse().unwrap();
    let polls = |o: &simloop::Outcome<Vec<String>>| {
        let text = o.trace().to_string();
        text.lines()
            .filter(|l| l.ends_with(" polled"))
            .take(last as usize - 1)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(polls(&replay), polls(&original));
}

#[test]
fn a_version_1_tape_replays_as_recorded_and_records_its_version_2_form() {
    // Version 1 choices index the ready set, which a pick other than the first reorders.
    for seed in 0..30 {
        let choices: Vec<u64> = (0..40).map(|i| (seed * 7 + i * 3) % 4).collect();
        let v1 = Tape::from_choices(choices);
        let first = Sim::with_exact_seed(seed).tape(v1.clone()).record_tape(true);
        let first = first.try_run(chaos()).unwrap();
        let v2 = first.tape().unwrap().clone();
        assert_eq!(v2.version(), 2);
        let again = Sim::with_exact_seed(seed).tape(v1).try_run(chaos()).unwrap();
        let through_v2 = Sim::with_exact_seed(seed).tape(v2).try_run(chaos()).unwrap();
        assert_eq!(first.digest(), again.digest(), "seed {seed}");
        assert_eq!(first.digest(), through_v2.digest(), "seed {seed}");
    }
}

#[test]
fn a_failure_carries_its_tape_and_its_replay_names_the_schedule() {
    let program = || async {
        let reader = Builder::new().name("reader").spawn(async { simloop::time::now() });
        let writer = Builder::new().name("writer").spawn(async {});
        sleep(Duration::from_millis(200)).await;
        let order = simloop::join!(writer, reader);
        assert!(order.1.is_ok());
        panic!("always");
    };
    let writer_first: Tape = "v2:r2@2".parse().unwrap();
    let failure =
        Sim::new(3).tape(writer_first.clone()).trace(true).record_tape(true).try_run(program());
    let failure = failure.unwrap_err();
    assert_eq!(failure.kind(), FailureKind::Panic);
    let tape = failure.tape().unwrap();
    assert_eq!(*tape, writer_first);
    let words: Vec<&str> = tape.differences().collect();
    assert_eq!(words, ["step 2 at 0.000s: ran `writer` before `reader`"]);
    assert!(
        failure.replay_command().starts_with("SIMLOOP_SCHEDULE=v2:r2@2 SIMLOOP_SEED=3 cargo test "),
        "{}",
        failure.replay_command()
    );
}

#[test]
fn the_words_of_a_tape_name_timers_timeouts_and_branches() {
    // Two timers due at the same instant, a timeout racing a completion at its deadline, and
    // a select! of two ready branches: each decision's non-default choice, in words.
    let program = || async {
        let a = Builder::new().name("a").spawn(sleep(Duration::from_millis(10)));
        let b = Builder::new().name("b").spawn(sleep(Duration::from_millis(10)));
        let raced = simloop::time::timeout(Duration::ZERO, async {}).await;
        let first = simloop::select! {
            x = async { 1 } => x,
            y = async { 2 } => y,
        };
        a.await.unwrap();
        b.await.unwrap();
        (raced.is_err(), first)
    };
    let outcome = Sim::new(1).tape(Tape::from_choices([1, 1, 0, 1])).record_tape(true);
    let outcome = outcome.try_run(program()).unwrap();
    assert_eq!(*outcome.value(), (true, 2));
    let words: Vec<&str> = outcome.tape().unwrap().differences().collect();
    assert_eq!(
        words,
        [
            "step 1 at 0.000s: a timeout in main reached its deadline before its inner future \
             could complete",
            "step 1 at 0.000s: main polled its `select!`/`join!` branches in the order 2, 1",
            "after step 3 at 0.010s: fired the timer of `b` before the timer of `a`",
        ]
    );
}

const CHILD: &str = "search_tape::schedule_child";

/// Prints the order two tasks ran in; only in a child process.
#[test]
fn schedule_child() {
    if !child::is_child() {
        return;
    }
    let order = Sim::new(1).run(async {
        let log = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
        let (a, b) = (log.clone(), log.clone());
        let first = simloop::spawn(async move { a.borrow_mut().push('a') });
        let second = simloop::spawn(async move { b.borrow_mut().push('b') });
        first.await.unwrap();
        second.await.unwrap();
        log.take()
    });
    println!("order: {order}");
}

#[test]
fn simloop_schedule_replays_a_tape_in_sim_new_and_a_malformed_one_panics() {
    let root = child::temp_dir("schedule-env");
    let default = child::run(CHILD, &root, &[("SIMLOOP_SCHEDULE", "v1:")]);
    assert!(default.passed && default.text.contains("order: ab"), "{}", default.text);
    let swapped = child::run(CHILD, &root, &[("SIMLOOP_SCHEDULE", "v1:1")]);
    assert!(swapped.passed && swapped.text.contains("order: ba"), "{}", swapped.text);
    let named = child::run(CHILD, &root, &[("SIMLOOP_SCHEDULE", "v2:r2@2")]);
    assert!(named.passed && named.text.contains("order: ba"), "{}", named.text);
    let bad = child::run(CHILD, &root, &[("SIMLOOP_SCHEDULE", "1.2")]);
    assert!(!bad.passed);
    assert!(
        bad.text.contains("simloop: SIMLOOP_SCHEDULE=1.2 is not a valid schedule"),
        "{}",
        bad.text
    );
    let _ = std::fs::remove_dir_all(root);
}

/// A trace and a tape are asked for separately: a trace alone records no tape (the seed
/// reruns the run), and a tape is recorded with or without the trace, the same either way.
#[test]
fn a_trace_alone_records_no_tape_and_a_tape_is_the_same_with_or_without_it() {
    let traced = Sim::with_exact_seed(9).trace(true).try_run(chaos()).unwrap();
    assert!(traced.trace().is_recorded());
    assert!(traced.tape().is_none());
    let taped = Sim::with_exact_seed(9).record_tape(true).try_run(chaos()).unwrap();
    let both = Sim::with_exact_seed(9).trace(true).record_tape(true).try_run(chaos()).unwrap();
    let (a, b) = (taped.tape().unwrap(), both.tape().unwrap());
    assert!(!a.is_empty());
    assert_eq!(a.to_string(), b.to_string());
    assert_eq!(taped.digest(), traced.digest());
}
