//! The programs both runners execute: the data model, its JSON form, and a readable rendering.
//!
//! A program is a list of task bodies; body 0 is the main task, every other body is started by
//! exactly one statement (`spawn`, a `wait_for` of a coroutine, `gather`, `wait`,
//! `as_completed`, a task group). The JSON form, one program per line, is what
//! `runner.py` reads; each statement is an object with an `op` field:
//!
//! ```text
//! {"events":1,"locks":0,"sems":[],"queues":[1],
//!  "tasks":[[{"op":"spawn","task":1},{"op":"sleep","ms":2},{"op":"await","task":1}],
//!           [{"op":"print","id":3},{"op":"raise"}]]}
//! ```
//!
//! Durations are whole virtual milliseconds on both sides (CPython's loop clock counts them
//! as its unit, so every deadline is an exact float).

use std::fmt::{self, Write as _};

use serde_json::{Value, json};

/// `asyncio.wait`'s `return_when`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum When {
    FirstCompleted,
    FirstException,
    AllCompleted,
}

impl When {
    pub(crate) const ALL: [Self; 3] =
        [Self::FirstCompleted, Self::FirstException, Self::AllCompleted];

    fn name(self) -> &'static str {
        match self {
            Self::FirstCompleted => "FIRST_COMPLETED",
            Self::FirstException => "FIRST_EXCEPTION",
            Self::AllCompleted => "ALL_COMPLETED",
        }
    }
}

/// One statement of a task body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stmt {
    /// `print`: logs `t<task> p<id>`.
    Print(u32),
    /// `await asyncio.sleep(ms)`; `0` is a bare yield to the loop.
    Sleep(u64),
    /// `tasks[k] = asyncio.create_task(body_k())`.
    Spawn(usize),
    /// `await tasks[k]`, logging its outcome.
    Await(usize),
    /// `tasks[k].cancel()` (nothing when `k` is not started yet).
    Cancel(usize),
    /// `await asyncio.wait_for(x, ms)`: `x` is `body_k()` itself when `create`, else `tasks[k]`.
    WaitFor {
        task: usize,
        ms: u64,
        create: bool,
    },
    /// `async with asyncio.timeout(ms): body`, logging whether it expired.
    Timeout {
        id: u32,
        ms: u64,
        body: Vec<Self>,
    },
    /// `await asyncio.gather(body_k()..., return_exceptions=settled)`.
    Gather {
        tasks: Vec<usize>,
        settled: bool,
    },
    EventSet(usize),
    EventWait(usize),
    EventClear(usize),
    /// `async with locks[l]: body`.
    Lock {
        lock: usize,
        body: Vec<Self>,
    },
    /// `async with sems[s]: body`.
    Sem {
        sem: usize,
        body: Vec<Self>,
    },
    /// `await queues[q].put(item)`.
    Put {
        queue: usize,
        item: u32,
    },
    /// `await queues[q].get()`, logging the item.
    Get(usize),
    /// `asyncio.wait([create_task(body_k())...], timeout=ms, return_when=when)`.
    Wait {
        tasks: Vec<usize>,
        when: When,
        ms: Option<u64>,
    },
    /// `for f in asyncio.as_completed([create_task(body_k())...]): await f`.
    AsCompleted(Vec<usize>),
    /// `async with asyncio.TaskGroup() as tg: tg.create_task(body_k())...`.
    TaskGroup(Vec<usize>),
    /// `await asyncio.shield(tasks[k])`.
    Shield(usize),
    /// `raise ValueError("t<task>")`: a task's last statement.
    Raise,
}

impl Stmt {
    /// The nested body of a block statement.
    pub(crate) fn body(&self) -> Option<&Vec<Self>> {
        match self {
            Self::Timeout { body, .. } | Self::Lock { body, .. } | Self::Sem { body, .. } => {
                Some(body)
            }
            _ => None,
        }
    }

    pub(crate) fn body_mut(&mut self) -> Option<&mut Vec<Self>> {
        match self {
            Self::Timeout { body, .. } | Self::Lock { body, .. } | Self::Sem { body, .. } => {
                Some(body)
            }
            _ => None,
        }
    }

    /// The tasks this statement starts.
    pub(crate) fn started(&self) -> Vec<usize> {
        match self {
            Self::Spawn(k) | Self::WaitFor { task: k, create: true, .. } => vec![*k],
            Self::Gather { tasks, .. }
            | Self::Wait { tasks, .. }
            | Self::AsCompleted(tasks)
            | Self::TaskGroup(tasks) => tasks.clone(),
            _ => Vec::new(),
        }
    }

