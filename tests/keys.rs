//! Keys that are lost or rotated, walked through as a publisher and a
//! reader meet them: the publisher runs `keygen --new-log` or
//! `keygen --rotate`, builds and publishes; a reader who checked the site
//! before runs `verify` again with what it remembered.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::copy_tree;

const ORIGIN: &str = "privacy.waterlinie.example/log";
const AS_OF: &str = "2026-11-25";

/// A publisher's site with its keys, and a reader's remembered state.
struct World {
    home: tempfile::TempDir,
    site: PathBuf,
    public: PathBuf,
}

impl World {
    /// A copy of the example site with a log: keys made, published, built.
    fn new() -> World {
        let home = tempfile::tempdir().unwrap();
        let site = home.path().join("site");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &site.join("content"),
        );
        let toml = site.join("content/site.toml");
        let mut t = fs::read_to_string(&toml).unwrap();
        t.push_str(&format!("\n[transparency]\norigin = \"{ORIGIN}\"\n"));
        fs::write(&toml, t).unwrap();
        let public = home.path().join("public");
        let w = World { home, site, public };
        w.ok(&["keygen", "--site", w.s()]);
        w.ok(&["publish", "--site", w.s(), "--as-of", AS_OF]);
        w.build();
        w
    }

    fn s(&self) -> &str {
        self.site.to_str().unwrap()
    }

    fn p(&self) -> &str {
        self.public.to_str().unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args(args)
            .env("POLICYPRESS_KEY_PASSWORD", "pw")
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?}:\n{}", text(&o));
        text(&o)
    }

    fn build(&self) -> String {
        self.ok(&[
            "build",
            "--site",
            self.s(),
            "--as-of",
            AS_OF,
            "--out",
            self.p(),
        ])
    }

    fn key_dir(&self, origin: &str) -> PathBuf {
        self.home
            .path()
            .join("config/policypress/keys")
            .join(origin.replace('/', "_"))
    }

    fn page(&self, path: &str) -> String {
        fs::read_to_string(self.public.join(path)).unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_lost_key_starts_a_second_log_that_readers_are_told_about() {
    let w = World::new();
    // A reader checks the site and remembers its log.
    let first = w.ok(&["verify", w.p()]);
    assert!(first.contains("remembered"), "{first}");

    // The keys are lost. Making keys again the old way is refused, and says
    // what to do instead.
    fs::remove_dir_all(w.key_dir(ORIGIN)).unwrap();
    let o = w.run(&["keygen", "--site", w.s()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("--new-log"), "{}", text(&o));

    let said = w.ok(&["keygen", "--site", w.s(), "--new-log", "--as-of", AS_OF]);
    let next = format!("{ORIGIN}2");
    assert!(said.contains(&format!("Started the log {next}")), "{said}");
    assert!(said.contains("its signing keys were lost"), "{said}");
    let toml = fs::read_to_string(w.site.join("content/site.toml")).unwrap();
    assert!(toml.contains(&format!("origin = \"{next}\"")), "{toml}");
    assert!(w.key_dir(&next).join("publisher.key").is_file());
    let t = w.site.join("transparency");
    assert!(t.join("logs/1/log/checkpoint").is_file());
    assert!(t.join("logs/1/log.vkey").is_file());
    let listed = fs::read_to_string(t.join("logs.json")).unwrap();
    assert!(
        listed.contains(&format!("\"origin\": \"{ORIGIN}\"")),
        "{listed}"
    );
    assert!(listed.contains("\"reason\": \"lost\""), "{listed}");

    // The site builds, with both logs, and its verify page says why there
    // are two.
    w.build();
    assert!(
        w.public
            .join("transparency/logs/1/log/checkpoint")
            .is_file()
    );
    for (lang, says) in [("en", "were lost"), ("nl", "kwijtgeraakt")] {
        let page = w.page(&format!("{lang}/verify/index.html"));
        assert!(page.contains(&format!("<code>{next}</code>")), "{page}");
        assert!(page.contains(&format!("<code>{ORIGIN}</code>")), "{page}");
        assert!(page.contains(says), "{lang}: {page}");
        assert!(page.contains("transparency/logs/1/"), "{page}");
    }
    // Publishing again seals nothing new: the new log holds the site.
    let again = w.ok(&["publish", "--site", w.s(), "--as-of", AS_OF]);
    assert!(again.contains("Nothing new to seal"), "{again}");

    // The reader who remembered the first log is stopped, told that the
    // site now serves another log; after checking with the publisher, the
    // reader accepts it, and is told of the earlier one.
    let o = w.run(&["verify", w.p()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(said.contains("a new log at a remembered site"), "{said}");
    assert!(said.contains(&format!("--accept-new-log {next}")), "{said}");
    let accepted = w.ok(&["verify", w.p(), "--accept-new-log", &next]);
    assert!(
        accepted.contains(&format!("accepted the new log {next:?}")),
        "{accepted}"
    );
    assert!(
        accepted.contains(&format!("earlier log {ORIGIN}")),
        "{accepted}"
    );
    // Accepted once, it is remembered.
    w.ok(&["verify", w.p()]);
    // The earlier log still verifies on its own.
    let old = w.ok(&["verify", &format!("{}/transparency/logs/1", w.p())]);
    assert!(old.contains(&format!("checkpoint of {ORIGIN}:")), "{old}");

    // A damaged earlier log stops the build.
    let vkey = t.join("logs/1/log.vkey");
    fs::copy(t.join("log.vkey"), &vkey).unwrap();
    let o = w.run(&["build", "--site", w.s(), "--as-of", AS_OF, "--out", w.p()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("logs/1"), "{}", text(&o));
}

#[test]
fn a_rotation_is_followed_by_readers_who_remember_and_shown_to_others() {
    let w = World::new();
    let first = w.ok(&["verify", w.p()]);
    assert!(first.contains("remembered"), "{first}");
    let t = w.site.join("transparency");
    let old_pub = fs::read(t.join("publisher.pub")).unwrap();
    let old_vkey = fs::read(t.join("log.vkey")).unwrap();

    let said = w.ok(&["keygen", "--site", w.s(), "--rotate"]);
    assert!(said.contains("key transition 1 is entry #19"), "{said}");
    // The old public keys are kept, the fixed names hold the new ones.
    assert_eq!(fs::read(t.join("keys/1/publisher.pub")).unwrap(), old_pub);
    assert_eq!(fs::read(t.join("keys/1/log.vkey")).unwrap(), old_vkey);
    assert_ne!(fs::read(t.join("publisher.pub")).unwrap(), old_pub);
    assert_ne!(fs::read(t.join("log.vkey")).unwrap(), old_vkey);
    assert!(w.key_dir(ORIGIN).join("retired/1/publisher.key").is_file());

    // A publish after it signs with the new keys.
    let rel = w.site.join("content/relationships/duo-bron.toml");
    let toml = fs::read_to_string(&rel).unwrap();
    fs::write(
        &rel,
        toml.replacen("countries = [\"NL\"]", "countries = [\"NL\", \"BE\"]", 1),
    )
    .unwrap();
    let sealed = w.ok(&["publish", "--site", w.s(), "--as-of", AS_OF]);
    assert!(sealed.contains("Sealed 1 artifact"), "{sealed}");
    w.build();
    for (lang, says) in [("en", "replaced"), ("nl", "vervangen")] {
        let page = w.page(&format!("{lang}/verify/index.html"));
        assert!(page.contains("transparency/keys/1/publisher.pub"), "{page}");
        assert!(page.contains(says), "{lang}: {page}");
    }

    // The reader who remembered the old keys follows the rotation, and
    // remembers the new keys.
    let followed = w.ok(&["verify", w.p()]);
    assert!(followed.contains("followed key transition 1"), "{followed}");
    assert!(
        followed.contains("grew from the checkpoint remembered"),
        "{followed}"
    );
    let again = w.ok(&["verify", w.p()]);
    assert!(!again.contains("followed key transition"), "{again}");
    // A reader new to the site sees the rotation too.
    let fresh = Command::new(env!("CARGO_BIN_EXE_policypress"))
        .args(["verify", w.p()])
        .env("XDG_STATE_HOME", w.home.path().join("other-reader"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(fresh.status.success(), "{}", text(&fresh));
    assert!(
        text(&fresh).contains("key transition 1"),
        "{}",
        text(&fresh)
    );

    // Keys swapped without a transition are not followed.
    let other = w.home.path().join("other");
    copy_tree(&w.public, &other);
    fs::write(other.join("transparency/publisher.pub"), &old_pub).unwrap();
    let o = w.run(&["verify", other.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

/// Signs the checkpoint text of `note` anew with `signers` only.
fn resign(note: &str, signers: &[&policypress::tlog::Signer]) -> String {
    let (text, _) = policypress::tlog::note::split(note.as_bytes()).unwrap();
    String::from_utf8(policypress::tlog::note::sign(text, signers).unwrap()).unwrap()
}

/// The checkpoint key in `dir`, decrypted with the tests' password.
fn checkpoint_key(dir: &Path) -> policypress::tlog::Signer {
    let file = dir.join(policypress::sign::CHECKPOINT_KEY_FILE);
    policypress::sign::checkpoint_signer_from_pem(&fs::read(&file).unwrap(), b"pw", ORIGIN, &file)
        .unwrap()
}

#[test]
fn a_key_transition_without_both_signatures_fails_verify() {
    let w = World::new();
    w.ok(&["verify", w.p()]);
    w.ok(&["keygen", "--site", w.s(), "--rotate"]);
    w.build();
    let new = checkpoint_key(&w.key_dir(ORIGIN));
    let old = checkpoint_key(&w.key_dir(ORIGIN).join("retired/1"));
    // As built, it verifies (for a reader who remembers the old keys and
    // for one new to the site).
    w.ok(&["verify", w.p()]);
    for (lacks, signers, says) in [
        (
            "the new key's",
            vec![&old],
            "its checkpoint is not signed by the next checkpoint key it names",
        ),
        (
            "the old key's",
            vec![&new],
            "its checkpoint does not verify",
        ),
    ] {
        let copy = w.home.path().join("tampered");
        let _ = fs::remove_dir_all(&copy);
        copy_tree(&w.public, &copy);
        // The transition's bundle carries the checkpoint that first holds
        // it; so does the log itself (nothing was published after it).
        let bundle = copy.join("transparency/bundles/keys/1.sigstore.json");
        let mut b: serde_json::Value = serde_json::from_slice(&fs::read(&bundle).unwrap()).unwrap();
        let envelope = b
            .pointer_mut("/verificationMaterial/tlogEntries/0/inclusionProof/checkpoint/envelope")
            .unwrap();
        *envelope = serde_json::Value::from(resign(envelope.as_str().unwrap(), &signers));
        fs::write(&bundle, serde_json::to_vec(&b).unwrap()).unwrap();
        let cp = copy.join("transparency/log/checkpoint");
        let note = fs::read_to_string(&cp).unwrap();
        if lacks == "the new key's" {
            // The log's own checkpoint keeps the new key's signature, so
            // only the transition's bundle lacks it.
            fs::write(&cp, resign(&note, &[&new])).unwrap();
        } else {
            fs::write(&cp, resign(&note, &signers)).unwrap();
        }
        for state in ["state", "a-new-reader"] {
            let o = Command::new(env!("CARGO_BIN_EXE_policypress"))
                .args(["verify", copy.to_str().unwrap()])
                .env("XDG_STATE_HOME", w.home.path().join(state))
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert_eq!(
                o.status.code(),
                Some(1),
                "lacking {lacks} signature, {state}: {}",
                text(&o)
            );
            assert!(
                text(&o).contains(says),
                "lacking {lacks} signature, {state}: {}",
                text(&o)
            );
        }
    }
}

impl World {
    fn run_env(&self, args: &[&str], env: (&str, &str)) -> Output {
        Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args(args)
            .env("POLICYPRESS_KEY_PASSWORD", "pw")
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("NO_COLOR", "1")
            .env(env.0, env.1)
            .output()
            .unwrap()
    }
}

#[test]
fn a_rotation_interrupted_after_any_step_is_finished_by_running_it_again() {
    for point in [
        "rotate:staged",
        "rotate:artifact",
        "rotate:kept-keys",
        "rotate:pending-index",
        "rotate:checkpoint",
        "rotate:public-key",
        "rotate:sealed",
        "rotate:retired-key",
        "rotate:new-key",
    ] {
        let w = World::new();
        w.ok(&["verify", w.p()]);
        let t = w.site.join("transparency");
        let old_vkey = fs::read(t.join("log.vkey")).unwrap();
        let o = w.run_env(
            &["keygen", "--site", w.s(), "--rotate"],
            ("POLICYPRESS_CRASH_AT", point),
        );
        assert!(
            !o.status.success(),
            "{point}: not interrupted: {}",
            text(&o)
        );
        // What the crash left is no damaged log: the site builds, or,
        // once the transition is sealed but its keys are not all in place,
        // build (and publish, which would sign with the old keys) say
        // what to run to finish it.
        let o = w.run(&["build", "--site", w.s(), "--as-of", AS_OF, "--out", w.p()]);
        assert!(
            !text(&o).contains("damaged"),
            "{point}: build: {}",
            text(&o)
        );
        if !o.status.success() {
            assert!(
                text(&o).contains("a key rotation was interrupted")
                    && text(&o).contains("keygen --rotate"),
                "{point}: build: {}",
                text(&o)
            );
            let o = w.run(&["publish", "--site", w.s(), "--as-of", AS_OF]);
            assert!(!o.status.success(), "{point}: publish: {}", text(&o));
            assert!(
                text(&o).contains("a key rotation was interrupted"),
                "{point}: publish: {}",
                text(&o)
            );
        }
        // Run again, the rotation is finished (or done anew).
        let said = w.ok(&["keygen", "--site", w.s(), "--rotate"]);
        assert!(
            said.contains("key transition 1") || said.contains("Key transition 1"),
            "{point}: {said}"
        );
        assert_ne!(fs::read(t.join("log.vkey")).unwrap(), old_vkey, "{point}");
        assert_eq!(
            fs::read(t.join("keys/1/log.vkey")).unwrap(),
            old_vkey,
            "{point}"
        );
        assert!(!t.join("index.pending.json").exists(), "{point}");
        let index = fs::read_to_string(t.join("index.json")).unwrap();
        assert_eq!(index.matches("\"key-transition\"").count(), 1, "{point}");
        assert!(
            w.key_dir(ORIGIN).join("retired/1/checkpoint.key").is_file(),
            "{point}"
        );
        assert!(!w.key_dir(ORIGIN).join(".rotation-1").exists(), "{point}");
        // The new keys sign: a publish after it works, and the reader who
        // remembered the old keys follows the rotation.
        let rel = w.site.join("content/relationships/duo-bron.toml");
        let toml = fs::read_to_string(&rel).unwrap();
        let edited = toml.replacen(
            "retention = { nl = \"",
            "retention = { nl = \"Bijgewerkt. ",
            1,
        );
        assert_ne!(
            edited, toml,
            "the test's edit no longer applies to the example"
        );
        fs::write(&rel, edited).unwrap();
        let sealed = w.ok(&["publish", "--site", w.s(), "--as-of", AS_OF]);
        assert!(sealed.contains("Sealed 1 artifact"), "{point}: {sealed}");
        w.build();
        let followed = w.ok(&["verify", w.p()]);
        assert!(
            followed.contains("followed key transition 1"),
            "{point}: {followed}"
        );
    }
}

#[test]
fn a_new_log_interrupted_after_any_step_is_finished_by_running_it_again() {
    let next = format!("{ORIGIN}2");
    for point in [
        "new-log:keys",
        "new-log:moving",
        "new-log:closed",
        "new-log:public-keys",
        "new-log:origin",
    ] {
        let w = World::new();
        w.ok(&["verify", w.p()]);
        fs::remove_dir_all(w.key_dir(ORIGIN)).unwrap();
        let args = ["keygen", "--site", w.s(), "--new-log", "--as-of", AS_OF];
        let o = w.run_env(&args, ("POLICYPRESS_CRASH_AT", point));
        assert!(
            !o.status.success(),
            "{point}: not interrupted: {}",
            text(&o)
        );
        // What the crash left is no damaged log.
        let o = w.run(&["build", "--site", w.s(), "--as-of", AS_OF, "--out", w.p()]);
        assert!(
            !text(&o).contains("damaged"),
            "{point}: build: {}",
            text(&o)
        );
        // Run again, the new log is started, once.
        let said = w.ok(&args);
        assert!(
            said.contains(&format!("Started the log {next}")),
            "{point}: {said}"
        );
        let t = w.site.join("transparency");
        let listed = fs::read_to_string(t.join("logs.json")).unwrap();
        assert_eq!(listed.matches("\"origin\"").count(), 1, "{point}: {listed}");
        assert!(!t.join("logs/2").exists(), "{point}");
        assert!(t.join("logs/1/log/checkpoint").is_file(), "{point}");
        let toml = fs::read_to_string(w.site.join("content/site.toml")).unwrap();
        assert!(toml.contains(&format!("origin = \"{next}\"")), "{point}");
        // The new log carries every state the closed one sealed: each
        // version and notice, and each state of each relationship, not
        // only the one in force.
        let sealed = |index: &Path| -> Vec<String> {
            let v: serde_json::Value = serde_json::from_slice(&fs::read(index).unwrap()).unwrap();
            let mut out: Vec<String> = v["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {} {} {}",
                        e["kind"], e["document"], e["version"], e["relationship"], e["state"]
                    )
                })
                .collect();
            out.sort();
            out
        };
        let (old, new) = (
            sealed(&t.join("logs/1/index.json")),
            sealed(&t.join("index.json")),
        );
        assert_eq!(old, new, "{point}");
        assert!(
            new.iter()
                .any(|e| e.contains("\"relationship\"") && e.ends_with(" 2")),
            "{point}: no second state: {new:?}"
        );
        // It builds, publishes with the new keys, and verifies: the
        // reader is told of the new log and accepts it.
        let again = w.ok(&["publish", "--site", w.s(), "--as-of", AS_OF]);
        assert!(again.contains("Nothing new to seal"), "{point}: {again}");
        w.build();
        let o = w.run(&["verify", w.p()]);
        assert!(
            text(&o).contains("a new log at a remembered site"),
            "{point}: {}",
            text(&o)
        );
        w.ok(&["verify", w.p(), "--accept-new-log", &next]);
        w.ok(&["verify", &format!("{}/transparency/logs/1", w.p())]);
    }
}
