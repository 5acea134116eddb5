//! Folding unchanged runs and listing the sections that changed.

use super::blocks::{Html, Piece, State};
use super::tree::escape_text;
use super::{Comparison, INTRO_ID, Labels, OutlineEntry, SectionChange};

/// Folds unchanged runs and builds the outline. `size_hint` is the length
/// of the longer input; the result is usually a little longer than that.
pub(super) fn finish(pieces: Vec<Piece>, labels: &Labels, size_hint: usize) -> Comparison {
    let mut html = String::with_capacity(size_hint + size_hint / 4);
    let mut outline: Vec<OutlineEntry> = Vec::new();
    let mut changed_blocks = 0;
    // The section being read: heading text, id, how the heading changed.
    let mut section: (Option<String>, String, State) = (None, INTRO_ID.to_string(), State::Same);
    // The level-2 heading a level-3 section is part of: "3. Sollicitanten"
    // alone does not say which annex or article changed.
    let mut parent: Option<String> = None;
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
            let label = match (&parent, *level) {
                (Some(parent), 3) => format!("{parent} › {text}"),
                _ => text.clone(),
            };
            if *level < 3 {
                parent = (*level == 2).then(|| text.clone());
            }
            section = (
                Some(label),
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
        rewritten: None,
    }
}
