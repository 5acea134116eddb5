//! Markdown bodies of versions and free pages, rendered to safe HTML.
