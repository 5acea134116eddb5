//! `policypress serve` as an editor meets it: the binary started on a free
//! port against a copy of a small site, edited while a tab listens, broken
//! and fixed again, and probed with hostile requests. Every server is killed
//! by the test that started it.
//!
//! The four reasons the preview has an HTTP layer of its own rather than
//! tiny_http (README, "Design decisions") have a test each:
//! `an_overlong_request_head_is_refused_without_being_read`,
//! `a_silent_connection_is_closed_after_the_timeout_and_frees_its_worker`,
//! `more_connections_than_workers_are_refused_while_a_visitor_is_served` and
//! `an_event_reaches_the_open_tab_as_soon_as_it_is_sent`. The two about
//! limits run the server's HTTP layer in this process with small limits
//! (the binary's are hundreds of connections and ten seconds); those
//! servers end with the test process.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use policypress::serve::http::{self, Gauges, Handled, Limits, Response};

mod common;
use common::copy_tree;

const FIXTURE: &str = "tests/fixtures/serve-site";

/// A running preview server; killed on drop.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    site: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Server {
        Server::launch(Stdio::null())
    }

    /// Starts a server and hands out each line it writes to stderr, with
    /// when it was read.
    fn start_with_log() -> (Server, Receiver<(Instant, String)>) {
        let mut server = Server::launch(Stdio::piped());
        let stderr = server.child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        (server, rx)
    }

    fn launch(stderr: Stdio) -> Server {
        let site = tempfile::tempdir().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE),
            site.path(),
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args([
                "serve",
                "--port",
                "0",
                "--as-of",
                "2026-11-25",
                "--lang",
                "en",
                "--site",
            ])
            .arg(site.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("the policypress binary starts");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("serve printed no URL: {line:?}"));
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "loopback by default: {url}"
        );
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server { child, addr, site }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    /// Saves a file the way many editors do: a temp file beside it, then a
    /// rename over the original.
    fn save(&self, rel: &str, text: &str) {
        let target = self.path(rel);
        let tmp = target.with_file_name(format!(
            ".{}.tmp",
            target.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &target).unwrap();
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// Sends raw bytes, returns the whole response (the server closes).
    fn raw(&self, request: &[u8]) -> Reply {
        let mut s = self.connect();
        s.write_all(request).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        Reply::parse(&out)
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    fn request(&self, method: &str, target: &str) -> Reply {
        self.raw(
            format!(
                "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            )
            .as_bytes(),
        )
    }

    /// Opens an event stream as the page's reload script would.
    fn events(&self, page: &str, hash: &str) -> Events {
        let mut s = self.connect();
        write!(
            s,
            "GET /__policypress/events?page={page}&hash={hash} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut ev = Events {
            reader: BufReader::new(s),
        };
        let mut status = String::new();
        ev.reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        loop {
            let mut h = String::new();
            ev.reader.read_line(&mut h).unwrap();
            if h == "\r\n" {
                break;
            }
        }
        ev
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn parse(bytes: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<String> {
        let name = format!("{}:", name.to_ascii_lowercase());
        self.head
            .lines()
            .find_map(|l| l.strip_prefix(&name).map(|v| v.trim().to_string()))
    }

    /// The page hash the reload script was given.
    fn page_hash(&self) -> String {
        let at = self
            .body
            .find("data-hash=\"")
            .expect("the page has the reload script")
            + 11;
        self.body[at..].split('"').next().unwrap().to_string()
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event (not comments) within `wait`: its name and data.
    fn next(&mut self, wait: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + wait;
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            self.reader
                .get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
            } else if line.is_empty() && !name.is_empty() {
                return Some((name, data));
            }
        }
    }

    /// Waits for an event called `want`, skipping others; panics if none.
    fn expect(&mut self, want: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.next(left) {
                Some((name, data)) if name == want => return data,
                Some(_) => continue,
                None => break,
            }
        }
        panic!("no `{want}` event arrived");
    }
}

const CONTACT: &str = "content/pages/contact/nl.md";
const CONTACT_PAGE: &str = "nl/pages/contact/index.html";
const VERSION_BODY: &str = "content/documents/privacyverklaring/1.0/nl.md";

#[test]
fn a_save_reloads_the_tab_showing_that_page_and_no_other() {
    let server = Server::start();
    let page = server.get("/nl/pages/contact/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Oorspronkelijke tekst"));
    assert!(page.body.contains("/__policypress/live.js"));
    let mut tab = server.events(CONTACT_PAGE, &page.page_hash());
    let school = server.get("/nl/schools/de-toets/");
    let mut other_tab = server.events("nl/schools/de-toets/index.html", &school.page_hash());

    server.save(
        CONTACT,
        "# Contact\n\nMail ons op privacy@testbestuur.example. Nieuwe tekst na opslaan.\n",
    );
    tab.expect("reload");
    let page = server.get("/nl/pages/contact/");
    assert!(
        page.body.contains("Nieuwe tekst na opslaan"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Oorspronkelijke tekst"));
    // The school page did not change, so its tab hears nothing.
    assert_eq!(other_tab.next(Duration::from_millis(700)), None);

    // A second save is heard on the same stream.
    server.save(CONTACT, "# Contact\n\nNog een keer gewijzigd.\n");
    tab.expect("reload");
    assert!(
        server
            .get("/nl/pages/contact/")
            .body
            .contains("Nog een keer gewijzigd")
    );
}

#[test]
fn a_tab_opened_on_an_old_page_is_told_to_reload_at_once() {
    let server = Server::start();
    let mut tab = server.events(CONTACT_PAGE, "0000000000000000");
    tab.expect("reload");
}

#[test]
fn an_invalid_save_shows_the_error_and_the_fix_clears_it() {
    let server = Server::start();
    let page = server.get("/nl/documents/privacyverklaring/1.0/");
    assert_eq!(page.status, 200);
    let mut tab = server.events(
        "nl/documents/privacyverklaring/1.0/index.html",
        &page.page_hash(),
    );

    server.save(
        VERSION_BODY,
        "## Over deze verklaring\n\n# Kop <script>alert(1)</script>\n",
    );
    let report = tab.expect("error-report");
    let json: serde_json::Value = serde_json::from_str(&report).unwrap();
    let first = &json["errors"][0];
    assert_eq!(first["file"], VERSION_BODY, "{report}");
    assert_eq!(first["line"], 3, "{report}");
    assert_eq!(first["column"], 1, "{report}");
    assert!(
        first["message"].as_str().unwrap().contains("heading"),
        "{report}"
    );
    assert!(first["hint"].as_str().unwrap().contains("##"), "{report}");

    // The last good page stays served, and a newly opened tab hears the
    // errors straight away.
    let still = server.get("/nl/documents/privacyverklaring/1.0/");
    assert_eq!(still.status, 200);
    assert!(still.body.contains("zorgvuldig"));
    let mut late = server.events(
        "nl/documents/privacyverklaring/1.0/index.html",
        &still.page_hash(),
    );
    late.expect("error-report");

    server.save(
        VERSION_BODY,
        "## Over deze verklaring\n\nWij gaan heel zorgvuldig om met gegevens.\n",
    );
    tab.expect("ok");
    late.expect("ok");
    let fixed = server.get("/nl/documents/privacyverklaring/1.0/");
    assert!(fixed.body.contains("heel zorgvuldig"), "{}", fixed.body);
}

#[test]
fn drafts_are_shown_with_a_banner() {
    let server = Server::start();
    let draft = server.get("/nl/documents/privacyverklaring/2.0/");
    assert_eq!(draft.status, 200);
    assert!(draft.body.contains("draft-banner"), "{}", draft.body);
    assert!(draft.body.contains("Concept, niet gepubliceerd"));
    let published = server.get("/nl/documents/privacyverklaring/1.0/");
    assert!(!published.body.contains("draft-banner"));
    // The preview never writes public/.
    assert!(!server.path("public").exists());
}

#[test]
fn each_page_names_the_files_it_was_made_from() {
    let server = Server::start();
    let version = server.get("/en/documents/privacyverklaring/1.0/");
    assert_eq!(version.status, 200);
    let body = &version.body;
    assert!(body.contains("preview-sources"), "{body}");
    // The text in the page's language, the version's data, the
    // document's, and site.toml: paths relative to the site folder.
    for file in [
        "content/documents/privacyverklaring/1.0/en.md",
        "content/documents/privacyverklaring/1.0/version.toml",
        "content/documents/privacyverklaring/document.toml",
        "content/site.toml",
    ] {
        assert!(
            body.contains(&format!("<code>{file}</code>")),
            "{file} in {body}"
        );
    }
    assert!(!body.contains("/1.0/nl.md"), "only the text shown: {body}");
    // A build for publishing never carries the list.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_policypress"))
        .args(["build", "--drafts", "--out"])
        .arg(server.path("out"))
        .arg("--site")
        .arg(server.path(""))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let built =
        std::fs::read_to_string(server.path("out/en/documents/privacyverklaring/1.0/index.html"))
            .unwrap();
    assert!(!built.contains("preview-sources"));
}

#[test]
fn a_stylesheet_change_swaps_the_css_without_a_reload() {
    let server = Server::start();
    let page = server.get("/nl/");
    let mut tab = server.events("nl/index.html", &page.page_hash());
    let css = server.get("/static/style.css");
    std::fs::create_dir_all(server.path("themes/default/static")).unwrap();
    std::fs::write(
        server.path("themes/default/static/style.css"),
        format!("{}\n.test-marker {{ color: red; }}\n", css.body),
    )
    .unwrap();
    let data = tab.expect("css");
    assert!(data.contains("/static/style.css"), "{data}");
    assert!(server.get("/static/style.css").body.contains("test-marker"));
    assert_eq!(tab.next(Duration::from_millis(500)), None, "no reload");
}

#[test]
fn new_deleted_and_renamed_files_are_picked_up() {
    let server = Server::start();
    let page = server.get("/nl/pages/contact/");
    let mut tab = server.events(CONTACT_PAGE, &page.page_hash());
    std::fs::create_dir_all(server.path("content/pages/nieuw")).unwrap();
    std::fs::write(
        server.path("content/pages/nieuw/nl.md"),
        "# Nieuwe pagina\n\nHallo.\n",
    )
    .unwrap();
    // The footer of every page links the new page, so this tab reloads.
    tab.expect("reload");
    assert!(server.get("/nl/pages/nieuw/").body.contains("Hallo."));

    std::fs::rename(
        server.path("content/pages/nieuw"),
        server.path("content/pages/anders"),
    )
    .unwrap();
    tab.expect("reload");
    assert_eq!(server.get("/nl/pages/nieuw/").status, 404);
    assert!(server.get("/nl/pages/anders/").body.contains("Hallo."));

    std::fs::remove_dir_all(server.path("content/pages/anders")).unwrap();
    tab.expect("reload");
    assert_eq!(server.get("/nl/pages/anders/").status, 404);
}

#[test]
fn only_files_of_the_built_site_are_served() {
    let server = Server::start();
    std::fs::write(server.path("secret.txt"), "do not serve").unwrap();
    for target in [
        "/../secret.txt",
        "/nl/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/nl%2f..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/nl/%00/index.html",
        "//etc/passwd",
        "/etc/passwd",
        "/content/site.toml",
        "/.git/config",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "{target}: {}", r.head);
        assert!(!r.body.contains("do not serve"), "{target}");
        assert!(!r.body.contains("root:"), "{target}");
        // The site's own 404 page.
        assert!(r.body.contains("<html"), "{target}");
    }
    // An absolute-form target with a host does not escape either.
    let r = server.raw(b"GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 404);
}

#[test]
fn content_types_head_and_caching_are_right() {
    let server = Server::start();
    for (target, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/nl/", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__policypress/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.header("content-type").as_deref(), Some(ty), "{target}");
        assert_eq!(
            r.header("cache-control").as_deref(),
            Some("no-store"),
            "{target}"
        );
    }
    let head = server.request("HEAD", "/nl/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let full = server.get("/nl/");
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string())
    );
    assert_eq!(
        server.get("/nl").header("location").as_deref(),
        Some("/nl/")
    );
    assert_eq!(server.request("POST", "/nl/").status, 405);
    // The built output never contains the reload script.
    let built = Command::new(env!("CARGO_BIN_EXE_policypress"))
        .args(["build", "--as-of", "2026-11-25", "--drafts", "--site"])
        .arg(server.site.path())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(built.success());
    let index = std::fs::read_to_string(server.path("public/nl/index.html")).unwrap();
    assert!(!index.contains("policypress/live.js"));
}

#[test]
fn a_foreign_host_name_is_refused() {
    // A page elsewhere that points its own name at 127.0.0.1 must not read
    // the drafts.
    let server = Server::start();
    let r = server.raw(b"GET /nl/ HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 421);
}

/// Reads the server's resident memory in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn abuse_does_not_stop_it_serving_others() {
    let server = Server::start();
    let warm = server.get("/nl/");
    assert_eq!(warm.status, 200);
    let before = rss_kib(server.child.id());

    // Hundreds of idle connections that never send a byte.
    let idle: Vec<TcpStream> = (0..300).map(|_| server.connect()).collect();
    // More event streams than allowed: the extra ones are refused.
    let mut streams = Vec::new();
    let mut refused = 0;
    for _ in 0..100 {
        let mut s = server.connect();
        write!(
            s,
            "GET /__policypress/events?page=nl/index.html&hash={} HTTP/1.1\r\nHost: {}\r\n\r\n",
            warm.page_hash(),
            server.addr
        )
        .unwrap();
        let mut first = [0u8; 12];
        s.read_exact(&mut first).unwrap();
        if &first == b"HTTP/1.1 503" {
            refused += 1;
        }
        streams.push(s);
    }
    assert!(
        refused > 0 && refused < 100,
        "{refused} of 100 streams refused"
    );

    // A client dripping its request a byte at a time.
    let mut slow = server.connect();
    slow.write_all(b"GET /nl/ HT").unwrap();
    // Abrupt disconnects: half a request, then gone.
    for _ in 0..50 {
        let mut s = server.connect();
        let _ = s.write_all(b"GET /nl/ HTTP/1.1\r\nHost: x");
        let _ = s.shutdown(Shutdown::Both);
    }
    for s in streams.drain(..50) {
        drop(s);
    }

    // Meanwhile an ordinary visitor is served, quickly.
    for _ in 0..20 {
        let started = Instant::now();
        let r = server.get("/nl/pages/contact/");
        assert_eq!(r.status, 200);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
    // And a save still reaches a tab.
    let page = server.get("/nl/pages/contact/");
    let mut streams_left = streams;
    streams_left.truncate(10);
    drop(idle);
    // Streams of closed tabs are freed within a few seconds.
    std::thread::sleep(Duration::from_secs(2));
    let mut tab = server.events(CONTACT_PAGE, &page.page_hash());
    server.save(CONTACT, "# Contact\n\nNa het misbruik.\n");
    tab.expect("reload");
    drop(slow);

    let after = rss_kib(server.child.id());
    assert!(
        after < before + 96 * 1024,
        "memory grew from {before} KiB to {after} KiB"
    );
}

// ------------------------------------------ why the HTTP layer is our own

/// An over-long request line is answered with 414 once the head limit is
/// reached, without the server reading the rest; over-long headers get 431.
#[test]
fn an_overlong_request_head_is_refused_without_being_read() {
    let server = Server::start();
    let mut long = server.connect();
    let _ = long.write_all(b"GET /");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    for _ in 0..4 {
        match long.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    let _ = long.shutdown(Shutdown::Write);
    let mut reply = Vec::new();
    let _ = long.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(
        reply.starts_with("HTTP/1.1 414"),
        "{sent} bytes sent: {reply}"
    );

    let mut big = b"GET /nl/ HTTP/1.1\r\n".to_vec();
    for i in 0..2000 {
        big.extend_from_slice(format!("X-Filler-{i}: {}\r\n", "b".repeat(20)).as_bytes());
    }
    big.extend_from_slice(b"\r\n");
    let r = server.raw(&big);
    assert_eq!(r.status, 431);

    // The server goes on serving.
    assert_eq!(server.get("/nl/").status, 200);
}

/// The HTTP layer of the preview, in this process, answering every request
/// with `ok`; its address.
fn http_layer(limits: Limits) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        http::serve(listener, limits, Arc::new(Gauges::default()), |_| {
            Handled::Respond(Response::text(200, "ok"))
        })
    });
    addr
}

/// Reads one response (head and `Content-Length` body) from a connection
/// that stays open; its status.
fn read_response(reader: &mut BufReader<TcpStream>) -> u16 {
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    let mut length = 0;
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        if h == "\r\n" || h.is_empty() {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    status.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A request on a new connection; the status of the answer, 0 if none.
fn status_of_new_request(addr: &str) -> u16 {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    Reply::parse(&out).status
}

/// A connection that sends nothing is closed once the head timeout has
/// passed, and its worker serves the next visitor; a client that drips its
/// head byte by byte gets 408 at the same deadline.
#[test]
fn a_silent_connection_is_closed_after_the_timeout_and_frees_its_worker() {
    let timeout = Duration::from_millis(300);
    let addr = http_layer(Limits {
        max_connections: 1,
        head_timeout: timeout,
        idle_timeout: timeout,
        ..Limits::default()
    });
    let started = Instant::now();
    let mut silent = TcpStream::connect(&addr).unwrap();
    silent
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    // The only worker is held by the silent connection for now.
    assert_eq!(status_of_new_request(&addr), 503);
    let mut buf = [0u8; 16];
    let n = silent.read(&mut buf).unwrap_or(0);
    let closed_after = started.elapsed();
    assert_eq!(n, 0, "the silent connection got an answer");
    assert!(
        closed_after >= timeout && closed_after < Duration::from_secs(3),
        "closed after {closed_after:?}"
    );
    // Its worker is free again (it is released just after the close).
    let served = (0..40).any(|_| {
        let ok = status_of_new_request(&addr) == 200;
        if !ok {
            std::thread::sleep(Duration::from_millis(50));
        }
        ok
    });
    assert!(served, "the worker was not freed");

    // A worker of a connection that just ended may not be back yet: a
    // refusal (503) is tried again.
    let drip = || {
        let mut drip = TcpStream::connect(&addr).unwrap();
        drip.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let started = Instant::now();
        for b in b"GET / HTTP/1.1\r\nHost: x" {
            if drip.write_all(&[*b]).is_err() || started.elapsed() > Duration::from_secs(2) {
                break;
            }
            std::thread::sleep(Duration::from_millis(40));
        }
        let mut reply = Vec::new();
        let _ = drip.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    };
    let reply = (0..10)
        .map(|_| drip())
        .find(|r| !r.starts_with("HTTP/1.1 503"))
        .unwrap_or_default();
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
}

/// Connections beyond the workers are refused at once with 503 (and
/// `Retry-After`) instead of each getting a thread, while a visitor whose
/// connection is served keeps being answered on it.
#[test]
fn more_connections_than_workers_are_refused_while_a_visitor_is_served() {
    let addr = http_layer(Limits {
        max_connections: 3,
        head_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(10),
        ..Limits::default()
    });
    let visitor = TcpStream::connect(&addr).unwrap();
    visitor
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut visitor = BufReader::new(visitor);
    let ask = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    visitor.get_mut().write_all(ask).unwrap();
    assert_eq!(read_response(&mut visitor), 200);

    let _silent: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(100));
    for _ in 0..20 {
        let started = Instant::now();
        let mut extra = TcpStream::connect(&addr).unwrap();
        extra
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut reply = Vec::new();
        let _ = extra.read_to_end(&mut reply);
        let reply = String::from_utf8_lossy(&reply);
        assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
        assert!(reply.contains("Retry-After:"), "{reply}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    let started = Instant::now();
    visitor.get_mut().write_all(ask).unwrap();
    assert_eq!(read_response(&mut visitor), 200);
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// An event is written to the open stream the moment the rebuild is done:
/// it reaches the tab together with the server's own "Rebuilt" line, not
/// when a buffer fills or the stream ends.
#[test]
fn an_event_reaches_the_open_tab_as_soon_as_it_is_sent() {
    let (server, log) = Server::start_with_log();
    let page = server.get("/nl/pages/contact/");
    let mut tab = server.events(CONTACT_PAGE, &page.page_hash());
    // Lines written while starting are not about the save.
    while log.try_recv().is_ok() {}

    server.save(CONTACT, "# Contact\n\nMeteen zichtbaar.\n");
    tab.expect("reload");
    let heard = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(15);
    let rebuilt = loop {
        let left = deadline
            .checked_duration_since(Instant::now())
            .expect("the server never said it rebuilt");
        let (at, line) = log.recv_timeout(left).expect("the server's log ended");
        if line.starts_with("Rebuilt in ") {
            break at;
        }
    };
    // The event is sent just before the line is written.
    assert!(
        heard <= rebuilt + Duration::from_millis(300),
        "the event came {:?} after the rebuild",
        heard.saturating_duration_since(rebuilt)
    );
    // The stream stays open for the next one.
    server.save(CONTACT, "# Contact\n\nNog een keer.\n");
    tab.expect("reload");
}
