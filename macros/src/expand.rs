//! The code `#[simloop::test]` generates, and its checks of the function.
//!
//! ```text
//! #[simloop::test(iterations = 500)]        #[::core::prelude::v1::test]
//! async fn name() { body }           ==>    fn name() {
//!                                               async fn name() { body }
//!                                               ::simloop::Explorer::new().iterations(500).run(name);
//!                                           }
//! ```
//!
//! On any error the original function is emitted unchanged (minus a `#[test]`), with the
//! errors, so the only messages are ours and the IDE still knows the function.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Attribute, ItemFn, LitInt, ReturnType, Type};

use crate::args::{self, Args, Errors};

pub(crate) fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(err) => {
            let err = syn::Error::new(
                err.span(),
                "`#[simloop::test]` goes on an `async fn` with no arguments",
            )
            .into_compile_error();
            return quote! { #err #item };
        }
    };
    let mut errors = Errors::default();
    let args = args::parse(args).map_err(|err| errors.push(err)).ok();
    check(&func, &mut errors);
    match (errors.finish(()), args) {
        (Ok(()), Some(args)) => generate(&func, args),
        (result, _) => {
            func.attrs.retain(|attr| !is_test(attr));
            let errors = result.err().map(syn::Error::into_compile_error);
            quote! {
                #errors
                #[allow(dead_code)]
                #func
            }
        }
    }
}

/// The function must be `async`, without arguments or generics, returning `()` or a
/// `Result<(), E>`, and not already a `#[test]`.
fn check(func: &ItemFn, errors: &mut Errors) {
    let sig = &func.sig;
    if sig.asyncness.is_none() {
        errors.error(
            sig.fn_token.span,
            "`#[simloop::test]` needs an `async fn`: write `async fn`; each run awaits it in a \
             fresh simulation",
        );
    }
    if !sig.inputs.is_empty() {
        errors.push(syn::Error::new_spanned(
            &sig.inputs,
            "a `#[simloop::test]` function takes no arguments: every run calls it anew",
        ));
    }
    if !sig.generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            &sig.generics,
            "a `#[simloop::test]` function cannot be generic",
        ));
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        if !matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) && !is_result(ty) {
            errors.push(syn::Error::new_spanned(
                ty,
                "a `#[simloop::test]` function returns `()` or `Result<(), E>`: fail it with a \
                 panic (`assert!`, `.unwrap()`) or an `Err`",
            ));
        }
    }
    for attr in func.attrs.iter().filter(|attr| is_test(attr)) {
        errors.push(syn::Error::new_spanned(
            attr,
            "`#[simloop::test]` already makes the function a test: remove this `#[test]`",
        ));
    }
}

/// Whether `ty` is written as a `Result<..>` (any path ending in `Result`).
fn is_result(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Result"))
}

/// `#[test]`, or any `#[...::test]` (another runtime's test attribute).
fn is_test(attr: &Attribute) -> bool {
    attr.path().segments.last().is_some_and(|s| s.ident == "test")
}

fn generate(func: &ItemFn, args: Args) -> TokenStream {
    let krate = args.krate.map_or_else(|| quote!(::simloop), |path| path.to_token_stream());
    let unsuffixed = |lit: LitInt| LitInt::new(lit.base10_digits(), lit.span());
    let mut settings = TokenStream::new();
    if let Some(n) = args.iterations.map(unsuffixed) {
        settings.extend(quote!(.iterations(#n)));
    }
    if let Some(seed) = args.seed.map(unsuffixed) {
        settings.extend(quote!(.base_seed(#seed)));
    }
    if let Some(strategy) = args.strategy {
        let variant = strategy.variant;
        settings.extend(match strategy.parameter {
            Some((field, value)) => {
                quote!(.strategy(#krate::Strategy::#variant { #field: #value }))
            }
            None => quote!(.strategy(#krate::Strategy::#variant)),
        });
    }
    if let Some(n) = args.max_steps.map(unsuffixed) {
        settings.extend(quote!(.max_steps(#n)));
    }
    if let Some(n) = args.threads.map(unsuffixed) {
        settings.extend(quote!(.threads(#n)));
    }
    let duration = |text| quote!(#krate::__private::duration(#text));
    if let Some(text) = args.max_time {
        let d = duration(text);
        settings.extend(quote!(.max_time(#d)));
    }
    if let Some(text) = args.slow_poll {
        let d = duration(text);
        settings.extend(quote!(.slow_poll(#d)));
    }
    match args.watchdog {
        Some(Some(text)) => {
            let d = duration(text);
            settings.extend(quote!(.watchdog(#d)));
        }
        Some(None) => settings.extend(quote!(.watchdog(::core::option::Option::None))),
        None => {}
    }
    if let Some(n) = args.blocking_workers.map(unsuffixed) {
        settings.extend(quote!(.blocking_workers(#n)));
    }
    if let Some(n) = args.max_tasks.map(unsuffixed) {
        settings.extend(quote!(.max_tasks(#n)));
    }
    if let Some(n) = args.determinism_checks.map(unsuffixed) {
        settings.extend(quote!(.determinism_checks(#n)));
    }
    for (detector, policy) in args.policies {
        settings.extend(quote!(.policy(#krate::Detector::#detector, #krate::Policy::#policy)));
    }
    // A `#[should_panic]` test passes by failing: its seed is no regression to keep.
    if func.attrs.iter().any(|attr| attr.path().is_ident("should_panic")) {
        settings.extend(quote!(.no_regressions()));
    }
    let ItemFn { attrs, vis, sig, block } = func;
    let name = &sig.ident;
    // A test returning `Result` fails its run with the `Err`'s value, as `#[test]` does.
    let run = match &sig.output {
        ReturnType::Type(_, ty) if is_result(ty) => quote! {
            .run(|| async {
                if let ::core::result::Result::Err(err) = #name().await {
                    ::core::panic!("the test returned `Err({:?})`", err);
                }
            })
        },
        _ => quote!(.run(#name)),
    };
    quote! {
        #(#attrs)*
        #[::core::prelude::v1::test]
        #vis fn #name() {
            #sig #block
            #krate::Explorer::new() #settings #run;
        }
    }
}
