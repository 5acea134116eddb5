//! policypress: publishes the privacy statements and regulations of Dutch
//! education organisations as an accessible, multilingual static site with a
//! verifiable, append-only record of every version.
//!
//! Data flows one way: content → model → render → output. `build`, `serve`,
//! `check`, `publish` and `verify` are built on that one pipeline.

pub mod api;
pub mod asof;
pub mod canonical;
pub mod charref;
pub mod cmd;
pub mod compare;
pub mod content;
pub mod diag;
pub mod escape;
pub mod i18n;
pub mod key_scan;
pub mod lint;
pub mod markdown;
pub mod model;
pub mod notice;
pub mod output;
pub mod render;
pub mod rewrite;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod sign;
pub mod site;
pub mod source;
pub mod theme;
pub mod tlog;
pub mod transparency;
pub mod verify;
