//! `policypress check`: every mistake and warning in a site, without
//! writing anything, for a person or (as JSON) for CI.
//!
//! A site with errors is still checked through: what could be read is
//! linted and its Markdown read, so the warnings are reported alongside
//! the errors, never instead of them.

use std::path::Path;

use super::{Format, SiteArgs, parse_date, today};
use crate::asof::BuildOptions;
use crate::diag::{Diagnostic, Diagnostics, Exit, Failure, Report, print_findings};
use crate::markdown::{BodyKind, MarkdownOptions};
use crate::messages::{Language, Rule, Say};
use crate::model::{Date, Site};

/// The arguments of `check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// human (default) or json, for use in CI.
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "human")]
    pub format: Format,
    /// Check the site as it is on this date (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// Checks the site; the findings are the output, so a site with errors
/// fails with nothing more to say.
pub(crate) fn execute(args: Args, lang: Language) -> Result<(), Failure> {
    let site = args.site.site.as_path();
    let as_of = args.as_of.unwrap_or_else(today);
    let found = findings(site, as_of);
    let report = match args.format {
        Format::Json => {
            let report = found.report();
            println!("{}", json(&report, lang));
            report
        }
        Format::Human => {
            let report = print_findings(found, lang);
            let counts = Say::Counts {
                errors: report.errors,
                warnings: report.warnings,
                acknowledged: report.acknowledged,
            };
            println!("{}", counts.text(lang));
            report
        }
    };
    if report.errors > 0 {
        Err(Failure::reported(Exit::Rejected))
    } else {
        Ok(())
    }
}

/// Every finding about the site in `root` on `as_of`, as a build for
/// publication sees it (a placeholder is an error), with the editor's
/// lint on top.
fn findings(root: &Path, as_of: Date) -> Diagnostics {
    let opts = BuildOptions {
        as_of,
        drafts: false,
        preview: false,
    };
    match crate::site::build(root, opts) {
        Ok(mut built) => {
            let lint = crate::lint::lint(root, &built.site, as_of);
            built.diagnostics.extend(lint.into());
            built.diagnostics
        }
        Err(mut diags) => {
            // What could be read is still checked: the same load again,
            // keeping what it could make of each file.
            let loaded = crate::content::load_partial(root);
            if let Some(site) = &loaded.site {
                if !loaded.complete {
                    // The build stopped before the Markdown, the theme and
                    // the log were read.
                    diags.extend(markdown_findings(site).into());
                    if loaded.config_read {
                        diags.extend(theme_and_log_findings(root, site).into());
                    }
                }
                if loaded.config_read {
                    diags.extend(crate::lint::lint(root, site, as_of).into());
                }
            }
            diags
        }
    }
}

/// What the theme and the transparency log say about a site read in part:
/// the theme's findings, and the log's warnings (its errors would be about
/// what could not be read, which is reported already).
fn theme_and_log_findings(root: &Path, site: &Site) -> Vec<Diagnostic> {
    let mut theme = Vec::new();
    crate::theme::Theme::load(root, &site.config, &mut theme);
    let (_, _, log) = crate::transparency::for_build(root, site);
    let theme = theme.into_iter().map(|d| d.with_rule(Rule::Theme));
    let log = log
        .into_iter()
        .filter(|d| !d.is_error())
        .map(|d| d.with_rule(Rule::TransparencyLog));
    theme.chain(log).collect()
}

/// What reading every body of `site` finds, as a build would report it.
fn markdown_findings(site: &Site) -> Vec<Diagnostic> {
    let unsafe_html = site.config.unsafe_html;
    let versions = site.documents.values().flat_map(|d| {
        d.versions
            .iter()
            .flat_map(|v| v.bodies.values().map(|b| (b, BodyKind::Version)))
    });
    let pages = site
        .pages
        .values()
        .flat_map(|p| p.bodies.values().map(|b| (b, BodyKind::Page)));
    versions
        .chain(pages)
        .flat_map(|(body, kind)| {
            let opts = MarkdownOptions { kind, unsafe_html };
            crate::markdown::render(&body.source, &opts)
                .diagnostics
                .into_iter()
                .map(|d| d.in_file(body.file.clone()))
        })
        .collect()
}

/// The JSON object of `--format json`: the counts, and each finding with
/// its rule (in English, always) and its message and hint in `lang`.
fn json(report: &Report, lang: Language) -> String {
    let json = serde_json::json!({
        "errors": report.errors,
        "warnings": report.warnings,
        "acknowledged": report.acknowledged,
        "diagnostics": report.diagnostics.iter().map(|d| {
            let (message, hint, _) = d.wording(lang);
            serde_json::json!({
                "severity": d.severity,
                "rule": d.rule.id(),
                "file": d.file.as_ref().map(|f| f.display().to_string()),
                "line": d.position.map(|p| p.line),
                "column": d.position.map(|p| p.column),
                "message": message,
                "hint": hint,
            })
        }).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&json).unwrap_or_default()
}
