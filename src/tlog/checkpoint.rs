//! C2SP tlog-checkpoint bodies: the origin, tree size and root that a log
//! signs. Parsed strictly, since a lenient parser lets two texts mean one tree.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use super::error::{Error, Result};
use super::merkle::Hash;

/// A checkpoint body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, e.g. `privacy.example.nl/log`.
    pub origin: String,
    /// Number of leaves.
    pub size: u64,
    /// RFC 6962 root hash of those leaves.
    pub root: Hash,
    /// Optional extension lines, each non-empty.
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: &str, size: u64, root: Hash) -> Self {
        Checkpoint {
            origin: origin.to_string(),
            size,
            root,
            extensions: Vec::new(),
        }
    }

    /// The note text: origin, size, base64 root and extension lines, each
    /// ending in a newline.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        );
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }

    /// Parses a note text as a checkpoint, rejecting anything not in
    /// canonical form.
    pub fn parse(text: &str) -> Result<Checkpoint> {
        let bad = |why: String| Error::MalformedCheckpoint(why);
        let body = text
            .strip_suffix('\n')
            .ok_or_else(|| bad("text does not end in a newline".into()))?;
        if let Some(c) = body.chars().find(|c| (*c as u32) < 0x20 && *c != '\n') {
            return Err(bad(format!(
                "contains control character U+{:04X}",
                c as u32
            )));
        }
        let lines: Vec<&str> = body.split('\n').collect();
        if lines.len() < 3 {
            return Err(bad(format!(
                "has {} lines, at least 3 are needed",
                lines.len()
            )));
        }
        if let Some(i) = lines.iter().position(|l| l.is_empty()) {
            return Err(bad(format!("line {} is empty", i + 1)));
        }
        let origin = lines[0];
        let size_text = lines[1];
        if !size_text.bytes().all(|b| b.is_ascii_digit())
            || (size_text.len() > 1 && size_text.starts_with('0'))
        {
            return Err(bad(format!(
                "tree size {size_text:?} is not a canonical decimal"
            )));
        }
        let size: u64 = size_text
            .parse()
            .map_err(|_| bad(format!("tree size {size_text:?} is too large")))?;
        let raw = B64
            .decode(lines[2])
            .map_err(|_| bad(format!("root hash {:?} is not base64", lines[2])))?;
        let root: Hash = raw
            .as_slice()
            .try_into()
            .map_err(|_| bad(format!("root hash is {} bytes, expected 32", raw.len())))?;
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
            extensions: lines[3..].iter().map(|s| s.to_string()).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SPEC: &str =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    #[test]
    fn parses_the_spec_example_and_round_trips() {
        let c = Checkpoint::parse(SPEC).unwrap();
        assert_eq!(c.origin, "example.com/behind-the-sofa");
        assert_eq!(c.size, 20852163);
        assert_eq!(c.to_text(), SPEC);
        let ext = format!("{SPEC}ext one\nanother\n");
        let c = Checkpoint::parse(&ext).unwrap();
        assert_eq!(c.extensions, ["ext one", "another"]);
        assert_eq!(c.to_text(), ext);
        assert_eq!(
            Checkpoint::parse("o\n0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
                .unwrap()
                .size,
            0
        );
    }

    #[test]
    fn rejects_non_canonical_checkpoints() {
        let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        for bad in [
            format!("o\n012\n{root}\n"),
            format!("o\n+12\n{root}\n"),
            format!("o\n-1\n{root}\n"),
            format!("o\n 12\n{root}\n"),
            format!("o\n18446744073709551616\n{root}\n"),
            format!("o\n12\n{root}"),
            format!("o\n12\n{}\n", &root[..40]),
            "o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n".to_string(),
            format!("o\n12\n{}\n", "AAAA".repeat(11)),
            format!("o\n12\n{root}\n\n"),
            format!("o\n12\n{root}\n\next\n"),
            format!("\n12\n{root}\n"),
            "o\n12\n".to_string(),
            format!("o\n12\n{root}\r\n"),
            String::new(),
        ] {
            assert!(Checkpoint::parse(&bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn random_text_never_panics(s in "\\PC*", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = Checkpoint::parse(&s);
            let _ = Checkpoint::parse(&String::from_utf8_lossy(&bytes));
        }
    }
}
