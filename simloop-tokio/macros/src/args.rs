//! The arguments of `#[tokio::main]` and `#[tokio::test]`, checked.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser as _;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, MetaNameValue, Token};

const NAMES: &str = "`flavor`, `worker_threads`, `start_paused`, `crate`, `name`, \
                     `unhandled_panic`, `iterations`, `seed`, `strategy`, `max_steps`, `threads`";

/// The checked arguments.
#[derive(Default)]
pub(crate) struct Args {
    /// `current_thread`, `multi_thread` or `local`.
    pub(crate) flavor: String,
    pub(crate) start_paused: bool,
    pub(crate) krate: Option<syn::Path>,
    pub(crate) name: Option<syn::LitStr>,
    pub(crate) seed: Option<Expr>,
    /// `Explorer` settings, as method calls.
    pub(crate) explorer: TokenStream,
}

fn literal(value: &Expr) -> Option<&Lit> {
    match value {
        Expr::Lit(ExprLit { lit, .. }) => Some(lit),
        Expr::Group(group) => literal(&group.expr),
        _ => None,
    }
}

fn string(value: &Expr, what: &str) -> syn::Result<syn::LitStr> {
    match literal(value) {
        Some(Lit::Str(s)) => Ok(s.clone()),
        _ => Err(syn::Error::new_spanned(value, format!("`{what}` takes a string"))),
    }
}

fn integer(value: &Expr, what: &str) -> syn::Result<syn::LitInt> {
    match literal(value) {
        Some(Lit::Int(i)) => Ok(i.clone()),
        _ => Err(syn::Error::new_spanned(value, format!("`{what}` takes an integer literal"))),
    }
}

pub(crate) fn parse(tokens: TokenStream, test: bool) -> syn::Result<Args> {
    let metas = Punctuated::<MetaNameValue, Token![,]>::parse_terminated.parse2(tokens)?;
    // tokio's defaults: `#[tokio::main]` multi-thread, `#[tokio::test]` current-thread.
    let default = if test { "current_thread" } else { "multi_thread" };
    let mut args = Args { flavor: default.to_owned(), ..Args::default() };
    let mut errors: Option<syn::Error> = None;
    for meta in metas {
        let Some(key) = meta.path.get_ident().map(ToString::to_string) else {
            let err = syn::Error::new_spanned(&meta.path, format!("expected one of: {NAMES}"));
            errors.get_or_insert(err.clone()).combine(err);
            continue;
        };
        let value = &meta.value;
        let result: syn::Result<()> = (|| {
            match key.as_str() {
                "flavor" => {
                    let flavor = string(value, "flavor")?;
                    args.flavor = match flavor.value().as_str() {
                        name @ ("current_thread" | "multi_thread" | "local") => name.to_owned(),
                        other => {
                            return Err(syn::Error::new_spanned(
                                &flavor,
                                format!(
                                    "unknown flavor `{other}`; expected `current_thread`, \
                                     `multi_thread` or `local`"
                                ),
                            ));
                        }
                    };
                }
                "worker_threads" => {
                    integer(value, "worker_threads")?;
                }
                "start_paused" => match literal(value) {
                    Some(Lit::Bool(b)) => args.start_paused = b.value,
                    _ => return Err(syn::Error::new_spanned(value, "`start_paused` takes a bool")),
                },
                "crate" => {
                    let path = string(value, "crate")?;
                    args.krate = Some(path.parse()?);
                }
                "name" => args.name = Some(string(value, "name")?),
                "unhandled_panic" => {
                    string(value, "unhandled_panic")?;
                }
                "seed" => {
                    let seed = integer(value, "seed")?;
                    args.seed = Some(syn::parse_quote!(#seed));
                    if test {
                        args.explorer.extend(quote!(.base_seed(#seed)));
                    }
                }
                "iterations" | "max_steps" | "threads" if test => {
                    let n = integer(value, &key)?;
                    let method = syn::Ident::new(&key, meta.path.get_ident().unwrap().span());
                    args.explorer.extend(quote!(.#method(#n)));
                }
                "strategy" if test => {
                    let strategy = string(value, "strategy")?;
                    args.explorer.extend(quote!(.strategy(
                        #strategy.parse().unwrap_or_else(|err| ::core::panic!("{err}"))
                    )));
                }
                _ => {
                    return Err(syn::Error::new_spanned(
                        &meta.path,
                        format!("unknown argument `{key}`; expected one of: {NAMES}"),
                    ));
                }
            }
            Ok(())
        })();
        if let Err(err) = result {
            match &mut errors {
                Some(all) => all.combine(err),
                None => errors = Some(err),
            }
        }
    }
    match errors {
        Some(err) => Err(err),
        None => Ok(args),
    }
}
