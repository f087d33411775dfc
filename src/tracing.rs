//! `tracing` inside a simulation (feature `tracing`): events land in the simloop trace, and
//! log lines show virtual time.
//!
//! - [`SimLayer`] is a `tracing_subscriber` layer: every `tracing` event emitted inside a
//!   simulation becomes a user event of its trace, at the virtual time, for the current task.
//! - [`VirtualTime`] is a timer for `tracing_subscriber::fmt`: log lines show the virtual
//!   clock (`1.500s`) instead of wall time, and `-` outside a simulation.

use std::fmt::{self, Write as _};

use tracing_core::field::{Field, Visit};
use tracing_core::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;
use tracing_subscriber::layer::{Context, Layer};

use crate::runtime::context;

/// A layer that records `tracing` events emitted inside a simulation in its trace, as user
/// events (`event: INFO target: message key=value`). Outside a simulation it does nothing.
///
/// # Examples
///
/// ```
/// use tracing_subscriber::layer::SubscriberExt;
///
/// let subscriber = tracing_subscriber::registry().with(simloop::tracing::SimLayer);
/// let outcome = tracing::subscriber::with_default(subscriber, || {
///     simloop::Sim::new(1).trace(true).try_run(async {
///         tracing::info!(key = 42, "cache miss");
///     })
/// })
/// .unwrap();
/// let text = outcome.trace().to_string();
/// assert!(text.contains("main  event: INFO"), "{text}");
/// assert!(text.contains("cache miss key=42"), "{text}");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct SimLayer;

impl<S: Subscriber> Layer<S> for SimLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if context::with_current(|_| ()).is_none() {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        let meta = event.metadata();
        let message =
            format!("{} {}: {}{}", meta.level(), meta.target(), fields.message, fields.rest);
        crate::trace::__record_event(message);
    }
}

/// An event's fields as text: the message, then ` key=value` for the others.
#[derive(Default)]
struct Fields {
    message: String,
    rest: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.rest, " {}={value}", field.name());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.rest, " {}={value:?}", field.name());
        }
    }
}

/// A `tracing_subscriber::fmt` timer that prints the simulation's virtual time.
///
/// # Examples
///
/// ```
/// let subscriber = tracing_subscriber::fmt()
///     .with_timer(simloop::tracing::VirtualTime)
///     .with_writer(std::io::sink)
///     .finish();
/// tracing::subscriber::with_default(subscriber, || {
///     simloop::Sim::new(1).run(async {
///         simloop::time::sleep(std::time::Duration::from_millis(1500)).await;
///         tracing::info!("printed as `1.500s  INFO ...`");
///     });
/// });
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct VirtualTime;

impl FormatTime for VirtualTime {
    fn format_time(&self, w: &mut Writer<'_>) -> fmt::Result {
        match context::with_current(|core| core.now()) {
            Some(now) => write!(w, "{now:>9}"),
            None => write!(w, "{:>9}", "-"),
        }
    }
}
