//! Rewriting finished HTML pages.
