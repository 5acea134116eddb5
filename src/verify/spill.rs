//! Where `verify` keeps what it must remember of every entry while the log
//! is read: in temporary files, not in memory, so that its memory stays the
//! same whatever the size of the log. A map from SHA-256 digests to a pair
//! of numbers ([`DiskMap`]), records appended and read back by their offset
//! ([`Records`]) or in order ([`Spill`]), and records sorted by a name
//! ([`Sorter`]), each with a fixed-size buffer in memory. The files are
//! made with [`tempfile::tempfile`]: private to the user (0600), without a
//! name on Linux, and gone when verify ends, however it ends.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;

/// An error of a temporary file, as a check's failure says it.
pub(super) fn tmp_err(e: io::Error) -> String {
    format!("a temporary file of verify: {e}")
}

/// A SHA-256 digest, the key of a [`DiskMap`].
pub(super) type Key = [u8; 32];

/// The value of a [`DiskMap`]: two numbers.
pub(super) type Value = (u64, u64);

const SLOT: usize = 32 + 16;
/// Slots read at once while probing.
const PROBE: usize = 8;

/// A hash table of fixed-size slots in a temporary file, probed linearly,
/// twice as large when half full. Keys are SHA-256 digests (the first
/// eight bytes place them); the all-zero digest marks an empty slot, which
/// a digest of something is not.
pub(super) struct DiskMap {
    file: File,
    /// A power of two.
    slots: u64,
    len: u64,
}

/// A temporary file without a name, readable and writable by the user
/// only (the mode is set again: made without a name, it gets the umask's).
pub(super) fn temp() -> io::Result<File> {
    use std::os::unix::fs::PermissionsExt as _;
    let f = tempfile::tempfile()?;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(f)
}

impl DiskMap {
    pub(super) fn new() -> io::Result<DiskMap> {
        Self::with_slots(256)
    }

    fn with_slots(slots: u64) -> io::Result<DiskMap> {
        let file = temp()?;
        file.set_len(slots * SLOT as u64)?;
        Ok(DiskMap {
            file,
            slots,
            len: 0,
        })
    }

    /// The slot of `k` (where it is, or the empty one where it would go)
    /// and its value when present.
    fn find(&self, k: &Key) -> io::Result<(u64, Option<Value>)> {
        let mut i = u64::from_le_bytes(k[..8].try_into().expect("bug: 8 bytes")) & (self.slots - 1);
        let mut buf = [0u8; PROBE * SLOT];
        loop {
            let n = PROBE.min((self.slots - i) as usize);
            self.file
                .read_exact_at(&mut buf[..n * SLOT], i * SLOT as u64)?;
            for s in buf[..n * SLOT].chunks_exact(SLOT) {
                if s[..32] == k[..] {
                    let a = u64::from_le_bytes(s[32..40].try_into().expect("bug: 8 bytes"));
                    let b = u64::from_le_bytes(s[40..48].try_into().expect("bug: 8 bytes"));
                    return Ok((i, Some((a, b))));
                }
                if s[..32].iter().all(|b| *b == 0) {
                    return Ok((i, None));
                }
                i = (i + 1) & (self.slots - 1);
            }
        }
    }

    /// The value of `k`, if it has one.
    pub(super) fn get(&self, k: &Key) -> io::Result<Option<Value>> {
        Ok(self.find(k)?.1)
    }

    /// Sets the value of `k`.
    pub(super) fn insert(&mut self, k: &Key, v: Value) -> io::Result<()> {
        debug_assert!(k.iter().any(|b| *b != 0), "bug: the empty key");
        if (self.len + 1) * 2 > self.slots {
            self.grow()?;
        }
        let (at, old) = self.find(k)?;
        let mut s = [0u8; SLOT];
        s[..32].copy_from_slice(k);
        s[32..40].copy_from_slice(&v.0.to_le_bytes());
        s[40..48].copy_from_slice(&v.1.to_le_bytes());
        self.file.write_all_at(&s, at * SLOT as u64)?;
        if old.is_none() {
            self.len += 1;
        }
        Ok(())
    }

