//! The preview server's HTTP/1.1 connections, with the limits a server on an
//! editor's machine needs: a bounded number of connections and event streams,
//! bounded request heads, and timeouts so a slow or stuck client holds only
//! its own connection.
//!
//! Requests are parsed with `httparse`; only `GET` and `HEAD` without a body
//! are served, which is all a static preview needs.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Limits of the server, fixed so that no client can exhaust it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once (each has one thread); more are refused
    /// with 503 straight from the accept loop.
    pub max_connections: usize,
    /// Open event streams (one per browser tab); more get 503.
    pub max_streams: usize,
    /// Request line plus headers, in bytes.
    pub max_head: usize,
    /// Headers per request.
    pub max_headers: usize,
    /// How long a client may take to send a whole request head.
    pub head_timeout: Duration,
    /// How long an idle keep-alive connection is kept.
    pub idle_timeout: Duration,
    /// How long one write to a client may block.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            max_streams: 64,
            max_head: 16 * 1024,
            max_headers: 64,
            head_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(10),
        }
    }
}

/// A parsed request: only what the preview looks at.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The request target exactly as sent, e.g. `/nl/?x=1`.
    pub target: String,
    /// The `Host` header, if any.
    pub host: Option<String>,
    /// Whether the client asked to close the connection after this request.
    pub close: bool,
}

/// A complete response. Bodies are small (pages of a site) and in memory.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Arc<[u8]>,
}

impl Response {
    /// A response with a body and a content type.
    pub fn new(status: u16, content_type: &str, body: impl Into<Arc<[u8]>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    /// A short plain-text response, for errors.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        )
    }

    /// Adds a header.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What the application does with a request.
pub enum Handled {
    /// Send this response; the connection may stay open.
    Respond(Response),
    /// The request opens an event stream: the application writes to the
    /// connection itself until the client goes away (holding a
    /// [`StreamSlot`] meanwhile).
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

/// One of the bounded places for an open event stream; freed on drop.
pub struct StreamSlot {
    counter: Arc<AtomicUsize>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.counter.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Counts of what is open, shared with the application.
#[derive(Default)]
pub struct Gauges {
    pub connections: Arc<AtomicUsize>,
    pub streams: Arc<AtomicUsize>,
}

impl Gauges {
    /// Takes a stream slot if fewer than `max` are open.
    pub fn try_stream(&self, max: usize) -> Option<StreamSlot> {
        let counter = self.streams.clone();
        let mut now = counter.load(Ordering::SeqCst);
        loop {
            if now >= max {
                return None;
            }
            match counter.compare_exchange(now, now + 1, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) => return Some(StreamSlot { counter }),
                Err(actual) => now = actual,
            }
        }
    }
}

struct ConnectionSlot(Arc<AtomicUsize>);

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Accepts connections forever, one thread per connection up to
/// `limits.max_connections`. Returns only if the listener fails.
pub fn serve<H>(listener: TcpListener, limits: Limits, gauges: Arc<Gauges>, handler: H) -> io::Error
where
    H: Fn(&Request) -> Handled + Send + Sync + 'static,
{
    let handler = Arc::new(handler);
    loop {
        let (stream, _) = match listener.accept() {
            Ok(s) => s,
            // Running out of file descriptors or a connection reset before
            // accept are passing conditions: wait a moment, keep serving.
            Err(e) if is_transient(&e) => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(e) => return e,
        };
        let open = gauges.connections.fetch_add(1, Ordering::SeqCst);
        let slot = ConnectionSlot(gauges.connections.clone());
        if open >= limits.max_connections {
            refuse(
                stream,
                "too many connections to the preview server; try again",
            );
            drop(slot);
            continue;
        }
        let handler = handler.clone();
        let spawned = std::thread::Builder::new()
            .name("serve-conn".into())
            // A connection thread only parses a head and copies bytes.
            .stack_size(256 * 1024)
            .spawn(move || {
                let _slot = slot;
                connection(stream, limits, &*handler);
            });
        if let Err(e) = spawned {
            eprintln!("warning: could not start a thread for a connection: {e}");
        }
    }
}

fn is_transient(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    ) || e.raw_os_error().is_some_and(|c| c == 23 || c == 24) // ENFILE, EMFILE
}

/// Answers 503 without blocking the accept loop: the socket is made
/// non-blocking, so a client that does not read loses the answer, not us.
fn refuse(stream: TcpStream, why: &str) {
    let _ = stream.set_nonblocking(true);
    let body = format!("{why}\n");
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut s = &stream;
    let _ = s.write_all(head.as_bytes());
    let _ = stream.shutdown(Shutdown::Both);
}

/// Serves one connection: requests one after another (keep-alive) until the
/// client closes, times out or sends something we do not take.
fn connection(stream: TcpStream, limits: Limits, handler: &(dyn Fn(&Request) -> Handled + Sync)) {
    let _ = stream.set_nodelay(true);
    if stream
        .set_write_timeout(Some(limits.write_timeout))
        .is_err()
    {
        return;
    }
    let mut buf: Vec<u8> = Vec::with_capacity(2048);
    for served in 0.. {
        let idle = if served == 0 {
            limits.head_timeout
        } else {
            limits.idle_timeout
        };
        let request = match read_head(&stream, &mut buf, limits, idle) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(status) => {
                let why = match status {
                    400 => "the request could not be read",
                    405 => "only GET and HEAD are served",
                    408 => "the request took too long",
                    413 => "requests with a body are not taken",
                    414 => "the request line is too long",
                    431 => "the request headers are too large",
                    _ => "the request was refused",
                };
                let mut r = Response::text(status, why);
                if status == 405 {
                    r = r.with("Allow", "GET, HEAD");
                }
                let _ = write_response(&stream, &r, false, true);
                linger(&stream);
                return;
            }
        };
        let head_only = request.method == "HEAD";
        match handler(&request) {
            Handled::Respond(r) => {
                let close = request.close || served >= 999;
                if write_response(&stream, &r, head_only, close).is_err() || close {
                    let _ = stream.shutdown(Shutdown::Both);
                    return;
                }
            }
            Handled::Stream(run) => {
                run(stream);
                return;
            }
        }
    }
}

