//! The Chrome trace event format: a picture of the schedule in Perfetto or `chrome://tracing`.

use std::fmt::Write as _;

use super::{EventKind, Trace};

impl Trace {
    /// The trace in the Chrome trace event format (JSON), for Perfetto (`ui.perfetto.dev`) or
    /// `chrome://tracing`: one lane (`tid`) per task, named after it; with the simulated
    /// network, one process (`pid`) per host (`host db (10.0.0.2)`), its tasks under it, and
    /// its deliveries in its lane `0` (`network`); a slice (`ph: "X"`) per poll, as long as the virtual time the poll held the loop (zero unless it ran
    /// [`cpu_work`](crate::cpu_work)); an instant (`ph: "i"`) for every other event. The time
    /// axis (`ts`, microseconds) is the virtual clock.
    ///
    /// # Examples
    ///
    /// ```
    /// let outcome = simloop::Sim::new(1).trace(true).try_run(async {
    ///     simloop::task::Builder::new().name("db").spawn(async {}).await.unwrap();
    /// }).unwrap();
    /// let json = outcome.trace().to_chrome_json();
    /// assert!(json.starts_with("{\"displayTimeUnit\":\"ms\",\"traceEvents\":["));
    /// assert!(json.contains("\"args\":{\"name\":\"task 1 \\\"db\\\"\"}"));
    /// ```
    pub fn to_chrome_json(&self) -> String {
        let mut out = String::from("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");
        let mut first = true;
        let mut push = |out: &mut String, event: String| {
            if !std::mem::take(&mut first) {
                out.push(',');
            }
            out.push_str(&event);
        };
        let process = format!("simloop seed {} ({})", self.seed, self.strategy);
        let processes: Vec<String> = match self.hosts.is_empty() {
            true => vec![process],
            false => self.hosts.iter().map(|h| format!("host {h}")).collect(),
        };
        for (i, name) in processes.iter().enumerate() {
            let pid = i + 1;
            push(
                &mut out,
                format!(
                    "{{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":{pid},\"tid\":0,\"args\":{{\"name\":{}}}}}",
                    json(name)
                ),
            );
            if pid > 1 {
                push(
                    &mut out,
                    format!(
                        "{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":{pid},\"tid\":0,\"args\":{{\"name\":\"network\"}}}}"
                    ),
                );
            }
        }
        let pid_of = |task: crate::task::TaskId| match self.hosts.is_empty() {
            true => 1,
            false => self.tasks.get(task.index()).map_or(1, |t| u64::from(t.host) + 1),
        };
        for (index, _) in self.tasks.iter().enumerate() {
            let task = crate::task::TaskId::new(index as u64);
            let name = json(&self.label_of(task));
            let pid = pid_of(task);
            push(
                &mut out,
                format!(
                    "{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":{pid},\"tid\":{index},\"args\":{{\"name\":{name}}}}}"
                ),
            );
            push(
                &mut out,
                format!(
                    "{{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":{pid},\"tid\":{index},\"args\":{{\"sort_index\":{index}}}}}"
                ),
            );
        }
        for (i, e) in self.events().iter().enumerate() {
            let (ts, tid) = (micros(e.time.as_nanos()), e.task.as_u64());
            let pid = match &e.kind {
                EventKind::Net { host, .. } if !self.hosts.is_empty() => u64::from(*host) + 1,
                _ => pid_of(e.task),
            };
            // A delivery happens while timers fire: on its host's network lane.
            let tid = match &e.kind {
                EventKind::Net { .. } if pid != pid_of(e.task) => 0,
                _ => tid,
            };
            let event = match &e.kind {
                EventKind::Polled => {
                    // A poll takes no virtual time unless it ran `cpu_work` (a `Busy` event of
                    // the same task right after it).
                    let held = self.events()[i + 1..]
                        .iter()
                        .take_while(|n| n.task == e.task && !matches!(n.kind, EventKind::Polled))
                        .find_map(|n| match n.kind {
                            EventKind::Busy { until } => Some(until.as_nanos() - e.time.as_nanos()),
                            _ => None,
                        })
                        .unwrap_or(0);
                    format!(
                        "{{\"name\":\"poll\",\"cat\":\"poll\",\"ph\":\"X\",\"ts\":{ts},\"dur\":{},\"pid\":{pid},\"tid\":{tid}}}",
                        micros(held)
                    )
                }
                kind => format!(
                    "{{\"name\":{},\"cat\":\"event\",\"ph\":\"i\",\"s\":\"t\",\"ts\":{ts},\"pid\":{pid},\"tid\":{tid}}}",
                    json(&kind.to_string())
                ),
            };
            push(&mut out, event);
        }
        out.push_str("]}");
        out
    }
}

/// Nanoseconds as the format's microseconds, exact to the nanosecond.
fn micros(nanos: u64) -> String {
    match nanos % 1000 {
        0 => (nanos / 1000).to_string(),
        frac => format!("{}.{frac:03}", nanos / 1000),
    }
}

/// A JSON string literal.
fn json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
