//! `policypress keygen`: the publisher's two signing keys, encrypted, kept
//! outside the site folder, with their public halves in `transparency/`.

use std::path::{Path, PathBuf};

use super::{SiteArgs, key_diagnostic};
use crate::diag::{Diagnostic, Failure, IoContext};
use crate::sign;

/// The arguments of `keygen`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("site", |a| a.help("The site folder; its public keys go into transparency/. Default: this folder")))]
pub(crate) struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to keep the private keys. Default: your config folder
    /// (~/.config/policypress/keys/<origin>/), never the site folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The keys of the site's log are lost, or may be known to someone
    /// else: close that log (it stays published and verifiable in
    /// transparency/logs/<n>/), start the next one (origin …/log2) with
    /// new keys and seal the site into it.
    #[arg(long, conflicts_with = "rotate")]
    pub new_log: bool,
    /// Replace the keys of the site's log by new ones while the current
    /// ones still work: the current keys sign a key transition into the
    /// log, so readers follow it. The private keys are read from --out
    /// (default: the config folder) and replaced there.
    #[arg(long)]
    pub rotate: bool,
    /// Why the log is closed, as the site tells its readers (with --new-log).
    #[arg(long, value_enum, default_value = "lost", requires = "new_log")]
    pub reason: crate::transparency::logs::Reason,
    /// With --new-log: seal the versions published by this date
    /// (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, requires = "new_log")]
    pub as_of: Option<crate::model::Date>,
    /// With --rotate or --new-log: seal without asking the site's
    /// timestamp authorities (when they cannot be reached); the entries
    /// are shown as not timestamped until `publish --timestamp-pending`.
    #[arg(long)]
    pub no_timestamp: bool,
}

/// Creates the keys; never replaces one.
pub(crate) fn execute(args: Args) -> Result<(), Failure> {
    let site = args.site.site.as_path();
    if args.rotate {
        return super::rekey::rotate(site, args.out, args.no_timestamp);
    }
    if args.new_log {
        return super::rekey::new_log(site, args.out, args.reason, args.as_of, args.no_timestamp);
    }
    if args.no_timestamp {
        return Err(Failure::error(Diagnostic::error(
            "--no-timestamp is for `keygen --rotate` and `keygen --new-log`, which seal entries; a first keygen seals nothing",
        )));
    }
    let (origin, new_table) = origin_or_new(site)?;
    let Some(out) = args.out.or_else(|| sign::default_key_dir(&origin)) else {
        return Err(Failure::error(
            Diagnostic::error("no home folder to keep the keys in").hint("pass --out DIR"),
        ));
    };
    if is_inside(&out, site) {
        return Err(Failure::error(
            Diagnostic::error(format!(
                "{} is inside the site folder; private keys are never kept there, where they could be committed or published",
                out.display()
            ))
            .hint("choose a folder outside the site, or leave out --out to use your config folder"),
        ));
    }
    let tdir = site.join(crate::transparency::DIR);
    let targets = [
        out.join(sign::ARTIFACT_KEY_FILE),
        out.join(sign::CHECKPOINT_KEY_FILE),
        tdir.join(sign::PUBLIC_KEY_FILE),
        tdir.join(sign::VERIFIER_KEY_FILE),
    ];
    if let Some(existing) = targets.iter().find(|p| p.exists()) {
        return Err(Failure::rejected(
            Diagnostic::error(format!(
                "{} already exists; keygen never replaces a key",
                existing.display()
            ))
            .hint("a log can only be continued with its own keys: to replace them, use `keygen --rotate`; if they are lost, `keygen --new-log` starts the next log"),
        ));
    }
    let password = sign::password("Password for the new keys: ", true)
        .map_err(|e| Failure::error(key_diagnostic(e)))?;
    if let Some(dutch) = new_table {
        add_transparency_table(site, &origin, dutch)?;
    }
    let key_failure = |e| Failure::error(key_diagnostic(e));
    let artifact = sign::ArtifactKey::generate().map_err(key_failure)?;
    let checkpoint = crate::tlog::Signer::generate(&origin).map_err(|e| {
        Failure::error(
            Diagnostic::error(format!(
                "the origin {origin:?} cannot name a checkpoint key: {e}"
            ))
            .hint("an origin is one word without spaces or '+', e.g. privacy.example.nl/log"),
        )
    })?;
    let a_pem = artifact
        .to_encrypted_pem(password.as_bytes())
        .map_err(key_failure)?;
    let c_pem =
        sign::checkpoint_key_to_pem(&checkpoint, password.as_bytes()).map_err(key_failure)?;
    create_private_dir(&out)?;
    sign::write_private(&targets[0], a_pem.as_bytes()).map_err(key_failure)?;
    sign::write_private(&targets[1], c_pem.as_bytes()).map_err(key_failure)?;
    let vkey = checkpoint.verifier().to_key_string();
    for (path, bytes) in [
        (&targets[2], artifact.public_pem().into_bytes()),
        (&targets[3], format!("{vkey}\n").into_bytes()),
    ] {
        crate::transparency::write_atomic(path, &bytes)
            .map_err(|e| super::publish::publish_failure(e, Failure::error))?;
    }
    let hint = sign::key_hint(artifact.public_der());
    println!("Private keys (encrypted, keep them safe, never commit them):");
    println!("  {}", targets[0].display());
    println!("  {}", targets[1].display());
    println!("Public keys (commit them with the site):");
    println!("  {}  (artifact key, SHA-256 {hint})", targets[2].display());
    println!("  {}  ({vkey})", targets[3].display());
    if new_table.is_some() {
        println!(
            "Added to {}: [transparency] with origin = \"{origin}\" (the log's name)",
            site.join(SITE_TOML).display()
        );
    }
    println!("Next: policypress publish --site {}", site.display());
    Ok(())
}

