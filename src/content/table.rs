//! The table reader: hands a TOML table's values out key by key, remembers
//! every key it was asked for, and when the reader is done reports each key
//! of the file that nobody asked for as unknown, with a "did you mean" drawn
//! from the keys that were asked for. The keys a file may hold are the keys
//! its reader reads; no list of them is kept anywhere else.

use std::ops::{Deref, DerefMut, Range};
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::checks::Pending;
use crate::diag::Diagnostic;
use crate::messages::{Expected, Message, Part, Rule, SyntaxKind};
use crate::model::Lang;

/// One TOML file being read: its text, its path and the findings so far.
pub(super) struct TomlFile<'a> {
    /// The file, relative to the site folder.
    pub rel: &'a Path,
    /// The file's normalised text.
    pub src: &'a str,
    /// The site's languages, once known; `None` while reading `site.toml`.
    pub langs: Option<Vec<Lang>>,
    /// Everything reported about the file, in the order it was found.
    pub diags: Vec<Diagnostic>,
    /// References to other files, checked once every file is read.
    pub pending: Pending,
    /// The warnings the file acknowledges with `allow`.
    pub allowed: Vec<Rule>,
    /// Where in `diags` the errors of [`TomlFile::error_if_clean`] are.
    if_clean: Vec<usize>,
    /// Every key asked for, dotted below the top table (`dpo.email`).
    #[cfg(test)]
    pub asked: Vec<String>,
}

/// A value of a TOML file, with its place in the text.
pub(super) type Val<'t, 'i> = &'t Spanned<DeValue<'i>>;

impl<'a> TomlFile<'a> {
    /// Parses the document; a syntax error is reported and yields `None`.
    pub(super) fn parse(
        rel: &'a Path,
        src: &'a str,
        langs: Option<Vec<Lang>>,
    ) -> (Self, Option<Spanned<DeTable<'a>>>) {
        let mut file = TomlFile {
            rel,
            src,
            langs,
            diags: Vec::new(),
            pending: Pending::default(),
            allowed: Vec::new(),
            if_clean: Vec::new(),
            #[cfg(test)]
            asked: Vec::new(),
        };
        if src.trim().is_empty() {
            file.diags.push(
                Message::EmptyFile
                    .error()
                    .in_file(rel.to_path_buf())
                    .at(1, 1),
            );
            return (file, None);
        }
        let (table, errors) = DeTable::parse_recoverable(src);
        // One mistake is reported, where it is: the parser goes on after
        // it and finds more, but those follow from the first (an unclosed
        // `[` swallows every line after it) and point elsewhere.
        let Some(first) = errors
            .iter()
            .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))
        else {
            return (file, Some(table));
        };
        let mut span = first.span().unwrap_or(0..0);
        let detail = first.message().trim().trim_end_matches('.').to_string();
        let all: Vec<&str> = errors.iter().map(|e| e.message()).collect();
        let kind = syntax_kind(&detail, &all, src, &span);
        if matches!(
            kind,
            SyntaxKind::UnclosedList | SyntaxKind::UnclosedInlineTable
        ) {
            // The parser notices the missing `]` or `}` at the next value,
            // often on the next line; the mistake is where the last value
            // ends.
            let end = src[..span.start.min(src.len())].trim_end().len();
            span = end..end;
        }
        file.diags.push(
            Message::Syntax { kind, detail }
                .error()
                .in_file(rel.to_path_buf())
                .at_span(src, span),
        );
        (file, None)
    }

    /// Reads the file's top-level table with `read`, then reports the keys
    /// `read` did not ask for. A missing key is reported at the start of the
    /// file, which is named `what` ("a school file").
    pub(super) fn read_top<'t, R>(
        &mut self,
        doc: &'t Spanned<DeTable<'a>>,
        what: Part,
        read: impl FnOnce(&mut Table<'_, 't, 'a>) -> R,
    ) -> R {
        Table::open(self, doc.get_ref(), 0..0, what, String::new()).read(read)
    }

    /// Reports `m` as an error at `span` of this file.
    pub(super) fn error(&mut self, span: Range<usize>, m: Message) {
        let d = self.diag_at(m.error(), span);
        self.diags.push(d);
    }

    /// Reports `m` as a warning at `span` of this file.
    pub(super) fn warning(&mut self, span: Range<usize>, m: Message) {
        let d = self.diag_at(m.warning(), span);
        self.diags.push(d);
    }

    /// Reports an error only when nothing before it in the file is wrong, so
    /// that a mistake is not reported twice over. The unknown keys of the
    /// tables being read count as before it, though they are only known
    /// once those tables are finished: the error is withdrawn then.
    pub(super) fn error_if_clean(&mut self, span: Range<usize>, m: Message) {
        if self.has_errors() {
            return;
        }
        self.if_clean.push(self.diags.len());
        self.error(span, m);
    }

    /// A diagnostic pointing at `span`, for checks made later.
    pub(super) fn diag_at(&self, d: Diagnostic, span: Range<usize>) -> Diagnostic {
        d.in_file(self.rel.to_path_buf()).at_span(self.src, span)
    }

    /// Whether an error was reported about the file.
    pub(super) fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// A table of a TOML file being read: the top-level table or a nested one
