//! The task table: every task of a simulation, indexed by id.

use crate::task::raw::BoxedTask;
use crate::task::state::TaskState;
use crate::task::{TaskId, TaskMeta};
use crate::time::Instant;

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

/// Tasks by id; ids are indexes and never reused, so iteration order is spawn order.
#[derive(Default)]
pub(crate) struct TaskTable {
    slots: Vec<TaskSlot>,
}

impl TaskTable {
    pub(crate) fn next_id(&self) -> TaskId {
        TaskId::new(self.slots.len() as u64)
    }

    pub(crate) fn push(&mut self, slot: TaskSlot) -> TaskId {
        let id = self.next_id();
        self.slots.push(slot);
        id
    }

    pub(crate) fn get(&mut self, id: TaskId) -> &mut TaskSlot {
        &mut self.slots[id.index()]
    }

    pub(crate) fn name(&self, id: TaskId) -> Option<Box<str>> {
        self.slots[id.index()].meta.name.clone()
    }

    pub(crate) fn site(&self, id: TaskId) -> &'static std::panic::Location<'static> {
        self.slots[id.index()].meta.site
    }

    pub(crate) fn name_ref(&self, id: TaskId) -> Option<&str> {
        self.slots[id.index()].meta.name.as_deref()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (TaskId, &TaskSlot)> {
        self.slots.iter().enumerate().map(|(i, s)| (TaskId::new(i as u64), s))
    }

    /// The unfinished task with the lowest id at or after `from`, with its future.
    pub(crate) fn next_unfinished(&mut self, from: usize) -> Option<(TaskId, usize)> {
        let i = from + self.slots.get(from..)?.iter().position(|s| s.cell.is_some())?;
        Some((TaskId::new(i as u64), i))
    }
}