/// The site file `keygen` adds the `[transparency]` table to.
const SITE_TOML: &str = "content/site.toml";

/// The log's name, and whether `site.toml` still needs its
/// `[transparency]` table (then: whether the site is Dutch first, for the
/// table's comment). Placeholders elsewhere may wait; `base_url` may not
/// when the log is to be named after it.
fn origin_or_new(site: &Path) -> Result<(String, Option<bool>), Failure> {
    let (model, diags) = crate::content::load_for(site, crate::content::Purpose::Preview);
    let Some(model) = model.filter(|_| !diags.has_errors()) else {
        return Err(Failure::content(diags));
    };
    if let Some(t) = &model.config.transparency {
        return Ok((t.origin.clone(), None));
    }
    let Some(origin) = origin_from_base_url(&model.config.base_url) else {
        return Err(Failure::finding(
            Diagnostic::error(
                "base_url is not filled in yet, and the log is named after it",
            )
            .in_file(PathBuf::from(SITE_TOML))
            .hint("fill in base_url (the address where public/ will be hosted) and run keygen again"),
        ));
    };
    let dutch = model.config.languages.first().is_some_and(|l| l == "nl");
    Ok((origin, Some(dutch)))
}

/// The log's name made from the site's address: `https://privacy.example.nl/`
/// names it `privacy.example.nl/log`, `https://example.org/privacy/` names it
/// `example.org/privacy/log`. `None` for the stand-in of a `base_url` that is
/// still a placeholder.
fn origin_from_base_url(base_url: &str) -> Option<String> {
    let (_, rest) = base_url.split_once("://")?;
    let rest = rest.trim_end_matches('/');
    let host = rest.split('/').next().unwrap_or(rest);
    if rest.is_empty() || host.ends_with(".invalid") {
        return None;
    }
    Some(format!("{}/log", rest.to_ascii_lowercase()))
}

/// Adds `[transparency]` to the site's `site.toml`, leaving every other
/// line, comment and blank line as it was.
fn add_transparency_table(site: &Path, origin: &str, dutch: bool) -> Result<(), Failure> {
    let path = site.join(SITE_TOML);
    let text = std::fs::read_to_string(&path).doing("reading", &path)?;
    let edited = with_transparency_table(&text, origin, dutch).map_err(|e| {
        Failure::finding(
            Diagnostic::error(format!("site.toml cannot be read as TOML: {e}"))
                .in_file(PathBuf::from(SITE_TOML)),
        )
    })?;
    if let Some(edited) = edited {
        crate::transparency::write_atomic(&path, edited.as_bytes())
            .map_err(|e| super::publish::publish_failure(e, Failure::error))?;
    }
    Ok(())
}

