//! Writing the output folder so that it is always either the complete old
//! site or the complete new one: the new site is written beside it, then the
//! two are swapped in one step. A failed build leaves the old output as it was.
//!
//! The folder beside the output (`.public.staging` for `public/`) is kept
//! after a successful build: it then holds the previous output, and the next
//! build brings it up to date instead of writing a whole new tree. Files whose
//! bytes did not change are left alone (no new inode, no new timestamp, so
//! `rsync` and static hosts see only real changes), changed files get a new
//! inode, and what the new site no longer has is removed before the swap.
//! Creating and deleting every file and folder of a large site on each build
//! is what made rebuilds slow (on ext4 most of a 10,000-page build went to
//! allocating inodes); a kept folder costs the disk space of one more copy of
//! the site and may be deleted at any time.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diag::{IoContext, IoFailure};

/// A file of the output, by its path relative to the output folder (with
/// `/`, e.g. `nl/documents/index.html`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Writes `files` as the new content of `out`.
#[cfg(test)]
pub(crate) fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), IoFailure> {
    let staging = Staging::begin(out)?;
    for f in files {
        staging.write(f)?;
    }
    staging.commit()
}

/// A new output being written beside the old one. Files may be written from
/// many threads at once, as they are rendered, so the whole site never has
/// to be held in memory. Dropped without `commit`, it removes itself and the
/// previous output stays as it was.
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// True when `dir` started empty: nothing in it to compare or clear.
    fresh: bool,
    /// What this build wrote: the folders (each created or checked once) and,
    /// when reusing a kept folder, the files, so `commit` can remove the rest.
    made: Mutex<Written>,
    committed: bool,
}

#[derive(Default)]
struct Written {
    dirs: HashSet<PathBuf>,
    files: HashSet<PathBuf>,
}

