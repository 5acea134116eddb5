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
//! instead of time: see [`bounded_diff`].
//!
//! A site compares every pair of consecutive versions in every language, so
//! this runs hundreds of times per build. The tree borrows its text from the
//! input, and the diffs run on small integers: every block's exact content,
//! every word and every token is interned once per comparison ([`Tables`]),
//! so equal things are equal ids and no diff compares strings.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::rc::Rc;

use foldhash::HashMap;
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

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

// ---------------------------------------------------------------- tree

/// Names, attributes and text borrow from the input where they can: most
/// of a body is text without character references, in lowercase tags.
#[derive(Debug)]
enum Node<'a> {
    Element(Element<'a>),
    /// Decoded text.
    Text(Cow<'a, str>),
}

#[derive(Debug)]
struct Element<'a> {
    name: Cow<'a, str>,
    /// Values as written (still escaped); `None` for a bare attribute.
    attrs: Vec<(Cow<'a, str>, Option<&'a str>)>,
    children: Vec<Node<'a>>,
}

impl Element<'_> {
    /// `<span class="… visually-hidden …">`.
    fn is_visually_hidden(&self) -> bool {
        self.name == "span"
            && self.attrs.iter().any(|(k, v)| {
                k == "class"
                    && v.is_some_and(|v| v.split_ascii_whitespace().any(|c| c == "visually-hidden"))
            })
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose children must stay elements of a fixed kind (`<li>` in a
/// list, `<tr>` in a table body): removed or added children are marked by a
/// class and by `<del>`/`<ins>` inside them, never by wrapping.
fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// `s` in ASCII lowercase, borrowed when it already is.
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Where `needle` (ASCII, lowercase) first starts in `hay`, ignoring ASCII
/// case; `needle` starts with `<`, so every match is at a char boundary.
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let mut from = 0;
    while let Some(p) = memchr::memchr(n[0], &h[from..]) {
        let at = from + p;
        if h.len() - at >= n.len() && h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Reads HTML into a tree. Never fails: stray end tags are ignored, open
/// elements are closed at the end, comments and doctypes are dropped.
fn parse(html: &str) -> Vec<Node<'_>> {
    // Elements nested deeper than this are read as their text only: every
    // walk over the tree is recursive, and a hostile text (thousands of
    // nested quotes) must not exhaust the stack.
    const MAX_DEPTH: usize = 64;
    let mut ghosts: Vec<Cow<str>> = Vec::new();
    // The open elements, each with where its children start in `nodes`:
    // children collect in one buffer and move into their element, sized
    // exactly, when it closes.
    let mut stack: Vec<(Element, usize)> = vec![(
        Element {
            name: Cow::Borrowed(""),
            attrs: Vec::new(),
            children: Vec::new(),
        },
        0,
    )];
    let mut nodes: Vec<Node> = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    fn flush_text<'a>(stack: &[(Element, usize)], nodes: &mut Vec<Node<'a>>, raw: &'a str) {
        if !raw.is_empty() {
            let (_, start) = stack.last().expect("bug: the root is never popped");
            let own = nodes.len() > *start;
            let text = decode(raw);
            match nodes.last_mut() {
                Some(Node::Text(prev)) if own => prev.to_mut().push_str(&text),
                _ => nodes.push(Node::Text(text)),
            }
        }
    }
    fn close<'a>(stack: &mut Vec<(Element<'a>, usize)>, nodes: &mut Vec<Node<'a>>) {
        let (mut el, start) = stack.pop().expect("bug: checked length");
        el.children = nodes.split_off(start);
        nodes.push(Node::Element(el));
    }
    while i < bytes.len() {
        // Text runs to the next `<`.
        match memchr::memchr(b'<', &bytes[i..]) {
            Some(p) => i += p,
            None => break,
        }
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            flush_text(&stack, &mut nodes, &html[text_start..i]);
            i = rest.find("-->").map_or(bytes.len(), |e| i + e + 3);
            text_start = i;
        } else if let Some(after) = rest.strip_prefix("</") {
            flush_text(&stack, &mut nodes, &html[text_start..i]);
            let end = rest.find('>').map_or(bytes.len(), |e| i + e + 1);
            let name = after
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("");
            // Close up to the matching element, if it is open at all.
            if let Some(pos) = ghosts.iter().rposition(|g| g.eq_ignore_ascii_case(name)) {
                ghosts.truncate(pos);
            } else if let Some(pos) = stack
                .iter()
                .rposition(|(e, _)| e.name.eq_ignore_ascii_case(name))
                && pos > 0
            {
                while stack.len() > pos {
                    close(&mut stack, &mut nodes);
                }
            }
            i = end;
            text_start = i;
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            flush_text(&stack, &mut nodes, &html[text_start..i]);
            i = rest.find('>').map_or(bytes.len(), |e| i + e + 1);
            text_start = i;
        } else if rest.len() > 1 && rest.as_bytes()[1].is_ascii_alphabetic() {
            flush_text(&stack, &mut nodes, &html[text_start..i]);
            let (mut el, self_closing, len) = open_tag(rest);
            i += len;
            text_start = i;
            if self_closing || is_void(&el.name) {
                nodes.push(Node::Element(el));
            } else if matches!(&*el.name, "script" | "style" | "textarea") {
                // Raw text up to the end tag.
                let close = format!("</{}", el.name);
                let end = find_ignoring_case(&html[i..], &close).map_or(bytes.len(), |e| i + e);
                if end > i {
                    el.children.push(Node::Text(Cow::Borrowed(&html[i..end])));
                }
                nodes.push(Node::Element(el));
                i = html[end..].find('>').map_or(bytes.len(), |e| end + e + 1);
                text_start = i;
            } else if stack.len() > MAX_DEPTH {
                ghosts.push(el.name);
            } else {
                stack.push((el, nodes.len()));
            }
        } else {
            i += 1;
        }
    }
    flush_text(&stack, &mut nodes, &html[text_start..]);
    while stack.len() > 1 {
        close(&mut stack, &mut nodes);
    }
    nodes
}