/// Closes after an error answer without losing it: closing a socket with
/// unread input makes the kernel reset the connection, and the client may
/// then never see the answer. So the rest of the input is read and thrown
/// away first — at most 1 MiB, for at most a second.
fn linger(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let started = Instant::now();
    let mut sink = [0u8; 8192];
    let mut total = 0usize;
    let mut s = stream;
    while total < 1 << 20 && started.elapsed() < Duration::from_secs(1) {
        match s.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
    let _ = stream.shutdown(Shutdown::Read);
}

/// Reads one request head into `buf` (which may already hold bytes of a
/// pipelined request). `Ok(None)`: the client closed or went idle.
/// `Err(status)`: refuse with this status and close.
fn read_head(
    stream: &TcpStream,
    buf: &mut Vec<u8>,
    limits: Limits,
    idle: Duration,
) -> Result<Option<Request>, u16> {
    let started = Instant::now();
    let mut chunk = [0u8; 4096];
    loop {
        if !buf.is_empty() {
            let mut headers = vec![httparse::EMPTY_HEADER; limits.max_headers];
            let mut req = httparse::Request::new(&mut headers);
            match req.parse(buf) {
                Ok(httparse::Status::Complete(len)) => {
                    let request = to_request(&req)?;
                    buf.drain(..len);
                    return Ok(Some(request));
                }
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => return Err(431),
                Err(_) => return Err(400),
            }
            if buf.len() >= limits.max_head {
                let line_done = buf.windows(2).any(|w| w == b"\r\n") || buf.contains(&b'\n');
                return Err(if line_done { 431 } else { 414 });
            }
        }
        // The whole head must arrive within the deadline, however slowly
        // the client drips it: each read gets only the time that is left.
        let deadline = if buf.is_empty() {
            idle
        } else {
            limits.head_timeout
        };
        let left = deadline.saturating_sub(started.elapsed());
        if left.is_zero() {
            return if buf.is_empty() { Ok(None) } else { Err(408) };
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Ok(None);
        }
        let room = (limits.max_head - buf.len()).min(chunk.len());
        let mut s = stream;
        match s.read(&mut chunk[..room]) {
            Ok(0) => return Ok(None),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return if buf.is_empty() { Ok(None) } else { Err(408) };
            }
            Err(_) => return Ok(None),
        }
    }
}

fn to_request(req: &httparse::Request) -> Result<Request, u16> {
    let method = req.method.ok_or(400u16)?.to_string();
    let target = req.path.ok_or(400u16)?.to_string();
    let version = req.version.ok_or(400u16)?;
    let mut host = None;
    let mut close = version == 0;
    for h in req.headers.iter() {
        let value = std::str::from_utf8(h.value).map_err(|_| 400u16)?.trim();
        if h.name.eq_ignore_ascii_case("host") {
            host = Some(value.to_string());
        } else if h.name.eq_ignore_ascii_case("connection") {
            let v = value.to_ascii_lowercase();
            if v.contains("close") {
                close = true;
            } else if v.contains("keep-alive") {
                close = false;
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding")
            || (h.name.eq_ignore_ascii_case("content-length") && value != "0")
        {
            // We never read bodies, so one would be taken for the next
            // request: refuse and close instead.
            return Err(413);
        }
    }
    if method != "GET" && method != "HEAD" {
        return Err(405);
    }
    Ok(Request {
        method,
        target,
        host,
        close,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Writes a whole response. Every response of the preview is uncacheable:
/// a browser must never show a page from before the last save.
pub fn write_response(
    stream: &TcpStream,
    r: &Response,
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: {}\r\n\r\n",
        r.body.len(),
        if close { "close" } else { "keep-alive" }
    ));
    let mut s = stream;
    if head_only {
        s.write_all(head.as_bytes())?;
    } else {
        let mut all = head.into_bytes();
        all.extend_from_slice(&r.body);
        s.write_all(&all)?;
    }
    s.flush()
}
