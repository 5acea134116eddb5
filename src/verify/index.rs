//! The log's index (`index.json`) as verify reads it: as a stream, one
//! entry at a time, each written to a temporary file as it is read. The
//! index lists every entry of the log, so holding it parsed would make
//! verify's memory grow with the log; what stays in memory is where every
//! [`BLOCK`]th entry starts in that file (8 bytes per block), and the key
//! transitions, which decide the keys before anything else is checked.

use std::cell::Cell;
use std::fmt;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::rc::Rc;
use std::sync::Mutex;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::transparency::IndexEntry;

/// Entries per block: one entry bundle's worth, the unit verify reads.
pub(super) const BLOCK: u64 = crate::tlog::tiles::TILE_WIDTH;

/// The most bytes one entry of the index (or its schema and origin) may
/// take: an entry names an artifact and a bundle, so a few hundred bytes
/// are usual; more is a hostile index trying to make verify hold it.
const MAX_ENTRY_BYTES: u64 = 64 << 10;

/// The most key transitions an index may list: each is read before the
/// log is checked, and a log rotates its keys a handful of times.
pub(super) const MAX_KEY_TRANSITIONS: usize = 1024;

/// An index read and kept on disk.
pub(super) struct IndexFile {
    pub schema: String,
    pub origin: String,
    /// How many entries it lists.
    pub len: u64,
    /// The entries that say they seal a key transition, in order.
    pub key_transitions: Vec<IndexEntry>,
    /// Where each block of entries starts in `file`.
    blocks: Vec<u64>,
    file: Mutex<BufReader<std::fs::File>>,
}

impl fmt::Debug for IndexFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IndexFile")
            .field("origin", &self.origin)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// Counts the bytes read since the last reset, and refuses more than
/// [`MAX_ENTRY_BYTES`] of them.
struct Budget<R> {
    inner: R,
    used: Rc<Cell<u64>>,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.used.set(self.used.get() + n as u64);
        if self.used.get() > MAX_ENTRY_BYTES {
            return Err(std::io::Error::other(format!(
                "an entry of more than {MAX_ENTRY_BYTES} bytes"
            )));
        }
        Ok(n)
    }
}

/// Where the entries go as they are read.
struct Sink {
    out: BufWriter<std::fs::File>,
    written: u64,
    len: u64,
    blocks: Vec<u64>,
    key_transitions: Vec<IndexEntry>,
    used: Rc<Cell<u64>>,
    max: u64,
}

impl Sink {
    fn take(&mut self, e: IndexEntry) -> Result<(), String> {
        if self.len >= self.max {
            return Err(format!(
                "it lists more than the {} entries verify reads (--max-entries)",
                self.max
            ));
        }
        if self.len.is_multiple_of(BLOCK) {
            self.blocks.push(self.written);
        }
        let mut line = serde_json::to_vec(&e).map_err(|e| e.to_string())?;
        line.push(b'\n');
        self.out
            .write_all(&line)
            .map_err(|e| format!("writing a temporary file: {e}"))?;
        self.written += line.len() as u64;
        if e.kind == "key-transition" {
            if self.key_transitions.len() >= MAX_KEY_TRANSITIONS {
                return Err(format!(
                    "it lists more than {MAX_KEY_TRANSITIONS} key transitions"
                ));
            }
            self.key_transitions.push(e);
        }
        self.len += 1;
        self.used.set(0);
        Ok(())
    }
}

/// The index's fields, as `Index` has them (no other field, none twice).
const FIELDS: &[&str] = &["schema", "origin", "entries"];