    /// Moves every key to a file with twice the slots, reading this one a
    /// fixed-size chunk at a time.
    fn grow(&mut self) -> io::Result<()> {
        let mut bigger = DiskMap::with_slots(self.slots * 2)?;
        let mut buf = vec![0u8; 1024 * SLOT];
        let mut at = 0;
        while at < self.slots {
            let n = 1024.min(self.slots - at) as usize;
            self.file
                .read_exact_at(&mut buf[..n * SLOT], at * SLOT as u64)?;
            for s in buf[..n * SLOT].chunks_exact(SLOT) {
                if s[..32].iter().any(|b| *b != 0) {
                    let k: Key = s[..32].try_into().expect("bug: 32 bytes");
                    let a = u64::from_le_bytes(s[32..40].try_into().expect("bug: 8 bytes"));
                    let b = u64::from_le_bytes(s[40..48].try_into().expect("bug: 8 bytes"));
                    let (slot, _) = bigger.find(&k)?;
                    bigger.file.write_all_at(s, slot * SLOT as u64)?;
                    bigger.len += 1;
                    debug_assert!(bigger.get(&k)? == Some((a, b)));
                }
            }
            at += n as u64;
        }
        *self = bigger;
        Ok(())
    }
}

/// Records of `N` bytes appended to a temporary file and read back by
/// their number, one at a time.
pub(super) struct Records<const N: usize> {
    file: File,
    len: u64,
}

impl<const N: usize> Records<N> {
    pub(super) fn new() -> io::Result<Self> {
        Ok(Records {
            file: temp()?,
            len: 0,
        })
    }

    /// Appends `r`; its number.
    pub(super) fn push(&mut self, r: &[u8; N]) -> io::Result<u64> {
        self.file.write_all_at(r, self.len * N as u64)?;
        self.len += 1;
        Ok(self.len - 1)
    }

    /// Record `i`.
    pub(super) fn get(&self, i: u64) -> io::Result<[u8; N]> {
        let mut r = [0u8; N];
        self.file.read_exact_at(&mut r, i * N as u64)?;
        Ok(r)
    }

    /// Records `i`, `i + 1` … into `out` (a whole number of records).
    pub(super) fn get_many(&self, i: u64, out: &mut [u8]) -> io::Result<()> {
        debug_assert!(out.len().is_multiple_of(N), "bug: part of a record");
        self.file.read_exact_at(out, i * N as u64)
    }

    /// Writes `r` over record `i`, which must exist.
    pub(super) fn set(&mut self, i: u64, r: &[u8; N]) -> io::Result<()> {
        debug_assert!(i < self.len, "bug: no record {i}");
        self.file.write_all_at(r, i * N as u64)
    }

    /// How many records there are.
    pub(super) fn len(&self) -> u64 {
        self.len
    }
}

/// Records of any length written to a temporary file through a buffer of
/// fixed size, and read back in the order written.
pub(super) struct Spill {
    out: BufWriter<File>,
    len: u64,
}

impl Spill {
    pub(super) fn new() -> io::Result<Spill> {
        Ok(Spill {
            out: BufWriter::with_capacity(64 << 10, temp()?),
            len: 0,
        })
    }

    pub(super) fn push(&mut self, r: &[u8]) -> io::Result<()> {
        self.out.write_all(&(r.len() as u64).to_le_bytes())?;
        self.out.write_all(r)?;
        self.len += 1;
        Ok(())
    }

    /// The records, in the order written.
    pub(super) fn read(self) -> io::Result<impl Iterator<Item = io::Result<Vec<u8>>>> {
        let mut file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::with_capacity(64 << 10, file);
        Ok((0..self.len).map(move |_| read_record(&mut reader)))
    }
}

fn read_record(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut n = [0u8; 8];
    r.read_exact(&mut n)?;
    let mut b = vec![0u8; u64::from_le_bytes(n) as usize];
    r.read_exact(&mut b)?;
    Ok(b)
}

/// The bytes sorted in memory before they are written as a run (few in
/// the crate's own tests, so that they merge many runs).
const RUN_BYTES: usize = if cfg!(test) { 4 << 10 } else { 256 << 10 };
/// Runs merged at once; more are merged in steps, so that the buffers of
/// a merge stay few whatever the number of runs.
const FAN_IN: usize = if cfg!(test) { 4 } else { 64 };
/// The buffer of each run read while merging.
const READ_BUFFER: usize = 8 << 10;

/// Records of a name and fixed-size data, given in log order and read
/// back sorted by name, in log order within a name: sorted in runs of at
/// most [`RUN_BYTES`] in memory, each written to a temporary file, and
/// merged at the end.
pub(super) struct Sorter {
    /// Records of the current run: name length (8 bytes), name, data.
    buf: Vec<u8>,
    /// Where each record of `buf` starts.
    starts: Vec<usize>,
    file: File,
    /// Each run's start and end in `file`, in the order written.
    runs: Vec<(u64, u64)>,
    end: u64,
}

fn name_of(rec: &[u8]) -> &[u8] {
    let n = u64::from_le_bytes(rec[..8].try_into().expect("bug: 8 bytes")) as usize;
    &rec[8..8 + n]
}

