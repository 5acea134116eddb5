//! Comparing word by word inside a pair of blocks.

use std::borrow::Cow;

use crate::ascii8::{self, HIGH};

use similar::{Algorithm, DiffOp};

use super::blocks::bounded_diff;
use super::tree::{Node, escape_attr, escape_text, is_void, open_tag};
use super::writing::{Ctx, Ids, Mark, PathNode, ROOT_PATH, write_open};

/// A word, a run of spaces, a punctuation mark or an inline void element,
/// with the inline elements it sits in (`<a href=…>`, `<strong>`): a path
/// in [`Tables::paths`](super::writing::Tables::paths). Tokens with equal `id` are equal.
struct Tok<'a> {
    id: u32,
    path: u32,
    text: Cow<'a, str>,
    /// An element such as `<br>`, written as is.
    void: bool,
}

/// The classes of characters that make tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Word,
    Space,
    Other,
}

pub(super) fn class(c: char) -> Class {
    if c.is_alphanumeric() || c == '_' {
        Class::Word
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

/// The class of each ASCII character, as [`class`] gives it.
const ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() || c == b'_' {
            Class::Word
        } else if matches!(c, b'\t'..=b'\r' | b' ') {
            Class::Space
        } else {
            Class::Other
        };
        b += 1;
    }
    table
};

/// The class and length of the character at byte `i` of `s`; ASCII (most
/// of any text) is classed without decoding.
#[inline]
pub(super) fn class_at(s: &str, i: usize) -> (Class, usize) {
    let b = s.as_bytes()[i];
    if b < 128 {
        (ASCII_CLASS[b as usize], 1)
    } else {
        let c = s[i..].chars().next().expect("bug: a char starts here");
        (class(c), c.len_utf8())
    }
}

/// How many of the words [`tokens_of_text`] cuts `s` into hold a letter or
/// a digit (what a text's words are counted by), without cutting them.
#[cfg(test)]
pub(super) fn count_letter_words(s: &str) -> usize {
    let mut count = WordCount::default();
    count.read(s);
    count.total()
}

/// Counts the words (runs of word characters with a letter or digit in
/// them, as [`tokens_of_text`] cuts them) of pieces of text read one after
/// the other as one text, without copying or cutting them: a word may run
/// on from one piece into the next. One pass over the bytes, ASCII through
/// a table; only what is not ASCII is decoded.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct WordCount {
    /// Words ended so far.
    ended: usize,
    /// In a run of word characters that has had a letter or digit (so
    /// never true outside a run).
    lettered: bool,
}

impl WordCount {
    /// Reads the next piece of text.
    pub(super) fn read(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let (mut ended, mut lettered) = (self.ended, self.lettered);
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time while they are ASCII without `_`: then
            // a word character is a letter or digit, and a word ends at each
            // other byte that follows one.
            if let Some(x) = ascii8::at(bytes, i)
                && x & HIGH == 0
                && !ascii8::has_byte(x, b'_')
            {
                let alnum = ascii8::alnum(x);
                let after_alnum = (alnum << 8) | (u64::from(lettered) << 7);
                ended += (!alnum & after_alnum & HIGH).count_ones() as usize;
                lettered = alnum >> 63 != 0;
                i += 8;
                continue;
            }
            // Otherwise a character at a time, to the end of those eight.
            let stop = (i + 8).min(bytes.len());
            while i < stop {
                let b = bytes[i];
                let (word, alnum) = if b < 128 {
                    i += 1;
                    let k = ASCII_WORD[b as usize];
                    (k != 0, k == 2)
                } else {
                    let c = s[i..].chars().next().expect("bug: a char starts here");
                    i += c.len_utf8();
                    (class(c) == Class::Word, c.is_alphanumeric())
                };
                // A run that ends here counts if it was lettered.
                ended += usize::from(!word & lettered);
                lettered = word & (lettered | alnum);
            }
        }
        (self.ended, self.lettered) = (ended, lettered);
    }

    /// The words read so far, the one still running included.
    pub(super) fn total(&self) -> usize {
        self.ended + usize::from(self.lettered)
    }
}

