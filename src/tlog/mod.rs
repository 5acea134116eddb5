//! The transparency log: an append-only RFC 6962 Merkle tree of published
//! artifacts, stored as C2SP tlog-tiles with a C2SP signed-note checkpoint,
//! so that any static host can serve it and anyone can check it.
//!
//! Writing: [`Log::open`] a folder, [`Log::append`] entries, then
//! [`Log::checkpoint`] to sign and publish the new size. Nothing is
//! published until the checkpoint is written; it is always written last.
//!
//! Verifying downloaded files: [`verify_checkpoint`] on the `checkpoint`
//! note, then [`verify_tree`], [`verify_entry`] and [`verify_consistency`]
//! on the tiles, through any [`TileSource`].

pub mod checkpoint;
mod error;
pub mod merkle;
pub mod note;
pub mod store;
pub mod tiles;

pub use checkpoint::Checkpoint;
pub use error::{Error, Result};
pub use merkle::{EMPTY_ROOT, Hash, HashReader, leaf_hash};
pub use note::{Signer, Verifier};
pub use store::TileStore;
pub use tiles::{MemoryTiles, Tile, TileHashReader, TileSource};

use std::path::PathBuf;

/// A log folder opened for appending.
#[derive(Debug)]
pub struct Log {
    store: TileStore,
    origin: String,
    size: u64,
    committed: u64,
}

impl Log {
    /// Opens the log in `dir` (created if missing) for the log named
    /// `origin`. The size is recovered from the stored checkpoint, whose
    /// origin must match and whose root must match the tiles; tiles beyond
    /// it (left by an interrupted append) are ignored and overwritten.
    pub fn open(dir: impl Into<PathBuf>, origin: &str) -> Result<Log> {
        if origin.is_empty() || origin.contains('\n') {
            return Err(Error::MalformedCheckpoint(format!(
                "origin {origin:?} must be one non-empty line"
            )));
        }
        let store = TileStore::open(dir)?;
        let mut size = 0;
        if let Some(bytes) = store.read_checkpoint()? {
            let (text, _) = note::split(&bytes)?;
            let cp = Checkpoint::parse(text)?;
            if cp.origin != origin {
                return Err(Error::OriginMismatch {
                    expected: origin.to_string(),
                    found: cp.origin,
                });
            }
            let root = merkle::tree_root(&TileHashReader::new(&store, cp.size), cp.size)?;
            if root != cp.root {
                return Err(Error::Corrupt(format!(
                    "the tiles in {} do not produce the root of the checkpoint (size {})",
                    store.dir().display(),
                    cp.size
                )));
            }
            size = cp.size;
        }
        Ok(Log {
            store,
            origin: origin.to_string(),
            size,
            committed: size,
        })
    }

    /// The log's origin line.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Number of entries, including those appended since the last checkpoint.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Number of entries covered by the stored checkpoint.
    pub fn committed_size(&self) -> u64 {
        self.committed
    }

    /// The storage folder.
    pub fn store(&self) -> &TileStore {
        &self.store
    }

    fn reader(&self) -> TileHashReader<&TileStore> {
        TileHashReader::new(&self.store, self.size)
    }

    /// Root hash of the first `size` entries (`size <= self.size()`).
    pub fn root_at(&self, size: u64) -> Result<Hash> {
        self.check_size(size)?;
        merkle::tree_root(&self.reader(), size)
    }

    /// Root hash of the whole log.
    pub fn root(&self) -> Result<Hash> {
        self.root_at(self.size)
    }

    /// Appends entries (at most 65,535 bytes each) and returns their
    /// indexes. The tiles are written at once; publish them with
    /// [`Log::checkpoint`].
    pub fn append<E: AsRef<[u8]>>(&mut self, entries: &[E]) -> Result<Vec<u64>> {
        self.store.append(self.size, self.committed, entries)?;
        let first = self.size;
        self.size += entries.len() as u64;
        Ok((first..self.size).collect())
    }

    /// Signs a checkpoint for the current size with `signer`, writes it as
    /// the `checkpoint` file (last, after all tiles), and returns the note.
    pub fn checkpoint(&mut self, signer: &Signer) -> Result<Vec<u8>> {
        let cp = Checkpoint::new(&self.origin, self.size, self.root()?);
        let signed = note::sign(&cp.to_text(), &[signer])?;
        self.store.write_checkpoint(&signed)?;
        self.committed = self.size;
        Ok(signed)
    }

    /// The entry at `index`.
    pub fn entry(&self, index: u64) -> Result<Vec<u8>> {
        tiles::read_entry(&self.store, self.size, index)
    }

