//! The command line: parses arguments, runs a command, maps the outcome to
//! an exit status (0 ok, 1 bad content or failed verification, 2 usage or
//! internal error).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diag::Diagnostics;
use crate::model::Date;

/// Publishes the privacy statements and regulations of schools as an
/// accessible, multilingual website with a verifiable record of every version.
#[derive(Debug, Parser)]
#[command(name = "policypress", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the website into a folder (public/ unless --out says otherwise).
    Build {
        /// The site folder: the one that holds content/. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
        /// Where to write the website. Default: public/ in the site folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Build the site as it is on this date (YYYY-MM-DD): which version
        /// is in force, what is announced. Default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Also show versions that are not published yet, marked as drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the content for mistakes without writing anything.
    Check {
        /// The site folder. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
        /// human (default) or json, for use in CI.
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
        format: String,
        /// Check the site as it is on this date (YYYY-MM-DD). Default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Create a starting point: a site, or a document, version, school or
    /// relationship in a site. Never overwrites a file.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A complete starter site in Dutch and English, in a new folder.
    Site {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// A document with a first version (1.0).
    Document {
        /// The document's slug, e.g. privacyverklaring.
        slug: String,
        /// The site folder. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
    },
    /// The next version of a document, with the latest texts copied in.
    Version {
        /// The document's slug.
        doc: String,
        /// The site folder. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
    },
    /// A school of the publishing board.
    School {
        /// The school's slug, e.g. de-linde.
        slug: String,
        /// The site folder. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
    },
    /// A processor or recipient relationship (and its organisation file).
    Relationship {
        /// The relationship's slug, e.g. the processor's name.
        slug: String,
        /// The site folder. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format)
        .map_err(|_| format!("\"{s}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-09-01"))
}

/// Today's date (UTC), the default as-of date.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    run(cli.command)
}

/// Runs one command; the exit status.
pub fn run(command: Command) -> i32 {
    match command {
        Command::Build {
            site,
            out,
            as_of,
            drafts,
        } => cmd_build(&site, out, as_of, drafts),
        Command::Check {
            site,
            format,
            as_of,
        } => cmd_check(&site, &format, as_of),
        Command::New { what } => cmd_new(what),
    }
}

/// Prints diagnostics to stderr, errors first.
pub fn report(diags: Diagnostics) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    for d in diags.sorted() {
        let _ = writeln!(err, "{d}");
    }
    if errors > 0 {
        let _ = writeln!(
            err,
            "{errors} error{} and {warnings} warning{}: nothing was written",
            plural(errors),
            plural(warnings)
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn cmd_build(site: &Path, out: Option<PathBuf>, as_of: Option<Date>, drafts: bool) -> i32 {
    let opts = crate::render::BuildOptions {
        as_of: as_of.unwrap_or_else(today),
        drafts,
        preview: false,
    };
    let out = out.unwrap_or_else(|| site.join("public"));
    if let Some(problem) = unsafe_output(site, &out) {
        eprintln!(
            "error: {problem}\n  = hint: choose an output folder of its own, e.g. --out public"
        );
        return 2;
    }
    match crate::site::build(site, opts) {
        Ok(mut built) => {
            let n = built.pages;
            let ms = built.millis;
            if !site.join("transparency").exists() {
                built.diagnostics.push(
                    crate::diag::Diagnostic::warning("this site has no transparency log yet: every version is published unsigned and readers cannot verify it")
                        .hint("create a signing key with `policypress keygen` and seal the versions with `policypress publish`"),
                );
            }
            report(built.diagnostics);
            if let Err(e) = crate::output::write_site(&out, &built.files) {
                let full = matches!(
                    e.source.kind(),
                    std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
                );
                let room = if full {
                    " and the unfinished new one removed; the new site is written beside the old one before they are swapped, so the disk needs room for both: free some space and build again"
                } else {
                    ""
                };
                eprintln!("error: {e}\n  = hint: the previous output was left as it was{room}");
                return 2;
            }
            println!("Built {n} pages in {ms} ms into {}", out.display());
            0
        }
        Err(diags) => {
            report(diags);
            1
        }
    }
}

/// Refuses output folders whose replacement would destroy the site itself:
/// the site folder or one around it, or a folder the site's sources live in.
fn unsafe_output(site: &Path, out: &Path) -> Option<String> {
    let site_abs = std::fs::canonicalize(site).ok()?;
    let out_abs = resolve_best_effort(out)?;
    if site_abs.starts_with(&out_abs) {
        return Some(format!(
            "the output folder {} contains the site itself",
            out.display()
        ));
    }
    for sources in ["content", "themes", "transparency"] {
        if out_abs.starts_with(site_abs.join(sources)) {
            return Some(format!(
                "the output folder {} is inside the site's {sources}/ folder, which would be replaced",
                out.display()
            ));
        }
    }
    if out_abs.join("content").join("site.toml").exists()
        || out_abs.join("transparency").is_dir() && out_abs.join("content").is_dir()
    {
        return Some(format!(
            "{} looks like a site folder, not an output folder",
            out.display()
        ));
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

fn cmd_check(site: &Path, format: &str, as_of: Option<Date>) -> i32 {
    let opts = crate::render::BuildOptions {
        as_of: as_of.unwrap_or_else(today),
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
    if format == "json" {
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
    } else {
        let (e, w) = (diags.error_count(), diags.warning_count());
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        for d in diags.sorted() {
            let _ = writeln!(err, "{d}");
        }
        println!("{e} error{} and {w} warning{}", plural(e), plural(w));
    }
    i32::from(failed)
}

fn cmd_new(what: NewCommand) -> i32 {
    use crate::scaffold::{self, NewError};
    let today = today();
    let (root, result, next): (PathBuf, Result<Vec<PathBuf>, NewError>, String) = match what {
        NewCommand::Site { dir } => {
            let r = scaffold::new_site(&dir, today);
            let next = format!(
                "Next: edit the files under {}/content/, then preview with `policypress serve --site {}`",
                dir.display(),
                dir.display()
            );
            (dir, r, next)
        }
        NewCommand::Document { slug, site } => {
            let r = scaffold::new_document(&site, &slug, today);
            (
                site,
                r,
                format!(
                    "Next: fill in the title in document.toml and write the texts of version 1.0 of {slug}"
                ),
            )
        }
        NewCommand::Version { doc, site } => match scaffold::new_version(&site, &doc, today) {
            Ok((n, files)) => (
                site,
                Ok(files),
                format!(
                    "Next: edit the texts of version {n}, say what changed in `summary`, check the dates, and set `material = true` if the change is material (wezenlijk)"
                ),
            ),
            Err(e) => (site, Err(e), String::new()),
        },
        NewCommand::School { slug, site } => {
            let r = scaffold::new_school(&site, &slug);
            (
                site,
                r,
                "Next: fill in the school's name, BRIN code and address".to_string(),
            )
        }
        NewCommand::Relationship { slug, site } => {
            let r = scaffold::new_relationship(&site, &slug, today);
            (site, r, "Next: fill in every [VUL IN] (purposes, data, retention) and check kind, legal basis, agreement and dates".to_string())
        }
    };
    match result {
        Ok(files) => {
            for f in files {
                println!("created {}", root.join(f).display());
            }
            println!("{next}");
            0
        }
        Err(NewError::Content(d)) => {
            eprintln!("{d}");
            1
        }
        Err(NewError::Io(e)) => {
            eprintln!("error: {e}");
            2
        }
    }
}
