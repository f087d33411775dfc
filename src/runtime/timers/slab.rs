//! The timer entries: a slab in fixed-size chunks, with a stack of free places.

use std::panic::Location;
use std::task::Waker;

use crate::runtime::spare::{self, ChunkSpares, Chunks};
use crate::task::TaskId;
use crate::time::Instant;

/// One timer: pending (a waker), cancelled (no waker, still listed in its slot until the
/// slot is emptied), or free (`seq == 0`).
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) deadline: Instant,
    /// The creation sequence (from 1); `0` when the entry is free.
    pub(super) seq: u64,
    /// `None` once cancelled.
    pub(super) waker: Option<Waker>,
    pub(super) task: TaskId,
    pub(super) site: &'static Location<'static>,
}

/// 64 chunks of 1,024 entries (48 KiB), then chunks of 131,072 (6 MiB).
const CHUNKS: Chunks = Chunks { small: 1024, small_chunks: 64, big: 1 << 17 };

thread_local! {
    /// Chunks of ended simulations' slabs (all the small ones, and big ones up to 48 MiB:
    /// a million timers), for the next ones on this thread.
    static SPARE: ChunkSpares<Vec<Entry>> = const { ChunkSpares::new(CHUNKS, 8) };
}

/// The entries, by index. Chunks never move: growing copies nothing, and never holds two
/// copies at once.
#[derive(Debug, Default)]
pub(super) struct Slab {
    chunks: Vec<Vec<Entry>>,
    len: usize,
    /// Free places, the last freed on top.
    free: Vec<u32>,
}

impl Slab {
    /// Stores `entry` in a free place; returns its index.
    pub(super) fn insert(&mut self, entry: Entry) -> u32 {
        if let Some(i) = self.free.pop() {
            self[i] = entry;
            return i;
        }
        let i = u32::try_from(self.len)
            .ok()
            .filter(|&i| i != u32::MAX)
            .expect("fewer than 2^32 timers");
        if CHUNKS.place(self.len).1 == 0 {
            let k = self.chunks.len();
            self.chunks.push(spare::take_chunk(&SPARE, k).unwrap_or_else(|| CHUNKS.new_chunk(k)));
        }
        self.chunks.last_mut().expect("a chunk with room").push(entry);
        self.len += 1;
        i
    }

    /// Frees entry `i` (its waker already taken).
    pub(super) fn remove(&mut self, i: u32) {
        let entry = &mut self[i];
        debug_assert!(entry.waker.is_none(), "the waker is handed back before the entry is freed");
        entry.seq = 0;
        self.free.push(i);
    }

    /// The entry at `i`, if it is the timer created `seq`-th and still pending.
    pub(super) fn live(&mut self, i: u32, seq: u64) -> Option<&mut Entry> {
        let (chunk, at) = CHUNKS.place(i as usize);
        self.chunks
            .get_mut(chunk)?
            .get_mut(at)
            .filter(|e| e.seq == seq && seq != 0 && e.waker.is_some())
    }

    /// The pending timers, in index order.
    pub(super) fn pending(&self) -> impl Iterator<Item = &Entry> {
        self.chunks.iter().flatten().filter(|e| e.seq != 0 && e.waker.is_some())
    }
}

impl Drop for Slab {
    fn drop(&mut self) {
        for (k, mut chunk) in std::mem::take(&mut self.chunks).into_iter().enumerate() {
            // The entries' wakers are dropped here, before the chunk is kept.
            chunk.clear();
            spare::give_chunk(&SPARE, k, chunk);
        }
    }
}

impl std::ops::Index<u32> for Slab {
    type Output = Entry;

    #[inline]
    fn index(&self, i: u32) -> &Entry {
        let (chunk, at) = CHUNKS.place(i as usize);
        &self.chunks[chunk][at]
    }
}

impl std::ops::IndexMut<u32> for Slab {
    #[inline]
    fn index_mut(&mut self, i: u32) -> &mut Entry {
        let (chunk, at) = CHUNKS.place(i as usize);
        &mut self.chunks[chunk][at]
    }
}