/// Reads `<name attr="v" ...>` at the start of `s`: the element, whether it
/// ended in `/>`, and how many bytes it took.
fn open_tag(s: &str) -> (Element<'_>, bool, usize) {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    let name = lowercase(&s[1..i]);
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        if b[i] == b'/' {
            self_closing = s[i + 1..].starts_with('>');
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = lowercase(&s[start..i]);
        if i < b.len() && b[i] == b'=' {
            i += 1;
            let value = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = s[vs..]
                    .bytes()
                    .position(|c| c == q)
                    .map_or(b.len(), |p| vs + p);
                i = (ve + 1).min(b.len());
                &s[vs..ve]
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                &s[vs..i]
            };
            attrs.push((key, Some(value)));
        } else if !key.is_empty() {
            attrs.push((key, None));
        } else {
            i += 1;
        }
    }
    (
        Element {
            name,
            attrs,
            children: Vec::new(),
        },
        self_closing,
        i.min(s.len()),
    )
}

/// Decodes the character references our Markdown renderer writes.
fn decode(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        // A reference is short: its `;` is among the next 12 bytes, which
        // may end inside a character, so they are searched as bytes.
        let end = memchr::memchr(b';', &rest.as_bytes()[..rest.len().min(12)]);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(n)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Escapes `&`, `<` and `>`, copying the runs between them whole (all three
/// are ASCII, so a byte scan never splits a character).
fn escape_text(s: &str, out: &mut String) {
    let mut last = 0;
    for i in memchr::memchr3_iter(b'&', b'<', b'>', s.as_bytes()) {
        let entity = match s.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// An attribute value as written between double quotes: `"` and `<`
/// escaped, everything else (entities included) as it was.
fn escape_attr(v: &str, out: &mut String) {
    let mut last = 0;
    for i in memchr::memchr2_iter(b'"', b'<', v.as_bytes()) {
        let entity = match v.as_bytes()[i] {
            b'"' => "&quot;",
            _ => "&lt;",
        };
        out.push_str(&v[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&v[last..]);
}

// ---------------------------------------------------------------- writing

/// Ids already used on a page, so none is written twice.
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    /// A unique id based on `id`, in the order the page is written.
    fn claim(&mut self, id: &str) -> String {
        let mut candidate = id.to_string();
        let mut n = 2;
        while self.0.contains(&candidate) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        self.0.insert(candidate.clone());
        candidate
    }
}

/// `<name attrs…>` with an optional extra class, leaving out any `id` when
/// `skip_id`; returns the id written.
fn write_open(
    el: &Element,
    class: Option<&str>,
    skip_id: bool,
    ids: &mut Ids,
    out: &mut String,
) -> Option<String> {
    let mut written_id = None;
    out.push('<');
    out.push_str(&el.name);
    let mut had_class = false;
    for (k, v) in &el.attrs {
        if k == "id" && skip_id {
            continue;
        }
        out.push(' ');
        out.push_str(k);
        if k == "id" {
            let id = ids.claim(v.unwrap_or(""));
            out.push_str("=\"");
            escape_attr(&id, out);
            out.push('"');
            written_id = Some(id);
        } else if k == "class"
            && let Some(extra) = class
        {
            had_class = true;
            out.push_str("=\"");
            if let Some(c) = v.filter(|c| !c.is_empty()) {
                escape_attr(c, out);
                out.push(' ');
            }
            escape_attr(extra, out);
            out.push('"');
        } else if let Some(v) = v {
            out.push_str("=\"");
            escape_attr(v, out);
            out.push('"');
        }
    }
    if let (Some(extra), false) = (class, had_class) {
        out.push_str(" class=\"");
        out.push_str(extra);
        out.push('"');
    }
    out.push('>');
    written_id
}

fn write_close(el: &Element, out: &mut String) {
    if !is_void(&el.name) {
        out.push_str("</");
        out.push_str(&el.name);
        out.push('>');
    }
}

/// Writes nodes unchanged.
fn write_nodes(nodes: &[Node], ids: &mut Ids, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => escape_text(t, out),
            Node::Element(el) => {
                write_open(el, None, false, ids, out);
                write_nodes(&el.children, ids, out);
                write_close(el, out);
            }
        }
    }
}

/// What one comparison has interned: equal things get equal ids, so the
/// diffs compare integers. Ids mean nothing outside one comparison, and
/// the tables are only looked up, never walked, so their hashing order
/// never shows in the result.
struct Tables<'a> {
    /// Exact contents of units ([`fingerprint`]), and their text by id.
    fingerprints: HashMap<Rc<str>, u32>,
    fingerprint_text: Vec<Rc<str>>,
    /// Unit kinds ([`kind`]).
    kinds: HashMap<String, u32>,
    /// Words for [`similar_enough`], and a slot per word for [`lcs_len`].
    words: HashMap<String, u32>,
    word_slots: Vec<u32>,
    /// Tokens for [`word_diff`]: text tokens by (path, text), void elements
    /// by (path, HTML); one numbering for both.
    text_tokens: HashMap<(u32, &'a str), u32>,
    void_tokens: HashMap<(u32, String), u32>,
    token_count: u32,
    /// The inline elements tokens sit in, as a tree of paths from
    /// [`ROOT_PATH`]: equal paths are the same node.
    paths: Vec<PathNode>,
    path_ids: HashMap<(u32, String), u32>,
    /// Reused for fingerprints and plain text.
    scratch: String,
}

/// The path of tokens outside any inline element.
const ROOT_PATH: u32 = 0;

struct PathNode {
    parent: u32,
    depth: u32,
    /// The innermost element's name and whole opening tag as written (ids
    /// unclaimed), and whether that tag has an id to make unique.
    name: String,
    html: String,
    has_id: bool,
}

impl Default for Tables<'_> {
    fn default() -> Self {
        Tables {
            fingerprints: HashMap::default(),
            fingerprint_text: Vec::new(),
            kinds: HashMap::default(),
            words: HashMap::default(),
            word_slots: Vec::new(),
            text_tokens: HashMap::default(),
            void_tokens: HashMap::default(),
            token_count: 0,
            paths: vec![PathNode {
                parent: ROOT_PATH,
                depth: 0,
                name: String::new(),
                html: String::new(),
                has_id: false,
            }],
            path_ids: HashMap::default(),
            scratch: String::new(),
        }
    }
}

impl<'a> Tables<'a> {
    fn fingerprint_id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.fingerprints.get(s) {
            return id;
        }
        let id = self.fingerprint_text.len() as u32;
        let text: Rc<str> = Rc::from(s);
        self.fingerprint_text.push(text.clone());
        self.fingerprints.insert(text, id);
        id
    }

    fn kind_id(&mut self, s: &str) -> u32 {
        let next = self.kinds.len() as u32;
        match self.kinds.get(s) {
            Some(&id) => id,
            None => {
                self.kinds.insert(s.to_string(), next);
                next
            }
        }
    }

    fn word_id(&mut self, w: &str) -> u32 {
        let next = self.words.len() as u32;
        match self.words.get(w) {
            Some(&id) => id,
            None => {
                self.words.insert(w.to_string(), next);
                next
            }
        }
    }

    /// The path of an inline element `name`, written as `html`, inside
    /// the path `parent`.
    fn path_id(&mut self, parent: u32, name: &str, html: String) -> u32 {
        let next = self.paths.len() as u32;
        let key = (parent, html);
        if let Some(&id) = self.path_ids.get(&key) {
            return id;
        }
        let html = key.1.clone();
        self.path_ids.insert(key, next);
        // Ids are made unique when the tag is written, from the tag as
        // written here: whether it has one is read from that text too.
        let has_id = open_tag(&html).0.attrs.iter().any(|(k, _)| k == "id");
        let depth = self.paths[parent as usize].depth + 1;
        self.paths.push(PathNode {
            parent,
            depth,
            name: name.to_string(),
            html,
            has_id,
        });
        next
    }

    fn text_token(&mut self, path: u32, text: &'a str) -> u32 {
        let next = self.token_count;
        let id = *self.text_tokens.entry((path, text)).or_insert(next);
        if id == next {
            self.token_count += 1;
        }
        id
    }

    fn void_token(&mut self, path: u32, html: &str) -> u32 {
        let next = self.token_count;
        let id = *self
            .void_tokens
            .entry((path, html.to_string()))
            .or_insert(next);
        if id == next {
            self.token_count += 1;
        }
        id
    }
}

struct Ctx<'l, 'a> {
    labels: &'l Labels,
    /// Ids already used on the page.
    ids: Ids,
    t: Tables<'a>,
}

impl<'a> Ctx<'_, 'a> {
    /// `<name attrs…>` with an optional extra class; returns the id written.
    fn open(&mut self, el: &Element, class: Option<&str>, out: &mut String) -> Option<String> {
        write_open(el, class, false, &mut self.ids, out)
    }

    /// Writes nodes unchanged.
    fn write(&mut self, nodes: &[Node], out: &mut String) {
        write_nodes(nodes, &mut self.ids, out);
    }

    fn mark_open(&self, mark: Mark, out: &mut String) {
        let (tag, label) = match mark {
            Mark::Del => ("del", &self.labels.removed),
            Mark::Ins => ("ins", &self.labels.added),
        };
        out.push('<');
        out.push_str(tag);
        out.push_str("><span class=\"visually-hidden\">");
        escape_text(label, out);
        out.push_str(" </span>");
    }

    fn mark_close(mark: Mark, out: &mut String) {
        out.push_str(match mark {
            Mark::Del => "</del>",
            Mark::Ins => "</ins>",
        });
    }

    /// Writes a whole block (or inline run) as added or removed: structure
    /// kept, the words of every leaf block wrapped in one `<ins>`/`<del>`.
    fn write_marked(&mut self, unit: &Unit<'a>, mark: Mark, out: &mut String) -> Option<String> {
        match unit {
            Unit::Inline(nodes) => {
                if has_words(nodes) {
                    self.mark_open(mark, out);
                    self.write(nodes, out);
                    Self::mark_close(mark, out);
                } else {
                    self.write(nodes, out);
                }
                None
            }
            Unit::Block(el) => {
                let class = match mark {
                    Mark::Del => "diff-removed",
                    Mark::Ins => "diff-added",
                };
                let id = self.open(el, Some(class), out);
                if is_leaf(el) {
                    if has_words(&el.children) {
                        self.mark_open(mark, out);
                        self.write(&el.children, out);
                        Self::mark_close(mark, out);
                    } else {
                        self.write(&el.children, out);
                    }
                } else {
                    for u in units(&el.children) {
                        self.write_marked(&u, mark, out);
                    }
                }
                write_close(el, out);
                id
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Del,
    Ins,
}

// ---------------------------------------------------------------- blocks

/// What a list of children is compared as: block elements one by one, and
/// runs of inline content (text, links, emphasis) as one unit each.
#[derive(Debug, Clone)]
enum Unit<'a> {
    Block(&'a Element<'a>),
    Inline(&'a [Node<'a>]),
}

fn units<'a>(nodes: &'a [Node<'a>]) -> Vec<Unit<'a>> {
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
fn is_leaf(el: &Element) -> bool {
    !el.children
        .iter()
        .any(|c| matches!(c, Node::Element(e) if is_block(&e.name)))
}

fn has_words(nodes: &[Node]) -> bool {
    nodes.iter().any(|n| match n {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) => is_void(&e.name) || has_words(&e.children),
    })
}

/// The exact content of a unit, for finding blocks that did not change: the
/// unit as written with ids of its own (a block's id is made from its text;
/// it must not count twice), interned. Also whether the unit has no id at
/// all, so that the fingerprint is exactly what an unchanged unit writes.
fn fingerprint(u: &Unit, t: &mut Tables) -> (u32, bool) {
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
fn kind(u: &Unit, t: &mut Tables) -> u32 {
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
enum State {
    Same,
    Changed,
    Added,
    Removed,
}

/// The HTML of a piece: written for it, or an unchanged unit's
/// fingerprint, shared rather than copied.
enum Html {
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
struct Piece {
    html: Html,
    state: State,
    /// For a heading: its level, written id and text.
    heading: Option<(u8, Option<String>, String)>,
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
    for n in nodes {
        match n {
            Node::Text(t) => s.push_str(t),
            Node::Element(e) if e.is_visually_hidden() => {}
            Node::Element(e) => text_of(&e.children, s),
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
fn bounded_diff<T: Eq + std::hash::Hash + Ord>(alg: Algorithm, a: &[T], b: &[T]) -> Vec<DiffOp> {
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

fn diff_units<'a>(old: &[Unit<'a>], new: &[Unit<'a>], ctx: &mut Ctx<'_, 'a>) -> Vec<Piece> {
    let ok: Vec<u32> = old.iter().map(|u| fingerprint(u, &mut ctx.t).0).collect();
    let nk: Vec<(u32, bool)> = new.iter().map(|u| fingerprint(u, &mut ctx.t)).collect();
    let nk_ids: Vec<u32> = nk.iter().map(|k| k.0).collect();
    let mut pieces = Vec::with_capacity(new.len());
    let mut pending: Option<(usize, usize, usize, usize)> = None;
    for op in bounded_diff(Algorithm::Patience, &ok, &nk_ids) {
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
fn unpaired<'a>(
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
fn similar_enough(a: &Unit, b: &Unit, t: &mut Tables) -> bool {
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
    let mut text = std::mem::take(&mut t.scratch);
    text.clear();
    match u {
        Unit::Inline(nodes) => text_of(nodes, &mut text),
        Unit::Block(e) => text_of(&e.children, &mut text),
    }
    // Runs of spaces separate words the same way however long they are, so
    // the text need not be collapsed first.
    let words = tokens_of_text(&text)
        .filter(|w| !w.starts_with(char::is_whitespace))
        .map(|w| t.word_id(w))
        .collect();
    t.scratch = text;
    words
}

/// The length of the longest common subsequence of `a` and `b`, counted a
/// machine word of `a` at a time (Allison–Dix, as written by Hyyrö): one
/// bit per item of `a`, one pass per item of `b`.
fn lcs_len(a: &[u32], b: &[u32], t: &mut Tables) -> usize {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if a.is_empty() {
        return 0;
    }
    let blocks = a.len().div_ceil(64);
    // Per distinct word of `a`, the positions where it stands.
    t.word_slots.resize(t.words.len(), u32::MAX);
    let mut masks: Vec<u64> = Vec::new();
    for (i, &w) in a.iter().enumerate() {
        let slot = &mut t.word_slots[w as usize];
        if *slot == u32::MAX {
            *slot = (masks.len() / blocks) as u32;
            masks.resize(masks.len() + blocks, 0);
        }
        masks[*slot as usize * blocks + i / 64] |= 1 << (i % 64);
    }
    let mut v = vec![u64::MAX; blocks];
    for &w in b {
        let slot = t.word_slots.get(w as usize).copied().unwrap_or(u32::MAX);
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
        t.word_slots[w as usize] = u32::MAX;
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

// ---------------------------------------------------------------- words

/// A word, a run of spaces, a punctuation mark or an inline void element,
/// with the inline elements it sits in (`<a href=…>`, `<strong>`): a path
/// in [`Tables::paths`]. Tokens with equal `id` are equal.
struct Tok<'a> {
    id: u32,
    path: u32,
    text: Cow<'a, str>,
    /// An element such as `<br>`, written as is.
    void: bool,
}

/// The classes of characters that make tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Space,
    Other,
}

fn class(c: char) -> Class {
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
fn class_at(s: &str, i: usize) -> (Class, usize) {
    let b = s.as_bytes()[i];
    if b < 128 {
        (ASCII_CLASS[b as usize], 1)
    } else {
        let c = s[i..].chars().next().expect("bug: a char starts here");
        (class(c), c.len_utf8())
    }
}

/// Splits text into words (letters, digits, `_`), runs of spaces, and single
/// other characters.
fn tokens_of_text(s: &str) -> impl Iterator<Item = &str> {
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

fn word_diff<'a>(
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
    fn push<'t, 'a>(
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

// ---------------------------------------------------------------- page

/// Folds unchanged runs and builds the outline. `size_hint` is the length
/// of the longer input; the result is usually a little longer than that.
fn finish(pieces: Vec<Piece>, labels: &Labels, size_hint: usize) -> Comparison {
    let mut html = String::with_capacity(size_hint + size_hint / 4);
    let mut outline: Vec<OutlineEntry> = Vec::new();
    let mut changed_blocks = 0;
    // The section being read: heading text, id, how the heading changed.
    let mut section: (Option<String>, String, State) = (None, INTRO_ID.to_string(), State::Same);
    let mut section_listed = false;
    let mut run: Vec<Html> = Vec::new();
    let flush = |run: &mut Vec<Html>, html: &mut String| {
        if run.is_empty() {
            return;
        }
        let summary = if run.len() == 1 {
            labels.unchanged_one.clone()
        } else {
            labels
                .unchanged_many
                .replace("{count}", &run.len().to_string())
        };
        html.push_str("<details class=\"diff-unchanged\"><summary>");
        escape_text(&summary, html);
        html.push_str("</summary>\n");
        for r in run.drain(..) {
            html.push_str(&r);
            html.push('\n');
        }
        html.push_str("</details>\n");
    };
    for p in pieces {
        if let Some((level, id, text)) = &p.heading
            && *level <= 3
        {
            section = (
                Some(text.clone()),
                id.clone().unwrap_or_else(|| INTRO_ID.to_string()),
                p.state,
            );
            section_listed = false;
        }
        if p.state != State::Same {
            changed_blocks += 1;
            if !section_listed {
                section_listed = true;
                outline.push(OutlineEntry {
                    heading: section.0.clone(),
                    id: section.1.clone(),
                    change: match section.2 {
                        State::Added => SectionChange::Added,
                        State::Removed => SectionChange::Removed,
                        _ => SectionChange::Changed,
                    },
                });
            }
        }
        if p.state == State::Same && p.heading.is_none() {
            run.push(p.html);
        } else {
            flush(&mut run, &mut html);
            html.push_str(&p.html);
            html.push('\n');
        }
    }
    flush(&mut run, &mut html);
    Comparison {
        html,
        outline,
        changed_blocks,
    }
}

#[cfg(test)]
mod tests {
    /// Ten thousand nested quotes must neither overflow the stack nor lose
    /// the words at the bottom.
    #[test]
    fn deep_nesting_is_read_as_text() {
        let deep = format!(
            "{}bodem{}",
            "<blockquote>".repeat(10_000),
            "</blockquote>".repeat(10_000)
        );
        let changed = deep.replace("bodem", "grond");
        let c = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || compare(&deep, &changed, &labels()))
            .unwrap()
            .join()
            .unwrap();
        assert!(c.html.contains("grond"), "{}", c.html);
    }

    use super::*;

    fn labels() -> Labels {
        Labels {
            added: "added:".into(),
            removed: "removed:".into(),
            unchanged_one: "1 unchanged paragraph".into(),
            unchanged_many: "{count} unchanged paragraphs".into(),
        }
    }

    #[test]
    fn words_not_lines_are_marked() {
        let c = compare(
            "<p>We keep the file for two years.</p>",
            "<p>We keep the file for five years.</p>",
            &labels(),
        );
        assert_eq!(
            c.html.trim(),
            "<p class=\"diff-changed\">We keep the file for <del><span class=\"visually-hidden\">removed: </span>two</del><ins><span class=\"visually-hidden\">added: </span>five</ins> years.</p>"
        );
        assert_eq!(c.changed_blocks, 1);
    }

    #[test]
    fn a_huge_changed_paragraph_is_compared_in_bounded_time() {
        // 40,000 words against two: the smallest edit would take minutes to
        // search for; the whole paragraph is shown as replaced instead.
        let long = format!("<p>{}</p>", "lorem ipsum ".repeat(20_000));
        let started = std::time::Instant::now();
        let c = compare("<p>Hallo wereld.</p>", &long, &labels());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "took {:?}",
            started.elapsed()
        );
        // One paragraph removed, one added.
        assert_eq!(c.changed_blocks, 2);
        assert!(
            c.html.contains("removed: </span>Hallo wereld.</del>"),
            "{}",
            &c.html[..300]
        );
        assert_eq!(c.html.matches("<ins>").count(), 1);
    }

    #[test]
    fn one_word_changed_in_a_huge_paragraph_is_still_marked_as_one_word() {
        let words = "lorem ipsum ".repeat(10_000);
        let old = format!("<p>{words}two {words}</p>");
        let new = format!("<p>{words}five {words}</p>");
        let c = compare(&old, &new, &labels());
        assert!(
            c.html.contains("<del><span class=\"visually-hidden\">removed: </span>two</del><ins><span class=\"visually-hidden\">added: </span>five</ins>"),
            "the change is not marked word by word"
        );
    }

    #[test]
    fn unchanged_paragraphs_are_folded_and_counted() {
        let old = "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n<p>Four.</p>";
        let new = "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n<p>Four!</p>";
        let c = compare(old, new, &labels());
        assert!(
            c.html.starts_with("<details class=\"diff-unchanged\"><summary>3 unchanged paragraphs</summary>\n<p>One.</p>"),
            "{}",
            c.html
        );
        assert!(c.html.contains("Four<del>"));
        let one = compare("<p>A.</p><p>B.</p>", "<p>A.</p><p>C.</p>", &labels());
        assert!(
            one.html
                .contains("<summary>1 unchanged paragraph</summary>")
        );
    }

    #[test]
    fn outline_lists_changed_sections_with_their_anchors() {
        let old = "<h2 id=\"a\">A</h2>\n<p>same</p>\n<h2 id=\"b\">B</h2>\n<p>old text here</p>\n<h2 id=\"c\">C</h2>\n<p>gone</p>";
        let new = "<h2 id=\"a\">A</h2>\n<p>same</p>\n<h2 id=\"b\">B</h2>\n<p>new text here</p>\n<h2 id=\"d\">D new</h2>\n<p>fresh words entirely</p>";
        let c = compare(old, new, &labels());
        let got: Vec<(Option<&str>, &str, SectionChange)> = c
            .outline
            .iter()
            .map(|e| (e.heading.as_deref(), e.id.as_str(), e.change))
            .collect();
        assert_eq!(
            got,
            [
                (Some("B"), "b", SectionChange::Changed),
                (Some("C"), "c", SectionChange::Removed),
                (Some("D new"), "d", SectionChange::Added),
            ]
        );
        // Unchanged headings stay visible; the outline's anchors exist once.
        assert!(c.html.contains("<h2 id=\"a\">A</h2>"));
        for id in ["a", "b", "c", "d"] {
            assert_eq!(c.html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
        }
    }

    #[test]
    fn changes_before_any_heading_link_to_the_text() {
        let c = compare("<p>Hello there.</p>", "<p>Hello here.</p>", &labels());
        assert_eq!(c.outline[0].heading, None);
        assert_eq!(c.outline[0].id, INTRO_ID);
    }

    #[test]
    fn a_changed_cell_stays_inside_its_table() {
        let old = "<table>\n<thead>\n<tr>\n<th>Data</th>\n<th>Kept</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Pupil file</td>\n<td>5 years</td>\n</tr>\n<tr>\n<td>Logins</td>\n<td>6 months</td>\n</tr>\n</tbody>\n</table>";
        let new = old.replace("6 months", "12 months");
        let c = compare(old, &new, &labels());
        assert!(
            c.html.starts_with("<table class=\"diff-changed\">"),
            "{}",
            c.html
        );
        assert!(c.html.contains("<td class=\"diff-changed\"><del><span class=\"visually-hidden\">removed: </span>6</del><ins><span class=\"visually-hidden\">added: </span>12</ins> months</td>"), "{}", c.html);
        assert!(c.html.contains("<td>Pupil file</td>"));
        assert_eq!(c.html.matches("<table").count(), 1);
    }

    #[test]
    fn an_added_list_item_is_marked_inside_the_list() {
        let old = "<ol type=\"a\">\n<li>teaching;</li>\n<li>administration.</li>\n</ol>";
        let new = "<ol type=\"a\">\n<li>teaching;</li>\n<li>monitoring wellbeing;</li>\n<li>administration.</li>\n</ol>";
        let c = compare(old, new, &labels());
        assert!(
            c.html.starts_with("<ol type=\"a\" class=\"diff-changed\">"),
            "{}",
            c.html
        );
        assert!(c.html.contains("<li class=\"diff-added\"><ins><span class=\"visually-hidden\">added: </span>monitoring wellbeing;</ins></li>"), "{}", c.html);
        assert!(!c.html.contains("<ins><li"));
    }

    #[test]
    fn links_split_by_a_change_stay_balanced() {
        let c = compare(
            "<p>See <a href=\"/x\" id=\"r\">the old rules</a>.</p>",
            "<p>See <a href=\"/x\" id=\"r\">the new rules</a>.</p>",
            &labels(),
        );
        assert_eq!(
            c.html.matches("<a ").count(),
            c.html.matches("</a>").count()
        );
        assert_eq!(c.html.matches("id=\"r\"").count(), 1, "{}", c.html);
    }

    #[test]
    fn unrelated_paragraphs_are_replaced_not_interleaved() {
        let c = compare(
            "<p>Completely different words here.</p>",
            "<p>Nothing alike at all, truly.</p>",
            &labels(),
        );
        assert!(
            c.html.contains("<p class=\"diff-removed\"><del>"),
            "{}",
            c.html
        );
        assert!(
            c.html.contains("<p class=\"diff-added\"><ins>"),
            "{}",
            c.html
        );
    }

    #[test]
    fn identical_texts_have_no_changes_and_output_is_deterministic() {
        let t = "<h2 id=\"x\">X</h2>\n<p>a &amp; b &lt;c&gt;</p>";
        let c = compare(t, t, &labels());
        assert!(c.identical() && c.outline.is_empty());
        assert!(c.html.contains("a &amp; b &lt;c&gt;"));
        assert_eq!(c, compare(t, t, &labels()));
    }

    #[test]
    fn broken_html_never_panics_and_comes_out_balanced() {
        for bad in [
            "<p>open",
            "</div></p>text",
            "<a href='x\">",
            "<",
            "<p><b>x</p></b>",
            "&#xffffffff; &bogus;",
        ] {
            let c = compare(bad, "<p>other</p>", &labels());
            assert_eq!(
                c.html.matches("<p").count(),
                c.html.matches("</p>").count(),
                "{bad}: {}",
                c.html
            );
        }
    }

    /// SplitMix64: a fixed stream of test inputs.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % n as u64) as usize
        }
    }

    /// The longest common subsequence by the textbook table.
    fn lcs_by_table(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diag = 0;
            for (j, y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
                diag = up;
            }
        }
        row[b.len()]
    }

    #[test]
    fn common_subsequence_is_counted_exactly_across_machine_words() {
        let mut rng = Rng(1);
        let mut t = Tables::default();
        for w in 0..12 {
            t.word_id(&w.to_string());
        }
        for round in 0..400 {
            let alphabet = 2 + round % 10;
            // Lengths on both sides of 64 and 128 bits.
            let a: Vec<u32> = (0..rng.below(200))
                .map(|_| rng.below(alphabet) as u32)
                .collect();
            let b: Vec<u32> = (0..rng.below(200))
                .map(|_| rng.below(alphabet) as u32)
                .collect();
            assert_eq!(
                lcs_len(&a, &b, &mut t),
                lcs_by_table(&a, &b),
                "{a:?} / {b:?}"
            );
        }
    }

    /// The check before the word diff must decide exactly as the word diff
    /// alone did: same pairs, so the same comparison.
    #[test]
    fn pairing_by_similarity_is_decided_as_by_the_word_diff_alone() {
        fn by_word_diff(a: &str, b: &str) -> bool {
            let words = |s: &str| -> Vec<String> {
                let text = s.split_whitespace().collect::<Vec<_>>().join(" ");
                tokens_of_text(&text)
                    .filter(|t| !t.trim().is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let (wa, wb) = (words(a), words(b));
            if wa.is_empty() && wb.is_empty() {
                return true;
            }
            let common: usize = bounded_diff(Algorithm::Myers, &wa, &wb)
                .iter()
                .map(|op| match op {
                    DiffOp::Equal { len, .. } => *len,
                    _ => 0,
                })
                .sum();
            (2 * common) as f32 / (wa.len() + wb.len()) as f32 >= 0.3
        }
        let vocabulary = [
            "de", "het", "school", "gegevens", ",", ".", "leerling", "ouders",
        ];
        let mut rng = Rng(2);
        let (mut paired, mut unpaired) = (0, 0);
        for _ in 0..2000 {
            let mut text = || {
                (0..rng.below(40))
                    .map(|_| vocabulary[rng.below(vocabulary.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (a, b) = (text(), text());
            let (ta, tb) = (parse(&a), parse(&b));
            let (ua, ub) = (Unit::Inline(&ta), Unit::Inline(&tb));
            let expected = by_word_diff(&a, &b);
            assert_eq!(
                similar_enough(&ua, &ub, &mut Tables::default()),
                expected,
                "{a:?} / {b:?}"
            );
            if expected {
                paired += 1;
            } else {
                unpaired += 1;
            }
        }
        // Both outcomes were tried, many times.
        assert!(paired > 200 && unpaired > 200, "{paired} / {unpaired}");
    }

    #[test]
    fn words_are_split_as_by_character_class() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(class_at(&s, 0), (class(c), c.len_utf8()), "{c:?}");
        }
        let got: Vec<&str> = tokens_of_text("Héllo,  wereld_2\u{a0}\u{b}x…!").collect();
        assert_eq!(
            got,
            ["Héllo", ",", "  ", "wereld_2", "\u{a0}\u{b}", "x", "…", "!"]
        );
    }

    /// An unchanged block is written as it was fingerprinted only when it
    /// has no id: an id inside it must still be made unique on the page.
    #[test]
    fn ids_in_unchanged_blocks_stay_unique() {
        let old =
            "<h2 id=\"a\">A</h2>\n<blockquote>\n<p id=\"a\">quote</p>\n</blockquote>\n<p>old</p>";
        let new = old.replace("<p>old</p>", "<p>new</p>");
        let c = compare(old, &new, &labels());
        assert!(c.html.contains("<h2 id=\"a\">A</h2>"), "{}", c.html);
        assert!(c.html.contains("<p id=\"a-2\">quote</p>"), "{}", c.html);
    }

    /// A character reference followed closely by characters of more than one
    /// byte (`&gt; één`) once cut a character in two and stopped the build.
    #[test]
    fn references_before_accented_letters_are_read() {
        // Every alignment of the two-byte letters against the reference.
        for pad in ["", " ", "  ", "   "] {
            let old = format!("<p>ouder &gt;{pad}ééééééé jaar</p>");
            let new = old.replace("jaar", "maand");
            let c = compare(&old, &new, &labels());
            assert!(
                c.html.starts_with(&format!(
                    "<p class=\"diff-changed\">ouder &gt;{pad}ééééééé <del>"
                )),
                "{}",
                c.html
            );
        }
    }

    #[test]
    fn script_text_ends_at_its_end_tag_in_any_case() {
        let old = "<p>a</p><SCRIPT>x<p>y</p></ScRiPt><p>b</p>";
        let c = compare(old, "<p>a</p><p>c</p>", &labels());
        assert!(
            c.html.contains("<script>x&lt;p&gt;y&lt;/p&gt;</script>"),
            "{}",
            c.html
        );
    }
}
