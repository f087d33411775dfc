//! Virtual time: sleeps cost nothing real, and end exactly at their deadlines.

use std::time::Duration;

use simloop::time::{self, Instant, interval, now, sleep, sleep_until};
use simloop::{Sim, spawn};

use crate::support::at_ms;

#[test]
fn an_hour_of_sleeps_takes_an_hour_of_virtual_time() {
    let outcome = Sim::with_exact_seed(1)
        .try_run(async {
            for _ in 0..60 {
                sleep(Duration::from_secs(60)).await;
            }
            now()
        })
        .unwrap();
    assert_eq!(*outcome.value(), Instant::from_start(Duration::from_secs(3600)));
    assert_eq!(outcome.elapsed(), Duration::from_secs(3600));
    assert_eq!(outcome.steps(), 61, "one poll per sleep, plus the first");
}

#[test]
fn concurrent_sleeps_end_at_exactly_their_own_deadlines() {
    for seed in 0..32 {
        let (fetch, email, all) = Sim::with_exact_seed(seed).run(async {
            let fetch = spawn(async {
                sleep(Duration::from_secs(1)).await;
                now()
            });
            let email = spawn(async {
                sleep(Duration::from_millis(500)).await;
                now()
            });
            (fetch.await.unwrap(), email.await.unwrap(), now())
        });
        assert_eq!((fetch.to_string(), email.to_string()), ("1.000s".into(), "0.500s".into()));
        assert_eq!(all, at_ms(1000), "seed {seed}: concurrent, not sequential");
    }
}

#[test]
fn time_stands_still_while_tasks_are_ready() {
    Sim::with_exact_seed(2).run(async {
        for _ in 0..1000 {
            simloop::yield_now().await;
        }
        assert_eq!(now(), Instant::ZERO);
    });
}

#[test]
fn a_zero_sleep_and_a_past_deadline_complete_at_once() {
    Sim::with_exact_seed(3).run(async {
        sleep(Duration::ZERO).await;
        sleep_until(Instant::ZERO).await;
        assert_eq!(now(), Instant::ZERO);
    });
}

#[test]
fn a_dropped_sleep_leaves_no_timer_behind() {
    let outcome = Sim::with_exact_seed(4)
        .try_run(async {
            drop(sleep(Duration::from_secs(3600)));
            let pending = sleep(Duration::from_secs(3600));
            let _ = time::timeout(Duration::from_secs(1), pending).await;
        })
        .unwrap();
    assert_eq!(outcome.elapsed(), Duration::from_secs(1), "the clock must not run on to 1 h");
}

#[test]
fn interval_ticks_on_schedule_and_bursts_when_late() {
    Sim::with_exact_seed(5).run(async {
        let mut ticks = interval(Duration::from_millis(100));
        assert_eq!(ticks.tick().await, at_ms(0));
        assert_eq!(ticks.tick().await, at_ms(100));
        sleep(Duration::from_millis(250)).await; // now 0.350s: ticks 200 and 300 are late
        assert_eq!(ticks.tick().await, at_ms(200));
        assert_eq!(ticks.tick().await, at_ms(300));
        assert_eq!(now(), at_ms(350));
        assert_eq!(ticks.tick().await, at_ms(400));
        assert_eq!(now(), at_ms(400));
    });
}

#[test]
fn instants_display_as_seconds_with_three_decimals() {
    assert_eq!(at_ms(0).to_string(), "0.000s");
    assert_eq!(at_ms(1500).to_string(), "1.500s");
    assert_eq!(Instant::from_start(Duration::from_secs(3600)).to_string(), "3600.000s");
    assert_eq!(format!("{:>8}", at_ms(5)), "  0.005s");
    assert_eq!(at_ms(1500) - at_ms(500), Duration::from_secs(1));
    assert_eq!(at_ms(500) - at_ms(1500), Duration::ZERO);
}
