//! The Chrome trace event export parses, and has one lane per task on the virtual clock.

use std::time::Duration;

use serde_json::Value;
use simloop::task::Builder;
use simloop::time::sleep;
use simloop::{Sim, Strategy, cpu_work};

fn exported() -> Value {
    let outcome = Sim::with_exact_seed(1)
        .strategy(Strategy::Fifo)
        .trace(true)
        .try_run(async {
            let fetch = Builder::new().name("fetch").spawn(sleep(Duration::from_millis(1000)));
            let email = Builder::new().name("email").spawn(async {
                sleep(Duration::from_millis(500)).await;
                cpu_work(Duration::from_millis(20));
            });
            fetch.await.unwrap();
            email.await.unwrap();
        })
        .unwrap();
    serde_json::from_str(&outcome.trace().to_chrome_json()).expect("valid JSON")
}

fn events(json: &Value) -> &Vec<Value> {
    json["traceEvents"].as_array().unwrap()
}

#[test]
fn every_event_has_the_chrome_fields() {
    let json = exported();
    assert_eq!(json["displayTimeUnit"], "ms");
    for e in events(&json) {
        for field in ["ph", "pid", "tid", "name"] {
            assert!(e.get(field).is_some(), "{field} missing in {e}");
        }
        if e["ph"] != "M" {
            assert!(e["ts"].is_number(), "{e}");
        }
    }
}

#[test]
fn one_named_lane_per_task() {
    let json = exported();
    let lanes: Vec<(u64, String)> = events(&json)
        .iter()
        .filter(|e| e["name"] == "thread_name")
        .map(|e| (e["tid"].as_u64().unwrap(), e["args"]["name"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        lanes,
        [
            (0, "main".to_owned()),
            (1, "task 1 \"fetch\"".to_owned()),
            (2, "task 2 \"email\"".to_owned())
        ]
    );
    for e in events(&json).iter().filter(|e| e["ph"] != "M") {
        assert!(e["tid"].as_u64().unwrap() <= 2, "{e}");
    }
}

#[test]
fn timestamps_are_the_virtual_clock_in_microseconds() {
    let json = exported();
    let at = |tid: u64, name: &str| -> Vec<f64> {
        events(&json)
            .iter()
            .filter(|e| e["tid"] == tid && e["name"] == name)
            .map(|e| e["ts"].as_f64().unwrap())
            .collect()
    };
    assert_eq!(at(1, "timer fired"), [1_000_000.0]);
    assert_eq!(at(2, "timer fired"), [500_000.0]);
    // The email's second poll held the loop 20 ms (cpu_work): a 20,000 µs slice at 0.5 s.
    let polls: Vec<(f64, f64)> = events(&json)
        .iter()
        .filter(|e| e["tid"] == 2 && e["ph"] == "X")
        .map(|e| (e["ts"].as_f64().unwrap(), e["dur"].as_f64().unwrap()))
        .collect();
    assert_eq!(polls, [(0.0, 0.0), (500_000.0, 20_000.0)]);
}