/// `text` (a `site.toml`) with a `[transparency]` table at its end, or
/// `None` when it has one. A byte order mark and CRLF line ends are kept.
fn with_transparency_table(
    text: &str,
    origin: &str,
    dutch: bool,
) -> Result<Option<String>, toml_edit::TomlError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let crlf = body.contains("\r\n");
    let mut doc: toml_edit::DocumentMut = body.parse()?;
    if doc.contains_key("transparency") {
        return Ok(None);
    }
    let comment = if dutch {
        "# Het transparantielogboek: origin is zijn naam in ieder checkpoint en\n# verandert nooit meer; public_key is de sleutel die iedere versie ondertekent.\n# Toegevoegd door policypress keygen.\n"
    } else {
        "# The transparency log: origin is its name in every checkpoint and never\n# changes again; public_key is the key that signs every version.\n# Added by policypress keygen.\n"
    };
    let mut table = toml_edit::Table::new();
    table.insert("origin", toml_edit::value(origin));
    table.insert(
        "public_key",
        toml_edit::value(format!(
            "{}/{}",
            crate::transparency::DIR,
            crate::sign::PUBLIC_KEY_FILE
        )),
    );
    let gap = if body.is_empty() || body.ends_with("\n\n") {
        ""
    } else {
        "\n"
    };
    table.decor_mut().set_prefix(format!("{gap}{comment}"));
    doc.insert("transparency", toml_edit::Item::Table(table));
    // toml_edit ends a last line that had no line end before the new table.
    let mut out = doc.to_string();
    if crlf {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    Ok(Some(format!("{bom}{out}")))
}

/// Whether `child` (which may not exist yet) is `parent` or inside it.
pub(super) fn is_inside(child: &Path, parent: &Path) -> bool {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .ok()
            .map(|a| a.components().collect::<PathBuf>())
    };
    // The child may not exist yet: compare its nearest existing ancestor.
    let mut c = child.to_path_buf();
    while !c.exists() {
        match c.parent() {
            Some(p) if !p.as_os_str().is_empty() => c = p.to_path_buf(),
            _ => {
                c = PathBuf::from(".");
                break;
            }
        }
    }
    match (
        std::fs::canonicalize(&c).ok().or_else(|| abs(&c)),
        std::fs::canonicalize(parent).ok(),
    ) {
        (Some(c), Some(p)) => c.starts_with(p),
        _ => false,
    }
}

/// Creates the private key folder, readable by its owner only.
pub(super) fn create_private_dir(dir: &Path) -> Result<(), Failure> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).doing("creating", dir)?;
    // An existing folder is tightened too: the mode above applies only to
    // folders created here.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .doing("restricting to its owner", dir)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_named_after_the_sites_address() {
        assert_eq!(
            origin_from_base_url("https://privacy.example.nl/").as_deref(),
            Some("privacy.example.nl/log")
        );
        assert_eq!(
            origin_from_base_url("https://Example.org/privacy/").as_deref(),
            Some("example.org/privacy/log")
        );
        assert_eq!(origin_from_base_url("https://example.invalid/"), None);
    }

    #[test]
    fn the_table_is_added_and_every_other_line_stays_as_it_was() {
        let before = "# The site\ntitle = { nl = \"T\", en = \"T\" }   # its name\nbase_url = \"https://p.example.nl/\"\n\n[markdown]\n# raw HTML\nunsafe_html = false\n";
        let after = with_transparency_table(before, "p.example.nl/log", false)
            .unwrap()
            .unwrap();
        assert!(after.starts_with(before), "{after}");
        assert!(after.ends_with(
            "\n# Added by policypress keygen.\n[transparency]\norigin = \"p.example.nl/log\"\npublic_key = \"transparency/publisher.pub\"\n"
        ), "{after}");
        let parsed: toml::Table = toml::from_str(&after).unwrap();
        assert_eq!(
            parsed["transparency"]["origin"].as_str(),
            Some("p.example.nl/log")
        );
        assert_eq!(parsed["markdown"]["unsafe_html"].as_bool(), Some(false));
        // Once there, it is never added again.
        assert_eq!(
            with_transparency_table(&after, "x/log", false).unwrap(),
            None
        );
    }

    #[test]
    fn a_last_line_without_line_end_crlf_and_a_bom_are_kept() {
        let after = with_transparency_table("title = \"T\"", "a.nl/log", true)
            .unwrap()
            .unwrap();
        assert!(
            after.starts_with("title = \"T\"\n\n# Het transparantielogboek"),
            "{after}"
        );
        let before = "\u{feff}title = \"T\"\r\nlanguages = [\"nl\"]\r\n";
        let after = with_transparency_table(before, "a.nl/log", true)
            .unwrap()
            .unwrap();
        assert!(after.starts_with(before), "{after:?}");
        assert!(!after.replace("\r\n", "").contains('\n'), "{after:?}");
    }
}
