//! `policypress keygen`: the publisher's two signing keys, encrypted, kept
//! outside the site folder, with their public halves in `transparency/`.

use std::path::{Path, PathBuf};

use super::{SiteArgs, key_diagnostic, log_origin};
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
}

/// Creates the keys; never replaces one.
pub(crate) fn execute(args: Args) -> Result<(), Failure> {
    let site = args.site.site.as_path();
    // Only the log's name is needed: placeholders may wait.
    let (_, origin) = log_origin(site, crate::content::Purpose::Preview)?;
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
            .hint("a log can only be continued with its own keys; move the old keys away only if you mean to start a new log"),
        ));
    }
    let password = sign::password("Password for the new keys: ", true)
        .map_err(|e| Failure::error(key_diagnostic(e)))?;
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
    println!("Next: policypress publish --site {}", site.display());
    Ok(())
}

/// Whether `child` (which may not exist yet) is `parent` or inside it.
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

/// Creates the private key folder, readable by its owner only.
fn create_private_dir(dir: &Path) -> Result<(), Failure> {
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
