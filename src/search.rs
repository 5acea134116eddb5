//! The site's own search, without a server or an outside service: the text
//! of each document is cut into sections at its headings and written as a
//! small JSON part per document and language, which the theme's
//! `search.js` reads in the browser. One part per document keeps a preview
//! save cheap (only the saved document's part is written again) and lets a
//! reader load only what a search needs: the texts in force and announced
//! ([`Part::Current`], with their words, for snippets), and, only on
//! request, the earlier versions ([`Part::Older`], as an index of words,
//! which is far smaller than their texts: most words recur from version to
//! version).
//!
//! Words are matched after [`fold`]: lowercase, without accents, one
//! character for one, so that `search.js` can fold the same way and find a
//! word's place in the original text for its snippet.

use foldhash::HashMap;

use serde::Serialize;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::{ascii8, charref};

/// Which part of a document's index a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The versions in force and announced (and drafts in a preview), with
    /// their text.
    Current,
    /// The versions that were replaced, as words pointing at sections.
    Older,
}

impl Part {
    /// The part's file in the output folder, for document `doc` in `lang`.
    pub(crate) fn file(self, doc: &str, lang: &str) -> String {
        self.path(doc, lang)[1..].to_string()
    }

    /// The part's site path, as the manifest names it.
    pub(crate) fn path(self, doc: &str, lang: &str) -> String {
        match self {
            Part::Current => format!("/{lang}/search/documents/{doc}.json"),
            // A slug never holds a dot, so this never names another
            // document's current part; the manifest sits a folder up.
            Part::Older => format!("/{lang}/search/documents/{doc}.older.json"),
        }
    }
}

/// Folds one character for matching: the first character of its canonical
/// decomposition (the letter without its accent), lowercased, still one
/// character. `search.js` does exactly this.
pub(crate) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let base = std::iter::once(c).nfd().next().unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// `s` folded character by character (see [`fold_char`]); runs of ASCII
/// are lowercased whole.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            out.push(fold_char(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The folded words of `s`: runs of letters and digits.
#[cfg(test)]
pub(crate) fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    split_words(&fold(s))
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The words of a folded text: runs of letters and digits.
fn split_words(folded: &str) -> impl Iterator<Item = &str> {
    // No ASCII character is a combining mark, and the texts are mostly
    // ASCII: the mark table is asked about the others only.
    folded
        .split(|c: char| {
            if c.is_ascii() {
                !c.is_ascii_alphanumeric()
            } else {
                !c.is_alphanumeric() || is_combining_mark(c)
            }
        })
        .filter(|w| !w.is_empty())
}

/// A part of a text between two headings, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Section {
    /// The heading's `id` (empty for the text before the first heading).
    pub anchor: String,
    /// The heading's text (empty before the first heading).
    pub heading: String,
    /// The text under the heading, whitespace collapsed.
    pub text: String,
}