/// (`[dpo]`, `agreement = { … }`). Its reader asks for every key it knows,
/// optional ones too, before it returns by any path: a key that is never
/// asked for is reported as unknown. Field readers of the file are reached
/// through it ([`TomlFile`] is its target).
pub(super) struct Table<'f, 't, 'i> {
    file: &'f mut TomlFile<'i>,
    map: &'t DeTable<'i>,
    span: Range<usize>,
    /// What the table is called in messages ("the [dpo] table").
    what: Part,
    /// The keys above this table, dotted (`dpo`); empty for the top.
    path: String,
    /// The keys asked for, in the order they were first asked for.
    asked: Vec<&'static str>,
    /// How many findings the file had when the table was opened: its
    /// unknown keys go there, as if checked before anything in it was read.
    mark: usize,
}

impl<'f, 't, 'i> Table<'f, 't, 'i> {
    fn open(
        file: &'f mut TomlFile<'i>,
        map: &'t DeTable<'i>,
        span: Range<usize>,
        what: Part,
        path: String,
    ) -> Self {
        let mark = file.diags.len();
        Table {
            file,
            map,
            span,
            what,
            path,
            asked: Vec::new(),
            mark,
        }
    }

    /// Runs the table's reader, then reports the keys it did not ask for.
    fn read<R>(mut self, read: impl FnOnce(&mut Self) -> R) -> R {
        let out = read(&mut self);
        self.finish();
        out
    }

    /// Where the table is: its value, or the start of the file for the top.
    pub(super) fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The value of an optional key.
    pub(super) fn get(&mut self, key: &'static str) -> Option<Val<'t, 'i>> {
        if !self.asked.contains(&key) {
            self.asked.push(key);
        }
        self.map
            .iter()
            .find(|(k, _)| {
                let s: &str = k.get_ref();
                s == key
            })
            .map(|(_, v)| v)
    }

    /// The value of a required key; its absence is reported, with a line
    /// like `key = example` to add.
    pub(super) fn require(&mut self, key: &'static str, example: &str) -> Option<Val<'t, 'i>> {
        let v = self.get(key);
        self.required(v, key, example)
    }

    /// `v`, got earlier for `key`; reports now that it is missing.
    pub(super) fn required(
        &mut self,
        v: Option<Val<'t, 'i>>,
        key: &str,
        example: &str,
    ) -> Option<Val<'t, 'i>> {
        if v.is_none() {
            let at = self.span.start..self.span.start;
            let m = Message::MissingKey {
                part: self.what,
                key: key.to_string(),
                example: example.to_string(),
            };
            self.file.error(at, m);
        }
        v
    }

