//! policypress: publishes the privacy statements and regulations of Dutch
//! education organisations as an accessible, multilingual static site with a
//! verifiable, append-only record of every version.
//!
//! Data flows one way: content → model → render → output. `build`, `serve`,
//! `check`, `publish` and `verify` are built on that one pipeline.

// The library's surface is what the binary, the tests, the fuzz targets
// and the examples need: the subsystems below that have an API of their own
// are public modules; everything else is private to the crate, and the few
// items used from outside are re-exported here. `unreachable_pub` (in
// Cargo.toml) keeps a `pub` inside a private module from pretending to be
// part of that surface.

pub mod audit;
pub mod canonical;
pub mod compare;
pub mod content;
pub mod countries;
pub mod diag;
pub mod history;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod serve;
pub mod sign;
pub mod site;
pub mod tlog;
pub mod transparency;
pub mod tsa;
pub mod upcoming;
pub mod verify;

mod api;
mod ascii8;
mod asof;

mod charref;
mod cmd;
mod escape;
mod i18n;
mod ical;
mod key_scan;
mod lint;
mod lock;
mod notice;
mod output;
mod register;
mod render;
mod rewrite;
mod routes;
mod scaffold;
mod search;
mod source;
mod theme;

pub use asof::{BuildOptions, SiteAsOf};
pub use cmd::main;
pub use key_scan::find_private_key;
pub use routes::Route;
pub use source::normalise;
