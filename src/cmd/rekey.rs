//! New keys for a log that has some. `keygen --rotate`: the keys are
//! replaced while the current ones still work, by a key transition the
//! current keys sign, so readers follow it. `keygen --new-log`: what a
//! publisher does when the keys of a log are lost or may be known to
//! someone else. The log cannot be continued, so it is closed as it stands
//! (kept, whole and verifiable, in `transparency/logs/<n>/`), and a new log
//! with new keys starts under the next origin (`…/log2`), sealing the
//! site's content again, so `build` keeps working and every page stays
//! verifiable.

use std::path::{Path, PathBuf};

use super::keygen::{create_private_dir, is_inside};
use super::{key_diagnostic, log_origin, today};
use crate::content::Purpose;
use crate::diag::{Diagnostic, Failure, IoContext};
use crate::model::Date;
use crate::sign;
use crate::transparency::{self as tr, logs};

/// The site's timestamp authorities and their committed chains, when
/// `keygen` is to ask them for the entries it seals (as `publish` does):
/// `None` with `--no-timestamp` or when the site names none.
fn authorities(
    site: &Path,
    model: &crate::model::Site,
    no_timestamp: bool,
) -> Result<Option<(Vec<String>, crate::tsa::Trust)>, Failure> {
    let urls: Vec<String> = model.config.timestamp_authorities().to_vec();
    if no_timestamp || urls.is_empty() {
        return Ok(None);
    }
    let trust = crate::tsa::Trust::new(
        tr::configured_tsas(site, &urls).map_err(super::publish::log_findings)?,
    );
    Ok(Some((urls, trust)))
}

/// Says whether what `keygen` sealed has timestamps, as `publish` does.
fn say_stamped(model: &crate::model::Site, asked: Option<&(Vec<String>, crate::tsa::Trust)>) {
    let named = model
        .config
        .transparency
        .as_ref()
        .is_some_and(|t| !t.timestamp_authorities.is_empty());
    match asked {
        Some((urls, _)) => println!(
            "Each entry has a timestamp from {} authorit{}.",
            urls.len(),
            if urls.len() == 1 { "y" } else { "ies" }
        ),
        None if named => println!(
            "Sealed without timestamps: these entries are shown as not timestamped until `policypress publish --timestamp-pending`."
        ),
        None => {}
    }
}

/// The hint of a failure to seal with timestamps.
const STAMP_HINT: &str = "when a timestamp authority is down, `--no-timestamp` seals without its timestamp, and `publish --timestamp-pending` adds it later";

/// The new keys of a log, made and written.
struct NewKeys {
    artifact: sign::ArtifactKey,
    checkpoint: crate::tlog::Signer,
    files: [PathBuf; 2],
}

/// Makes the two keys of the log `origin` and writes them, encrypted with
/// `password`, into `out` (created with mode 0700). Replaces nothing.
fn make_keys(origin: &str, out: &Path, password: &[u8]) -> Result<NewKeys, Failure> {
    let keys = generate_keys(origin, out)?;
    write_keys(&keys, password)?;
    Ok(keys)
}

/// Makes the two keys of the log `origin`, to be written into `out` by
/// [`write_keys`]; refuses when either file is there.
fn generate_keys(origin: &str, out: &Path) -> Result<NewKeys, Failure> {
    let key_failure = |e| Failure::error(key_diagnostic(e));
    let files = [
        out.join(sign::ARTIFACT_KEY_FILE),
        out.join(sign::CHECKPOINT_KEY_FILE),
    ];
    if let Some(existing) = files.iter().find(|p| p.exists()) {
        return Err(Failure::rejected(
            Diagnostic::error(format!(
                "{} already exists; keygen never replaces a key",
                existing.display()
            ))
            .hint("choose another folder with --out"),
        ));
    }
    let artifact = sign::ArtifactKey::generate().map_err(key_failure)?;
    let checkpoint = crate::tlog::Signer::generate(origin).map_err(|e| {
        Failure::error(
            Diagnostic::error(format!(
                "the origin {origin:?} cannot name a checkpoint key: {e}"
            ))
            .hint("an origin is one word without spaces or '+', e.g. privacy.example.nl/log"),
        )
    })?;
    Ok(NewKeys {
        artifact,
        checkpoint,
        files,
    })
}

