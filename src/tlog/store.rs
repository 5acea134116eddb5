//! The log's files on disk, laid out exactly as they are served: every write
//! goes to a temp file that is renamed into place, full tiles that a
//! checkpoint covers are never rewritten, and the checkpoint comes last, so an
//! interrupted publish leaves the previous log intact.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{Error, Result};
use super::tiles::{self, TILE_HEIGHT, Tile, TileSource};

/// File name of the signed checkpoint, below the log folder.
pub const CHECKPOINT_FILE: &str = "checkpoint";

/// A log folder: `checkpoint` plus `tile/…`.
#[derive(Debug, Clone)]
pub struct TileStore {
    dir: PathBuf,
}

impl TileStore {
    /// Opens (and creates, if needed) the log folder `dir`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<TileStore> {
        let dir = dir.into();
        fs::create_dir_all(&dir).map_err(|e| Error::io("creating log folder", &dir, e))?;
        Ok(TileStore { dir })
    }

    /// The log folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn tile_file(&self, path: &str) -> Result<PathBuf> {
        // Only canonical tile paths: nothing outside the folder can be named.
        Tile::parse_path(path)?;
        Ok(self.dir.join(path))
    }

    /// The signed checkpoint as stored, if there is one.
    pub fn read_checkpoint(&self) -> Result<Option<Vec<u8>>> {
        read_optional(&self.dir.join(CHECKPOINT_FILE), "reading checkpoint")
    }

    /// Replaces the checkpoint. Call only after every tile it covers is written.
    pub fn write_checkpoint(&self, note: &[u8]) -> Result<()> {
        write_atomic(&self.dir.join(CHECKPOINT_FILE), note)
    }

    /// Writes tiles. A full tile that already exists is left alone when its
    /// bytes are the same; when they differ, it is replaced only if no
    /// checkpoint covers it (`committed` is the size of the stored
    /// checkpoint), since it is then debris of an interrupted append.
    pub fn write_tiles(&self, tiles: &[(Tile, Vec<u8>)], committed: u64) -> Result<()> {
        for (tile, bytes) in tiles {
            let file = self.tile_file(&tile.path())?;
            if tile.is_full()
                && let Some(existing) = read_optional(&file, "reading tile")?
            {
                if &existing == bytes {
                    continue;
                }
                if covered(tile, committed) {
                    return Err(Error::Corrupt(format!(
                        "full tile {} is published and would change; a published log only grows",
                        tile.path()
                    )));
                }
            }
            write_atomic(&file, bytes)?;
        }
        Ok(())
    }

    /// Appends `entries` to the tree of `old` leaves: writes every new or
    /// grown tile. Does not touch the checkpoint.
    pub fn append<E: AsRef<[u8]>>(&self, old: u64, committed: u64, entries: &[E]) -> Result<()> {
        let written = tiles::append_tiles(self, old, entries)?;
        self.write_tiles(&written, committed)
    }
}

/// Whether a checkpoint of `size` leaves covers all of full tile `tile`.
fn covered(tile: &Tile, size: u64) -> bool {
    let span_bits = (u32::from(tile.level.unwrap_or(0)) + 1) * u32::from(TILE_HEIGHT);
    let end = (tile.index + 1)
        .checked_shl(span_bits)
        .filter(|e| e >> span_bits == tile.index + 1);
    end.is_some_and(|e| e <= size)
}

impl TileSource for TileStore {
    fn read_tile(&self, path: &str) -> Result<Option<Vec<u8>>> {
        read_optional(&self.tile_file(path)?, "reading tile")
    }
}

fn read_optional(path: &Path, action: &'static str) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(action, path, e)),
    }
}

/// Writes `bytes` to a temp file next to `path`, flushes it to disk and
/// renames it into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io("creating folder", parent, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(|e| Error::io("creating temp file", &tmp, e))?;
        f.write_all(bytes)
            .map_err(|e| Error::io("writing temp file", &tmp, e))?;
        f.sync_all()
            .map_err(|e| Error::io("flushing temp file", &tmp, e))?;
        fs::rename(&tmp, path).map_err(|e| Error::io("renaming temp file into", path, e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_of_full_tiles() {
        assert!(covered(&Tile::hashes(0, 0, 256), 256));
        assert!(!covered(&Tile::hashes(0, 0, 256), 255));
        assert!(covered(&Tile::hashes(1, 0, 256), 65536));
        assert!(!covered(&Tile::hashes(1, 0, 256), 65535));
        assert!(covered(&Tile::entries(1, 256), 512));
        assert!(!covered(&Tile::hashes(7, u64::MAX / 1000, 256), u64::MAX));
    }

    #[test]
    fn refuses_paths_outside_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = TileStore::open(dir.path()).unwrap();
        assert!(store.read_tile("../../etc/passwd").is_err());
        assert!(store.read_tile("tile/0/../../x").is_err());
        assert_eq!(store.read_tile("tile/0/000").unwrap(), None);
    }

    #[test]
    fn io_errors_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        fs::write(&file, b"x").unwrap();
        let err = TileStore::open(file.join("log")).unwrap_err().to_string();
        assert!(err.contains("creating log folder"), "{err}");
        assert!(err.contains("not-a-folder"), "{err}");
    }
}