impl<'de> DeserializeSeed<'de> for &mut Sink {
    type Value = (String, String);
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_struct("Index", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for &mut Sink {
    type Value = (String, String);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct Index")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut schema, mut origin, mut entries) = (None, None, false);
        while let Some(k) = map.next_key::<String>()? {
            match k.as_str() {
                "schema" if schema.is_none() => schema = Some(map.next_value::<String>()?),
                "origin" if origin.is_none() => origin = Some(map.next_value::<String>()?),
                "entries" if !entries => {
                    map.next_value_seed(Entries(&mut *self))?;
                    entries = true;
                }
                "schema" | "origin" | "entries" => return Err(de::Error::duplicate_field("field")),
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        let schema = schema.ok_or_else(|| de::Error::missing_field("schema"))?;
        let origin = origin.ok_or_else(|| de::Error::missing_field("origin"))?;
        if !entries {
            return Err(de::Error::missing_field("entries"));
        }
        Ok((schema, origin))
    }
}

struct Entries<'a>(&'a mut Sink);

impl<'de> DeserializeSeed<'de> for Entries<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element::<IndexEntry>()? {
            self.0.take(e).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// The index of `entries` under a test origin, as verify reads it.
#[cfg(test)]
pub(super) fn of_entries(entries: Vec<IndexEntry>, max: u64) -> IndexFile {
    let bytes = crate::transparency::Index {
        schema: crate::transparency::INDEX_SCHEMA.into(),
        origin: "o".into(),
        entries,
    }
    .to_bytes();
    IndexFile::read(&bytes[..], max).expect("bug: a test index reads")
}

impl IndexFile {
    /// Reads an index of at most `max` entries from `from`, entry by
    /// entry. The error says what is wrong with it (it completes
    /// "index.json is unreadable: …").
    pub(super) fn read(from: impl Read, max: u64) -> Result<IndexFile, String> {
        let file = super::spill::temp().map_err(|e| format!("creating a temporary file: {e}"))?;
        let used = Rc::new(Cell::new(0));
        let mut sink = Sink {
            out: BufWriter::new(
                file.try_clone()
                    .map_err(|e| format!("opening a temporary file: {e}"))?,
            ),
            written: 0,
            len: 0,
            blocks: Vec::new(),
            key_transitions: Vec::new(),
            used: used.clone(),
            max,
        };
        let reader = BufReader::new(Budget {
            inner: from,
            used: used.clone(),
        });
        let mut de = serde_json::Deserializer::from_reader(reader);
        let (schema, origin) = (&mut sink)
            .deserialize(&mut de)
            .map_err(|e| e.to_string())?;
        used.set(0);
        de.end().map_err(|e| e.to_string())?;
        sink.out
            .flush()
            .map_err(|e| format!("writing a temporary file: {e}"))?;
        Ok(IndexFile {
            schema,
            origin,
            len: sink.len,
            key_transitions: sink.key_transitions,
            blocks: sink.blocks,
            file: Mutex::new(BufReader::new(file)),
        })
    }

    /// The entries `first..last` (`last` at most [`Self::len`]).
    pub(super) fn entries(&self, first: u64, last: u64) -> Result<Vec<IndexEntry>, String> {
        let last = last.min(self.len);
        if first >= last {
            return Ok(Vec::new());
        }
        let block = first / BLOCK;
        let mut f = self.file.lock().expect("bug: an index reader panicked");
        f.seek(SeekFrom::Start(self.blocks[block as usize]))
            .map_err(|e| format!("reading a temporary file: {e}"))?;
        let mut out = Vec::with_capacity((last - first) as usize);
        let mut line = String::new();
        for i in block * BLOCK..last {
            line.clear();
            f.read_line(&mut line)
                .map_err(|e| format!("reading a temporary file: {e}"))?;
            if i >= first {
                out.push(
                    serde_json::from_str(&line)
                        .map_err(|e| format!("bug: an index entry written is unreadable: {e}"))?,
                );
            }
        }
        Ok(out)
    }

    /// The entries at `positions` (ascending), each block read once.
    pub(super) fn entries_at(&self, positions: &[u64]) -> Result<Vec<IndexEntry>, String> {
        let mut out = Vec::with_capacity(positions.len());
        let mut k = 0;
        while k < positions.len() {
            let block = positions[k] / BLOCK;
            let end = positions[k..]
                .iter()
                .position(|p| p / BLOCK != block)
                .map_or(positions.len(), |n| k + n);
            let last = positions[end - 1];
            let entries = self.entries(positions[k], last + 1)?;
            let from = positions[k];
            for &p in &positions[k..end] {
                let e = entries
                    .get((p - from) as usize)
                    .ok_or_else(|| format!("it lists no entry {p}"))?;
                out.push(e.clone());
            }
            k = end;
        }
        Ok(out)
    }

    /// Entry `i`, when the index lists it.
    pub(super) fn entry(&self, i: u64) -> Option<IndexEntry> {
        self.entries(i, i + 1).ok()?.pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: u64, kind: &str) -> IndexEntry {
        IndexEntry {
            index: i,
            kind: kind.into(),
            document: Some("d".into()),
            version: Some(format!("{i}.0")),
            relationship: None,
            state: None,
            sha256: format!("{i:064x}"),
            artifact: format!("artifacts/{i}.json"),
            bundle: format!("bundles/{i}.json"),
        }
    }

    fn index(n: u64) -> Vec<u8> {
        let entries: Vec<IndexEntry> = (0..n)
            .map(|i| {
                entry(
                    i,
                    if i == 300 {
                        "key-transition"
                    } else {
                        "version"
                    },
                )
            })
            .collect();
        crate::transparency::Index {
            schema: "s".into(),
            origin: "o".into(),
            entries,
        }
        .to_bytes()
    }

    #[test]
    fn entries_are_read_back_as_the_index_lists_them_keeping_a_fixed_amount_per_block() {
        let n = 3 * BLOCK + 17;
        let idx = IndexFile::read(&index(n)[..], n).unwrap();
        assert_eq!(
            (idx.len, idx.schema.as_str(), idx.origin.as_str()),
            (n, "s", "o")
        );
        // What is kept in memory: one offset per block, not per entry.
        assert_eq!(idx.blocks.len() as u64, n.div_ceil(BLOCK));
        assert_eq!(idx.key_transitions.len(), 1);
        assert_eq!(idx.key_transitions[0].index, 300);
        for (first, last) in [(0, 1), (250, 260), (BLOCK, 2 * BLOCK), (n - 3, n + 5)] {
            let got = idx.entries(first, last).unwrap();
            let want: Vec<u64> = (first..last.min(n)).collect();
            assert_eq!(got.iter().map(|e| e.index).collect::<Vec<_>>(), want);
            assert_eq!(got[0].artifact, format!("artifacts/{first}.json"));
        }
        assert!(idx.entry(n).is_none());
        let at = idx.entries_at(&[3, 4, 255, 256, 600, n - 1]).unwrap();
        assert_eq!(
            at.iter().map(|e| e.index).collect::<Vec<_>>(),
            [3, 4, 255, 256, 600, n - 1]
        );
        // No more entries than verify reads.
        let e = IndexFile::read(&index(n)[..], n - 1).unwrap_err();
        // Private to the user, and without a name.
        {
            use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
            let m = idx.file.lock().unwrap().get_ref().metadata().unwrap();
            assert_eq!((m.permissions().mode() & 0o777, m.nlink()), (0o600, 0));
        }
        assert!(e.contains("more than the"), "{e}");
        assert_eq!(idx.entry(n - 1).unwrap().index, n - 1);
    }

    #[test]
    fn a_hostile_index_is_refused_not_held() {
        // One entry of a megabyte: refused, whatever the rest says.
        let huge = format!(
            r#"{{"schema":"s","origin":"o","entries":[{{"index":0,"kind":"{}","sha256":"","artifact":"","bundle":""}}]}}"#,
            "x".repeat(1 << 20)
        );
        let e = IndexFile::read(huge.as_bytes(), 10).unwrap_err();
        assert!(e.contains("more than 65536 bytes"), "{e}");
        // The fields of `Index` only, each once.
        for bad in [
            r#"{"schema":"s","origin":"o","entries":[],"extra":1}"#,
            r#"{"schema":"s","origin":"o"}"#,
            r#"{"schema":"s","schema":"t","origin":"o","entries":[]}"#,
            r#"{"schema":"s","origin":"o","entries":[]} trailing"#,
        ] {
            assert!(IndexFile::read(bad.as_bytes(), 10).is_err(), "{bad}");
        }
        let ok = IndexFile::read(&br#"{"entries":[],"origin":"o","schema":"s"}"#[..], 10).unwrap();
        assert_eq!(ok.len, 0);
    }
}
