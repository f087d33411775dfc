//! `select!` as a procedural macro: tokio's syntax, simloop's seeded branch order.
//!
//! A proc macro rather than `simloop::select!`'s tt-muncher, so that tokio's 64 branches
//! stay under the recursion limit. The code it generates:
//!
//! ```text
//! let mut disabled = [!cond0, ...];             // preconditions first
//! let mut out0 = None; ...
//! let won = {
//!     let mut f0 = pin!(fut0.into_future()); ... // every future, enabled or not
//!     poll_fn(|cx| {
//!         branch_order(&mut order, biased);      // one decision per poll
//!         for b in order: poll branch b; if ready and its pattern matches, return Ready(b)
//!     }).await                                   // the losers are dropped here
//! };
//! match won { 0 => match out0 { Some(pat0) => handler0 }, ..., _ => else }
//! ```

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::parse::{ParseStream, Parser as _};
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat, Token};

struct Branch {
    pat: Pat,
    fut: Expr,
    cond: Option<Expr>,
    handler: Expr,
}

/// Removes `mut`, `ref` and `&` from a pattern, so that it can be tested against a reference
/// to the output without moving it.
struct Clean;

impl VisitMut for Clean {
    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        if let Pat::Reference(reference) = pat {
            *pat = (*reference.pat).clone();
            self.visit_pat_mut(pat);
            return;
        }
        if let Pat::Ident(ident) = pat {
            ident.by_ref = None;
            ident.mutability = None;
        }
        syn::visit_mut::visit_pat_mut(self, pat);
    }
}

fn parse(input: ParseStream<'_>) -> syn::Result<(bool, Vec<Branch>, Option<Expr>)> {
    let biased = if input.peek(syn::Ident) && input.fork().parse::<syn::Ident>()? == "biased" {
        input.parse::<syn::Ident>()?;
        input.parse::<Token![;]>()?;
        true
    } else {
        false
    };
    let mut branches = Vec::new();
    let mut otherwise = None;
    while !input.is_empty() {
        if input.peek(Token![else]) {
            input.parse::<Token![else]>()?;
            input.parse::<Token![=>]>()?;
            otherwise = Some(input.parse::<Expr>()?);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
            if !input.is_empty() {
                return Err(input.error("the `else` branch comes last"));
            }
            break;
        }
        let pat = Pat::parse_multi_with_leading_vert(input)?;
        input.parse::<Token![=]>()?;
        let fut = Expr::parse_without_eager_brace(input)?;
        let cond = if input.peek(Token![,]) && input.peek2(Token![if]) {
            input.parse::<Token![,]>()?;
            input.parse::<Token![if]>()?;
            Some(Expr::parse_without_eager_brace(input)?)
        } else {
            None
        };
        input.parse::<Token![=>]>()?;
        let handler: Expr = input.parse()?;
        let block = matches!(handler, Expr::Block(_));
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        } else if !block && !input.is_empty() {
            return Err(input.error("expected `,` after a branch's handler"));
        }
        branches.push(Branch { pat, fut, cond, handler });
    }
    Ok((biased, branches, otherwise))
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let mut tokens = input.into_iter();
    let Some(TokenTree::Group(krate)) = tokens.next() else {
        return quote!(::core::compile_error!("select!: malformed internal call"));
    };
    let krate = krate.stream();
    let (biased, branches, otherwise) = match parse.parse2(tokens.collect()) {
        Ok(parsed) => parsed,
        Err(err) => return err.into_compile_error(),
    };
    if branches.is_empty() {
        return match otherwise {
            Some(otherwise) => quote!({ #otherwise }),
            None => syn::Error::new(Span::call_site(), "select! needs at least one branch")
                .into_compile_error(),
        };
    }
    let n = branches.len();
    let index: Vec<usize> = (0..n).collect();
    let f: Vec<_> = index.iter().map(|i| format_ident!("__select_f{i}")).collect();
    let o: Vec<_> = index.iter().map(|i| format_ident!("__select_o{i}")).collect();
    let futs = branches.iter().map(|b| &b.fut);
    let conds = branches.iter().map(|b| match &b.cond {
        Some(cond) => quote!(!(#cond)),
        None => quote!(false),
    });
    let clean: Vec<Pat> = branches
        .iter()
        .map(|b| {
            let mut pat = b.pat.clone();
            Clean.visit_pat_mut(&mut pat);
            pat
        })
        .collect();
    let pats = branches.iter().map(|b| &b.pat);
    let handlers = branches.iter().map(|b| &b.handler);
    let otherwise = otherwise.map_or_else(
        || quote!(::core::panic!("all branches are disabled and there is no else branch")),
        |e| quote!(#e),
    );
    let private = quote!(#krate::__private);
    quote! {{
        let mut __select_disabled: [bool; #n] = [#(#conds),*];
        #( let mut #o = ::core::option::Option::None; )*
        let __select_won: usize = {
            // In one tuple first, as tokio does: a temporary borrowed by a branch's
            // expression (`&mut ready(())`) lives to the end of the block.
            let __select_futures = ( #( #futs, )* );
            let ( #( #f, )* ) = __select_futures;
            #( let mut #f = ::core::pin::pin!(::core::future::IntoFuture::into_future(#f)); )*
            let mut __select_order: [usize; #n] = [#(#index),*];
            ::core::future::poll_fn(|__select_cx| {
                #private::branch_order(&mut __select_order, #biased);
                let mut __select_pending = false;
                for &__select_branch in __select_order.iter() {
                    if __select_disabled[__select_branch] {
                        continue;
                    }
                    match __select_branch {
                        #(
                            #index => {
                                let __select_output = match ::core::future::Future::poll(
                                    #f.as_mut(),
                                    __select_cx,
                                ) {
                                    ::core::task::Poll::Ready(output) => output,
                                    ::core::task::Poll::Pending => {
                                        __select_pending = true;
                                        continue;
                                    }
                                };
                                __select_disabled[#index] = true;
                                #[allow(unused_variables, unreachable_patterns, clippy::redundant_pattern_matching)]
                                match &__select_output {
                                    #clean => {}
                                    _ => continue,
                                }
                                #o = ::core::option::Option::Some(__select_output);
                                return ::core::task::Poll::Ready(#index);
                            }
                        )*
                        _ => ::core::unreachable!(),
                    }
                }
                if __select_pending {
                    ::core::task::Poll::Pending
                } else {
                    ::core::task::Poll::Ready(usize::MAX)
                }
            })
            .await
        };
        match __select_won {
            #(
                #index => match #o.take() {
                    ::core::option::Option::Some(#pats) => #handlers,
                    _ => ::core::unreachable!("select!: the winning output matches its pattern"),
                },
            )*
            _ => #otherwise,
        }
    }}
}
