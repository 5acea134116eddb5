//! Writing the output folder so that it is always either the complete old
//! site or the complete new one: the new site is written beside it, then the
//! two are swapped in one step. A failed build leaves the old output as it was.

use std::path::{Path, PathBuf};

use crate::diag::{IoContext, IoFailure};
use crate::render::OutputFile;

/// Writes `files` as the new content of `out`.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), IoFailure> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).doing("creating the folder", parent)?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.new"));
    let old = parent.join(format!(".{name}.old"));
    recover(out, &old)?;
    if staging.exists() {
        std::fs::remove_dir_all(&staging).doing("removing an unfinished build in", &staging)?;
    }
    std::fs::create_dir(&staging).doing("creating the folder", &staging)?;
    if let Err(e) = write_files(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        swap(&staging, out)?;
        // `staging` now holds the previous output.
        std::fs::remove_dir_all(&staging).doing("removing the previous output in", &staging)?;
    } else {
        std::fs::rename(&staging, out).doing("moving the new output into place at", out)?;
    }
    Ok(())
}

/// Writes files into a fresh folder: each directory is created once.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> Result<(), IoFailure> {
    let mut made: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    for f in files {
        let path = dir.join(&f.path);
        if let Some(p) = path.parent()
            && !made.contains(p)
        {
            std::fs::create_dir_all(p).doing("creating the folder", p)?;
            made.insert(p.to_path_buf());
        }
        std::fs::write(&path, &f.bytes).doing("writing", &path)?;
    }
    Ok(())
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
