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
    /// Preview the site in a browser while editing: rebuilds on every save,
    /// reloads the open tabs, shows drafts and errors. Never writes public/.
    Serve {
        /// The site folder. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, value_name = "N", default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Default: 127.0.0.1, this computer only.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Show the site as it is on this date (YYYY-MM-DD). Default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create the signing keys: an artifact key and a checkpoint key, both
    /// encrypted with a password (POLICYPRESS_KEY_PASSWORD or a prompt).
    Keygen {
        /// The site folder; its public keys go into transparency/. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
        /// Where to keep the private keys. Default: your config folder
        /// (~/.config/policypress/keys/<origin>/), never the site folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Seal every version and relationship state not yet in the log.
    Publish {
        /// The site folder. Default: this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
        /// The private key folder, or its publisher.key (checkpoint.key is
        /// read beside it). Default: the folder keygen wrote.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// Seal the versions published by this date (YYYY-MM-DD). Default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Show what would be sealed, and write nothing (no key needed).
        #[arg(long)]
        dry_run: bool,
    },
    /// Check a published log: signatures, inclusion proofs, consistency
    /// with a checkpoint seen earlier.
    Verify {
        /// A built site folder (with transparency/), a site folder, or a URL.
        target: String,
        /// A checkpoint seen earlier; the log must have grown from it.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
        /// A key to trust instead of the one the site publishes: the log's
        /// verifier key (log.vkey) or the publisher's PEM key (publisher.pub). Repeatable.
        #[arg(long, value_name = "FILE")]
        key: Vec<PathBuf>,
        /// human (default) or json: every check, its result and the entries it concerns.
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
        format: String,
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
        Command::Serve {
            site,
            port,
            bind,
            as_of,
            open,
        } => crate::serve::run(crate::serve::ServeOptions {
            site,
            bind,
            port,
            as_of: as_of.unwrap_or_else(today),
            open,
        }),
        Command::New { what } => cmd_new(what),
        Command::Keygen { site, out } => cmd_keygen(&site, out),
        Command::Publish {
            site,
            key,
            as_of,
            dry_run,
        } => cmd_publish(&site, key, as_of, dry_run),
        Command::Verify {
            target,
            checkpoint,
            key,
            format,
        } => crate::verify::cmd_verify(&target, checkpoint.as_deref(), &key, &format),
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
    let no_log = !crate::transparency::has_log(site);
    match crate::site::build_into(site, opts, &out) {
        Ok(mut built) => {
            if no_log {
                built.diagnostics.push(
                    crate::diag::Diagnostic::warning("this site has no transparency log yet: every version is published unsigned and readers cannot verify it")
                        .hint("create a signing key with `policypress keygen` and seal the versions with `policypress publish`"),
                );
            }
            report(built.diagnostics);
            if std::env::var_os("POLICYPRESS_TIMING").is_some() {
                let steps: Vec<String> = built
                    .phases
                    .iter()
                    .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1e3))
                    .collect();
                eprintln!("timing: {}", steps.join(", "));
            }
            println!(
                "Built {} pages in {} ms into {}",
                built.pages,
                built.millis,
                out.display()
            );
            0
        }
        Err(crate::site::Failure::Content(diags)) => {
            report(diags);
            1
        }
        Err(crate::site::Failure::Io(e)) => {
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
            2
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

/// The site's log origin, or an error message for site.toml.
fn site_origin(site: &Path) -> Result<(crate::model::Site, String), i32> {
    let (model, diags) = crate::content::load(site);
    let Some(model) = model.filter(|_| !diags.has_errors()) else {
        report(diags);
        return Err(1);
    };
    let Some(t) = &model.config.transparency else {
        let host = model
            .config
            .origin()
            .split_once("://")
            .map_or("privacy.example.nl", |(_, h)| h)
            .to_string();
        eprintln!(
            "error: content/site.toml has no [transparency] table, so the log has no name\n  = hint: add\n\n    [transparency]\n    origin = \"{host}/log\"\n"
        );
        return Err(1);
    };
    let origin = t.origin.clone();
    Ok((model, origin))
}

fn is_inside(child: &Path, parent: &Path) -> bool {
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

fn cmd_keygen(site: &Path, out: Option<PathBuf>) -> i32 {
    use crate::sign;
    let (_, origin) = match site_origin(site) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let Some(out) = out.or_else(|| sign::default_key_dir(&origin)) else {
        eprintln!("error: no home folder to keep the keys in\n  = hint: pass --out DIR");
        return 2;
    };
    if is_inside(&out, site) {
        eprintln!(
            "error: {} is inside the site folder; private keys are never kept there, where they could be committed or published\n  = hint: choose a folder outside the site, or leave out --out to use your config folder",
            out.display()
        );
        return 2;
    }
    let tdir = site.join(crate::transparency::DIR);
    let targets = [
        out.join(sign::ARTIFACT_KEY_FILE),
        out.join(sign::CHECKPOINT_KEY_FILE),
        tdir.join(sign::PUBLIC_KEY_FILE),
        tdir.join(sign::VERIFIER_KEY_FILE),
    ];
    if let Some(existing) = targets.iter().find(|p| p.exists()) {
        eprintln!(
            "error: {} already exists; keygen never replaces a key\n  = hint: a log can only be continued with its own keys; move the old keys away only if you mean to start a new log",
            existing.display()
        );
        return 1;
    }
    let password = match sign::password("Password for the new keys: ", true) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let result = (|| -> Result<(String, String), sign::KeyError> {
        let artifact = sign::ArtifactKey::generate()?;
        let checkpoint = crate::tlog::Signer::generate(&origin).map_err(|e| sign::KeyError {
            message: format!("the origin {origin:?} cannot name a checkpoint key: {e}"),
            hint: Some(
                "an origin is one word without spaces or '+', e.g. privacy.example.nl/log".into(),
            ),
        })?;
        let a_pem = artifact.to_encrypted_pem(password.as_bytes())?;
        let c_pem = sign::checkpoint_key_to_pem(&checkpoint, password.as_bytes())?;
        create_private_dir(&out)?;
        sign::write_private(&targets[0], a_pem.as_bytes())?;
        sign::write_private(&targets[1], c_pem.as_bytes())?;
        let vkey = checkpoint.verifier().to_key_string();
        for (path, bytes) in [
            (&targets[2], artifact.public_pem().into_bytes()),
            (&targets[3], format!("{vkey}\n").into_bytes()),
        ] {
            crate::transparency::write_atomic(path, &bytes).map_err(|e| sign::KeyError {
                message: match e {
                    crate::transparency::PublishError::Failed(m) => m,
                    crate::transparency::PublishError::Content(_) => String::new(),
                },
                hint: None,
            })?;
        }
        Ok((sign::key_hint(artifact.public_der()), vkey))
    })();
    match result {
        Ok((hint, vkey)) => {
            println!("Private keys (encrypted, keep them safe, never commit them):");
            println!("  {}", targets[0].display());
            println!("  {}", targets[1].display());
            println!("Public keys (commit them with the site):");
            println!("  {}  (artifact key, SHA-256 {hint})", targets[2].display());
            println!("  {}  ({vkey})", targets[3].display());
            println!("Next: policypress publish --site {}", site.display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn create_private_dir(dir: &Path) -> Result<(), crate::sign::KeyError> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| crate::sign::KeyError {
        message: format!("creating {}: {e}", dir.display()),
        hint: None,
    })
}

fn cmd_publish(site: &Path, key: Option<PathBuf>, as_of: Option<Date>, dry_run: bool) -> i32 {
    use crate::sign;
    use crate::transparency::{self as tr, PublishError};
    let (model, origin) = match site_origin(site) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let sealed = match tr::Sealed::load(site, &origin) {
        Ok(s) => s,
        Err(d) => {
            report(vec![d].into());
            return 1;
        }
    };
    let before = sealed.as_ref().map_or(0, |s| s.checkpoint.size);
    let pending = match tr::plan(&model, sealed.as_ref(), as_of.unwrap_or_else(today)) {
        Ok(p) => p,
        Err(d) => {
            report(d.into());
            return 1;
        }
    };
    if dry_run {
        return tr::dry_run(&pending, before);
    }
    if pending.is_empty() {
        println!("Nothing new to seal; the log has {before} entries and was left as it was.");
        return 0;
    }
    let key_dir = match &key {
        Some(k) if k.is_dir() => k.clone(),
        Some(k) => k.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => match sign::default_key_dir(&origin) {
            Some(d) => d,
            None => {
                eprintln!("error: no home folder to find the keys in\n  = hint: pass --key FILE");
                return 2;
            }
        },
    };
    let artifact_file = match &key {
        Some(k) if !k.is_dir() => k.clone(),
        _ => key_dir.join(sign::ARTIFACT_KEY_FILE),
    };
    let checkpoint_file = key_dir.join(sign::CHECKPOINT_KEY_FILE);
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| {
            eprintln!(
                "error: cannot read the key {}: {e}\n  = hint: create keys with `policypress keygen`, or pass the key folder with --key",
                p.display()
            );
            1
        })
    };
    let (a_pem, c_pem) = match (read(&artifact_file), read(&checkpoint_file)) {
        (Ok(a), Ok(c)) => (a, c),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let password = match sign::password("Key password: ", false) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let keys = sign::ArtifactKey::from_encrypted_pem(&a_pem, password.as_bytes(), &artifact_file)
        .and_then(|a| {
            sign::checkpoint_signer_from_pem(&c_pem, password.as_bytes(), &origin, &checkpoint_file)
                .map(|c| (a, c))
        });
    let (artifact_key, checkpoint_key) = match keys {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let n = pending.len();
    match tr::seal(
        site,
        &origin,
        sealed.as_ref(),
        pending,
        &artifact_key,
        &checkpoint_key,
    ) {
        Ok(entries) => {
            for e in &entries {
                println!(
                    "  sealed #{:<5} {}  {}",
                    e.index,
                    &e.sha256[..16],
                    e.artifact
                );
            }
            println!(
                "Sealed {n} artifact{} into the log of {origin}; it now has {} entries. Commit transparency/ with the content.",
                plural(n),
                before + n as u64
            );
            0
        }
        Err(PublishError::Content(d)) => {
            report(d.into());
            1
        }
        Err(PublishError::Failed(m)) => {
            eprintln!("error: {m}\n  = hint: the log was left as it was before this publish");
            1
        }
    }
}
