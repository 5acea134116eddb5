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
            if_clean: Vec::new(),
            #[cfg(test)]
            asked: Vec::new(),
        };
        if src.trim().is_empty() {
            file.diags.push(
                Diagnostic::error("this file is empty")
                    .in_file(rel.to_path_buf())
                    .at(1, 1)
                    .hint("fill in the required keys; `policypress new` writes a starting point"),
            );
            return (file, None);
        }
        let (table, errors) = DeTable::parse_recoverable(src);
        if errors.is_empty() {
            return (file, Some(table));
        }
        for e in errors.iter().take(10) {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().trim_end_matches('.').to_string();
            // A date that does not exist (2019-02-30) is a syntax error to
            // the TOML parser; the editor needs to hear about the calendar.
            let hint = if msg.contains("date") || msg.contains("day") || msg.contains("month") {
                "this date does not exist: check the day and the month (February has 28 days, 29 in a leap year); write dates as YYYY-MM-DD"
            } else {
                "check quotes, `=` signs and brackets on this line; text goes between double quotes, dates without quotes (2019-04-01)"
            };
            file.diags.push(
                Diagnostic::error(format!("this is not valid TOML: {msg}"))
                    .in_file(rel.to_path_buf())
                    .at_span(src, span)
                    .hint(hint),
            );
        }
        (file, None)
    }

    /// Reads the file's top-level table with `read`, then reports the keys
    /// `read` did not ask for. A missing key is reported at the start of the
    /// file, which is named `what` ("a school file").
    pub(super) fn read_top<'t, R>(
        &mut self,
        doc: &'t Spanned<DeTable<'a>>,
        what: &'static str,
        read: impl FnOnce(&mut Table<'_, 't, 'a>) -> R,
    ) -> R {
        Table::open(self, doc.get_ref(), 0..0, what, String::new()).read(read)
    }

    /// Reports an error at `span` of this file.
    pub(super) fn error(
        &mut self,
        span: Range<usize>,
        msg: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = self.diag_at(Diagnostic::error(msg), span).hint(hint);
        self.diags.push(d);
    }

    /// Reports a warning at `span` of this file.
    pub(super) fn warning(
        &mut self,
        span: Range<usize>,
        msg: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = self.diag_at(Diagnostic::warning(msg), span).hint(hint);
        self.diags.push(d);
    }

    /// Reports an error only when nothing before it in the file is wrong, so
    /// that a mistake is not reported twice over. The unknown keys of the
    /// tables being read count as before it, though they are only known
    /// once those tables are finished: the error is withdrawn then.
    pub(super) fn error_if_clean(
        &mut self,
        span: Range<usize>,
        msg: impl Into<String>,
        hint: impl Into<String>,
    ) {
        if self.has_errors() {
            return;
        }
        self.if_clean.push(self.diags.len());
        self.error(span, msg, hint);
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
    what: &'static str,
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
        what: &'static str,
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
            let msg = format!("{} is missing the required key `{key}`", self.what);
            self.file
                .error(at, msg, format!("add a line like: {key} = {example}"));
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
        what: &'static str,
        example: &str,
        read: impl FnOnce(&mut Table<'_, 't, 'i>) -> Option<R>,
    ) -> Option<R> {
        let v = self.get(key)?;
        let DeValue::Table(map) = v.get_ref() else {
            self.file.type_error(v, key, "a table", example);
            return None;
        };
        let path = match self.path.as_str() {
            "" => key.to_string(),
            above => format!("{above}.{key}"),
        };
        Table::open(self.file, map, v.span(), what, path).read(read)
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
        let hint = match closest(key, &self.asked) {
            Some(s) => format!("did you mean `{s}`? Otherwise remove this line"),
            None => format!(
                "remove this line; {} takes: {}",
                self.what,
                self.asked
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let msg = format!("unknown key `{key}` in {}", self.what);
        self.file.diag_at(Diagnostic::error(msg), span).hint(hint)
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
        f.read_top(&doc, "a test file", |t| {
            t.require("name", "\"…\"");
            t.table("dpo", "the [dpo] table", "{}", |d| d.get("email"));
            if t.get("board").is_none() {
                t.error_if_clean(0..0, "no board", "add one");
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
                "unknown key `nme` in a test file",
                "a test file is missing the required key `name`",
                "unknown key `emial` in the [dpo] table",
                "unknown key `fax` in the [dpo] table",
            ]
        );
    }

    #[test]
    fn hints_draw_on_the_keys_asked_for() {
        let (mut f, doc) = TomlFile::parse(Path::new("x.toml"), "bord = 1\nzzz = 2\n", None);
        let doc = doc.expect("bug: the test input is TOML");
        f.read_top(&doc, "a test file", |t| {
            t.get("name");
            t.get("board");
        });
        let hints: Vec<_> = f.diags.iter().filter_map(|d| d.hint.clone()).collect();
        assert_eq!(
            hints,
            [
                "did you mean `board`? Otherwise remove this line",
                "remove this line; a test file takes: `name`, `board`",
            ]
        );
    }

    #[test]
    fn an_error_if_clean_gives_way_to_unknown_keys() {
        assert_eq!(read("name = 1\n"), ["no board"]);
        assert_eq!(
            read("name = 1\ncolour = 2\n"),
            ["unknown key `colour` in a test file"]
        );
    }
}
