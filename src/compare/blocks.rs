//! Comparing block by block: units matched by their exact content, then
//! the changed ones paired by kind and similarity.

use std::rc::Rc;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::tree::{Element, Node, is_block, is_heading, is_void};
use super::words::{WordCount, tokens_of_text, word_diff};
use super::writing::{Ctx, Ids, Mark, Tables, write_close, write_nodes, write_open};

/// What a list of children is compared as: block elements one by one, and
/// runs of inline content (text, links, emphasis) as one unit each.
#[derive(Debug, Clone)]
pub(super) enum Unit<'a> {
    Block(&'a Element<'a>),
    Inline(&'a [Node<'a>]),
}

pub(super) fn units<'a>(nodes: &'a [Node<'a>]) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, n) in nodes.iter().enumerate() {
        let block = matches!(n, Node::Element(e) if is_block(&e.name));
        if block {
            if let Some(s) = start.take() {
                push_inline(&nodes[s..i], &mut out);
            }
            if let Node::Element(e) = n {
                out.push(Unit::Block(e));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push_inline(&nodes[s..], &mut out);
    }
    out
}

fn push_inline<'a>(run: &'a [Node<'a>], out: &mut Vec<Unit<'a>>) {
    // Line breaks between blocks are not content.
    let blank = run
        .iter()
        .all(|n| matches!(n, Node::Text(t) if t.trim().is_empty()));
    if !blank {
        out.push(Unit::Inline(run));
    }
}

/// A block with only inline content: compared word by word.
pub(super) fn is_leaf(el: &Element) -> bool {
    !el.children
        .iter()
        .any(|c| matches!(c, Node::Element(e) if is_block(&e.name)))
}

pub(super) fn has_words(nodes: &[Node]) -> bool {
    nodes.iter().any(|n| match n {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) => is_void(&e.name) || has_words(&e.children),
    })
}

/// The exact content of a unit, for finding blocks that did not change: the
/// unit as written with ids of its own (a block's id is made from its text;
/// it must not count twice), interned. Also whether the unit has no id at
/// all, so that the fingerprint is exactly what an unchanged unit writes.
pub(super) fn fingerprint(u: &Unit, t: &mut Tables) -> (u32, bool) {
    let mut ids = Ids::default();
    let mut s = std::mem::take(&mut t.scratch);
    s.clear();
    let plain = match u {
        Unit::Inline(nodes) => {
            write_nodes(nodes, &mut ids, &mut s);
            true
        }
        Unit::Block(el) => {
            write_open(el, None, true, &mut ids, &mut s);
            write_nodes(&el.children, &mut ids, &mut s);
            write_close(el, &mut s);
            !el.attrs.iter().any(|(k, _)| k == "id")
        }
    };
    let id = t.fingerprint_id(&s);
    t.scratch = s;
    (id, plain && ids.0.is_empty())
}

/// What kind of thing a unit is; only units of one kind are paired.
pub(super) fn kind(u: &Unit, t: &mut Tables) -> u32 {
    match u {
        Unit::Inline(_) => t.kind_id("#inline"),
        Unit::Block(e) => {
            // A numbered list does not become a lettered one in place.
            let ty = e
                .attrs
                .iter()
                .find(|(k, _)| k == "type")
                .and_then(|(_, v)| *v)
                .unwrap_or_default();
            let mut s = std::mem::take(&mut t.scratch);
            s.clear();
            s.push_str(&e.name);
            s.push_str(ty);
            let id = t.kind_id(&s);
            t.scratch = s;
            id
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    Same,
    Changed,
    Added,
    Removed,
}

/// The HTML of a piece: written for it, or an unchanged unit's
/// fingerprint, shared rather than copied.
pub(super) enum Html {
    Written(String),
    Shared(Rc<str>),
}

impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Html::Written(s) => s,
            Html::Shared(s) => s,
        }
    }
}

/// One written unit of the result.
pub(super) struct Piece {
    pub(super) html: Html,
    pub(super) state: State,
    /// For a heading: its level, written id and text.
    pub(super) heading: Option<(u8, Option<String>, String)>,
}

fn heading_of(u: &Unit) -> Option<(u8, String)> {
    match u {
        Unit::Block(e) if is_heading(&e.name) => {
            Some((e.name.as_bytes()[1] - b'0', plain_text(&e.children)))
        }
        _ => None,
    }
}

/// All text under `nodes` that is shown, in order, with nothing between
/// elements. Visually hidden text is left out: it is what the site adds for
/// screen readers (an external link's "(external link)"), not the text, and
/// it must not make two passages look alike.
fn text_of(nodes: &[Node], s: &mut String) {
    each_shown_text(nodes, &mut |t| s.push_str(t));
}

