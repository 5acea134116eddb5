//! Reading HTML into a tree that borrows its text from the input.

use std::borrow::Cow;

use crate::charref::{self, Context};

/// Names, attributes and text borrow from the input where they can: most
/// of a body is text without character references, in lowercase tags.
#[derive(Debug)]
pub(super) enum Node<'a> {
    Element(Element<'a>),
    /// Decoded text.
    Text(Cow<'a, str>),
}

#[derive(Debug)]
pub(super) struct Element<'a> {
    pub(super) name: Cow<'a, str>,
    /// Values as written (still escaped); `None` for a bare attribute.
    pub(super) attrs: Vec<(Cow<'a, str>, Option<&'a str>)>,
    pub(super) children: Vec<Node<'a>>,
}

impl Element<'_> {
    /// `<span class="… visually-hidden …">`.
    pub(super) fn is_visually_hidden(&self) -> bool {
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
pub(super) fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

pub(super) fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

pub(super) fn is_heading(name: &str) -> bool {
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
pub(super) fn parse(html: &str) -> Vec<Node<'_>> {
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
            let text = charref::decode(raw, Context::Text);
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
pub(super) fn open_tag(s: &str) -> (Element<'_>, bool, usize) {
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

/// Escapes `&`, `<` and `>`, copying the runs between them whole (all three
/// are ASCII, so a byte scan never splits a character).
pub(super) fn escape_text(s: &str, out: &mut String) {
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
pub(super) fn escape_attr(v: &str, out: &mut String) {
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
