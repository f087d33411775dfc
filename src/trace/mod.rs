//! Traces: what happened in a run, as typed events with virtual timestamps.
//!
//! Every run folds each event into a 64-bit **digest**, its determinism fingerprint: two runs
//! with the same digest took the same schedule. With [`Sim::trace(true)`](crate::Sim::trace)
//! the events themselves are kept, and a [`Trace`] shows them in the forms people want:
//!
//! - the canonical text (`Display`): one line per event, aligned columns, virtual time with
//!   millisecond precision, task names with ids, spawn sites relative to their crate, and
//!   nothing that changes from one machine or run to the next (no addresses, no wall-clock
//!   time, no absolute paths);
//! - the [compact view](Trace::compact): lifecycle, findings and user events only, for
//!   snapshots that should survive refactors;
//! - [`assert_trace_snapshot!`](crate::assert_trace_snapshot), an insta snapshot under the
//!   crate's `snapshots/` folder;
//! - [`Trace::diff`]: where two runs part;
//! - [`Trace::to_chrome_json`]: the Chrome trace event format (Perfetto, `chrome://tracing`),
//!   one lane per task over virtual time.
//!
//! Code under test adds its own events with [`event!`](crate::event).

mod chrome;
mod diff;
mod event;
mod label;
mod log;
mod net;
mod render;
mod site;
mod snapshot;
mod user;
mod view;

pub use diff::TraceDiff;
pub(crate) use event::Tag;
pub(crate) use event::pack_net;
pub use event::{Event, EventKind};
pub(crate) use label::{TaskLabel, describe_task, name_in};
pub(crate) use log::{Log, Raw};
pub use net::NetKind;
pub use render::Compact;
pub(crate) use render::render as render_events;
pub(crate) use site::site;
#[doc(hidden)]
pub use snapshot::{__snapshot, SnapshotSource};
#[doc(hidden)]
pub use user::__record_event;
pub use view::Trace;
