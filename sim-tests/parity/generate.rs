//! Random programs, grouped in feature sets that are measured each on its own.
//!
//! Every set has the core (print, sleep including 0, spawn, await) and adds its constructs.
//! The generator keeps to programs whose meaning is the same on both sides (see
//! `parity_cpython.rs`, "What the mapping leaves out"):
//!
//! - a task that may be cancelled (a `cancel` target, a `wait_for` target, a task-group
//!   child) awaits no other task: cancelling a task that awaits another one cancels that one
//!   too in asyncio and waits for it, where a dropped Rust future can only detach or abort it;
//!   `shield` is the exception it exists for;
//! - blocks (`timeout`, `lock`, `sem`) hold leaf statements only, for the same reason;
//! - a task is awaited by one statement at most (a `JoinHandle` is consumed by its await);
//! - the tasks of a `wait` are never cancelled: `FIRST_EXCEPTION` ignores a cancelled task in
//!   asyncio, `WaitFor::FirstError` counts it;
//! - a task group's body only starts its tasks: asyncio cancels the body of the `async with`
//!   when a task fails, simloop cannot cancel the future that owns the group;
//! - only `gather(..., return_exceptions=True)` gathers tasks that raise: asyncio's plain
//!   `gather` leaves the siblings of a failed task running, simloop's aborts them (a
//!   documented choice, not a scheduling question).

use super::program::{Program, Stmt, When};

/// A construct the generator may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Feature {
    Cancel,
    Events,
    Locks,
    Queues,
    BoundedQueues,
    Semaphores,
    WaitFor,
    Timeout,
    Gather,
    Wait,
    AsCompleted,
    TaskGroup,
    Shield,
    Exceptions,
}

/// A named group of features, measured on its own.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FeatureSet {
    pub(crate) name: &'static str,
    pub(crate) features: &'static [Feature],
}

use Feature::*;

/// Every feature set, the core alone first and everything together last.
pub(crate) const FEATURE_SETS: &[FeatureSet] = &[
    FeatureSet { name: "core", features: &[] },
    FeatureSet { name: "cancel", features: &[Cancel] },
    FeatureSet { name: "events", features: &[Events] },
    FeatureSet { name: "locks", features: &[Locks] },
    FeatureSet { name: "queues", features: &[Queues] },
    FeatureSet { name: "bounded_queues", features: &[BoundedQueues] },
    FeatureSet { name: "semaphores", features: &[Semaphores] },
    FeatureSet { name: "exceptions", features: &[Exceptions] },
    FeatureSet { name: "wait_for", features: &[WaitFor] },
    FeatureSet { name: "timeout", features: &[Timeout] },
    FeatureSet { name: "gather", features: &[Gather] },
    FeatureSet { name: "wait", features: &[Wait, Exceptions] },
    FeatureSet { name: "as_completed", features: &[AsCompleted, Exceptions] },
    FeatureSet { name: "task_group", features: &[TaskGroup, Exceptions] },
    FeatureSet { name: "shield", features: &[Shield, Cancel] },
    FeatureSet {
        name: "all",
        features: &[
            Cancel,
            Events,
            Locks,
            Queues,
            BoundedQueues,
            Semaphores,
            WaitFor,
            Timeout,
            Gather,
            Wait,
            AsCompleted,
            TaskGroup,
            Shield,
            Exceptions,
        ],
    },
];

/// SplitMix64: small, seedable, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` is small, so the modulo bias is negligible).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// What a task body may do.
#[derive(Clone, Copy)]
struct Role {
    /// It may be cancelled: it awaits no other task (a shield aside).
    cancellable: bool,
    /// It may end with `raise`.
    may_raise: bool,
}

/// The kinds of statement a body chooses from, with weights.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Print,
    Sleep,
    Spawn,
    Await,
    Cancel,
    WaitFor,
    Timeout,
    Gather,
    Event,
    Lock,
    Sem,
    Queue,
    Wait,
    AsCompleted,
    TaskGroup,
    Shield,
}

struct Generator<'a> {
    rng: Rng,
    features: &'a [Feature],
    max_tasks: usize,
    program: Program,
    next_id: u32,
    /// Per task: the tasks it spawned and has not awaited yet, and whether each may be
    /// cancelled.
    unawaited: Vec<Vec<(usize, bool)>>,
    /// Spawned tasks that may be cancelled, by anyone.
    cancel_targets: Vec<usize>,
}

