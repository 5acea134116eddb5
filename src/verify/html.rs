//! The text a reader is shown of a sealed version, read from HTML: the
//! page's body element found, tags stripped, character references decoded,
//! whitespace collapsed, as a list of words with the page line each starts
//! on. `verify` compares these words, read from the page and from the
//! artifact's Markdown rendered anew, so that markup may change between
//! builds (list markers, table wrappers, base path) without a page failing.
//!
//! The build adds some texts to a body that are not in the artifact; they
//! are left out on both sides, each only where the build puts it and only
//! when short, so that a host cannot hide a text of its own behind them:
//!
//! - the visually hidden "(external link)" label: a `span.visually-hidden`
//!   that is the last thing in a link to another site;
//! - footnote labels: the text of a footnote reference
//!   (`a[data-footnote-ref]`, or the link in `sup.footnote-ref`) and of a
//!   back-link (`a.footnote-backref`, `a[data-footnote-backref]`);
//! - list markers written as text (`a.`, `b)`, `1.`, `iv.`) at the start
//!   of a block or of a line in it, as bodies written before lettered
//!   lists became lists show them.
//!
//! When the renderer starts adding another text to bodies, it belongs in
//! this list, with a test, or every page built before it fails.
//!
//! The reader is written for hostile pages: linear in the input, no
//! recursion, nothing assumed about nesting.

use crate::charref;

/// Elements whose start and end break a line: block-level HTML.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
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

/// Elements that break a word without being blocks.
const BREAKS: &[&str] = &[
    "br", "img", "input", "hr", "iframe", "object", "embed", "video", "audio",
];

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content is not text a reader sees.
const HIDDEN: &[&str] = &["script", "style", "template", "noscript"];

/// Longest build-added text left out: footnote labels, external-link labels.
const FOOTNOTE_LABEL_MAX: usize = 16;
const EXTERNAL_LABEL_MAX: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        at: usize,
    },
    End {
        name: String,
        at: usize,
    },
    Text {
        raw: &'a str,
        at: usize,
    },
}

impl Tok<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        match self {
            Tok::Start { attrs, .. } => attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// Splits HTML into start tags, end tags and text; comments, doctypes and
/// the content of scripts and styles are skipped.
fn tokens<'a>(html: &'a str) -> Vec<Tok<'a>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_from = 0;
    let flush = |out: &mut Vec<Tok<'a>>, from: usize, to: usize| {
        if from < to {
            out.push(Tok::Text {
                raw: &html[from..to],
                at: from,
            });
        }
    };
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            flush(&mut out, text_from, i);
            i = comment.find("-->").map_or(b.len(), |e| i + 4 + e + 3);
            text_from = i;
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            flush(&mut out, text_from, i);
            i = rest.find('>').map_or(b.len(), |e| i + e + 1);
            text_from = i;
        } else if rest.len() > 2 && b[i + 1] == b'/' && b[i + 2].is_ascii_alphabetic() {
            flush(&mut out, text_from, i);
            let name_end = rest[2..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .map_or(rest.len(), |e| e + 2);
            out.push(Tok::End {
                name: rest[2..name_end].to_ascii_lowercase(),
                at: i,
            });
            i = rest.find('>').map_or(b.len(), |e| i + e + 1);
            text_from = i;
        } else if rest.len() > 1 && b[i + 1].is_ascii_alphabetic() {
            flush(&mut out, text_from, i);
            let (tok, end) = start_tag(html, i);
            let raw_text = match &tok {
                Tok::Start {
                    name, self_closing, ..
                } if !self_closing && HIDDEN.contains(&name.as_str()) => Some(name.clone()),
                _ => None,
            };
            out.push(tok);
            i = end;
            if let Some(name) = raw_text {
                // Up to the end tag, which is kept so the element closes.
                let mut j = i;
                i = b.len();
                while let Some(e) = html[j..].find("</") {
                    let p = j + e;
                    if b[p + 2..]
                        .get(..name.len())
                        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                    {
                        i = p;
                        break;
                    }
                    j = p + 2;
                }
            }
            text_from = i;
        } else {
            i += 1;
        }
    }
    flush(&mut out, text_from, b.len());
    out
}