/// Per ASCII character: 0 not a word character, 1 `_`, 2 a letter or
/// digit (as [`class`] and [`char::is_alphanumeric`] have them).
const ASCII_WORD: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            2
        } else if c == b'_' {
            1
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Splits text into words (letters, digits, `_`), runs of spaces, and single
/// other characters.
pub(super) fn tokens_of_text(s: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= s.len() {
            return None;
        }
        let (k, first) = class_at(s, start);
        let mut end = start + first;
        if k != Class::Other {
            while end < s.len() {
                let (next, len) = class_at(s, end);
                if next != k {
                    break;
                }
                end += len;
            }
        }
        let token = &s[start..end];
        start = end;
        Some(token)
    })
}

fn tokenize<'a>(nodes: &'a [Node<'a>], path: u32, ctx: &mut Ctx<'_, 'a>, out: &mut Vec<Tok<'a>>) {
    for n in nodes {
        match n {
            Node::Text(t) => {
                let t: &'a str = t;
                for w in tokens_of_text(t) {
                    out.push(Tok {
                        id: ctx.t.text_token(path, w),
                        path,
                        text: Cow::Borrowed(w),
                        void: false,
                    });
                }
            }
            Node::Element(el) if is_void(&el.name) => {
                let mut html = String::new();
                // Void elements carry no id worth keeping unique here.
                ctx.write(std::slice::from_ref(n), &mut html);
                out.push(Tok {
                    id: ctx.t.void_token(path, &html),
                    path,
                    text: Cow::Owned(html),
                    void: true,
                });
            }
            Node::Element(el) => {
                // Written without claiming its id: ids are claimed when the
                // tag is finally written.
                let mut html = String::new();
                html.push('<');
                html.push_str(&el.name);
                for (k, v) in &el.attrs {
                    html.push(' ');
                    html.push_str(k);
                    if let Some(v) = v {
                        html.push_str("=\"");
                        escape_attr(v, &mut html);
                        html.push('"');
                    }
                }
                html.push('>');
                let inner = ctx.t.path_id(path, &el.name, html);
                tokenize(&el.children, inner, ctx, out);
            }
        }
    }
}

/// An opening tag with its id made unique on the page (an element split by
/// a change is opened more than once).
fn unique_ids(tag_html: &str, ids: &mut Ids) -> String {
    let (el, _, _) = open_tag(tag_html);
    if !el.attrs.iter().any(|(k, _)| k == "id") {
        return tag_html.to_string();
    }
    let mut s = String::new();
    write_open(&el, None, false, ids, &mut s);
    s
}

/// The deepest path both `a` and `b` lie on: their longest common start.
fn common_path(paths: &[PathNode], mut a: u32, mut b: u32) -> u32 {
    while paths[a as usize].depth > paths[b as usize].depth {
        a = paths[a as usize].parent;
    }
    while paths[b as usize].depth > paths[a as usize].depth {
        b = paths[b as usize].parent;
    }
    while a != b {
        a = paths[a as usize].parent;
        b = paths[b as usize].parent;
    }
    a
}

/// Writes a token sequence, opening and closing the inline elements around
/// the tokens so that every element closes inside the run it opened in.
fn write_tokens(toks: &[&Tok], ctx: &mut Ctx, out: &mut String) {
    let paths = &ctx.t.paths;
    let close_to = |from: u32, to: u32, out: &mut String| {
        let mut p = from;
        while p != to {
            let node = &paths[p as usize];
            out.push_str("</");
            out.push_str(&node.name);
            out.push('>');
            p = node.parent;
        }
    };
    let mut open = ROOT_PATH;
    let mut chain: Vec<u32> = Vec::new();
    for t in toks {
        if t.path != open {
            let common = common_path(paths, open, t.path);
            close_to(open, common, out);
            chain.clear();
            let mut p = t.path;
            while p != common {
                chain.push(p);
                p = paths[p as usize].parent;
            }
            for &p in chain.iter().rev() {
                let node = &paths[p as usize];
                if node.has_id {
                    out.push_str(&unique_ids(&node.html, &mut ctx.ids));
                } else {
                    out.push_str(&node.html);
                }
            }
            open = t.path;
        }
        if t.void {
            out.push_str(&t.text);
        } else {
            escape_text(&t.text, out);
        }
    }
    close_to(open, ROOT_PATH, out);
}