    /// Inclusion proof of entry `index` in the tree of `size` entries.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>> {
        self.check_size(size)?;
        merkle::inclusion_proof(&self.reader(), index, size)
    }

    /// Consistency proof from the tree of `old` entries to that of `new`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>> {
        self.check_size(new)?;
        merkle::consistency_proof(&self.reader(), old, new)
    }

    fn check_size(&self, size: u64) -> Result<()> {
        if size > self.size {
            return Err(Error::OutOfRange(format!(
                "tree size {size} is larger than the log ({})",
                self.size
            )));
        }
        Ok(())
    }
}

/// Opens a downloaded checkpoint note: it must carry a valid signature by
/// one of `verifiers` and name `origin`.
pub fn verify_checkpoint(
    note_bytes: &[u8],
    origin: &str,
    verifiers: &[Verifier],
) -> Result<Checkpoint> {
    let n = note::open(note_bytes, verifiers)?;
    let cp = Checkpoint::parse(&n.text)?;
    if cp.origin != origin {
        return Err(Error::OriginMismatch {
            expected: origin.to_string(),
            found: cp.origin,
        });
    }
    Ok(cp)
}

/// Checks that the tiles in `src` produce the root of `cp`.
pub fn verify_tree<S: TileSource>(src: S, cp: &Checkpoint) -> Result<()> {
    let root = merkle::tree_root(&TileHashReader::new(src, cp.size), cp.size)?;
    if root != cp.root {
        return Err(Error::ProofFailed(format!(
            "the tiles do not produce the checkpoint's root for size {}",
            cp.size
        )));
    }
    Ok(())
}

/// Checks every tile and entry bundle of the tree of `cp` in `src`: the
/// tiles produce the checkpoint's root, every full tile hashes to its entry
/// in the tile above, and every entry hashes to its leaf. Reads every tile
/// once; use it to audit a whole published log.
pub fn audit_tiles<S: TileSource>(src: S, cp: &Checkpoint) -> Result<()> {
    verify_tree(&src, cp)?;
    let reader = TileHashReader::new(&src, cp.size);
    for t in tiles::tiles_for_size(cp.size) {
        let bytes = tiles::fetch(&src, &t)?;
        let mismatch = || {
            Error::ProofFailed(format!(
                "{} does not match the tree of the checkpoint (size {})",
                t.path(),
                cp.size
            ))
        };
        match t.level {
            None => {
                let bundle = tiles::decode_entry_bundle(&t, &bytes)?;
                for (i, e) in bundle.iter().enumerate() {
                    let index = t.index * tiles::TILE_WIDTH + i as u64;
                    if reader.node_hash(0, index)? != leaf_hash(e) {
                        return Err(mismatch());
                    }
                }
            }
            Some(level) if t.is_full() => {
                let hashes = tiles::decode_hash_tile(&t, &bytes)?;
                let parent = reader.node_hash((level + 1) * tiles::TILE_HEIGHT, t.index)?;
                if tiles::subtree_root(&hashes) != parent {
                    return Err(mismatch());
                }
            }
            // Partial tiles are all read when computing the root.
            Some(_) => {}
        }
    }
    Ok(())
}

/// Reads entry `index` from the entry bundles in `src` and proves it is in
/// the tree of `cp`, using the hash tiles. Returns the entry.
pub fn verify_entry<S: TileSource>(src: S, cp: &Checkpoint, index: u64) -> Result<Vec<u8>> {
    let entry = tiles::read_entry(&src, cp.size, index)?;
    let proof = merkle::inclusion_proof(&TileHashReader::new(&src, cp.size), index, cp.size)?;
    merkle::verify_inclusion(&leaf_hash(&entry), index, cp.size, &proof, &cp.root)?;
    Ok(entry)
}

/// Checks that the tree of `old` (a checkpoint seen earlier) is a prefix of
/// the tree of `new`, using the hash tiles of `new` in `src`.
pub fn verify_consistency<S: TileSource>(src: S, old: &Checkpoint, new: &Checkpoint) -> Result<()> {
    if old.origin != new.origin {
        return Err(Error::OriginMismatch {
            expected: old.origin.clone(),
            found: new.origin.clone(),
        });
    }
    if old.size > new.size {
        return Err(Error::ProofFailed(format!(
            "the log shrank from {} to {} entries",
            old.size, new.size
        )));
    }
    let proof = merkle::consistency_proof(&TileHashReader::new(src, new.size), old.size, new.size)?;
    merkle::verify_consistency(old.size, new.size, &old.root, &new.root, &proof)
}

#[cfg(test)]
mod tests;
