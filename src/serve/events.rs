//! Server-Sent Events to open browser tabs: each tab subscribes with the
//! page it shows and that page's hash, and hears only what concerns it — a
//! reload when its page changed, a stylesheet swap, the build errors, and
//! their all-clear.

use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::files::FileMap;

/// How often an idle stream gets a comment line, so a closed tab is
/// noticed (the write fails) and its slot freed.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// How often an idle stream checks whether its tab has gone.
const CHECK: Duration = Duration::from_secs(1);

/// Messages queued for one tab before it counts as stuck and is dropped.
const QUEUE: usize = 16;

/// One event, already in wire format.
#[derive(Debug, Clone)]
pub struct Event(pub String);

impl Event {
    /// `event: NAME` with `data` (one line of JSON).
    pub fn new(name: &str, data: &str) -> Event {
        // JSON from serde_json has no raw newlines; any that slipped in
        // would end the event early, so they are split into data lines.
        let data = data.replace('\n', "\ndata: ");
        Event(format!("event: {name}\ndata: {data}\n\n"))
    }
}

struct Subscriber {
    id: u64,
    page: String,
    hash: String,
    tx: SyncSender<Event>,
}

/// Every open event stream.
#[derive(Default)]
pub struct Hub {
    inner: Mutex<HubInner>,
}

#[derive(Default)]
struct HubInner {
    next_id: u64,
    subscribers: Vec<Subscriber>,
}

/// What changed in a rebuild that tabs may care about.
pub struct Change<'a> {
    pub files: &'a FileMap,
    /// Stylesheet URLs whose bytes changed.
    pub css: Vec<String>,
    pub generation: u64,
    /// The current build errors as JSON, or `None` when the build is good.
    pub errors: Option<&'a str>,
    /// The previous build had errors and this one has none.
    pub cleared: bool,
}

impl Hub {
    /// Registers a tab showing `page` whose bytes had `hash`.
    fn subscribe(&self, page: &str, hash: &str) -> (u64, mpsc::Receiver<Event>) {
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.next_id += 1;
        let id = inner.next_id;
        inner.subscribers.push(Subscriber {
            id,
            page: page.to_string(),
            hash: hash.to_string(),
            tx,
        });
        (id, rx)
    }

    /// Records that a tab was told to load the page with this hash, so it
    /// is not told again.
    fn set_hash(&self, id: u64, hash: &str) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = inner.subscribers.iter_mut().find(|s| s.id == id) {
            s.hash = hash.to_string();
        }
    }

    fn unsubscribe(&self, id: u64) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.subscribers.retain(|s| s.id != id);
    }

    /// How many tabs are listening.
    pub fn len(&self) -> usize {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.subscribers.len()
    }

    /// Whether no tab is listening.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Tells every tab what a rebuild means for it.
    pub fn publish(&self, change: &Change) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let css = (!change.css.is_empty()).then(|| {
            let data = serde_json::json!({ "paths": change.css, "generation": change.generation });
            Event::new("css", &data.to_string())
        });
        inner.subscribers.retain_mut(|s| {
            let mut events = Vec::new();
            if let Some(errors) = change.errors {
                events.push(Event::new("error-report", errors));
            } else {
                if change.cleared {
                    events.push(Event::new("ok", "{}"));
                }
                let now = current_hash(change.files, &s.page);
                if now != s.hash {
                    s.hash = now;
                    events.push(Event::new("reload", "{}"));
                } else if let Some(css) = &css {
                    events.push(css.clone());
                }
            }
            // A tab that cannot keep up is dropped; its browser reconnects
            // and is brought up to date from its page hash.
            events.into_iter().all(|e| match s.tx.try_send(e) {
                Ok(()) => true,
                Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
            })
        });
    }

    /// Serves one event stream until the tab goes away. Runs on the
    /// connection's own thread. `first` gives what the tab must hear at
    /// once (a reload if its page changed since it was served, the current
    /// errors) and the page hash the tab will have after that; it is called
    /// after subscribing, so a rebuild in between is heard either way.
    pub fn stream(
        self: &Arc<Self>,
        stream: TcpStream,
        page: &str,
        hash: &str,
        first: impl FnOnce() -> (Vec<Event>, String),
    ) {
        let (id, rx) = self.subscribe(page, hash);
        let _guard = Unsubscribe { hub: self, id };
        let (first, now) = first();
        self.set_hash(id, &now);
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n";
        let mut s = &stream;
        if s.write_all(head.as_bytes()).is_err() {
            return;
        }
        for e in first {
            if s.write_all(e.0.as_bytes()).is_err() {
                return;
            }
        }
        let mut quiet = Duration::ZERO;
        loop {
            let msg = match rx.recv_timeout(CHECK) {
                Ok(e) => e.0,
                Err(RecvTimeoutError::Timeout) => {
                    // A closed tab frees its slot within a second, not at
                    // the next keep-alive.
                    if peer_closed(&stream) {
                        return;
                    }
                    quiet += CHECK;
                    if quiet < KEEP_ALIVE {
                        continue;
                    }
                    ": keep-alive\n\n".to_string()
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            quiet = Duration::ZERO;
            if s.write_all(msg.as_bytes())
                .and_then(|()| s.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

struct Unsubscribe<'a> {
    hub: &'a Hub,
    id: u64,
}

impl Drop for Unsubscribe<'_> {
    fn drop(&mut self) {
        self.hub.unsubscribe(self.id);
    }
}

/// Whether the client closed its side (or the connection broke). A tab
/// never sends anything on an event stream, so any readable byte or EOF
/// means it is done.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut probe = [0u8; 1];
    let closed = match stream.peek(&mut probe) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    closed || stream.set_nonblocking(false).is_err()
}

/// The hash a tab showing `page` should have now; a page that is gone has
/// none, so its tab reloads (and shows the 404 page).
pub fn current_hash(files: &FileMap, page: &str) -> String {
    files
        .get(page)
        .map_or_else(|| "gone".to_string(), |f| format!("{:016x}", f.hash))
}