    /// An optional key, read with `read` when it is there.
    pub(super) fn opt<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut TomlFile<'i>, Val<'t, 'i>, &str) -> Option<T>,
    ) -> Option<T> {
        let v = self.get(key)?;
        read(self.file, v, key)
    }

    /// An optional key read with `read`, or `default` when it is not there.
    /// `None` only when the value is wrong (reported).
    pub(super) fn opt_or<T>(
        &mut self,
        key: &'static str,
        default: T,
        read: impl FnOnce(&mut TomlFile<'i>, Val<'t, 'i>, &str) -> Option<T>,
    ) -> Option<T> {
        match self.get(key) {
            Some(v) => read(self.file, v, key),
            None => Some(default),
        }
    }

    /// A required key, read with `read`; its absence is reported.
    pub(super) fn req<T>(
        &mut self,
        key: &'static str,
        example: &str,
        read: impl FnOnce(&mut TomlFile<'i>, Val<'t, 'i>, &str) -> Option<T>,
    ) -> Option<T> {
        let v = self.require(key, example)?;
        read(self.file, v, key)
    }

    /// An optional nested table (`[dpo]`, `agreement = { … }`), read with
    /// `read` like a file's top table. A value that is not a table is
    /// reported with `example`; `what` names the table in messages.
    pub(super) fn table<R>(
        &mut self,
        key: &'static str,
        what: Part,
        example: &str,
        read: impl FnOnce(&mut Table<'_, 't, 'i>) -> Option<R>,
    ) -> Option<R> {
        let v = self.get(key)?;
        let DeValue::Table(map) = v.get_ref() else {
            self.file.type_error(v, key, Expected::Table, example);
            return None;
        };
        let path = match self.path.as_str() {
            "" => key.to_string(),
            above => format!("{above}.{key}"),
        };
        Table::open(self.file, map, v.span(), what, path).read(read)
    }

    /// An optional array of tables (`[[change]]`), each read with `read`
    /// like a nested table, with where it is. Empty when the key is not
    /// there; `None` when it is not an array of tables (reported).
    pub(super) fn tables<R>(
        &mut self,
        key: &'static str,
        what: Part,
        example: &str,
        mut read: impl FnMut(&mut Table<'_, 't, 'i>) -> Option<R>,
    ) -> Option<Vec<(Range<usize>, Option<R>)>> {
        let Some(v) = self.get(key) else {
            return Some(Vec::new());
        };
        // `[change]` for `[[change]]` is one change: read it as such.
        let items: Vec<Val<'t, 'i>> = match v.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            DeValue::Table(_) => vec![v],
            _ => {
                self.file.type_error(v, key, Expected::Table, example);
                return None;
            }
        };
        let path = match self.path.as_str() {
            "" => key.to_string(),
            above => format!("{above}.{key}"),
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let DeValue::Table(map) = item.get_ref() else {
                self.file.type_error(item, key, Expected::Table, example);
                return None;
            };
            let span = item.span();
            let r = Table::open(self.file, map, span.clone(), what, path.clone()).read(&mut read);
            out.push((span, r));
        }
        Some(out)
    }

    /// Reports every key of the table that was not asked for, where the
    /// table was opened; withdraws the errors that were only to be made
    /// in a table without mistakes.
    fn finish(&mut self) {
        #[cfg(test)]
        for key in &self.asked {
            let dotted = match self.path.as_str() {
                "" => key.to_string(),
                above => format!("{above}.{key}"),
            };
            self.file.asked.push(dotted);
        }
        let unknown: Vec<Diagnostic> = self
            .map
            .iter()
            .filter(|(k, _)| {
                let key: &str = k.get_ref();
                !self.asked.contains(&key)
            })
            .map(|(k, _)| self.unknown_key(k.get_ref(), k.span()))
            .collect();
        if unknown.is_empty() {
            return;
        }
        let file = &mut *self.file;
        while let Some(&at) = file.if_clean.last()
            && at >= self.mark
        {
            file.if_clean.pop();
            file.diags.remove(at);
        }
        file.diags.splice(self.mark..self.mark, unknown);
    }

    fn unknown_key(&self, key: &str, span: Range<usize>) -> Diagnostic {
        // A Dutch name for a key the table takes is its English key.
        let english = english_key(key).filter(|k| self.asked.contains(k));
        let m = Message::UnknownKey {
            key: key.to_string(),
            part: self.what,
            suggestion: english
                .or_else(|| closest(key, &self.asked))
                .map(str::to_string),
            english: english.is_some(),
            takes: self.asked.iter().map(|a| a.to_string()).collect(),
        };
        self.file.diag_at(m.error(), span)
    }
}

impl<'i> Deref for Table<'_, '_, 'i> {
    type Target = TomlFile<'i>;

    fn deref(&self) -> &TomlFile<'i> {
        self.file
    }
}

impl<'i> DerefMut for Table<'_, '_, 'i> {
    fn deref_mut(&mut self) -> &mut TomlFile<'i> {
        self.file
    }
}

/// What a TOML syntax error is about, from the first error the parser
/// found (`first`, at `span` of `src`) and all it found (`all`).
fn syntax_kind(first: &str, all: &[&str], src: &str, span: &Range<usize>) -> SyntaxKind {
    let any = |needle: &str| all.iter().any(|m| m.contains(needle));
    if first.contains("date") || first.contains("day") || first.contains("month") {
        // A date that does not exist (2019-02-30) is a syntax error to the
        // TOML parser; the editor needs to hear about the calendar.
        SyntaxKind::BadDate
    } else if first.contains("duplicate key") {
        let key = src.get(span.clone()).unwrap_or("").trim().to_string();
        SyntaxKind::DuplicateKey(key)
    } else if first.contains("unclosed table") {
        SyntaxKind::UnclosedTableName
    } else if first.contains("between key-value pairs") || first.contains("unclosed inline table") {
        SyntaxKind::UnclosedInlineTable
    } else if any("unclosed array") {
        SyntaxKind::UnclosedList
    } else if first.contains("basic string") || first.contains("literal string, expected `'`") {
        SyntaxKind::UnclosedQuote
    } else if first.contains("must be quoted") {
        SyntaxKind::Unquoted
    } else if first.contains("expected `=`") {
        SyntaxKind::NoEquals
    } else {
        SyntaxKind::Other
    }
}

