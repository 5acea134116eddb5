//! Trusted time: RFC 3161 tokens from a timestamp authority written
//! elsewhere (`openssl ts -reply`, see `common/tsa.rs`), asked for by
//! `publish` and checked by `verify` against the committed certificates.

use std::time::Duration;

use policypress::tsa::{self, Trust};

#[allow(dead_code)]
mod common;
#[path = "common/tsa.rs"]
mod test_tsa;
use test_tsa::TestTsa;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn trust_of(t: &TestTsa, name: &str) -> Trust {
    Trust {
        authorities: vec![tsa::parse_chain(name, &t.chain()).unwrap()],
    }
}

#[test]
fn tokens_verify_and_every_tampering_fails() {
    let work = tempfile::tempdir().unwrap();
    let good =
        TestTsa::make(&work.path().join("good"), "Good", "critical,timeStamping").start(|r| r);
    let other = TestTsa::make(&work.path().join("other"), "Other", "critical,timeStamping");
    let trust = trust_of(&good, "good");
    let signature = b"the signature of an artifact".to_vec();

    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (token, stamp) = tsa::obtain(&agent(), &good.url, &signature, &trust).unwrap();
    assert_eq!(stamp.authority, "good");
    assert!((stamp.unix - before).abs() < 60, "{stamp:?}");
    let checked = tsa::check(&token, &signature, &trust).unwrap();
    assert_eq!(checked.stamp, stamp);

    // openssl itself accepts the token over the signature.
    std::fs::write(work.path().join("token.der"), &token).unwrap();
    std::fs::write(work.path().join("sig.bin"), &signature).unwrap();
    let o = std::process::Command::new("openssl")
        .args([
            "ts",
            "-verify",
            "-token_in",
            "-in",
            "token.der",
            "-data",
            "sig.bin",
            "-CAfile",
        ])
        .arg(good.dir.join("ca.crt"))
        .arg("-untrusted")
        .arg(good.dir.join("tsa.crt"))
        .current_dir(work.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Over another signature.
    let e = tsa::check(&token, b"another signature", &trust).unwrap_err();
    assert!(e.contains("over another signature"), "{e}");
    // From a TSA whose certificates are not committed.
    let e = tsa::check(&token, &signature, &trust_of(&other, "other")).unwrap_err();
    assert!(e.contains("not in transparency/tsa/"), "{e}");
    let e = tsa::check(&token, &signature, &Trust::default()).unwrap_err();
    assert!(e.contains("not in transparency/tsa/"), "{e}");
    // Truncated.
    for cut in [1, 10, token.len() / 2] {
        let e = tsa::check(&token[..token.len() - cut], &signature, &trust).unwrap_err();
        assert!(!e.is_empty());
    }
    // Altered: every single byte changed, one at a time, is refused (or
    // decodes to the same token, as a bit in an unused field could).
    let mut accepted = 0;
    for i in 0..token.len() {
        let mut t = token.clone();
        t[i] ^= 0x01;
        if tsa::check(&t, &signature, &trust).is_ok() {
            eprintln!("accepted a change at byte {i}");
            accepted += 1;
        }
    }
    assert_eq!(accepted, 0, "a changed byte was accepted");
}

#[test]
fn a_tsa_that_is_down_or_answers_badly_is_an_error() {
    let work = tempfile::tempdir().unwrap();
    let good = TestTsa::make(&work.path().join("good"), "Good", "critical,timeStamping");
    let trust = trust_of(&good, "good");
    let e = tsa::obtain(&agent(), &test_tsa::down_url(), b"sig", &trust).unwrap_err();
    assert!(e.contains("cannot reach the timestamp authority"), "{e}");

    let garbage = TestTsa::make(&work.path().join("g"), "Good", "critical,timeStamping")
        .start(|r| r[..r.len() / 2].to_vec());
    let e = tsa::obtain(&agent(), &garbage.url, b"sig", &trust_of(&garbage, "g")).unwrap_err();
    assert!(e.contains("answered badly"), "{e}");
}
