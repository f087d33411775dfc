//! The arguments of `#[simloop::test(...)]`: parsed, checked, with errors on the offending
//! token.

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt as _;
use syn::parse::{ParseStream, Parser as _};
use syn::{Expr, ExprLit, Ident, Lit, LitInt, LitStr, Token};

/// Every argument, in the order the error messages list them.
const NAMES: &str = "`iterations`, `seed`, `strategy`, `max_steps`, `threads`, `max_time`, \
                     `slow_poll`, `blocking_workers`, `max_tasks`, `watchdog`, `policy`, \
                     `determinism_checks`, `crate`";

/// The detectors `policy(...)` takes, and the `simloop::Detector` variant of each.
const DETECTORS: [(&str, &str); 3] = [
    ("unobserved_panic", "UnobservedPanic"),
    ("leaked_tasks", "LeakedTasks"),
    ("slow_poll", "SlowPoll"),
];

/// The policies, and the `simloop::Policy` variant of each.
const POLICIES: [(&str, &str); 3] = [("fail", "Fail"), ("warn", "Warn"), ("allow", "Allow")];

/// The strategies `strategy = "..."` accepts without a parameter, and the `simloop::Strategy`
/// variant of each (the attribute's copy of `simloop::Strategy`'s forms: this crate cannot
/// depend on simloop).
const STRATEGIES: [(&str, &str); 5] = [
    ("random", "Random"),
    ("fifo", "Fifo"),
    ("fifo-random-timers", "FifoRandomTimers"),
    ("pos", "Pos"),
    ("portfolio", "Portfolio"),
];

/// The strategies with a parameter: `name:<n>`, the variant, its field, the default of the
/// bare name, the least value and what the parameter means.
const WITH_PARAMETER: [(&str, &str, &str, u32, u32, &str); 3] = [
    ("pct", "Pct", "depth", 3, 1, "depth 3: up to two preemptions"),
    ("delay", "DelayBounded", "delays", 2, 0, "two delays of the default order"),
    ("dfs", "Dfs", "preemptions", 2, 0, "every schedule with up to two preemptions"),
];

/// A checked `strategy = "..."`: the `simloop::Strategy` variant, spanned at the string, and
/// the field and value of a parameter (`pct:<depth>`, `delay:<delays>`, `dfs:<preemptions>`).
pub(crate) struct StrategyArg {
    pub(crate) variant: Ident,
    pub(crate) parameter: Option<(Ident, LitInt)>,
}

/// The checked arguments.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) iterations: Option<LitInt>,
    pub(crate) seed: Option<LitInt>,
    pub(crate) strategy: Option<StrategyArg>,
    pub(crate) max_steps: Option<LitInt>,
    pub(crate) threads: Option<LitInt>,
    pub(crate) max_time: Option<LitStr>,
    pub(crate) slow_poll: Option<LitStr>,
    /// `None` inside: `watchdog = "off"`.
    pub(crate) watchdog: Option<Option<LitStr>>,
    pub(crate) blocking_workers: Option<LitInt>,
    pub(crate) max_tasks: Option<LitInt>,
    pub(crate) determinism_checks: Option<LitInt>,
    /// `(Detector variant, Policy variant)`, spanned at the values.
    pub(crate) policies: Vec<(Ident, Ident)>,
    pub(crate) krate: Option<syn::Path>,
}

/// Parses `name = value, ...`, collecting every error.
pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Args> {
    let mut errors = Errors::default();
    let mut args = Args::default();
    let parser = |input: ParseStream<'_>| {
        while !input.is_empty() {
            let name = input.call(Ident::parse_any)?;
            if name == "policy" && input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                policies(&content, &mut args, &mut errors)?;
                if !input.is_empty() {
                    input.parse::<Token![,]>()?;
                }
                continue;
            }
            if !input.peek(Token![=]) {
                return Err(syn::Error::new(
                    name.span(),
                    format!("`{name}` needs a value, such as `{}`", example(&name.to_string())),
                ));
            }
            input.parse::<Token![=]>()?;
            let value: Expr = input.parse()?;
            args.set(&name, &value, &mut errors);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(())
    };
    if let Err(err) = parser.parse2(tokens) {
        errors.push(err);
    }
    errors.finish(args)
}

