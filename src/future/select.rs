//! `select!`: waiting for the first of several futures, in an order drawn from the seed.
//!
//! The macros are `macro_rules!` tt-munchers. `select!` normalizes its branches into
//! `([skip] [pattern] [future] [precondition] [handler])`, where `skip` holds one `_` per
//! branch before this one: destructuring a tuple with `(_, _, x, ..)` reaches branch 2's
//! future and output slot without numeric field names. The futures are polled inside a
//! `poll_fn` that returns only the index of the branch that won; the handler runs after it,
//! in the caller's body, so `break`, `continue`, `return`, `?` and `.await` in a handler mean
//! what they mean around the `select!`.

/// Waits on several futures at once, runs the handler of the first to complete, and drops
/// the others.
///
/// ```text
/// select! {
///     biased;                                  // optional: poll in the written order
///     <pattern> = <future> (, if <condition>)? => <handler>,
///     ...
///     else => <expression>                     // optional: when every branch is disabled
/// }
/// ```
///
/// The conditions are evaluated first; a branch whose condition is `false` is **disabled**:
/// its future is still created but never polled. Then the futures (anything
/// [`IntoFuture`](std::future::IntoFuture)) are polled together, on the current task. When one
/// completes, its output is matched against its pattern: if it matches, the other futures are
/// dropped and the handler runs with the pattern's bindings; if not, the branch is disabled
/// and the others go on. When every branch is disabled, the `else` expression is the result.
/// The handler's value is the value of the `select!`.
///
/// The pattern is first tested against a reference to the output, with its `mut`, `ref` and
/// `&` removed (which values match does not change), so that a branch whose pattern fails
/// loses nothing; one consequence, as with tokio: a string literal pattern (`"a" = fut`)
/// does not compile; bind the output and compare it in the handler.
///
/// Counterparts: asyncio's `wait(..., return_when=FIRST_COMPLETED)` followed by cancelling
/// the rest; the syntax is tokio's.
///
/// # Determinism
///
/// Each poll of the `select!` polls its enabled branches in an order drawn from the
/// simulation's seed: one decision among the permutations of the branches, from the
/// `branches` stream, so the scheduling of tasks does not shift when a `select!` is polled
/// once more. When several branches are ready at the same poll, each of them wins under some
/// seeds. Under [`Strategy::Fifo`](crate::Strategy::Fifo), and with `biased;`, the branches
/// are polled in the written order and the first ready branch wins.
///
/// **Do not use `futures::select!` or `tokio::select!` in a simulation**: they draw their
/// branch order from a thread-local generator that the seed does not control, so a seed
/// would no longer replay the run. (`tokio::select!` with `biased;` and
/// `futures::select_biased!` are deterministic, but never explore the other orders.)
/// simloop's `clippy.toml` bans both macros; copy its `disallowed-macros` entries into yours.
///
/// # Cancellation
///
/// The futures of the branches that did not win are dropped before the handler runs (their
/// `Drop` impls run at that instant), which cancels them: use it with cancel-safe futures,
/// or keep a future outside the `select!` and pass `&mut fut` to keep its progress.
///
/// # Panics
///
/// Panics when every branch is disabled and there is no `else`, and when polled outside a
/// simulation (unless `biased;`).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let winner = simloop::select! {
///         _ = time::sleep(Duration::from_secs(2)) => "slow",
///         _ = time::sleep(Duration::from_secs(1)) => "fast",
///     };
///     assert_eq!(winner, "fast");
///     assert_eq!(time::now().to_string(), "1.000s");
/// });
/// ```
///
/// Patterns, conditions, and an `else` that leaves the enclosing loop once both channels
/// are closed (a `None` does not match `Some(..)`, which disables the branch):
///
/// ```
/// use futures::channel::mpsc;
/// use futures::StreamExt;
/// use std::time::Duration;
/// use simloop::time;
///
/// simloop::Sim::new(1).run(async {
///     let (tx_a, mut a) = mpsc::unbounded::<u32>();
///     let (tx_b, mut b) = mpsc::unbounded::<u32>();
///     let producer = simloop::spawn(async move {
///         for n in 1..=3 {
///             time::sleep(Duration::from_millis(100)).await;
///             tx_a.unbounded_send(n).unwrap();
///             tx_b.unbounded_send(n * 100).unwrap();
///         }
///     });
///     let (mut sum, mut from_b) = (0, 0);
///     loop {
///         simloop::select! {
///             Some(mut n) = a.next() => { n *= 10; sum += n }
///             Some(n) = b.next(), if from_b < 2 => { sum += n; from_b += 1 }
///             else => break,
///         }
///     }
///     assert_eq!(sum, 10 + 20 + 30 + 100 + 200); // b's third value was never taken
///     assert_eq!(time::now().to_string(), "0.300s");
///     producer.await.unwrap();
/// });
/// ```
///
/// `biased;` polls in the written order:
///
/// ```
/// simloop::Sim::new(1).run(async {
///     for _ in 0..10 {
///         let first = simloop::select! {
///             biased;
///             a = async { "a" } => a,
///             b = async { "b" } => b,
///         };
///         assert_eq!(first, "a");
///     }
/// });
/// ```
#[macro_export]
macro_rules! select {
    (biased; $($branches:tt)*) => {
        $crate::__select!(@parse [true] [] [] $($branches)*)
    };
    ($($branches:tt)*) => {
        $crate::__select!(@parse [false] [] [] $($branches)*)
    };
}

