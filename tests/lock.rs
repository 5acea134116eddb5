//! The build lock with real processes. While one `build` runs, a second
//! `build` into the same output, or a `publish` of the same site, stops at
//! once with a message that names the first process; the first one is not
//! disturbed. The first build is held in the middle of reading its content
//! by a named pipe in place of a page, so the overlap is certain, not a race.
//!
//! The lock files live in a folder only the user can use, which a build
//! refuses when it is a symbolic link, someone else's or writable by
//! others, and a lock file is never followed when it is a symbolic link.
//! Every run here has its own runtime and temporary folders, so no test
//! touches the user's own.
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{AS_OF, copy_tree, fixture};

/// The binary, speaking `lang`, with its configuration, state, runtime and
/// temporary folders all under `home`.
fn policypress_in(lang: &str, args: &[&str], home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policypress"));
    c.args(args)
        .args(["--lang", lang])
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .env("TMPDIR", home.join("tmp"))
        .env("POLICYPRESS_KEY_PASSWORD", "pw");
    c
}

fn policypress(args: &[&str], home: &Path) -> Command {
    policypress_in("en", args, home)
}

/// `home` with the runtime and temporary folders [`policypress_in`] names.
fn make_home(home: &Path) {
    std::fs::create_dir_all(home.join("run")).unwrap();
    std::fs::create_dir_all(home.join("tmp")).unwrap();
}

/// Under `tmp`: a home made by [`make_home`] and a copy of the basic
/// fixture's site.
fn home_and_site(tmp: &Path) -> (PathBuf, PathBuf) {
    let home = tmp.join("home");
    make_home(&home);
    let site = tmp.join("site");
    copy_tree(&fixture("basic").join("content"), &site.join("content"));
    (home, site)
}

/// The user the tests run as (root too: ownership is compared, not assumed).
fn me() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// The lock folder under the temporary folder, used without a runtime folder.
fn temp_lock_folder(home: &Path) -> PathBuf {
    home.join("tmp").join(format!("policypress-{}", me()))
}

/// The names in `folder`, sorted.
fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A real folder of ours that no one else may use, holding lock files of
/// ours that no one else may read or write; their names.
fn assert_private(folder: &Path) -> Vec<String> {
    let meta = std::fs::symlink_metadata(folder).unwrap();
    assert!(meta.is_dir(), "{} is not a real folder", folder.display());
    assert_eq!(meta.mode() & 0o7777, 0o700, "{}", folder.display());
    assert_eq!(meta.uid(), me(), "{}", folder.display());
    let names = names(folder);
    for name in &names {
        let meta = std::fs::symlink_metadata(folder.join(name)).unwrap();
        assert!(meta.is_file(), "{name}");
        assert_eq!(meta.mode() & 0o7777, 0o600, "{name}");
        assert_eq!(meta.uid(), me(), "{name}");
    }
    names
}

/// What a command that was refused said; it ended with exit 2.
fn refused(mut command: Command) -> String {
    let o = command.output().unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    e
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

/// Waits until the build `pid` holds both its locks (the site's and the
/// output's: each lock file names its holder), then runs the second
/// command, which must be refused naming that build. Trying the second
/// command before would race: run while the first had not started yet, it
/// would take the output's lock itself and could turn the first away.
fn second_is_refused(args: &[&str], home: &Path, pid: u32) -> String {
    let folder = home.join("run").join("policypress");
    let holder = format!("pid {pid}\n");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let held = std::fs::read_dir(&folder).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.starts_with(&holder)))
                .count()
        });
        if held >= 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the first build never took its locks"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = policypress(args, home).output().unwrap();
    let e = stderr(&o);
    assert!(e.contains("in use by another policypress"), "{e}");
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains(&format!("process {pid}, ")), "{e}");
    e
}

#[test]
fn a_second_build_or_publish_stops_and_names_the_build_that_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let (home, site) = home_and_site(tmp.path());
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
    // In Dutch as well.
    let mut args_nl = vec!["build", "--site", other.to_str().unwrap()];
    args_nl.extend(["--out", o, "--as-of", "2025-03-01"]);
    let e = refused(policypress_in("nl", &args_nl, &home));
    assert!(
        e.contains(&format!(
            "fout: de uitvoermap {o} is in gebruik door een andere policypress: proces {pid}, `"
        )),
        "{e}"
    );
    assert!(e.contains("tip: wacht tot die klaar is"), "{e}");
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

