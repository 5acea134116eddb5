//! C2SP signed notes with Ed25519 keys, compatible byte for byte with Go's
//! golang.org/x/mod/sumdb/note, so checkpoints can be checked with standard
//! tools and witnesses.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::error::{Error, Result};

/// Signature type byte for Ed25519 (C2SP signed-note).
const ALG_ED25519: u8 = 0x01;
/// Largest note accepted when opening; checkpoints are a few hundred bytes.
pub const MAX_NOTE_SIZE: usize = 1 << 20;
/// Most signature lines accepted on one note (the spec asks for at least 16).
pub const MAX_SIGNATURES: usize = 100;
const SIG_PREFIX: &str = "\u{2014} ";

/// Whether `name` may be a key name: non-empty, no Unicode spaces, no `+`.
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// Key ID: the first 4 bytes, big-endian, of
/// SHA-256(name || 0x0A || 0x01 || public key).
pub fn key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ALG_ED25519]);
    h.update(public_key);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

fn parse_key_id(s: &str) -> Option<u32> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

/// A public key that checks note signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl Verifier {
    /// Parses a verifier key string `<name>+<hex key ID>+<base64(0x01 || public key)>`.
    pub fn parse(vkey: &str) -> Result<Verifier> {
        let bad = |why: &str| Error::MalformedKey(format!("verifier key: {why}"));
        let mut parts = vkey.splitn(3, '+');
        let (Some(name), Some(id), Some(key64)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad("expected <name>+<key ID>+<key>"));
        };
        if !is_valid_key_name(name) {
            return Err(bad("invalid key name"));
        }
        let id = parse_key_id(id).ok_or_else(|| bad("key ID is not 8 hex digits"))?;
        let raw = B64.decode(key64).map_err(|_| bad("key is not base64"))?;
        let [alg, rest @ ..] = raw.as_slice() else {
            return Err(bad("key is empty"));
        };
        if *alg != ALG_ED25519 {
            return Err(bad("not an Ed25519 key"));
        }
        let public: [u8; 32] = rest
            .try_into()
            .map_err(|_| bad("Ed25519 public key is not 32 bytes"))?;
        if key_id(name, &public) != id {
            return Err(bad("key ID does not match the key"));
        }
        let key = VerifyingKey::from_bytes(&public).map_err(|_| bad("not a valid Ed25519 key"))?;
        if key.is_weak() {
            return Err(bad("weak Ed25519 key"));
        }
        Ok(Verifier {
            name: name.to_string(),
            key_id: id,
            key,
        })
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The raw Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// The verifier key string, as Go's `note.NewVerifier` reads it.
    pub fn to_key_string(&self) -> String {
        let mut raw = vec![ALG_ED25519];
        raw.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.key_id, B64.encode(raw))
    }

    /// Whether `sig` is this key's signature over `msg`.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
            return false;
        };
        self.key.verify_strict(msg, &sig).is_ok()
    }
}

/// A private key that signs notes. Never write it into published output.
pub struct Signer {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({}+{:08x})", self.name, self.key_id)
    }
}

