//! `join!`: waiting for several futures on the current task, in an order drawn from the seed.

/// Polls several futures concurrently on the current task and gives the tuple of their
/// outputs, in the written order.
///
/// ```text
/// join!(<future>, <future>, ...)            // -> (A, B, ...)
/// join!(biased; <future>, <future>, ...)    // polled in the written order
/// ```
///
/// Each argument is anything [`IntoFuture`](std::future::IntoFuture). Unlike
/// [`gather`](crate::gather), nothing is spawned: the futures run inside the task that awaits
/// the `join!`, so they need not be `'static`, and they may borrow local variables. The
/// closest asyncio counterpart is `gather` on coroutines; the syntax is tokio's.
///
/// # Determinism
///
/// Each poll of the `join!` polls its unfinished futures in an order drawn from the seed (one
/// decision among the permutations, from the `branches` stream, as [`select!`](crate::select)
/// does), so the interleaving of their side effects varies across seeds. Under
/// [`Strategy::Fifo`](crate::Strategy::Fifo), and with `biased;`, the order is the written one.
///
/// # Cancellation
///
/// Dropping the `join!` (its enclosing future) drops every future in it.
///
/// # Panics
///
/// Panics when polled outside a simulation (unless `biased;`). A panic in one of the futures
/// is a panic of the current task.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let (a, b, c) = simloop::join!(
///         async {
///             time::sleep(Duration::from_secs(2)).await;
///             "two"
///         },
///         async { 1 },
///         time::sleep(Duration::from_secs(1)),
///     );
///     assert_eq!((a, b, c), ("two", 1, ()));
///     assert_eq!(time::now().to_string(), "2.000s");
/// });
/// ```
#[macro_export]
macro_rules! join {
    (biased; $($futures:expr),+ $(,)?) => {
        $crate::__join!(@parse [true] [] [] $($futures,)+)
    };
    ($($futures:expr),+ $(,)?) => {
        $crate::__join!(@parse [false] [] [] $($futures,)+)
    };
}

/// The tt-muncher behind [`join!`](crate::join).
#[doc(hidden)]
#[macro_export]
macro_rules! __join {
    (@parse [$biased:tt] [$($s:tt)*] [$($b:tt)*] $f:expr, $($rest:tt)*) => {
        $crate::__join!(@parse [$biased] [$($s)* _] [$($b)* ([$($s)*] [$f])] $($rest)*)
    };
    (@parse [$biased:tt] [$($s:tt)*] [$( ([$($skip:tt)*] [$($fut:tt)*]) )+]) => {{
        let mut __outputs = ($( $crate::__select!(@none $($skip)*), )+);
        {
            let mut __futures = ($(
                $crate::__private::pin!($crate::__private::IntoFuture::into_future($($fut)*)),
            )+);
            let mut __order = [$( $crate::__select!(@count $($skip)*) ),+];
            $crate::__private::poll_fn(|__cx| {
                $crate::__private::branch_order(&mut __order, $biased, "simloop::join!");
                let mut __pending = false;
                for &__branch in __order.iter() {
                    $(
                        if __branch == $crate::__select!(@count $($skip)*) {
                            let ($($skip,)* __slot, ..) = &mut __outputs;
                            if __slot.is_none() {
                                let ($($skip,)* __future, ..) = &mut __futures;
                                match $crate::__private::Future::poll(__future.as_mut(), __cx) {
                                    $crate::__private::Poll::Ready(__output) => {
                                        *__slot = $crate::__private::Some(__output);
                                    }
                                    $crate::__private::Poll::Pending => __pending = true,
                                }
                            }
                        }
                    )+
                }
                if __pending {
                    $crate::__private::Poll::Pending
                } else {
                    $crate::__private::Poll::Ready(())
                }
            })
            .await;
        }
        ($({
            let ($($skip,)* __slot, ..) = &mut __outputs;
            __slot.take().expect("simloop::join!: every future completed")
        },)+)
    }};
}