#[test]
fn locks_live_in_a_folder_only_the_user_can_use() {
    let tmp = tempfile::tempdir().unwrap();
    let (home, site) = home_and_site(tmp.path());
    let out = tmp.path().join("out/public");
    let (s, o) = (site.to_str().unwrap(), out.to_str().unwrap());
    let args = ["build", "--site", s, "--out", o, "--as-of", AS_OF];

    // XDG_RUNTIME_DIR is a folder of ours: the locks are kept there.
    let done = policypress(&args, &home).output().unwrap();
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let folder = home.join("run/policypress");
    let locks = assert_private(&folder);
    assert_eq!(locks.len(), 2, "{locks:?}");
    assert!(locks[0].starts_with("output-") && locks[0].ends_with(".lock"));
    assert!(locks[1].starts_with("site-") && locks[1].ends_with(".lock"));
    assert!(names(&home.join("tmp")).is_empty());
    // Nothing in the site, nothing beside the output.
    assert_eq!(names(&site), ["content"]);
    assert!(
        names(out.parent().unwrap())
            .iter()
            .all(|n| n == "public" || n.starts_with(".public.")),
        "{:?}",
        names(out.parent().unwrap())
    );

    // A relative XDG_RUNTIME_DIR is not used, even where it names a folder
    // of ours; nor is one that is not a folder, nor none at all: the locks
    // go to a folder of the user's in the temporary folder, by the same names.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(home.join("not-a-folder"), "").unwrap();
    for runtime in [Some("run".into()), Some(home.join("not-a-folder")), None] {
        let mut build = policypress(&args, &home);
        build.current_dir(&home);
        match &runtime {
            Some(dir) => build.env("XDG_RUNTIME_DIR", dir),
            None => build.env_remove("XDG_RUNTIME_DIR"),
        };
        let done = build.output().unwrap();
        assert_eq!(
            done.status.code(),
            Some(0),
            "{runtime:?}: {}",
            stderr(&done)
        );
        assert!(!folder.exists(), "{runtime:?}");
        let fallback = temp_lock_folder(&home);
        assert_eq!(assert_private(&fallback), locks, "{runtime:?}");
        std::fs::remove_dir_all(&fallback).unwrap();
    }
}

#[test]
fn a_lock_folder_that_is_a_link_or_open_to_others_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (home, site) = home_and_site(tmp.path());
    let out = tmp.path().join("public");
    let (s, o) = (site.to_str().unwrap(), out.to_str().unwrap());
    let args = ["build", "--site", s, "--out", o, "--as-of", AS_OF];
    let build = |lang: &str| {
        let mut c = policypress_in(lang, &args, &home);
        c.env_remove("XDG_RUNTIME_DIR");
        c
    };
    let folder = temp_lock_folder(&home);
    let f = folder.to_str().unwrap();

    // A link to a folder of ours: planted by someone else, it could lead
    // anywhere.
    let elsewhere = home.join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, &folder).unwrap();
    let e = refused(build("en"));
    assert!(
        e.contains(&format!("the lock folder {f} is a symbolic link")),
        "{e}"
    );
    assert!(e.contains(&format!("hint: remove it (`rm {f}`)")), "{e}");
    let e = refused(build("nl"));
    assert!(
        e.contains(&format!("de vergrendelmap {f} is een koppeling")),
        "{e}"
    );
    assert!(e.contains(&format!("verwijder haar (`rm {f}`)")), "{e}");
    assert!(names(&elsewhere).is_empty(), "{:?}", names(&elsewhere));
    assert!(!out.exists());
    std::fs::remove_file(&folder).unwrap();

    // A file.
    std::fs::write(&folder, "").unwrap();
    let e = refused(build("en"));
    assert!(
        e.contains(&format!("the lock folder {f} is not a folder")),
        "{e}"
    );
    let e = refused(build("nl"));
    assert!(
        e.contains(&format!("de vergrendelmap {f} is geen map")),
        "{e}"
    );
    std::fs::remove_file(&folder).unwrap();

    // A folder of ours that the group or others may write into.
    std::fs::create_dir(&folder).unwrap();
    for mode in [0o770, 0o707, 0o777, 0o720, 0o702] {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(mode)).unwrap();
        let e = refused(build("en"));
        assert!(
            e.contains(&format!(
                "other users can write into the lock folder {f} (its mode is {mode:04o})"
            )),
            "{e}"
        );
        assert!(
            e.contains(&format!("hint: make it yours alone: `chmod 700 {f}`")),
            "{e}"
        );
        let e = refused(build("nl"));
        assert!(
            e.contains(&format!(
                "andere gebruikers kunnen schrijven in de vergrendelmap {f} (de rechten zijn {mode:04o})"
            )),
            "{e}"
        );
        assert!(names(&folder).is_empty(), "{mode:o}: {:?}", names(&folder));
        assert!(!out.exists());
    }
    // Others may see it, or it may be the user's alone (as the hint says):
    // it is used.
    for mode in [0o755, 0o700] {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(mode)).unwrap();
        let done = build("en").output().unwrap();
        assert_eq!(done.status.code(), Some(0), "{mode:o}: {}", stderr(&done));
        assert_eq!(names(&folder).len(), 2, "{:?}", names(&folder));
    }

    // The same holds in the runtime folder.
    let runtime = home.join("run/policypress");
    symlink(&elsewhere, &runtime).unwrap();
    let e = refused(policypress(&args, &home));
    let r = runtime.to_str().unwrap();
    assert!(
        e.contains(&format!("the lock folder {r} is a symbolic link")),
        "{e}"
    );
    assert!(names(&elsewhere).is_empty(), "{:?}", names(&elsewhere));
}