impl Args {
    fn set(&mut self, name: &Ident, value: &Expr, errors: &mut Errors) {
        let key = name.to_string();
        let result = match key.as_str() {
            "iterations" => positive(&key, value).map(|v| set(&mut self.iterations, v, name)),
            "seed" => integer(&key, value).map(|v| set(&mut self.seed, v, name)),
            "max_steps" => positive(&key, value).map(|v| set(&mut self.max_steps, v, name)),
            "threads" => positive(&key, value).map(|v| set(&mut self.threads, v, name)),
            "strategy" => strategy(value).map(|v| set(&mut self.strategy, v, name)),
            "max_time" => duration(&key, value).map(|v| set(&mut self.max_time, v, name)),
            "slow_poll" => duration(&key, value).map(|v| set(&mut self.slow_poll, v, name)),
            "watchdog" => watchdog(value).map(|v| set(&mut self.watchdog, v, name)),
            "blocking_workers" => {
                positive(&key, value).map(|v| set(&mut self.blocking_workers, v, name))
            }
            "max_tasks" => positive(&key, value).map(|v| set(&mut self.max_tasks, v, name)),
            "determinism_checks" => {
                integer(&key, value).map(|v| set(&mut self.determinism_checks, v, name))
            }
            "policy" => Err(syn::Error::new(
                name.span(),
                "`policy` takes detectors and policies in parentheses, such as \
                 `policy(leaked_tasks = \"warn\")`",
            )),
            "crate" => krate(value).map(|v| set(&mut self.krate, v, name)),
            _ => Err(syn::Error::new(
                name.span(),
                format!("unknown argument `{key}`; expected one of: {NAMES}"),
            )),
        };
        match result {
            Ok(Ok(())) => {}
            Ok(Err(err)) | Err(err) => errors.push(err),
        }
    }
}

/// Stores `value` unless the argument was already given.
fn set<T>(slot: &mut Option<T>, value: T, name: &Ident) -> syn::Result<()> {
    if slot.is_some() {
        return Err(syn::Error::new(name.span(), format!("`{name}` is given twice")));
    }
    *slot = Some(value);
    Ok(())
}

fn example(name: &str) -> &'static str {
    match name {
        "iterations" => "iterations = 1000",
        "seed" => "seed = 42",
        "strategy" => "strategy = \"fifo\"",
        "max_steps" => "max_steps = 100_000",
        "threads" => "threads = 2",
        "max_time" => "max_time = \"1h\"",
        "slow_poll" => "slow_poll = \"250ms\"",
        "watchdog" => "watchdog = \"60s\"",
        "blocking_workers" => "blocking_workers = 8",
        "max_tasks" => "max_tasks = 10_000",
        "determinism_checks" => "determinism_checks = 16",
        "crate" => "crate = \"simloop\"",
        _ => "iterations = 1000",
    }
}

fn literal(value: &Expr) -> Option<&Lit> {
    match value {
        Expr::Lit(ExprLit { lit, .. }) => Some(lit),
        Expr::Group(group) => literal(&group.expr),
        _ => None,
    }
}

/// An integer literal that fits a `u64`.
fn integer(name: &str, value: &Expr) -> syn::Result<LitInt> {
    let wrong = || {
        syn::Error::new_spanned(
            value,
            format!("`{name}` takes an integer literal, such as `{}`", example(name)),
        )
    };
    let Some(Lit::Int(int)) = literal(value) else { return Err(wrong()) };
    int.base10_parse::<u64>().map_err(|_| wrong())?;
    Ok(LitInt::new(&format!("{}u64", int.base10_digits()), int.span()))
}

/// An integer literal of at least 1.
fn positive(name: &str, value: &Expr) -> syn::Result<LitInt> {
    let int = integer(name, value)?;
    if int.base10_parse::<u64>()? == 0 {
        return Err(syn::Error::new_spanned(value, format!("`{name}` must be at least 1")));
    }
    Ok(int)
}

fn strategy(value: &Expr) -> syn::Result<StrategyArg> {
    let mut names: Vec<String> = STRATEGIES.iter().map(|(s, _)| format!("`\"{s}\"`")).collect();
    for (name, _, _, default, _, _) in WITH_PARAMETER.iter().rev() {
        let form = format!("`\"{name}\"` or `\"{name}:<n>\"` (such as `\"{name}:{default}\"`)");
        names.insert(2, form);
    }
    let names = names.join(", ");
    let Some(Lit::Str(text)) = literal(value) else {
        return Err(syn::Error::new_spanned(
            value,
            format!("`strategy` takes a string, one of: {names}"),
        ));
    };
    let wanted = text.value().trim().to_ascii_lowercase();
    if let Some((_, variant)) = STRATEGIES.iter().find(|(s, _)| *s == wanted) {
        return Ok(StrategyArg { variant: Ident::new(variant, text.span()), parameter: None });
    }
    let (name, number) = match wanted.split_once(':') {
        Some((name, number)) => (name, Some(number)),
        None => (wanted.as_str(), None),
    };
    let Some(&(_, variant, field, default, least, meaning)) =
        WITH_PARAMETER.iter().find(|p| p.0 == name)
    else {
        return Err(syn::Error::new(
            text.span(),
            format!("unknown strategy `{}`; expected one of: {names}", text.value()),
        ));
    };
    let number = match number {
        None => Some(default),
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok(),
        Some(_) => None,
    };
    match number {
        Some(n) if n >= least => Ok(StrategyArg {
            variant: Ident::new(variant, text.span()),
            parameter: Some((
                Ident::new(field, text.span()),
                LitInt::new(&n.to_string(), text.span()),
            )),
        }),
        _ => Err(syn::Error::new(
            text.span(),
            format!(
                "`{}`: `{name}` takes a {field} of at least {least}, such as \
                 `\"{name}:{default}\"` ({meaning})",
                text.value()
            ),
        )),
    }
}

