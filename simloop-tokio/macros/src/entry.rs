//! What `#[tokio::main]` and `#[tokio::test]` become in a simulation.
//!
//! ```text
//! #[tokio::main]                     fn main() -> R {
//! async fn main() -> R { body }  ==>     let body = async { body };
//!                                        return tokio::__private::block_on(config, body);
//!                                    }
//!
//! #[tokio::test]                     #[test]
//! async fn name() -> R { body }  ==> fn name() {
//!                                        async fn name() -> R { body }
//!                                        tokio::__private::explore(config, |e| e, || async {
//!                                            tokio::__private::TestResult::check(name().await)
//!                                        });
//!                                    }
//! ```

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::ItemFn;

use crate::args::{self, Args};

fn parse(args: TokenStream, item: TokenStream, test: bool) -> Result<(Args, ItemFn), TokenStream> {
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(err) => {
            let err = err.into_compile_error();
            return Err(quote!(#err #item));
        }
    };
    let mut error = None;
    if func.sig.asyncness.is_none() {
        error = Some(syn::Error::new_spanned(
            func.sig.fn_token,
            "the `async` keyword is missing from the function declaration",
        ));
    }
    match (args::parse(args, test), error) {
        (Ok(args), None) => Ok((args, func)),
        (result, error) => {
            let mut all = error;
            if let Err(err) = result {
                match &mut all {
                    Some(e) => e.combine(err),
                    None => all = Some(err),
                }
            }
            let err = all.map(syn::Error::into_compile_error);
            Err(quote!(#err #item))
        }
    }
}

fn config(args: &Args, krate: &TokenStream) -> TokenStream {
    let flavor = &args.flavor;
    let start_paused = args.start_paused;
    let name = match &args.name {
        Some(name) => quote!(::core::option::Option::Some(#name)),
        None => quote!(::core::option::Option::None),
    };
    let seed = match &args.seed {
        Some(seed) => quote!(::core::option::Option::Some(#seed)),
        None => quote!(::core::option::Option::None),
    };
    quote!(#krate::__private::EntryConfig::new(#flavor, #start_paused, #name, #seed))
}

pub(crate) fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    let (args, mut func) = match parse(args, item, false) {
        Ok(parsed) => parsed,
        Err(tokens) => return tokens,
    };
    let krate = args.krate.as_ref().map_or_else(|| quote!(tokio), ToTokens::to_token_stream);
    let config = config(&args, &krate);
    func.sig.asyncness = None;
    let ItemFn { attrs, vis, sig, block } = func;
    quote! {
        #(#attrs)*
        #vis #sig {
            let body = async #block;
            #[allow(clippy::needless_return, clippy::diverging_sub_expression)]
            {
                return #krate::__private::block_on(#config, body);
            }
        }
    }
}

pub(crate) fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    let (args, func) = match parse(args, item, true) {
        Ok(parsed) => parsed,
        Err(tokens) => return tokens,
    };
    let krate = args.krate.as_ref().map_or_else(|| quote!(tokio), ToTokens::to_token_stream);
    let config = config(&args, &krate);
    let should_panic = func.attrs.iter().any(|a| a.path().is_ident("should_panic"));
    let explorer = &args.explorer;
    let ItemFn { attrs, vis, sig, block } = func;
    let name = &sig.ident;
    quote! {
        #(#attrs)*
        #[::core::prelude::v1::test]
        #vis fn #name() {
            #sig #block
            #krate::__private::explore(
                #config,
                #should_panic,
                |explorer| explorer #explorer,
                || async { #krate::__private::TestResult::check(#name().await) },
            );
        }
    }
}
