//! The task table: every task of a simulation, indexed by id.

use std::panic::Location;

use super::raw::Task;
use super::state::TaskState;
use crate::task::TaskId;
use crate::time::Instant;

/// What a spawn says of a task.
#[derive(Debug, Clone)]
pub(crate) struct TaskMeta {
    pub(crate) name: Option<Box<str>>,
    pub(crate) site: &'static Location<'static>,
    pub(crate) daemon: bool,
    pub(crate) parent: Option<TaskId>,
}

/// One task of the table. It outlives the task, for traces and reports.
pub(crate) struct TaskSlot {
    /// Where it was spawned (for `main`, where the simulation was started).
    pub(crate) site: &'static Location<'static>,
    /// The executor's reference to the task; `None` for the main future (polled by the run
    /// loop itself), while the task is being polled, and once it finished.
    pub(crate) task: Option<Task>,
    /// When the task last changed state: spawned, or its last poll ended.
    pub(crate) since: Instant,
    pub(crate) polls: u64,
    pub(crate) state: TaskState,
    pub(crate) abort: bool,
    pub(crate) daemon: bool,
}

impl TaskSlot {
    /// Whether the task counts as leaked when the main future returns: unfinished, not a
    /// daemon, and not already asked to stop (an aborted task is being cancelled).
    pub(crate) fn is_leak(&self) -> bool {
        !self.state.is_finished() && !self.daemon && !self.abort
    }
}

/// Slots per chunk of the table.
const CHUNK: usize = 4096;

/// Tasks by id; ids are indexes and never reused, so iteration order is spawn order.
///
/// Slots live in fixed-size chunks: the table grows without ever moving the slots it has, so
/// a million tasks cost no doubling copy (and no moment holding both copies). Names, which
/// few tasks have, live on the side, by id.
#[derive(Default)]
pub(crate) struct TaskTable {
    chunks: Vec<Vec<TaskSlot>>,
    len: usize,
    /// The named tasks' names, by id (ids grow, so pushing keeps the order).
    names: Vec<(TaskId, Box<str>)>,
}

impl TaskTable {
    pub(crate) fn next_id(&self) -> TaskId {
        TaskId::new(self.len as u64)
    }

    /// Adds a task, in `state`, with the executor's reference to it (`None` for `main`).
    pub(crate) fn push(
        &mut self,
        meta: TaskMeta,
        state: TaskState,
        task: Option<Task>,
        since: Instant,
    ) -> TaskId {
        let id = self.next_id();
        if self.len % CHUNK == 0 {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let TaskMeta { name, site, daemon, parent: _ } = meta;
        let slot = TaskSlot { site, task, since, polls: 0, state, abort: false, daemon };
        self.chunks.last_mut().expect("a chunk with room").push(slot);
        self.len += 1;
        if let Some(name) = name {
            self.names.push((id, name));
        }
        id
    }

    pub(crate) fn get(&mut self, id: TaskId) -> &mut TaskSlot {
        let i = id.index();
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }

    fn slot(&self, id: TaskId) -> &TaskSlot {
        let i = id.index();
        &self.chunks[i / CHUNK][i % CHUNK]
    }

    pub(crate) fn name(&self, id: TaskId) -> Option<Box<str>> {
        self.name_ref(id).map(Box::from)
    }

    pub(crate) fn site(&self, id: TaskId) -> &'static Location<'static> {
        self.slot(id).site
    }

    pub(crate) fn name_ref(&self, id: TaskId) -> Option<&str> {
        let i = self.names.binary_search_by_key(&id, |(id, _)| *id).ok()?;
        Some(&self.names[i].1)
    }

    /// The named tasks' names, by id.
    pub(crate) fn names(&self) -> Vec<(TaskId, Box<str>)> {
        self.names.clone()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (TaskId, &TaskSlot)> {
        self.chunks.iter().flatten().enumerate().map(|(i, s)| (TaskId::new(i as u64), s))
    }

    /// The unfinished task with the lowest id at or after `from`, with its future.
    pub(crate) fn next_unfinished(&mut self, from: usize) -> Option<(TaskId, usize)> {
        let i = (from..self.len).find(|&i| self.slot(TaskId::new(i as u64)).task.is_some())?;
        Some((TaskId::new(i as u64), i))
    }
}
