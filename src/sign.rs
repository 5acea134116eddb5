//! The publisher's keys: an ECDSA P-256 key that signs artifacts (in
//! Sigstore/cosign's encrypted key format, so `cosign` and `openssl` can use
//! it) and an Ed25519 key that signs the log's checkpoints (C2SP signed
//! note). Private keys are encrypted at rest with a password and written
//! with mode 0600; only public keys ever go near the site folder.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};
use sigstore::crypto::signing_key::ecdsa::{ECDSAKeys, EllipticCurve};
use sigstore::crypto::signing_key::ed25519::Ed25519Keys;
use sigstore::crypto::signing_key::{SigStoreSigner, kdf};
use sigstore::crypto::{CosignVerificationKey, Signature, SigningScheme};
use zeroize::Zeroizing;

use crate::tlog;

/// File name of the artifact signing key in a key folder.
pub const ARTIFACT_KEY_FILE: &str = "publisher.key";
/// File name of the checkpoint signing key in a key folder.
pub const CHECKPOINT_KEY_FILE: &str = "checkpoint.key";
/// The artifact public key (PEM) below `transparency/`.
pub const PUBLIC_KEY_FILE: &str = "publisher.pub";
/// The checkpoint verifier key (one `name+hash+base64` line) below `transparency/`.
pub const VERIFIER_KEY_FILE: &str = "log.vkey";
/// The environment variable that holds the key password.
pub const PASSWORD_ENV: &str = "POLICYPRESS_KEY_PASSWORD";

const ENCRYPTED_LABEL: &str = "ENCRYPTED SIGSTORE PRIVATE KEY";
const ENCRYPTED_LABEL_COSIGN: &str = "ENCRYPTED COSIGN PRIVATE KEY";

/// What went wrong with a key, in words a publisher can act on.
#[derive(Debug)]
pub struct KeyError {
    pub message: String,
    pub hint: Option<String>,
}

