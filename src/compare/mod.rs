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
//! Two texts that share under a quarter of their words ([`REWRITTEN_BELOW`])
//! are not compared word by word: a word diff of unrelated texts marks
//! nearly everything and helps no reader. They are decided unrelated from
//! their words alone, before any changed block is paired or compared word
//! by word ([`rewritten_share`]), and given back whole, to be shown side by
//! side ([`Rewritten`]); that costs about what reading the two texts costs.
//! An edit, which keeps most of its blocks exactly, is known not to be a
//! rewrite from the words of the blocks it keeps, each text counted once
//! per build (`surely_shared`).
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
use similar::DiffOp;

use blocks::{
    Unit, count_words, diff_fingerprinted, fingerprint, lcs_len_in, text_of_nodes, unit_nodes,
    unit_ops, units,
};
use page::finish;
use tree::parse;
use words::tokens_of_text;
use writing::{Ctx, Ids, Tables, write_with_own_ids};

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
    /// Set when the new text is a rewrite rather than an edit of the old
    /// one; `html` and `outline` are then empty.
    pub rewritten: Option<Rewritten>,
}

/// Two texts that share too few words to be compared word by word, each
/// written whole, with ids unique on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rewritten {
    pub old_html: String,
    pub new_html: String,
    /// The share of words the texts have in common, in whole percent
    /// (rounded down).
    pub shared_percent: u8,
}

/// Below this share of common words the new text is a rewrite.
pub const REWRITTEN_BELOW: f64 = 0.25;

/// The most word pairs (old words × new words) the exact count of common
/// words looks at: that count takes a machine word of the old text at a
/// time, so this is about 30 million steps. Longer texts that the quick
/// bound does not rule out are compared block by block as usual.
const MAX_SHARED_PAIRS: usize = 2_000_000_000;

impl Comparison {
    /// True when the two texts say the same thing.
    pub fn identical(&self) -> bool {
        self.changed_blocks == 0
    }
}

/// The id the comparison's container should carry: the outline links here
/// for changes before the first heading.
pub const INTRO_ID: &str = "compare-text";

/// How many words each unit of a text has, as the rewrite decision counts
/// them, kept for the texts a build compares: every text but the first and
/// the last of a document is compared twice (with the version before it
/// and with the one after), and counting is a pass over all of it. A text
/// is known by where it is held, which cannot change while it is borrowed
/// for `'t`.
#[derive(Default)]
pub struct WordCounts<'t> {
    counts: std::sync::Mutex<foldhash::HashMap<(usize, usize), std::sync::Arc<UnitWords>>>,
    texts: std::marker::PhantomData<&'t str>,
}

/// The words of each unit of a text, in order, and their sum.
struct UnitWords {
    each: Vec<usize>,
    total: usize,
}

impl<'t> WordCounts<'t> {
    /// The words of each of `units`, the units of `html`: kept from an
    /// earlier comparison of the same text, or counted now.
    fn of(&self, html: &'t str, units: &[Unit]) -> std::sync::Arc<UnitWords> {
        let key = (html.as_ptr() as usize, html.len());
        let kept = self
            .counts
            .lock()
            .expect("bug: a comparing thread panicked")
            .get(&key)
            .cloned();
        kept.unwrap_or_else(|| {
            let each: Vec<usize> = units.iter().map(|u| count_words(unit_nodes(u))).collect();
            let total = each.iter().sum();
            let words = std::sync::Arc::new(UnitWords { each, total });
            self.counts
                .lock()
                .expect("bug: a comparing thread panicked")
                .insert(key, words.clone());
            words
        })
    }
}

/// Compares two rendered bodies.
pub fn compare(old_html: &str, new_html: &str, labels: &Labels) -> Comparison {
    compare_counted(old_html, new_html, labels, &WordCounts::default())
}

/// [`compare`], with the texts' word counts kept in `counts` for the next
/// comparison of the same texts.
pub fn compare_counted<'t>(
    old_html: &'t str,
    new_html: &'t str,
    labels: &Labels,
    counts: &WordCounts<'t>,
) -> Comparison {
    let old = parse(old_html);
    let new = parse(new_html);
    let mut ctx = Ctx {
        labels,
        ids: Ids(BTreeSet::from([INTRO_ID.to_string()])),
        t: Tables::default(),
    };
    let (old_units, new_units) = (units(&old), units(&new));
    let ok: Vec<(u32, bool)> = old_units
        .iter()
        .map(|u| fingerprint(u, &mut ctx.t))
        .collect();
    let nk: Vec<(u32, bool)> = new_units
        .iter()
        .map(|u| fingerprint(u, &mut ctx.t))
        .collect();
    let ops = unit_ops(&ok, &nk);
    let edited = surely_shared(
        [(old_html, &old_units), (new_html, &new_units)],
        &ops,
        counts,
    );
    if let Some(share) = (!edited).then(|| rewritten_share(&old, &new)).flatten() {
        // The new text first: its ids stay as the version's page has them.
        let mut new_html_out = String::with_capacity(new_html.len());
        write_with_own_ids(&new, &mut ctx.ids, &mut new_html_out);
        let mut old_html_out = String::with_capacity(old_html.len());
        write_with_own_ids(&old, &mut ctx.ids, &mut old_html_out);
        return Comparison {
            html: String::new(),
            outline: Vec::new(),
            changed_blocks: new_units.len().max(old_units.len()),
            rewritten: Some(Rewritten {
                old_html: old_html_out,
                new_html: new_html_out,
                shared_percent: (share * 100.0).floor() as u8,
            }),
        };
    }
    let pieces = diff_fingerprinted(&old_units, &new_units, &nk, &ops, &mut ctx);
    finish(pieces, labels, old_html.len().max(new_html.len()))
}

