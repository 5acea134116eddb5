//! Writing the output folder so that it is always either the complete old
//! site or the complete new one: the new site is written beside it, then the
//! two are swapped in one step. A failed build leaves the old output as it was.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diag::{IoContext, IoFailure};
use crate::render::OutputFile;

/// Writes `files` as the new content of `out`.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), IoFailure> {
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
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Folders already created, so each costs one `mkdir` only.
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Prepares an empty folder beside `out` (restoring an output that a
    /// crash left aside, and clearing an unfinished earlier build).
    pub fn begin(out: &Path) -> Result<Staging, IoFailure> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).doing("creating the folder", parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.new"));
        let old = parent.join(format!(".{name}.old"));
        recover(out, &old)?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).doing("removing an unfinished build in", &dir)?;
        }
        std::fs::create_dir(&dir).doing("creating the folder", &dir)?;
        let mut made = HashSet::new();
        made.insert(dir.clone());
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            made: Mutex::new(made),
            committed: false,
        })
    }

    /// Writes one file of the new output; safe to call from many threads.
    pub fn write(&self, f: &OutputFile) -> Result<(), IoFailure> {
        let path = self.dir.join(&f.path);
        if let Some(p) = path.parent() {
            let known = self
                .made
                .lock()
                .expect("bug: a thread panicked while writing the output")
                .contains(p);
            if !known {
                std::fs::create_dir_all(p).doing("creating the folder", p)?;
                self.made
                    .lock()
                    .expect("bug: a thread panicked while writing the output")
                    .insert(p.to_path_buf());
            }
        }
        std::fs::write(&path, &f.bytes).doing("writing", &path)
    }

    /// Puts the new output in place of the old one, in one step.
    pub fn commit(mut self) -> Result<(), IoFailure> {
        self.committed = true;
        let (dir, out) = (&self.dir, &self.out);
        let result = if out.exists() {
            swap(dir, out).and_then(|()| {
                // `dir` now holds the previous output.
                std::fs::remove_dir_all(dir).doing("removing the previous output in", dir)
            })
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
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
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
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
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