/// A duration as a string: a positive integer and a unit (`ms`, `s`, `m`, `h`), the form of
/// `SIMLOOP_DURATION` (which `simloop::env::parse_duration` reads when the test runs).
fn duration(name: &str, value: &Expr) -> syn::Result<LitStr> {
    let wrong = |span| {
        syn::Error::new(
            span,
            format!(
                "`{name}` takes a duration: a positive integer and a unit (ms, s, m, h), such as \
                 `{}`",
                example(name)
            ),
        )
    };
    let Some(Lit::Str(text)) = literal(value) else { return Err(wrong(value_span(value))) };
    let raw = text.value();
    let digits = raw.trim().bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = raw.trim().split_at(digits);
    let positive = number.parse::<u64>().is_ok_and(|n| n > 0);
    if !positive || !matches!(unit, "ms" | "s" | "m" | "h") {
        return Err(wrong(text.span()));
    }
    Ok(text.clone())
}

fn value_span(value: &Expr) -> Span {
    syn::spanned::Spanned::span(value)
}

/// `watchdog = "60s"` or `watchdog = "off"`.
fn watchdog(value: &Expr) -> syn::Result<Option<LitStr>> {
    if let Some(Lit::Str(text)) = literal(value) {
        if text.value().trim().eq_ignore_ascii_case("off") {
            return Ok(None);
        }
    }
    duration("watchdog", value)
        .map(Some)
        .map_err(|err| syn::Error::new(err.span(), format!("{err}, or `\"off\"`")))
}

/// `leaked_tasks = "warn", slow_poll = "allow"` inside `policy(...)`.
fn policies(input: ParseStream<'_>, args: &mut Args, errors: &mut Errors) -> syn::Result<()> {
    let names = |table: &[(&str, &str)]| {
        table.iter().map(|(s, _)| format!("`{s}`")).collect::<Vec<_>>().join(", ")
    };
    while !input.is_empty() {
        let detector = input.call(Ident::parse_any)?;
        input.parse::<Token![=]>()?;
        let value: Expr = input.parse()?;
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
        let Some((_, d)) = DETECTORS.iter().find(|(s, _)| detector == s) else {
            errors.error(
                detector.span(),
                format!("unknown detector `{detector}`; expected one of: {}", names(&DETECTORS)),
            );
            continue;
        };
        let policy = match literal(&value) {
            Some(Lit::Str(text)) => POLICIES
                .iter()
                .find(|(s, _)| text.value().trim().eq_ignore_ascii_case(s))
                .map(|(_, p)| Ident::new(p, text.span())),
            _ => None,
        };
        let Some(policy) = policy else {
            errors.error(
                value_span(&value),
                format!("a policy is one of: {} (as strings)", names(&POLICIES)),
            );
            continue;
        };
        if args.policies.iter().any(|(seen, _)| seen == d) {
            errors.error(detector.span(), format!("the policy of `{detector}` is given twice"));
            continue;
        }
        args.policies.push((Ident::new(d, detector.span()), policy));
    }
    Ok(())
}

fn krate(value: &Expr) -> syn::Result<syn::Path> {
    let Some(Lit::Str(text)) = literal(value) else {
        return Err(syn::Error::new_spanned(
            value,
            "`crate` takes the path to simloop as a string, such as `crate = \"simloop\"`",
        ));
    };
    text.parse::<syn::Path>().map_err(|_| {
        syn::Error::new(text.span(), format!("`{}` is not a path to a crate", text.value()))
    })
}

/// Errors gathered so that one compile shows them all.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, err: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(err),
            None => self.0 = Some(err),
        }
    }

    pub(crate) fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    pub(crate) fn finish<T>(self, value: T) -> syn::Result<T> {
        match self.0 {
            Some(err) => Err(err),
            None => Ok(value),
        }
    }
}
