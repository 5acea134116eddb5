//! Finds the placeholders `policypress new` writes for editors to replace
//! (`[VUL IN]`, or `[FILL IN]` in English texts): every one, in every
//! value of a TOML file and in every text, each with its line and column.
//!
//! Nothing with a placeholder in it may go live, so in content read for
//! publication each one is an error; in a preview, and in a draft (a
//! version without `published`, which is never published), a warning.
//! Comments are not published, so a placeholder in a comment (TOML `#`,
//! Markdown `<!-- -->`) is left alone.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Loader;
use super::table::{TomlFile, Val};
use crate::diag::Severity;
use crate::lint::PLACEHOLDERS;
use crate::messages::Message;
use crate::model::Body;

/// Whether `v` is a text that is only a placeholder, e.g. `since = "[VUL
/// IN]"`: a value not filled in yet. A reader of dates, slugs and other
/// values that are not texts reads it as missing, without a message of its
/// own: the placeholder is reported already.
pub(super) fn is_placeholder(v: Val) -> bool {
    matches!(v.get_ref(), DeValue::String(s) if PLACEHOLDERS.contains(&s.trim()))
}

/// Reports every placeholder in the values of `doc`, the file read into
/// `file`, as `severity`; `draft` says the file belongs to a draft.
pub(super) fn in_toml(
    file: &mut TomlFile,
    doc: &Spanned<DeTable>,
    draft: bool,
    severity: Severity,
) {
    // Walked with a stack of its own: a file may nest deeper than the
    // call stack should go.
    let mut stack = Vec::new();
    push_entries(&mut stack, "", doc.get_ref());
    while let Some((path, v)) = stack.pop() {
        match v.get_ref() {
            DeValue::String(_) => {
                for (at, text) in occurrences(file.src, v.span()) {
                    let d = Message::Placeholder {
                        text: text.to_string(),
                        key: Some(path.clone()),
                        draft,
                        publishing: severity == Severity::Error,
                    }
                    .with_severity(severity);
                    let d = file.diag_at(d, at);
                    file.diags.push(d);
                }
            }
            DeValue::Array(items) => {
                for item in items.iter().rev() {
                    stack.push((path.clone(), item));
                }
            }
            DeValue::Table(t) => push_entries(&mut stack, &path, t),
            _ => {}
        }
    }
}

/// Puts the entries of `table`, below the dotted key `path`, on `stack`,
/// so that they come off it in the order they are written.
fn push_entries<'t, 'i>(
    stack: &mut Vec<(String, &'t Spanned<DeValue<'i>>)>,
    path: &str,
    table: &'t DeTable<'i>,
) {
    for (k, v) in table.iter().rev() {
        let key: &str = k.get_ref();
        let dotted = if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        };
        stack.push((dotted, v));
    }
}

/// Reports every placeholder in a text (outside HTML comments, which are
/// not published); `draft` says it is a draft's.
pub(super) fn in_body(l: &mut Loader, body: &Body, draft: bool) {
    let severity = l.placeholder_severity(draft);
    let comments = comments(&body.source);
    for (at, text) in occurrences(&body.source, 0..body.source.len()) {
        if comments.iter().any(|c| c.contains(&at.start)) {
            continue;
        }
        let d = Message::Placeholder {
            text: text.to_string(),
            key: None,
            draft,
            publishing: severity == Severity::Error,
        }
        .with_severity(severity)
        .in_file(body.file.clone())
        .at_span(&body.source, at);
        l.diags.push(d);
    }
}

/// Where each placeholder is in `src[within]`, in order.
fn occurrences(src: &str, within: Range<usize>) -> Vec<(Range<usize>, &'static str)> {
    let Some(part) = src.get(within.clone()) else {
        return Vec::new();
    };
    let mut out: Vec<(Range<usize>, &'static str)> = PLACEHOLDERS
        .iter()
        .flat_map(|p| {
            part.match_indices(p)
                .map(move |(i, _)| (within.start + i..within.start + i + p.len(), *p))
        })
        .collect();
    out.sort_by_key(|(at, _)| at.start);
    out
}

/// The byte ranges of the HTML comments in a Markdown text.
fn comments(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = src[from..].find("<!--").map(|i| from + i) {
        let end = src[start + 4..]
            .find("-->")
            .map_or(src.len(), |i| start + 4 + i + 3);
        out.push(start..end);
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_found_in_order() {
        let src = "a [FILL IN] b [VUL IN] c [VUL IN]";
        let found: Vec<_> = occurrences(src, 0..src.len())
            .into_iter()
            .map(|(at, t)| (at.start, t))
            .collect();
        assert_eq!(
            found,
            [(2, "[FILL IN]"), (14, "[VUL IN]"), (25, "[VUL IN]")]
        );
    }

    #[test]
    fn comments_are_found() {
        let src = "a <!-- [VUL IN] --> b <!-- open";
        let c = comments(src);
        assert_eq!(c, [2..19, 22..src.len()]);
    }
}