/// Cuts a rendered body (finished HTML, as `markdown` writes it) into
/// sections at its `<h2>` and `<h3>` headings. Text a reader does not see
/// as part of the text is left out: visually hidden labels ("(external
/// link)"), footnote marks and their back links. Empty sections are
/// dropped.
pub(crate) fn sections(html: &str) -> Vec<Section> {
    let mut out = vec![Section {
        anchor: String::new(),
        heading: String::new(),
        text: String::new(),
    }];
    let mut in_heading = false;
    // Open inline elements that may hide their text: (name, hidden).
    let mut inline: Vec<(&'static str, bool)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(tag_body) = rest.strip_prefix('<') {
            let end = tag_body.find('>').unwrap_or(tag_body.len());
            let tag = &tag_body[..end];
            rest = tag_body.get(end + 1..).unwrap_or("");
            let closing = tag.starts_with('/');
            let tag = tag.trim_start_matches('/');
            let name_end = tag
                .find(|c: char| c.is_ascii_whitespace() || c == '/')
                .unwrap_or(tag.len());
            // Lowercased without allocating: no name looked for is
            // longer than the buffer, so a longer one is none of them.
            let mut lower = [0u8; 8];
            let name = match tag.as_bytes().get(..name_end) {
                Some(n) if n.len() <= lower.len() => {
                    let lower = &mut lower[..n.len()];
                    lower.copy_from_slice(n);
                    lower.make_ascii_lowercase();
                    std::str::from_utf8(lower).unwrap_or("")
                }
                _ => "",
            };
            let attrs = &tag[name_end..];
            match (name, closing) {
                ("h2" | "h3", false) => {
                    out.push(Section {
                        anchor: attribute(attrs, "id").unwrap_or_default(),
                        heading: String::new(),
                        text: String::new(),
                    });
                    in_heading = true;
                }
                ("h2" | "h3", true) => in_heading = false,
                (inline_name @ ("span" | "sup" | "a"), false) => {
                    let class = attribute(attrs, "class").unwrap_or_default();
                    let hidden = class.split_ascii_whitespace().any(|c| {
                        matches!(c, "visually-hidden" | "footnote-ref" | "footnote-backref")
                    });
                    let name = match inline_name {
                        "span" => "span",
                        "sup" => "sup",
                        _ => "a",
                    };
                    inline.push((name, hidden));
                }
                ("span" | "sup" | "a", true) => {
                    if let Some(at) = inline.iter().rposition(|(n, _)| *n == name) {
                        inline.truncate(at);
                    }
                }
                // Inline elements run on in the text; any other tag
                // separates words.
                (
                    "em" | "strong" | "code" | "b" | "i" | "u" | "s" | "del" | "ins" | "sub"
                    | "abbr" | "mark" | "small" | "q" | "cite" | "dfn" | "kbd" | "var" | "time",
                    _,
                ) => {}
                _ => push_text(out.last_mut(), in_heading, " "),
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        if !inline.iter().any(|(_, hidden)| *hidden) {
            let text = charref::decode_text(&rest[..end]);
            push_text(out.last_mut(), in_heading, &text);
        }
        rest = &rest[end..];
    }
    out.into_iter()
        .map(|s| Section {
            anchor: s.anchor,
            heading: collapse(&s.heading),
            text: collapse(&s.text),
        })
        .filter(|s| !s.heading.is_empty() || !s.text.is_empty())
        .collect()
}

fn push_text(section: Option<&mut Section>, in_heading: bool, text: &str) {
    if let Some(s) = section {
        if in_heading {
            s.heading.push_str(text);
        } else {
            s.text.push_str(text);
        }
    }
}

/// The value of attribute `name` in the attributes of a tag as written.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, r) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = Some(v);
            rest = r;
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(charref::decode_attribute(value.unwrap_or("")).into_owned());
        }
    }
}

/// `s` with every run of whitespace made one space, trimmed (whitespace
/// as [`char::is_whitespace`] has it). Every body of every version passes
/// here: eight ASCII bytes without whitespace are stepped over at a time,
/// only characters that are not ASCII are decoded, and the text is copied
/// in pieces as long as it runs with single spaces between its words.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let space_at = |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            (matches!(b, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let c = s[i..].chars().next().expect("bug: i is at a character");
            (c.is_whitespace(), c.len_utf8())
        }
    };
    let mut write = |piece: &str| {
        if !piece.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(piece);
        }
    };
    // `s[from..]` is not written yet.
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes whose only whitespace is single spaces between
        // two other bytes of the piece stay as they are. (A byte before
        // `i` in the piece is not whitespace: a run reaching `i` would
        // have been read to its end.)
        if let Some(x) = ascii8::at(bytes, i)
            && x & ascii8::HIGH == 0
            && !ascii8::has_below(x, 0x20)
        {
            let spaces = ascii8::eq_mask(x, b' ');
            let first = spaces & 0x80 != 0;
            let last = spaces >> 63 != 0;
            if spaces & (spaces << 8) == 0 && !last && (!first || i > from) {
                i += 8;
                continue;
            }
        }
        let (space, len) = space_at(i);
        if !space {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < bytes.len() {
            let (space, len) = space_at(i);
            if !space {
                break;
            }
            i += len;
        }
        // One space between two words stays in the piece.
        if start > from && i == start + 1 && bytes[start] == b' ' && i < bytes.len() {
            continue;
        }
        write(&s[from..start]);
        from = i;
    }
    write(&s[from..]);
    out
}

/// One version's text as the index holds it.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The version number.
    pub version: String,
    /// `in-force`, `announced`, `draft` or `superseded`.
    pub status: &'static str,
    /// The site path of the page that shows this text.
    pub url: String,
    /// The language the text is written in (another than the part's when
    /// it falls back to the default language).
    pub lang: String,
    pub sections: Vec<Section>,
}

