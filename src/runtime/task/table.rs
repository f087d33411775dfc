//! The task table: every task of a simulation, indexed by id.

use std::panic::Location;

use super::raw::BoxedTask;
use super::state::TaskState;
use crate::task::TaskId;
use crate::time::Instant;

/// What is known of a task for its whole simulation, even after it finished.
#[derive(Debug, Clone)]
pub(crate) struct TaskMeta {
    pub(crate) name: Option<Box<str>>,
    pub(crate) site: &'static Location<'static>,
    pub(crate) daemon: bool,
    pub(crate) parent: Option<TaskId>,
}

/// One task of the table. Its metadata outlives it, for traces and reports.
pub(crate) struct TaskSlot {
    pub(crate) meta: TaskMeta,
    pub(crate) state: TaskState,
    pub(crate) abort: bool,
    /// The future; `None` for the main future (polled by the run loop itself), while the
    /// task is being polled, and once it finished.
    pub(crate) cell: Option<BoxedTask>,
    pub(crate) polls: u64,
    /// When the task last changed state: spawned, or its last poll ended.
    pub(crate) since: Instant,
}

impl TaskSlot {
    pub(crate) fn new(
        meta: TaskMeta,
        state: TaskState,
        cell: Option<BoxedTask>,
        since: Instant,
    ) -> Self {
        Self { meta, state, abort: false, cell, polls: 0, since }
    }

    /// Whether the task counts as leaked when the main future returns: unfinished, not a
    /// daemon, and not already asked to stop (an aborted task is being cancelled).
    pub(crate) fn is_leak(&self) -> bool {
        !self.state.is_finished() && !self.meta.daemon && !self.abort
    }
}

/// Slots per chunk of the table.
const CHUNK: usize = 4096;

/// Tasks by id; ids are indexes and never reused, so iteration order is spawn order.
///
/// Slots live in fixed-size chunks: the table grows without ever moving the slots it has, so
/// a million tasks cost no doubling copy (and no moment holding both copies).
#[derive(Default)]
pub(crate) struct TaskTable {
    chunks: Vec<Vec<TaskSlot>>,
    len: usize,
}

impl TaskTable {
    pub(crate) fn next_id(&self) -> TaskId {
        TaskId::new(self.len as u64)
    }

    pub(crate) fn push(&mut self, slot: TaskSlot) -> TaskId {
        let id = self.next_id();
        if self.len % CHUNK == 0 {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        self.chunks.last_mut().expect("a chunk with room").push(slot);
        self.len += 1;
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
        self.slot(id).meta.name.clone()
    }

    pub(crate) fn site(&self, id: TaskId) -> &'static Location<'static> {
        self.slot(id).meta.site
    }

    pub(crate) fn name_ref(&self, id: TaskId) -> Option<&str> {
        self.slot(id).meta.name.as_deref()
    }

    /// The named tasks' names, by id.
    pub(crate) fn names(&self) -> Vec<(TaskId, Box<str>)> {
        self.iter().filter_map(|(id, s)| Some((id, s.meta.name.clone()?))).collect()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (TaskId, &TaskSlot)> {
        self.chunks.iter().flatten().enumerate().map(|(i, s)| (TaskId::new(i as u64), s))
    }

    /// The unfinished task with the lowest id at or after `from`, with its future.
    pub(crate) fn next_unfinished(&mut self, from: usize) -> Option<(TaskId, usize)> {
        let i = (from..self.len).find(|&i| self.slot(TaskId::new(i as u64)).cell.is_some())?;
        Some((TaskId::new(i as u64), i))
    }
}
