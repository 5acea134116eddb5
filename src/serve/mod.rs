//! `policypress serve`: the live preview an editor keeps open beside the
//! editor. It runs the same pipeline as `build` (with drafts shown), keeps
//! the result in memory — `public/` is never touched — rebuilds on every
//! save, and tells each open tab what changed: a reload when its page
//! changed, a stylesheet swap, or the errors to fix.
//!
//! Threads: the main thread watches and rebuilds; one thread accepts
//! connections; each connection (a bounded number) has a thread of its own.

pub mod events;
pub mod files;
pub mod http;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use serde::Serialize;

use crate::asof::BuildOptions;
use crate::diag::{Diagnostics, Exit, Failure, print_message};
use crate::messages::{Language, Message, Say};
use crate::model::Date;
use crate::site::BuildCache;
use events::{Change, Event, Hub};
use files::{FileMap, Served, Target};
use http::{Gauges, Handled, Limits, Request, Response};

/// The reload script served at `/__policypress/live.js`.
const LIVE_JS: &str = include_str!("live.js");

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub as_of: Date,
    /// Open the preview in the default browser.
    pub open: bool,
    /// The language the preview speaks, in the terminal and the browser.
    pub lang: Language,
}

/// What the server serves right now.
pub struct Snapshot {
    /// Counts builds, good or bad; tabs use it to bust stylesheet caches.
    pub generation: u64,
    /// The last good build. Empty until one succeeded.
    pub files: FileMap,
    /// The path the site lives under, e.g. `/`.
    pub base_path: String,
    /// The errors of the latest build as JSON, if it failed; the last good
    /// site stays served underneath.
    pub errors: Option<Arc<str>>,
}

/// One diagnostic as the browser overlay shows it.
#[derive(Debug, Serialize)]
struct DiagView {
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
    hint: Option<String>,
    source_line: Option<String>,
}

/// What the overlay shows, in the preview's language: its heading, first
/// paragraph and label for hints, and each error.
#[derive(Debug, Serialize)]
struct ErrorReport {
    /// The language of the overlay's own words, for its `lang`.
    lang: &'static str,
    title: String,
    intro: String,
    hint_label: String,
    errors: Vec<DiagView>,
}

fn error_report(diags: Diagnostics, lang: Language) -> ErrorReport {
    let errors: Vec<_> = diags
        .report()
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    ErrorReport {
        lang: lang.code(),
        title: Say::OverlayTitle {
            errors: errors.len(),
        }
        .text(lang),
        intro: Say::OverlayIntro.text(lang),
        hint_label: Say::HintLabel.text(lang),
        errors: errors
            .into_iter()
            .map(|d| {
                let (message, hint, _) = d.wording(lang);
                DiagView {
                    file: d.file.as_ref().map(|f| f.display().to_string()),
                    line: d.position.map(|p| p.line),
                    column: d.position.map(|p| p.column),
                    message: message.to_string(),
                    hint: hint.map(str::to_string),
                    source_line: d.source_line.as_deref().map(str::to_string),
                }
            })
            .collect(),
    }
}

/// The state shared by the rebuild loop and the connections.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: Arc<Hub>,
    gauges: Arc<Gauges>,
    limits: Limits,
    /// `Host` values accepted, when bound to loopback; `None` accepts any.
    hosts: Option<Vec<String>>,
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// The rebuild side: the pipeline with a cache kept between builds.
pub struct Preview {
    root: PathBuf,
    opts: BuildOptions,
    lang: Language,
    cache: BuildCache,
    shared: Arc<Shared>,
    /// `POLICYPRESS_TIMING` is set: print where each rebuild's time went.
    timing: bool,
}

impl Preview {
    /// Builds once; the preview starts with that result, good or bad
    /// (whether it was good is the `bool`). It speaks `lang`.
    pub fn new(
        root: &Path,
        opts: BuildOptions,
        lang: Language,
        shared: Arc<Shared>,
    ) -> (Preview, bool) {
        let mut p = Preview {
            root: root.to_path_buf(),
            opts,
            lang,
            cache: BuildCache::lean(),
            shared,
            timing: std::env::var_os("POLICYPRESS_TIMING").is_some(),
        };
        let r = p.rebuild();
        (p, r)
    }