/// The tt-muncher behind [`select!`](crate::select).
#[doc(hidden)]
#[macro_export]
macro_rules! __select {
    // ===== Branches parsed: expand. =====
    (@expand [$biased:tt] [$(
        ([$($skip:tt)*] [$($pat:tt)*] [$($fut:tt)*] [$($cond:tt)*] [$($handler:tt)*])
    )+] [$($else:tt)*]) => {{
        let mut __disabled = [$( !($($cond)*) ),+];
        let mut __outputs = ($( $crate::__select!(@none $($skip)*), )+);
        let __won: usize = {
            // In a block of their own: the losing futures are dropped before the handler runs.
            let mut __futures = ($(
                $crate::__private::pin!($crate::__private::IntoFuture::into_future($($fut)*)),
            )+);
            let mut __order = [$( $crate::__select!(@count $($skip)*) ),+];
            $crate::__private::poll_fn(|__cx| {
                $crate::__private::branch_order(&mut __order, $biased, "simloop::select!");
                let mut __pending = false;
                for &__branch in __order.iter() {
                    if __disabled[__branch] {
                        continue;
                    }
                    $(
                        if __branch == $crate::__select!(@count $($skip)*) {
                            let ($($skip,)* __future, ..) = &mut __futures;
                            let __output =
                                match $crate::__private::Future::poll(__future.as_mut(), __cx) {
                                    $crate::__private::Poll::Ready(__output) => __output,
                                    $crate::__private::Poll::Pending => {
                                        __pending = true;
                                        continue;
                                    }
                                };
                            __disabled[__branch] = true;
                            #[allow(unused_variables, unreachable_patterns)]
                            match &__output {
                                $crate::__select_clean!(@go [] [] $($pat)*) => {}
                                _ => continue,
                            }
                            let ($($skip,)* __slot, ..) = &mut __outputs;
                            *__slot = $crate::__private::Some(__output);
                            return $crate::__private::Poll::Ready(__branch);
                        }
                    )+
                }
                if __pending {
                    $crate::__private::Poll::Pending
                } else {
                    $crate::__private::Poll::Ready(usize::MAX)
                }
            })
            .await
        };
        $(
            if __won == $crate::__select!(@count $($skip)*) {
                let ($($skip,)* __slot, ..) = &mut __outputs;
                match __slot.take() {
                    $crate::__private::Some($($pat)*) => $($handler)*,
                    _ => ::core::unreachable!("simloop::select!: the winning output matches"),
                }
            } else
        )+
        { $($else)* }
    }};

    // ===== Helpers. =====
    (@none $($skip:tt)*) => { $crate::__private::None };
    (@count) => { 0usize };
    (@count _ $($skip:tt)*) => { 1usize + $crate::__select!(@count $($skip)*) };

    // ===== Parsing, one branch at a time. =====
    (@parse [$biased:tt] [] []) => {
        ::core::compile_error!("simloop::select! needs at least one `pattern = future => handler` branch")
    };
    (@parse [$biased:tt] [] [] else => $else:expr $(,)?) => {{ $else }};
    (@parse [$biased:tt] [$($skip:tt)*] [$($branches:tt)*]) => {
        $crate::__select!(@expand [$biased] [$($branches)*] [
            ::core::panic!("simloop::select!: every branch is disabled and there is no `else` branch")
        ])
    };
    (@parse [$biased:tt] [$($skip:tt)*] [$($branches:tt)*] else => $else:expr $(,)?) => {
        $crate::__select!(@expand [$biased] [$($branches)*] [$else])
    };
    (@parse [$biased:tt] [$($skip:tt)*] [$($branches:tt)*] $($rest:tt)+) => {
        $crate::__select!(@pattern [$biased] [$($skip)*] [$($branches)*] [] $($rest)+)
    };

    // The pattern: every token up to the first `=`.
    (@pattern [$biased:tt] [$($skip:tt)*] [$($branches:tt)*] [$($pat:tt)+] = $($rest:tt)*) => {
        $crate::__select!(@branch [$biased] [$($skip)*] [$($branches)*] [$($pat)+] $($rest)*)
    };
    (@pattern [$biased:tt] [$($skip:tt)*] [$($branches:tt)*] [$($pat:tt)*] $t:tt $($rest:tt)*) => {
        $crate::__select!(@pattern [$biased] [$($skip)*] [$($branches)*] [$($pat)* $t] $($rest)*)
    };
    (@pattern [$biased:tt] [$($skip:tt)*] [$($branches:tt)*] [$($pat:tt)*]) => {
        ::core::compile_error!("simloop::select!: expected `pattern = future => handler`")
    };

    // The future, the optional condition and the handler.
    (@branch [$biased:tt] [$($s:tt)*] [$($b:tt)*] [$($p:tt)+]
        $f:expr, if $c:expr => $h:block $(, $($rest:tt)*)?) => {
        $crate::__select!(@parse [$biased] [$($s)* _] [$($b)* ([$($s)*] [$($p)+] [$f] [$c] [$h])] $($($rest)*)?)
    };
    (@branch [$biased:tt] [$($s:tt)*] [$($b:tt)*] [$($p:tt)+]
        $f:expr => $h:block $(, $($rest:tt)*)?) => {
        $crate::__select!(@parse [$biased] [$($s)* _] [$($b)* ([$($s)*] [$($p)+] [$f] [true] [$h])] $($($rest)*)?)
    };
    (@branch [$biased:tt] [$($s:tt)*] [$($b:tt)*] [$($p:tt)+]
        $f:expr, if $c:expr => $h:block $($rest:tt)*) => {
        $crate::__select!(@parse [$biased] [$($s)* _] [$($b)* ([$($s)*] [$($p)+] [$f] [$c] [$h])] $($rest)*)
    };
    (@branch [$biased:tt] [$($s:tt)*] [$($b:tt)*] [$($p:tt)+]
        $f:expr => $h:block $($rest:tt)*) => {
        $crate::__select!(@parse [$biased] [$($s)* _] [$($b)* ([$($s)*] [$($p)+] [$f] [true] [$h])] $($rest)*)
    };
    (@branch [$biased:tt] [$($s:tt)*] [$($b:tt)*] [$($p:tt)+]
        $f:expr, if $c:expr => $h:expr $(, $($rest:tt)*)?) => {
        $crate::__select!(@parse [$biased] [$($s)* _] [$($b)* ([$($s)*] [$($p)+] [$f] [$c] [$h])] $($($rest)*)?)
    };
    (@branch [$biased:tt] [$($s:tt)*] [$($b:tt)*] [$($p:tt)+]
        $f:expr => $h:expr $(, $($rest:tt)*)?) => {
        $crate::__select!(@parse [$biased] [$($s)* _] [$($b)* ([$($s)*] [$($p)+] [$f] [true] [$h])] $($($rest)*)?)
    };
}