impl Staging {
    /// Prepares the folder beside `out`: the one kept from the previous
    /// build when there is one, otherwise a new empty one. An output that a
    /// crash left aside is put back first.
    pub(crate) fn begin(out: &Path) -> Result<Staging, IoFailure> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).doing("creating the folder", parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.staging"));
        let old = parent.join(format!(".{name}.old"));
        recover(out, &old)?;
        let fresh = match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => false,
            Ok(_) => {
                // Not ours: a file or a link where the folder belongs.
                std::fs::remove_file(&dir).doing("removing", &dir)?;
                true
            }
            Err(e) if e.kind() == ErrorKind::NotFound => true,
            Err(e) => return Err(e).doing("reading", &dir),
        };
        if fresh {
            std::fs::create_dir(&dir).doing("creating the folder", &dir)?;
        }
        let mut made = Written::default();
        made.dirs.insert(dir.clone());
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            fresh,
            made: Mutex::new(made),
            committed: false,
        })
    }

    /// Writes one file of the new output; safe to call from many threads.
    pub(crate) fn write(&self, f: &OutputFile) -> Result<(), IoFailure> {
        let path = self.dir.join(&f.path);
        if let Some(p) = path.parent() {
            self.folder(p)?;
        }
        if self.fresh {
            return std::fs::write(&path, &f.bytes).doing("writing", &path);
        }
        self.lock().files.insert(path.clone());
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() && m.len() == f.bytes.len() as u64 => {
                if std::fs::read(&path).is_ok_and(|old| old == f.bytes) {
                    return Ok(());
                }
                std::fs::remove_file(&path).doing("replacing", &path)?;
            }
            Ok(m) if m.is_dir() => {
                std::fs::remove_dir_all(&path).doing("replacing", &path)?;
            }
            // A new inode rather than rewriting in place: a web server that
            // opened the old file before an earlier swap keeps reading it whole.
            Ok(_) => std::fs::remove_file(&path).doing("replacing", &path)?,
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(e).doing("reading", &path),
        }
        std::fs::write(&path, &f.bytes).doing("writing", &path)
    }

    /// Makes sure `p` (inside the staging folder) is a real folder. In a
    /// kept folder, whatever stands in the way (a file, or a symbolic link
    /// that would lead writes elsewhere) is removed first.
    fn folder(&self, p: &Path) -> Result<(), IoFailure> {
        if self.lock().dirs.contains(p) {
            return Ok(());
        }
        if let Some(parent) = p.parent() {
            self.folder(parent)?;
        }
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                std::fs::remove_file(p).doing("replacing", p)?;
                make_dir(p)?;
            }
            Err(e) if e.kind() == ErrorKind::NotFound => make_dir(p)?,
            Err(e) => return Err(e).doing("reading", p),
        }
        self.lock().dirs.insert(p.to_path_buf());
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Written> {
        self.made
            .lock()
            .expect("bug: a thread panicked while writing the output")
    }

    /// Puts the new output in place of the old one, in one step, and keeps
    /// the old one beside it for the next build to reuse.
    pub(crate) fn commit(mut self) -> Result<(), IoFailure> {
        if !self.fresh {
            let written = std::mem::take(&mut *self.lock());
            remove_unwritten(&self.dir, &written)?;
        }
        self.committed = true;
        let (dir, out) = (&self.dir, &self.out);
        let result = if out.exists() {
            swap(dir, out)
        } else {
            std::fs::rename(dir, out).doing("moving the new output into place at", out)
        };
        if result.is_err() {
            let _ = std::fs::remove_dir_all(dir);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Also frees the space when the disk was full.
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Creates one folder; another thread having just made it is fine.
fn make_dir(p: &Path) -> Result<(), IoFailure> {
    match std::fs::create_dir(p) {
        Err(e) if e.kind() == ErrorKind::AlreadyExists && p.is_dir() => Ok(()),
        r => r.doing("creating the folder", p),
    }
}

/// Removes from a reused folder every file and folder this build did not
/// write. Links are removed, never followed. Sub-folders are walked on every
/// core: a large site has one folder per page.
fn remove_unwritten(dir: &Path, written: &Written) -> Result<(), IoFailure> {
    let mut keep = Vec::new();
    for entry in std::fs::read_dir(dir).doing("reading", dir)? {
        let entry = entry.doing("reading", dir)?;
        let path = entry.path();
        let kind = entry.file_type().doing("reading", &path)?;
        if kind.is_dir() {
            if written.dirs.contains(&path) {
                keep.push(path);
            } else {
                std::fs::remove_dir_all(&path).doing("removing the stale", &path)?;
            }
        } else if !written.files.contains(&path) {
            std::fs::remove_file(&path).doing("removing the stale", &path)?;
        }
    }
    keep.par_iter()
        .try_for_each(|sub| remove_unwritten(sub, written))
}

/// Swaps two folders in one step where the system allows it (Linux
/// `renameat2` with `RENAME_EXCHANGE`); elsewhere with two renames, which
/// `recover` completes if the process dies between them.
fn swap(a: &Path, b: &Path) -> Result<(), IoFailure> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => {
                return Err(IoFailure {
                    doing: "swapping in the new output at".into(),
                    path: b.to_path_buf(),
                    source: e.into(),
                });
            }
        }
    }
    let parent = b.parent().unwrap_or(Path::new("."));
    let name = b
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let old = parent.join(format!(".{name}.old"));
    std::fs::rename(b, &old).doing("moving the previous output aside from", b)?;
    std::fs::rename(a, b).doing("moving the new output into place at", b)?;
    std::fs::rename(&old, a).doing("moving the previous output to", a)?;
    Ok(())
}

