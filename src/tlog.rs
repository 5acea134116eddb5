//! The transparency log.