    /// Runs the pipeline and swaps in the result; tells the tabs. Returns
    /// whether the site built.
    pub fn rebuild(&mut self) -> bool {
        let started = Instant::now();
        let old = self.shared.current();
        let mut result = crate::site::build_cached(&self.root, self.opts, &mut self.cache);
        // The files the build left out as unchanged are served as the last
        // good build made them, which is what is being served now. Should
        // one be missing, the build starts over without its cache rather
        // than serve an incomplete site.
        if let Ok(built) = &result
            && !built.unchanged.iter().all(|p| old.files.contains_key(p))
        {
            eprintln!("{}", Say::LostTrack.text(self.lang));
            self.cache = BuildCache::lean();
            result = crate::site::build_cached(&self.root, self.opts, &mut self.cache);
        }
        let generation = old.generation + 1;
        match result {
            Ok(built) => {
                let built_at = Instant::now();
                let phases = built.phases.clone();
                let base_path = built.site.config.base_path().to_string();
                let warnings = built.diagnostics.warning_count();
                let mut files = FileMap::with_capacity(built.files.len() + built.unchanged.len());
                for path in &built.unchanged {
                    if let Some(prev) = old.files.get(path) {
                        files.insert(path.clone(), prev.clone());
                    }
                }
                let mut changed = 0;
                let mut css = Vec::new();
                for f in built.files {
                    let hash = files::hash_bytes(&f.bytes);
                    let served = match old.files.get(&f.path) {
                        Some(prev) if prev.hash == hash => prev.clone(),
                        _ => {
                            if f.path.ends_with(".html") {
                                changed += 1;
                            } else if f.path.ends_with(".css") {
                                css.push(format!("{base_path}{}", f.path));
                            }
                            let bytes: Arc<[u8]> = if f.path.ends_with(".html") {
                                let html = String::from_utf8_lossy(&f.bytes);
                                files::inject_script(&html, &f.path, &format!("{hash:016x}"))
                                    .into_bytes()
                                    .into()
                            } else {
                                f.bytes.into()
                            };
                            Served { bytes, hash }
                        }
                    };
                    files.insert(f.path, served);
                }
                let snapshot = Arc::new(Snapshot {
                    generation,
                    files,
                    base_path,
                    errors: None,
                });
                self.swap(snapshot.clone());
                self.shared.hub.publish(&Change {
                    files: &snapshot.files,
                    css,
                    generation,
                    errors: None,
                    cleared: old.errors.is_some(),
                });
                let millis = started.elapsed().as_millis();
                if self.timing {
                    let mut line = String::from("timing:");
                    for (name, d) in phases {
                        line.push_str(&format!(" {name} {:.1} ms,", d.as_secs_f64() * 1e3));
                    }
                    eprintln!(
                        "{line} serve {:.1} ms",
                        built_at.elapsed().as_secs_f64() * 1e3
                    );
                }
                if old.errors.is_some() {
                    eprintln!("{}", Say::ErrorsFixed.text(self.lang));
                }
                let said = if old.files.is_empty() {
                    Say::BuiltFiles {
                        files: changed,
                        millis,
                        warnings,
                    }
                } else {
                    Say::Rebuilt {
                        millis,
                        pages: changed,
                        warnings,
                    }
                };
                eprintln!("{}", said.text(self.lang));
                true
            }
            Err(diags) => {
                let report = diags.clone().report();
                for d in report.diagnostics.iter().filter(|d| d.is_error()) {
                    eprintln!("{}", d.display(self.lang));
                }
                let said = Say::NotRebuilt {
                    errors: report.errors,
                };
                eprintln!("{}", said.text(self.lang));
                let report = error_report(diags, self.lang);
                let json: Arc<str> = serde_json::to_string(&report)
                    .unwrap_or_else(|_| "{}".to_string())
                    .into();
                let snapshot = Arc::new(Snapshot {
                    generation,
                    files: old.files.clone(),
                    base_path: old.base_path.clone(),
                    errors: Some(json.clone()),
                });
                self.swap(snapshot.clone());
                self.shared.hub.publish(&Change {
                    files: &snapshot.files,
                    css: Vec::new(),
                    generation,
                    errors: Some(&json),
                    cleared: false,
                });
                false
            }
        }
    }

    fn swap(&self, snapshot: Arc<Snapshot>) {
        *self
            .shared
            .snapshot
            .write()
            .unwrap_or_else(|p| p.into_inner()) = snapshot;
    }
}

