//! RFC 6962 / RFC 9162 Merkle tree hashing and proofs, computed from stored
//! subtree hashes so that a proof costs O(log n) reads against tiles.
//!
//! Nodes are named by `(level, index)`: the node at level `l`, index `i` is
//! the hash of the complete subtree over leaves `[i·2^l, (i+1)·2^l)`. Only
//! complete subtrees are ever stored; the hashes of the ragged right edge of
//! a tree are recomputed from them.

use sha2::{Digest, Sha256};

use super::error::{Error, Result};

/// A SHA-256 hash: a leaf hash, an interior node hash or a tree root.
pub type Hash = [u8; 32];

/// The root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1).
pub const EMPTY_ROOT: Hash = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// Leaf hash: SHA-256(0x00 || data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// Interior node hash: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// Source of stored hashes of complete subtrees.
///
/// Implemented by an in-memory tree ([`MemoryTree`]) and by a tile reader
/// ([`super::tiles::TileHashReader`]); the proof functions below only ever ask
/// for nodes that are complete subtrees of the tree they work on.
pub trait HashReader {
    /// The hash of the complete subtree at `level` and `index`.
    fn node_hash(&self, level: u8, index: u64) -> Result<Hash>;
}

impl<R: HashReader + ?Sized> HashReader for &R {
    fn node_hash(&self, level: u8, index: u64) -> Result<Hash> {
        (**self).node_hash(level, index)
    }
}

/// The largest power of two strictly less than `n` (for `n >= 2`): the RFC's
/// split point `k`.
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2, "bug: split of a tree with fewer than 2 leaves");
    1u64 << (63 - (n - 1).leading_zeros())
}

/// MTH(D[lo:hi]) for a range that the RFC recursion produces: `lo` is a
/// multiple of the split size, so the left half is always a stored complete
/// subtree.
fn range_hash<R: HashReader + ?Sized>(r: &R, lo: u64, hi: u64) -> Result<Hash> {
    let n = hi - lo;
    if n.is_power_of_two() && lo.is_multiple_of(n) {
        let level = n.trailing_zeros() as u8;
        return r.node_hash(level, lo >> level);
    }
    let k = split(n);
    let left = range_hash(r, lo, lo + k)?;
    let right = range_hash(r, lo + k, hi)?;
    Ok(node_hash(&left, &right))
}

/// The Merkle tree hash of the first `size` leaves (RFC 9162 §2.1.1).
pub fn tree_root<R: HashReader + ?Sized>(r: &R, size: u64) -> Result<Hash> {
    if size == 0 {
        return Ok(EMPTY_ROOT);
    }
    range_hash(r, 0, size)
}

/// Audit path for leaf `index` in the tree of `size` leaves (RFC 9162
/// §2.1.3.1), ordered from the leaf up.
pub fn inclusion_proof<R: HashReader + ?Sized>(r: &R, index: u64, size: u64) -> Result<Vec<Hash>> {
    if index >= size {
        return Err(Error::OutOfRange(format!(
            "leaf {index} is not in a tree of size {size}"
        )));
    }
    let mut out = Vec::new();
    path(r, index, 0, size, &mut out)?;
    Ok(out)
}

fn path<R: HashReader + ?Sized>(
    r: &R,
    m: u64,
    lo: u64,
    hi: u64,
    out: &mut Vec<Hash>,
) -> Result<()> {
    let n = hi - lo;
    if n <= 1 {
        return Ok(());
    }
    let k = split(n);
    if m < lo + k {
        path(r, m, lo, lo + k, out)?;
        out.push(range_hash(r, lo + k, hi)?);
    } else {
        path(r, m, lo + k, hi, out)?;
        out.push(range_hash(r, lo, lo + k)?);
    }
    Ok(())
}

/// Consistency proof between the trees of `old_size` and `new_size` leaves
/// (RFC 9162 §2.1.4.1). Empty when the sizes are equal or `old_size` is 0.
pub fn consistency_proof<R: HashReader + ?Sized>(
    r: &R,
    old_size: u64,
    new_size: u64,
) -> Result<Vec<Hash>> {
    if old_size > new_size {
        return Err(Error::OutOfRange(format!(
            "cannot prove consistency from size {old_size} to smaller size {new_size}"
        )));
    }
    let mut out = Vec::new();
    if old_size == 0 || old_size == new_size {
        return Ok(out);
    }
    subproof(r, old_size, 0, new_size, true, &mut out)?;
    Ok(out)
}