    /// Every task index the statement names.
    fn named(&self) -> Vec<usize> {
        let mut copy = self.clone();
        copy.tasks_mut().into_iter().map(|k| *k).collect()
    }

    /// Every task index the statement names, for renumbering.
    fn tasks_mut(&mut self) -> Vec<&mut usize> {
        match self {
            Self::Spawn(k)
            | Self::Await(k)
            | Self::Cancel(k)
            | Self::Shield(k)
            | Self::WaitFor { task: k, .. } => vec![k],
            Self::Gather { tasks, .. }
            | Self::Wait { tasks, .. }
            | Self::AsCompleted(tasks)
            | Self::TaskGroup(tasks) => tasks.iter_mut().collect(),
            _ => Vec::new(),
        }
    }

    fn to_json(&self) -> Value {
        let body = |b: &Vec<Self>| Value::Array(b.iter().map(Self::to_json).collect());
        match self {
            Self::Print(id) => json!({"op": "print", "id": id}),
            Self::Sleep(ms) => json!({"op": "sleep", "ms": ms}),
            Self::Spawn(k) => json!({"op": "spawn", "task": k}),
            Self::Await(k) => json!({"op": "await", "task": k}),
            Self::Cancel(k) => json!({"op": "cancel", "task": k}),
            Self::WaitFor { task, ms, create } => {
                json!({"op": "wait_for", "task": task, "ms": ms, "create": create})
            }
            Self::Timeout { id, ms, body: b } => {
                json!({"op": "timeout", "id": id, "ms": ms, "body": body(b)})
            }
            Self::Gather { tasks, settled } => {
                json!({"op": "gather", "tasks": tasks, "settled": settled})
            }
            Self::EventSet(e) => json!({"op": "event_set", "event": e}),
            Self::EventWait(e) => json!({"op": "event_wait", "event": e}),
            Self::EventClear(e) => json!({"op": "event_clear", "event": e}),
            Self::Lock { lock, body: b } => json!({"op": "lock", "lock": lock, "body": body(b)}),
            Self::Sem { sem, body: b } => json!({"op": "sem", "sem": sem, "body": body(b)}),
            Self::Put { queue, item } => json!({"op": "put", "queue": queue, "item": item}),
            Self::Get(q) => json!({"op": "get", "queue": q}),
            Self::Wait { tasks, when, ms } => {
                json!({"op": "wait", "tasks": tasks, "when": when.name(), "ms": ms})
            }
            Self::AsCompleted(tasks) => json!({"op": "as_completed", "tasks": tasks}),
            Self::TaskGroup(tasks) => json!({"op": "task_group", "tasks": tasks}),
            Self::Shield(k) => json!({"op": "shield", "task": k}),
            Self::Raise => json!({"op": "raise"}),
        }
    }

    /// Python-like source for reports.
    fn render(&self, out: &mut String, indent: usize) {
        let pad = "    ".repeat(indent);
        let tasks =
            |ks: &[usize]| ks.iter().map(|k| format!("t{k}")).collect::<Vec<_>>().join(", ");
        let line = match self {
            Self::Print(id) => format!("print p{id}"),
            Self::Sleep(ms) => format!("await sleep({ms})"),
            Self::Spawn(k) => format!("t{k} = create_task(body{k}())"),
            Self::Await(k) => format!("await t{k}"),
            Self::Cancel(k) => format!("t{k}.cancel()"),
            Self::WaitFor { task, ms, create: true } => {
                format!("await wait_for(body{task}(), {ms})")
            }
            Self::WaitFor { task, ms, create: false } => format!("await wait_for(t{task}, {ms})"),
            Self::Timeout { id, ms, .. } => format!("async with timeout({ms}):  # timeout{id}"),
            Self::Gather { tasks: ks, settled } => {
                let body: Vec<_> = ks.iter().map(|k| format!("body{k}()")).collect();
                let extra = if *settled { ", return_exceptions=True" } else { "" };
                format!("await gather({}{extra})  # {}", body.join(", "), tasks(ks))
            }
            Self::EventSet(e) => format!("event{e}.set()"),
            Self::EventWait(e) => format!("await event{e}.wait()"),
            Self::EventClear(e) => format!("event{e}.clear()"),
            Self::Lock { lock, .. } => format!("async with lock{lock}:"),
            Self::Sem { sem, .. } => format!("async with sem{sem}:"),
            Self::Put { queue, item } => format!("await queue{queue}.put({item})"),
            Self::Get(q) => format!("await queue{q}.get()"),
            Self::Wait { tasks: ks, when, ms } => {
                let timeout = ms.map(|ms| format!(", timeout={ms}")).unwrap_or_default();
                format!("await wait([{}], return_when={}{timeout})", tasks(ks), when.name())
            }
            Self::AsCompleted(ks) => format!("for f in as_completed([{}]): await f", tasks(ks)),
            Self::TaskGroup(ks) => {
                format!("async with TaskGroup() as tg: tg.create_task(...) for {}", tasks(ks))
            }
            Self::Shield(k) => format!("await shield(t{k})"),
            Self::Raise => "raise ValueError".to_owned(),
        };
        let _ = writeln!(out, "{pad}{line}");
        if let Some(body) = self.body() {
            for stmt in body {
                stmt.render(out, indent + 1);
            }
        }
    }
}

