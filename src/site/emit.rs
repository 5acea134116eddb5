//! Step 5 of the pipeline: each file as it comes out of the renderer is
//! finished (HTML pages: base path, external links, header scopes), or
//! taken from the last build, counted, remembered for the next build and
//! handed to the sink.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::incremental::{BuildCache, Last, Made, Reuse};
use super::{Finishings, hash_of};
use crate::diag::IoFailure;
use crate::output::OutputFile;
use crate::rewrite::finish_html;

/// The sink side of step 5: finishes each page as it comes out of the
/// templates, on the same thread (base path, external links, header
/// scopes), or takes it from the last build; counts pages; remembers every
/// file for the next build; and hands it to `emit`.
pub(super) struct Emitter<'e, S> {
    sink: &'e S,
    emit: &'e (dyn Fn(&S, OutputFile) -> Result<(), IoFailure> + Sync),
    finishings: &'e Finishings,
    last: Option<&'e Last>,
    /// Whether a cache keeps this build for the next one.
    caching: bool,
    /// Leave files that did not change out (see [`BuildCache::lean`]).
    lean: bool,
    /// Which files are pages of a route (only kept with a cache).
    route_files: HashSet<String>,
    pages: AtomicUsize,
    /// This build's files, for the next build.
    next: Mutex<HashMap<String, Made>>,
    unchanged: Mutex<HashSet<String>>,
}

impl<'e, S: Sync> Emitter<'e, S> {
    /// An emitter into `sink`; with a `cache`, the last good build's files
    /// are taken where they are unchanged, and this build's remembered.
    /// `route_files` names the files that are pages of a route.
    pub(super) fn new(
        sink: &'e S,
        emit: &'e (dyn Fn(&S, OutputFile) -> Result<(), IoFailure> + Sync),
        finishings: &'e Finishings,
        cache: Option<&'e BuildCache>,
        route_files: HashSet<String>,
    ) -> Emitter<'e, S> {
        Emitter {
            sink,
            emit,
            finishings,
            last: cache.and_then(|c| c.last.as_ref()),
            caching: cache.is_some(),
            lean: cache.is_some_and(|c| c.lean),
            route_files,
            pages: AtomicUsize::new(0),
            next: Mutex::new(HashMap::new()),
            unchanged: Mutex::new(HashSet::new()),
        }
    }

    /// A file just rendered: HTML is finished (unless the last build
    /// finished the very same page), then handed on.
    pub(super) fn finish(&self, mut f: OutputFile) -> Result<(), IoFailure> {
        let mut raw = 0;
        if f.path.ends_with(".html") {
            let lang = f.path.split('/').next().unwrap_or("");
            let (finishing, finishing_hash) = self.finishings.of(lang);
            // The finished page depends on the page and the finishing only;
            // the hash is what the next build compares (one-off builds
            // have no next build and skip it; `last` comes with a cache).
            if self.caching {
                raw = hash_of(&[&f.bytes, &finishing_hash.to_le_bytes()]);
            }
            self.pages.fetch_add(1, Ordering::Relaxed);
            match self.last.and_then(|l| l.files.get(&f.path)) {
                Some(m) if m.raw == raw => {
                    if !self.lean {
                        f.bytes = m.bytes.to_vec();
                    }
                    self.remember(&f.path, raw, m.bytes.clone());
                    self.same_as_last(f.path.clone());
                    if self.lean {
                        return Ok(());
                    }
                    return (self.emit)(self.sink, f);
                }
                _ => {
                    // Templates write UTF-8; anything else is a bug, and the
                    // page is still finished rather than lost.
                    let finished = match std::str::from_utf8(&f.bytes) {
                        Ok(html) => finish_html(html, finishing),
                        Err(_) => finish_html(&String::from_utf8_lossy(&f.bytes), finishing),
                    };
                    f.bytes = finished.into_bytes();
                }
            }
        }
        // Another file made again with the very same bytes (a document's
        // search index in a language whose text was not saved) is said to
        // be unchanged, so `serve` does not take it for a change.
        if !f.path.ends_with(".html")
            && let Some(m) = self.last.and_then(|l| l.files.get(&f.path))
            && *m.bytes == *f.bytes
        {
            self.remember(&f.path, raw, m.bytes.clone());
            self.same_as_last(f.path.clone());
            if self.lean {
                return Ok(());
            }
            return (self.emit)(self.sink, f);
        }
        // Copied for the next build only: a one-off build has none.
        if self.caching {
            self.remember(&f.path, raw, f.bytes.as_slice().into());
        }
        (self.emit)(self.sink, f)
    }

    /// Takes the pages of the kept routes, and the site-wide files when
    /// they are kept, from the last build.
    pub(super) fn take_kept(
        &self,
        last: &Last,
        reuse: &Reuse,
        languages: &[String],
    ) -> Result<(), IoFailure> {
        for route in &reuse.kept {
            for lang in languages {
                for path in
                    std::iter::once(route.file(lang)).chain(crate::render::companions(route, lang))
                {
                    self.take(&path, &last.files[&path])?;
                }
            }
        }
        if reuse.keep_site_files {
            for (path, m) in last.files.iter().filter(|(_, m)| !m.route) {
                self.take(path, m)?;
            }
        }
        Ok(())
    }

    /// A file of the last build, exactly as it was.
    fn take(&self, path: &str, m: &Made) -> Result<(), IoFailure> {
        self.remember(path, m.raw, m.bytes.clone());
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.same_as_last(path.to_string());
        if self.lean {
            return Ok(());
        }
        (self.emit)(
            self.sink,
            OutputFile {
                path: path.to_string(),
                bytes: m.bytes.to_vec(),
            },
        )
    }

    fn remember(&self, path: &str, raw: u64, bytes: Arc<[u8]>) {
        if !self.caching {
            return;
        }
        self.next
            .lock()
            .expect("bug: a rendering thread panicked")
            .insert(
                path.to_string(),
                Made {
                    raw,
                    bytes,
                    route: self.route_files.contains(path),
                },
            );
    }

    fn same_as_last(&self, path: String) {
        self.unchanged
            .lock()
            .expect("bug: a rendering thread panicked")
            .insert(path);
    }

    /// How many pages, which files are as the last build made them, and
    /// every file for the next build.
    pub(super) fn into_parts(self) -> (usize, HashSet<String>, HashMap<String, Made>) {
        (
            self.pages.into_inner(),
            self.unchanged
                .into_inner()
                .expect("bug: a rendering thread panicked"),
            self.next
                .into_inner()
                .expect("bug: a rendering thread panicked"),
        )
    }
}