impl KeyError {
    fn new(message: impl Into<String>) -> Self {
        KeyError {
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  = hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for KeyError {}

/// The ECDSA P-256 key that signs artifacts.
pub struct ArtifactKey {
    keys: ECDSAKeys,
    signer: SigStoreSigner,
    public_der: Vec<u8>,
}

impl ArtifactKey {
    /// A new random key.
    pub fn generate() -> Result<Self, KeyError> {
        let keys = ECDSAKeys::new(EllipticCurve::P256)
            .map_err(|e| KeyError::new(format!("could not create a P-256 key: {e}")))?;
        Self::from_keys(keys)
    }

    fn from_keys(keys: ECDSAKeys) -> Result<Self, KeyError> {
        let signer = keys
            .to_sigstore_signer()
            .map_err(|e| KeyError::new(format!("unusable P-256 key: {e}")))?;
        let public_der = keys
            .as_inner()
            .public_key_to_der()
            .map_err(|e| KeyError::new(format!("unusable P-256 key: {e}")))?;
        Ok(ArtifactKey {
            keys,
            signer,
            public_der,
        })
    }

    /// Reads an encrypted key (`ENCRYPTED SIGSTORE PRIVATE KEY` or cosign's
    /// older label) from `pem`, naming `file` in errors.
    pub fn from_encrypted_pem(pem: &[u8], password: &[u8], file: &Path) -> Result<Self, KeyError> {
        let der = decrypt_pem(pem, password, file)?;
        let keys = ECDSAKeys::from_der(&der).map_err(|_| {
            KeyError::new(format!("{} is not a P-256 artifact key", file.display()))
                .hint("give the publisher.key written by `policypress keygen`")
        })?;
        Self::from_keys(keys)
    }

    /// The private key, encrypted with `password`, as PEM.
    pub fn to_encrypted_pem(&self, password: &[u8]) -> Result<Zeroizing<String>, KeyError> {
        let der = self
            .keys
            .as_inner()
            .private_key_to_der()
            .map_err(|e| KeyError::new(format!("could not export the key: {e}")))?;
        encrypt_pem(&der, password)
    }

    /// The public key as DER SubjectPublicKeyInfo.
    pub fn public_der(&self) -> &[u8] {
        &self.public_der
    }

    /// The public key as PEM, as `openssl` and `cosign` read it.
    pub fn public_pem(&self) -> String {
        public_pem(&self.public_der)
    }

    /// An ECDSA-SHA256 signature (ASN.1 DER) over `msg`.
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, KeyError> {
        self.signer
            .sign(msg)
            .map_err(|e| KeyError::new(format!("signing failed: {e}")))
    }
}

/// PEM of a DER SubjectPublicKeyInfo.
pub fn public_pem(der: &[u8]) -> String {
    let b64 = B64.encode(der);
    let mut s = String::from("-----BEGIN PUBLIC KEY-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).expect("bug: base64 is ASCII"));
        s.push('\n');
    }
    s.push_str("-----END PUBLIC KEY-----\n");
    s
}

/// The DER of a PEM public key, or why it is not one.
pub fn parse_public_pem(pem: &str) -> Result<Vec<u8>, String> {
    let (label, der) = parse_pem(pem.as_bytes())?;
    if label != "PUBLIC KEY" {
        return Err(format!("holds a {label}, not a PUBLIC KEY"));
    }
    Ok(der)
}

/// Whether `sig` (ASN.1 DER ECDSA) is a valid P-256/SHA-256 signature by
/// the key `public_der` (SubjectPublicKeyInfo) over `msg`.
pub fn verify_p256(public_der: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    CosignVerificationKey::from_der(public_der, &SigningScheme::ECDSA_P256_SHA256_ASN1)
        .is_ok_and(|k| k.verify_signature(Signature::Raw(sig), msg).is_ok())
}

/// A P-256 public key parsed once, for checking many signatures.
pub struct P256Key {
    key: CosignVerificationKey,
    der: Vec<u8>,
}

impl P256Key {
    /// Parses a DER SubjectPublicKeyInfo, strictly: it must name the P-256
    /// curve and be in DER's one encoding, since the key's bytes are what
    /// log entries and bundle hints are compared with.
    pub fn from_der(der: &[u8]) -> Result<P256Key, String> {
        // `CosignVerificationKey::from_der` only stores the bytes; the
        // algorithm-detecting parser reads them (and encodes them again).
        let key = CosignVerificationKey::try_from_der(der)
            .map_err(|e| format!("is not a P-256 public key: {e}"))?;
        match &key {
            CosignVerificationKey::ECDSA_P256_SHA256_ASN1(encoded) if encoded == der => {}
            CosignVerificationKey::ECDSA_P256_SHA256_ASN1(_) => {
                return Err("is not in canonical DER form".into());
            }
            _ => return Err("is not a P-256 public key".into()),
        }
        Ok(P256Key {
            key,
            der: der.to_vec(),
        })
    }

    /// The DER SubjectPublicKeyInfo.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Whether `sig` (ASN.1 DER ECDSA) is this key's SHA-256 signature over `msg`.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        self.key.verify_signature(Signature::Raw(sig), msg).is_ok()
    }
}

/// The hint that names an artifact key in bundles: lowercase hex SHA-256 of
/// its DER SubjectPublicKeyInfo.
pub fn key_hint(public_der: &[u8]) -> String {
    hex(&Sha256::digest(public_der))
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a checkpoint signing key: an encrypted Ed25519 key; the note key
/// name is the log's origin.
pub fn checkpoint_signer_from_pem(
    pem: &[u8],
    password: &[u8],
    origin: &str,
    file: &Path,
) -> Result<tlog::Signer, KeyError> {
    let der = decrypt_pem(pem, password, file)?;
    let keys = Ed25519Keys::from_der(&der).map_err(|_| {
        KeyError::new(format!(
            "{} is not an Ed25519 checkpoint key",
            file.display()
        ))
        .hint("give the checkpoint.key written by `policypress keygen`")
    })?;
    let seed = ed25519_seed(&der).ok_or_else(|| {
        KeyError::new(format!(
            "{} holds an unreadable Ed25519 key",
            file.display()
        ))
    })?;
    drop(keys);
    tlog::Signer::from_seed(origin, seed).map_err(|e| {
        KeyError::new(format!("the log origin {origin:?} cannot name a key: {e}"))
            .hint("an origin is one word without spaces or '+', e.g. privacy.example.nl/log")
    })
}

/// The encrypted PEM of a checkpoint signing key.
pub fn checkpoint_key_to_pem(
    signer: &tlog::Signer,
    password: &[u8],
) -> Result<Zeroizing<String>, KeyError> {
    // PKCS#8 v1 wrapping of an Ed25519 seed (RFC 8410 §7).
    let mut der = Zeroizing::new(vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ]);
    der.extend_from_slice(&signer.seed());
    encrypt_pem(&der, password)
}

/// The seed inside an Ed25519 PKCS#8 document.
fn ed25519_seed(der: &[u8]) -> Option<[u8; 32]> {
    let at = der.windows(4).position(|w| w == [0x04, 0x22, 0x04, 0x20])?;
    der.get(at + 4..at + 36)?.try_into().ok()
}

fn encrypt_pem(der: &[u8], password: &[u8]) -> Result<Zeroizing<String>, KeyError> {
    let sealed = kdf::encrypt(der, password)
        .map_err(|e| KeyError::new(format!("could not encrypt the key: {e}")))?;
    let b64 = B64.encode(sealed);
    let mut s = Zeroizing::new(format!("-----BEGIN {ENCRYPTED_LABEL}-----\n"));
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).expect("bug: base64 is ASCII"));
        s.push('\n');
    }
    s.push_str(&format!("-----END {ENCRYPTED_LABEL}-----\n"));
    Ok(s)
}

