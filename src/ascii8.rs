//! Eight bytes at a time: tests on a `u64` read from eight bytes of text
//! that tell, without a branch per byte, whether they are all ASCII, hold a
//! given byte, or which of them are letters or digits. The passes over
//! every text a build makes (counting words, collapsing whitespace) step
//! over such runs whole and look at bytes one by one only where one of
//! these tests says they must.
//!
//! Each test is exact for the bytes it is given: `has_below` and
//! `has_byte` are the classic zero-byte test, which never reports a byte
//! that is not there when only its yes or no is used.

/// The high bit of each of eight bytes: set in a byte that is not ASCII.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in each of eight bytes.
pub(crate) const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The eight bytes of `bytes` from `at` as one number (the first byte
/// lowest), if there are eight.
#[inline]
pub(crate) fn at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(chunk.try_into().ok()?))
}

/// Whether one of the eight bytes of `x` is `b`.
#[inline]
pub(crate) fn has_byte(x: u64, b: u8) -> bool {
    let y = x ^ splat(b);
    y.wrapping_sub(splat(1)) & !y & HIGH != 0
}

/// The high bit set in each byte of `x` that is `b`, and in no other
/// (exact, unlike the borrow of [`has_byte`], which may mark a byte after
/// a match).
#[inline]
pub(crate) fn eq_mask(x: u64, b: u8) -> u64 {
    let y = x ^ splat(b);
    !(((y & !HIGH) + !HIGH) | y | !HIGH)
}

/// Whether one of the eight bytes of `x` is under `n` (`n` at most 128).
#[inline]
pub(crate) fn has_below(x: u64, n: u8) -> bool {
    debug_assert!(n <= 128);
    x.wrapping_sub(splat(n)) & !x & HIGH != 0
}

/// The high bit set in each byte of `x` (all ASCII) that is an ASCII
/// letter or digit. A byte `b` under 0x80 plus `0x80 - lo` reaches the high
/// bit when `b >= lo`, plus `0x7f - hi` when `b > hi`, and no sum carries
/// into the next byte.
#[inline]
pub(crate) fn alnum(x: u64) -> u64 {
    debug_assert_eq!(x & HIGH, 0);
    let within = |x: u64, lo: u8, hi: u8| {
        x.wrapping_add(splat(0x80 - lo)) & !x.wrapping_add(splat(0x7f - hi))
    };
    // Or-ing 0x20 makes capitals small and moves nothing else into a–z.
    (within(x, b'0', b'9') | within(x | splat(0x20), b'a', b'z')) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each test against the byte-by-byte answer, for every byte value in
    /// every position among neighbours that are and are not what is looked
    /// for.
    #[test]
    fn the_tests_answer_as_byte_by_byte() {
        let fillers = [
            0u8, b' ', b'_', b'a', b'Z', b'9', 0x7f, 0x80, 0xff, 0x20, 0x21,
        ];
        for filler in fillers {
            for pos in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [filler; 8];
                    bytes[pos] = b;
                    let x = u64::from_le_bytes(bytes);
                    assert_eq!(x & HIGH == 0, bytes.is_ascii());
                    for n in [1u8, 0x21, 0x61, 128] {
                        assert_eq!(
                            has_below(x, n),
                            bytes.iter().any(|&c| c < n),
                            "{bytes:?} < {n}"
                        );
                    }
                    for look in [b'_', b' ', b'<', 0, 0x80, 0xff] {
                        assert_eq!(has_byte(x, look), bytes.contains(&look), "{bytes:?} {look}");
                        let want = bytes
                            .iter()
                            .enumerate()
                            .fold(0u64, |m, (i, &c)| m | (u64::from(c == look) << (8 * i + 7)));
                        assert_eq!(eq_mask(x, look), want, "{bytes:?} {look}");
                    }
                    if bytes.is_ascii() {
                        let want = bytes.iter().enumerate().fold(0u64, |m, (i, c)| {
                            m | (u64::from(c.is_ascii_alphanumeric()) << (8 * i + 7))
                        });
                        assert_eq!(alnum(x), want, "{bytes:?}");
                    }
                }
            }
        }
        assert_eq!(at(b"abcdefgh", 0), Some(u64::from_le_bytes(*b"abcdefgh")));
        assert_eq!(at(b"abcdefgh", 1), None);
        assert_eq!(at(b"abc", usize::MAX), None);
    }
}
