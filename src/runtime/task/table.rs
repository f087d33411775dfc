//! The task table: every task of a simulation, indexed by id.

use std::panic::Location;

use super::raw::Task;
use crate::runtime::spare::{self, ChunkSpares, Chunks};
use crate::task::TaskId;

/// What a spawn says of a task.
#[derive(Debug, Clone)]
pub(crate) struct TaskMeta {
    pub(crate) name: Option<Box<str>>,
    pub(crate) site: &'static Location<'static>,
    pub(crate) parent: Option<TaskId>,
}

/// 32 chunks of 4,096 slots, then chunks of 524,288 (4 MiB of references, as many sites).
const CHUNKS: Chunks = Chunks { small: 4096, small_chunks: 32, big: 1 << 19 };

/// A whole chunk: the executor's references, and the spawn sites.
type Chunk = (Vec<Option<Task>>, Vec<&'static Location<'static>>);

thread_local! {
    /// Whole chunks of ended simulations' tables (all the small ones, and big ones up to
    /// 32 MiB: two million tasks), for the next ones on this thread.
    static SPARE: ChunkSpares<Chunk> = const { ChunkSpares::new(CHUNKS, 4) };
}

/// Tasks by id; ids are indexes and never reused, so iteration order is spawn order.
///
/// What the scheduler touches on every poll is the executor's reference to each task (8
/// bytes: the task's state lives in its own header); spawn sites and names, for reports and
/// traces, are on the side. Everything lives in chunks that never move (`CHUNKS`): the table grows without
/// ever moving what it has, so a million tasks cost no doubling copy.
#[derive(Default)]
pub(crate) struct TaskTable {
    /// The executor's reference to each task: `None` for `main` (polled by the run loop
    /// itself), while the task is out for a poll or a cancellation, and once it finished.
    tasks: Vec<Vec<Option<Task>>>,
    sites: Vec<Vec<&'static Location<'static>>>,
    len: usize,
    /// The named tasks' names, by id (ids grow, so pushing keeps the order).
    names: Vec<(TaskId, Box<str>)>,
}

impl Drop for TaskTable {
    fn drop(&mut self) {
        let chunks =
            std::mem::take(&mut self.tasks).into_iter().zip(std::mem::take(&mut self.sites));
        for (k, (mut tasks, mut sites)) in chunks.enumerate() {
            // What is left of the tasks is dropped here, before the chunk is kept.
            tasks.clear();
            sites.clear();
            // The first chunk grew from a few slots: kept only once whole.
            if tasks.capacity() >= CHUNKS.small && sites.capacity() >= CHUNKS.small {
                spare::give_chunk(&SPARE, k, (tasks, sites));
            }
        }
    }
}

impl TaskTable {
    /// How many tasks were pushed (`main` included).
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn next_id(&self) -> TaskId {
        TaskId::new(self.len as u64)
    }

    /// Adds a task, with the executor's reference to it (`None` for `main`).
    pub(crate) fn push(
        &mut self,
        task: Option<Task>,
        site: &'static Location<'static>,
        name: Option<Box<str>>,
    ) -> TaskId {
        let id = self.next_id();
        assert!(self.len < u32::MAX as usize, "simloop: a simulation spawns fewer than 2^32 tasks");
        if CHUNKS.place(self.len).1 == 0 {
            // The first chunk grows as tasks come (most simulations have a few); the next
            // ones are allocated whole.
            let k = self.tasks.len();
            let (tasks, sites) = match k {
                0 => (Vec::with_capacity(8), Vec::with_capacity(8)),
                _ => spare::take_chunk(&SPARE, k)
                    .unwrap_or_else(|| (CHUNKS.new_chunk(k), CHUNKS.new_chunk(k))),
            };
            self.tasks.push(tasks);
            self.sites.push(sites);
        }
        self.tasks.last_mut().expect("a chunk with room").push(task);
        self.sites.last_mut().expect("a chunk with room").push(site);
        self.len += 1;
        if let Some(name) = name {
            self.names.push((id, name));
        }
        id
    }

    /// The executor's reference to task `id`, while the table holds it.
    #[inline]
    pub(crate) fn task(&self, id: TaskId) -> Option<&Task> {
        let (chunk, at) = CHUNKS.place(id.index());
        self.tasks[chunk][at].as_ref()
    }

    /// Loads the table's slot of task `id` into the cache, ahead of its pick.
    #[inline]
    pub(crate) fn prefetch(&self, id: TaskId) {
        let (chunk, at) = CHUNKS.place(id.index());
        if let Some(slot) = self.tasks.get(chunk).and_then(|chunk| chunk.get(at)) {
            super::prefetch_slot(slot);
        }
    }

    /// Takes the executor's reference to task `id` out, for a poll or for good.
    #[inline]
    pub(crate) fn take(&mut self, id: TaskId) -> Option<Task> {
        let (chunk, at) = CHUNKS.place(id.index());
        self.tasks[chunk][at].take()
    }

    /// Puts the executor's reference to task `id` back, after a poll.
    #[inline]
    pub(crate) fn put(&mut self, id: TaskId, task: Task) {
        let (chunk, at) = CHUNKS.place(id.index());
        let slot = &mut self.tasks[chunk][at];
        debug_assert!(slot.is_none(), "a task is put back once");
        *slot = Some(task);
    }

    pub(crate) fn name(&self, id: TaskId) -> Option<Box<str>> {
        self.name_ref(id).map(Box::from)
    }

    pub(crate) fn site(&self, id: TaskId) -> &'static Location<'static> {
        let (chunk, at) = CHUNKS.place(id.index());
        self.sites[chunk][at]
    }

    pub(crate) fn name_ref(&self, id: TaskId) -> Option<&str> {
        crate::trace::name_in(&self.names, id)
    }

    /// The named tasks' names, by id.
    pub(crate) fn names(&self) -> Vec<(TaskId, Box<str>)> {
        self.names.clone()
    }

    /// Every task's id and spawn site, in spawn order.
    pub(crate) fn sites(&self) -> impl Iterator<Item = (TaskId, &'static Location<'static>)> {
        self.sites.iter().flatten().enumerate().map(|(i, s)| (TaskId::new(i as u64), *s))
    }

    /// The tasks the table holds (unfinished, not out for a poll), in spawn order.
    pub(crate) fn held(&self) -> impl Iterator<Item = (TaskId, &Task)> {
        let all = self.tasks.iter().flatten().enumerate();
        all.filter_map(|(i, t)| Some((TaskId::new(i as u64), t.as_ref()?)))
    }

    /// The held task with the lowest id at or after `from`.
    pub(crate) fn next_held(&self, from: usize) -> Option<TaskId> {
        (from..self.len).map(|i| TaskId::new(i as u64)).find(|&id| self.task(id).is_some())
    }
}