/// Each piece of text under `nodes` that is shown (as [`text_of`] has it),
/// in order.
fn each_shown_text(nodes: &[Node], f: &mut impl FnMut(&str)) {
    for n in nodes {
        match n {
            Node::Text(t) => f(t),
            Node::Element(e) if e.is_visually_hidden() => {}
            Node::Element(e) => each_shown_text(&e.children, f),
        }
    }
}

fn plain_text(nodes: &[Node]) -> String {
    let mut s = String::new();
    text_of(nodes, &mut s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The most tokens (old and new together, once equal ends are set aside)
/// searched for the smallest edit. The search costs up to the square of
/// that; a longer changed run is shown as removed, then added, between its
/// first and its last change. A 5 MiB paragraph set against a short one
/// would otherwise keep a build busy for hours.
const MAX_DIFF_TOKENS: usize = 8192;

/// How many items `a` and `b` share at the start, and then at the end.
fn equal_ends<T: Eq>(a: &[T], b: &[T]) -> (usize, usize) {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (pre, suf)
}

/// [`capture_diff_slices`] within [`MAX_DIFF_TOKENS`]: an equal start and
/// end are matched in linear time, and a middle that is too long to search
/// is replaced as a whole. Deterministic, like the rest of the comparison.
pub(super) fn bounded_diff<T: Eq + std::hash::Hash + Ord>(
    alg: Algorithm,
    a: &[T],
    b: &[T],
) -> Vec<DiffOp> {
    let (pre, suf) = equal_ends(a, b);
    let (old_mid, new_mid) = (a.len() - pre - suf, b.len() - pre - suf);
    if old_mid + new_mid <= MAX_DIFF_TOKENS {
        return capture_diff_slices(alg, a, b);
    }
    let mut ops = Vec::with_capacity(4);
    if pre > 0 {
        ops.push(DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: pre,
        });
    }
    if old_mid > 0 {
        ops.push(DiffOp::Delete {
            old_index: pre,
            old_len: old_mid,
            new_index: pre,
        });
    }
    if new_mid > 0 {
        ops.push(DiffOp::Insert {
            old_index: pre + old_mid,
            new_index: pre,
            new_len: new_mid,
        });
    }
    if suf > 0 {
        ops.push(DiffOp::Equal {
            old_index: a.len() - suf,
            new_index: b.len() - suf,
            len: suf,
        });
    }
    ops
}

pub(super) fn diff_units<'a>(
    old: &[Unit<'a>],
    new: &[Unit<'a>],
    ctx: &mut Ctx<'_, 'a>,
) -> Vec<Piece> {
    let ok: Vec<(u32, bool)> = old.iter().map(|u| fingerprint(u, &mut ctx.t)).collect();
    let nk: Vec<(u32, bool)> = new.iter().map(|u| fingerprint(u, &mut ctx.t)).collect();
    diff_fingerprinted(old, new, &nk, &unit_ops(&ok, &nk), ctx)
}

/// Which units two texts keep exactly (by [`fingerprint`]), in order, and
/// which they change: the diff that [`diff_fingerprinted`] writes out.
pub(super) fn unit_ops(ok: &[(u32, bool)], nk: &[(u32, bool)]) -> Vec<DiffOp> {
    let ok: Vec<u32> = ok.iter().map(|k| k.0).collect();
    let nk: Vec<u32> = nk.iter().map(|k| k.0).collect();
    bounded_diff(Algorithm::Patience, &ok, &nk)
}

/// [`diff_units`], given the new units' [`fingerprint`]s and the
/// [`unit_ops`] of both texts.
pub(super) fn diff_fingerprinted<'a>(
    old: &[Unit<'a>],
    new: &[Unit<'a>],
    nk: &[(u32, bool)],
    ops: &[DiffOp],
    ctx: &mut Ctx<'_, 'a>,
) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(new.len());
    let mut pending: Option<(usize, usize, usize, usize)> = None;
    for &op in ops {
        match op {
            DiffOp::Equal {
                old_index: _,
                new_index,
                len,
            } => {
                if let Some((os, oe, ns, ne)) = pending.take() {
                    align(&old[os..oe], &new[ns..ne], ctx, &mut pieces);
                }
                for (u, &(fp, plain)) in new[new_index..new_index + len]
                    .iter()
                    .zip(&nk[new_index..new_index + len])
                {
                    let (html, id) = if plain {
                        // Nothing to make unique: written as fingerprinted.
                        (
                            Html::Shared(ctx.t.fingerprint_text[fp as usize].clone()),
                            None,
                        )
                    } else {
                        let mut html = String::new();
                        let id = match u {
                            Unit::Inline(nodes) => {
                                ctx.write(nodes, &mut html);
                                None
                            }
                            Unit::Block(el) => {
                                let id = ctx.open(el, None, &mut html);
                                ctx.write(&el.children, &mut html);
                                write_close(el, &mut html);
                                id
                            }
                        };
                        (Html::Written(html), id)
                    };
                    pieces.push(Piece {
                        html,
                        state: State::Same,
                        heading: heading_of(u).map(|(l, t)| (l, id, t)),
                    });
                }
            }
            other => {
                let (o, n) = (other.old_range(), other.new_range());
                pending = Some(match pending {
                    Some((os, _, ns, _)) => (os, o.end, ns, n.end),
                    None => (o.start, o.end, n.start, n.end),
                });
            }
        }
    }
    if let Some((os, oe, ns, ne)) = pending {
        align(&old[os..oe], &new[ns..ne], ctx, &mut pieces);
    }
    pieces
}

/// Pairs the changed units of one gap by kind and similarity; what cannot be
/// paired is written as removed (first) or added.
fn align<'a>(old: &[Unit<'a>], new: &[Unit<'a>], ctx: &mut Ctx<'_, 'a>, pieces: &mut Vec<Piece>) {
    let ok: Vec<u32> = old.iter().map(|u| kind(u, &mut ctx.t)).collect();
    let nk: Vec<u32> = new.iter().map(|u| kind(u, &mut ctx.t)).collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for op in bounded_diff(Algorithm::Myers, &ok, &nk) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                let (o, n) = (old_index + k, new_index + k);
                if similar_enough(&old[o], &new[n], &mut ctx.t) {
                    pairs.push((o, n));
                }
            }
        }
    }
    let (mut oi, mut ni) = (0, 0);
    for (o, n) in pairs {
        unpaired(&old[oi..o], &new[ni..n], ctx, pieces);
        pieces.push(modified(&old[o], &new[n], ctx));
        oi = o + 1;
        ni = n + 1;
    }
    unpaired(&old[oi..], &new[ni..], ctx, pieces);
}

