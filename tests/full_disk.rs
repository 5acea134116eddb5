//! A build into a disk that fills up: a clear error naming what was being
//! written where, exit status 2, and the previous output as it was, with
//! nothing of the unfinished build left on the disk.
//!
//! Needs Linux and the right to mount (root in CI): the disk is a 2 MiB
//! tmpfs. Where mounting is not allowed the test says so and passes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted for the test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount_tmpfs(dir: &Path, size: &str) -> Option<Tmpfs> {
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| Tmpfs(dir.to_path_buf()))
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn build(site: &Path, out: &Path, as_of: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_policypress"))
        .arg("build")
        .arg("--site")
        .arg(site)
        .arg("--out")
        .arg(out)
        .arg("--as-of")
        .arg(as_of)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_leaves_the_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let disk = tmp.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let Some(_mounted) = mount_tmpfs(&disk, "2m") else {
        eprintln!(
            "SKIPPED a_full_disk_leaves_the_previous_output_intact: mounting a tmpfs is not permitted here (needs root on Linux)"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = disk.join("public");

    // The previous output: a small site (under 1 MiB) that fits.
    let first = build(&root.join("tests/fixtures/basic"), &out, "2025-03-01");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = tree(&out);

    // The example site needs more than the 2 MiB disk holds.
    let o = build(root, &out, "2026-11-25");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    let error = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line in: {stderr}"));
    assert!(
        error.starts_with("error: writing ") || error.starts_with("error: creating the folder "),
        "the error says what was being done: {error}"
    );
    assert!(
        error.contains(&disk.display().to_string()),
        "the error names the path: {error}"
    );
    assert!(
        error.contains("No space left on device"),
        "the error says why: {error}"
    );
    assert!(
        stderr.contains("hint: the previous output was left as it was")
            && stderr.contains("free some space"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    assert!(tree(&out) == before, "the previous output was changed");
    let left: Vec<_> = std::fs::read_dir(&disk)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("public")],
        "the unfinished build was left on the disk"
    );
}
