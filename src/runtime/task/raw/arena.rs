//! Task memory: the cells of a simulation's tasks, cut from blocks of 2 MiB.
//!
//! A million pending tasks are a quarter of a gigabyte, visited in a random order. With the
//! system allocator, each visit to a cell also misses the TLB (4 KiB pages), and a run that
//! follows a large one faults its memory back in page by page (the allocator gave it back to
//! the system). The arena takes blocks of 2 MiB, aligned to 2 MiB and advised as huge pages on
//! Linux, cuts each into cells of one size class (a multiple of 16 bytes, as the system
//! allocator's), and keeps each class's freed cells on a free list.
//!
//! A simulation's arena lives in its `SimShared`, which every cell's header holds: no cell
//! outlives its arena. Cells are taken on the simulation's thread only (a spawn runs there);
//! a cell freed there goes on its class's free list, one freed on another thread (the last
//! waker of a task, dropped there) on a lock-free stack that the simulation's thread empties
//! into the free lists. When the arena goes, its blocks go to a cache of the thread that drops
//! it (at most [`CACHED_BLOCKS`]), for the next simulation there: a run of many simulations
//! touches the same memory again instead of asking the system for it.

use std::alloc::{self, Layout};
use std::cell::{RefCell, UnsafeCell};
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::runtime::shared::thread_key;

/// The size and alignment of a block.
const BLOCK: usize = 2 << 20;
/// A cell's size is a multiple of this, and its address too.
const GRAIN: usize = 16;
/// Cells of up to `GRAIN * CLASSES` bytes are the arena's; larger ones the system allocator's.
const CLASSES: usize = 64;
/// Empty blocks a thread keeps for its next simulations: 128 MiB (a million tasks of a small
/// future take about 150 MB).
const CACHED_BLOCKS: usize = 64;

/// The class of a cell of `layout`, or `None` when the cell is the system allocator's (too
/// large, or aligned beyond `GRAIN`).
pub(super) const fn class_of(layout: Layout) -> Option<usize> {
    if layout.align() > GRAIN || layout.size() > GRAIN * CLASSES {
        None
    } else {
        // A cell holds at least its header: its size is never zero.
        Some(layout.size().div_ceil(GRAIN).saturating_sub(1))
    }
}

/// The size of the cells of `class`.
const fn cell_size(class: usize) -> usize {
    (class + 1) * GRAIN
}

/// A freed cell: the link of a free list, written over the cell's first bytes.
struct Free {
    next: *mut Self,
    class: usize,
}

/// The cells of one simulation's tasks.
pub(crate) struct Arena {
    /// The simulation's thread (`thread_key`): the only one that touches `local`.
    thread: usize,
    local: UnsafeCell<Local>,
    /// Cells freed on another thread, linked through their `Free`, newest first.
    remote: AtomicPtr<Free>,
}

// SAFETY: `local` is touched only on the thread whose key is `thread` (`alloc` and `free`
// check `on_its_thread` first), or through `&mut self` in `drop`; `remote` is atomic. The cells the pointers in `local` reach belong to the blocks `local` owns.
unsafe impl Send for Arena {}
// SAFETY: as for `Send`: every access through `&self` from another thread goes to `remote`.
unsafe impl Sync for Arena {}

/// The part of the arena only the simulation's thread touches.
struct Local {
    classes: [Class; CLASSES],
    /// Every block the arena took, each cut into cells of one class.
    blocks: Vec<Block>,
}

/// One size class: its free cells, and the part of its newest block not cut yet.
#[derive(Clone, Copy)]
struct Class {
    free: *mut Free,
    next: *mut u8,
    end: *mut u8,
}

impl Class {
    const EMPTY: Self = Self { free: ptr::null_mut(), next: ptr::null_mut(), end: ptr::null_mut() };
}

impl Default for Arena {
    fn default() -> Self {
        Self {
            thread: thread_key(),
            local: UnsafeCell::new(Local { classes: [Class::EMPTY; CLASSES], blocks: Vec::new() }),
            remote: AtomicPtr::new(ptr::null_mut()),
        }
    }
}

impl Arena {
    /// Whether the caller runs on the thread that made the arena.
    #[inline]
    fn on_its_thread(&self) -> bool {
        thread_key() == self.thread
    }

    /// A cell of `class`: `cell_size(class)` bytes, aligned to `GRAIN`, uninitialised.
    ///
    /// # Panics
    ///
    /// On another thread than the one that made the arena (a spawn runs on its simulation's
    /// thread: this never happens).
    #[inline]
    pub(super) fn alloc(&self, class: usize) -> NonNull<u8> {
        assert!(
            self.on_its_thread(),
            "simloop internal error: a task was allocated off its simulation's thread; please \
             report this"
        );
        // SAFETY: on the arena's thread (checked), `local` is this thread's alone, and nothing
        // else borrows it while this call runs (it runs no other code of the arena's).
        let local = unsafe { &mut *self.local.get() };
        if local.classes[class].free.is_null() && !self.remote.load(Ordering::Relaxed).is_null() {
            // SAFETY: on the arena's thread (checked above).
            unsafe { self.take_remote(local) };
        }
        let class_ref = &mut local.classes[class];
        if let Some(cell) = NonNull::new(class_ref.free) {
            // SAFETY: a cell on a free list holds the `Free` written when it was freed.
            class_ref.free = unsafe { cell.as_ref().next };
            return cell.cast();
        }
        if class_ref.next == class_ref.end {
            let block = Block::take();
            let size = cell_size(class);
            class_ref.next = block.0.as_ptr();
            // SAFETY: within the block (`BLOCK / size * size <= BLOCK`).
            class_ref.end = unsafe { block.0.as_ptr().add(BLOCK / size * size) };
            local.blocks.push(block);
        }
        let class_ref = &mut local.classes[class];
        let cell = class_ref.next;
        // SAFETY: `next < end`, and `end - next` is a multiple of the cell size: the cell fits
        // in the block, and the new `next` is at most `end`.
        class_ref.next = unsafe { cell.add(cell_size(class)) };
        // SAFETY: a pointer into a block, which is never null.
        unsafe { NonNull::new_unchecked(cell) }
    }

