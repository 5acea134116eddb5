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
//!
//! Lock files are kept in a folder only the user can use, never in the
//! shared temporary folder itself, where another user of the machine could
//! take a lock's name first (and stop every build) or put a symbolic link
//! there (and have a build truncate a file of the user's): in
//! `$XDG_RUNTIME_DIR/policypress/` when that variable is an absolute path to
//! a folder of the user's, else in `<temporary folder>/policypress-<uid>/`.
//! The folder is made 0700; one that is there already is used only when it
//! is a real folder (not a symbolic link) of the user's that no one else may
//! write into. A lock file (0600) is opened without following a symbolic
//! link. Each is named after the folder it locks, so nothing is written into
//! a site, beside an output, or into git.

use std::io::{Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::diag::{Failure, IoContext, IoFailure};
use crate::messages::{Holder, LockFolderFault, LockedFolder, Message};

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub(crate) struct Lock {
    _file: std::fs::File,
}

/// A folder to lock.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Locked<'a> {
    /// A site folder.
    Site(&'a Path),
    /// An output folder (its parent folder must exist).
    Output(&'a Path),
}

/// Takes the lock on `locked` (`shared` or exclusive), or fails naming its
/// holder.
pub(crate) fn acquire(locked: Locked<'_>, shared: bool) -> Result<Lock, Failure> {
    let me = rustix::process::geteuid().as_raw();
    let path = lock_folder(me)?.join(lock_name(locked));
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(nofollow())
        .open(&path);
    let mut file = match opened {
        Ok(file) => file,
        Err(e) if rustix::io::Errno::from_io_error(&e) == Some(rustix::io::Errno::LOOP) => {
            let lock = path.display().to_string();
            return Err(Failure::error(Message::LockFileIsALink { lock }.error()));
        }
        Err(e) => return Err(io_failure("opening the lock file", &path, e)),
    };
    let operation = if shared {
        rustix::fs::FlockOperation::NonBlockingLockShared
    } else {
        rustix::fs::FlockOperation::NonBlockingLockExclusive
    };
    match rustix::fs::flock(&file, operation) {
        Ok(()) => {}
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => {
            return Err(Failure::error(busy(&mut file, &path, locked).error()));
        }
        Err(e) => return Err(io_failure("locking", &path, e.into())),
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
        .doing("writing", &path)?;
    Ok(Lock { _file: file })
}

/// What the tool could not do to which path (exit 2).
fn io_failure(doing: &str, path: &Path, source: std::io::Error) -> Failure {
    IoFailure {
        doing: doing.to_string(),
        path: path.to_path_buf(),
        source,
    }
    .into()
}

/// `O_NOFOLLOW`, as `OpenOptionsExt::custom_flags` takes it.
fn nofollow() -> i32 {
    i32::try_from(rustix::fs::OFlags::NOFOLLOW.bits()).expect("bug: O_NOFOLLOW fits an int")
}

/// The folder the lock files of the user `me` are kept in, made or checked.
fn lock_folder(me: u32) -> Result<PathBuf, Failure> {
    let folder = match runtime_folder(me) {
        Some(runtime) => runtime.join("policypress"),
        None => std::env::temp_dir().join(format!("policypress-{me}")),
    };
    // Made with its mode, not made and then changed: no moment in which
    // another user could open it.
    match std::fs::DirBuilder::new().mode(0o700).create(&folder) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io_failure("creating the lock folder", &folder, e)),
    }
    let meta = std::fs::symlink_metadata(&folder).doing("reading the lock folder", &folder)?;
    match folder_fault(&meta, me) {
        None => Ok(folder),
        Some(fault) => Err(Failure::error(
            Message::UnsafeLockFolder {
                folder: folder.display().to_string(),
                fault,
            }
            .error(),
        )),
    }
}

/// `$XDG_RUNTIME_DIR`, when it is an absolute path to a folder of `me`'s
/// (as the XDG Base Directory specification has it: the user's own, for
/// files such as locks).
fn runtime_folder(me: u32) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("XDG_RUNTIME_DIR")?);
    let meta = std::fs::metadata(&dir).ok()?;
    (dir.is_absolute() && meta.is_dir() && meta.uid() == me).then_some(dir)
}

/// What makes the lock folder described by `meta` (read without following
/// a link) unfit for the locks of the user `me`, if anything.
fn folder_fault(meta: &std::fs::Metadata, me: u32) -> Option<LockFolderFault> {
    fault(
        meta.file_type().is_symlink(),
        meta.is_dir(),
        meta.uid(),
        meta.mode(),
        me,
    )
}

fn fault(link: bool, dir: bool, owner: u32, mode: u32, me: u32) -> Option<LockFolderFault> {
    if link {
        Some(LockFolderFault::Link)
    } else if !dir {
        Some(LockFolderFault::NotAFolder)
    } else if owner != me {
        Some(LockFolderFault::Owner { owner, me })
    } else if mode & 0o022 != 0 {
        Some(LockFolderFault::Writable {
            mode: mode & 0o7777,
        })
    } else {
        None
    }
}

/// The lock file's name, made from the absolute path of the folder it
/// locks.
fn lock_name(locked: Locked<'_>) -> String {
    use sha2::Digest;
    let (kind, folder) = match locked {
        Locked::Site(folder) => ("site", folder),
        Locked::Output(folder) => ("output", folder),
    };
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
    format!("{kind}-{hex}.lock")
}

/// `2026-12-04 08:30:12 UTC`.
fn timestamp(t: time::OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    t.format(&format)
        .map_or_else(|_| t.to_string(), |s| format!("{s} UTC"))
}

/// Who holds the lock, as its file says. The holder writes it just after
/// taking the lock, so an empty file is read again a few times.
fn busy(file: &mut std::fs::File, path: &Path, locked: Locked<'_>) -> Message {
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
    let holder = match (field("pid"), field("started"), field("command")) {
        (Some(pid), Some(started), Some(command)) => Some(Holder {
            pid,
            command,
            started,
        }),
        _ => None,
    };
    let (kind, folder) = match locked {
        Locked::Site(folder) => (LockedFolder::Site, folder),
        Locked::Output(folder) => (LockedFolder::Output, folder),
    };
    Message::LockHeld {
        kind,
        folder: folder.display().to_string(),
        holder,
        lock: path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_folder_must_be_a_real_folder_of_the_users_that_only_they_can_write() {
        assert_eq!(fault(false, true, 1000, 0o40700, 1000), None);
        // Others may look, not write.
        assert_eq!(fault(false, true, 1000, 0o40755, 1000), None);
        assert_eq!(
            fault(true, false, 1000, 0o120777, 1000),
            Some(LockFolderFault::Link)
        );
        assert_eq!(
            fault(false, false, 1000, 0o100600, 1000),
            Some(LockFolderFault::NotAFolder)
        );
        // Someone else's, even one only they may use: the tests through the
        // binary cannot make one without being root.
        assert_eq!(
            fault(false, true, 1001, 0o40700, 1000),
            Some(LockFolderFault::Owner {
                owner: 1001,
                me: 1000
            })
        );
        assert_eq!(
            fault(false, true, 0, 0o41777, 1000),
            Some(LockFolderFault::Owner { owner: 0, me: 1000 })
        );
        for mode in [0o770, 0o707, 0o720, 0o702, 0o1777] {
            assert_eq!(
                fault(false, true, 1000, 0o40000 | mode, 1000),
                Some(LockFolderFault::Writable { mode }),
                "{mode:o}"
            );
        }
    }
}
