//! `try_join!`: the futures polled in a loop of `simloop::select!`, whose branch order is
//! drawn from the seed; the first `Err` ends it.
//!
//! ```text
//! try_join!(a, b)  ==>  {
//!     let mut f0 = pin!(a); let mut o0 = None; ...
//!     loop {
//!         simloop::select! {
//!             r = &mut f0, if o0.is_none() => match r { Ok(v) => o0 = Some(v), Err(e) => break Err(e) },
//!             ...
//!             else => break Ok((o0.take().unwrap(), ...)),
//!         }
//!     }
//! }
//! ```

use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::parse::{ParseStream, Parser as _};
use syn::punctuated::Punctuated;
use syn::{Expr, Token};

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let mut tokens = input.into_iter();
    let Some(TokenTree::Group(krate)) = tokens.next() else {
        return quote!(::core::compile_error!("try_join!: malformed internal call"));
    };
    let krate = krate.stream();
    let rest: TokenStream = tokens.collect();
    let parser = |input: ParseStream<'_>| {
        let biased = if input.peek(syn::Ident) && input.fork().parse::<syn::Ident>()? == "biased" {
            input.parse::<syn::Ident>()?;
            input.parse::<Token![;]>()?;
            true
        } else {
            false
        };
        let futures = Punctuated::<Expr, Token![,]>::parse_terminated(input)?;
        Ok((biased, futures))
    };
    let (biased, futures) = match parser.parse2(rest) {
        Ok(parsed) => parsed,
        Err(err) => return err.into_compile_error(),
    };
    if futures.is_empty() {
        return quote!(::core::result::Result::Ok(()));
    }
    let f: Vec<_> = (0..futures.len()).map(|i| format_ident!("__try_join_f{i}")).collect();
    let o: Vec<_> = (0..futures.len()).map(|i| format_ident!("__try_join_o{i}")).collect();
    let futures = futures.iter();
    let biased = biased.then(|| quote!(biased;));
    quote! {{
        #(
            let mut #f = ::core::pin::pin!(::core::future::IntoFuture::into_future(#futures));
            let mut #o = ::core::option::Option::None;
        )*
        loop {
            #krate::__private::simloop::select! {
                #biased
                #(
                    __try_join_r = &mut #f, if #o.is_none() => match __try_join_r {
                        ::core::result::Result::Ok(v) => #o = ::core::option::Option::Some(v),
                        ::core::result::Result::Err(e) => break ::core::result::Result::Err(e),
                    },
                )*
                else => break ::core::result::Result::Ok((
                    #( #o.take().expect("try_join!: every output is in"), )*
                )),
            }
        }
    }}
}