fn subproof<R: HashReader + ?Sized>(
    r: &R,
    m: u64,
    lo: u64,
    hi: u64,
    whole_old_tree: bool,
    out: &mut Vec<Hash>,
) -> Result<()> {
    let n = hi - lo;
    if m == n {
        if !whole_old_tree {
            out.push(range_hash(r, lo, hi)?);
        }
        return Ok(());
    }
    let k = split(n);
    if m <= k {
        subproof(r, m, lo, lo + k, whole_old_tree, out)?;
        out.push(range_hash(r, lo + k, hi)?);
    } else {
        subproof(r, m - k, lo + k, hi, false, out)?;
        out.push(range_hash(r, lo, lo + k)?);
    }
    Ok(())
}

/// Checks that `leaf` (a leaf hash) is at `index` in the tree of `size`
/// leaves whose root is `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<()> {
    if index >= size {
        return Err(Error::ProofFailed(format!(
            "inclusion proof: leaf {index} is not in a tree of size {size}"
        )));
    }
    let mut f_n = index;
    let mut s_n = size - 1;
    let mut r = *leaf;
    for p in proof {
        if s_n == 0 {
            return Err(Error::ProofFailed(
                "inclusion proof is longer than the tree is deep".into(),
            ));
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = node_hash(p, &r);
            if f_n & 1 == 0 {
                while f_n & 1 == 0 && f_n != 0 {
                    f_n >>= 1;
                    s_n >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(Error::ProofFailed(
            "inclusion proof is shorter than the tree is deep".into(),
        ));
    }
    if &r != root {
        return Err(Error::ProofFailed(format!(
            "inclusion proof for leaf {index} does not lead to the root of the tree of size {size}"
        )));
    }
    Ok(())
}

/// Checks that the tree of `old_size` leaves with root `old_root` is a prefix
/// of the tree of `new_size` leaves with root `new_root` (RFC 9162 §2.1.4.2).
///
/// The empty tree is a prefix of every tree; its proof is empty.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<()> {
    if old_size > new_size {
        return Err(Error::ProofFailed(format!(
            "consistency: old size {old_size} is larger than new size {new_size}"
        )));
    }
    if old_size == new_size || old_size == 0 {
        if !proof.is_empty() {
            return Err(Error::ProofFailed(
                "consistency proof must be empty for these sizes".into(),
            ));
        }
        if old_size == new_size && old_root != new_root {
            return Err(Error::ProofFailed(format!(
                "two different roots for the same tree size {old_size}"
            )));
        }
        if old_size == 0 && old_root != &EMPTY_ROOT {
            return Err(Error::ProofFailed(
                "the root of the empty tree is wrong".into(),
            ));
        }
        return Ok(());
    }
    let mut path: Vec<&Hash> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(old_root);
    }
    path.extend(proof.iter());
    let Some((first, rest)) = path.split_first() else {
        return Err(Error::ProofFailed("consistency proof is empty".into()));
    };
    let mut f_n = old_size - 1;
    let mut s_n = new_size - 1;
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let mut fr = **first;
    let mut sr = **first;
    for c in rest {
        if s_n == 0 {
            return Err(Error::ProofFailed(
                "consistency proof is longer than expected".into(),
            ));
        }
        if f_n & 1 == 1 || f_n == s_n {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(Error::ProofFailed(
            "consistency proof is shorter than expected".into(),
        ));
    }
    if &fr != old_root {
        return Err(Error::ProofFailed(format!(
            "consistency proof does not reproduce the old root (size {old_size})"
        )));
    }
    if &sr != new_root {
        return Err(Error::ProofFailed(format!(
            "consistency proof does not reproduce the new root (size {new_size})"
        )));
    }
    Ok(())
}

/// A whole tree in memory, holding every complete-subtree hash. Used to build
/// tiles and as a reference in tests.
#[derive(Debug, Clone, Default)]
pub struct MemoryTree {
    /// `levels[l][i]` is node `(l, i)`.
    levels: Vec<Vec<Hash>>,
}

impl MemoryTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    /// Appends a leaf by its leaf hash.
    pub fn push_hash(&mut self, leaf: Hash) {
        let mut h = leaf;
        let mut level = 0;
        loop {
            if self.levels.len() == level {
                self.levels.push(Vec::new());
            }
            let row = &mut self.levels[level];
            row.push(h);
            if row.len() % 2 == 1 {
                break;
            }
            h = node_hash(&row[row.len() - 2], &row[row.len() - 1]);
            level += 1;
        }
    }

    /// Appends a leaf by its data.
    pub fn push(&mut self, data: &[u8]) {
        self.push_hash(leaf_hash(data));
    }

    /// The current root.
    pub fn root(&self) -> Hash {
        tree_root(self, self.size()).expect("bug: a memory tree holds every complete subtree")
    }
}