impl Sorter {
    pub(super) fn new() -> io::Result<Sorter> {
        Ok(Sorter {
            buf: Vec::with_capacity(RUN_BYTES),
            starts: Vec::with_capacity(RUN_BYTES / 16),
            file: temp()?,
            runs: Vec::new(),
            end: 0,
        })
    }

    pub(super) fn push(&mut self, name: &str, data: &[u8]) -> io::Result<()> {
        let size = 8 + name.len() + data.len();
        if self.buf.len() + size > RUN_BYTES || self.starts.len() == self.starts.capacity() {
            self.write_run()?;
        }
        self.starts.push(self.buf.len());
        self.buf
            .extend_from_slice(&(name.len() as u64).to_le_bytes());
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(data);
        // A record larger than a run is a run of its own.
        if self.buf.len() > RUN_BYTES {
            self.write_run()?;
        }
        Ok(())
    }

    /// Writes the records in memory, sorted, as a run.
    fn write_run(&mut self) -> io::Result<()> {
        if self.starts.is_empty() {
            return Ok(());
        }
        let mut order: Vec<(usize, usize)> = self
            .starts
            .iter()
            .enumerate()
            .map(|(k, &s)| (s, self.starts.get(k + 1).copied().unwrap_or(self.buf.len())))
            .collect();
        // Stable: records of one name stay in log order.
        order.sort_by(|a, b| name_of(&self.buf[a.0..a.1]).cmp(name_of(&self.buf[b.0..b.1])));
        let start = self.end;
        let mut out = BufWriter::with_capacity(64 << 10, &self.file);
        out.seek(SeekFrom::Start(start))?;
        for (a, b) in order {
            out.write_all(&((b - a) as u64).to_le_bytes())?;
            out.write_all(&self.buf[a..b])?;
            self.end += 8 + (b - a) as u64;
        }
        out.flush()?;
        drop(out);
        self.runs.push((start, self.end));
        self.buf.clear();
        self.starts.clear();
        Ok(())
    }

    /// Merges `runs` (consecutive, in the order written) into one run at
    /// the end of the file.
    fn merge_runs(&mut self, runs: &[(u64, u64)]) -> io::Result<(u64, u64)> {
        let start = self.end;
        let mut merged = Merge::new(&self.file, runs)?;
        let mut out = BufWriter::with_capacity(64 << 10, &self.file);
        out.seek(SeekFrom::Start(start))?;
        let mut end = start;
        while let Some(rec) = merged.next_record()? {
            out.write_all(&(rec.len() as u64).to_le_bytes())?;
            out.write_all(&rec)?;
            end += 8 + rec.len() as u64;
        }
        out.flush()?;
        self.end = end;
        Ok((start, end))
    }

    /// The records, sorted by name (in the order given within a name):
    /// each its name and data.
    pub(super) fn sorted(mut self) -> io::Result<Sorted> {
        self.write_run()?;
        while self.runs.len() > FAN_IN {
            let first: Vec<(u64, u64)> = self.runs[..FAN_IN].to_vec();
            let run = self.merge_runs(&first)?;
            self.runs.splice(..FAN_IN, [run]);
        }
        let runs = std::mem::take(&mut self.runs);
        let merge = Merge::new(&self.file, &runs)?;
        Ok(Sorted { merge })
    }
}

/// Reads `file` from `at` to `end` with positioned reads, so that many
/// readers share one file.
struct At {
    file: File,
    at: u64,
    end: u64,
}

impl Read for At {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = (buf.len() as u64).min(self.end - self.at) as usize;
        if want == 0 {
            return Ok(0);
        }
        let n = self.file.read_at(&mut buf[..want], self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

/// One run's next record, ordered by name, then by run (runs are in log
/// order), for the heap of a merge (which takes the greatest: reversed).
struct Head {
    rec: Vec<u8>,
    run: usize,
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Head {}
impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        name_of(&other.rec)
            .cmp(name_of(&self.rec))
            .then(other.run.cmp(&self.run))
    }
}

struct Merge {
    readers: Vec<BufReader<At>>,
    heap: BinaryHeap<Head>,
}

impl Merge {
    fn new(file: &File, runs: &[(u64, u64)]) -> io::Result<Merge> {
        let mut m = Merge {
            readers: Vec::with_capacity(runs.len()),
            heap: BinaryHeap::with_capacity(runs.len()),
        };
        for (k, &(at, end)) in runs.iter().enumerate() {
            m.readers.push(BufReader::with_capacity(
                READ_BUFFER,
                At {
                    file: file.try_clone()?,
                    at,
                    end,
                },
            ));
            m.advance(k)?;
        }
        Ok(m)
    }

