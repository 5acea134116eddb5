//! Diagnostics: every problem found in a site is reported with the file, line
//! and column it comes from, what is wrong and what to do about it.
//!
//! Content errors are collected, never thrown: a build reports all of them at
//! once so an editor can fix a whole batch in one go.
//!
//! A command that fails ends with one [`Failure`]: the exit status it means
//! and what to tell the user, printed by [`Failure::print`] in the one
//! format every command shares (`error: …`, `  --> file:line:column`,
//! `  = hint: …`), in the language the command speaks: a finding from the
//! catalog ([`crate::messages`]) is written in Dutch or English, anything
//! else (the log's and the key's own messages, the system's errors) in
//! English, labels included.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::{Language, Rule, Say, Texts, Wording};

/// How bad a finding is. Errors fail `build` and `check`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// One finding about the site's content or configuration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site folder where possible.
    pub file: Option<PathBuf>,
    pub position: Option<Position>,
    /// What is wrong, in plain English words.
    pub message: String,
    /// What to do about it, in English.
    pub hint: Option<String>,
    /// What kind of finding it is: its stable English id.
    #[serde(serialize_with = "rule_id")]
    pub rule: Rule,
    /// The message and hint in Dutch, for a message of the catalog (boxed:
    /// a diagnostic is passed around in `Result`s, and most stay small).
    #[serde(skip)]
    pub dutch: Option<Box<Wording>>,
    /// The source line the position points into, for a caret display
    /// (a `Box<str>`: it is never grown, and the diagnostic stays small).
    #[serde(skip)]
    pub source_line: Option<Box<str>>,
    /// How many characters the caret underlines.
    #[serde(skip)]
    pub span_chars: u32,
}

fn rule_id<S: serde::Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.id())
}

impl Diagnostic {
    /// An error in English only, outside the catalog (see
    /// [`crate::messages::Message::error`] for one in every language).
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning in English only, outside the catalog.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: None,
            position: None,
            message: message.into(),
            hint: None,
            rule: Rule::Other,
            dutch: None,
            source_line: None,
            span_chars: 1,
        }
    }

    /// A finding worded by the catalog.
    pub(crate) fn from_texts(severity: Severity, texts: Texts) -> Self {
        Diagnostic {
            severity,
            file: None,
            position: None,
            message: texts.en.message,
            hint: texts.en.hint,
            rule: texts.rule,
            dutch: Some(Box::new(texts.nl)),
            source_line: None,
            span_chars: 1,
        }
    }

    /// The same place, worded by the catalog as `texts` says.
    pub(crate) fn with_texts(mut self, texts: Texts) -> Self {
        self.message = texts.en.message;
        self.hint = texts.en.hint;
        self.rule = texts.rule;
        self.dutch = Some(Box::new(texts.nl));
        self
    }

    /// The same finding with the rule `rule`, for a message from outside
    /// the catalog whose kind the caller knows.
    pub fn with_rule(mut self, rule: Rule) -> Self {
        self.rule = rule;
        self
    }

    /// The same finding as a warning (or an error).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The message and hint in `lang`, and whether they are in it (a
    /// message outside the catalog is in English).
    pub fn wording(&self, lang: Language) -> (&str, Option<&str>, Language) {
        match (lang, &self.dutch) {
            (Language::Nl, Some(nl)) => (&nl.message, nl.hint.as_deref(), Language::Nl),
            _ => (&self.message, self.hint.as_deref(), Language::En),
        }
    }

    /// The finding as it is printed in `lang`.
    pub fn display(&self, lang: Language) -> impl fmt::Display + '_ {
        Shown { d: self, lang }
    }

    /// The file it is about, relative to the site folder where possible.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The line and column (1-based, in characters) it points at.
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.position = Some(Position { line, column });
        self
    }

    /// Points at a byte range of `source`, the full text of the file.
    pub fn at_span(mut self, source: &str, span: std::ops::Range<usize>) -> Self {
        let (pos, line_text) = locate(source, span.start);
        let end = span.end.clamp(span.start, source.len());
        let within_line = source[span.start.min(source.len())..end]
            .split('\n')
            .next()
            .unwrap_or("");
        self.position = Some(pos);
        self.source_line = Some(line_text.into());
        self.span_chars = (within_line.chars().count() as u32).max(1);
        self
    }

    /// Points at a line and column of `source` and keeps that line for display.
    pub fn at_line_col(mut self, source: &str, line: u32, column: u32) -> Self {
        self.position = Some(Position { line, column });
        self.source_line = source
            .split('\n')
            .nth(line.saturating_sub(1) as usize)
            .map(Into::into);
        self
    }

    /// What to do about it, in English. A message from the catalog given
    /// another hint is shown in English from then on.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self.dutch = None;
        self
    }

    /// Whether it fails the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        let mut s = file.display().to_string();
        if let Some(p) = self.position {
            s.push_str(&format!(":{}:{}", p.line, p.column));
        }
        Some(s)
    }
}

