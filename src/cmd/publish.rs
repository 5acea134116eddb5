//! `policypress publish`: every version and relationship state not yet in
//! the log sealed into it, signed with the publisher's keys.

use std::path::{Path, PathBuf};

use super::{SiteArgs, key_diagnostic, log_origin, parse_date, today};
use crate::content::Purpose;
use crate::diag::{Diagnostic, Diagnostics, Failure, plural};
use crate::messages::Rule;
use crate::model::Date;
use crate::sign;
use crate::transparency::{self as tr, PublishError};

/// The arguments of `publish`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The private key folder, or its publisher.key (checkpoint.key is
    /// read beside it). Default: the folder keygen wrote.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Seal the versions published by this date (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Show what would be sealed, and write nothing (no key needed).
    #[arg(long)]
    pub dry_run: bool,
    /// Seal without asking the timestamp authorities (when they cannot be
    /// reached): the entries are shown as not timestamped until a later
    /// `publish --timestamp-pending`.
    #[arg(long, conflicts_with = "timestamp_pending")]
    pub no_timestamp: bool,
    /// Stamp the entries sealed without a timestamp, in a new entry that
    /// names them.
    #[arg(long)]
    pub timestamp_pending: bool,
}

/// Seals what is new; with nothing new, leaves the log as it was. The
/// content is read for publication first: a placeholder left in anything
/// that would be sealed stops it there, before anything is sealed (drafts,
/// the versions without `published`, are never sealed).
pub(crate) fn execute(args: Args) -> Result<(), Failure> {
    let site = args.site.site.as_path();
    // Held until the log is written: no build reads it half-grown, no
    // second publish appends beside this one.
    let _lock = crate::lock::acquire(crate::lock::Locked::Site(site), args.dry_run)?;
    let (model, origin) = log_origin(site, Purpose::Publication)?;
    let sealed = tr::Sealed::load(site, &origin).map_err(|d| log_findings(vec![d]))?;
    let before = sealed.as_ref().map_or(0, |s| s.checkpoint.size);
    let mut pending = tr::plan(&model, sealed.as_ref(), args.as_of.unwrap_or_else(today))
        .map_err(log_findings)?;
    // The policy goes first: the authorities whose tokens follow are
    // sealed before them.
    if let Some(p) = tr::policy_pending(site, &model, sealed.as_ref()).map_err(log_findings)? {
        pending.insert(0, p);
    }
    let urls: Vec<String> = model.config.timestamp_authorities().to_vec();
    if args.timestamp_pending {
        if urls.is_empty() {
            return Err(Failure::error(
                Diagnostic::error("--timestamp-pending needs a timestamp authority")
                    .hint("name one in content/site.toml: [transparency] timestamp_authorities = [\"https://…\"]"),
            ));
        }
        let missing = match &sealed {
            Some(s) => tr::untimestamped(s).map_err(|d| log_findings(vec![d]))?,
            None => Vec::new(),
        };
        if missing.is_empty() {
            println!("Every sealed entry has a timestamp.");
        } else if let Some(s) = &sealed {
            println!(
                "{} entr{} sealed without a timestamp will be stamped by a new entry.",
                missing.len(),
                if missing.len() == 1 { "y" } else { "ies" }
            );
            pending.push(tr::timestamps_pending(s, &missing));
        }
    }
    if args.dry_run {
        tr::dry_run(&pending, before);
        return Ok(());
    }
    if pending.is_empty() {
        println!("Nothing new to seal; the log has {before} entries and was left as it was.");
        return Ok(());
    }
    let key_dir = match &args.key {
        Some(k) if k.is_dir() => k.clone(),
        Some(k) => k.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => sign::default_key_dir(&origin).ok_or_else(|| {
            Failure::error(
                Diagnostic::error("no home folder to find the keys in").hint("pass --key FILE"),
            )
        })?,
    };
    let artifact_file = match &args.key {
        Some(k) if !k.is_dir() => k.clone(),
        _ => key_dir.join(sign::ARTIFACT_KEY_FILE),
    };
    let checkpoint_file = key_dir.join(sign::CHECKPOINT_KEY_FILE);
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| {
            Diagnostic::error(format!("cannot read the key {}: {e}", p.display()))
                .hint("create keys with `policypress keygen`, or pass the key folder with --key")
        })
    };
    // Both keys are read before either is refused, so a missing folder is
    // reported for both files at once.
    let (a_pem, c_pem) = match (read(&artifact_file), read(&checkpoint_file)) {
        (Ok(a), Ok(c)) => (a, c),
        (a, c) => {
            let mut unread = a.err().into_iter().chain(c.err());
            let first = unread
                .next()
                .expect("bug: one of the two keys was not read");
            return Err(unread.fold(Failure::rejected(first), Failure::and));
        }
    };
    let password =
        sign::password("Key password: ", false).map_err(|e| Failure::error(key_diagnostic(e)))?;
    let artifact_key =
        sign::ArtifactKey::from_encrypted_pem(&a_pem, password.as_bytes(), &artifact_file)
            .map_err(|e| Failure::rejected(key_diagnostic(e)))?;
    let checkpoint_key =
        sign::checkpoint_signer_from_pem(&c_pem, password.as_bytes(), &origin, &checkpoint_file)
            .map_err(|e| Failure::rejected(key_diagnostic(e)))?;
    let n = pending.len();
    let trust = crate::tsa::Trust::new(tr::configured_tsas(site, &urls).map_err(log_findings)?);
    let stamping = if args.no_timestamp || urls.is_empty() {
        tr::Stamping::None
    } else {
        tr::Stamping::Ask {
            urls: &urls,
            trust: &trust,
        }
    };
    let entries = tr::seal_stamped(
        site,
        &origin,
        sealed.as_ref(),
        pending,
        &artifact_key,
        &checkpoint_key,
        &stamping,
    )
    .map_err(|e| {
        publish_failure(e, |d| {
            Failure::rejected(d).also_hint(if urls.is_empty() || args.no_timestamp {
            "the log was left as it was before this publish"
        } else {
            "the log was left as it was before this publish; when a timestamp authority is down, `publish --no-timestamp` seals without its timestamp, and `publish --timestamp-pending` adds it later"
        })
        })
    })?;
    for e in &entries {
        println!(
            "  sealed #{:<5} {}  {}",
            e.index,
            &e.sha256[..16],
            e.artifact
        );
    }
    if args.no_timestamp && !urls.is_empty() {
        println!(
            "Sealed without timestamps: these entries are shown as not timestamped until `policypress publish --timestamp-pending`."
        );
    } else if !urls.is_empty() {
        println!(
            "Each entry has a timestamp from {} authorit{}.",
            urls.len(),
            if urls.len() == 1 { "y" } else { "ies" }
        );
    }
    println!(
        "Sealed {n} artifact{} into the log of {origin}; it now has {} entries. Commit transparency/ with the content.",
        plural(n),
        before + n as u64
    );
    Ok(())
}