/// Answers one request from the current snapshot.
fn handle(shared: &Arc<Shared>, req: &Request) -> Handled {
    if let (Some(allowed), Some(host)) = (&shared.hosts, &req.host)
        && !allowed.iter().any(|a| a.eq_ignore_ascii_case(host))
    {
        // A page from elsewhere that points a name of its own at
        // 127.0.0.1 (DNS rebinding) must not read the drafts.
        return Handled::Respond(Response::text(
            421,
            "this preview answers only to the address it printed",
        ));
    }
    let snap = shared.current();
    let target = files::resolve(&req.target, &snap.base_path, |k| snap.files.contains_key(k));
    match target {
        Target::File(key) => {
            let f = &snap.files[&key];
            Handled::Respond(Response::new(
                200,
                files::content_type(&key),
                f.bytes.clone(),
            ))
        }
        Target::Redirect(to) => {
            Handled::Respond(Response::text(301, &format!("moved to {to}")).with("Location", to))
        }
        Target::Script => Handled::Respond(Response::new(
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
        )),
        Target::Events(query) => {
            let Some(slot) = shared.gauges.try_stream(shared.limits.max_streams) else {
                return Handled::Respond(
                    Response::text(503, "too many open preview tabs; close some and reload")
                        .with("Retry-After", "5"),
                );
            };
            let (page, hash) = stream_params(&query);
            let shared = shared.clone();
            Handled::Stream(Box::new(move |stream| {
                let _slot = slot;
                let hub = shared.hub.clone();
                hub.stream(stream, &page, &hash, || {
                    let snap = shared.current();
                    let mut first = Vec::new();
                    if let Some(errors) = &snap.errors {
                        first.push(Event::new("error-report", errors));
                    }
                    if snap.files.is_empty() {
                        return (first, hash.clone());
                    }
                    let now = events::current_hash(&snap.files, &page);
                    if now != hash {
                        first.push(Event::new("reload", "{}"));
                    }
                    (first, now)
                });
            }))
        }
        Target::NotFound => {
            if snap.files.is_empty() {
                return Handled::Respond(error_page(&snap, "404.html"));
            }
            Handled::Respond(match snap.files.get("404.html") {
                Some(f) => Response::new(404, "text/html; charset=utf-8", f.bytes.clone()),
                None => Response::text(404, "not found"),
            })
        }
    }
}

/// `page=…&hash=…` of an event stream request.
fn stream_params(query: &str) -> (String, String) {
    let mut page = String::new();
    let mut hash = String::new();
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_encoding::percent_decode_str(&v.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned();
        match k {
            "page" => page = v,
            "hash" => hash = v,
            _ => {}
        }
    }
    (page, hash)
}

/// Served while no build has succeeded yet: the errors, escaped, with the
/// reload script so the page turns into the site once the content is fixed.
/// It speaks the language of the errors' report.
fn error_page(snap: &Snapshot, key: &str) -> Response {
    let report: Option<serde_json::Value> = snap
        .errors
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok());
    let lang = report
        .as_ref()
        .and_then(|r| r["lang"].as_str())
        .and_then(Language::from_code)
        .unwrap_or(Language::En);
    let title = crate::escape::html(&Say::NotBuilt.text(lang));
    let hint_label = crate::escape::html(&Say::HintLabel.text(lang));
    let mut body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main>",
        lang.code()
    );
    body.push_str(&format!("<h1>{title}</h1><ol>"));
    if let Some(list) = report.as_ref().and_then(|r| r["errors"].as_array()) {
        for d in list {
            let mut at = d["file"].as_str().unwrap_or("").to_string();
            if let Some(l) = d["line"].as_u64() {
                at.push_str(&format!(":{l}"));
                if let Some(c) = d["column"].as_u64() {
                    at.push_str(&format!(":{c}"));
                }
            }
            body.push_str(&format!(
                "<li><p><code>{}</code></p><p>{}</p>",
                crate::escape::html(&at),
                crate::escape::html(d["message"].as_str().unwrap_or(""))
            ));
            if let Some(h) = d["hint"].as_str() {
                body.push_str(&format!("<p>{hint_label}: {}</p>", crate::escape::html(h)));
            }
            body.push_str("</li>");
        }
    }
    body.push_str("</ol></main></body></html>");
    let html = files::inject_script(&body, key, "none");
    Response::new(500, "text/html; charset=utf-8", html.into_bytes())
}