/// Finds the 1-based line and character column of a byte offset, and the line.
pub fn locate(source: &str, offset: usize) -> (Position, &str) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line = source[..line_start].matches('\n').count() as u32 + 1;
    let column = source[line_start..offset].chars().count() as u32 + 1;
    (Position { line, column }, &source[line_start..line_end])
}

/// A hint's line: `  = hint: …`.
fn hint_line(lang: Language, hint: &str) -> String {
    format!("  = {}: {hint}", Say::HintLabel.text(lang))
}

impl fmt::Display for Diagnostic {
    /// The human format in English (see [`Diagnostic::display`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(Language::En).fmt(f)
    }
}

/// A finding as it is printed in a language.
struct Shown<'d> {
    d: &'d Diagnostic,
    lang: Language,
}

impl fmt::Display for Shown<'_> {
    /// The human format, in the style of cargo: `error: …`, `--> file:line:col`,
    /// the source line with a caret, then `hint: …`; labels in the language
    /// of the message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.d;
        let (message, hint, lang) = d.wording(self.lang);
        let label = match d.severity {
            Severity::Error => Say::ErrorLabel,
            Severity::Warning => Say::WarningLabel,
        };
        writeln!(f, "{}: {message}", label.text(lang))?;
        if let Some(loc) = d.location() {
            writeln!(f, "  --> {loc}")?;
        }
        if let (Some(line), Some(pos)) = (&d.source_line, d.position) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = line.chars().take(200).collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {}", shown.replace('\t', " "))?;
            let lead = " ".repeat(pos.column.saturating_sub(1) as usize);
            let carets = "^".repeat(d.span_chars.clamp(1, 80) as usize);
            writeln!(f, "{pad} | {lead}{carets}")?;
        }
        if let Some(hint) = hint {
            writeln!(f, "{}", hint_line(lang, hint))?;
        }
        Ok(())
    }
}

/// A kind of warning an editor acknowledged with `allow = [...]`, for the
/// files under `scope` (the whole site when `scope` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    pub scope: PathBuf,
    pub rule: Rule,
}

impl Allowance {
    /// Whether it acknowledges `d`: a warning of its rule in its scope.
    fn covers(&self, d: &Diagnostic) -> bool {
        d.severity == Severity::Warning
            && d.rule == self.rule
            && (self.scope.as_os_str().is_empty()
                || d.file.as_ref().is_some_and(|f| f.starts_with(&self.scope)))
    }
}

/// All findings of one run, and the warnings the site acknowledges.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    allowed: Vec<Allowance>,
}

/// What is reported of a run's findings: each finding once, errors first,
/// then by file and position, without the warnings the site acknowledges;
/// the counts are of exactly these.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub errors: usize,
    pub warnings: usize,
    /// Warnings left out because the site acknowledges them.
    pub acknowledged: usize,
}

