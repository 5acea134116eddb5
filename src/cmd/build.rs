//! `policypress build`: the site written into a folder, swapped in whole so
//! a failed build leaves the previous output as it was.

use std::path::{Path, PathBuf};

use super::{SiteArgs, parse_date, today};
use crate::asof::BuildOptions;
use crate::diag::{Diagnostic, Failure, IoContext, print_findings};
use crate::messages::{Language, Message, Say};
use crate::model::Date;

/// The arguments of `build`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("site", |a| a.help("The site folder: the one that holds content/. Default: this folder")))]
pub(crate) struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the website. Default: public/ in the site folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Build the site as it is on this date (YYYY-MM-DD): which version
    /// is in force, what is announced. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Also show versions that are not published yet, marked as drafts,
    /// and build while placeholders ([VUL IN]) are left (as warnings).
    #[arg(long)]
    pub drafts: bool,
}

/// Builds the site into `--out`.
pub(crate) fn execute(args: Args, lang: Language) -> Result<(), Failure> {
    let site = args.site.site.as_path();
    let opts = BuildOptions {
        as_of: args.as_of.unwrap_or_else(today),
        drafts: args.drafts,
        preview: false,
    };
    let out = args.out.unwrap_or_else(|| site.join("public"));
    if let Some(problem) = unsafe_output(site, &out) {
        return Err(Failure::error(problem.error()));
    }
    // Held until the build is done: no publish changes the log it reads,
    // no other build swaps another site into the same output.
    let _site_lock = crate::lock::acquire(crate::lock::Locked::Site(site), true)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).doing("creating the folder", parent)?;
    }
    let _out_lock = crate::lock::acquire(crate::lock::Locked::Output(&out), false)?;
    let no_log = !crate::transparency::has_log(site);
    let mut built = crate::site::build_into(site, opts, &out).map_err(|f| match f {
        crate::site::Failure::Content(diags) => Failure::content(diags),
        crate::site::Failure::Io(e) => {
            let full = matches!(
                e.source.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            );
            let room = if full {
                " and the unfinished new one removed; the new site is written beside the old one before they are swapped, so the disk needs room for both: free some space and build again"
            } else {
                ""
            };
            Failure::error(
                Diagnostic::error(e.to_string())
                    .hint(format!("the previous output was left as it was{room}")),
            )
        }
    })?;
    if no_log {
        built.diagnostics.push(Message::NoTransparencyLog.warning());
    }
    print_findings(built.diagnostics, lang);
    if std::env::var_os("POLICYPRESS_TIMING").is_some() {
        let steps: Vec<String> = built
            .phases
            .iter()
            .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1e3))
            .collect();
        eprintln!("timing: {}", steps.join(", "));
    }
    let said = Say::Built {
        pages: built.pages,
        millis: built.millis,
        out: out.display().to_string(),
    };
    println!("{}", said.text(lang));
    let next = match built.next_change {
        Some((date, what)) => Say::ChangesOn {
            date: date.to_string(),
            what,
        },
        None => Say::NoChangeByItself,
    };
    println!("{}", next.text(lang));
    Ok(())
}

/// Refuses output folders whose replacement would destroy the site itself:
/// the site folder or one around it, or a folder the site's sources live in.
fn unsafe_output(site: &Path, out: &Path) -> Option<Message> {
    let site_abs = std::fs::canonicalize(site).ok()?;
    let out_abs = resolve_best_effort(out)?;
    let shown = out.display().to_string();
    if site_abs.starts_with(&out_abs) {
        return Some(Message::OutputHoldsSite { out: shown });
    }
    for sources in ["content", "themes", "transparency"] {
        if out_abs.starts_with(site_abs.join(sources)) {
            return Some(Message::OutputInsideSources {
                out: shown,
                folder: sources.to_string(),
            });
        }
    }
    if out_abs.join("content").join("site.toml").exists()
        || out_abs.join("transparency").is_dir() && out_abs.join("content").is_dir()
    {
        return Some(Message::OutputIsASite { out: shown });
    }
    None
}

/// The absolute, symlink-free form of a path that may not exist yet: its
/// nearest existing ancestor resolved, the rest appended.
fn resolve_best_effort(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
}
