//! The preview speaks the editor's language: for a Dutch site the page
//! shown while nothing builds, the error overlay's report and the lines in
//! the terminal are Dutch; placeholders are warnings there, not errors.
//! Each server is killed by the test that started it.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::copy_tree;

/// A running preview; killed on drop.
struct Server {
    child: Child,
    addr: String,
    /// What it wrote to stderr, read when it is stopped.
    log: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &Path, log: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args(["serve", "--port", "0", "--as-of", "2026-11-25", "--site"])
            .arg(site)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .expect("the policypress binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("De preview staat op "), "{line}");
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            addr,
            log: log.to_path_buf(),
        }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// Status line and body of `GET target`.
    fn get(&self, target: &str) -> (String, String) {
        let mut s = self.connect();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        (
            head.lines().next().unwrap_or("").to_string(),
            body.to_string(),
        )
    }

    /// The first `error-report` event a new tab hears.
    fn error_report(&self) -> serde_json::Value {
        let mut s = self.connect();
        write!(
            s,
            "GET /__policypress/events?page=&hash= HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut reader = BufReader::new(s);
        let mut event = String::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let line = line.trim_end();
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ")
                && event == "error-report"
            {
                return serde_json::from_str(d).unwrap();
            }
        }
        panic!("no error report")
    }

    /// Stops the server; what it wrote to stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn site_copy(tmp: &Path) -> std::path::PathBuf {
    let site = tmp.join("site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        &site,
    );
    site
}

#[test]
fn a_dutch_site_is_previewed_in_dutch() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let body = site.join("content/documents/privacyverklaring/1.0/nl.md");
    let text = std::fs::read_to_string(&body).unwrap();
    std::fs::write(&body, format!("# Een titel te veel\n\n{text}")).unwrap();
    let server = Server::start(&site, &tmp.path().join("log"));

    // Nothing built yet: the page says so in Dutch, and is marked Dutch.
    let (status, page) = server.get("/");
    assert!(status.contains(" 500 "), "{status}");
    assert!(page.contains("<html lang=\"nl\">"), "{page}");
    assert!(
        page.contains("<h1>De site kan niet worden gemaakt</h1>"),
        "{page}"
    );
    assert!(page.contains("een kop met één `#`"), "{page}");
    assert!(page.contains("<p>tip: "), "{page}");

    // The overlay's report: its own words and each error in Dutch.
    let report = server.error_report();
    assert_eq!(report["lang"], "nl", "{report}");
    assert_eq!(report["hint_label"], "tip", "{report}");
    assert!(
        report["title"]
            .as_str()
            .unwrap()
            .starts_with("De site kan niet opnieuw worden gemaakt: 1 fout"),
        "{report}"
    );
    let first = &report["errors"][0];
    assert_eq!(first["line"], 1, "{report}");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("een kop met één `#`"),
        "{report}"
    );
    assert!(first["hint"].as_str().unwrap().contains("##"), "{report}");

    let log = server.stop();
    assert!(log.contains("fout: een kop met één `#`"), "{log}");
    assert!(log.contains("Concepten worden getoond."), "{log}");
}

#[test]
fn a_placeholder_is_a_warning_in_the_preview() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let body = site.join("content/documents/privacyverklaring/1.0/nl.md");
    let text = std::fs::read_to_string(&body).unwrap();
    std::fs::write(&body, format!("{text}\nMail naar [VUL IN].\n")).unwrap();
    let server = Server::start(&site, &tmp.path().join("log"));
    let (status, page) = server.get("/nl/documents/privacyverklaring/1.0/");
    assert!(status.contains(" 200 "), "{status}");
    assert!(page.contains("Mail naar [VUL IN]."), "{page}");
    let log = server.stop();
    assert!(log.contains("(1 waarschuwing)"), "{log}");
}