/// The start tag at `at` (a `<` and a letter), and where it ends.
fn start_tag(html: &str, at: usize) -> (Tok<'_>, usize) {
    let b = html.as_bytes();
    let mut i = at + 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = html[at + 1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        match b[i] {
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                i += 1;
                if b.get(i) == Some(&b'>') {
                    self_closing = true;
                    i += 1;
                    break;
                }
                continue;
            }
            _ => {}
        }
        let from = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr = html[from..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                    value = charref::decode_attribute(&html[i + 1..end]).into_owned();
                    i = (end + 1).min(b.len());
                }
                _ => {
                    let from = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = charref::decode_attribute(&html[from..i]).into_owned();
                }
            }
        }
        if !attr.is_empty() {
            attrs.push((attr, value));
        } else if i == from {
            // A byte no rule consumed: step over it.
            i += 1;
        }
    }
    (
        Tok::Start {
            name,
            attrs,
            self_closing,
            at,
        },
        i,
    )
}

/// The element of a version page that holds the version's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Body<'a> {
    /// Its content, as HTML.
    pub html: &'a str,
    /// The page line its content starts on (1-based).
    pub line: usize,
    /// Its `lang`, when the text is in another language than the page.
    pub lang: Option<String>,
    /// Its `data-sealed`: the SHA-256 of the artifact the page says it shows.
    pub sealed: Option<String>,
}

/// Finds the body of a version page: the element marked `data-sealed`, or
/// (in pages built before that marker) the first `div.prose` in `<main>`.
pub(super) fn find_body(page: &str) -> Option<Body<'_>> {
    let toks = tokens(page);
    let marked = toks.iter().position(|t| t.attr("data-sealed").is_some());
    let start = marked.or_else(|| {
        let main = toks
            .iter()
            .position(|t| matches!(t, Tok::Start { name, .. } if name == "main"))?;
        toks[main..]
            .iter()
            .position(|t| {
                matches!(t, Tok::Start { name, .. } if name == "div") && t.has_class("prose")
            })
            .map(|p| p + main)
    })?;
    let Tok::Start {
        name, self_closing, ..
    } = &toks[start]
    else {
        return None;
    };
    let from = match toks.get(start + 1) {
        Some(Tok::Start { at, .. } | Tok::End { at, .. } | Tok::Text { at, .. }) => *at,
        None => page.len(),
    };
    let mut to = page.len();
    if !self_closing {
        let mut depth = 0usize;
        for t in &toks[start..] {
            match t {
                Tok::Start {
                    name: n,
                    self_closing: false,
                    ..
                } if n == name => depth += 1,
                Tok::End { name: n, at } if n == name => {
                    depth -= 1;
                    if depth == 0 {
                        to = *at;
                        break;
                    }
                }
                _ => {}
            }
        }
    } else {
        to = from;
    }
    let from = from.min(to);
    Some(Body {
        html: &page[from..to],
        line: 1 + page[..from].bytes().filter(|&c| c == b'\n').count(),
        lang: toks[start].attr("lang").map(str::to_string),
        sealed: toks[start].attr("data-sealed").map(str::to_string),
    })
}

/// The languages a page links to as its alternates
/// (`<link rel="alternate" hreflang="…">`), as written.
pub(super) fn alternates(page: &str) -> Vec<String> {
    tokens(page)
        .iter()
        .filter(|t| matches!(t, Tok::Start { name, .. } if name == "link"))
        .filter(|t| {
            t.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("alternate"))
            })
        })
        .filter_map(|t| t.attr("hreflang").map(str::to_string))
        .collect()
}