/// True when the two texts surely share at least [`REWRITTEN_BELOW`] of
/// their words, as [`rewritten_share`] counts them, known from the blocks
/// they keep exactly alone: an edited text keeps most of its blocks, and
/// then the words of the whole texts need not be matched.
///
/// The blocks kept (the equal runs of `ops`, the [`unit_ops`] the block
/// diff writes out) are a common subsequence of blocks, so their words are
/// a common subsequence of words: a lower bound of the longest one. Two
/// words are taken off each such block, for a word its edge may join with
/// the text around it when the whole text is read as one. Each text's
/// words are bounded from above by the sum of its units' words: every word
/// is in a unit, and read as one text, words of neighbouring units can only
/// join. Neither bound reads a text again once its units are counted, and
/// a text is counted once per build ([`WordCounts`]).
///
/// Where the kept blocks are too few to decide (under an eighth of all
/// blocks), nothing is counted: the answer is then `false`, which only
/// means that [`rewritten_share`] decides.
fn surely_shared<'t>(
    [(old_html, old_units), (new_html, new_units)]: [(&'t str, &[Unit]); 2],
    ops: &[DiffOp],
    counts: &WordCounts<'t>,
) -> bool {
    let kept: Vec<usize> = ops
        .iter()
        .filter_map(|op| match *op {
            DiffOp::Equal { old_index, len, .. } => Some(old_index..old_index + len),
            _ => None,
        })
        .flatten()
        .filter(|&i| !matches!(old_units[i], Unit::Block(el) if el.is_visually_hidden()))
        .collect();
    if kept.len() * 8 < old_units.len() + new_units.len() {
        return false;
    }
    let old_words = counts.of(old_html, old_units);
    let new_words = counts.of(new_html, new_units);
    let common: usize = kept
        .iter()
        .map(|&i| old_words.each[i].saturating_sub(2))
        .sum();
    let total = old_words.total + new_words.total;
    total != 0 && (2 * common) as f64 / total as f64 >= REWRITTEN_BELOW
}

/// The share of words two texts have in common when the new one is a
/// rewrite of the old (under [`REWRITTEN_BELOW`]), else `None`.
///
/// Words are runs of letters and digits; punctuation is not counted. The
/// words in common are those of the longest common subsequence of the two
/// texts' words: what a word diff of the whole texts would leave
/// unmarked, counted against both texts' words (`2·common / (old + new)`).
/// Counting it is linear in the words of one text times the machine words
/// of the other; first, the words both texts use, counted without regard
/// to order, bound it from above in linear time, and most unrelated texts
/// stop there.
fn rewritten_share(old: &[tree::Node], new: &[tree::Node]) -> Option<f64> {
    // The words are numbered here, borrowed from the two texts, rather
    // than in the comparison's tables: a rewrite needs them for nothing
    // else, and an edit numbers its blocks' words on its own.
    let (mut old_text, mut new_text) = (String::new(), String::new());
    text_of_nodes(old, &mut old_text);
    text_of_nodes(new, &mut new_text);
    let mut numbers: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
    let mut words_of = |text| -> Vec<u32> {
        tokens_of_text(text)
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(|w| {
                let next = numbers.len() as u32;
                *numbers.entry(w).or_insert(next)
            })
            .collect()
    };
    let a = words_of(&old_text);
    let b = words_of(&new_text);
    let total = a.len() + b.len();
    if total == 0 {
        return None;
    }
    let share = |common: usize| (2 * common) as f64 / total as f64;
    let mut counts = vec![0u32; numbers.len()];
    for &w in &a {
        counts[w as usize] += 1;
    }
    let mut in_both = 0;
    // Which words the new text uses, for the subsequence below.
    let mut in_new = vec![false; numbers.len()];
    for &w in &b {
        in_new[w as usize] = true;
        let c = &mut counts[w as usize];
        if *c > 0 {
            *c -= 1;
            in_both += 1;
        }
    }
    if share(in_both) < REWRITTEN_BELOW {
        return Some(share(in_both));
    }
    if a.len().saturating_mul(b.len()) > MAX_SHARED_PAIRS {
        return None;
    }
    // A word only one text uses is in no common subsequence, so the
    // longest one is that of the texts without such words: shorter
    // sequences to match, the same length.
    let in_old = {
        let mut seen = vec![false; numbers.len()];
        a.iter().for_each(|&w| seen[w as usize] = true);
        seen
    };
    let a: Vec<u32> = a.into_iter().filter(|&w| in_new[w as usize]).collect();
    let b: Vec<u32> = b.into_iter().filter(|&w| in_old[w as usize]).collect();
    let mut slots = vec![u32::MAX; numbers.len()];
    let common = share(lcs_len_in(&a, &b, &mut slots));
    (common < REWRITTEN_BELOW).then_some(common)
}
