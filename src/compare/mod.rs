//! Readable comparisons between two versions of a text, for parents and staff
//! rather than programmers: block by block (paragraphs, headings, list items,
//! table rows and cells matched by structure), then word by word inside the
//! blocks that match, shown with `<ins>`/`<del>` that carry visually hidden
//! "added:"/"removed:" words, unchanged passages folded into `<details>`, and
//! an outline of the sections that changed.
//!
//! The input is the HTML that [`crate::markdown`] rendered once per body
//! (`render::Bodies`), so Markdown is never parsed again. That HTML is our own
//! renderer's well-formed output; the small tree reader here only has to cope
//! with it (and, robustly, with anything else a site's raw HTML may contain).
//! The output is rebuilt from the tree, so every element it opens it closes:
//! nesting stays valid whatever the input was. The same two texts always give
//! the same bytes (no deadlines, no hashing order). Work is bounded by size
//! instead of time: see [`blocks::bounded_diff`].
//!
//! A site compares every pair of consecutive versions in every language, so
//! this runs hundreds of times per build. The tree borrows its text from the
//! input, and the diffs run on small integers: every block's exact content,
//! every word and every token is interned once per comparison ([`writing::Tables`]),
//! so equal things are equal ids and no diff compares strings.

mod blocks;
mod page;
mod tree;
mod words;
mod writing;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use serde::Serialize;

use blocks::{diff_units, units};
use page::finish;
use tree::parse;
use writing::{Ctx, Ids, Tables};

/// The words a comparison needs in the reader's language.
#[derive(Debug, Clone)]
pub struct Labels {
    /// Visually hidden before inserted text, e.g. "added:".
    pub added: String,
    /// Visually hidden before deleted text, e.g. "removed:".
    pub removed: String,
    /// Summary of a folded run of one unchanged block.
    pub unchanged_one: String,
    /// Summary of a folded run, with `{count}`.
    pub unchanged_many: String,
}

/// How a section changed, for the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionChange {
    Changed,
    Added,
    Removed,
}

/// One changed section: its heading (or `None` for the text before the first
/// heading) and the anchor of that heading in the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineEntry {
    pub heading: Option<String>,
    pub id: String,
    pub change: SectionChange,
}

/// A finished comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The marked-up text, to be placed inside a container with id
    /// [`INTRO_ID`].
    pub html: String,
    pub outline: Vec<OutlineEntry>,
    /// How many top-level blocks were changed, added or removed.
    pub changed_blocks: usize,
}

impl Comparison {
    /// True when the two texts say the same thing.
    pub fn identical(&self) -> bool {
        self.changed_blocks == 0
    }
}

/// The id the comparison's container should carry: the outline links here
/// for changes before the first heading.
pub const INTRO_ID: &str = "compare-text";

/// Compares two rendered bodies.
pub fn compare(old_html: &str, new_html: &str, labels: &Labels) -> Comparison {
    let old = parse(old_html);
    let new = parse(new_html);
    let mut ctx = Ctx {
        labels,
        ids: Ids(BTreeSet::from([INTRO_ID.to_string()])),
        t: Tables::default(),
    };
    let pieces = diff_units(&units(&old), &units(&new), &mut ctx);
    finish(pieces, labels, old_html.len().max(new_html.len()))
}
