//! Delta debugging over a program's statements: the smallest program that still differs.
//!
//! One reduction deletes a statement, replaces a block by its body, drops one task of a
//! `gather`, `wait`, `as_completed` or task group, or lowers a duration by one millisecond.
//! Reductions are tried biggest first; the first that keeps the difference is taken and the
//! search starts over, until none keeps it: then no single statement can be removed and no
//! duration lowered (the result is 1-minimal).

use super::program::{Program, Stmt};

/// Every program one reduction away from `program`, biggest reduction first.
fn reductions(program: &Program) -> Vec<Program> {
    let mut out = Vec::new();
    for k in 0..program.tasks.len() {
        reduce(&program.tasks[k], &mut |body| {
            let mut smaller = program.clone();
            smaller.tasks[k] = body;
            out.push(smaller);
        });
    }
    out.sort_by_key(|p| (p.size(), p.total_ms()));
    out
}

fn reduce(body: &[Stmt], emit: &mut dyn FnMut(Vec<Stmt>)) {
    for i in 0..body.len() {
        let mut without = body.to_vec();
        without.remove(i);
        emit(without);
        if let Some(inner) = body[i].body() {
            let mut unwrapped = body.to_vec();
            unwrapped.splice(i..=i, inner.iter().cloned());
            emit(unwrapped);
            reduce(inner, &mut |smaller| {
                let mut outer = body.to_vec();
                *outer[i].body_mut().expect("a block") = smaller;
                emit(outer);
            });
        }
        if let Some(lower) = lowered(&body[i]) {
            let mut shorter = body.to_vec();
            shorter[i] = lower;
            emit(shorter);
        }
        let children = match &body[i] {
            Stmt::Gather { tasks, .. }
            | Stmt::Wait { tasks, .. }
            | Stmt::AsCompleted(tasks)
            | Stmt::TaskGroup(tasks) => tasks.len(),
            _ => 0,
        };
        for j in 0..children {
            if children < 2 {
                break;
            }
            let mut fewer = body.to_vec();
            if let Stmt::Gather { tasks, .. }
            | Stmt::Wait { tasks, .. }
            | Stmt::AsCompleted(tasks)
            | Stmt::TaskGroup(tasks) = &mut fewer[i]
            {
                tasks.remove(j);
            }
            emit(fewer);
        }
    }
}

/// The statement with its duration one millisecond shorter, if it has one above zero.
fn lowered(stmt: &Stmt) -> Option<Stmt> {
    let mut lower = stmt.clone();
    let ms = match &mut lower {
        Stmt::Sleep(ms) | Stmt::WaitFor { ms, .. } | Stmt::Timeout { ms, .. } => ms,
        Stmt::Wait { ms: Some(ms), .. } => ms,
        _ => return None,
    };
    if *ms == 0 {
        return None;
    }
    *ms -= 1;
    Some(lower)
}

/// The smallest program derived from `program` for which `differs` still holds, with its
/// tasks renumbered in start order when that keeps the difference. `differs(program)` holds.
pub(crate) fn minimise(program: &Program, differs: &mut dyn FnMut(&Program) -> bool) -> Program {
    let mut current = program.clone();
    'search: loop {
        for smaller in reductions(&current) {
            if differs(&smaller) {
                current = smaller;
                continue 'search;
            }
        }
        break;
    }
    let compact = current.compacted();
    if compact != current && differs(&compact) { compact } else { current }
}