impl HashReader for MemoryTree {
    fn node_hash(&self, level: u8, index: u64) -> Result<Hash> {
        self.levels
            .get(usize::from(level))
            .and_then(|row| row.get(usize::try_from(index).ok()?))
            .copied()
            .ok_or_else(|| Error::OutOfRange(format!("node ({level}, {index}) is not in the tree")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn h(s: &str) -> Hash {
        let mut out = [0u8; 32];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    // The RFC 6962 reference leaves and roots used across CT and
    // transparency-dev test suites.
    const LEAVES: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];
    const ROOTS: [&str; 9] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn reference() -> MemoryTree {
        let mut t = MemoryTree::new();
        for l in LEAVES {
            t.push(l);
        }
        t
    }

    #[test]
    fn roots_match_rfc6962_vectors() {
        let t = reference();
        for (n, want) in ROOTS.iter().enumerate() {
            assert_eq!(tree_root(&t, n as u64).unwrap(), h(want), "size {n}");
        }
        assert_eq!(EMPTY_ROOT, h(ROOTS[0]));
    }

    #[test]
    fn inclusion_proofs_match_vectors() {
        let t = reference();
        let cases: [(u64, u64, &[&str]); 4] = [
            (
                0,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                8,
                &[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                3,
                &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
            ),
            (
                1,
                5,
                &[
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (index, size, want) in cases {
            let want: Vec<Hash> = want.iter().map(|s| h(s)).collect();
            let got = inclusion_proof(&t, index, size).unwrap();
            assert_eq!(got, want, "leaf {index} size {size}");
            let root = h(ROOTS[size as usize]);
            verify_inclusion(&leaf_hash(LEAVES[index as usize]), index, size, &got, &root).unwrap();
        }
    }

    #[test]
    fn consistency_proofs_match_vectors() {
        let t = reference();
        let cases: [(u64, u64, &[&str]); 4] = [
            (
                1,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                6,
                8,
                &[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                5,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
            (
                2,
                8,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
        ];
        for (old, new, want) in cases {
            let want: Vec<Hash> = want.iter().map(|s| h(s)).collect();
            let got = consistency_proof(&t, old, new).unwrap();
            assert_eq!(got, want, "{old} -> {new}");
            verify_consistency(
                old,
                new,
                &h(ROOTS[old as usize]),
                &h(ROOTS[new as usize]),
                &got,
            )
            .unwrap();
            // The wrong old root fails.
            assert!(
                verify_consistency(
                    old,
                    new,
                    &h(ROOTS[old as usize - 1]),
                    &h(ROOTS[new as usize]),
                    &got,
                )
                .is_err()
            );
        }
    }

    #[test]
    fn edge_cases_are_errors_not_panics() {
        let t = reference();
        assert!(inclusion_proof(&t, 8, 8).is_err());
        assert!(inclusion_proof(&t, 0, 0).is_err());
        assert!(consistency_proof(&t, 5, 4).is_err());
        assert!(tree_root(&t, 9).is_err());
        assert_eq!(consistency_proof(&t, 0, 8).unwrap(), Vec::<Hash>::new());
        assert_eq!(consistency_proof(&t, 8, 8).unwrap(), Vec::<Hash>::new());
        let r8 = h(ROOTS[8]);
        verify_consistency(8, 8, &r8, &r8, &[]).unwrap();
        verify_consistency(0, 8, &EMPTY_ROOT, &r8, &[]).unwrap();
        assert!(verify_consistency(8, 8, &r8, &h(ROOTS[7]), &[]).is_err());
        assert!(verify_consistency(8, 8, &r8, &r8, &[r8]).is_err());
        assert!(verify_consistency(3, 8, &h(ROOTS[3]), &r8, &[]).is_err());
        assert!(verify_consistency(9, 8, &r8, &r8, &[]).is_err());
        assert!(verify_inclusion(&r8, 8, 8, &[], &r8).is_err());
        assert!(verify_inclusion(&r8, 0, 0, &[], &r8).is_err());
        // A one-leaf tree: the proof is empty and the leaf is the root.
        let one = leaf_hash(b"x");
        verify_inclusion(&one, 0, 1, &[], &one).unwrap();
        assert!(verify_inclusion(&one, 0, 1, &[one], &one).is_err());
        // Huge sizes do not overflow.
        assert!(verify_inclusion(&one, u64::MAX - 1, u64::MAX, &[one; 3], &one).is_err());
        assert!(verify_consistency(u64::MAX - 1, u64::MAX, &one, &one, &[one; 64]).is_err());
    }

    fn ct_tree(n: usize) -> ct_merkle::mem_backed_tree::MemoryBackedTree<Sha256, Vec<u8>> {
        let mut t = ct_merkle::mem_backed_tree::MemoryBackedTree::new();
        for i in 0..n {
            t.push(entry(i));
        }
        t
    }

    fn entry(i: usize) -> Vec<u8> {
        format!("entry {i}").into_bytes()
    }

    fn ours(n: usize) -> MemoryTree {
        let mut t = MemoryTree::new();
        for i in 0..n {
            t.push(&entry(i));
        }
        t
    }

    fn flip(proof: &mut [Hash], bit: usize) {
        let i = (bit / 256) % proof.len();
        proof[i][(bit / 8) % 32] ^= 1 << (bit % 8);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn agrees_with_ct_merkle(n in 1usize..3000, a in any::<u64>(), b in any::<u64>(), bit in any::<usize>()) {
            let theirs = ct_tree(n);
            let t = ours(n);
            let their_root = theirs.root();
            prop_assert_eq!(&t.root()[..], &their_root.as_bytes()[..]);

            let index = a % n as u64;
            let proof = inclusion_proof(&t, index, n as u64).unwrap();
            let flat: Vec<u8> = proof.concat();
            let their_proof = theirs.prove_inclusion(index as usize);
            prop_assert_eq!(&flat[..], their_proof.as_bytes());
            let leaf = leaf_hash(&entry(index as usize));
            verify_inclusion(&leaf, index, n as u64, &proof, &t.root()).unwrap();
            if !proof.is_empty() {
                let mut bad = proof.clone();
                flip(&mut bad, bit);
                prop_assert!(verify_inclusion(&leaf, index, n as u64, &bad, &t.root()).is_err());
            }
            if n > 1 {
                prop_assert!(verify_inclusion(&leaf, (index + 1) % n as u64, n as u64, &proof, &t.root()).is_err());
            }

            let old = 1 + b % n as u64;
            let old_root = tree_root(&t, old).unwrap();
            let cproof = consistency_proof(&t, old, n as u64).unwrap();
            verify_consistency(old, n as u64, &old_root, &t.root(), &cproof).unwrap();
            if old < n as u64 {
                let theirs_old = ct_tree(old as usize);
                let their_old_root = theirs_old.root();
                prop_assert_eq!(&old_root[..], &their_old_root.as_bytes()[..]);
                let tp = theirs.prove_consistency(n - old as usize);
                prop_assert_eq!(&cproof.concat()[..], tp.as_bytes());
                theirs.root().verify_consistency(&theirs_old.root(), &tp).unwrap();
                let mut bad = cproof.clone();
                flip(&mut bad, bit);
                prop_assert!(verify_consistency(old, n as u64, &old_root, &t.root(), &bad).is_err());
            }
        }
    }
}