/// The words of a text, each with the block it is in; blocks with their
/// first line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Words {
    /// Each word and the index of its block.
    pub words: Vec<(String, usize)>,
    /// Each block's line (1-based, counted from `first_line`).
    pub blocks: Vec<usize>,
}

impl Words {
    /// The words of block `b`, joined by spaces.
    #[cfg(test)]
    pub(super) fn block_text(&self, b: usize) -> String {
        self.words
            .iter()
            .filter(|(_, wb)| *wb == b)
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// How an open element's text is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Take {
    /// Its text is the reader's text.
    Keep,
    /// Its text is a label the build adds, left out when short.
    Label(usize),
    /// Its text is an external-link label when the element is the last
    /// thing in its link, and short.
    LastInLink(usize),
}

struct Frame {
    name: String,
    take: Take,
    /// A link to another site (for its label).
    external: bool,
    /// A footnote reference's wrapper.
    footnote_ref: bool,
    /// Text held back while a label is decided on: (text, page offset).
    held: Vec<(String, usize)>,
}

/// Builds [`Words`] from text pieces.
struct Sink<'a> {
    src: &'a str,
    first_line: usize,
    /// Offset in `src` up to which newlines are counted, and their count.
    counted: (usize, usize),
    out: Words,
    word: String,
    /// The line of the word being read.
    word_line: usize,
    /// Whether the word being read starts a block or a line of its text
    /// (where list markers are).
    word_first: bool,
    /// Whether the next word would start a block or line.
    at_line_start: bool,
    new_block: bool,
}

impl Sink<'_> {
    /// The line of offset `at` of `src`; offsets never go back (text held
    /// back and given later counts on the line reached).
    fn line_of(&mut self, at: usize) -> usize {
        let (upto, n) = self.counted;
        let at = at.min(self.src.len()).max(upto);
        let more = self.src.as_bytes()[upto..at]
            .iter()
            .filter(|&&c| c == b'\n')
            .count();
        self.counted = (at, n + more);
        self.first_line + n + more
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let w = std::mem::take(&mut self.word);
        if self.word_first && is_list_marker(&w) {
            return;
        }
        if self.new_block || self.out.blocks.is_empty() {
            self.out.blocks.push(self.word_line);
            self.new_block = false;
        }
        let b = self.out.blocks.len() - 1;
        self.out.words.push((w, b));
    }

    fn end_block(&mut self) {
        self.end_word();
        self.new_block = true;
        self.at_line_start = true;
    }

    /// Decoded text that starts at offset `at` of `src`.
    fn text(&mut self, text: &str, at: usize) {
        let line = self.line_of(at);
        let mut newlines = 0;
        for c in text.chars() {
            if c.is_whitespace() {
                self.end_word();
                if c == '\n' {
                    newlines += 1;
                    self.at_line_start = true;
                }
            } else {
                if self.word.is_empty() {
                    self.word_line = line + newlines;
                    self.word_first = self.at_line_start;
                    self.at_line_start = false;
                }
                self.word.push(c);
            }
        }
    }
}

/// `a.`, `b)`, `12.`, `iv)`: a list marker written as text.
fn is_list_marker(w: &str) -> bool {
    let Some(body) = w.strip_suffix('.').or_else(|| w.strip_suffix(')')) else {
        return false;
    };
    (body.len() == 1 && body.bytes().all(|b| b.is_ascii_lowercase()))
        || (!body.is_empty() && body.len() <= 3 && body.bytes().all(|b| b.is_ascii_digit()))
        || (!body.is_empty()
            && body.len() <= 6
            && body
                .bytes()
                .all(|b| matches!(b, b'i' | b'v' | b'x' | b'l' | b'c')))
}

/// Whether a link leaves the site: an absolute URL with a scheme other
/// than a fragment or path, or a protocol-relative one.
fn is_external(href: &str) -> bool {
    let h = href.trim();
    h.starts_with("//")
        || h.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        })
}