/// Units without a partner: the removed ones first, then the added ones.
pub(super) fn unpaired<'a>(
    old: &[Unit<'a>],
    new: &[Unit<'a>],
    ctx: &mut Ctx<'_, 'a>,
    pieces: &mut Vec<Piece>,
) {
    for (units, mark, state) in [
        (old, Mark::Del, State::Removed),
        (new, Mark::Ins, State::Added),
    ] {
        for u in units {
            let mut html = String::new();
            let id = ctx.write_marked(u, mark, &mut html);
            pieces.push(Piece {
                html: Html::Written(html),
                state,
                heading: heading_of(u).map(|(l, t)| (l, id, t)),
            });
        }
    }
}

/// A pair of units of the same kind whose content differs.
fn modified<'a>(old: &Unit<'a>, new: &Unit<'a>, ctx: &mut Ctx<'_, 'a>) -> Piece {
    let mut html = String::new();
    let mut id = None;
    match (old, new) {
        (Unit::Inline(a), Unit::Inline(b)) => word_diff(a, b, ctx, &mut html),
        (Unit::Block(a), Unit::Block(b)) => {
            id = ctx.open(b, Some("diff-changed"), &mut html);
            if is_leaf(a) && is_leaf(b) {
                word_diff(&a.children, &b.children, ctx, &mut html);
            } else {
                for p in diff_units(&units(&a.children), &units(&b.children), ctx) {
                    if !matches!(&*b.name, "li" | "td" | "th" | "dd" | "dt") {
                        html.push('\n');
                    }
                    html.push_str(&p.html);
                }
            }
            write_close(b, &mut html);
        }
        // Kinds are equal, so this cannot happen; write the new one as added.
        (_, u) => {
            return Piece {
                html: {
                    let mut h = String::new();
                    ctx.write_marked(u, Mark::Ins, &mut h);
                    Html::Written(h)
                },
                state: State::Added,
                heading: None,
            };
        }
    }
    Piece {
        html: Html::Written(html),
        state: State::Changed,
        heading: heading_of(new).map(|(l, t)| (l, id, t)),
    }
}

