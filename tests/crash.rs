//! A build killed at any moment (SIGKILL, as a crash or a power cut of the
//! process would) leaves the output folder either exactly as it was or
//! exactly as the finished build would have left it, never half of each;
//! and whatever the dead build left behind does not stop the next one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

mod common;
use common::copy_tree;

const KILLS: usize = 50;
/// The two states the output moves between: the example site on two dates
/// (different versions in force, so many pages differ).
const OLD: &str = "2026-11-01";
const NEW: &str = "2026-11-25";

/// Every file under `dir` with the SHA-256 of its bytes.
fn manifest(dir: &Path) -> BTreeMap<PathBuf, [u8; 32]> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("reading {}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    Sha256::digest(&bytes).into(),
                );
            }
        }
    }
    out
}

fn build_cmd(site: &Path, out: &Path, as_of: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policypress"));
    c.arg("build")
        .arg("--site")
        .arg(site)
        .arg("--out")
        .arg(out)
        .arg("--as-of")
        .arg(as_of)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn build(site: &Path, out: &Path, as_of: &str) {
    let o = build_cmd(site, out, as_of).output().unwrap();
    assert!(
        o.status.success(),
        "build --as-of {as_of} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A small xorshift generator: the seed is printed, and CRASH_SEED=<n>
/// replays a failing run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_builds_leave_the_old_or_the_new_output() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
    let out_parent = tmp.path().join("out");
    let out = out_parent.join("public");

    // The two complete states, and how long a whole build takes here.
    let reference = tmp.path().join("reference");
    build(&site, &reference.join("new"), NEW);
    // Timed as the rounds run: on top of an existing output, whose kept
    // folder beside it makes a rebuild quicker than the first build.
    build(&site, &out, OLD);
    build(&site, &out, NEW);
    let started = Instant::now();
    build(&site, &out, OLD);
    let typical = started.elapsed();
    let states = [
        (OLD, manifest(&out)),
        (NEW, manifest(&reference.join("new"))),
    ];
    assert_ne!(states[0].1, states[1].1, "the two states must differ");

    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!(
        "CRASH_SEED={seed}; a whole build takes {} ms",
        typical.as_millis()
    );
    let mut rng = Rng(seed);
    let max_delay = typical.as_micros() as u64 + 1;
    let mut current = 0; // index into `states`
    let (mut killed_early, mut finished) = (0, 0);
    for round in 0..KILLS {
        // Build the other state, starting from whatever the last killed
        // build left behind, and kill it somewhere between its start and
        // the time a whole build takes.
        let target = 1 - current;
        let delay = Duration::from_micros(rng.next() % max_delay);
        let mut child = build_cmd(&site, &out, states[target].0).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        } else {
            killed_early += 1;
        }
        let now = manifest(&out);
        current = match states.iter().position(|(_, m)| *m == now) {
            Some(i) => i,
            None => panic!(
                "round {round} (CRASH_SEED={seed}, killed after {} µs): the output is neither the old nor the new site",
                delay.as_micros()
            ),
        };
        if status.success() {
            assert_eq!(
                current, target,
                "round {round}: a finished build left the wrong state"
            );
        }
    }
    eprintln!("{killed_early} builds killed, {finished} finished before the kill");
    assert!(
        killed_early >= KILLS / 2,
        "most builds must actually be killed"
    );

    // The next run, on top of whatever is left, succeeds and tidies up.
    let target = 1 - current;
    build(&site, &out, states[target].0);
    assert_eq!(manifest(&out), states[target].1);
    // Beside the output only the folder the next build reuses remains.
    let mut left: Vec<_> = std::fs::read_dir(&out_parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".public.staging", "public"],
        "an unfinished build's folders were left behind"
    );
}

/// Runs `policypress ARGS…` in the environment of a throwaway key.
fn pp(keys: &Path, state: &Path, args: &[&std::ffi::OsStr]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policypress"));
    c.args(args)
        .env("POLICYPRESS_KEY_PASSWORD", "crash-test-password")
        .env("XDG_CONFIG_HOME", keys)
        .env("XDG_STATE_HOME", state)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// The tree size in the site's signed checkpoint.
fn log_size(site: &Path) -> u64 {
    let text = std::fs::read_to_string(site.join("transparency/log/checkpoint")).unwrap();
    text.lines()
        .nth(1)
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("no size in the checkpoint: {text}"))
}

/// `publish` killed at random moments leaves a log that verifies at either
/// the old or the new size, and the next publish completes it. Files that a
/// killed publish wrote beyond the checkpoint (tiles, artifacts, bundles of
/// entries not yet committed) are not part of either state: no checkpoint,
/// index or verifier ever refers to them, and the next publish rewrites them.
#[test]
fn killed_publishes_leave_the_old_or_the_new_log() {
    use std::ffi::OsStr;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
    let config = site.join("content/site.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[transparency]\norigin = \"privacy.waterlinie.example/log\"\n");
    std::fs::write(&config, text).unwrap();
    let keys = tmp.path().join("keys");
    let s = site.as_os_str();
    let fresh_state = |n: usize| tmp.path().join(format!("state-{n}"));
    let ok = |mut c: Command, what: &str| {
        let o = c.output().unwrap();
        assert!(
            o.status.success(),
            "{what} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    ok(
        pp(
            &keys,
            &fresh_state(0),
            &[OsStr::new("keygen"), OsStr::new("--site"), s],
        ),
        "keygen",
    );
    let publish = |as_of: &str| -> Command {
        pp(
            &keys,
            &fresh_state(0),
            &[
                OsStr::new("publish"),
                OsStr::new("--site"),
                s,
                OsStr::new("--as-of"),
                OsStr::new(as_of),
            ],
        )
    };
    ok(publish("2019-06-01"), "publish of the old state");
    let old_size = log_size(&site);
    let old = tmp.path().join("old-transparency");
    copy_tree(&site.join("transparency"), &old);

    // A whole publish of the new state, for its size and duration.
    let started = Instant::now();
    ok(publish(NEW), "publish of the new state");
    let typical = started.elapsed();
    let new_size = log_size(&site);
    assert!(new_size > old_size, "the two states must differ");

    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!(
        "CRASH_SEED={seed}; a whole publish takes {} ms",
        typical.as_millis()
    );
    let mut rng = Rng(seed);
    let max_delay = typical.as_micros() as u64 + 1;
    let mut killed_early = 0;
    for round in 0..KILLS {
        std::fs::remove_dir_all(site.join("transparency")).unwrap();
        copy_tree(&old, &site.join("transparency"));
        let delay = Duration::from_micros(rng.next() % max_delay);
        let mut child = publish(NEW).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        if !child.wait().unwrap().success() {
            killed_early += 1;
        }
        let size = log_size(&site);
        assert!(
            size == old_size || size == new_size,
            "round {round} (CRASH_SEED={seed}, killed after {} µs): the log has {size} entries, neither {old_size} nor {new_size}",
            delay.as_micros()
        );
        // What a reader sees verifies, whichever state it is.
        let o = pp(&keys, &fresh_state(round + 1), &[OsStr::new("verify"), s])
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "round {round} (CRASH_SEED={seed}, killed after {} µs): verify failed: {}{}",
            delay.as_micros(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        // The next publish completes the new state.
        ok(publish(NEW), "the publish after a killed one");
        assert_eq!(log_size(&site), new_size, "round {round}");
    }
    eprintln!("{killed_early} publishes killed before they finished");
    assert!(
        killed_early >= KILLS / 3,
        "most publishes must actually be killed"
    );
}
