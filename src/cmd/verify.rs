//! `policypress verify`: checks a published log (a folder or a URL) and
//! prints what it checked; the checking itself is [`crate::verify`].

use std::path::PathBuf;

use super::Format;
use crate::diag::{Diagnostic, Exit, Failure, plural};
use crate::messages::Language;
use crate::verify::{Options, Report, source_for, verify};

/// The arguments of `verify`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A built site folder (with transparency/), a site folder, or a URL.
    pub target: String,
    /// A checkpoint seen earlier; the log must have grown from it too
    /// (besides the one remembered, which it never replaces).
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// The log's key (log.vkey) to trust instead of the one the site publishes.
    #[arg(long, value_name = "FILE")]
    pub log_key: Option<PathBuf>,
    /// The publisher's key (publisher.pub, PEM) to trust instead of the one the site publishes.
    #[arg(long, value_name = "FILE")]
    pub publisher_key: Option<PathBuf>,
    /// Deprecated: use --log-key or --publisher-key. The role is read from
    /// the file; a key whose role is ambiguous is a usage error.
    #[arg(long, value_name = "FILE")]
    pub key: Vec<PathBuf>,
    /// Accept the log ORIGIN as new at a site remembered with another log,
    /// or with new keys, after checking the change with the publisher.
    #[arg(long, value_name = "ORIGIN")]
    pub accept_new_log: Vec<String>,
    /// Fail (exit 1) when nothing remembered or given vouches for the keys.
    #[arg(long)]
    pub require_known: bool,
    /// The largest log to verify, in entries (a checkpoint claiming more fails).
    #[arg(long, value_name = "N", default_value_t = crate::verify::DEFAULT_MAX_ENTRIES)]
    pub max_entries: u64,
    /// How long the whole verify may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::verify::DEFAULT_TIMEOUT.as_secs())]
    pub timeout: u64,
    /// human (default) or json: every check, its result and the entries it concerns.
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "human")]
    pub format: Format,
    /// Findings about time fail too (exit 1): a version or state sealed
    /// more than 7 days after its date, a material change whose notice was
    /// not sealed `material_notice_days` before it took effect, an entry
    /// without a timestamp. For auditors and CI.
    #[arg(long)]
    pub strict: bool,
}

/// Verifies the log; the report on stdout is the result, so a failed
/// verification has nothing more to say than its exit status.
/// With `--format json`, stdout holds one JSON object (every check, its
/// result and the entries it concerns), also when the target cannot be read.
pub(crate) fn execute(args: Args, lang: Language) -> Result<(), Failure> {
    let json = args.format == Format::Json;
    let src = source_for(&args.target).map_err(|e| {
        if json {
            let mut r = Report::default();
            r.fail("target", Vec::new(), e.clone());
            print!("{}", r.to_json(&args.target));
        }
        Failure::rejected(
            Diagnostic::error(e)
                .hint("give a built site folder (public/), a site folder or its URL"),
        )
    })?;
    if !args.key.is_empty() {
        eprintln!(
            "{}",
            Diagnostic::warning("--key is deprecated")
                .hint("give the log's key with --log-key and the publisher's with --publisher-key")
        );
    }
    let opts = Options {
        keys: args.key,
        log_key: args.log_key,
        publisher_key: args.publisher_key,
        accept_new_log: args.accept_new_log,
        require_known: args.require_known,
        max_entries: Some(args.max_entries),
        timeout: Some(std::time::Duration::from_secs(args.timeout)),
        checkpoint: args.checkpoint,
        state_dir: crate::sign::default_state_dir(),
        strict: args.strict,
    };
    if !json {
        match lang {
            Language::En => println!("Verifying {}", src.describe()),
            Language::Nl => println!("Controle van {}", src.describe()),
        }
    }
    let report = verify(src.as_ref(), &opts);
    if let Some(e) = &report.usage {
        if json {
            print!("{}", report.to_json(&src.describe()));
        }
        return Err(Failure::error(Diagnostic::error(e.clone())));
    }
    if json {
        print!("{}", report.to_json(&src.describe()));
        return if report.passed() {
            Ok(())
        } else {
            Err(Failure::reported(Exit::Rejected))
        };
    }
    for l in &report.lines {
        println!("{l}");
    }
    // The conclusion, in the reader's language (the lines above name the
    // checks in English, the language of the formats they check).
    let keys = report.first_use.as_ref().map(|f| {
        let (log, publisher) = match lang {
            Language::En => ("the log key", "the publisher key with SHA-256"),
            Language::Nl => (
                "de sleutel van het logboek",
                "de sleutel van de uitgever met SHA-256",
            ),
        };
        let mut parts = Vec::new();
        if let Some(k) = &f.log_key {
            parts.push(format!("{log} {k}"));
        }
        if let Some(k) = &f.publisher_key {
            parts.push(format!("{publisher} {k}"));
        }
        parts.join(match lang {
            Language::En => " and ",
            Language::Nl => " en ",
        })
    });
    let first_use = keys.map(|keys| match lang {
        Language::En => format!(
            " First use of this log: {keys} were trusted as the site publishes them; compare them with the site's verification page (…/verify/) and with the publisher directly."
        ),
        Language::Nl => format!(
            " Eerste controle van dit logboek: {keys} zijn vertrouwd zoals de site ze publiceert; vergelijk ze met de controlepagina van de site (…/verify/) en rechtstreeks met de uitgever."
        ),
    });
    let first_use = first_use.unwrap_or_default();
    if report.passed() {
        match lang {
            Language::En => println!(
                "Verified: every signature, inclusion proof and the log's history check out, and the log holds one truth per version.{first_use}"
            ),
            Language::Nl => println!(
                "Gecontroleerd: iedere handtekening, ieder bewijs van opname en de geschiedenis van het logboek kloppen, en het logboek bevat van iedere versie één tekst.{first_use}"
            ),
        }
        Ok(())
    } else {
        let n = report.failure_count();
        match lang {
            Language::En => println!(
                "Verification FAILED: {n} problem{} found.",
                plural(usize::try_from(n).unwrap_or(usize::MAX))
            ),
            Language::Nl => println!(
                "Controle MISLUKT: {n} {} gevonden.",
                if n == 1 { "probleem" } else { "problemen" }
            ),
        }
        Err(Failure::reported(Exit::Rejected))
    }
}