/// A [`PublishError`] as a failure. Content that contradicts the log is
/// reported as findings, with their count (exit 1); any other failure is a
/// message made into a failure by `failed`, the exit status being the
/// caller's to choose (a key that does not fit is refused; `keygen` failing
/// to write is the tool's failure).
pub(super) fn publish_failure(
    e: PublishError,
    failed: impl FnOnce(Diagnostic) -> Failure,
) -> Failure {
    match e {
        PublishError::Content(diags) => log_findings(diags),
        PublishError::Failed(message) => failed(message_with_hint(&message)),
    }
}

/// Content that contradicts the log, reported as findings with their count.
pub(super) fn log_findings(diags: Vec<Diagnostic>) -> Failure {
    let diags: Vec<Diagnostic> = diags
        .into_iter()
        .map(|d| d.with_rule(Rule::TransparencyLog))
        .collect();
    Failure::content(Diagnostics::from(diags))
}

/// `transparency` writes a hint into some messages (`…\n  = hint: …`);
/// it is taken apart again so the printer lays it out like any other.
fn message_with_hint(text: &str) -> Diagnostic {
    match text.split_once("\n  = hint: ") {
        Some((message, hint)) => Diagnostic::error(message).hint(hint),
        None => Diagnostic::error(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Exit;

    #[test]
    fn content_that_contradicts_the_log_is_reported_as_findings() {
        let d = Diagnostic::error("version 1.0 of \"p\" was changed after it was sealed")
            .in_file("content/documents/p/1.0/nl.md")
            .hint("publish the change as a new version");
        let f = publish_failure(PublishError::Content(vec![d]), Failure::rejected);
        assert_eq!(f.exit(), Exit::Rejected);
        assert_eq!(
            f.to_string(),
            "\
error: version 1.0 of \"p\" was changed after it was sealed
  --> content/documents/p/1.0/nl.md
  = hint: publish the change as a new version

1 error and 0 warnings: nothing was written
"
        );
    }

    #[test]
    fn a_hint_inside_a_message_is_printed_as_before() {
        let e = PublishError::Failed(
            "the signing key does not belong to this site: it does not match t/publisher.pub\n  = hint: give the publisher.key made for this site with --key".into(),
        );
        let f = publish_failure(e, |d| {
            Failure::rejected(d).also_hint("the log was left as it was before this publish")
        });
        assert_eq!(f.exit(), Exit::Rejected);
        assert_eq!(
            f.to_string(),
            "\
error: the signing key does not belong to this site: it does not match t/publisher.pub
  = hint: give the publisher.key made for this site with --key
  = hint: the log was left as it was before this publish
"
        );
        let plain = publish_failure(
            PublishError::Failed("writing x: full".into()),
            Failure::error,
        );
        assert_eq!(plain.exit(), Exit::Error);
        assert_eq!(
            plain.to_string(),
            "\
error: writing x: full
"
        );
    }
}