/// Writes `keys`, encrypted with `password`, into their folder (created
/// with mode 0700).
fn write_keys(keys: &NewKeys, password: &[u8]) -> Result<(), Failure> {
    let key_failure = |e| Failure::error(key_diagnostic(e));
    let a_pem = keys
        .artifact
        .to_encrypted_pem(password)
        .map_err(key_failure)?;
    let c_pem = sign::checkpoint_key_to_pem(&keys.checkpoint, password).map_err(key_failure)?;
    if let Some(out) = keys.files[0].parent() {
        create_private_dir(out)?;
    }
    sign::write_private(&keys.files[0], a_pem.as_bytes()).map_err(key_failure)?;
    sign::write_private(&keys.files[1], c_pem.as_bytes()).map_err(key_failure)?;
    Ok(())
}

/// Writes the public halves of `keys` at the fixed names in `tdir`.
fn write_public_keys(tdir: &Path, keys: &NewKeys) -> Result<(), Failure> {
    let vkey = keys.checkpoint.verifier().to_key_string();
    for (name, bytes) in [
        (
            sign::PUBLIC_KEY_FILE,
            keys.artifact.public_pem().into_bytes(),
        ),
        (sign::VERIFIER_KEY_FILE, format!("{vkey}\n").into_bytes()),
    ] {
        tr::write_atomic(&tdir.join(name), &bytes)
            .map_err(|e| super::publish::publish_failure(e, Failure::error))?;
    }
    Ok(())
}

/// Sets `[transparency] origin` in `content/site.toml`, keeping the rest
/// of the file as it was written.
fn set_origin(site: &Path, origin: &str) -> Result<(), Failure> {
    let file = site.join("content").join("site.toml");
    let text = std::fs::read_to_string(&file).doing("reading", &file)?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| {
        Failure::error(Diagnostic::error(format!(
            "{} is no TOML: {e}",
            file.display()
        )))
    })?;
    doc["transparency"]["origin"] = toml_edit::value(origin);
    tr::write_atomic(&file, doc.to_string().as_bytes())
        .map_err(|e| super::publish::publish_failure(e, Failure::error))
}

/// The keys of the log `origin` in `out`, when both are there: made by a
/// `--new-log` that was interrupted before it started that log.
fn read_keys(origin: &str, out: &Path, password: &[u8]) -> Result<Option<NewKeys>, Failure> {
    let files = [
        out.join(sign::ARTIFACT_KEY_FILE),
        out.join(sign::CHECKPOINT_KEY_FILE),
    ];
    if !files.iter().all(|f| f.is_file()) {
        return Ok(None);
    }
    let artifact = sign::ArtifactKey::from_encrypted_pem(
        &std::fs::read(&files[0]).doing("reading", &files[0])?,
        password,
        &files[0],
    )
    .map_err(|e| Failure::rejected(key_diagnostic(e)))?;
    let checkpoint = sign::checkpoint_signer_from_pem(
        &std::fs::read(&files[1]).doing("reading", &files[1])?,
        password,
        origin,
        &files[1],
    )
    .map_err(|e| Failure::rejected(key_diagnostic(e)))?;
    Ok(Some(NewKeys {
        artifact,
        checkpoint,
        files,
    }))
}

