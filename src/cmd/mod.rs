//! The command line: the arguments of every command, and one `execute` per
//! command in a file of its own (`build.rs`, `serve.rs`, …). A command ends
//! in `Ok(())` or a [`Failure`], which says what to tell the user and which
//! exit status that means (0 ok, 1 bad content or failed verification, 2
//! usage or internal error).

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod keygen;
pub(crate) mod new;
pub(crate) mod publish;
mod rekey;
pub(crate) mod serve;
pub(crate) mod verify;
pub(crate) mod verify_proof;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostic, Failure};
use crate::messages::{Language, Message};
use crate::model::Date;

/// Publishes the privacy statements and regulations of schools as an
/// accessible, multilingual website with a verifiable record of every version.
#[derive(Debug, Parser)]
#[command(name = "policypress", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The language of the messages. Default: the site's default language
    /// when it is one of these, else English.
    #[arg(long, value_name = "LANG", value_enum, global = true)]
    pub lang: Option<Language>,
    #[command(subcommand)]
    pub command: Command,
}

/// The commands, in the order `--help` lists them.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the website into a folder (public/ unless --out says otherwise).
    Build(build::Args),
    /// Check the content for mistakes without writing anything.
    Check(check::Args),
    /// Preview the site in a browser while editing: rebuilds on every save,
    /// reloads the open tabs, shows drafts and errors. Never writes public/.
    Serve(serve::Args),
    /// Create the signing keys: an artifact key and a checkpoint key, both
    /// encrypted with a password (POLICYPRESS_KEY_PASSWORD or a prompt).
    Keygen(keygen::Args),
    /// Seal every version and relationship state not yet in the log.
    Publish(publish::Args),
    /// Check a published log: signatures, inclusion proofs, consistency
    /// with a checkpoint seen earlier.
    Verify(verify::Args),
    /// Check one downloaded artifact and its Sigstore bundle without the
    /// site: the signature, the log entry, the inclusion proof and the
    /// checkpoint, with the keys given.
    VerifyProof(verify_proof::Args),
    /// Create a starting point: a site, or a document, version, school or
    /// relationship in a site. Never overwrites a file.
    New(new::Args),
}

/// `--site`, for every command that works on a site folder. A command whose
/// help says more about it rewords it with `mut_arg("site", …)`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct SiteArgs {
    /// The site folder. Default: this folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
}

/// How `check` writes its findings: `human`, messages for a person on
/// stderr and a count on stdout, or `json`, one object on stdout for CI.
// The variants have no doc comments of their own: clap would show them in
// `--help` and change its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

/// Reads an `--as-of` date, `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format)
        .map_err(|_| format!("\"{s}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-09-01"))
}

/// Today's date (UTC), the default as-of date.
pub(crate) fn today() -> Date {
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
    let lang = match &cli.command {
        // The site `new site` writes is Dutch first.
        Command::New(new::Args {
            what: new::What::Site { .. },
        }) => cli.lang.unwrap_or(Language::Nl),
        command => language(cli.lang, command.site()),
    };
    match run(cli.command, lang) {
        Ok(()) => 0,
        Err(failure) => {
            failure.print(lang);
            failure.exit().code()
        }
    }
}

/// Runs one command, speaking `lang`.
pub(crate) fn run(command: Command, lang: Language) -> Result<(), Failure> {
    match command {
        Command::Build(args) => build::execute(args, lang),
        Command::Check(args) => check::execute(args, lang),
        Command::Serve(args) => serve::execute(args, lang),
        Command::Keygen(args) => keygen::execute(args),
        Command::Publish(args) => publish::execute(args),
        Command::Verify(args) => verify::execute(args, lang),
        Command::VerifyProof(args) => verify_proof::execute(args, lang),
        Command::New(args) => new::execute(args, lang),
    }
}

impl Command {
    /// The site folder the command works on, if it names one that exists.
    fn site(&self) -> Option<&Path> {
        match self {
            Command::Build(a) => Some(&a.site.site),
            Command::Check(a) => Some(&a.site.site),
            Command::Serve(a) => Some(&a.site.site),
            Command::Keygen(a) => Some(&a.site.site),
            Command::Publish(a) => Some(&a.site.site),
            Command::New(a) => a.what.site(),
            Command::Verify(_) | Command::VerifyProof(_) => None,
        }
    }
}

/// The language a command speaks: `--lang`, else the default language of
/// the site (the first of `languages` in its site.toml) when the catalog
/// has it, else English.
pub(crate) fn language(flag: Option<Language>, site: Option<&Path>) -> Language {
    flag.or_else(|| site.and_then(site_language))
        .unwrap_or(Language::En)
}

/// The default language of the site in `site`. A site.toml with a mistake
/// elsewhere in it still says its languages: its `languages` line is read
/// on its own.
fn site_language(site: &Path) -> Option<Language> {
    let text = std::fs::read_to_string(site.join("content/site.toml")).ok()?;
    let text = crate::source::normalise(&text);
    let first = match toml::from_str::<toml::Table>(&text) {
        Ok(table) => table
            .get("languages")?
            .as_array()?
            .first()?
            .as_str()?
            .to_string(),
        Err(_) => languages_line(&text)?,
    };
    Language::from_code(&first)
}

/// The first code of a `languages = ["nl", …` line.
fn languages_line(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("languages")?;
        let rest = rest.trim_start().strip_prefix('=')?.trim_start();
        let rest = rest.strip_prefix('[')?.trim_start().strip_prefix('"')?;
        Some(rest.split('"').next()?.to_string())
    })
}

/// The site, read for `purpose`, and the name of its log (`[transparency]
/// origin`), which `keygen` and `publish` need before anything else.
fn log_origin(
    site: &Path,
    purpose: crate::content::Purpose,
) -> Result<(crate::model::Site, String), Failure> {
    let (model, diags) = crate::content::load_for(site, purpose);
    let Some(model) = model.filter(|_| !diags.has_errors()) else {
        return Err(Failure::content(diags));
    };
    let Some(t) = &model.config.transparency else {
        let host = model
            .config
            .origin()
            .split_once("://")
            .map_or("privacy.example.nl", |(_, h)| h)
            .to_string();
        return Err(Failure::finding(Message::NoLogName { host }.error()));
    };
    let origin = t.origin.clone();
    Ok((model, origin))
}

/// A key problem of [`crate::sign`] as a message with its hint.
fn key_diagnostic(e: crate::sign::KeyError) -> Diagnostic {
    let d = Diagnostic::error(e.message);
    match e.hint {
        Some(hint) => d.hint(hint),
        None => d,
    }
}
