//! Watching the site's sources: `content/` (with `site.toml`), the site's
//! `themes/` and `transparency/`. Editors save in bursts (a temp file, a
//! rename, a backup), so events are gathered until the folder has been quiet
//! for a moment and then answered with one rebuild.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// The folders of a site whose changes change the output.
pub const WATCHED: &[&str] = &["content", "themes", "transparency"];

/// How long the sources must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(20);

/// The longest a burst of events may delay a rebuild.
pub const MAX_DELAY: Duration = Duration::from_millis(250);

/// A watcher of one site, re-attached when a watched folder is deleted and
/// made again (as `git checkout` or a sync tool may do).
pub struct SiteWatcher {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    /// Watched folder → its inode when it was attached.
    attached: BTreeMap<PathBuf, u64>,
}

impl SiteWatcher {
    /// Starts watching `root` (canonical).
    pub fn new(root: &Path) -> notify::Result<SiteWatcher> {
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        // The site folder itself, not recursively: to see the watched
        // folders appear and disappear without watching target/ or public/.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = SiteWatcher {
            root: root.to_path_buf(),
            watcher,
            rx,
            attached: BTreeMap::new(),
        };
        w.attach();
        Ok(w)
    }

    /// Watches each source folder that exists and is not watched yet (or
    /// was replaced by a new folder of the same name).
    fn attach(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            let ino = std::fs::metadata(&dir)
                .ok()
                .filter(|m| m.is_dir())
                .map(|m| m.ino());
            match (ino, self.attached.get(&dir).copied()) {
                (Some(now), Some(then)) if now == then => {}
                (Some(now), _) => {
                    let _ = self.watcher.unwatch(&dir);
                    match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                        Ok(()) => {
                            self.attached.insert(dir, now);
                        }
                        Err(e) => eprintln!(
                            "warning: cannot watch {}: {e}\n  = hint: changes there will not show until the preview is restarted",
                            dir.display()
                        ),
                    }
                }
                (None, Some(_)) => {
                    let _ = self.watcher.unwatch(&dir);
                    self.attached.remove(&dir);
                }
                (None, None) => {}
            }
        }
    }

    /// Blocks until the sources changed and then settled; returns the
    /// changed paths (relative to the site) and when the first change was
    /// seen. `None` when the watcher stopped.
    pub fn next_change(&mut self) -> Option<(Vec<PathBuf>, Instant)> {
        loop {
            let first = self.rx.recv().ok()?;
            let mut paths = Vec::new();
            if !self.relevant(first, &mut paths) {
                continue;
            }
            let started = Instant::now();
            loop {
                let left = MAX_DELAY.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                match self.rx.recv_timeout(QUIET.min(left)) {
                    Ok(e) => {
                        self.relevant(e, &mut paths);
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            self.attach();
            paths.sort();
            paths.dedup();
            return Some((paths, started));
        }
    }

    /// Whether an event may change the output; collects its paths.
    fn relevant(&self, event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) -> bool {
        let event = match event {
            Ok(e) => e,
            // Lost events (a queue overflow): rebuild to be safe.
            Err(_) => return true,
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        let mut any = event.need_rescan();
        for p in &event.paths {
            let Ok(rel) = p.strip_prefix(&self.root) else {
                continue;
            };
            let top = rel.components().next().and_then(|c| c.as_os_str().to_str());
            if !top.is_some_and(|t| WATCHED.contains(&t)) {
                continue;
            }
            if is_editor_noise(rel) {
                continue;
            }
            any = true;
            paths.push(rel.to_path_buf());
        }
        any
    }
}

/// Files editors write beside the real one while saving: swap files,
/// backups, lock files. They never change the output, so they never
/// trigger a rebuild (the rename onto the real file does).
fn is_editor_noise(rel: &Path) -> bool {
    let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with(".#")
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swpx")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_side_files_are_noise_and_real_files_are_not() {
        for noise in [
            "content/pages/a/.nl.md.swp",
            "content/pages/a/nl.md~",
            "content/pages/a/4913",
            "content/pages/a/.#nl.md",
            "content/pages/a/#nl.md#",
        ] {
            assert!(is_editor_noise(Path::new(noise)), "{noise}");
        }
        for real in [
            "content/pages/a/nl.md",
            "content/site.toml",
            "themes/x/static/style.css",
        ] {
            assert!(!is_editor_noise(Path::new(real)), "{real}");
        }
    }
}
