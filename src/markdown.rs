//! Markdown bodies of versions and free pages, rendered to safe HTML.
//! (Temporary minimal version; replaced by the full module.)

use crate::diag::Diagnostic;

pub enum BodyKind {
    Version,
    Page,
}

pub struct MarkdownOptions {
    pub kind: BodyKind,
    pub unsafe_html: bool,
}

#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub title: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn render(source: &str, opts: &MarkdownOptions) -> Rendered {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.render.escape = !opts.unsafe_html;
    let mut title = None;
    let mut src = source.to_string();
    if matches!(opts.kind, BodyKind::Page)
        && let Some(first) = source.lines().find(|l| l.starts_with("# "))
    {
        title = Some(first[2..].trim().to_string());
        src = source.replacen(first, "", 1);
    }
    Rendered {
        html: comrak::markdown_to_html(&src, &o),
        toc: Vec::new(),
        title,
        diagnostics: Vec::new(),
    }
}