pub(super) fn word_diff<'a>(
    old: &'a [Node<'a>],
    new: &'a [Node<'a>],
    ctx: &mut Ctx<'_, 'a>,
    out: &mut String,
) {
    let mut a = Vec::new();
    let mut b = Vec::new();
    tokenize(old, ROOT_PATH, ctx, &mut a);
    tokenize(new, ROOT_PATH, ctx, &mut b);
    let a_ids: Vec<u32> = a.iter().map(|t| t.id).collect();
    let b_ids: Vec<u32> = b.iter().map(|t| t.id).collect();
    // Segments of equal, deleted and inserted tokens.
    let mut segs: Vec<(Option<Mark>, Vec<&Tok>)> = Vec::new();
    pub(super) fn push<'t, 'a>(
        segs: &mut Vec<(Option<Mark>, Vec<&'t Tok<'a>>)>,
        m: Option<Mark>,
        toks: &'t [Tok<'a>],
    ) {
        for t in toks {
            match segs.last_mut() {
                Some((lm, v)) if *lm == m => v.push(t),
                _ => segs.push((m, vec![t])),
            }
        }
    }
    for op in bounded_diff(Algorithm::Myers, &a_ids, &b_ids) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                push(&mut segs, None, &b[new_index..new_index + len])
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(
                &mut segs,
                Some(Mark::Del),
                &a[old_index..old_index + old_len],
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(
                &mut segs,
                Some(Mark::Ins),
                &b[new_index..new_index + new_len],
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(
                    &mut segs,
                    Some(Mark::Del),
                    &a[old_index..old_index + old_len],
                );
                push(
                    &mut segs,
                    Some(Mark::Ins),
                    &b[new_index..new_index + new_len],
                );
            }
        }
    }
    // Changes separated only by spaces read as one change: all that was
    // removed, then all that was added.
    let mut merged: Vec<(Option<Mark>, Vec<&Tok>)> = Vec::new();
    let mut region: Option<(Vec<&Tok>, Vec<&Tok>)> = None;
    let n = segs.len();
    for (i, (m, toks)) in segs.into_iter().enumerate() {
        let bridge = m.is_none()
            && region.is_some()
            && i + 1 < n
            && toks.iter().all(|t| !t.void && t.text.trim().is_empty());
        match m {
            Some(mark) => {
                let r = region.get_or_insert_with(|| (Vec::new(), Vec::new()));
                match mark {
                    Mark::Del => r.0.extend(toks),
                    Mark::Ins => r.1.extend(toks),
                }
            }
            None if bridge => {
                let r = region.as_mut().expect("bug: checked above");
                r.0.extend(toks.iter().copied());
                r.1.extend(toks);
            }
            None => {
                if let Some((d, ins)) = region.take() {
                    if !d.is_empty() {
                        merged.push((Some(Mark::Del), d));
                    }
                    if !ins.is_empty() {
                        merged.push((Some(Mark::Ins), ins));
                    }
                }
                merged.push((None, toks));
            }
        }
    }
    if let Some((d, ins)) = region.take() {
        if !d.is_empty() {
            merged.push((Some(Mark::Del), d));
        }
        if !ins.is_empty() {
            merged.push((Some(Mark::Ins), ins));
        }
    }
    for (m, toks) in merged {
        match m {
            None => write_tokens(&toks, ctx, out),
            Some(mark) => {
                ctx.mark_open(mark, out);
                write_tokens(&toks, ctx, out);
                Ctx::mark_close(mark, out);
            }
        }
    }
}