/// Dutch names editors give keys, and the English key each stands for.
/// Only a key the table takes is suggested.
const DUTCH_KEYS: &[(&str, &str)] = &[
    ("naam", "name"),
    ("titel", "title"),
    ("adres", "address"),
    ("telefoon", "phone"),
    ("telefoonnummer", "phone"),
    ("tel", "phone"),
    ("e-mail", "email"),
    ("mail", "email"),
    ("emailadres", "email"),
    ("e-mailadres", "email"),
    ("webadres", "website"),
    ("webpagina", "website"),
    ("site", "website"),
    ("omschrijving", "description"),
    ("beschrijving", "description"),
    ("kvk-nummer", "kvk"),
    ("kvknummer", "kvk"),
    ("brin-nummer", "brin"),
    ("brinnummer", "brin"),
    ("bestuur", "board"),
    ("bevoegd-gezag", "board"),
    ("documenten", "documents"),
    ("eigenaar", "owner"),
    ("soort", "kind"),
    ("type", "kind"),
    ("gepubliceerd", "published"),
    ("publicatiedatum", "published"),
    ("inwerkingtreding", "effective"),
    ("ingangsdatum", "effective"),
    ("geldig-vanaf", "effective"),
    ("wezenlijk", "material"),
    ("vastgesteld-door", "approved_by"),
    ("vastgesteld-op", "approved_on"),
    ("samenvatting", "summary"),
    ("wijzigingen", "summary"),
    ("spoed", "urgent"),
    ("dringend", "urgent"),
    ("verwerkingsverantwoordelijke", "controller"),
    ("verantwoordelijke", "controller"),
    ("partij", "party"),
    ("verwerker", "party"),
    ("ontvanger", "party"),
    ("scholen", "schools"),
    ("doelen", "purposes"),
    ("doel", "purposes"),
    ("betrokkenen", "data_subjects"),
    ("gegevens", "data_categories"),
    ("persoonsgegevens", "data_categories"),
    ("categorieen", "data_categories"),
    ("grondslag", "legal_basis"),
    ("rechtsgrond", "legal_basis"),
    ("bewaartermijn", "retention"),
    ("locatie", "location"),
    ("plaats", "location"),
    ("verwerkersovereenkomst", "agreement"),
    ("overeenkomst", "agreement"),
    ("ondertekend", "signed"),
    ("getekend", "signed"),
    ("verklaring", "statement"),
    ("privacyverklaring", "statement"),
    ("subverwerkers", "sub_processors"),
    ("sinds", "since"),
    ("vanaf", "since"),
    ("tot", "until"),
    ("tot-en-met", "until"),
    ("versie", "version"),
    ("talen", "languages"),
    ("uitgever", "publisher"),
    ("thema", "theme"),
    ("herziening", "review_every_years"),
    ("fg", "dpo"),
    ("functionaris", "dpo"),
    ("functionaris-gegevensbescherming", "dpo"),
    ("toegankelijkheid", "accessibility"),
    ("geevalueerd", "evaluated"),
    ("methode", "method"),
    ("bekende-problemen", "known_issues"),
    ("rapport", "report_url"),
    ("toestaan", "allow"),
];

/// The English key for a key an editor wrote in Dutch (`telefoon` →
/// `phone`): compared in lowercase, with spaces and underscores read as
/// hyphens and accents dropped.
pub(super) fn english_key(key: &str) -> Option<&'static str> {
    let k = dutch_form(key);
    DUTCH_KEYS
        .iter()
        .find(|(nl, _)| *nl == k)
        .map(|(_, en)| *en)
}

/// A Dutch word as the tables of Dutch words hold it: lowercase, hyphens
/// for spaces and underscores, without accents (`Gerechtvaardigd belang`
/// → `gerechtvaardigd-belang`).
pub(super) fn dutch_form(word: &str) -> String {
    word.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            'é' | 'ë' | 'è' => 'e',
            'ï' | 'í' => 'i',
            'ó' | 'ö' => 'o',
            'ü' | 'ú' => 'u',
            'á' | 'ä' => 'a',
            c => c,
        })
        .collect()
}

