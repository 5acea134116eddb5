//! A build killed at any moment (SIGKILL, as a crash or a power cut of the
//! process would) leaves the output folder either exactly as it was or
//! exactly as the finished build would have left it, never half of each;
//! and whatever the dead build left behind does not stop the next one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

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

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
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
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
    let out_parent = tmp.path().join("out");
    let out = out_parent.join("public");

    // The two complete states, and how long a whole build takes here.
    let reference = tmp.path().join("reference");
    build(&site, &reference.join("new"), NEW);
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
    let left: Vec<_> = std::fs::read_dir(&out_parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("public")],
        "staging folders were left behind"
    );
}

// TODO(lead): `publish` killed at random moments. `publish` reached main
// while this was being written and is not covered yet. Wanted: keygen into a
// temp key folder (POLICYPRESS_KEY_PASSWORD), publish with an early
// --as-of (the old state), then 50 times: reset transparency/ to the old
// state, start `publish --as-of <later>`, SIGKILL it after a random delay
// up to a whole publish's duration, and check that transparency/ is the old
// or the new state (compare manifests; decide whether tiles beyond the
// checkpoint, which `Log::open` ignores, count as "old"), and that the next
// publish succeeds and reaches the new state. Remove the #[ignore] then.
#[test]
#[ignore = "TODO(lead): not written yet, see the comment above"]
fn killed_publishes_leave_the_old_or_the_new_log() {
    panic!("not written yet: see the TODO above");
}