impl Signer {
    /// A signer from a 32-byte Ed25519 seed.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Signer> {
        if !is_valid_key_name(name) {
            return Err(Error::MalformedKey(format!(
                "key name {name:?} must be non-empty, without spaces or '+'"
            )));
        }
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id(name, key.verifying_key().as_bytes());
        Ok(Signer {
            name: name.to_string(),
            key_id,
            key,
        })
    }

    /// A new random key, from the operating system's random source.
    pub fn generate(name: &str) -> Result<Signer> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| {
            Error::MalformedKey(format!(
                "no randomness from the operating system to make a key: {e}"
            ))
        })?;
        Signer::from_seed(name, seed)
    }

    /// Parses a signer key string
    /// `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>`.
    pub fn parse(skey: &str) -> Result<Signer> {
        let bad = |why: &str| Error::MalformedKey(format!("signer key: {why}"));
        let rest = skey
            .strip_prefix("PRIVATE+KEY+")
            .ok_or_else(|| bad("does not start with PRIVATE+KEY+"))?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(id), Some(key64)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad("expected PRIVATE+KEY+<name>+<key ID>+<key>"));
        };
        if !is_valid_key_name(name) {
            return Err(bad("invalid key name"));
        }
        let id = parse_key_id(id).ok_or_else(|| bad("key ID is not 8 hex digits"))?;
        let raw = B64.decode(key64).map_err(|_| bad("key is not base64"))?;
        let [alg, rest @ ..] = raw.as_slice() else {
            return Err(bad("key is empty"));
        };
        if *alg != ALG_ED25519 {
            return Err(bad("not an Ed25519 key"));
        }
        let seed: [u8; 32] = rest
            .try_into()
            .map_err(|_| bad("Ed25519 seed is not 32 bytes"))?;
        let signer = Signer::from_seed(name, seed)?;
        if signer.key_id != id {
            return Err(bad("key ID does not match the key"));
        }
        Ok(signer)
    }

    /// The signer key string, as Go's `note.NewSigner` reads it. Secret.
    pub fn to_key_string(&self) -> String {
        let mut raw = vec![ALG_ED25519];
        raw.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.key_id,
            B64.encode(raw)
        )
    }

    /// The 32-byte Ed25519 seed. Secret: only for writing the key, encrypted.
    pub fn seed(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// The matching public key.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// Raw Ed25519 signature over `msg`.
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Key name.
    pub name: String,
    /// Key ID.
    pub key_id: u32,
    /// The base64 text after the name: key ID and signature.
    pub base64: String,
}

/// A note whose signatures were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The signed text, ending in a newline.
    pub text: String,
    /// Signatures by known keys, all verified.
    pub sigs: Vec<Signature>,
    /// Signatures by keys the caller did not know, not checked.
    pub unverified: Vec<Signature>,
}

fn check_note_chars(s: &str) -> Result<()> {
    if let Some(c) = s.chars().find(|c| (*c as u32) < 0x20 && *c != '\n') {
        return Err(Error::MalformedNote(format!(
            "contains control character U+{:04X}",
            c as u32
        )));
    }
    Ok(())
}

/// Signs `text` with every signer and returns the note bytes: the text, a
/// blank line, one signature line per signer.
pub fn sign(text: &str, signers: &[&Signer]) -> Result<Vec<u8>> {
    if !text.ends_with('\n') {
        return Err(Error::MalformedNote("text must end in a newline".into()));
    }
    check_note_chars(text)?;
    if signers.is_empty() {
        return Err(Error::MalformedNote(
            "a note needs at least one signer".into(),
        ));
    }
    let mut out = String::with_capacity(text.len() + 120 * signers.len());
    out.push_str(text);
    out.push('\n');
    for s in signers {
        let mut blob = s.key_id.to_be_bytes().to_vec();
        blob.extend_from_slice(&s.sign(text.as_bytes()));
        out.push_str(SIG_PREFIX);
        out.push_str(&s.name);
        out.push(' ');
        out.push_str(&B64.encode(blob));
        out.push('\n');
    }
    Ok(out.into_bytes())
}

/// Splits a note into its text and its signature lines, checking the form
/// but no signature.
pub fn split(msg: &[u8]) -> Result<(&str, Vec<Signature>)> {
    if msg.len() > MAX_NOTE_SIZE {
        return Err(Error::MalformedNote(format!(
            "is {} bytes; at most {MAX_NOTE_SIZE} are accepted",
            msg.len()
        )));
    }
    let msg = std::str::from_utf8(msg)
        .map_err(|e| Error::MalformedNote(format!("is not UTF-8 ({e})")))?;
    check_note_chars(msg)?;
    let at = msg
        .rfind("\n\n")
        .ok_or_else(|| Error::MalformedNote("has no blank line before the signatures".into()))?;
    let (text, sigs) = (&msg[..at + 1], &msg[at + 2..]);
    if sigs.is_empty() || !sigs.ends_with('\n') {
        return Err(Error::MalformedNote(
            "signature block must be non-empty and end in a newline".into(),
        ));
    }
    let mut out = Vec::new();
    for line in sigs[..sigs.len() - 1].split('\n') {
        if out.len() == MAX_SIGNATURES {
            return Err(Error::MalformedNote(format!(
                "has more than {MAX_SIGNATURES} signatures"
            )));
        }
        let body = line.strip_prefix(SIG_PREFIX).ok_or_else(|| {
            Error::MalformedNote(format!(
                "signature line {line:?} does not start with an em dash and a space"
            ))
        })?;
        let (name, b64) = body.split_once(' ').ok_or_else(|| {
            Error::MalformedNote(format!("signature line {line:?} has no signature"))
        })?;
        if !is_valid_key_name(name) {
            return Err(Error::MalformedNote(format!("invalid key name {name:?}")));
        }
        let raw = B64
            .decode(b64)
            .map_err(|_| Error::MalformedNote(format!("signature by {name} is not base64")))?;
        if raw.len() < 5 {
            return Err(Error::MalformedNote(format!(
                "signature by {name} is too short"
            )));
        }
        out.push(Signature {
            name: name.to_string(),
            key_id: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
            base64: b64.to_string(),
        });
    }
    Ok((text, out))
}

