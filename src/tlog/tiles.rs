//! The C2SP tlog-tiles layout: which tiles a tree of a given size has, their
//! paths, their bytes, and how to read any node hash back out of them. The
//! layout is the spec's, so any tlog-tiles client can read our log.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use super::error::{Error, Result};
use super::merkle::{Hash, HashReader, leaf_hash, node_hash};

/// Tree levels covered by one tile.
pub const TILE_HEIGHT: u8 = 8;
/// Hashes (or entries) in a full tile.
pub const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;
/// Largest entry an entry bundle can hold (uint16 length prefix).
pub const MAX_ENTRY_LEN: usize = u16::MAX as usize;

/// One tile: `level` is the tile level (tree level `8 * level`), `index` its
/// position in that level, `width` the number of hashes or entries in it
/// (256 for a full tile, 1–255 for a partial one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tile {
    /// Tile level, or `None` for an entry bundle.
    pub level: Option<u8>,
    /// Index of the tile within its level.
    pub index: u64,
    /// Number of hashes or entries, 1..=256.
    pub width: u16,
}

impl Tile {
    /// A hash tile.
    pub fn hashes(level: u8, index: u64, width: u16) -> Self {
        Tile {
            level: Some(level),
            index,
            width,
        }
    }

    /// An entry bundle.
    pub fn entries(index: u64, width: u16) -> Self {
        Tile {
            level: None,
            index,
            width,
        }
    }

    /// Whether the tile holds all 256 hashes or entries.
    pub fn is_full(&self) -> bool {
        u64::from(self.width) == TILE_WIDTH
    }

    /// The tile's path below the log prefix: `tile/<L>/<N>[.p/<W>]` or
    /// `tile/entries/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        let level = match self.level {
            Some(l) => l.to_string(),
            None => "entries".to_string(),
        };
        let mut p = format!("tile/{level}/{}", encode_index(self.index));
        if !self.is_full() {
            p.push_str(&format!(".p/{}", self.width));
        }
        p
    }

    /// Parses a tile path as produced by [`Tile::path`]; anything else is an error.
    pub fn parse_path(path: &str) -> Result<Tile> {
        let bad = |why: &str| Error::tile(path, why);
        let rest = path
            .strip_prefix("tile/")
            .ok_or_else(|| bad("does not start with tile/"))?;
        let (level, rest) = rest.split_once('/').ok_or_else(|| bad("has no level"))?;
        let level = if level == "entries" {
            None
        } else {
            let l = parse_decimal(level)
                .filter(|l| *l <= 63)
                .ok_or_else(|| bad("bad level"))?;
            Some(l as u8)
        };
        let (index_part, width) = match rest.split_once(".p/") {
            Some((i, w)) => {
                let w = parse_decimal(w)
                    .filter(|w| (1..TILE_WIDTH).contains(w))
                    .ok_or_else(|| bad("bad partial width"))?;
                (i, w as u16)
            }
            None => (rest, TILE_WIDTH as u16),
        };
        let groups: Vec<&str> = index_part.split('/').collect();
        let mut index: u64 = 0;
        for (i, g) in groups.iter().enumerate() {
            let last = i + 1 == groups.len();
            let digits = if last {
                *g
            } else {
                g.strip_prefix('x')
                    .ok_or_else(|| bad("index group without x"))?
            };
            if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("index group is not 3 digits"));
            }
            let d: u64 = digits.parse().map_err(|_| bad("bad index"))?;
            index = index
                .checked_mul(1000)
                .and_then(|v| v.checked_add(d))
                .ok_or_else(|| bad("index too large"))?;
        }
        let tile = Tile {
            level,
            index,
            width,
        };
        if tile.path() != path {
            return Err(bad("not in canonical form"));
        }
        Ok(tile)
    }
}

fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// Encodes a tile index in zero-padded 3-digit groups, all but the last
/// prefixed with `x`: 1234067 → `x001/x234/067`.
pub fn encode_index(mut n: u64) -> String {
    let mut groups = vec![format!("{:03}", n % 1000)];
    n /= 1000;
    while n > 0 {
        groups.push(format!("x{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join("/")
}

/// Number of stored hashes at tile level `level` for a tree of `size` leaves.
fn count_at(size: u64, level: u8) -> u64 {
    let shift = u32::from(level) * u32::from(TILE_HEIGHT);
    size.checked_shr(shift).unwrap_or(0)
}

/// Width of tile `index` at tile `level` in a tree of `size` leaves, or
/// `None` when the tree has no such tile.
pub fn tile_width(size: u64, level: u8, index: u64) -> Option<u16> {
    let count = count_at(size, level);
    let start = index.checked_mul(TILE_WIDTH)?;
    if start >= count {
        return None;
    }
    Some((count - start).min(TILE_WIDTH) as u16)
}

/// Every hash tile of a tree of `size` leaves whose contents differ from the
/// tree of `old` leaves (all tiles when `old` is 0), lowest level first.
/// The entry bundles that change are the level-0 tiles with `level: None`.
pub fn changed_tiles(old: u64, size: u64) -> Vec<Tile> {
    let mut out = Vec::new();
    if size <= old {
        return out;
    }
    for level in 0..=7u8 {
        let (c_old, c_new) = (count_at(old, level), count_at(size, level));
        if c_new == c_old {
            break;
        }
        for index in c_old / TILE_WIDTH..c_new.div_ceil(TILE_WIDTH) {
            let width = (c_new - index * TILE_WIDTH).min(TILE_WIDTH) as u16;
            out.push(Tile::hashes(level, index, width));
        }
    }
    out
}

/// Every tile (hash tiles and entry bundles) that a tree of `size` leaves
/// is served as: hash tiles lowest level first, then the entry bundles.
///
/// Lazy, because `size` may come from a signed but hostile checkpoint: a
/// tree of 2^56 leaves has its root in one tile, yet 2^48 tiles at level
/// 0. A caller that fetches tiles in this order fails at the first missing
/// one instead of listing them all first.
pub fn tiles_for_size(size: u64) -> impl Iterator<Item = Tile> {
    let width = |count: u64, index: u64| (count - index * TILE_WIDTH).min(TILE_WIDTH) as u16;
    let hashes = (0..=7u8)
        .map(move |level| (level, count_at(size, level)))
        .take_while(|(_, count)| *count > 0)
        .flat_map(move |(level, count)| {
            (0..count.div_ceil(TILE_WIDTH))
                .map(move |index| Tile::hashes(level, index, width(count, index)))
        });
    hashes.chain(entry_bundles_for_size(size))
}

/// The entry bundles of a tree of `size` leaves, in order; lazy for the
/// same reason as [`tiles_for_size`].
pub fn entry_bundles_for_size(size: u64) -> impl Iterator<Item = Tile> {
    (0..size.div_ceil(TILE_WIDTH))
        .map(move |index| Tile::entries(index, (size - index * TILE_WIDTH).min(TILE_WIDTH) as u16))
}

/// Encodes hashes as tile bytes.
pub fn encode_hash_tile(hashes: &[Hash]) -> Vec<u8> {
    hashes.concat()
}

/// Decodes a hash tile of the expected width.
pub fn decode_hash_tile(tile: &Tile, bytes: &[u8]) -> Result<Vec<Hash>> {
    let want = usize::from(tile.width) * 32;
    if bytes.len() != want {
        return Err(Error::tile(
            &tile.path(),
            format!("is {} bytes, expected {want}", bytes.len()),
        ));
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| {
            let mut h = [0u8; 32];
            h.copy_from_slice(c);
            h
        })
        .collect())
}

/// Encodes entries as an entry bundle: each entry prefixed with its length
/// as a big-endian uint16.
pub fn encode_entry_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for (position, e) in entries.iter().enumerate() {
        let e = e.as_ref();
        let len = u16::try_from(e.len()).map_err(|_| Error::EntryTooLarge {
            position,
            len: e.len(),
        })?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(out)
}

/// Decodes an entry bundle, which must hold exactly `tile.width` entries.
pub fn decode_entry_bundle(tile: &Tile, bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(usize::from(tile.width));
    let mut rest = bytes;
    while !rest.is_empty() {
        let [a, b, tail @ ..] = rest else {
            return Err(Error::tile(&tile.path(), "truncated length prefix"));
        };
        let len = usize::from(u16::from_be_bytes([*a, *b]));
        if tail.len() < len {
            return Err(Error::tile(&tile.path(), "truncated entry"));
        }
        out.push(tail[..len].to_vec());
        rest = &tail[len..];
    }
    if out.len() != usize::from(tile.width) {
        return Err(Error::tile(
            &tile.path(),
            format!("holds {} entries, expected {}", out.len(), tile.width),
        ));
    }
    Ok(out)
}

/// Merkle root of a power-of-two run of hashes (a full tile, or an aligned
/// part of one).
pub(crate) fn subtree_root(hashes: &[Hash]) -> Hash {
    debug_assert!(hashes.len().is_power_of_two(), "bug: subtree of odd width");
    let mut row: Vec<Hash> = hashes.to_vec();
    while row.len() > 1 {
        row = row
            .chunks_exact(2)
            .map(|p| node_hash(&p[0], &p[1]))
            .collect();
    }
    row[0]
}

/// Where tiles are read from: a folder, a map in memory, or a verifier's
/// download cache. Paths are relative to the log prefix (`tile/0/000`).
pub trait TileSource {
    /// The bytes stored at `path`, or `None` if there is nothing there.
    fn read_tile(&self, path: &str) -> Result<Option<Vec<u8>>>;
}

/// Tiles held in memory, keyed by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryTiles(pub BTreeMap<String, Vec<u8>>);

impl TileSource for MemoryTiles {
    fn read_tile(&self, path: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.0.get(path).cloned())
    }
}

impl<S: TileSource + ?Sized> TileSource for &S {
    fn read_tile(&self, path: &str) -> Result<Option<Vec<u8>>> {
        (**self).read_tile(path)
    }
}

pub(crate) fn fetch<S: TileSource + ?Sized>(src: &S, tile: &Tile) -> Result<Vec<u8>> {
    let path = tile.path();
    src.read_tile(&path)?.ok_or(Error::MissingTile { path })
}

/// Decoded hash tiles a [`TileHashReader`] keeps at most (8 KiB each).
const CACHED_TILES: usize = 1024;

/// Reads node hashes of the tree of `size` leaves out of its tiles, caching
/// the tiles it reads (a bounded number). Nothing read is trusted: verify what you compute
/// against a signed checkpoint.
pub struct TileHashReader<S> {
    source: S,
    size: u64,
    cache: RefCell<HashMap<Tile, Vec<Hash>>>,
}

impl<S: TileSource> TileHashReader<S> {
    /// A reader for the tree of `size` leaves.
    pub fn new(source: S, size: u64) -> Self {
        TileHashReader {
            source,
            size,
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// The tree size this reader reads.
    pub fn size(&self) -> u64 {
        self.size
    }

    fn tile_hashes(&self, tile: Tile) -> Result<Vec<Hash>> {
        if let Some(h) = self.cache.borrow().get(&tile) {
            return Ok(h.clone());
        }
        let bytes = fetch(&self.source, &tile)?;
        let hashes = decode_hash_tile(&tile, &bytes)?;
        let mut cache = self.cache.borrow_mut();
        // Bounded, so reading a whole log of any size (audit, verify) takes
        // the same memory: when full, the cache starts again.
        if cache.len() >= CACHED_TILES {
            cache.clear();
        }
        cache.insert(tile, hashes.clone());
        Ok(hashes)
    }
}

impl<S: TileSource> HashReader for TileHashReader<S> {
    fn node_hash(&self, level: u8, index: u64) -> Result<Hash> {
        let out_of_tree = || {
            Error::OutOfRange(format!(
                "node ({level}, {index}) is not in a tree of size {}",
                self.size
            ))
        };
        // The node must be a complete subtree of this tree.
        let end = index
            .checked_add(1)
            .and_then(|e| e.checked_shl(u32::from(level)))
            .filter(|e| e >> level == index + 1)
            .ok_or_else(out_of_tree)?;
        if level >= 64 || end > self.size {
            return Err(out_of_tree());
        }
        let tile_level = level / TILE_HEIGHT;
        let sub = level % TILE_HEIGHT;
        let first = index << sub; // first stored hash at tree level 8 * tile_level
        let count = 1usize << sub;
        let tile_index = first / TILE_WIDTH;
        let offset = (first % TILE_WIDTH) as usize;
        let width = tile_width(self.size, tile_level, tile_index).ok_or_else(out_of_tree)?;
        let hashes = self.tile_hashes(Tile::hashes(tile_level, tile_index, width))?;
        let run = hashes.get(offset..offset + count).ok_or_else(out_of_tree)?;
        Ok(subtree_root(run))
    }
}

/// Reads entry `index` of the tree of `size` leaves from its entry bundle.
pub fn read_entry<S: TileSource + ?Sized>(src: &S, size: u64, index: u64) -> Result<Vec<u8>> {
    let bundle = index / TILE_WIDTH;
    let width = tile_width(size, 0, bundle)
        .filter(|_| index < size)
        .ok_or_else(|| {
            Error::OutOfRange(format!("entry {index} is not in a tree of size {size}"))
        })?;
    let tile = Tile::entries(bundle, width);
    let entries = decode_entry_bundle(&tile, &fetch(src, &tile)?)?;
    Ok(entries[(index % TILE_WIDTH) as usize].clone())
}

/// The tiles to write when appending `entries` to a tree of `old` leaves
/// whose tiles `src` holds: every new or grown hash tile and entry bundle,
/// with its bytes. Reads at most one partial tile per level.
pub fn append_tiles<S, E>(src: &S, old: u64, entries: &[E]) -> Result<Vec<(Tile, Vec<u8>)>>
where
    S: TileSource + ?Sized,
    E: AsRef<[u8]>,
{
    let mut out = Vec::new();
    if entries.is_empty() {
        return Ok(out);
    }
    let new = old
        .checked_add(entries.len() as u64)
        .ok_or_else(|| Error::OutOfRange("the log cannot grow that large".into()))?;

    // Entry bundles.
    let first = old / TILE_WIDTH;
    let prefix = (old % TILE_WIDTH) as u16;
    let mut bundle: Vec<Vec<u8>> = if prefix > 0 {
        let t = Tile::entries(first, prefix);
        decode_entry_bundle(&t, &fetch(src, &t)?)?
    } else {
        Vec::new()
    };
    for (position, e) in entries.iter().enumerate() {
        if e.as_ref().len() > MAX_ENTRY_LEN {
            return Err(Error::EntryTooLarge {
                position,
                len: e.as_ref().len(),
            });
        }
    }
    bundle.extend(entries.iter().map(|e| e.as_ref().to_vec()));
    for (i, chunk) in bundle.chunks(TILE_WIDTH as usize).enumerate() {
        let t = Tile::entries(first + i as u64, chunk.len() as u16);
        out.push((t, encode_entry_bundle(chunk)?));
    }

    // Hash tiles, level by level: every tile that becomes full contributes
    // one new hash to the level above.
    let mut fresh: Vec<Hash> = entries.iter().map(|e| leaf_hash(e.as_ref())).collect();
    let mut start = old; // index of fresh[0] at this tile level
    let mut level = 0u8;
    while !fresh.is_empty() {
        let first = start / TILE_WIDTH;
        let prefix = (start % TILE_WIDTH) as u16;
        let mut row: Vec<Hash> = if prefix > 0 {
            let t = Tile::hashes(level, first, prefix);
            decode_hash_tile(&t, &fetch(src, &t)?)?
        } else {
            Vec::new()
        };
        row.extend_from_slice(&fresh);
        let mut next = Vec::new();
        for (i, chunk) in row.chunks(TILE_WIDTH as usize).enumerate() {
            let t = Tile::hashes(level, first + i as u64, chunk.len() as u16);
            out.push((t, encode_hash_tile(chunk)));
            if t.is_full() {
                next.push(subtree_root(chunk));
            }
        }
        fresh = next;
        start = first;
        level += 1;
    }
    debug_assert_eq!(
        out.iter().filter(|(t, _)| t.level.is_some()).count(),
        changed_tiles(old, new).len(),
        "bug: appended tiles differ from the changed-tile plan"
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tlog::merkle::{MemoryTree, tree_root};

    #[test]
    fn paths_follow_the_spec() {
        assert_eq!(encode_index(1234067), "x001/x234/067");
        assert_eq!(encode_index(0), "000");
        assert_eq!(encode_index(1000), "x001/000");
        assert_eq!(Tile::hashes(0, 0, 256).path(), "tile/0/000");
        assert_eq!(
            Tile::hashes(1, 1234067, 7).path(),
            "tile/1/x001/x234/067.p/7"
        );
        assert_eq!(Tile::entries(5, 256).path(), "tile/entries/005");
        assert_eq!(Tile::entries(5, 1).path(), "tile/entries/005.p/1");
        for p in [
            "tile/0/000",
            "tile/1/x001/x234/067.p/7",
            "tile/entries/005.p/255",
            "tile/63/x018/x446/x744/x073/x709/x551/615",
        ] {
            assert_eq!(Tile::parse_path(p).unwrap().path(), p);
        }
        for bad in [
            "tile/0/0",
            "tile/0/001/002",
            "tile/00/000",
            "tile/64/000",
            "tile/0/000.p/0",
            "tile/0/000.p/256",
            "tile/0/000.p/07",
            "tile/0/x000/001",
            "tile/x/000",
            "tiles/0/000",
            "tile/0/x018/x446/x744/x073/x709/x551/616",
        ] {
            assert!(Tile::parse_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tile_shapes_match_the_spec_example() {
        // A tree of 70,000: 273 full level-0 tiles, a partial of 112, one
        // full level-1 tile, a partial of 17, a partial level-2 tile of 1.
        let tiles = changed_tiles(0, 70_000);
        let l0: Vec<_> = tiles.iter().filter(|t| t.level == Some(0)).collect();
        assert_eq!(l0.len(), 274);
        assert_eq!(l0.iter().filter(|t| t.is_full()).count(), 273);
        assert_eq!(l0.last().unwrap().width, 112);
        let l1: Vec<_> = tiles.iter().filter(|t| t.level == Some(1)).collect();
        assert_eq!(l1.iter().map(|t| t.width).collect::<Vec<_>>(), [256, 17]);
        let l2: Vec<_> = tiles.iter().filter(|t| t.level == Some(2)).collect();
        assert_eq!(l2.iter().map(|t| t.width).collect::<Vec<_>>(), [1]);
        assert_eq!(tiles.len(), 274 + 2 + 1);
        // 256 leaves: one full level-0 tile and a level-1 tile of width 1.
        let t256 = changed_tiles(0, 256);
        assert_eq!(t256, [Tile::hashes(0, 0, 256), Tile::hashes(1, 0, 1)]);
        assert!(changed_tiles(5, 5).is_empty());
        assert_eq!(changed_tiles(256, 257), [Tile::hashes(0, 1, 1)]);
    }

    #[test]
    fn tiles_for_size_lists_hash_tiles_then_bundles_lazily() {
        let all: Vec<Tile> = tiles_for_size(70_000).collect();
        let hashes = changed_tiles(0, 70_000);
        assert_eq!(all[..hashes.len()], hashes[..]);
        let bundles: Vec<Tile> = hashes
            .iter()
            .filter(|t| t.level == Some(0))
            .map(|t| Tile::entries(t.index, t.width))
            .collect();
        assert_eq!(all[hashes.len()..], bundles[..]);
        assert_eq!(tiles_for_size(0).count(), 0);
        // A hostile checkpoint's size: the first tiles come at once, without
        // listing the 2^48 tiles of level 0 first.
        let first: Vec<Tile> = tiles_for_size(1 << 56).take(2).collect();
        assert_eq!(first, [Tile::hashes(0, 0, 256), Tile::hashes(0, 1, 256)]);
    }

    #[test]
    fn entry_bundles_round_trip_and_reject_garbage() {
        let entries = vec![b"".to_vec(), b"a".to_vec(), vec![7u8; 300]];
        let bytes = encode_entry_bundle(&entries).unwrap();
        assert_eq!(&bytes[..5], &[0, 0, 0, 1, b'a']);
        let t = Tile::entries(0, 3);
        assert_eq!(decode_entry_bundle(&t, &bytes).unwrap(), entries);
        assert!(decode_entry_bundle(&t, &bytes[..bytes.len() - 1]).is_err());
        assert!(decode_entry_bundle(&Tile::entries(0, 2), &bytes).is_err());
        assert!(encode_entry_bundle(&[vec![0u8; 65_536]]).is_err());
        assert!(decode_hash_tile(&Tile::hashes(0, 0, 2), &[0u8; 63]).is_err());
    }

    fn apply(tiles: &mut MemoryTiles, written: Vec<(Tile, Vec<u8>)>) {
        for (t, b) in written {
            let path = t.path();
            if t.is_full()
                && let Some(existing) = tiles.0.get(&path)
            {
                assert_eq!(existing, &b, "full tile {path} rewritten with other bytes");
            }
            tiles.0.insert(path, b);
        }
    }

    fn entries(range: std::ops::Range<u64>) -> Vec<Vec<u8>> {
        range.map(|i| format!("e{i}").into_bytes()).collect()
    }

    #[test]
    fn batched_appends_equal_one_shot_and_read_back() {
        let batches = [1u64, 255, 256, 257, 1000, 3, 65536 - 1768 + 1, 300];
        let total: u64 = batches.iter().sum();
        let mut reference = MemoryTree::new();
        for e in entries(0..total) {
            reference.push(&e);
        }
        let mut one_shot = MemoryTiles::default();
        let all = append_tiles(&one_shot, 0, &entries(0..total)).unwrap();
        apply(&mut one_shot, all);

        let mut batched = MemoryTiles::default();
        let mut size = 0;
        for b in batches {
            let w = append_tiles(&batched, size, &entries(size..size + b)).unwrap();
            apply(&mut batched, w);
            size += b;
            let reader = TileHashReader::new(&batched, size);
            assert_eq!(
                tree_root(&reader, size).unwrap(),
                tree_root(&reference, size).unwrap(),
                "size {size}"
            );
        }
        // Every tile of the final tree is byte-identical to the one-shot build.
        for t in tiles_for_size(total) {
            assert_eq!(
                batched.0.get(&t.path()),
                one_shot.0.get(&t.path()),
                "{}",
                t.path()
            );
            assert!(one_shot.0.contains_key(&t.path()), "{} missing", t.path());
        }
        // Every node the tree has reads back the same from tiles.
        let reader = TileHashReader::new(&one_shot, total);
        for level in 0..18u8 {
            let n = total >> level;
            for index in [0, n / 2, n.saturating_sub(1)] {
                if n > 0 {
                    assert_eq!(
                        reader.node_hash(level, index).unwrap(),
                        reference.node_hash(level, index).unwrap(),
                        "node ({level}, {index})"
                    );
                }
            }
        }
        assert!(reader.node_hash(0, total).is_err());
        assert!(reader.node_hash(63, 0).is_err());
        assert!(reader.node_hash(200, 0).is_err());
        assert!(reader.node_hash(1, u64::MAX).is_err());
        assert_eq!(read_entry(&one_shot, total, 1000).unwrap(), b"e1000");
        assert!(read_entry(&one_shot, total, total).is_err());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(32))]

            #[test]
            fn any_batching_gives_the_same_tiles(batches in proptest::collection::vec(1u64..700, 1..6)) {
                let total: u64 = batches.iter().sum();
                let mut one_shot = MemoryTiles::default();
                let all = append_tiles(&one_shot, 0, &entries(0..total)).unwrap();
                apply(&mut one_shot, all);
                let mut batched = MemoryTiles::default();
                let mut size = 0;
                for b in batches {
                    let w = append_tiles(&batched, size, &entries(size..size + b)).unwrap();
                    apply(&mut batched, w);
                    size += b;
                }
                for t in tiles_for_size(total) {
                    prop_assert_eq!(batched.0.get(&t.path()), one_shot.0.get(&t.path()));
                }
            }

            #[test]
            fn random_tiles_never_panic(
                size in 0u64..2000,
                bytes in proptest::collection::vec(any::<u8>(), 0..600),
                level in any::<u8>(),
                index in any::<u64>(),
                path in "\\PC{0,40}",
            ) {
                let _ = Tile::parse_path(&path);
                let _ = decode_entry_bundle(&Tile::entries(0, 3), &bytes);
                let _ = decode_hash_tile(&Tile::hashes(0, 0, 3), &bytes);
                // Every tile of the tree holds the same random bytes.
                let mut src = MemoryTiles::default();
                for t in tiles_for_size(size) {
                    src.0.insert(t.path(), bytes.clone());
                }
                let reader = TileHashReader::new(&src, size);
                let _ = reader.node_hash(level, index);
                let _ = tree_root(&reader, size);
                let _ = read_entry(&src, size, index % (size + 1));
                let _ = append_tiles(&src, size, &[b"x"]);
            }
        }
    }
}