/// The open elements, with what finds an element in constant time: the
/// innermost one that holds back its text, and the innermost of a name.
#[derive(Default)]
struct Open {
    frames: Vec<Frame>,
    /// Indexes of the frames that hold back their text.
    holders: Vec<usize>,
    /// Element name → indexes of the open frames of that name.
    by_name: std::collections::HashMap<String, Vec<usize>>,
}

impl Open {
    fn push(&mut self, f: Frame) {
        let at = self.frames.len();
        if f.take != Take::Keep {
            self.holders.push(at);
        }
        self.by_name.entry(f.name.clone()).or_default().push(at);
        self.frames.push(f);
    }

    fn pop(&mut self) -> Option<Frame> {
        let f = self.frames.pop()?;
        let at = self.frames.len();
        if self.holders.last() == Some(&at) {
            self.holders.pop();
        }
        if let Some(l) = self.by_name.get_mut(&f.name) {
            l.pop();
        }
        Some(f)
    }

    fn holder(&mut self) -> Option<&mut Frame> {
        let &at = self.holders.last()?;
        self.frames.get_mut(at)
    }

    /// The index of the innermost open element named `name`.
    fn innermost(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).and_then(|l| l.last().copied())
    }

    /// Text goes to the innermost frame that holds text back, or out.
    fn text(&mut self, sink: &mut Sink<'_>, text: String, at: usize) {
        match self.holder() {
            Some(f) => f.held.push((text, at)),
            None => sink.text(&text, at),
        }
    }

    /// A word or block break while a label is held goes into the label's
    /// text as a space (a label is one phrase); otherwise to the output.
    fn brk<'s>(&mut self, sink: &mut Sink<'s>, f: fn(&mut Sink<'s>)) {
        match self.holder() {
            Some(frame) => frame.held.push((" ".into(), 0)),
            None => f(sink),
        }
    }
}

/// The words a reader is shown of `html` (a body's content), left out
/// what the build adds (see the module documentation). `first_line` is the
/// page line `html` starts on.
pub(super) fn words(html: &str, first_line: usize) -> Words {
    let toks = tokens(html);
    let mut sink = Sink {
        src: html,
        first_line,
        counted: (0, 0),
        out: Words::default(),
        word: String::new(),
        word_line: first_line,
        word_first: true,
        at_line_start: true,
        new_block: true,
    };
    let mut open = Open::default();
    for (k, t) in toks.iter().enumerate() {
        match t {
            Tok::Text { raw, at } => {
                open.text(&mut sink, charref::decode_text(raw).into_owned(), *at)
            }
            Tok::Start {
                name, self_closing, ..
            } => {
                let name = name.as_str();
                if BLOCKS.contains(&name) {
                    open.brk(&mut sink, Sink::end_block);
                } else if BREAKS.contains(&name) {
                    open.brk(&mut sink, Sink::end_word);
                }
                if *self_closing || VOID.contains(&name) {
                    continue;
                }
                let parent = open.frames.last();
                let in_link = parent.is_some_and(|p| p.name == "a" && p.external);
                let take = if name == "a"
                    && (t.attr("data-footnote-ref").is_some()
                        || t.attr("data-footnote-backref").is_some()
                        || t.has_class("footnote-backref")
                        || parent.is_some_and(|p| p.footnote_ref))
                {
                    Take::Label(FOOTNOTE_LABEL_MAX)
                } else if name == "span" && t.has_class("visually-hidden") && in_link {
                    Take::LastInLink(EXTERNAL_LABEL_MAX)
                } else {
                    Take::Keep
                };
                open.push(Frame {
                    name: name.to_string(),
                    take,
                    external: name == "a" && t.attr("href").is_some_and(is_external),
                    footnote_ref: name == "sup" && t.has_class("footnote-ref"),
                    held: Vec::new(),
                });
            }
            Tok::End { name, .. } => {
                let Some(target) = open.innermost(name) else {
                    if BLOCKS.contains(&name.as_str()) {
                        open.brk(&mut sink, Sink::end_block);
                    }
                    continue;
                };
                // Close what is open down to it (unclosed elements end with
                // their parent, as browsers end them).
                while open.frames.len() > target {
                    let f = open.pop().expect("bug: the element is open");
                    let text: String = f.held.iter().map(|(t, _)| t.as_str()).collect();
                    let short = |max: usize| text.trim().chars().count() <= max;
                    let label = match f.take {
                        Take::Keep => false,
                        Take::Label(max) => short(max),
                        Take::LastInLink(max) => {
                            short(max) && open.frames.len() == target && closes_link(&toks[k + 1..])
                        }
                    };
                    if !label {
                        for (text, at) in f.held {
                            open.text(&mut sink, text, at);
                        }
                    }
                    if BLOCKS.contains(&f.name.as_str()) {
                        open.brk(&mut sink, Sink::end_block);
                    }
                }
            }
        }
    }
    while let Some(f) = open.pop() {
        for (text, at) in f.held {
            open.text(&mut sink, text, at);
        }
    }
    sink.end_word();
    sink.out
}