/// Closes the site's log and starts the next one: see the module's words.
/// Each step can be interrupted: run again, it puts back a log whose
/// closing was cut short, takes up the keys it made, and goes on from the
/// step it reached once the log is closed.
pub(super) fn new_log(
    site: &Path,
    out: Option<PathBuf>,
    reason: logs::Reason,
    as_of: Option<Date>,
    no_timestamp: bool,
) -> Result<(), Failure> {
    let (model, origin) = log_origin(site, Purpose::Publication)?;
    let tdir = site.join(tr::DIR);
    let failed = |e| super::publish::publish_failure(e, Failure::error);
    if logs::undo_unfinished_close(&tdir).map_err(failed)? {
        println!(
            "Put the log {origin} back where it was: an earlier `keygen --new-log` was interrupted while closing it."
        );
    }
    // Closed already by an interrupted run: the log it closed is the last
    // one listed, and the site has no current log yet.
    let earlier = logs::read(&tdir).map_err(|d| Failure::content(vec![d].into()))?;
    let resumed = earlier
        .last()
        .filter(|e| {
            !tr::has_log(site)
                && (e.next == origin
                    || (e.origin == origin && e.next == logs::next_origin(&origin)))
        })
        .cloned();
    let next = match &resumed {
        Some(e) => e.next.clone(),
        None => logs::next_origin(&origin),
    };
    let sealed = match &resumed {
        Some(_) => None,
        None => match tr::Sealed::load(site, &origin) {
            Ok(Some(s)) => Some(s),
            Ok(None) => {
                return Err(Failure::rejected(
                    Diagnostic::error("this site has no log to close").hint(
                        "run `policypress keygen` without --new-log to make the keys of its first log",
                    ),
                ));
            }
            Err(d) => {
                return Err(Failure::content(vec![d.hint(
                    "a log is closed as it stands, so it must be whole: restore transparency/ from version control first (never re-run keygen over it)",
                )].into()));
            }
        },
    };
    let Some(out) = out.or_else(|| sign::default_key_dir(&next)) else {
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
    // What the new log will seal: the site as it is, from its beginning.
    let as_of = as_of.unwrap_or_else(today);
    let mut pending = tr::plan(&model, None, as_of).map_err(|d| Failure::content(d.into()))?;
    // The site's policy first, as `publish` seals it: the authorities
    // whose tokens follow are sealed before them.
    if let Some(p) = tr::policy_pending(site, &model, None).map_err(super::publish::log_findings)? {
        pending.insert(0, p);
    }
    let stamp_with = authorities(site, &model, no_timestamp)?;
    let password = sign::password("Password for the new keys: ", true)
        .map_err(|e| Failure::error(key_diagnostic(e)))?;
    // Keys an interrupted run made are taken up: no log was started with
    // them yet.
    let (keys, written) = match read_keys(&next, &out, password.as_bytes())? {
        Some(k) => (k, true),
        None if resumed.is_some() => {
            return Err(Failure::rejected(Diagnostic::error(format!(
                "the log {origin} was closed by an interrupted `keygen --new-log`, but the keys of {next} are not in {}",
                out.display()
            )).hint("give the folder that holds them with --out")));
        }
        None => (generate_keys(&next, &out)?, false),
    };
    // Signed and timestamped before anything is written, the new keys
    // included: an authority that cannot be reached leaves the site and
    // the key folder as they were.
    let n = pending.len();
    let stamping = match &stamp_with {
        Some((urls, trust)) => tr::Stamping::Ask { urls, trust },
        None => tr::Stamping::None,
    };
    let prepared = tr::prepare(pending, &keys.artifact, &stamping).map_err(|e| {
        super::publish::publish_failure(e, |d| {
            let f = Failure::rejected(d).also_hint("the log and the site were left as they were");
            if stamp_with.is_some() {
                f.also_hint(STAMP_HINT)
            } else {
                f
            }
        })
    })?;
    if !written {
        write_keys(&keys, password.as_bytes())?;
    }
    tr::crash_point("new-log:keys");
    let closed = match (resumed, &sealed) {
        (Some(e), _) => e,
        (None, Some(sealed)) => {
            logs::close_current(&tdir, sealed, reason, &crate::i18n::iso(as_of), &next)
                .map_err(failed)?
        }
        (None, None) => unreachable!("bug: a log to close was loaded"),
    };
    tr::crash_point("new-log:closed");
    write_public_keys(&tdir, &keys)?;
    tr::crash_point("new-log:public-keys");
    set_origin(site, &next)?;
    tr::crash_point("new-log:origin");
    tr::seal_prepared(site, &next, None, prepared, &keys.artifact, &keys.checkpoint).map_err(|e| {
        super::publish::publish_failure(e, Failure::error).also_hint(
            "the new keys and log are in place: run `policypress publish` to seal the site into the new log",
        )
    })?;
    println!(
        "Closed the log {} at {} entries ({}); it stays published in transparency/{}.",
        closed.origin,
        closed.size,
        closed.reason.describe(),
        closed.folder
    );
    println!("Started the log {next} and sealed the site into it: {n} entries.");
    say_stamped(&model, stamp_with.as_ref());
    println!("Set [transparency] origin = \"{next}\" in content/site.toml.");
    println!(
        "Private keys (encrypted, keep them safe and keep an offline copy, never commit them):"
    );
    for f in &keys.files {
        println!("  {}", f.display());
    }
    println!("Public keys (commit them with the site):");
    println!(
        "  {}  (artifact key, SHA-256 {})",
        tdir.join(sign::PUBLIC_KEY_FILE).display(),
        sign::key_hint(keys.artifact.public_der())
    );
    println!(
        "  {}  ({})",
        tdir.join(sign::VERIFIER_KEY_FILE).display(),
        keys.checkpoint.verifier().to_key_string()
    );
    println!(
        "Readers who checked the old log are told that the log changed; tell them the new keys another way, so they can run `policypress verify --accept-new-log {next}`."
    );
    Ok(())
}

/// The prefix of the folder (in the key folder) where a rotation keeps its
/// new keys until its key transition is sealed: `.rotation-<n>`.
const STAGED: &str = ".rotation-";

/// The folder a rotation left in `dir` when it was interrupted, with the
/// number of its key transition.
fn interrupted_rotation(dir: &Path) -> Result<Option<(u64, PathBuf)>, Failure> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            Err(e).doing("reading", dir)?;
            return Ok(None);
        }
    };
    for e in entries {
        let e = e.doing("reading", dir)?;
        let name = e.file_name();
        if let Some(n) = name
            .to_str()
            .and_then(|n| n.strip_prefix(STAGED))
            .and_then(|n| n.parse::<u64>().ok())
        {
            return Ok(Some((n, e.path())));
        }
    }
    Ok(None)
}