#[test]
fn a_link_in_place_of_a_lock_file_is_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let (home, site) = home_and_site(tmp.path());
    let out = tmp.path().join("public");
    let (s, o) = (site.to_str().unwrap(), out.to_str().unwrap());
    let args = ["build", "--site", s, "--out", o, "--as-of", AS_OF];
    let done = policypress(&args, &home).output().unwrap();
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let folder = home.join("run/policypress");
    let locks = assert_private(&folder);
    assert_eq!(locks.len(), 2, "{locks:?}");

    // A file the user can write, which a lock followed would truncate.
    let victim = home.join("victim.txt");
    let precious = b"a file someone wants destroyed\n".to_vec();
    std::fs::write(&victim, &precious).unwrap();
    let nowhere = home.join("nowhere.txt");
    for name in &locks {
        let lock = folder.join(name);
        let l = lock.to_str().unwrap();
        std::fs::remove_file(&lock).unwrap();
        symlink(&victim, &lock).unwrap();
        let e = refused(policypress(&args, &home));
        assert!(
            e.contains(&format!("the lock file {l} is a symbolic link")),
            "{e}"
        );
        assert!(
            e.contains(&format!("hint: remove the link (`rm {l}`)")),
            "{e}"
        );
        assert_eq!(std::fs::read(&victim).unwrap(), precious, "{name}");
        let e = refused(policypress_in("nl", &args, &home));
        assert!(
            e.contains(&format!("het vergrendelbestand {l} is een koppeling")),
            "{e}"
        );
        assert_eq!(std::fs::read(&victim).unwrap(), precious, "{name}");
        if name.starts_with("site-") {
            let e = refused(policypress(&["publish", "--site", s], &home));
            assert!(
                e.contains(&format!("the lock file {l} is a symbolic link")),
                "{e}"
            );
            assert_eq!(std::fs::read(&victim).unwrap(), precious);
            assert!(!site.join("transparency").exists());
        }
        assert!(std::fs::symlink_metadata(&lock).unwrap().is_symlink());

        // A link to nowhere: what it names is not made.
        std::fs::remove_file(&lock).unwrap();
        symlink(&nowhere, &lock).unwrap();
        let e = refused(policypress(&args, &home));
        assert!(
            e.contains(&format!("the lock file {l} is a symbolic link")),
            "{e}"
        );
        assert!(!nowhere.exists(), "{name}");

        // Gone, the lock file is made again and the build runs.
        std::fs::remove_file(&lock).unwrap();
        let done = policypress(&args, &home).output().unwrap();
        assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
        assert_eq!(assert_private(&folder), locks);
    }
}
