//! How traces, reports and tapes name a task: the one rule for a task's label.

use std::panic::Location;

use crate::task::TaskId;

/// How a trace names a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaskLabel {
    pub(crate) name: Option<Box<str>>,
    /// Where it was spawned; printed with [`site`](super::site) (crate-relative).
    pub(crate) site: &'static Location<'static>,
    /// The host the task ran on (`0`: the main host).
    pub(crate) host: u32,
}

/// A task's label: `task 3 "worker"` when it has a name, `task 3` otherwise.
pub(crate) fn describe_task(task: TaskId, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{task} \"{name}\""),
        None => task.to_string(),
    }
}

/// The name of `task` in `tasks`, if it has one.
pub(crate) fn name_of(tasks: &[TaskLabel], task: TaskId) -> Option<&str> {
    tasks.get(task.index()).and_then(|t| t.name.as_deref())
}

/// The name of `task` in `names`: the named tasks of a run and their names, sorted by id.
pub(crate) fn name_in(names: &[(TaskId, Box<str>)], task: TaskId) -> Option<&str> {
    let i = names.binary_search_by_key(&task, |(id, _)| *id).ok()?;
    Some(&names[i].1)
}

/// The label of `task`, named as in `tasks`.
pub(crate) fn label_of(tasks: &[TaskLabel], task: TaskId) -> String {
    describe_task(task, name_of(tasks, task))
}