    fn advance(&mut self, run: usize) -> io::Result<()> {
        let r = &mut self.readers[run];
        if r.fill_buf()?.is_empty() {
            return Ok(());
        }
        let rec = read_record(r)?;
        self.heap.push(Head { rec, run });
        Ok(())
    }

    fn next_record(&mut self) -> io::Result<Option<Vec<u8>>> {
        let Some(Head { rec, run }) = self.heap.pop() else {
            return Ok(None);
        };
        self.advance(run)?;
        Ok(Some(rec))
    }
}

/// Sorted records, read back from a [`Sorter`].
pub(super) struct Sorted {
    merge: Merge,
}

impl Sorted {
    /// The next record: its name and data.
    pub(super) fn next_record(&mut self) -> io::Result<Option<(String, Vec<u8>)>> {
        let Some(rec) = self.merge.next_record()? else {
            return Ok(None);
        };
        let name = name_of(&rec);
        let data = rec[8 + name.len()..].to_vec();
        let name = String::from_utf8(name.to_vec())
            .map_err(|_| io::Error::other("bug: a name written is not UTF-8"))?;
        Ok(Some((name, data)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest as _, Sha256};
    use std::collections::HashMap;

    fn k(i: u64) -> Key {
        Sha256::digest(i.to_le_bytes()).into()
    }

    /// Private to the user, and without a name: nothing is left behind,
    /// whether verify ends well, with an error or killed.
    fn private_and_unnamed(f: &File) {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let m = f.metadata().unwrap();
        assert_eq!(m.permissions().mode() & 0o777, 0o600);
        assert_eq!(m.nlink(), 0, "a temporary file has a name");
    }

    #[test]
    fn every_temporary_file_is_private_and_has_no_name() {
        let mut m = DiskMap::new().unwrap();
        for i in 0..1000 {
            m.insert(&k(i), (i, i)).unwrap();
        }
        private_and_unnamed(&m.file);
        private_and_unnamed(&Records::<4>::new().unwrap().file);
        private_and_unnamed(Spill::new().unwrap().out.get_ref());
        private_and_unnamed(&Sorter::new().unwrap().file);
    }

    #[test]
    fn a_disk_map_keeps_every_key_as_it_grows() {
        let mut m = DiskMap::with_slots(4).unwrap();
        let mut want = HashMap::new();
        for i in 0..5000u64 {
            m.insert(&k(i % 3000), (i, !i)).unwrap();
            want.insert(i % 3000, (i, !i));
        }
        assert_eq!(m.len, 3000);
        assert!(m.slots >= 6000);
        for i in 0..3100u64 {
            assert_eq!(m.get(&k(i)).unwrap(), want.get(&i).copied(), "{i}");
        }
    }

    #[test]
    fn records_come_back_by_number_and_in_order() {
        let mut r = Records::<5>::new().unwrap();
        for i in 0..100u8 {
            assert_eq!(r.push(&[i; 5]).unwrap(), u64::from(i));
        }
        assert_eq!(r.get(42).unwrap(), [42; 5]);
        let mut s = Spill::new().unwrap();
        for i in 0..1000usize {
            s.push(&vec![i as u8; i % 7]).unwrap();
        }
        let back: Vec<Vec<u8>> = s.read().unwrap().map(Result::unwrap).collect();
        assert_eq!(back.len(), 1000);
        assert!(
            back.iter()
                .enumerate()
                .all(|(i, b)| *b == vec![i as u8; i % 7])
        );
    }

    #[test]
    fn sorted_records_are_in_name_order_and_in_log_order_within_a_name() {
        let mut s = Sorter::new().unwrap();
        let mut want: Vec<(String, u64)> = Vec::new();
        // Enough for many runs, and for merges in steps.
        let n = 20_000u64;
        for i in 0..n {
            let name = format!("doc-{}", (i * 7919) % 997);
            s.push(&name, &i.to_le_bytes()).unwrap();
            want.push((name, i));
        }
        // One record larger than a run.
        let huge = "z".repeat(RUN_BYTES + 1);
        s.push(&huge, &n.to_le_bytes()).unwrap();
        want.push((huge, n));
        assert!(s.runs.len() > FAN_IN, "{}", s.runs.len());
        want.sort_by(|a, b| a.0.cmp(&b.0));
        let mut got = Vec::new();
        let mut sorted = s.sorted().unwrap();
        while let Some((name, data)) = sorted.next_record().unwrap() {
            got.push((name, u64::from_le_bytes(data.try_into().unwrap())));
        }
        assert_eq!(got.len(), want.len());
        assert!(got == want);
    }
}
