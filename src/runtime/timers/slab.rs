//! The timer entries: a slab in fixed-size chunks, with a free list through the links.

use std::panic::Location;
use std::task::Waker;

use crate::task::TaskId;
use crate::time::Instant;

/// No entry: the end of a free list, an empty slot.
pub(super) const NIL: u32 = u32::MAX;

/// One timer, pending or free.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) deadline: Instant,
    /// The creation sequence (from 1); `0` when the entry is free.
    pub(super) seq: u64,
    pub(super) waker: Option<Waker>,
    pub(super) task: TaskId,
    pub(super) site: &'static Location<'static>,
    /// The neighbours in the slot's list (`NIL` at its ends); `next` links the free list when
    /// the entry is free.
    pub(super) prev: u32,
    pub(super) next: u32,
}

/// Entries per chunk.
const CHUNK: usize = 1024;

/// The entries, by index. Chunks never move: growing copies nothing, and never holds two
/// copies at once.
#[derive(Debug)]
pub(super) struct Slab {
    chunks: Vec<Vec<Entry>>,
    len: usize,
    free: u32,
}

impl Default for Slab {
    fn default() -> Self {
        Self { chunks: Vec::new(), len: 0, free: NIL }
    }
}

impl Slab {
    /// Stores `entry` in a free place; returns its index.
    pub(super) fn insert(&mut self, entry: Entry) -> u32 {
        if self.free != NIL {
            let i = self.free;
            self.free = self[i].next;
            self[i] = entry;
            return i;
        }
        let i = u32::try_from(self.len).ok().filter(|&i| i != NIL).expect("fewer than 2^32 timers");
        if self.len % CHUNK == 0 {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        self.chunks.last_mut().expect("a chunk with room").push(entry);
        self.len += 1;
        i
    }

    /// Frees entry `i` (its waker already taken).
    pub(super) fn remove(&mut self, i: u32) {
        let free = self.free;
        let entry = &mut self[i];
        debug_assert!(entry.waker.is_none(), "the waker is handed back before the entry is freed");
        entry.seq = 0;
        entry.next = free;
        self.free = i;
    }

    /// The entry at `i`, if it is the timer created `seq`-th.
    pub(super) fn live(&mut self, i: u32, seq: u64) -> Option<&mut Entry> {
        let (chunk, at) = (i as usize / CHUNK, i as usize % CHUNK);
        self.chunks.get_mut(chunk)?.get_mut(at).filter(|e| e.seq == seq && seq != 0)
    }

    /// The pending timers, in index order.
    pub(super) fn pending(&self) -> impl Iterator<Item = &Entry> {
        self.chunks.iter().flatten().filter(|e| e.seq != 0)
    }
}

impl std::ops::Index<u32> for Slab {
    type Output = Entry;

    fn index(&self, i: u32) -> &Entry {
        &self.chunks[i as usize / CHUNK][i as usize % CHUNK]
    }
}

impl std::ops::IndexMut<u32> for Slab {
    fn index_mut(&mut self, i: u32) -> &mut Entry {
        &mut self.chunks[i as usize / CHUNK][i as usize % CHUNK]
    }
}