/// A generated program: task bodies and the synchronisation objects they share.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct Program {
    /// Body 0 is the main task.
    pub(crate) tasks: Vec<Vec<Stmt>>,
    pub(crate) events: usize,
    pub(crate) locks: usize,
    /// Each semaphore's initial value.
    pub(crate) sems: Vec<usize>,
    /// Each queue's `maxsize`; `0` is unbounded.
    pub(crate) queues: Vec<usize>,
}

impl Program {
    /// The one-line JSON form that `runner.py` reads.
    pub(crate) fn to_json(&self) -> String {
        let tasks: Vec<Value> = self
            .tasks
            .iter()
            .map(|body| Value::Array(body.iter().map(Stmt::to_json).collect()))
            .collect();
        json!({
            "tasks": tasks,
            "events": self.events,
            "locks": self.locks,
            "sems": self.sems,
            "queues": self.queues,
        })
        .to_string()
    }

    /// How many statements the program has, nested ones included.
    pub(crate) fn size(&self) -> usize {
        fn count(body: &[Stmt]) -> usize {
            body.iter().map(|s| 1 + s.body().map_or(0, |b| count(b))).sum()
        }
        self.tasks.iter().map(|b| count(b)).sum()
    }

    /// The sum of its durations: what the minimiser lowers after the statements.
    pub(crate) fn total_ms(&self) -> u64 {
        fn sum(body: &[Stmt]) -> u64 {
            body.iter()
                .map(|s| {
                    let own = match s {
                        Stmt::Sleep(ms) | Stmt::WaitFor { ms, .. } | Stmt::Timeout { ms, .. } => {
                            *ms
                        }
                        Stmt::Wait { ms, .. } => ms.unwrap_or(0),
                        _ => 0,
                    };
                    own + s.body().map_or(0, |b| sum(b))
                })
                .sum()
        }
        self.tasks.iter().map(|b| sum(b)).sum()
    }

    /// The tasks some statement of a started task starts, in start order: the rest never run.
    fn reachable(&self) -> Vec<usize> {
        fn walk(program: &Program, body: &[Stmt], seen: &mut Vec<usize>) {
            for stmt in body {
                for k in stmt.started() {
                    if k < program.tasks.len() && !seen.contains(&k) {
                        seen.push(k);
                        walk(program, &program.tasks[k], seen);
                    }
                }
                if let Some(b) = stmt.body() {
                    walk(program, b, seen);
                }
            }
        }
        let mut seen = vec![0];
        walk(self, &self.tasks[0], &mut seen);
        seen
    }