/// The candidate nearest to a misspelt word, if it is near enough.
pub(super) fn closest<'a>(key: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(&key.to_lowercase(), c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(closest("bord", &["name", "board", "brin"]), Some("board"));
        assert_eq!(closest("colour", &["name", "board", "brin"]), None);
    }

    /// Reads `src` as a file whose reader asks for `name` and `board`, and
    /// `email` in a `[dpo]` table; the messages, in order.
    fn read(src: &str) -> Vec<String> {
        let (mut f, doc) = TomlFile::parse(Path::new("x.toml"), src, None);
        let doc = doc.expect("bug: the test input is TOML");
        f.read_top(&doc, Part::SchoolFile, |t| {
            t.require("name", "\"…\"");
            t.table("dpo", Part::DpoTable, "{}", |d| d.get("email"));
            if t.get("board").is_none() {
                t.error_if_clean(0..0, Message::EmptyDpo);
            }
        });
        f.diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn keys_not_asked_for_are_unknown_and_come_first() {
        let msgs = read("nme = 1\n[dpo]\nemial = 2\nfax = 3\n");
        assert_eq!(
            msgs,
            [
                "unknown key `nme` in a school file",
                "a school file is missing the required key `name`",
                "unknown key `emial` in the [dpo] table",
                "unknown key `fax` in the [dpo] table",
            ]
        );
    }

    #[test]
    fn hints_draw_on_the_keys_asked_for() {
        let (mut f, doc) = TomlFile::parse(
            Path::new("x.toml"),
            "bord = 1\nzzz = 2\nTelefoon = 3\n",
            None,
        );
        let doc = doc.expect("bug: the test input is TOML");
        f.read_top(&doc, Part::SchoolFile, |t| {
            t.get("name");
            t.get("board");
            t.get("phone");
        });
        let hints: Vec<_> = f.diags.iter().filter_map(|d| d.hint.clone()).collect();
        assert_eq!(
            hints,
            [
                "write `phone`: keys are English words",
                "did you mean `board`? Otherwise remove this line",
                "remove this line; a school file takes: `name`, `board`, `phone`",
            ]
        );
        let dutch: Vec<_> = f
            .diags
            .iter()
            .filter_map(|d| d.dutch.as_ref()?.hint.clone())
            .collect();
        assert_eq!(dutch[0], "schrijf `phone`: de namen van velden zijn Engels");
    }

    #[test]
    fn an_error_if_clean_gives_way_to_unknown_keys() {
        assert_eq!(
            read("name = 1\n"),
            ["the [dpo] table needs at least a name or an e-mail address"]
        );
        assert_eq!(
            read("name = 1\ncolour = 2\n"),
            ["unknown key `colour` in a school file"]
        );
    }

    /// The one message a file with a syntax error gets: where, and what.
    fn syntax(src: &str) -> (String, u32, u32) {
        let (f, doc) = TomlFile::parse(Path::new("x.toml"), src, None);
        assert!(doc.is_none(), "{src:?} is TOML");
        assert_eq!(f.diags.len(), 1, "{src:?}: {:#?}", f.diags);
        let d = &f.diags[0];
        let p = d.position.expect("bug: a syntax error has a place");
        (d.message.clone(), p.line, p.column)
    }

    #[test]
    fn a_syntax_error_is_reported_once_at_its_line() {
        let site = "title = \"x\"\nlanguages = [\"nl\", \"en\"\npublisher = \"p\"\n\n[accessibility]\ncontact = \"a@b.nl\"\n";
        let (m, line, col) = syntax(site);
        assert_eq!((line, col), (2, 24), "{m}");
        assert!(m.contains("is not closed with `]`"), "{m}");
        let (m, line, _) = syntax("title = \"x\"\n[markdown\nunsafe_html = true\n");
        assert_eq!(line, 2);
        assert!(m.contains("table name"), "{m}");
        let (m, line, _) = syntax("title = { nl = \"x\", en = \"y\"\nowner = \"p\"\n");
        assert_eq!(line, 1);
        assert!(m.contains("`{`"), "{m}");
        let (m, line, _) = syntax("name = \"x\"\nname = \"y\"\n");
        assert_eq!(line, 2);
        assert!(m.contains("`name` is written twice"), "{m}");
        let (m, line, col) = syntax("name = \"Basisschool\nboard = \"p\"\n");
        assert_eq!((line, col), (1, 20));
        assert!(m.contains("invalid basic string"), "{m}");
    }

    #[test]
    fn dutch_key_names_map_to_english_ones() {
        assert_eq!(english_key("telefoon"), Some("phone"));
        assert_eq!(english_key("Vastgesteld op"), Some("approved_on"));
        assert_eq!(english_key("geëvalueerd"), Some("evaluated"));
        assert_eq!(english_key("kleur"), None);
    }
}