/// Program number `index` of feature set `set`, from the generator seed `seed`.
pub(crate) fn program(seed: u64, set: &FeatureSet, index: u64) -> Program {
    let mixed = seed ^ index.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ name_hash(set.name);
    let mut rng = Rng(mixed);
    let max_tasks = rng.range(2, 6);
    let has = |f| set.features.contains(&f);
    let mut program = Program::default();
    if has(Events) {
        program.events = rng.range(1, 2);
    }
    if has(Locks) {
        program.locks = rng.range(1, 2);
    }
    if has(Semaphores) {
        program.sems = (0..rng.range(1, 2)).map(|_| rng.range(1, 2)).collect();
    }
    if has(Queues) {
        program.queues.push(0);
    }
    if has(BoundedQueues) {
        program.queues.push(rng.range(1, 2));
    }
    let mut g = Generator {
        rng,
        features: set.features,
        max_tasks,
        program,
        next_id: 0,
        unawaited: vec![Vec::new()],
        cancel_targets: Vec::new(),
    };
    g.program.tasks.push(Vec::new());
    let body = g.body(0, Role { cancellable: false, may_raise: false }, 2, 7);
    g.program.tasks[0] = body;
    g.program
}

fn name_hash(name: &str) -> u64 {
    name.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

impl Generator<'_> {
    fn has(&self, f: Feature) -> bool {
        self.features.contains(&f)
    }

    fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn ms(&mut self) -> u64 {
        if self.rng.chance(25) { 0 } else { self.rng.range(1, 5) as u64 }
    }

    /// A deadline: mostly 1-6 ms, sometimes 0 (already due when armed).
    fn deadline(&mut self) -> u64 {
        if self.rng.chance(5) { 0 } else { self.rng.range(1, 6) as u64 }
    }

    fn room(&self, n: usize) -> bool {
        self.program.tasks.len() + n <= self.max_tasks
    }

    /// A new task with a body for `role`: its index.
    fn task(&mut self, role: Role) -> usize {
        let k = self.program.tasks.len();
        self.program.tasks.push(Vec::new());
        self.unawaited.push(Vec::new());
        let body = self.body(k, role, 1, 4);
        self.program.tasks[k] = body;
        k
    }

    fn children(&mut self, role: Role) -> Option<Vec<usize>> {
        let n = self.rng.range(1, 3);
        let n = (1..=n).rev().find(|&n| self.room(n))?;
        Some((0..n).map(|_| self.task(role)).collect())
    }

    fn raise_role(&self) -> bool {
        self.has(Exceptions)
    }

    fn kinds(&self, task: usize, role: Role, in_block: bool) -> Vec<(Kind, u32)> {
        let mut kinds = vec![(Kind::Print, 4), (Kind::Sleep, 4)];
        let unawaited = &self.unawaited[task];
        if in_block {
            if self.has(Cancel) && !self.cancel_targets.is_empty() {
                kinds.push((Kind::Cancel, 2));
            }
            if self.has(Events) {
                kinds.push((Kind::Event, 3));
            }
            if self.has(Queues) || self.has(BoundedQueues) {
                kinds.push((Kind::Queue, 3));
            }
            return kinds;
        }
        if self.room(1) {
            kinds.push((Kind::Spawn, 3));
        }
        if !role.cancellable && !unawaited.is_empty() {
            kinds.push((Kind::Await, 3));
        }
        let add = |kinds: &mut Vec<(Kind, u32)>, f: Feature, kind: Kind, weight: u32| {
            if self.features.contains(&f) {
                kinds.push((kind, weight));
            }
        };
        if !self.cancel_targets.is_empty() {
            add(&mut kinds, Cancel, Kind::Cancel, 3);
        }
        add(&mut kinds, Events, Kind::Event, 4);
        add(&mut kinds, Locks, Kind::Lock, 3);
        add(&mut kinds, Semaphores, Kind::Sem, 3);
        add(&mut kinds, Queues, Kind::Queue, 4);
        add(&mut kinds, BoundedQueues, Kind::Queue, 4);
        add(&mut kinds, Timeout, Kind::Timeout, 4);
        let target = unawaited.iter().any(|&(_, cancellable)| cancellable) || self.room(1);
        if target && !role.cancellable {
            add(&mut kinds, WaitFor, Kind::WaitFor, 4);
        }
        if !unawaited.is_empty() {
            add(&mut kinds, Shield, Kind::Shield, 4);
        }
        if !role.cancellable && self.room(1) {
            add(&mut kinds, Gather, Kind::Gather, 4);
            add(&mut kinds, Wait, Kind::Wait, 4);
            add(&mut kinds, AsCompleted, Kind::AsCompleted, 4);
            add(&mut kinds, TaskGroup, Kind::TaskGroup, 4);
        }
        kinds
    }

    fn body(&mut self, task: usize, role: Role, lo: usize, hi: usize) -> Vec<Stmt> {
        let mut body: Vec<Stmt> =
            (0..self.rng.range(lo, hi)).filter_map(|_| self.stmt(task, role, false)).collect();
        if role.may_raise && self.rng.chance(35) {
            body.push(Stmt::Raise);
        }
        body
    }

    fn block(&mut self, task: usize, role: Role) -> Vec<Stmt> {
        (0..self.rng.range(1, 3)).filter_map(|_| self.stmt(task, role, true)).collect()
    }

    fn stmt(&mut self, task: usize, role: Role, in_block: bool) -> Option<Stmt> {
        let kinds = self.kinds(task, role, in_block);
        let total: u32 = kinds.iter().map(|&(_, w)| w).sum();
        let mut roll = self.rng.below(total as usize) as u32;
        let kind = kinds
            .iter()
            .find(|&&(_, w)| {
                let hit = roll < w;
                roll = roll.saturating_sub(w);
                hit
            })
            .map(|&(k, _)| k)?;
        Some(match kind {
            Kind::Print => Stmt::Print(self.id()),
            Kind::Sleep => Stmt::Sleep(self.ms()),
            Kind::Spawn => {
                let cancellable = self.has(Cancel) && self.rng.chance(50);
                let may_raise = self.raise_role();
                let k = self.task(Role { cancellable, may_raise });
                self.unawaited[task].push((k, cancellable));
                if cancellable {
                    self.cancel_targets.push(k);
                }
                Stmt::Spawn(k)
            }
            Kind::Await => {
                let i = self.rng.below(self.unawaited[task].len());
                Stmt::Await(self.unawaited[task].remove(i).0)
            }
            Kind::Shield => {
                let i = self.rng.below(self.unawaited[task].len());
                Stmt::Shield(self.unawaited[task].remove(i).0)
            }
            Kind::Cancel => Stmt::Cancel(self.rng.pick(&self.cancel_targets)),
            Kind::WaitFor => {
                let existing: Vec<usize> = (0..self.unawaited[task].len())
                    .filter(|&i| self.unawaited[task][i].1)
                    .collect();
                let ms = self.deadline();
                if !existing.is_empty() && (!self.room(1) || self.rng.chance(50)) {
                    let i = self.rng.pick(&existing);
                    let k = self.unawaited[task].remove(i).0;
                    Stmt::WaitFor { task: k, ms, create: false }
                } else {
                    let may_raise = self.raise_role();
                    let k = self.task(Role { cancellable: true, may_raise });
                    Stmt::WaitFor { task: k, ms, create: true }
                }
            }
            Kind::Timeout => {
                let (id, ms) = (self.id(), self.deadline());
                Stmt::Timeout { id, ms, body: self.block(task, role) }
            }
            Kind::Gather => {
                let settled = self.rng.chance(50);
                let role = Role { cancellable: false, may_raise: settled && self.has(Exceptions) };
                Stmt::Gather { tasks: self.children(role)?, settled }
            }
            Kind::Wait => {
                let role = Role { cancellable: false, may_raise: self.raise_role() };
                let tasks = self.children(role)?;
                let when = self.rng.pick(&When::ALL);
                let ms = self.rng.chance(50).then(|| self.deadline());
                Stmt::Wait { tasks, when, ms }
            }
            Kind::AsCompleted => {
                let role = Role { cancellable: false, may_raise: self.raise_role() };
                Stmt::AsCompleted(self.children(role)?)
            }
            Kind::TaskGroup => {
                let role = Role { cancellable: true, may_raise: self.raise_role() };
                Stmt::TaskGroup(self.children(role)?)
            }
            Kind::Event => {
                let e = self.rng.below(self.program.events);
                match self.rng.below(5) {
                    0 | 1 => Stmt::EventSet(e),
                    2 => Stmt::EventClear(e),
                    _ => Stmt::EventWait(e),
                }
            }
            Kind::Lock => {
                let lock = self.rng.below(self.program.locks);
                Stmt::Lock { lock, body: self.block(task, role) }
            }
            Kind::Sem => {
                let sem = self.rng.below(self.program.sems.len());
                Stmt::Sem { sem, body: self.block(task, role) }
            }
            Kind::Queue => {
                let queue = self.rng.below(self.program.queues.len());
                if self.rng.chance(50) {
                    Stmt::Put { queue, item: self.id() }
                } else {
                    Stmt::Get(queue)
                }
            }
        })
    }
}