    /// The same program without the bodies nobody starts and the objects nobody uses, tasks
    /// numbered in start order and labels in program order.
    pub(crate) fn compacted(&self) -> Self {
        let order = self.reachable();
        let renumber = |k: usize| order.iter().position(|&o| o == k);
        let mut tasks: Vec<Vec<Stmt>> = order.iter().map(|&k| self.tasks[k].clone()).collect();
        fn fix(body: &mut Vec<Stmt>, renumber: &dyn Fn(usize) -> Option<usize>) {
            // A statement naming a task nobody starts goes too; that can change the log (an
            // await of it logs "unstarted"), so the minimiser checks the result again.
            for stmt in body.iter_mut() {
                for k in stmt.tasks_mut() {
                    *k = renumber(*k).unwrap_or(usize::MAX);
                }
                if let Some(b) = stmt.body_mut() {
                    fix(b, renumber);
                }
            }
            body.retain(|s| !s.named().contains(&usize::MAX));
        }
        for body in &mut tasks {
            fix(body, &renumber);
        }
        // Labels and blocks numbered in program order, from 1.
        let mut next = 0;
        fn relabel(body: &mut [Stmt], next: &mut u32) {
            for stmt in body {
                match stmt {
                    Stmt::Print(id) | Stmt::Timeout { id, .. } | Stmt::Put { item: id, .. } => {
                        *next += 1;
                        *id = *next;
                    }
                    _ => {}
                }
                if let Some(b) = stmt.body_mut() {
                    relabel(b, next);
                }
            }
        }
        for body in &mut tasks {
            relabel(body, &mut next);
        }
        let mut compact = Self { tasks, ..self.clone() };
        compact.drop_unused_objects();
        compact
    }

    /// Drops the events, locks, semaphores and queues no statement uses, renumbering the rest.
    fn drop_unused_objects(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Object {
            Event,
            Lock,
            Sem,
            Queue,
        }
        fn object(stmt: &mut Stmt) -> Option<(Object, &mut usize)> {
            match stmt {
                Stmt::EventSet(e) | Stmt::EventWait(e) | Stmt::EventClear(e) => {
                    Some((Object::Event, e))
                }
                Stmt::Lock { lock, .. } => Some((Object::Lock, lock)),
                Stmt::Sem { sem, .. } => Some((Object::Sem, sem)),
                Stmt::Put { queue, .. } | Stmt::Get(queue) => Some((Object::Queue, queue)),
                _ => None,
            }
        }
        fn visit(body: &mut [Stmt], f: &mut dyn FnMut(Object, &mut usize)) {
            for stmt in body {
                if let Some((kind, index)) = object(stmt) {
                    f(kind, index);
                }
                if let Some(b) = stmt.body_mut() {
                    visit(b, f);
                }
            }
        }
        let mut used: Vec<(Object, usize)> = Vec::new();
        for body in &mut self.tasks {
            visit(body, &mut |kind, index| {
                if !used.contains(&(kind, *index)) {
                    used.push((kind, *index));
                }
            });
        }
        let kept = |kind: Object, count: usize| -> Vec<usize> {
            (0..count).filter(|i| used.contains(&(kind, *i))).collect()
        };
        let events = kept(Object::Event, self.events);
        let locks = kept(Object::Lock, self.locks);
        let sems = kept(Object::Sem, self.sems.len());
        let queues = kept(Object::Queue, self.queues.len());
        for body in &mut self.tasks {
            visit(body, &mut |kind, index| {
                let kept = match kind {
                    Object::Event => &events,
                    Object::Lock => &locks,
                    Object::Sem => &sems,
                    Object::Queue => &queues,
                };
                *index = kept.iter().position(|k| k == index).expect("a used object is kept");
            });
        }
        self.events = events.len();
        self.locks = locks.len();
        self.sems = sems.iter().map(|&i| self.sems[i]).collect();
        self.queues = queues.iter().map(|&i| self.queues[i]).collect();
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let objects = [
            (self.events > 0).then(|| format!("{} event(s)", self.events)),
            (self.locks > 0).then(|| format!("{} lock(s)", self.locks)),
            (!self.sems.is_empty()).then(|| format!("semaphores {:?}", self.sems)),
            (!self.queues.is_empty()).then(|| format!("queues of maxsize {:?}", self.queues)),
        ];
        let objects: Vec<String> = objects.into_iter().flatten().collect();
        if !objects.is_empty() {
            let _ = writeln!(out, "# {}", objects.join(", "));
        }
        for (k, body) in self.tasks.iter().enumerate() {
            let _ =
                writeln!(out, "{}:", if k == 0 { "main".to_owned() } else { format!("body{k}") });
            for stmt in body {
                stmt.render(&mut out, 1);
            }
        }
        f.write_str(out.trim_end())
    }
}

/// A runner's log: `(virtual ms, label)` per line.
pub(crate) type Log = Vec<(u64, String)>;

/// A log as text, one `ms label` line each.
pub(crate) fn render_log(log: &Log) -> String {
    log.iter().map(|(ms, label)| format!("{ms:>4} {label}")).collect::<Vec<_>>().join("\n")
}
