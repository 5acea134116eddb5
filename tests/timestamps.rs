//! Trusted time: RFC 3161 tokens from a timestamp authority written
//! elsewhere (`openssl ts -reply`, see `common/tsa.rs`), asked for by
//! `publish` and checked by `verify` against the committed certificates.

use std::time::Duration;

use policypress::tsa::{self, Trust};

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
    Trust::new(vec![tsa::parse_chain(name, &t.chain()).unwrap()])
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
    let (resp, stamp) = tsa::obtain(&agent(), &good.url, &signature, &trust).unwrap();
    assert_eq!(
        tsa::check_response(&resp, &signature, &trust)
            .unwrap()
            .stamp,
        stamp
    );
    let token = tsa::token_from_response(&resp).unwrap();
    assert_eq!(stamp.authority, "good");
    assert!((stamp.unix - before).abs() < 60, "{stamp:?}");
    let checked = tsa::check(&token, &signature, &trust).unwrap();
    assert_eq!(checked.stamp, stamp);

    // openssl itself accepts the token over the signature.
    std::fs::write(work.path().join("token.der"), &resp).unwrap();
    std::fs::write(work.path().join("sig.bin"), &signature).unwrap();
    let o = std::process::Command::new("openssl")
        .args([
            "ts",
            "-verify",
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

/// Each TSA certificate's chain is checked once and then remembered: a
/// second token of the same authority that carries another certificate
/// (here one made with the same names, issued by a key that is not the
/// committed root's, and even listed in the committed file) is still
/// refused, as it is when it is the first token checked.
#[test]
fn a_remembered_chain_does_not_let_a_forged_certificate_through() {
    let work = tempfile::tempdir().unwrap();
    let good =
        TestTsa::make(&work.path().join("good"), "Good", "critical,timeStamping").start(|r| r);
    let forger = TestTsa::make(&work.path().join("forger"), "Good", "critical,timeStamping");
    // The forger's tokens carry its TSA certificate only, so that every
    // certificate they carry is in the committed file below.
    std::fs::copy(forger.dir.join("tsa.crt"), forger.dir.join("chain.pem")).unwrap();
    let committed = [
        std::fs::read_to_string(good.dir.join("tsa.crt")).unwrap(),
        std::fs::read_to_string(forger.dir.join("tsa.crt")).unwrap(),
        std::fs::read_to_string(good.dir.join("ca.crt")).unwrap(),
    ]
    .concat();
    let fresh = || {
        Trust::new(vec![
            tsa::parse_chain("good", committed.as_bytes()).unwrap(),
        ])
    };
    let signature = b"the signature of an artifact".to_vec();
    let (genuine, _) = tsa::obtain(&agent(), &good.url, &signature, &fresh()).unwrap();
    let forged = forger.reply(&tsa::request(&signature).0);

    // Checked first, the forged token fails.
    let first = tsa::check_response(&forged, &signature, &fresh()).unwrap_err();
    // Checked after genuine tokens of the same authority (their chain
    // remembered), it fails the same way; the genuine ones still pass.
    let trust = fresh();
    for _ in 0..3 {
        tsa::check_response(&genuine, &signature, &trust).unwrap();
    }
    let after = tsa::check_response(&forged, &signature, &trust).unwrap_err();
    assert_eq!(after, first);
    tsa::check_response(&genuine, &signature, &trust).unwrap();
    // A genuine token altered anywhere after its chain was remembered is
    // refused as well.
    let token = tsa::token_from_response(&genuine).unwrap();
    let mut accepted = 0;
    for i in 0..token.len() {
        let mut t = token.clone();
        t[i] ^= 0x01;
        if tsa::check(&t, &signature, &trust).is_ok() {
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

struct Env {
    home: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args(args)
            .env("POLICYPRESS_KEY_PASSWORD", "pw")
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The example site with keys, naming `url` as its timestamp authority.
fn site_with_tsa(env: &Env, dir: &std::path::Path, url: &str) -> std::path::PathBuf {
    let site = dir.join("site");
    common::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
    let o = env.run(&["keygen", "--site", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let toml = site.join("content/site.toml");
    let s = std::fs::read_to_string(&toml).unwrap();
    let s = s.replacen(
        "[transparency]\n",
        &format!("[transparency]\ntimestamp_authorities = [\"{url}\"]\n"),
        1,
    );
    std::fs::write(&toml, s).unwrap();
    site
}

/// The example site naming an authority that is down (at the address
/// returned), with the chain of `name`, an authority made but not started:
/// `tsa.start_on(&addr, …)` brings it up at that address.
fn site_with_tsa_down(
    env: &Env,
    dir: &std::path::Path,
    name: &str,
) -> (std::path::PathBuf, String, TestTsa) {
    let down = test_tsa::down_url();
    let addr = down
        .trim_start_matches("http://")
        .trim_end_matches("/tsr")
        .to_string();
    let tsa = TestTsa::make(&dir.join("tsa"), name, "critical,timeStamping");
    let site = site_with_tsa(env, dir, &down);
    commit_chain(&site, &down, &tsa);
    (site, addr, tsa)
}

fn commit_chain(site: &std::path::Path, url: &str, t: &TestTsa) {
    let dir = site.join("transparency/tsa");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(tsa::file_name(url).unwrap()), t.chain()).unwrap();
}

/// Every bundle under `dir` with its JSON.
fn bundles(dir: &std::path::Path) -> Vec<(std::path::PathBuf, serde_json::Value)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(bundles(&p));
        } else if p.to_string_lossy().ends_with(".sigstore.json") {
            let v = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            out.push((p, v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn b64(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn token_of(v: &serde_json::Value) -> Vec<u8> {
    b64(v["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"][0]
        ["signedTimestamp"]
        .as_str()
        .expect("a timestamp in the bundle"))
}

fn with_token(v: &serde_json::Value, token: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let mut v = v.clone();
    v["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"][0]["signedTimestamp"] =
        base64::engine::general_purpose::STANDARD
            .encode(token)
            .into();
    serde_json::to_vec_pretty(&v).unwrap()
}

#[test]
fn publish_stamps_every_entry_and_verify_checks_every_token() {
    let work = tempfile::tempdir().unwrap();
    let env = Env::new();
    let good =
        TestTsa::make(&work.path().join("good"), "Good", "critical,timeStamping").start(|r| r);
    let site = site_with_tsa(&env, work.path(), &good.url);
    let s = site.to_str().unwrap();

    // An authority without its committed chain: check says which file.
    let o = env.run(&["check", "--site", s, "--as-of", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let file = format!("transparency/tsa/{}", tsa::file_name(&good.url).unwrap());
    assert!(text(&o).contains(&file), "{}", text(&o));
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!site.join("transparency/log/checkpoint").exists());

    commit_chain(&site, &good.url, &good);
    let o = env.run(&["check", "--site", s, "--as-of", "2026-11-25"]);
    assert!(!text(&o).contains(&file), "{}", text(&o));
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("timestamp"), "{}", text(&o));

    // Every bundle carries a token over its signature, which openssl
    // verifies against the committed root.
    let all = bundles(&site.join("transparency/bundles"));
    assert!(all.len() > 5);
    assert!(
        all.iter()
            .any(|(p, _)| p.to_string_lossy().contains("site-policy"))
    );
    for (k, (_, v)) in all.iter().enumerate() {
        let sig = b64(v["messageSignature"]["signature"].as_str().unwrap());
        let tok = work.path().join(format!("t{k}.der"));
        let data = work.path().join(format!("s{k}.bin"));
        std::fs::write(&tok, token_of(v)).unwrap();
        std::fs::write(&data, &sig).unwrap();
        let o = std::process::Command::new("openssl")
            .args(["ts", "-verify", "-in"])
            .arg(&tok)
            .arg("-data")
            .arg(&data)
            .arg("-CAfile")
            .arg(good.dir.join("ca.crt"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o));
    }

    // verify reports each version's sealing time; the example's versions
    // were published long before today, so they are sealed late: a
    // finding, not a failure, unless --strict.
    let o = env.run(&["verify", s]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("sealed 20"), "{out}");
    assert!(out.contains("sealed late"), "{out}");
    assert!(out.contains("notice not proven in time"), "{out}");
    let o = env.run(&["verify", s, "--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));

    // verify-proof checks a downloaded version's timestamp too: with the
    // authority's chain it says when the version was sealed; without it,
    // or with a changed token, it fails rather than pass over the time.
    let tdir = site.join("transparency");
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tdir.join("index.json")).unwrap()).unwrap();
    let e = index["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "version")
        .unwrap();
    let artifact = tdir.join(e["artifact"].as_str().unwrap());
    let bundle = tdir.join(e["bundle"].as_str().unwrap());
    let chain = site.join(&file);
    let proof = |bundle: &std::path::Path, tsa: bool| {
        let mut args = vec![
            "verify-proof".to_string(),
            artifact.display().to_string(),
            bundle.display().to_string(),
            "--log-key".into(),
            tdir.join("log.vkey").display().to_string(),
            "--publisher-key".into(),
            tdir.join("publisher.pub").display().to_string(),
        ];
        if tsa {
            args.extend(["--tsa".to_string(), chain.display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.run(&args)
    };
    let o = proof(&bundle, true);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("sealed 20"), "{}", text(&o));
    let o = proof(&bundle, false);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("--tsa"), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&bundle).unwrap()).unwrap();
    let mut token = token_of(&v);
    let last = token.len() - 1;
    token[last] ^= 1;
    let changed = work.path().join("changed.sigstore.json");
    std::fs::write(&changed, with_token(&v, &token)).unwrap();
    let o = proof(&changed, true);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("timestamp does not verify"),
        "{}",
        text(&o)
    );
    // In JSON the sealing time is a field of its own, as RFC 3339.
    let mut args = vec![
        "verify-proof",
        "--format",
        "json",
        "--tsa",
        chain.to_str().unwrap(),
        "--log-key",
    ];
    let (vkey, pubkey) = (tdir.join("log.vkey"), tdir.join("publisher.pub"));
    args.extend([vkey.to_str().unwrap(), "--publisher-key"]);
    args.extend([pubkey.to_str().unwrap(), artifact.to_str().unwrap()]);
    args.push(bundle.to_str().unwrap());
    let o = env.run(&args);
    assert!(o.status.success(), "{}", text(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let at = j["sealed_at"].as_str().unwrap_or_else(|| panic!("{j:#}"));
    assert!(
        at.starts_with("20") && at.ends_with('Z') && at.contains('T'),
        "{at}"
    );
    assert_eq!(j["checks"][6]["check"], "time", "{j:#}");
    assert_eq!(j["checks"][6]["result"], "note", "{j:#}");

    // The verify page says, in both languages, what the timestamps prove
    // and what not, and how to check one with openssl ts.
    let public = work.path().join("public");
    let o = env.run(&[
        "build",
        "--site",
        s,
        "--as-of",
        "2026-11-25",
        "--out",
        public.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    for (lang, heading, limit) in [
        (
            "en",
            "When each text was sealed",
            "every reader sees the same log",
        ),
        (
            "nl",
            "Wanneer iedere tekst werd vastgelegd",
            "iedere lezer hetzelfde logboek ziet",
        ),
    ] {
        let page = std::fs::read_to_string(public.join(lang).join("verify/index.html")).unwrap();
        // The command to check a kept proof names the authority's chain.
        assert!(
            page.contains("--tsa "),
            "{lang}: verify-proof without --tsa"
        );
        assert!(page.contains(heading), "{lang}");
        assert!(page.contains(limit), "{lang}");
        assert!(
            page.contains("openssl ts -verify -in timestamp.tsr"),
            "{lang}"
        );
        assert!(page.contains(&file), "{lang}");
    }
    // Each version page says when it was sealed, and what that proves:
    // the example's versions were entered long after their dates, and the
    // notice of 2.1 was sealed less than 30 days before it takes effect.
    let page =
        std::fs::read_to_string(public.join("en/documents/privacyverklaring/2.1/index.html"))
            .unwrap();
    assert!(page.contains("Sealed (timestamp)"), "{page}");
    assert!(page.contains("entered in the log afterwards"), "{page}");
    assert!(
        page.contains("not sealed 30 days before it took effect"),
        "{page}"
    );
    let page =
        std::fs::read_to_string(public.join("nl/documents/privacyverklaring/2.1/index.html"))
            .unwrap();
    assert!(page.contains("achteraf in het logboek gezet"), "{page}");
    // The chain is published with the log, where the page points.
    assert!(public.join(&file).is_file());
    // A relationship's page says when its state was sealed, and, the way a
    // version's page does, that a state sealed more than 7 days after it
    // took effect was entered afterwards; one that starts later was not.
    for (lang, sealed, late) in [
        ("en", "Sealed (timestamp)", "entered in the log afterwards"),
        (
            "nl",
            "Vastgelegd (tijdstempel)",
            "achteraf in het logboek gezet",
        ),
    ] {
        let page = |slug: &str| {
            std::fs::read_to_string(
                public
                    .join(lang)
                    .join(format!("relationships/{slug}/index.html")),
            )
            .unwrap()
        };
        let old = page("duo-bron");
        assert!(old.contains(sealed), "{lang}: {old}");
        assert!(old.contains(late), "{lang}: {old}");
        assert!(
            old.contains(if lang == "en" {
                "1 August 2012"
            } else {
                "1 augustus 2012"
            }),
            "{lang}: {old}"
        );
        let coming = page("kindbeeld-volgsysteem");
        assert!(coming.contains(sealed), "{lang}: {coming}");
        assert!(!coming.contains(late), "{lang}: {coming}");
    }

    // Each tampering with a token fails verify.
    let (path, v) = &all[1];
    let original = std::fs::read(path).unwrap();
    let other_token = token_of(&all[2].1);
    let sig = b64(v["messageSignature"]["signature"].as_str().unwrap());
    // A token from an authority the site does not name, over the right
    // signature.
    let stranger = TestTsa::make(
        &work.path().join("stranger"),
        "Stranger",
        "critical,timeStamping",
    );
    let stranger_token = stranger.reply(&tsa::request(&sig).0);
    let token = token_of(v);
    let mut altered = token.clone();
    let n = altered.len();
    altered[n - 40] ^= 0x20;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("another signature", other_token, "over another signature"),
        (
            "truncated",
            token[..token.len() - 7].to_vec(),
            "timestamp 1",
        ),
        (
            "a bare token, not a response",
            tsa::token_from_response(&token).unwrap(),
            "timestamp 1",
        ),
        ("altered", altered, "timestamp 1"),
        ("unknown TSA", stranger_token, "not in transparency/tsa/"),
    ];
    for (what, t, says) in cases {
        std::fs::write(path, with_token(v, &t)).unwrap();
        let o = env.run(&["verify", s]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o));
        assert!(text(&o).contains(says), "{what}: {}", text(&o));
    }
    std::fs::write(path, &original).unwrap();
    let o = env.run(&["verify", s]);
    assert!(o.status.success(), "{}", text(&o));

    // The checkpoint stays open for witnesses: a cosignature line (C2SP
    // tlog-cosignature: a key hash, a timestamp and an Ed25519 signature)
    // by a key verify does not know is no reason to reject it.
    use base64::Engine;
    let cp = site.join("transparency/log/checkpoint");
    let mut note = std::fs::read_to_string(&cp).unwrap();
    let mut cosig = vec![0x5au8; 4 + 8 + 64];
    cosig[4..12].copy_from_slice(&1_764_000_000u64.to_be_bytes());
    note.push_str(&format!(
        "\u{2014} witness.example/w {}\n",
        base64::engine::general_purpose::STANDARD.encode(&cosig)
    ));
    std::fs::write(&cp, note).unwrap();
    let o = env.run(&["verify", s]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_tsa_that_is_down_stops_publish_and_pending_timestamps_are_added_later() {
    let work = tempfile::tempdir().unwrap();
    let env = Env::new();
    let (site, addr, tsa) = site_with_tsa_down(&env, work.path(), "Later");
    let s = site.to_str().unwrap();

    // Down: publish fails, says why and what to do, and changes nothing.
    let before = common::read_tree(&site.join("transparency"));
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("cannot reach the timestamp authority"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("--no-timestamp"), "{}", text(&o));
    assert_eq!(common::read_tree(&site.join("transparency")), before);

    // Sealed without timestamps: verify passes and says so; --strict fails.
    let o = env.run(&[
        "publish",
        "--site",
        s,
        "--as-of",
        "2026-11-25",
        "--no-timestamp",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("without timestamps"), "{}", text(&o));
    let o = env.run(&["verify", s]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("not timestamped"), "{}", text(&o));
    assert!(!text(&o).contains("sealed 20"), "{}", text(&o));
    let o = env.run(&["verify", s, "--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let public = work.path().join("public");
    let build = |env: &Env| {
        let o = env.run(&[
            "build",
            "--site",
            s,
            "--as-of",
            "2026-11-25",
            "--out",
            public.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", text(&o));
        std::fs::read_to_string(public.join("en/documents/privacyverklaring/2.1/index.html"))
            .unwrap()
    };
    assert!(build(&env).contains("no timestamp yet"));

    // The authority is back: the missing timestamps are added in a new
    // entry that names the entries it stamps.
    let _up = tsa.start_on(&addr, |r| r);
    let size = |site: &std::path::Path| {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(site.join("transparency/index.json")).unwrap())
                .unwrap();
        v["entries"].as_array().unwrap().len()
    };
    let n = size(&site);
    let o = env.run(&[
        "publish",
        "--site",
        s,
        "--as-of",
        "2026-11-25",
        "--timestamp-pending",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(size(&site), n + 1);
    let stamps: serde_json::Value = serde_json::from_slice(
        &std::fs::read(site.join("transparency/artifacts/timestamps/1.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(stamps["type"], "policypress.timestamps/v1");
    assert_eq!(stamps["entries"].as_array().unwrap().len(), n);
    let o = env.run(&["verify", s]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("not timestamped"), "{}", text(&o));
    assert!(text(&o).contains("sealed 20"), "{}", text(&o));
    let page = build(&env);
    assert!(!page.contains("no timestamp yet"));
    assert!(page.contains("Sealed (timestamp)"));
    // Nothing is left to stamp.
    let o = env.run(&[
        "publish",
        "--site",
        s,
        "--as-of",
        "2026-11-25",
        "--timestamp-pending",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Every sealed entry has a timestamp"),
        "{}",
        text(&o)
    );
    assert_eq!(size(&site), n + 1);
}

/// The notice period is sealed in the site's policy: a publisher who
/// lowers it afterwards seals a new policy, and verify says so, naming
/// both periods, so a reader sees the change and not only notices that
/// now pass.
#[test]
fn a_lowered_notice_period_is_told_by_verify() {
    let work = tempfile::tempdir().unwrap();
    let env = Env::new();
    let good =
        TestTsa::make(&work.path().join("good"), "Good", "critical,timeStamping").start(|r| r);
    let site = site_with_tsa(&env, work.path(), &good.url);
    commit_chain(&site, &good.url, &good);
    let s = site.to_str().unwrap();
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = env.run(&["verify", s]);
    assert!(!text(&o).contains("lowers the notice"), "{}", text(&o));

    let toml = site.join("content/site.toml");
    let t = std::fs::read_to_string(&toml).unwrap();
    assert!(t.contains("material_notice_days = 30"), "{t}");
    std::fs::write(
        &toml,
        t.replace("material_notice_days = 30", "material_notice_days = 7"),
    )
    .unwrap();
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-26"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = env.run(&["verify", s]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o)
            .contains("the site's policy lowers the notice of a material change from 30 to 7 days"),
        "{}",
        text(&o)
    );
    // Told, not failed: a site may change its policy, in the open.
    let o = env.run(&["verify", s, "--strict"]);
    assert!(text(&o).contains("lowers the notice"), "{}", text(&o));
}

/// `keygen --rotate` and `keygen --new-log` seal entries too: with the
/// site's timestamp authorities they get their tokens as `publish` does,
/// and an authority that is down stops them with nothing changed, unless
/// `--no-timestamp`.
#[test]
fn keygen_timestamps_the_entries_it_seals() {
    let work = tempfile::tempdir().unwrap();
    let env = Env::new();
    let (site, addr, tsa) = site_with_tsa_down(&env, work.path(), "Keys");
    let s = site.to_str().unwrap();
    let o = env.run(&[
        "publish",
        "--site",
        s,
        "--as-of",
        "2026-11-25",
        "--no-timestamp",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let config = env.home.path().join("config");
    let snapshot = || {
        (
            common::read_tree(&site.join("transparency")),
            common::read_tree(&site.join("content")),
            common::read_tree(&config),
        )
    };

    // The authority is down: neither changes anything, and both say why
    // and what to do.
    let before = snapshot();
    for args in [
        vec!["keygen", "--site", s, "--rotate"],
        vec!["keygen", "--site", s, "--new-log", "--as-of", "2026-11-25"],
    ] {
        let o = env.run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("cannot reach the timestamp authority"),
            "{args:?}: {}",
            text(&o)
        );
        assert!(
            text(&o).contains("--no-timestamp"),
            "{args:?}: {}",
            text(&o)
        );
        assert!(snapshot() == before, "{args:?} changed something");
    }
    // --no-timestamp rotates; the transition is shown as not timestamped.
    let o = env.run(&["keygen", "--site", s, "--rotate", "--no-timestamp"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("without timestamps"), "{}", text(&o));
    let transition = |n: u32| {
        serde_json::from_slice::<serde_json::Value>(
            &std::fs::read(site.join(format!("transparency/bundles/keys/{n}.sigstore.json")))
                .unwrap(),
        )
        .unwrap()
    };
    assert!(transition(1)["verificationMaterial"]["timestampVerificationData"].is_null());

    // The authority is up: what is pending is stamped, and the next
    // rotation is stamped as it is sealed.
    let trust = trust_of(&tsa, "x");
    let _up = tsa.start_on(&addr, |r| r);
    let o = env.run(&[
        "publish",
        "--site",
        s,
        "--as-of",
        "2026-11-25",
        "--timestamp-pending",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = env.run(&["keygen", "--site", s, "--rotate"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("has a timestamp"), "{}", text(&o));
    let t = transition(2);
    let sig = b64(t["messageSignature"]["signature"].as_str().unwrap());
    tsa::check_response(&token_of(&t), &sig, &trust).unwrap();
    let o = env.run(&["verify", s]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("not timestamped"), "{}", text(&o));

    // A new log: the site policy first, then every entry, each stamped.
    let o = env.run(&["keygen", "--site", s, "--new-log", "--as-of", "2026-11-25"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("has a timestamp"), "{}", text(&o));
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("transparency/index.json")).unwrap())
            .unwrap();
    let entries = index["entries"].as_array().unwrap();
    assert_eq!(entries[0]["kind"], "site-policy");
    for e in entries {
        let b: serde_json::Value = serde_json::from_slice(
            &std::fs::read(
                site.join("transparency")
                    .join(e["bundle"].as_str().unwrap()),
            )
            .unwrap(),
        )
        .unwrap();
        let sig = b64(b["messageSignature"]["signature"].as_str().unwrap());
        tsa::check_response(&token_of(&b), &sig, &trust).unwrap();
    }
    // A reader new to the site sees the new log verify, every entry timed.
    let o = Env::new().run(&["verify", s]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("not timestamped"), "{}", text(&o));
    assert!(text(&o).contains("sealed 20"), "{}", text(&o));
}