impl Diagnostics {
    /// Adds a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds every finding and acknowledgement of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.allowed.extend(other.allowed);
    }

    /// Acknowledges the warnings of `rule` in the files under `scope`.
    pub fn allow(&mut self, scope: PathBuf, rule: Rule) {
        self.allowed.push(Allowance { scope, rule });
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many errors are reported.
    pub fn error_count(&self) -> usize {
        self.clone().report().errors
    }

    /// How many warnings are reported.
    pub fn warning_count(&self) -> usize {
        self.clone().report().warnings
    }

    /// The findings, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Errors first, then by file and position, so output is reproducible
    /// whatever order the files were read in; each finding once.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.severity, &a.file, a.position, &a.message)
                .cmp(&(b.severity, &b.file, b.position, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// What is reported: [`Diagnostics::sorted`] without the acknowledged
    /// warnings, with the counts of what is left.
    pub fn report(self) -> Report {
        let allowed = self.allowed.clone();
        let mut report = Report::default();
        for d in self.sorted() {
            if allowed.iter().any(|a| a.covers(&d)) {
                report.acknowledged += 1;
                continue;
            }
            if d.is_error() {
                report.errors += 1;
            } else {
                report.warnings += 1;
            }
            report.diagnostics.push(d);
        }
        report
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics {
            items,
            allowed: Vec::new(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// What the exit status of a failed command tells a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 1: the input was refused: bad content, a key or log that does not
    /// check out, a failed verification.
    Rejected,
    /// 2: a usage error, or the tool itself failed (a full disk, a port in
    /// use, no terminal to ask a password on).
    Error,
}

impl Exit {
    /// The process exit status.
    pub fn code(self) -> i32 {
        match self {
            Exit::Rejected => 1,
            Exit::Error => 2,
        }
    }
}

/// How the diagnostics of a [`Failure`] are laid out, as each command has
/// always printed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Findings in the site, errors first, each followed by a blank line,
    /// then, if there are errors, how many findings are shown and that
    /// nothing was written.
    Report {
        errors: usize,
        warnings: usize,
        acknowledged: usize,
    },
    /// Findings, each followed by a blank line.
    Findings,
    /// Messages about the command itself, one after the other.
    Messages,
}

/// Why a command failed: its exit status and what the user is told. Every
/// command ends in `Ok(())` or one of these, and [`Failure::print`] is the
/// only place a failure is written.
#[derive(Debug)]
pub struct Failure {
    exit: Exit,
    layout: Layout,
    diagnostics: Vec<Diagnostic>,
    /// Hints about the command as a whole, printed after each message's own.
    hints: Vec<String>,
}

impl Failure {
    /// The site's content is wrong: every finding, errors first, and the
    /// count (exit 1).
    pub fn content(diagnostics: Diagnostics) -> Failure {
        let report = diagnostics.report();
        Failure {
            exit: Exit::Rejected,
            layout: Layout::Report {
                errors: report.errors,
                warnings: report.warnings,
                acknowledged: report.acknowledged,
            },
            diagnostics: report.diagnostics,
            hints: Vec::new(),
        }
    }

    /// One mistake in what the user asked for or has in the site, shown as
    /// a finding without a count (exit 1).
    pub fn finding(diagnostic: Diagnostic) -> Failure {
        Failure {
            exit: Exit::Rejected,
            layout: Layout::Findings,
            diagnostics: vec![diagnostic],
            hints: Vec::new(),
        }
    }

    /// Something the command refuses: a key that does not fit, a file that
    /// exists, a log that is not there (exit 1).
    pub fn rejected(diagnostic: Diagnostic) -> Failure {
        Failure {
            exit: Exit::Rejected,
            layout: Layout::Messages,
            diagnostics: vec![diagnostic],
            hints: Vec::new(),
        }
    }

    /// A usage error or a failure of the tool itself (exit 2).
    pub fn error(diagnostic: Diagnostic) -> Failure {
        Failure {
            exit: Exit::Error,
            layout: Layout::Messages,
            diagnostics: vec![diagnostic],
            hints: Vec::new(),
        }
    }

    /// The command has told the user everything already (a verification
    /// report, `check`'s findings); only the exit status is left.
    pub fn reported(exit: Exit) -> Failure {
        Failure {
            exit,
            layout: Layout::Messages,
            diagnostics: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// Adds another message, printed after those there are.
    pub fn and(mut self, diagnostic: Diagnostic) -> Failure {
        self.diagnostics.push(diagnostic);
        self
    }

    /// Adds a hint about the command as a whole (what it left as it was),
    /// printed after each message's own.
    pub fn also_hint(mut self, hint: impl Into<String>) -> Failure {
        self.hints.push(hint.into());
        self
    }

    /// The exit status this failure means.
    pub fn exit(&self) -> Exit {
        self.exit
    }

    /// Writes the failure to stderr, in `lang`.
    pub fn print(&self, lang: Language) {
        let stderr = std::io::stderr();
        let _ = self.write_in(&mut stderr.lock(), lang);
    }

    /// Writes the failure as [`Failure::print`] does, to `out`, in English.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        self.write_in(out, Language::En)
    }

    /// Writes the failure as [`Failure::print`] does, to `out`, in `lang`.
    pub fn write_in(&self, out: &mut impl std::io::Write, lang: Language) -> std::io::Result<()> {
        write_diagnostics(out, &self.diagnostics, &self.hints, self.layout, lang)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes).map_err(|_| fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&bytes))
    }
}

impl From<IoFailure> for Failure {
    /// The tool could not do its own work on a path (exit 2).
    fn from(e: IoFailure) -> Failure {
        Failure::error(Diagnostic::error(e.to_string()))
    }
}

/// Prints the findings of a run that went on (warnings, or `check`'s
/// findings) to stderr in `lang`, errors first, each followed by a blank
/// line; returns what was reported, for its counts.
pub fn print_findings(diagnostics: Diagnostics, lang: Language) -> Report {
    let report = diagnostics.report();
    let stderr = std::io::stderr();
    let _ = write_diagnostics(
        &mut stderr.lock(),
        &report.diagnostics,
        &[],
        Layout::Findings,
        lang,
    );
    report
}

/// Prints one message about the command itself (a warning about how it was
/// started) to stderr, in `lang`.
pub fn print_message(diagnostic: &Diagnostic, lang: Language) {
    let stderr = std::io::stderr();
    let _ = write_diagnostics(
        &mut stderr.lock(),
        std::slice::from_ref(diagnostic),
        &[],
        Layout::Messages,
        lang,
    );
}

/// The one printer. Colour is never used: messages read the same in a
/// terminal, in a CI log and in a file.
fn write_diagnostics(
    out: &mut impl std::io::Write,
    diagnostics: &[Diagnostic],
    hints: &[String],
    layout: Layout,
    lang: Language,
) -> std::io::Result<()> {
    for d in diagnostics {
        write!(out, "{}", d.display(lang))?;
        let (_, _, said_in) = d.wording(lang);
        for hint in hints {
            writeln!(out, "{}", hint_line(said_in, hint))?;
        }
        if layout != Layout::Messages {
            writeln!(out)?;
        }
    }
    if let Layout::Report {
        errors,
        warnings,
        acknowledged,
    } = layout
        && errors > 0
    {
        let counts = Say::Counts {
            errors,
            warnings,
            acknowledged,
        };
        writeln!(
            out,
            "{}{}",
            counts.text(lang),
            Say::NothingWritten.text(lang)
        )?;
    }
    Ok(())
}

/// `s` for a count other than one.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// An error from the tool's own work (not the content): which operation on
/// which path failed. Maps to exit status 2.
#[derive(Debug)]
pub struct IoFailure {
    pub doing: String,
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl fmt::Display for IoFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.doing, self.path.display(), self.source)
    }
}

impl std::error::Error for IoFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Wraps an `io::Result` with what was being done to which path.
pub trait IoContext<T> {
    fn doing(self, doing: &str, path: &Path) -> Result<T, IoFailure>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn doing(self, doing: &str, path: &Path) -> Result<T, IoFailure> {
        self.map_err(|source| IoFailure {
            doing: doing.to_string(),
            path: path.to_path_buf(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_characters_not_bytes() {
        let src = "a = 1\nnaam = \"é\" x\n";
        let off = src.find('x').unwrap();
        let (pos, line) = locate(src, off);
        assert_eq!(
            pos,
            Position {
                line: 2,
                column: 12
            }
        );
        assert_eq!(line, "naam = \"é\" x");
    }

    #[test]
    fn content_failures_list_findings_errors_first_then_the_count() {
        let late = Diagnostic::warning("late").in_file("b.toml");
        let wrong = Diagnostic::error("wrong")
            .in_file("a.toml")
            .at(2, 1)
            .hint("fix it");
        // A finding made twice is shown once, and counted once: the count
        // is of what is shown.
        let f = Failure::content(vec![late.clone(), wrong, late].into());
        assert_eq!(f.exit().code(), 1);
        assert_eq!(
            f.to_string(),
            "\
error: wrong
  --> a.toml:2:1
  = hint: fix it

warning: late
  --> b.toml

1 error and 1 warning: nothing was written
"
        );
    }

    #[test]
    fn messages_follow_each_other_with_the_commands_own_hint() {
        let f = Failure::rejected(Diagnostic::error("cannot read a").hint("create it"))
            .and(Diagnostic::error("cannot read b"))
            .also_hint("nothing was changed");
        assert_eq!(f.exit(), Exit::Rejected);
        assert_eq!(
            f.to_string(),
            "\
error: cannot read a
  = hint: create it
  = hint: nothing was changed
error: cannot read b
  = hint: nothing was changed
"
        );
        let io: Failure = std::fs::read_dir("/nonexistent-folder")
            .doing("reading the folder", Path::new("/nonexistent-folder"))
            .unwrap_err()
            .into();
        assert_eq!(io.exit().code(), 2);
        let text = io.to_string();
        assert!(
            text.starts_with("error")
                && text.contains(": reading the folder /nonexistent-folder: "),
            "{text}"
        );
        assert_eq!(Failure::reported(Exit::Rejected).to_string(), "");
        let one = Failure::finding(Diagnostic::error("no such school").hint("create it"));
        assert_eq!(
            one.to_string(),
            "\
error: no such school
  = hint: create it

"
        );
    }

    #[test]
    fn findings_print_in_the_language_asked_for() {
        use crate::messages::Message;
        let found = Message::NoVersions
            .error()
            .in_file("content/documents/d/document.toml");
        let other = Diagnostic::warning("the log is damaged").hint("restore it");
        let f = Failure::content(vec![found, other].into());
        let mut nl = Vec::new();
        f.write_in(&mut nl, Language::Nl).unwrap();
        assert_eq!(
            String::from_utf8(nl).unwrap(),
            "\
fout: dit document heeft geen versies
  --> content/documents/d/document.toml
  = tip: voeg een versiemap toe, zoals 1.0/, met version.toml en nl.md

warning: the log is damaged
  = hint: restore it

1 fout en 1 waarschuwing: er is niets geschreven
",
            "a message outside the catalog stays English, its labels too"
        );
        assert!(
            f.to_string()
                .starts_with("error: this document has no versions\n")
        );
    }

    #[test]
    fn acknowledged_warnings_are_counted_apart() {
        use crate::messages::{Message, Rule};
        let bare = |file: &str| {
            Message::BareUrl {
                url: "https://x.nl".into(),
            }
            .warning()
            .in_file(file)
            .at(3, 1)
        };
        let mut d: Diagnostics = vec![
            bare("content/documents/a/1.0/nl.md"),
            bare("content/documents/a/1.1/nl.md"),
            bare("content/documents/b/1.0/nl.md"),
            // An error is never acknowledged.
            Message::EmptyBody { default: false }
                .error()
                .in_file("content/documents/a/1.0/en.md"),
        ]
        .into();
        d.allow("content/documents/a/1.0".into(), Rule::BareUrl);
        d.allow("content/documents/a/1.0".into(), Rule::EmptyFile);
        let r = d.clone().report();
        assert_eq!((r.errors, r.warnings, r.acknowledged), (1, 2, 1));
        d.allow(PathBuf::new(), Rule::BareUrl);
        let r = d.report();
        assert_eq!((r.errors, r.warnings, r.acknowledged), (1, 0, 3));
    }

    #[test]
    fn display_shows_caret_and_hint() {
        let src = "name = \"x\"\nbord = \"y\"\n";
        let d = Diagnostic::error("unknown key `bord`")
            .in_file("content/schools/a.toml")
            .at_span(src, 11..15)
            .hint("did you mean `board`?");
        let text = d.to_string();
        assert!(text.contains("--> content/schools/a.toml:2:1"), "{text}");
        assert!(text.contains("2 | bord = \"y\"\n  | ^^^^"), "{text}");
        assert!(text.contains("hint: did you mean `board`?"), "{text}");
    }
}