    /// Gives back a cell of `class` taken from this arena.
    ///
    /// # Safety
    ///
    /// `cell` came from `alloc(class)` of this arena, and nothing uses it any more.
    #[inline]
    pub(super) unsafe fn free(&self, cell: NonNull<u8>, class: usize) {
        let node = cell.cast::<Free>().as_ptr();
        if self.on_its_thread() {
            // SAFETY: on the arena's thread, `local` is this thread's alone (see `alloc`).
            let local = unsafe { &mut *self.local.get() };
            let class_ref = &mut local.classes[class];
            // SAFETY: the cell is unused, at least `GRAIN` bytes and aligned to it: a `Free`
            // fits.
            unsafe { node.write(Free { next: class_ref.free, class }) };
            class_ref.free = node;
            return;
        }
        let mut head = self.remote.load(Ordering::Relaxed);
        loop {
            // SAFETY: as above; the cell is not on the stack yet, so nobody else reads it.
            unsafe { node.write(Free { next: head, class }) };
            // Release: the link written above is seen by the thread that takes the stack.
            match self.remote.compare_exchange_weak(
                head,
                node,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(now) => head = now,
            }
        }
    }

    /// Moves the cells freed on other threads to the free lists.
    ///
    /// # Safety
    ///
    /// The caller runs on the arena's thread, and `local` is the arena's `local`.
    unsafe fn take_remote(&self, local: &mut Local) {
        // Acquire: the links the freeing threads wrote happen before.
        let mut node = self.remote.swap(ptr::null_mut(), Ordering::Acquire);
        while !node.is_null() {
            // SAFETY: a node of the stack holds the `Free` written before it was pushed; the
            // stack is this thread's now, nobody else reads or writes it.
            let Free { next, class } = unsafe { node.read() };
            let class_ref = &mut local.classes[class];
            // SAFETY: as above; the cell moves from the stack to its class's free list.
            unsafe { node.write(Free { next: class_ref.free, class }) };
            class_ref.free = node;
            node = next;
        }
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        // Every cell is gone (each held the arena's simulation): only the blocks are left.
        for block in std::mem::take(&mut self.local.get_mut().blocks) {
            block.give_back();
        }
    }
}

/// A block of `BLOCK` bytes aligned to `BLOCK`, freed when dropped.
struct Block(NonNull<u8>);

thread_local! {
    /// Empty blocks, for the next simulations of this thread; freed with the thread.
    static SPARE: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

impl Block {
    const LAYOUT: Layout = match Layout::from_size_align(BLOCK, BLOCK) {
        Ok(layout) => layout,
        Err(_) => panic!("a block's layout"),
    };

    /// A spare block of this thread, or a new one.
    fn take() -> Self {
        let spare = SPARE.try_with(|spare| spare.borrow_mut().pop()).ok().flatten();
        spare.unwrap_or_else(Self::new)
    }

    fn new() -> Self {
        // SAFETY: the layout's size is not zero.
        let at = unsafe { alloc::alloc(Self::LAYOUT) };
        let Some(at) = NonNull::new(at) else { alloc::handle_alloc_error(Self::LAYOUT) };
        advise_huge_pages(at);
        Self(at)
    }

    /// Keeps the block for this thread's next simulations, or frees it (the cache is full, or
    /// the thread is ending).
    fn give_back(self) {
        let _ = SPARE.try_with(move |spare| {
            let mut spare = spare.borrow_mut();
            if spare.len() < CACHED_BLOCKS {
                spare.push(self);
            }
        });
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: the block was allocated with this layout, and is dropped once.
        unsafe { alloc::dealloc(self.0.as_ptr(), Self::LAYOUT) };
    }
}

/// Asks the system to back the block with one huge page (a hint: nothing changes when it says
/// no, or on other systems).
fn advise_huge_pages(block: NonNull<u8>) {
    advise_range(block.as_ptr().addr(), BLOCK);
}

/// Asks the system to back the part of `buffer` that covers whole 2 MiB pages with huge pages:
/// for a large table the simulation visits in a random order, so that its visits do not miss
/// the TLB. Only where the memory is not touched yet does it take effect at once; it never
/// changes what the memory holds.
pub(crate) fn advise_huge_pages_for<T>(buffer: &[std::mem::MaybeUninit<T>]) {
    let start = buffer.as_ptr().addr();
    let end = start + std::mem::size_of_val(buffer);
    let (from, to) = (start.next_multiple_of(BLOCK), end / BLOCK * BLOCK);
    if to > from {
        advise_range(from, to - from);
    }
}

/// `madvise(MADV_HUGEPAGE)` on `[at, at + len)`, a range of whole 2 MiB pages of this process.
#[cfg(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]
fn advise_range(at: usize, len: usize) {
    // `MADV_HUGEPAGE` of these architectures (asm-generic's value).
    const MADV_HUGEPAGE: i32 = 14;
    unsafe extern "C" {
        fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
    }
    // SAFETY: the range is memory this process allocated (a block, or the whole pages inside
    // a buffer), aligned to a page; the advice changes how it is backed, never what it holds,
    // and no pointer is made from the address. The result is only a hint's: ignored.
    let _ = unsafe { madvise(std::ptr::without_provenance_mut(at), len, MADV_HUGEPAGE) };
}

#[cfg(not(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64"))))]
fn advise_range(_at: usize, _len: usize) {}
