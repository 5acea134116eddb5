//! Writing the comparison: tags, ids made unique on the page, `<ins>`/`<del>`
//! marks, and the tables that intern what one comparison compares.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use foldhash::HashMap;

use super::Labels;
use super::blocks::{Unit, has_words, is_leaf, units};
use super::tree::{Element, Node, escape_attr, escape_text, is_void, open_tag};

/// Ids already used on a page, so none is written twice.
#[derive(Default)]
pub(super) struct Ids(pub(super) BTreeSet<String>);

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
pub(super) fn write_open(
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

pub(super) fn write_close(el: &Element, out: &mut String) {
    if !is_void(&el.name) {
        out.push_str("</");
        out.push_str(&el.name);
        out.push('>');
    }
}

/// Writes nodes unchanged.
pub(super) fn write_nodes(nodes: &[Node], ids: &mut Ids, out: &mut String) {
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
pub(super) struct Tables<'a> {
    /// Exact contents of units ([`fingerprint`](super::blocks::fingerprint)), and their text by id.
    pub(super) fingerprints: HashMap<Rc<str>, u32>,
    pub(super) fingerprint_text: Vec<Rc<str>>,
    /// Unit kinds ([`kind`](super::blocks::kind)).
    pub(super) kinds: HashMap<String, u32>,
    /// Words for [`similar_enough`](super::blocks::similar_enough), and a slot per word for [`lcs_len`](super::blocks::lcs_len).
    pub(super) words: HashMap<String, u32>,
    pub(super) word_slots: Vec<u32>,
    /// Tokens for [`word_diff`](super::words::word_diff): text tokens by (path, text), void elements
    /// by (path, HTML); one numbering for both.
    pub(super) text_tokens: HashMap<(u32, &'a str), u32>,
    pub(super) void_tokens: HashMap<(u32, String), u32>,
    pub(super) token_count: u32,
    /// The inline elements tokens sit in, as a tree of paths from
    /// [`ROOT_PATH`]: equal paths are the same node.
    pub(super) paths: Vec<PathNode>,
    pub(super) path_ids: HashMap<(u32, String), u32>,
    /// Reused for fingerprints and plain text.
    pub(super) scratch: String,
}

/// The path of tokens outside any inline element.
pub(super) const ROOT_PATH: u32 = 0;

pub(super) struct PathNode {
    pub(super) parent: u32,
    pub(super) depth: u32,
    /// The innermost element's name and whole opening tag as written (ids
    /// unclaimed), and whether that tag has an id to make unique.
    pub(super) name: String,
    pub(super) html: String,
    pub(super) has_id: bool,
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
    pub(super) fn fingerprint_id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.fingerprints.get(s) {
            return id;
        }
        let id = self.fingerprint_text.len() as u32;
        let text: Rc<str> = Rc::from(s);
        self.fingerprint_text.push(text.clone());
        self.fingerprints.insert(text, id);
        id
    }

    pub(super) fn kind_id(&mut self, s: &str) -> u32 {
        let next = self.kinds.len() as u32;
        match self.kinds.get(s) {
            Some(&id) => id,
            None => {
                self.kinds.insert(s.to_string(), next);
                next
            }
        }
    }

    pub(super) fn word_id(&mut self, w: &str) -> u32 {
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
    pub(super) fn path_id(&mut self, parent: u32, name: &str, html: String) -> u32 {
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

    pub(super) fn text_token(&mut self, path: u32, text: &'a str) -> u32 {
        let next = self.token_count;
        let id = *self.text_tokens.entry((path, text)).or_insert(next);
        if id == next {
            self.token_count += 1;
        }
        id
    }

    pub(super) fn void_token(&mut self, path: u32, html: &str) -> u32 {
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

pub(super) struct Ctx<'l, 'a> {
    pub(super) labels: &'l Labels,
    /// Ids already used on the page.
    pub(super) ids: Ids,
    pub(super) t: Tables<'a>,
}

impl<'a> Ctx<'_, 'a> {
    /// `<name attrs…>` with an optional extra class; returns the id written.
    pub(super) fn open(
        &mut self,
        el: &Element,
        class: Option<&str>,
        out: &mut String,
    ) -> Option<String> {
        write_open(el, class, false, &mut self.ids, out)
    }

    /// Writes nodes unchanged.
    pub(super) fn write(&mut self, nodes: &[Node], out: &mut String) {
        write_nodes(nodes, &mut self.ids, out);
    }

    pub(super) fn mark_open(&self, mark: Mark, out: &mut String) {
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

    pub(super) fn mark_close(mark: Mark, out: &mut String) {
        out.push_str(match mark {
            Mark::Del => "</del>",
            Mark::Ins => "</ins>",
        });
    }

    /// Writes a whole block (or inline run) as added or removed: structure
    /// kept, the words of every leaf block wrapped in one `<ins>`/`<del>`.
    pub(super) fn write_marked(
        &mut self,
        unit: &Unit<'a>,
        mark: Mark,
        out: &mut String,
    ) -> Option<String> {
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
pub(super) enum Mark {
    Del,
    Ins,
}

/// Writes a whole text as it is, except that its ids are claimed on the
/// page (an id another text on the page has already taken gets a suffix)
/// and its links to its own ids follow them, so a footnote still leads to
/// its note. Links go to the first element with the id, as in a browser.
pub(super) fn write_with_own_ids(nodes: &[Node], ids: &mut Ids, out: &mut String) {
    let mut claimed = Vec::new();
    let mut first = BTreeMap::new();
    claim_ids(nodes, ids, &mut claimed, &mut first);
    let mut claimed = claimed.into_iter();
    write_renamed(nodes, &mut claimed, &first, out);
}

fn claim_ids<'a>(
    nodes: &[Node<'a>],
    ids: &mut Ids,
    claimed: &mut Vec<String>,
    first: &mut BTreeMap<&'a str, String>,
) {
    for n in nodes {
        if let Node::Element(el) = n {
            for (k, v) in &el.attrs {
                if k == "id" {
                    let v = v.unwrap_or("");
                    let id = ids.claim(v);
                    first.entry(v).or_insert_with(|| id.clone());
                    claimed.push(id);
                }
            }
            claim_ids(&el.children, ids, claimed, first);
        }
    }
}

fn write_renamed(
    nodes: &[Node],
    claimed: &mut std::vec::IntoIter<String>,
    first: &BTreeMap<&str, String>,
    out: &mut String,
) {
    for n in nodes {
        match n {
            Node::Text(t) => escape_text(t, out),
            Node::Element(el) => {
                out.push('<');
                out.push_str(&el.name);
                for (k, v) in &el.attrs {
                    out.push(' ');
                    out.push_str(k);
                    let value = if k == "id" {
                        claimed.next()
                    } else if k == "href" {
                        v.map(|v| match v.strip_prefix('#').and_then(|t| first.get(t)) {
                            Some(id) => format!("#{id}"),
                            None => v.to_string(),
                        })
                    } else {
                        v.map(str::to_string)
                    };
                    if let Some(value) = value {
                        out.push_str("=\"");
                        escape_attr(&value, out);
                        out.push('"');
                    }
                }
                out.push('>');
                write_renamed(&el.children, claimed, first, out);
                write_close(el, out);
            }
        }
    }
}