/// The JSON of one part of a document's index (see `docs/search.md` for
/// the format).
pub(crate) fn part_json(part: Part, title: &str, entries: &[Entry]) -> String {
    let with_text = part == Part::Current;
    let sections = entries.iter().flat_map(|e| &e.sections);
    let json_entries: Vec<EntryJson<'_>> = entries
        .iter()
        .map(|e| EntryJson {
            version: &e.version,
            status: e.status,
            url: &e.url,
            lang: &e.lang,
            sections: e
                .sections
                .iter()
                .map(|s| SectionJson {
                    anchor: &s.anchor,
                    heading: &s.heading,
                    text: with_text.then_some(s.text.as_str()),
                })
                .collect(),
        })
        .collect();
    let json = match part {
        Part::Current => serde_json::to_string(&CurrentJson {
            title,
            entries: json_entries,
        }),
        Part::Older => {
            // Every word, once, with the sections (numbered across the
            // entries, in order) it occurs in. Earlier versions repeat most
            // of each other's sections, so each distinct section (heading
            // and text) is folded and cut into its distinct words once, its
            // words borrowed from the folded text; a repeat only adds its
            // number to those words.
            let mut distinct: HashMap<(&str, &str), usize> = HashMap::default();
            let mut firsts: Vec<&Section> = Vec::new();
            let which: Vec<usize> = sections
                .map(|s| {
                    *distinct
                        .entry((s.heading.as_str(), s.text.as_str()))
                        .or_insert_with(|| {
                            firsts.push(s);
                            firsts.len() - 1
                        })
                })
                .collect();
            let folded: Vec<String> = firsts
                .iter()
                .map(|s| {
                    let mut f = fold(&s.heading);
                    f.push(' ');
                    f.push_str(&fold(&s.text));
                    f
                })
                .collect();
            let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
            let words: Vec<Vec<&str>> = folded
                .iter()
                .map(|f| {
                    seen.clear();
                    split_words(f).filter(|w| seen.insert(w)).collect()
                })
                .collect();
            let mut terms: HashMap<&str, Vec<u32>> = HashMap::default();
            for (n, &d) in (0u32..).zip(&which) {
                for &w in &words[d] {
                    terms.entry(w).or_default().push(n);
                }
            }
            let mut terms: Vec<(&str, Vec<u32>)> = terms.into_iter().collect();
            terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
            serde_json::to_string(&OlderJson {
                title,
                entries: json_entries,
                terms,
            })
        }
    };
    json.expect("the index serializes: strings and numbers only")
}

#[derive(Serialize)]
struct CurrentJson<'a> {
    title: &'a str,
    entries: Vec<EntryJson<'a>>,
}

#[derive(Serialize)]
struct OlderJson<'a> {
    title: &'a str,
    entries: Vec<EntryJson<'a>>,
    terms: Vec<(&'a str, Vec<u32>)>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    version: &'a str,
    status: &'a str,
    url: &'a str,
    lang: &'a str,
    sections: Vec<SectionJson<'a>>,
}

/// `[anchor, heading, text]`, or `[anchor, heading]` in the older part.
struct SectionJson<'a> {
    anchor: &'a str,
    heading: &'a str,
    text: Option<&'a str>,
}

