//! Benchmark (not a test): time from saving a Markdown file to the reload
//! event reaching a listening tab, on the example site and on the
//! benchmark's site of about 1,000 pages (`bench/gen.py --pages 1000`:
//! documents with ten versions in two languages, schools, relationships).
//!
//! Run: `cargo build --release && cargo run --release --example serve_latency`
//! (the `policypress` binary next to this example's is the one measured;
//! pass another path as the first argument). Prints median and p95.
//! `POLICYPRESS_TIMING=1` also shows serve's own account of each rebuild
//! (debounce, load, render …); `SERVE_LATENCY_OLD_SITE=1` adds the simpler
//! generated site earlier figures were measured on (250 documents of one
//! version). `SERVE_LATENCY_EDITS=N` changes the number of edits per site
//! (30; CI uses a handful only to keep the benchmark working).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Edits per site, unless `SERVE_LATENCY_EDITS` says otherwise.
fn edits() -> usize {
    std::env::var("SERVE_LATENCY_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(30)
}

fn main() {
    let binary = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().expect("own path");
            exe.parent()
                .and_then(Path::parent)
                .expect("examples/ sits in the target folder")
                .join("policypress")
        });
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));

    let example = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo.join("content"), &example.path().join("content"));
    run(
        &binary,
        "example site",
        example.path(),
        "content/documents/privacyverklaring/2.1/nl.md",
        "nl/documents/privacyverklaring/2.1/index.html",
    );

    if std::env::var_os("SERVE_LATENCY_OLD_SITE").is_some() {
        let large = tempfile::tempdir().expect("temp dir");
        let pages = generate(repo, large.path(), 250);
        run(
            &binary,
            &format!("generated site ({pages} documents × 2 languages × 2 pages)"),
            large.path(),
            "content/documents/doc-0007/1.0/nl.md",
            "nl/documents/doc-0007/1.0/index.html",
        );
    }

    let bench = tempfile::tempdir().expect("temp dir");
    let status = Command::new("python3")
        .arg(repo.join("bench/gen.py"))
        .args(["--pages", "1000", "--out"])
        .arg(bench.path())
        .stdout(Stdio::null())
        .status()
        .expect("python3 runs bench/gen.py");
    assert!(status.success(), "bench/gen.py failed");
    run(
        &binary,
        "bench site (bench/gen.py --pages 1000)",
        &bench.path().join("policypress"),
        "content/documents/privacyverklaring-002/4.0/nl.md",
        "nl/documents/privacyverklaring-002/4.0/index.html",
    );
}

fn run(binary: &Path, name: &str, site: &Path, file: &str, page: &str) {
    let mut child = Command::new(binary)
        .args(["serve", "--port", "0", "--as-of", "2026-11-25", "--site"])
        .arg(site)
        .stdout(Stdio::piped())
        // With POLICYPRESS_TIMING set, serve says where each rebuild's time went.
        .stderr(if std::env::var_os("POLICYPRESS_TIMING").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("serve starts");
    let addr = read_addr(&mut child);
    let original = std::fs::read_to_string(site.join(file)).expect("the edited file");
    let mut tab = open_events(&addr, page);
    let mut times = Vec::new();
    let edits = edits();
    for i in 0..edits {
        let text = format!("{original}\nBewerking {i} voor de meting.\n");
        let tmp = site.join(file).with_extension("md.tmp");
        std::fs::write(&tmp, text).expect("write");
        let saved = Instant::now();
        std::fs::rename(&tmp, site.join(file)).expect("rename");
        wait_reload(&mut tab);
        times.push(saved.elapsed());
        // Reconnect as a reloaded tab would, with the new page hash.
        tab = open_events(&addr, page);
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let p95 = ms(times[(times.len() * 95).div_ceil(100) - 1]);
    println!(
        "{name}: {edits} edits, save → reload event: median {median:.1} ms, p95 {p95:.1} ms, max {:.1} ms",
        ms(*times.last().expect("edits were made"))
    );
}

fn read_addr(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("serve prints its URL");
    line.split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .expect("a URL")
        .trim_end_matches('/')
        .to_string()
}

/// Fetches the page for its hash and subscribes like the reload script.
fn open_events(addr: &str, page: &str) -> BufReader<TcpStream> {
    let path = page.trim_end_matches("index.html");
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET /{path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).expect("page");
    let at = body.find("data-hash=\"").expect("reload script") + 11;
    let hash = &body[at..at + 16];
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET /__policypress/events?page={page}&hash={hash} HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    loop {
        let mut l = String::new();
        r.read_line(&mut l).expect("event stream head");
        if l == "\r\n" {
            return r;
        }
    }
}

fn wait_reload(tab: &mut BufReader<TcpStream>) {
    loop {
        let mut l = String::new();
        if tab.read_line(&mut l).expect("event") == 0 {
            panic!("the event stream closed");
        }
        if l.trim_end() == "event: reload" {
            return;
        }
        if l.trim_end() == "event: error-report" {
            panic!("the edit broke the site");
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A site with `n` documents of one version each, in two languages, on the
/// skeleton of the serve test fixture. Returns `n`.
fn generate(repo: &Path, to: &Path, n: usize) -> usize {
    copy_dir(
        &repo.join("tests/fixtures/serve-site/content"),
        &to.join("content"),
    );
    let body = std::fs::read_to_string(repo.join("content/documents/privacyverklaring/2.1/nl.md"))
        .expect("an example body");
    let body_en =
        std::fs::read_to_string(repo.join("content/documents/privacyverklaring/2.1/en.md"))
            .expect("an example body");
    for i in 0..n {
        let dir = to.join(format!("content/documents/doc-{i:04}"));
        std::fs::create_dir_all(dir.join("1.0")).expect("mkdir");
        std::fs::write(
            dir.join("document.toml"),
            format!(
                "title = {{ nl = \"Document {i}\", en = \"Document {i}\" }}\nowner = \"testbestuur\"\nkind = \"other\"\n"
            ),
        )
        .expect("write");
        std::fs::write(
            dir.join("1.0/version.toml"),
            "published = 2024-03-01\neffective = 2024-04-01\nmaterial = false\n",
        )
        .expect("write");
        std::fs::write(dir.join("1.0/nl.md"), &body).expect("write");
        std::fs::write(dir.join("1.0/en.md"), &body_en).expect("write");
    }
    n
}