/// Puts back an output that a crash left aside, or clears an old copy.
fn recover(out: &Path, old: &Path) -> Result<(), IoFailure> {
    if old.exists() {
        if out.exists() {
            std::fs::remove_dir_all(old).doing("removing a leftover previous output in", old)?;
        } else {
            std::fs::rename(old, out).doing("restoring the previous output to", out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, s: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: s.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[file("a/index.html", "1"), file("stale.txt", "x")]).unwrap();
        write_site(&out, &[file("a/index.html", "2")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("stale.txt").exists());
        let mut beside: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        beside.sort();
        assert_eq!(beside, [".public.staging", "public"]);
    }

    fn inode(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).unwrap().ino()
    }

    #[test]
    fn a_rebuild_touches_only_what_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let site = |changed: &str| {
            vec![
                file("same/index.html", "same"),
                file("changed/index.html", changed),
                file("index.html", "home"),
            ]
        };
        write_site(&out, &site("one")).unwrap();
        let first = inode(&out.join("same/index.html"));
        let mut more = site("two");
        more.push(file("gone/deep/index.html", "x"));
        write_site(&out, &more).unwrap();
        let second = inode(&out.join("same/index.html"));
        // The third build brings the first build's tree up to date.
        write_site(&out, &site("three")).unwrap();
        assert_eq!(inode(&out.join("same/index.html")), first);
        assert_eq!(
            std::fs::read_to_string(out.join("changed/index.html")).unwrap(),
            "three"
        );
        assert!(!out.join("gone").exists());
        // And the fourth the second's, which had a folder since removed.
        write_site(&out, &site("three")).unwrap();
        assert_eq!(inode(&out.join("same/index.html")), second);
        let mut files: Vec<_> = walk(&out);
        files.sort();
        assert_eq!(
            files,
            ["changed/index.html", "index.html", "same/index.html"]
        );
    }

    fn walk(root: &Path) -> Vec<String> {
        let mut found = Vec::new();
        let mut todo = vec![root.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let e = e.unwrap();
                if e.file_type().unwrap().is_dir() {
                    todo.push(e.path());
                } else {
                    let rel = e.path().strip_prefix(root).unwrap().to_owned();
                    found.push(rel.to_string_lossy().into_owned());
                }
            }
        }
        found
    }

    #[test]
    fn whatever_stands_in_the_way_in_a_kept_folder_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        write_site(&out, &[file("index.html", "1")]).unwrap();
        write_site(&out, &[file("index.html", "1")]).unwrap();
        let kept = tmp.path().join(".public.staging");
        // A link where a folder will be written, a link where a file will
        // be written, a file where a folder belongs, a folder where a file
        // belongs.
        std::os::unix::fs::symlink(&outside, kept.join("nl")).unwrap();
        std::os::unix::fs::symlink(outside.join("f"), kept.join("robots.txt")).unwrap();
        std::fs::write(kept.join("en"), "file").unwrap();
        std::fs::create_dir_all(kept.join("page.html/x")).unwrap();
        write_site(
            &out,
            &[
                file("index.html", "2"),
                file("nl/index.html", "nl"),
                file("robots.txt", "r"),
                file("en/index.html", "en"),
                file("page.html", "p"),
            ],
        )
        .unwrap();
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
        assert!(
            !std::fs::symlink_metadata(out.join("nl"))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(out.join("robots.txt")).unwrap(),
            "r"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("en/index.html")).unwrap(),
            "en"
        );
        assert_eq!(std::fs::read_to_string(out.join("page.html")).unwrap(), "p");
    }

    #[test]
    fn an_abandoned_build_leaves_the_old_output_and_no_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[file("a/index.html", "old")]).unwrap();
        {
            let staging = Staging::begin(&out).unwrap();
            staging.write(&file("a/index.html", "new")).unwrap();
            // A template fails here: the build stops without committing.
        }
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "old"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn files_can_be_written_from_many_threads() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        std::thread::scope(|s| {
            for t in 0..4 {
                let staging = &staging;
                s.spawn(move || {
                    for i in 0..50 {
                        staging
                            .write(&file(
                                &format!("d{}/p{i}/index.html", i % 5),
                                &t.to_string(),
                            ))
                            .unwrap();
                    }
                });
            }
        });
        staging.commit().unwrap();
        assert!(out.join("d4/p49/index.html").exists());
    }

    #[test]
    fn restores_an_output_left_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = tmp.path().join(".public.old");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("index.html"), "old").unwrap();
        recover(&out, &old).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
    }
}