impl Serialize for SectionJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(if self.text.is_some() { 3 } else { 2 }))?;
        seq.serialize_element(self.anchor)?;
        seq.serialize_element(self.heading)?;
        if let Some(text) = self.text {
            seq.serialize_element(text)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};
    use std::collections::BTreeMap;

    #[test]
    fn folding_keeps_one_character_for_one() {
        assert_eq!(fold("Ëén CAFÉ Ĳssel"), "een cafe ĳssel");
        for s in ["Ångström", "İstanbul", "ß", "Œuvre", "naïef"] {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
        }
        assert_eq!(
            words("Artikel 6, lid 1 (AVG): e-mail").collect::<Vec<_>>(),
            ["artikel", "6", "lid", "1", "avg", "e", "mail"]
        );
    }

    #[test]
    fn sections_split_at_headings_and_leave_hidden_text_out() {
        let html = concat!(
            "<p>Voor &amp; na.</p>\n",
            "<h2 id=\"wie-zijn-wij\">Wie <em>zijn</em> wij?</h2>\n",
            "<p>Wij zijn <a href=\"https://x.example\" rel=\"external\">een school<span class=\"visually-hidden\"> (externe link)</span></a>.",
            "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup></p>\n",
            "<ul><li>een</li><li>twee</li></ul>\n",
            "<h3 id=\"a&amp;b\">Kop</h3><h4 id=\"x\">Lager</h4><p>Tekst</p>",
            "<h2 id=\"leeg\">Leeg</h2>",
            "<section class=\"footnotes\"><ol><li><p>Noot. <a href=\"#fnref-1\" class=\"footnote-backref\" aria-label=\"Terug\">↩</a></p></li></ol></section>",
        );
        let s = sections(html);
        let got: Vec<(&str, &str, &str)> = s
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("", "", "Voor & na."),
                (
                    "wie-zijn-wij",
                    "Wie zijn wij?",
                    "Wij zijn een school. een twee"
                ),
                ("a&b", "Kop", "Lager Tekst"),
                ("leeg", "Leeg", "Noot."),
            ]
        );
    }

    fn entry(version: &str, texts: &[(&str, &str)]) -> Entry {
        Entry {
            version: version.into(),
            status: "superseded",
            url: format!("/nl/documents/d/{version}/"),
            lang: "nl".into(),
            sections: texts
                .iter()
                .map(|(h, t)| Section {
                    anchor: fold(h),
                    heading: h.to_string(),
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_current_part_holds_the_texts() {
        let json = part_json(
            Part::Current,
            "Doc",
            &[entry("2.0", &[("Kop", "Eén tekst")])],
        );
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["title"], "Doc");
        assert_eq!(
            v["entries"][0]["sections"][0],
            json!(["kop", "Kop", "Eén tekst"])
        );
        assert!(v.get("terms").is_none());
    }

    /// The older part's terms, each word with the sections it is in.
    fn terms_of(part: &Value) -> BTreeMap<String, Vec<u32>> {
        part["terms"]
            .as_array()
            .expect("terms are an array")
            .iter()
            .map(|t| {
                (
                    t[0].as_str().expect("a term's word").to_string(),
                    serde_json::from_value(t[1].clone()).expect("a term's sections"),
                )
            })
            .collect()
    }

    #[test]
    fn the_older_part_indexes_each_word_once_per_section() {
        let entries = [
            entry(
                "1.0",
                &[
                    ("Doel", "leerlingen en ouders"),
                    ("Bewaren", "één jaar, ouders"),
                ],
            ),
            entry("1.1", &[("Doel", "Leerlingen")]),
        ];
        let json = part_json(Part::Older, "Doc", &entries);
        let v: Value = serde_json::from_str(&json).unwrap();
        assert!(!json.contains("leerlingen en ouders"), "no texts: {json}");
        assert_eq!(v["entries"][1]["sections"][0], json!(["doel", "Doel"]));
        let terms = terms_of(&v);
        assert_eq!(terms["leerlingen"], [0, 2]);
        assert_eq!(terms["ouders"], [0, 1]);
        assert_eq!(terms["een"], [1]);
        assert_eq!(terms["doel"], [0, 2]);
        // In the file's order (the map above sorts by itself).
        let keys: Vec<&str> = v["terms"]
            .as_array()
            .expect("terms are an array")
            .iter()
            .map(|t| t[0].as_str().expect("a term's word"))
            .collect();
        assert_eq!(keys.len(), terms.len(), "each word once");
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "terms are sorted for a binary search");
    }

    #[test]
    fn repeated_sections_are_indexed_at_each_place() {
        let entries = [
            entry("1.0", &[("Doel", "Leerlingen, leerlingen"), ("Kop", "x")]),
            entry("1.1", &[("Doel", "Leerlingen, leerlingen"), ("Kop", "y")]),
            entry("1.2", &[("Doel", "Leerlingen, leerlingen"), ("Kop", "x")]),
        ];
        let v: Value = serde_json::from_str(&part_json(Part::Older, "Doc", &entries)).unwrap();
        let terms = terms_of(&v);
        assert_eq!(terms["leerlingen"], [0, 2, 4]);
        assert_eq!(terms["kop"], [1, 3, 5]);
        assert_eq!(terms["x"], [1, 5]);
        assert_eq!(terms["y"], [3]);
    }

    #[test]
    fn collapse_makes_every_run_of_whitespace_one_space() {
        for s in [
            "",
            "   ",
            "een",
            "  een \t\n twee\r\x0b\x0cdrie  ",
            "non\u{a0}breaking\u{2003}em\u{3000}ideographic\u{85}next",
            "één  café\u{200b}zero-width ",
            "\u{a0}lead and trail\u{a0}",
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(s), want, "{s:?}");
        }
    }

    /// Random texts of words, every kind of whitespace and characters
    /// that are not ASCII, in runs longer and shorter than the eight bytes
    /// stepped over at a time: collapsed as splitting at whitespace and
    /// joining with one space does; folded as character by character.
    #[test]
    fn collapse_and_fold_agree_with_char_by_char_on_random_texts() {
        let pieces = [
            "a",
            "Ab",
            "woordenlijst",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\x0b",
            "\x0c",
            "\u{a0}",
            "\u{2003}",
            "\u{85}",
            "é",
            "Ÿ",
            "İ",
            "東京",
            "\x00",
            "\x1f",
            "!",
            "_",
            "ÉÉN",
        ];
        let mut state = 24u64;
        let mut below = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            ((state >> 33) % n as u64) as usize
        };
        for _ in 0..4000 {
            let s: String = (0..below(30))
                .map(|_| pieces[below(pieces.len())])
                .collect();
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(&s), want, "{s:?}");
            let folded: String = s.chars().map(fold_char).collect();
            assert_eq!(fold(&s), folded, "{s:?}");
        }
    }

    #[test]
    fn part_paths_never_collide() {
        assert_eq!(Part::Current.file("a", "nl"), "nl/search/documents/a.json");
        assert_eq!(
            Part::Older.path("index", "en"),
            "/en/search/documents/index.older.json"
        );
    }
}
