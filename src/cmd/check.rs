//! `policypress check`: every mistake and warning in a site, without
//! writing anything, for a person or (as JSON) for CI.
//!
//! A site with errors is still checked through: what could be read is
//! linted and its Markdown read, so the warnings are reported alongside
//! the errors, never instead of them.

use std::path::Path;
use std::sync::Arc;

use super::{Format, SiteArgs, parse_date, today};
use crate::asof::BuildOptions;
use crate::audit::{Finding, Item, SchoolAudit};
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
    /// Also list, per school, what a data-protection officer would chase:
    /// processors without an agreement, a location or a privacybijsluiter,
    /// special categories of data without a DPIA, transfers outside the
    /// EEA without a basis.
    #[arg(long)]
    pub audit: bool,
}

/// Checks the site; the findings are the output, so a site with errors
/// fails with nothing more to say.
pub(crate) fn execute(args: Args, lang: Language) -> Result<(), Failure> {
    let site = args.site.site.as_path();
    let as_of = args.as_of.unwrap_or_else(today);
    let (found, read) = findings(site, as_of);
    let audit = match (&read, args.audit) {
        (Some(s), true) => Some(crate::audit::audit(s, as_of)),
        _ => None,
    };
    let report = match args.format {
        Format::Json => {
            let report = found.report();
            let audit = read.as_deref().zip(audit.as_deref());
            println!("{}", json(&report, audit, lang));
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
            if let (Some(site), Some(audit)) = (&read, &audit) {
                print!("{}", audit_text(site, audit, lang));
            }
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
/// lint on top; and the site, as far as it could be read.
fn findings(root: &Path, as_of: Date) -> (Diagnostics, Option<Arc<Site>>) {
    let opts = BuildOptions {
        as_of,
        drafts: false,
        preview: false,
    };
    match crate::site::build(root, opts) {
        Ok(mut built) => {
            let lint = crate::lint::lint(root, &built.site, as_of);
            built.diagnostics.extend(lint.into());
            (built.diagnostics, Some(built.site))
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
            (diags, loaded.site.map(Arc::new))
        }
    }
}

/// `check --audit` as a person reads it: each school, then what to chase
/// there, one line each; then how much there is.
fn audit_text(site: &Site, audit: &[SchoolAudit], lang: Language) -> String {
    let mut out = String::new();
    let mut items = 0;
    let mut schools = 0;
    for a in audit {
        out.push('\n');
        out.push_str(&audit_heading(site, a).text(lang));
        if a.items.is_empty() {
            out.push_str(&format!(": {}\n", Say::AuditNothing.text(lang)));
            continue;
        }
        out.push('\n');
        items += a.items.len();
        schools += usize::from(a.school.is_some());
        for item in &a.items {
            out.push_str(&format!("  - {}\n", audit_line(site, item).text(lang)));
        }
    }
    out.push_str(&format!(
        "\n{}\n",
        Say::AuditCounts { items, schools }.text(lang)
    ));
    out
}

/// The heading of a school's part of the audit.
fn audit_heading(site: &Site, a: &SchoolAudit) -> Say {
    let default = site.config.default_lang();
    match a.school {
        Some(s) => Say::AuditSchool {
            name: s.name.get(default, default).text.to_string(),
            slug: s.slug.clone(),
        },
        None => Say::AuditNoSchool,
    }
}

/// One thing to chase, in words.
fn audit_line(site: &Site, item: &Item) -> Say {
    let r = item.relationship;
    let default = site.config.default_lang();
    let party = site
        .organisations
        .get(&r.party)
        .map_or(r.party.clone(), |o| {
            o.name.get(default, default).text.to_string()
        });
    let relationship = r.slug.clone();
    let codes = |l: &[&str]| l.iter().map(|c| c.to_string()).collect();
    let named = |slug: &String| match site.organisations.get(slug) {
        Some(o) => format!("{} ({slug})", o.name.get(default, default).text),
        None => slug.clone(),
    };
    match &item.finding {
        Finding::NoAgreement => Say::AuditNoAgreement {
            party,
            relationship,
        },
        Finding::NoLocation => Say::AuditNoLocation {
            party,
            relationship,
        },
        Finding::SubProcessorNoLocation(sub) => Say::AuditSubProcessorNoLocation {
            sub: named(sub),
            party,
            relationship,
        },
        Finding::NoBijsluiter => Say::AuditNoBijsluiter {
            party,
            relationship,
        },
        Finding::NoDpia(c) => Say::AuditNoDpia {
            party,
            relationship,
            categories: c.iter().map(|c| c.key().to_string()).collect(),
        },
        Finding::TransferWithoutBasis(c) => Say::AuditTransfer {
            party,
            relationship,
            countries: codes(c),
        },
        Finding::SubProcessorTransferWithoutBasis(sub, c) => Say::AuditSubProcessorTransfer {
            sub: named(sub),
            party,
            relationship,
            countries: codes(c),
        },
    }
}

/// The audit as JSON: per school (`null` for the relationships that
/// cover no school), each item with its kind, relationship, party, the
/// sub-processor, countries or categories it concerns, and its words.
fn audit_json(site: &Site, audit: &[SchoolAudit], lang: Language) -> serde_json::Value {
    let schools: Vec<serde_json::Value> = audit
        .iter()
        .map(|a| {
            let items: Vec<serde_json::Value> = a
                .items
                .iter()
                .map(|item| {
                    let (sub, countries, categories) = match &item.finding {
                        Finding::SubProcessorNoLocation(s) => (Some(s.clone()), vec![], vec![]),
                        Finding::SubProcessorTransferWithoutBasis(s, c) => {
                            (Some(s.clone()), c.clone(), vec![])
                        }
                        Finding::TransferWithoutBasis(c) => (None, c.clone(), vec![]),
                        Finding::NoDpia(c) => (None, vec![], c.iter().map(|c| c.key()).collect()),
                        _ => (None, vec![], vec![]),
                    };
                    serde_json::json!({
                        "finding": item.finding.key(),
                        "relationship": item.relationship.slug,
                        "party": item.relationship.party,
                        "sub_processor": sub,
                        "countries": countries,
                        "special_categories": categories,
                        "message": audit_line(site, item).text(lang),
                    })
                })
                .collect();
            serde_json::json!({
                "school": a.school.map(|s| s.slug.clone()),
                "items": items,
            })
        })
        .collect();
    serde_json::Value::Array(schools)
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
/// its rule (in English, always) and its message and hint in `lang`; with
/// `--audit`, the audit as `audit`.
fn json(report: &Report, audit: Option<(&Site, &[SchoolAudit])>, lang: Language) -> String {
    let mut json = serde_json::json!({
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
    if let Some((site, audit)) = audit {
        json["audit"] = audit_json(site, audit, lang);
    }
    serde_json::to_string_pretty(&json).unwrap_or_default()
}
