//! The build lock with two real processes: while one `build` runs, a second
//! `build` into the same output, or a `publish` of the same site, stops at
//! once with a message that names the first process; the first one is not
//! disturbed. The first build is held in the middle of reading its content
//! by a named pipe in place of a page, so the overlap is certain, not a race.
#![cfg(unix)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{copy_tree, fixture};

fn policypress(args: &[&str], home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policypress"));
    c.args(args)
        .args(["--lang", "en"])
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("POLICYPRESS_KEY_PASSWORD", "pw");
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Feeds the pipe until the build holding it ends, then collects what the
/// build said.
fn release(pipe: &Path, first: Child) -> Output {
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let feeder = {
        let (pipe, done) = (pipe.to_path_buf(), done.clone());
        std::thread::spawn(move || {
            // A write may reach a reader that is still reading the one
            // before: only the first one has the title.
            let mut text = "# Wachten\n\nEen pagina die even op zich liet wachten.\n";
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                // Blocks until a reader opens the pipe.
                let _ = std::fs::write(&pipe, text);
                text = "\nEn nog wat tekst.\n";
            }
        })
    };
    let output = first.wait_with_output().unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    // The feeder may be waiting for a reader that will not come: be one.
    let _ = rustix::fs::open(
        pipe,
        rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::NONBLOCK,
        rustix::fs::Mode::empty(),
    );
    feeder.join().unwrap();
    output
}

/// Waits until the first build has taken its locks: its message names
/// it by pid in what a second build is told.
fn second_is_refused(args: &[&str], home: &Path, pid: u32) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let o = policypress(args, home).output().unwrap();
        let e = stderr(&o);
        if e.contains("in use by another policypress") {
            assert_eq!(o.status.code(), Some(2), "{e}");
            assert!(e.contains(&format!("process {pid}, ")), "{e}");
            return e;
        }
        // Not locked yet: the first build has not started.
        assert!(Instant::now() < deadline, "never locked; last: {e}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_second_build_or_publish_stops_and_names_the_build_that_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic").join("content"), &site.join("content"));
    let pipe = site.join("content/pages/wachten/nl.md");
    std::fs::create_dir_all(pipe.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let s = site.to_str().unwrap();
    let out = tmp.path().join("public");
    let o = out.to_str().unwrap();
    let args = ["build", "--site", s, "--out", o, "--as-of", "2025-03-01"];

    let first = policypress(&args, &home)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = first.id();

    // A second build into the same output, from another copy of the site.
    let other = tmp.path().join("other");
    copy_tree(&fixture("basic").join("content"), &other.join("content"));
    let e = second_is_refused(
        &[
            "build",
            "--site",
            other.to_str().unwrap(),
            "--out",
            o,
            "--as-of",
            "2025-03-01",
        ],
        &home,
        pid,
    );
    assert!(
        e.contains(&format!("the output folder {o} is in use")),
        "{e}"
    );
    assert!(e.contains("build --site"), "names the command: {e}");
    assert!(e.contains(" UTC"), "says when it started: {e}");
    assert!(e.contains("hint: wait until it is done"), "{e}");
    // A publish of the same site waits for no log to be half read.
    let e = second_is_refused(&["publish", "--site", s], &home, pid);
    assert!(e.contains(&format!("the site {s} is in use")), "{e}");
    // A build of the same site into another folder may run beside it.
    let side = tmp.path().join("side");
    let o2 = policypress(
        &[
            "build",
            "--site",
            other.to_str().unwrap(),
            "--out",
            side.to_str().unwrap(),
            "--as-of",
            "2025-03-01",
        ],
        &home,
    )
    .output()
    .unwrap();
    assert_eq!(o2.status.code(), Some(0), "{}", stderr(&o2));
    assert!(
        !out.exists(),
        "the refused build wrote into the first one's output"
    );

    // The first build, released, finishes as if alone.
    let done = release(&pipe, first);
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert!(out.join("nl/pages/wachten/index.html").is_file());

    // Its locks ended with it: the same build runs again.
    std::fs::remove_file(&pipe).unwrap();
    std::fs::write(&pipe, "# Wachten\n\nNu gewoon een bestand.\n").unwrap();
    let again = policypress(&args, &home).output().unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}
