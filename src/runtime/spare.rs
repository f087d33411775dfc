//! Buffers a simulation leaves to the next one on its thread.
//!
//! A large simulation's tables take tens of megabytes. When it ends, the system allocator gives
//! much of that memory back to the system, and the next simulation on the thread faults it in
//! again, a page at a time (each fault zeroes its page: a tenth of the time of a run of a
//! million tasks). The chunks of the task table and of the timer slab, and the ready queue's
//! buffer, go to a spare list of the thread instead, up to a bound, and the next simulation
//! takes them from there. What a run does never depends on it: only where its memory is.

use std::cell::RefCell;
use std::thread::LocalKey;

/// Empty buffers of one kind, for the next simulations of this thread.
pub(crate) struct Spares<T> {
    list: RefCell<Vec<T>>,
    bound: usize,
}

impl<T> Spares<T> {
    /// Keeps at most `bound` buffers.
    pub(crate) const fn new(bound: usize) -> Self {
        Self { list: RefCell::new(Vec::new()), bound }
    }
}

impl<T> Spares<T> {
    fn take(&self) -> Option<T> {
        self.list.borrow_mut().pop()
    }

    fn give(&self, buffer: T) {
        let mut list = self.list.borrow_mut();
        if list.len() < self.bound {
            list.push(buffer);
        }
    }
}

/// A spare buffer of this thread's `spares`, if it has one.
#[inline]
pub(crate) fn take<T>(spares: &'static LocalKey<Spares<T>>) -> Option<T> {
    spares.try_with(Spares::take).ok().flatten()
}

/// Keeps `buffer`, which the caller emptied, in this thread's `spares`; drops it when they
/// hold their bound already, or the thread is ending.
#[inline]
pub(crate) fn give<T>(spares: &'static LocalKey<Spares<T>>, buffer: T) {
    let _ = spares.try_with(move |spares| spares.give(buffer));
}

/// The spare chunks of a table kept in [`Chunks`]: its small ones and its big ones apart.
pub(crate) struct ChunkSpares<T> {
    chunks: Chunks,
    small: Spares<T>,
    big: Spares<T>,
}

impl<T> ChunkSpares<T> {
    /// Keeps every small chunk of `chunks`, and at most `big` big ones.
    pub(crate) const fn new(chunks: Chunks, big: usize) -> Self {
        Self { chunks, small: Spares::new(chunks.small_chunks), big: Spares::new(big) }
    }

    fn of(&self, chunk: usize) -> &Spares<T> {
        if self.chunks.is_big(chunk) { &self.big } else { &self.small }
    }
}

/// A spare of this thread's `spares` for chunk `chunk` of a table, if it has one.
#[inline]
pub(crate) fn take_chunk<T>(spares: &'static LocalKey<ChunkSpares<T>>, chunk: usize) -> Option<T> {
    spares.try_with(|spares| spares.of(chunk).take()).ok().flatten()
}

/// Keeps chunk `chunk` of a table, which the caller emptied, in this thread's `spares` (as
/// [`give`] does).
#[inline]
pub(crate) fn give_chunk<T>(spares: &'static LocalKey<ChunkSpares<T>>, chunk: usize, buffer: T) {
    let _ = spares.try_with(move |spares| spares.of(chunk).give(buffer));
}

/// How a table kept in chunks that never move places its entries: `small_chunks` chunks of
/// `small` entries first (most simulations never need more), then chunks of `big` entries,
/// whose memory is asked to be huge pages: a large table is visited in a random order, and
/// with 4 KiB pages each visit would also miss the TLB.
#[derive(Clone, Copy)]
pub(crate) struct Chunks {
    pub(crate) small: usize,
    pub(crate) small_chunks: usize,
    pub(crate) big: usize,
}

impl Chunks {
    /// The chunk of entry `i`, and its place there.
    #[inline]
    pub(crate) const fn place(self, i: usize) -> (usize, usize) {
        let first = self.small * self.small_chunks;
        if i < first {
            (i / self.small, i % self.small)
        } else {
            (self.small_chunks + (i - first) / self.big, (i - first) % self.big)
        }
    }

    /// Whether chunk `chunk` is a big one.
    #[inline]
    pub(crate) const fn is_big(self, chunk: usize) -> bool {
        chunk >= self.small_chunks
    }

    /// An empty chunk for chunk `chunk`: its whole room, a big chunk's advised as huge pages.
    pub(crate) fn new_chunk<T>(self, chunk: usize) -> Vec<T> {
        if !self.is_big(chunk) {
            return Vec::with_capacity(self.small);
        }
        let mut buffer = Vec::with_capacity(self.big);
        crate::runtime::task::advise_huge_pages_for(buffer.spare_capacity_mut());
        buffer
    }
}
