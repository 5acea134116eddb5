//! policypress: publishes the privacy statements and regulations of Dutch
//! education organisations as an accessible, multilingual static site with a
//! verifiable, append-only record of every version.
//!
//! Data flows one way: content → model → render → output. `build`, `serve`,
//! `check`, `publish` and `verify` are built on that one pipeline.

pub mod cli;
pub mod diag;
pub mod markdown;
pub mod rewrite;
pub mod tlog;