/// The public halves of the keys a rotation staged in `staged`, each read
/// there or, once moved into place, in `dir`.
fn read_staged(
    origin: &str,
    staged: &Path,
    dir: &Path,
    password: &[u8],
) -> Result<tr::artifact::KeyPair, Failure> {
    let at = |name: &str| {
        let s = staged.join(name);
        if s.exists() { s } else { dir.join(name) }
    };
    let a = at(sign::ARTIFACT_KEY_FILE);
    let c = at(sign::CHECKPOINT_KEY_FILE);
    let artifact = sign::ArtifactKey::from_encrypted_pem(
        &std::fs::read(&a).doing("reading", &a)?,
        password,
        &a,
    )
    .map_err(|e| Failure::rejected(key_diagnostic(e)))?;
    let checkpoint = sign::checkpoint_signer_from_pem(
        &std::fs::read(&c).doing("reading", &c)?,
        password,
        origin,
        &c,
    )
    .map_err(|e| Failure::rejected(key_diagnostic(e)))?;
    Ok(tr::artifact::KeyPair {
        publisher_key: artifact.public_der().to_vec(),
        log_key: checkpoint.verifier().to_key_string(),
    })
}

/// Moves the current private keys into `retired/<number>/` and the staged
/// ones into their place, then removes the staged folder. Each key is
/// moved only while its staged copy is there, so run again after an
/// interruption it does what is left, and never retires a new key.
fn move_keys(dir: &Path, files: &[PathBuf; 2], staged: &Path, number: u64) -> Result<(), Failure> {
    let retired = dir.join("retired").join(number.to_string());
    create_private_dir(&retired)?;
    for f in files {
        let name = f.file_name().expect("bug: a key file has a name");
        let new = staged.join(name);
        if !new.exists() {
            continue;
        }
        if f.exists() {
            std::fs::rename(f, retired.join(name))
                .doing("moving the retired key into", &retired)?;
            tr::crash_point("rotate:retired-key");
        }
        std::fs::rename(&new, f).doing("moving the new key into", f)?;
        tr::crash_point("rotate:new-key");
    }
    std::fs::remove_dir(staged).doing("removing", staged)?;
    Ok(())
}