fn decrypt_pem(pem: &[u8], password: &[u8], file: &Path) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let (label, sealed) = parse_pem(pem).map_err(|why| {
        KeyError::new(format!("{} is not a key file: {why}", file.display()))
            .hint("give the key file written by `policypress keygen`")
    })?;
    if label != ENCRYPTED_LABEL && label != ENCRYPTED_LABEL_COSIGN {
        return Err(KeyError::new(format!(
            "{} holds a {label}, not an encrypted private key",
            file.display()
        ))
        .hint("private keys are kept encrypted; create them with `policypress keygen`"));
    }
    // Tell a wrong password apart from a damaged file: the envelope parses
    // either way, only the authenticated decryption fails.
    let envelope: serde_json::Value = serde_json::from_slice(&sealed).map_err(|_| {
        KeyError::new(format!(
            "{} is damaged: its contents are not readable",
            file.display()
        ))
    })?;
    if envelope.get("ciphertext").is_none() {
        return Err(KeyError::new(format!(
            "{} is damaged: it has no ciphertext",
            file.display()
        )));
    }
    kdf::decrypt(&sealed, password).map(Zeroizing::new).map_err(|e| {
        let text = e.to_string();
        if text.contains("kdf") || text.contains("cipher name") {
            KeyError::new(format!("{} uses an unsupported encryption: {text}", file.display()))
        } else {
            KeyError::new(format!("wrong password for {}", file.display())).hint(format!(
                "give the password chosen at `policypress keygen`, in {PASSWORD_ENV} or at the prompt"
            ))
        }
    })
}

fn parse_pem(pem: &[u8]) -> Result<(String, Vec<u8>), String> {
    let text = std::str::from_utf8(pem).map_err(|_| "not text".to_string())?;
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    let first = lines.next().ok_or("empty file")?;
    let label = first
        .strip_prefix("-----BEGIN ")
        .and_then(|l| l.strip_suffix("-----"))
        .ok_or("no PEM header")?
        .to_string();
    let end = format!("-----END {label}-----");
    let mut b64 = String::new();
    let mut ended = false;
    for l in lines.by_ref() {
        if l == end {
            ended = true;
            break;
        }
        b64.push_str(l);
    }
    if !ended {
        return Err("no PEM footer".into());
    }
    // A second block would be read by some tools and not by others.
    if lines.any(|l| !l.is_empty()) {
        return Err("has text after its PEM footer".into());
    }
    let der = B64.decode(b64).map_err(|_| "damaged base64".to_string())?;
    Ok((label, der))
}

/// The password: `POLICYPRESS_KEY_PASSWORD`, or asked on the terminal
/// without echo (twice when `confirm`, for a new key).
pub fn password(prompt: &str, confirm: bool) -> Result<Zeroizing<String>, KeyError> {
    let empty = || {
        KeyError::new("the password is empty")
            .hint("choose a password; it protects the signing keys at rest")
    };
    if let Ok(p) = std::env::var(PASSWORD_ENV) {
        if p.is_empty() {
            return Err(KeyError::new(format!("{PASSWORD_ENV} is set but empty"))
                .hint("an empty password protects nothing: set the keys' password"));
        }
        return Ok(Zeroizing::new(p));
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(
            KeyError::new("no password: nothing to ask it on").hint(format!(
                "set {PASSWORD_ENV}, or run the command on a terminal"
            )),
        );
    }
    let first = Zeroizing::new(
        rpassword::prompt_password(prompt)
            .map_err(|e| KeyError::new(format!("could not read the password: {e}")))?,
    );
    if first.is_empty() {
        return Err(empty());
    }
    if confirm {
        let again = Zeroizing::new(
            rpassword::prompt_password("Repeat the password: ")
                .map_err(|e| KeyError::new(format!("could not read the password: {e}")))?,
        );
        if *again != *first {
            return Err(KeyError::new("the passwords differ; no key was written"));
        }
    }
    Ok(first)
}

/// The default folder for a site's private keys:
/// `$XDG_CONFIG_HOME/policypress/keys/<origin>/` (or `~/.config/…`), never
/// inside the site folder.
pub fn default_key_dir(origin: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(
        base.join("policypress")
            .join("keys")
            .join(safe_name(origin)),
    )
}