/// Whether two units share enough words to be shown as one changed unit:
/// at least 30% by words, counted as the equal part of their word diff.
///
/// The longest common subsequence is never shorter than that equal part, and
/// takes a fraction of the time to count ([`lcs_len`]); only a pair it does
/// not rule out is diffed. Unrelated paragraphs, the common case in a gap,
/// are mostly ruled out.
pub(super) fn similar_enough(a: &Unit, b: &Unit, t: &mut Tables) -> bool {
    let wa = words_of(a, t);
    let wb = words_of(b, t);
    if wa.is_empty() && wb.is_empty() {
        return true;
    }
    let ratio = |common: usize| (2 * common) as f32 / (wa.len() + wb.len()) as f32 >= 0.3;
    let (pre, suf) = equal_ends(&wa, &wb);
    let (old_mid, new_mid) = (&wa[pre..wa.len() - suf], &wb[pre..wb.len() - suf]);
    // Within the search limit, [`bounded_diff`] diffs the whole; beyond it,
    // only the equal ends are equal, and they are known.
    if old_mid.len() + new_mid.len() <= MAX_DIFF_TOKENS {
        if !ratio(pre + suf + lcs_len(old_mid, new_mid, t)) {
            return false;
        }
    } else {
        return ratio(pre + suf);
    }
    let common: usize = bounded_diff(Algorithm::Myers, &wa, &wb)
        .iter()
        .map(|op| match op {
            DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    ratio(common)
}

/// The words of a unit, without spaces, as ids.
fn words_of(u: &Unit, t: &mut Tables) -> Vec<u32> {
    match u {
        Unit::Inline(nodes) => words_of_nodes(nodes, false, t),
        Unit::Block(e) => words_of_nodes(&e.children, false, t),
    }
}

/// The words shown under `nodes`, without spaces, as ids; with
/// `letters_only`, without punctuation either.
pub(super) fn words_of_nodes(nodes: &[Node], letters_only: bool, t: &mut Tables) -> Vec<u32> {
    let mut text = std::mem::take(&mut t.scratch);
    text.clear();
    text_of(nodes, &mut text);
    // Runs of spaces separate words the same way however long they are, so
    // the text need not be collapsed first.
    let words = tokens_of_text(&text)
        .filter(|w| {
            if letters_only {
                w.chars().any(char::is_alphanumeric)
            } else {
                !w.starts_with(char::is_whitespace)
            }
        })
        .map(|w| t.word_id(w))
        .collect();
    t.scratch = text;
    words
}

/// How many words (runs with a letter or digit, as [`words_of_nodes`]
/// counts them with `letters_only`) the text of `nodes` has, read where it
/// stands: nothing is copied or interned.
pub(super) fn count_words(nodes: &[Node]) -> usize {
    let mut count = WordCount::default();
    each_shown_text(nodes, &mut |t| count.read(t));
    count.total()
}

/// The plain text of `nodes` (as [`words_of_nodes`] reads it), appended.
pub(super) fn text_of_nodes(nodes: &[Node], s: &mut String) {
    text_of(nodes, s);
}

/// The nodes whose text a unit holds.
pub(super) fn unit_nodes<'a>(u: &Unit<'a>) -> &'a [Node<'a>] {
    match u {
        Unit::Block(el) => &el.children,
        Unit::Inline(nodes) => nodes,
    }
}

/// The length of the longest common subsequence of `a` and `b`, counted a
/// machine word of `a` at a time (Allison–Dix, as written by Hyyrö): one
/// bit per item of `a`, one pass per item of `b`.
pub(super) fn lcs_len(a: &[u32], b: &[u32], t: &mut Tables) -> usize {
    t.word_slots.resize(t.words.len(), u32::MAX);
    lcs_len_in(a, b, &mut t.word_slots)
}

/// [`lcs_len`] for words numbered below `slots.len()`, with `slots` all
/// `u32::MAX` (and left so).
pub(super) fn lcs_len_in(a: &[u32], b: &[u32], slots: &mut [u32]) -> usize {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if a.is_empty() {
        return 0;
    }
    let blocks = a.len().div_ceil(64);
    // Per distinct word of `a`, the positions where it stands.
    let mut masks: Vec<u64> = Vec::new();
    for (i, &w) in a.iter().enumerate() {
        let slot = &mut slots[w as usize];
        if *slot == u32::MAX {
            *slot = (masks.len() / blocks) as u32;
            masks.resize(masks.len() + blocks, 0);
        }
        masks[*slot as usize * blocks + i / 64] |= 1 << (i % 64);
    }
    let mut v = vec![u64::MAX; blocks];
    for &w in b {
        let slot = slots.get(w as usize).copied().unwrap_or(u32::MAX);
        if slot == u32::MAX {
            continue;
        }
        let m = &masks[slot as usize * blocks..(slot as usize + 1) * blocks];
        let mut carry = false;
        for (vi, &mi) in v.iter_mut().zip(m) {
            let u = *vi & mi;
            let (s1, c1) = vi.overflowing_add(u);
            let (s2, c2) = s1.overflowing_add(carry as u64);
            carry = c1 || c2;
            *vi = s2 | (*vi & !mi);
        }
    }
    for &w in a {
        slots[w as usize] = u32::MAX;
    }
    // The common subsequence is as long as the cleared bits among the
    // first `a.len()`; bits past the end are not counted.
    v.iter()
        .enumerate()
        .map(|(i, x)| {
            let valid = (a.len() - i * 64).min(64);
            let mask = if valid == 64 {
                u64::MAX
            } else {
                (1 << valid) - 1
            };
            (!x & mask).count_ones() as usize
        })
        .sum()
}