fn is_loopback(ip: IpAddr) -> bool {
    ip.is_loopback()
}

/// Runs `serve` until interrupted; returns only when it cannot go on.
pub fn run(opts: ServeOptions) -> Result<(), Failure> {
    let lang = opts.lang;
    let root = std::fs::canonicalize(&opts.site).map_err(|e| {
        Failure::error(
            Message::CannotOpenSite {
                site: opts.site.display().to_string(),
                error: e.to_string(),
            }
            .error(),
        )
    })?;
    if !root.join("content").is_dir() {
        return Err(Failure::error(
            Message::NoContentToServe {
                root: root.display().to_string(),
            }
            .error(),
        ));
    }
    if !is_loopback(opts.bind) {
        let m = Message::BindsToNetwork {
            bind: opts.bind.to_string(),
        };
        print_message(&m.warning(), lang);
    }
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port)).map_err(|e| {
        Failure::error(
            Message::CannotListen {
                address: format!("{}:{}", opts.bind, opts.port),
                error: e.to_string(),
            }
            .error(),
        )
    })?;
    let addr = listener.local_addr().map_err(|e| {
        Failure::error(
            Message::CannotReadAddress {
                error: e.to_string(),
            }
            .error(),
        )
    })?;
    let hosts = is_loopback(opts.bind).then(|| {
        let p = addr.port();
        vec![
            format!("127.0.0.1:{p}"),
            format!("localhost:{p}"),
            format!("[::1]:{p}"),
            addr.to_string(),
        ]
    });
    let limits = Limits::default();
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            generation: 0,
            files: FileMap::new(),
            base_path: "/".to_string(),
            errors: None,
        })),
        hub: Arc::new(Hub::default()),
        gauges: Arc::new(Gauges::default()),
        limits,
        hosts,
    });
    let build_opts = BuildOptions {
        as_of: opts.as_of,
        drafts: true,
        preview: true,
    };
    let (mut preview, first) = Preview::new(&root, build_opts, lang, shared.clone());
    let mut watcher = match watch::SiteWatcher::new(&root) {
        Ok(w) => Some(w),
        Err(e) => {
            let m = Message::CannotWatch {
                root: root.display().to_string(),
                error: e.to_string(),
            };
            print_message(&m.warning(), lang);
            None
        }
    };
    let base = shared.current().base_path.clone();
    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}{base}", addr.port());
    println!("{}", Say::Serving { url: url.clone() }.text(lang));
    if !first {
        eprintln!("{}", Say::DoesNotBuildYet.text(lang));
    }
    eprintln!("{}", Say::DraftsShown.text(lang));
    if opts.open {
        open_browser(&url, lang);
    }
    let server_shared = shared.clone();
    let server = std::thread::Builder::new()
        .name("serve-accept".into())
        .spawn(move || {
            let gauges = server_shared.gauges.clone();
            let s = server_shared.clone();
            http::serve(listener, limits, gauges, move |req| handle(&s, req))
        });
    let server = server.map_err(|e| {
        Failure::error(
            Message::CannotStartServer {
                error: e.to_string(),
            }
            .error(),
        )
    })?;
    if let Some(w) = watcher.as_mut() {
        while let Some((paths, seen)) = w.next_change() {
            if preview.timing {
                eprintln!(
                    "timing: first event to rebuild {:.1} ms",
                    seen.elapsed().as_secs_f64() * 1e3
                );
            }
            if let Some(p) = paths.first() {
                let said = Say::Changed {
                    path: p.display().to_string(),
                    more: paths.len() - 1,
                };
                eprintln!("{}", said.text(lang));
            }
            preview.rebuild();
        }
        print_message(&Message::WatchingStopped.error(), lang);
    }
    match server.join() {
        Ok(e) => Err(Failure::error(
            Message::ServerStopped {
                error: e.to_string(),
            }
            .error(),
        )),
        Err(_) => Err(Failure::reported(Exit::Error)),
    }
}

/// Opens `url` in the desktop's browser; a failure is only a warning.
fn open_browser(url: &str, lang: Language) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(cmd)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(_) => {}
        Err(e) => {
            let said = Say::NoBrowser {
                command: cmd.to_string(),
                error: e.to_string(),
                url: url.to_string(),
            };
            eprintln!("{}", said.text(lang));
        }
    }
}
