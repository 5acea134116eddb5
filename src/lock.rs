//! The build lock: two `build`s into one output, or a `build` and a
//! `publish` of one site, would swap half-written folders into each other
//! or read a log while it grows. `build` locks its output exclusively and
//! its site shared (builds of one site into different folders may run side
//! by side), `publish` locks its site exclusively; whoever comes second
//! stops at once and names the process that holds the lock.
//!
//! The lock is an advisory `flock` on a small file, so a process that dies
//! releases it by itself and a lock file left behind never blocks anyone.
//! The file says who holds it (process id, start time, command line), which
//! is what the message of the one that comes second is made from. It is
//! left in place: deleting a lock file races with the next process opening
//! it.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Failure, IoContext};

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub(crate) struct Lock {
    _file: std::fs::File,
}

/// The lock file of a site folder.
pub(crate) fn site_lock_path(site: &Path) -> PathBuf {
    lock_path("site", site)
}

/// The lock file of an output folder (its parent folder must exist).
pub(crate) fn output_lock_path(out: &Path) -> PathBuf {
    lock_path("output", out)
}

/// Lock files live in the temporary folder, named after the folder they
/// lock: nothing is left in a site, beside an output, or in git.
fn lock_path(kind: &str, folder: &Path) -> PathBuf {
    use sha2::Digest;
    let absolute = std::fs::canonicalize(folder)
        .ok()
        .or_else(|| {
            let parent = folder.parent().filter(|p| !p.as_os_str().is_empty());
            let parent = std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()?;
            Some(parent.join(folder.file_name()?))
        })
        .or_else(|| std::path::absolute(folder).ok())
        .unwrap_or_else(|| folder.to_path_buf());
    let digest = sha2::Sha256::digest(absolute.as_os_str().as_encoded_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    std::env::temp_dir().join(format!("policypress-{kind}-{hex}.lock"))
}

/// Takes the lock at `path` (`shared` or exclusive), or fails naming its
/// holder. `what` names what is locked, for the message ("the output
/// folder public").
pub(crate) fn acquire(path: &Path, shared: bool, what: &str) -> Result<Lock, Failure> {
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .doing("opening the lock file", path)?;
    let operation = if shared {
        rustix::fs::FlockOperation::NonBlockingLockShared
    } else {
        rustix::fs::FlockOperation::NonBlockingLockExclusive
    };
    match rustix::fs::flock(&file, operation) {
        Ok(()) => {}
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => {
            return Err(Failure::error(busy(&mut file, path, what)));
        }
        Err(e) => {
            return Err(Failure::error(Diagnostic::error(format!(
                "locking {}: {e}",
                path.display()
            ))));
        }
    }
    let started = time::OffsetDateTime::now_utc();
    let command: Vec<String> = std::env::args().collect();
    let holder = format!(
        "pid {}\nstarted {}\ncommand {}\n",
        std::process::id(),
        timestamp(started),
        command.join(" ")
    );
    file.set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(holder.as_bytes()))
        .and_then(|()| file.flush())
        .doing("writing", path)?;
    Ok(Lock { _file: file })
}

/// `2026-12-04 08:30:12 UTC`.
fn timestamp(t: time::OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    t.format(&format)
        .map_or_else(|_| t.to_string(), |s| format!("{s} UTC"))
}

/// Who holds the lock, as its file says. The holder writes it just after
/// taking the lock, so an empty file is read again a few times.
fn busy(file: &mut std::fs::File, path: &Path, what: &str) -> Diagnostic {
    let mut text = String::new();
    for _ in 0..20 {
        text.clear();
        let read = file.rewind().and_then(|()| file.read_to_string(&mut text));
        if read.is_ok() && text.ends_with('\n') {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(' '))
            .map(str::to_string)
    };
    let who = match (field("pid"), field("started"), field("command")) {
        (Some(pid), Some(started), Some(command)) => {
            format!("process {pid}, `{command}`, started {started}")
        }
        _ => "another process".to_string(),
    };
    Diagnostic::error(format!("{what} is in use by another policypress: {who}")).hint(format!(
        "wait until it is done and run this again (it holds {}; the lock ends with that process)",
        path.display()
    ))
}