/// Opens a signed note: every signature by a known key must verify, and at
/// least one must be there. Signatures by unknown keys are listed, not
/// checked.
pub fn open(msg: &[u8], known: &[Verifier]) -> Result<Note> {
    let (text, sigs) = split(msg)?;
    let mut note = Note {
        text: text.to_string(),
        sigs: Vec::new(),
        unverified: Vec::new(),
    };
    for sig in sigs {
        let Some(v) = known
            .iter()
            .find(|v| v.name == sig.name && v.key_id == sig.key_id)
        else {
            if !note.unverified.contains(&sig) {
                note.unverified.push(sig);
            }
            continue;
        };
        if note
            .sigs
            .iter()
            .any(|s| s.name == sig.name && s.key_id == sig.key_id)
        {
            continue;
        }
        let raw = B64.decode(&sig.base64).map_err(|_| {
            Error::MalformedNote(format!("signature by {} is not base64", sig.name))
        })?;
        if !v.verify(text.as_bytes(), &raw[4..]) {
            return Err(Error::InvalidSignature {
                name: sig.name,
                key_id: sig.key_id,
            });
        }
        note.sigs.push(sig);
    }
    if note.sigs.is_empty() {
        return Err(Error::NoKnownSignature);
    }
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                        then you don't know what your problem is.\n";
    const SIG_LINE: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    fn go_note() -> String {
        format!("{TEXT}\n{SIG_LINE}")
    }

    #[test]
    fn go_example_keys_round_trip() {
        let v = Verifier::parse(VKEY).unwrap();
        assert_eq!(v.name(), "PeterNeumann");
        assert_eq!(v.key_id(), 0xc74f20a3);
        assert_eq!(v.to_key_string(), VKEY);
        let s = Signer::parse(SKEY).unwrap();
        assert_eq!(s.to_key_string(), SKEY);
        assert_eq!(s.verifier(), v);
        assert_eq!(key_id("PeterNeumann", &v.public_key()), 0xc74f20a3);
    }

    #[test]
    fn go_example_note_signs_and_verifies_byte_for_byte() {
        let s = Signer::parse(SKEY).unwrap();
        assert_eq!(sign(TEXT, &[&s]).unwrap(), go_note().as_bytes());
        let v = Verifier::parse(VKEY).unwrap();
        let n = open(go_note().as_bytes(), std::slice::from_ref(&v)).unwrap();
        assert_eq!(n.text, TEXT);
        assert_eq!(n.sigs.len(), 1);
        let tampered = go_note().replace("cryptography", "cryptographY");
        assert!(matches!(
            open(tampered.as_bytes(), &[v]),
            Err(Error::InvalidSignature { .. })
        ));
    }

    #[test]
    fn mangled_keys_are_rejected() {
        let b = VKEY.as_bytes().to_vec();
        for i in 0..b.len() {
            let mut m = b.clone();
            m[i] = m[i].wrapping_add(1);
            if let Ok(s) = String::from_utf8(m) {
                assert!(Verifier::parse(&s).is_err(), "{s}");
            }
            for j in i + 1..=b.len() {
                if i != 0 || j != b.len() {
                    let s = std::str::from_utf8(&b[i..j]).unwrap();
                    assert!(Verifier::parse(s).is_err(), "{s}");
                }
            }
        }
        assert!(
            Signer::parse(
                "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
            )
            .is_err()
        );
        assert!(Signer::parse(&SKEY.replace("PRIVATE", "PUBLIC")).is_err());
        assert!(Signer::from_seed("bad name", [0; 32]).is_err());
        assert!(Signer::from_seed("bad+name", [0; 32]).is_err());
        assert!(Signer::from_seed("", [0; 32]).is_err());
    }

    #[test]
    fn multiple_signatures_unknown_ignored_known_required() {
        let a = Signer::from_seed("a.example/log", [1; 32]).unwrap();
        let b = Signer::from_seed("b.example/witness", [2; 32]).unwrap();
        let text = "a\n\nb\n";
        let msg = sign(text, &[&a, &b]).unwrap();
        let n = open(&msg, &[a.verifier()]).unwrap();
        assert_eq!(n.text, text);
        assert_eq!(n.sigs.len(), 1);
        assert_eq!(n.unverified.len(), 1);
        assert_eq!(
            open(&msg, &[b.verifier(), a.verifier()])
                .unwrap()
                .sigs
                .len(),
            2
        );
        let c = Signer::from_seed("c.example", [3; 32]).unwrap();
        assert!(matches!(
            open(&msg, &[c.verifier()]),
            Err(Error::NoKnownSignature)
        ));
        // Same name, another key: ignored, not a failure.
        let a2 = Signer::from_seed("a.example/log", [9; 32]).unwrap();
        assert!(matches!(
            open(&msg, &[a2.verifier()]),
            Err(Error::NoKnownSignature)
        ));
    }

    #[test]
    fn malformed_notes_are_rejected() {
        let v = Verifier::parse(VKEY).unwrap();
        let good = go_note();
        let cases = [
            good.trim_end_matches('\n').to_string(), // no final newline
            good.replacen("\n\n", "\n", 1),          // no blank line
            format!("{TEXT}\n"),                     // no signatures
            format!("{TEXT}\n{SIG_LINE}\n"),         // blank line after signatures
            good.replace('\u{2014}', "-"),           // not an em dash
            good.replace("PeterNeumann x08", "PeterNeumann  x08"),
            good.replace("x08go", "!08go"),
            good.replace("\n\u{2014}", "\r\n\u{2014}"),
            format!("{TEXT}\n\u{2014} PeterNeumann AAAA\n"),
        ];
        for c in cases {
            assert!(
                open(c.as_bytes(), std::slice::from_ref(&v)).is_err(),
                "{c:?}"
            );
        }
        assert!(open(&[0xff, b'\n', b'\n'], &[v]).is_err());
        let s = Signer::parse(SKEY).unwrap();
        assert!(sign("no newline", &[&s]).is_err());
        assert!(sign("tab\there\n", &[&s]).is_err());
        let huge = format!("{}\n\n{SIG_LINE}", "a".repeat(MAX_NOTE_SIZE));
        assert!(split(huge.as_bytes()).is_err());
        let many = format!("{TEXT}\n{}", SIG_LINE.repeat(MAX_SIGNATURES + 1));
        assert!(split(many.as_bytes()).is_err());
        let sixteen = format!("{TEXT}\n{}", SIG_LINE.repeat(16));
        assert_eq!(split(sixteen.as_bytes()).unwrap().1.len(), 16);
    }

    proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let v = Verifier::parse(VKEY).unwrap();
            let _ = open(&bytes, &[v]);
            let s = String::from_utf8_lossy(&bytes);
            let _ = Verifier::parse(&s);
            let _ = Signer::parse(&s);
        }

        #[test]
        fn mutated_notes_never_panic(pos in any::<usize>(), byte in any::<u8>()) {
            let mut b = go_note().into_bytes();
            let i = pos % b.len();
            b[i] = byte;
            let v = Verifier::parse(VKEY).unwrap();
            let _ = open(&b, &[v]);
        }
    }
}