/// Whether the next thing after an element (but whitespace) ends the link
/// it is in.
fn closes_link(rest: &[Tok<'_>]) -> bool {
    for t in rest {
        match t {
            Tok::Text { raw, .. } if raw.trim().is_empty() => continue,
            Tok::End { name, .. } => return name == "a",
            _ => return false,
        }
    }
    false
}

/// The index of the first word in which two word lists differ (the
/// shorter one's length when it ends first), or `None` when they are the
/// same.
pub(super) fn first_difference(a: &Words, b: &Words) -> Option<usize> {
    let n = a.words.len().min(b.words.len());
    let i = (0..n).find(|&i| a.words[i].0 != b.words[i].0).unwrap_or(n);
    (i < a.words.len() || i < b.words.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        words(html, 1)
            .words
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn tags_are_stripped_references_decoded_whitespace_collapsed() {
        assert_eq!(
            text(
                "<p>Een  <strong>vet</strong>woord &amp; &lt;b&gt; &#233;&#x E9;</p>\n<p>Twee\n regels</p>"
            ),
            "Een vetwoord & <b> é&#x E9; Twee regels"
        );
        // Blocks break words; inline elements do not.
        assert_eq!(text("<p>a</p><p>b</p>x<em>y</em>z<br>w"), "a b xyz w");
        assert_eq!(
            text("<!-- weg --><script>alert('x')</script><style>p{}</style>zichtbaar"),
            "zichtbaar"
        );
    }

    #[test]
    fn build_added_labels_are_left_out() {
        // The external-link label, last in a link to another site.
        assert_eq!(
            text(
                r#"<p>Zie <a href="https://ap.nl" rel="external">de AP<span class="visually-hidden"> (externe link)</span></a>.</p>"#
            ),
            "Zie de AP."
        );
        // Footnote references and back-links.
        assert_eq!(
            text(
                r##"<p>Taak.<sup class="footnote-ref"><a href="#fn-t" id="fnref-t" data-footnote-ref>1</a></sup></p><section class="footnotes"><ol><li><p>Art. 6. <a href="#fnref-t" class="footnote-backref" data-footnote-backref aria-label="Terug">↩</a></p></li></ol></section>"##
            ),
            "Taak. Art. 6."
        );
        // Older comrak: a label in the sup without the data attribute.
        assert_eq!(
            text(r##"<p>x<sup class="footnote-ref"><a href="#fn-1">[1]</a></sup></p>"##),
            "x"
        );
        // List markers written as text.
        assert_eq!(
            text("<p>a. een\nb) twee\n12. drie\niv. vier</p>"),
            "een twee drie vier"
        );
        // Elsewhere a marker is a word like any other.
        assert_eq!(text("<p>onder a. en b.</p>"), "onder a. en b.");
        assert_eq!(
            text("<ol type=\"a\"><li>een</li><li>twee</li></ol>"),
            "een twee"
        );
    }

    /// A host cannot hide its own text behind what is left out: a hidden
    /// span that is not the last thing in an external link, or a long one,
    /// or a footnote label that is a sentence, is text.
    #[test]
    fn only_labels_where_the_build_puts_them_are_left_out() {
        assert_eq!(
            text(r#"<p><span class="visually-hidden">Verborgen</span> zin</p>"#),
            "Verborgen zin"
        );
        assert_eq!(
            text(r#"<p><a href="/nl/">intern<span class="visually-hidden"> (x)</span></a></p>"#),
            "intern (x)"
        );
        assert_eq!(
            text(r#"<p><a href="https://x.nl">a<span class="visually-hidden">b</span>c</a></p>"#),
            "abc"
        );
        let long =
            "lees dit niet want het staat hier alleen voor schermlezers en niemand ziet het ooit";
        assert_eq!(
            text(&format!(
                r#"<p><a href="https://x.nl">x<span class="visually-hidden"> {long}</span></a></p>"#
            )),
            format!("x {long}")
        );
        assert_eq!(
            text(r##"<p><a href="#fn" data-footnote-ref>een hele zin die geen label is</a></p>"##),
            "een hele zin die geen label is"
        );
    }

    #[test]
    fn the_body_is_the_marked_element_or_the_prose_in_main() {
        let page = "<html><body><div class=\"prose\">menu</div><main>\n<nav class=\"toc\"><p>Inhoud</p></nav>\n<div class=\"prose\" lang=\"nl\">\n<div class=\"table-wrap\"><table><tr><td>cel</td></tr></table></div>\n<p>tekst</p>\n</div>\n<p>na</p></main>";
        let b = find_body(page).unwrap();
        assert_eq!(b.lang.as_deref(), Some("nl"));
        assert_eq!(b.sealed, None);
        assert_eq!(text(b.html), "cel tekst");
        assert_eq!(b.line, 3);
        let marked = "<main><div class=\"prose\">x</div><div data-sealed=\"ab\" class=\"text\">y</div></main>";
        let b = find_body(marked).unwrap();
        assert_eq!((b.html, b.sealed.as_deref()), ("y", Some("ab")));
        assert_eq!(find_body("<main><p>niets</p></main>"), None);
        // Unclosed: the rest of the page.
        assert_eq!(
            find_body("<main><div class=\"prose\">x <b>y").unwrap().html,
            "x <b>y"
        );
    }

    #[test]
    fn words_carry_their_page_lines() {
        let w = words("<p>een\ntwee</p>\n\n<p>drie</p>", 10);
        assert_eq!(w.blocks, vec![10, 13]);
        assert_eq!(w.block_text(1), "drie");
        let other = words("<p>een twee</p><p>vier</p>", 1);
        assert_eq!(first_difference(&w, &other), Some(2));
        assert_eq!(first_difference(&w, &w), None);
    }

    #[test]
    fn hostile_html_is_read_without_panics() {
        for html in [
            "<",
            "<a",
            "<a href",
            "<a href=",
            "<a href=\"",
            "</",
            "</a",
            "<!--",
            "<!",
            "&",
            "&#",
            "&#x;",
            "&#99999999;",
            "<p></div></p></p>",
            "<script>",
            "<div data-sealed",
            "<div/><div/>",
            "<a/b>",
            "<<<>>>",
            "<\u{e9}>",
            "<p\u{e9}=\u{e9}>x",
        ] {
            let _ = words(html, 1);
            let _ = find_body(html);
        }
        // Deep nesting and many unmatched end tags stay linear.
        let started = std::time::Instant::now();
        let deep = format!("{}{}", "<div><span>".repeat(50_000), "</b>".repeat(50_000));
        assert!(words(&deep, 1).words.is_empty());
        let labels = r#"<a href="https://x.nl"><span class="visually-hidden">"#.repeat(20_000);
        let _ = words(&labels, 1);
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }
}