/// Replaces the keys of the site's log by new ones, signed over by the
/// current ones (a key transition in the log), and keeps the current
/// private keys in `retired/<n>/` of the key folder.
pub(super) fn rotate(site: &Path, out: Option<PathBuf>, no_timestamp: bool) -> Result<(), Failure> {
    let (model, origin) = log_origin(site, Purpose::Preview)?;
    let sealed = match tr::Sealed::load_unfinished_rotation(site, &origin) {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(Failure::rejected(
                Diagnostic::error("this site has no log whose keys could be rotated").hint(
                    "run `policypress keygen` without --rotate to make the keys of its first log",
                ),
            ));
        }
        Err(d) => return Err(Failure::content(vec![d].into())),
    };
    let Some(dir) = out.or_else(|| sign::default_key_dir(&origin)) else {
        return Err(Failure::error(
            Diagnostic::error("no home folder to find the keys in").hint("pass --out DIR"),
        ));
    };
    let files = [
        dir.join(sign::ARTIFACT_KEY_FILE),
        dir.join(sign::CHECKPOINT_KEY_FILE),
    ];
    // A rotation that was interrupted: finished when its key transition
    // is in the log, undone (and run anew below) when it is not.
    if let Some((k, staged)) = interrupted_rotation(&dir)? {
        if let Some((_, t)) = sealed.transitions.iter().find(|(_, t)| t.number == k) {
            let password = sign::password("Password of the keys: ", false)
                .map_err(|e| Failure::error(key_diagnostic(e)))?;
            let keys = read_staged(&origin, &staged, &dir, password.as_bytes())?;
            if keys != t.next {
                return Err(Failure::rejected(Diagnostic::error(format!(
                    "the keys in {} are not the ones key transition {k} of the log names",
                    staged.display()
                )).hint("find the private keys whose public halves transparency/log.vkey and publisher.pub show, and put them in the key folder")));
            }
            tr::finish_rotation(site, &t.next)
                .map_err(|e| super::publish::publish_failure(e, Failure::error))?;
            move_keys(&dir, &files, &staged, k)?;
            println!(
                "Finished key transition {k} of {origin}, which was interrupted: it was in the log already; the new keys are in place, the old private keys in {}.",
                dir.join("retired").join(k.to_string()).display()
            );
            return Ok(());
        }
        tr::clear_unsealed_rotation(site, &sealed, k)
            .map_err(|e| super::publish::publish_failure(e, Failure::error))?;
        std::fs::remove_dir_all(&staged).doing("removing", &staged)?;
        println!(
            "Key transition {k} was interrupted before it was sealed; what it left was removed, and it runs again."
        );
    }
    let mut pems = Vec::new();
    for f in &files {
        pems.push(std::fs::read(f).map_err(|e| {
            Failure::rejected(
                Diagnostic::error(format!("cannot read the current key {}: {e}", f.display()))
                    .hint("a rotation is signed by the current keys; give their folder with --out. If they are lost, use `keygen --new-log`"),
            )
        })?);
    }
    let password = sign::password(
        "Password of the current keys (the new ones get it too): ",
        false,
    )
    .map_err(|e| Failure::error(key_diagnostic(e)))?;
    let current_a = sign::ArtifactKey::from_encrypted_pem(&pems[0], password.as_bytes(), &files[0])
        .map_err(|e| Failure::rejected(key_diagnostic(e)))?;
    let current_c =
        sign::checkpoint_signer_from_pem(&pems[1], password.as_bytes(), &origin, &files[1])
            .map_err(|e| Failure::rejected(key_diagnostic(e)))?;
    let number = sealed.transitions.len() as u64 + 1;
    let retired = dir.join("retired").join(number.to_string());
    let staged = dir.join(format!("{STAGED}{number}"));
    if retired.exists() {
        return Err(Failure::rejected(Diagnostic::error(format!(
            "{} exists, but the log holds no key transition {number}",
            retired.display(),
        )).hint("the keys in it were retired by a rotation of another copy of this site: see which keys transparency/log.vkey names, and restore transparency/ from version control")));
    }
    let stamp_with = authorities(site, &model, no_timestamp)?;
    // A token is trusted by readers only from an authority the log's site
    // policy names: a policy not sealed yet is sealed by `publish` first.
    if stamp_with.is_some()
        && tr::policy_pending(site, &model, Some(&sealed))
            .map_err(super::publish::log_findings)?
            .is_some()
    {
        return Err(Failure::rejected(
            Diagnostic::error(
                "the site's timestamp authorities (or its notice period) changed since the log last sealed them, so a timestamp of the key transition could not be trusted yet",
            )
            .hint("run `policypress publish` first, then `keygen --rotate`; or rotate with --no-timestamp"),
        ));
    }
    let stamping = match &stamp_with {
        Some((urls, trust)) => tr::Stamping::Ask { urls, trust },
        None => tr::Stamping::None,
    };
    let keys = make_keys(&origin, &staged, password.as_bytes())?;
    tr::crash_point("rotate:staged");
    let entry = tr::rotate(
        site,
        &sealed,
        (&current_a, &current_c),
        (&keys.artifact, &keys.checkpoint),
        &stamping,
    )
    .map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        super::publish::publish_failure(e, |d| {
            let f = Failure::rejected(d).also_hint("the log and the keys were left as they were");
            if stamp_with.is_some() {
                f.also_hint(STAMP_HINT)
            } else {
                f
            }
        })
    })?;
    tr::crash_point("rotate:sealed");
    move_keys(&dir, &files, &staged, number)?;
    say_stamped(&model, stamp_with.as_ref());
    let tdir = site.join(tr::DIR);
    println!(
        "Rotated the keys of {origin}: key transition {number} is entry #{} of the log, signed by the old keys; readers who checked the log before follow it to the new keys.",
        entry.index
    );
    println!(
        "The old public keys are kept in transparency/keys/{number}/; publish signs with the new keys from now on."
    );
    println!(
        "Private keys (encrypted with the same password; keep an offline copy, never commit them):"
    );
    for f in &files {
        println!("  {}", f.display());
    }
    println!(
        "The old private keys are in {}; destroy them once you no longer need them.",
        retired.display()
    );
    println!("Public keys (commit them with the site):");
    println!(
        "  {}  (artifact key, SHA-256 {})",
        tdir.join(sign::PUBLIC_KEY_FILE).display(),
        sign::key_hint(keys.artifact.public_der())
    );
    println!(
        "  {}  ({})",
        tdir.join(sign::VERIFIER_KEY_FILE).display(),
        keys.checkpoint.verifier().to_key_string()
    );
    Ok(())
}
