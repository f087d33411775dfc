//! Randomness for code under test: the simulation's user stream.
//!
//! The stream is one of the simulation's seeded ChaCha streams (`runtime/rng.rs`), separate
//! from the scheduling streams: drawing one more number does not change which task runs next.

use std::cell::Cell;
use std::marker::PhantomData;

use rand_core::{Infallible, Rng, TryRng};

use crate::runtime::context;

/// A value that [`random`] can draw from the simulation's user stream.
///
/// Implemented for the integer types, `bool`, `f32` and `f64` (uniform in `[0, 1)`).
///
/// # Examples
///
/// ```
/// let (a, b): (u8, bool) = simloop::Sim::new(1).run(async {
///     (simloop::random::<u8>(), simloop::random::<bool>())
/// });
/// # let _ = (a, b);
/// ```
pub trait RandomValue: Sized {
    /// Draws a value from `rng`.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::RandomValue;
    ///
    /// let x = simloop::Sim::new(3).run(async { u32::draw(&mut simloop::rng()) });
    /// # let _ = x;
    /// ```
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self;
}

macro_rules! random_int {
    ($($t:ty),*) => {$(
        impl RandomValue for $t {
            fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
                // Truncation keeps the low bits of a uniform draw: still uniform.
                rng.next_u64() as $t
            }
        }
    )*};
}
random_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl RandomValue for u128 {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        (Self::from(rng.next_u64()) << 64) | Self::from(rng.next_u64())
    }
}

impl RandomValue for i128 {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        u128::draw(rng) as Self
    }
}

impl RandomValue for bool {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        rng.next_u64() >> 63 == 1
    }
}

impl RandomValue for f64 {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        (rng.next_u64() >> 11) as Self * (1.0 / (1u64 << 53) as Self)
    }
}

impl RandomValue for f32 {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        (rng.next_u64() >> 40) as Self * (1.0 / (1u32 << 24) as Self)
    }
}

/// Draws a random value from the simulation's user stream.
///
/// Code under test that needs randomness takes it from here (or from [`rng`]) so that a seed
/// replays it too. The user stream is separate from the scheduling streams: drawing one more
/// number does not change which task runs next.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use simloop::Sim;
///
/// let a = Sim::new(7).run(async { simloop::random::<u64>() });
/// let b = Sim::new(7).run(async { simloop::random::<u64>() });
/// assert_eq!(a, b); // same seed, same number
/// ```
#[track_caller]
pub fn random<T: RandomValue>() -> T {
    T::draw(&mut rng())
}

/// Returns a handle to the simulation's user random stream.
///
/// [`SimRng`] implements `rand_core`'s [`Rng`], so it works with any
/// `rand` distribution of the same `rand_core` version.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use simloop::rand_core::Rng;
///
/// let roll = simloop::Sim::new(1).run(async { simloop::rng().next_u32() % 6 + 1 });
/// assert!((1..=6).contains(&roll));
/// ```
#[track_caller]
pub fn rng() -> SimRng {
    context::with("simloop::rng", |_| ());
    SimRng { _not_send: PhantomData }
}

/// A handle to the user random stream of the running simulation; see [`rng`].
///
/// Each draw reads the stream of the simulation running on this thread, so the handle is
/// neither `Send` nor useful outside the simulation that made it.
///
/// # Examples
///
/// ```
/// use simloop::rand_core::Rng;
///
/// simloop::Sim::new(1).run(async {
///     let mut rng = simloop::rng();
///     let mut bytes = [0u8; 4];
///     rng.fill_bytes(&mut bytes);
/// });
/// ```
#[derive(Debug)]
pub struct SimRng {
    _not_send: PhantomData<Cell<*const ()>>,
}

impl TryRng for SimRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(context::with("simloop::rng", |core| core.user_rng().next_u32()))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(context::with("simloop::rng", |core| core.user_rng().next_u64()))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        context::with("simloop::rng", |core| core.user_rng().fill_bytes(dst));
        Ok(())
    }
}