/// Strips binding modes (`mut`, `ref`) and reference patterns (`&`) from a pattern, so that it
/// can be tested against a reference to the output without moving it: which values match does
/// not change. A tt-muncher with an explicit stack for the groups it descends into.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_clean {
    (@go [] [$($out:tt)*]) => { $($out)* };
    (@go [(paren [$($so:tt)*] [$($sr:tt)*]) $($stack:tt)*] [$($out:tt)*]) => {
        $crate::__select_clean!(@go [$($stack)*] [$($so)* ($($out)*)] $($sr)*)
    };
    (@go [(bracket [$($so:tt)*] [$($sr:tt)*]) $($stack:tt)*] [$($out:tt)*]) => {
        $crate::__select_clean!(@go [$($stack)*] [$($so)* [$($out)*]] $($sr)*)
    };
    (@go [(brace [$($so:tt)*] [$($sr:tt)*]) $($stack:tt)*] [$($out:tt)*]) => {
        $crate::__select_clean!(@go [$($stack)*] [$($so)* {$($out)*}] $($sr)*)
    };
    (@go $stack:tt [$($out:tt)*] mut $($rest:tt)*) => {
        $crate::__select_clean!(@go $stack [$($out)*] $($rest)*)
    };
    (@go $stack:tt [$($out:tt)*] ref $($rest:tt)*) => {
        $crate::__select_clean!(@go $stack [$($out)*] $($rest)*)
    };
    (@go $stack:tt [$($out:tt)*] & $($rest:tt)*) => {
        $crate::__select_clean!(@go $stack [$($out)*] $($rest)*)
    };
    (@go $stack:tt [$($out:tt)*] && $($rest:tt)*) => {
        $crate::__select_clean!(@go $stack [$($out)*] $($rest)*)
    };
    (@go [$($stack:tt)*] [$($out:tt)*] ($($inner:tt)*) $($rest:tt)*) => {
        $crate::__select_clean!(@go [(paren [$($out)*] [$($rest)*]) $($stack)*] [] $($inner)*)
    };
    (@go [$($stack:tt)*] [$($out:tt)*] [$($inner:tt)*] $($rest:tt)*) => {
        $crate::__select_clean!(@go [(bracket [$($out)*] [$($rest)*]) $($stack)*] [] $($inner)*)
    };
    (@go [$($stack:tt)*] [$($out:tt)*] {$($inner:tt)*} $($rest:tt)*) => {
        $crate::__select_clean!(@go [(brace [$($out)*] [$($rest)*]) $($stack)*] [] $($inner)*)
    };
    (@go $stack:tt [$($out:tt)*] $t:tt $($rest:tt)*) => {
        $crate::__select_clean!(@go $stack [$($out)* $t] $($rest)*)
    };
}