/// The default folder for remembered state (checkpoints seen by `verify`):
/// `$XDG_STATE_HOME/policypress/` (or `~/.local/state/…`).
pub fn default_state_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state"))
        })?;
    Some(base.join("policypress"))
}

/// An origin made into one safe file name.
pub fn safe_name(origin: &str) -> String {
    origin
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Writes a secret file with mode 0600, refusing to replace an existing one.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::new(format!("{} already exists; no key was replaced", path.display()))
                .hint("a new key cannot sign for an existing log; move the old keys away only if you mean to start over")
        } else {
            KeyError::new(format!("creating {}: {e}", path.display()))
        }
    })?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| KeyError::new(format!("writing {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_key_round_trips_and_signs() {
        let k = ArtifactKey::generate().unwrap();
        let pem = k.to_encrypted_pem(b"secret").unwrap();
        assert!(pem.starts_with("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"));
        let back =
            ArtifactKey::from_encrypted_pem(pem.as_bytes(), b"secret", Path::new("k")).unwrap();
        assert_eq!(back.public_der(), k.public_der());
        let sig = back.sign(b"hello").unwrap();
        assert!(verify_p256(k.public_der(), b"hello", &sig));
        assert!(!verify_p256(k.public_der(), b"hellO", &sig));
        let der = parse_public_pem(&k.public_pem()).unwrap();
        assert_eq!(der, k.public_der());
    }

    #[test]
    fn wrong_password_and_damaged_files_are_told_apart() {
        let k = ArtifactKey::generate().unwrap();
        let pem = k.to_encrypted_pem(b"secret").unwrap();
        let e = ArtifactKey::from_encrypted_pem(pem.as_bytes(), b"guess", Path::new("my.key"))
            .err()
            .unwrap();
        assert!(e.message.starts_with("wrong password for my.key"), "{e}");
        let e = ArtifactKey::from_encrypted_pem(b"hello", b"secret", Path::new("my.key"))
            .err()
            .unwrap();
        assert!(e.message.contains("not a key file"), "{e}");
        let cut = pem.replace("\n-----END", "AAAA\n-----END");
        let e = ArtifactKey::from_encrypted_pem(cut.as_bytes(), b"secret", Path::new("my.key"))
            .err()
            .unwrap();
        assert!(e.message.contains("damaged"), "{e}");
    }

    #[test]
    fn public_keys_are_read_strictly() {
        let k = ArtifactKey::generate().unwrap();
        let der = k.public_der().to_vec();
        assert!(P256Key::from_der(&der).is_ok());
        // Trailing bytes, a long-form length (BER, not DER), another
        // algorithm, and bytes that are no key at all.
        let mut trailing = der.clone();
        trailing.push(0);
        let mut long_form = vec![0x30, 0x81];
        long_form.extend_from_slice(&der[1..]);
        let ed25519 = {
            let mut d = vec![
                0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
            ];
            d.extend_from_slice(&[3; 32]);
            d
        };
        for bad in [trailing, long_form, ed25519, b"hello".to_vec(), Vec::new()] {
            let e = P256Key::from_der(&bad).err().expect("a bad key is refused");
            assert!(e.contains("P-256") || e.contains("DER"), "{e}");
        }
        // A second PEM block after the first could be read by one tool and
        // not another.
        let two = format!("{}{}", k.public_pem(), public_pem(&[1, 2, 3]));
        assert_eq!(
            parse_public_pem(&two).unwrap_err(),
            "has text after its PEM footer"
        );
        let padded = format!("\n{}\n\n", k.public_pem());
        assert_eq!(parse_public_pem(&padded).unwrap(), der);
    }

    #[test]
    fn checkpoint_key_round_trips() {
        let s = tlog::Signer::generate("example.org/log").unwrap();
        let pem = checkpoint_key_to_pem(&s, b"pw").unwrap();
        let back =
            checkpoint_signer_from_pem(pem.as_bytes(), b"pw", "example.org/log", Path::new("c"))
                .unwrap();
        assert_eq!(
            back.verifier().to_key_string(),
            s.verifier().to_key_string()
        );
        // An artifact key is not a checkpoint key.
        let a = ArtifactKey::generate()
            .unwrap()
            .to_encrypted_pem(b"pw")
            .unwrap();
        let e = checkpoint_signer_from_pem(a.as_bytes(), b"pw", "example.org/log", Path::new("c"))
            .err()
            .unwrap();
        assert!(e.message.contains("not an Ed25519"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600_and_never_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        write_private(&p, b"x").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let e = write_private(&p, b"y").unwrap_err();
        assert!(e.message.contains("already exists"), "{e}");
        assert_eq!(fs::read(&p).unwrap(), b"x");
    }
}
