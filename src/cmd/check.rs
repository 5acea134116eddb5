//! `policypress check`: every mistake and warning in a site, without
//! writing anything, for a person or (as JSON) for CI.

use super::{Format, SiteArgs, parse_date, today};
use crate::asof::BuildOptions;
use crate::diag::{Exit, Failure, plural, print_findings};
use crate::model::Date;

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
pub(crate) fn execute(args: Args) -> Result<(), Failure> {
    let site = args.site.site.as_path();
    let opts = BuildOptions {
        as_of: args.as_of.unwrap_or_else(today),
        drafts: true,
        preview: false,
    };
    let diags = match crate::site::build(site, opts) {
        Ok(mut built) => {
            built
                .diagnostics
                .extend(crate::lint::lint(site, &built.site, opts.as_of).into());
            built.diagnostics
        }
        Err(d) => d,
    };
    let failed = diags.has_errors();
    match args.format {
        Format::Json => {
            let items: Vec<_> = diags.sorted();
            let json = serde_json::json!({
                "errors": items.iter().filter(|d| d.is_error()).count(),
                "warnings": items.iter().filter(|d| !d.is_error()).count(),
                "diagnostics": items.iter().map(|d| serde_json::json!({
                    "severity": d.severity,
                    "file": d.file.as_ref().map(|f| f.display().to_string()),
                    "line": d.position.map(|p| p.line),
                    "column": d.position.map(|p| p.column),
                    "message": d.message,
                    "hint": d.hint,
                })).collect::<Vec<_>>(),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Format::Human => {
            let (e, w) = (diags.error_count(), diags.warning_count());
            print_findings(diags);
            println!("{e} error{} and {w} warning{}", plural(e), plural(w));
        }
    }
    if failed {
        Err(Failure::reported(Exit::Rejected))
    } else {
        Ok(())
    }
}
