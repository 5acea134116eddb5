// Search on the search page, in the browser, without a server: reads the
// index parts policypress writes per document and language (see
// docs/search.md), matches every word of the query, and lists the sections
// found. The page works without this script: it then says so and lists
// every document. No inline code, no eval, requests to the site only, so
// it runs under a Content-Security-Policy of `script-src 'self'`.
(function () {
  'use strict';

  var form = document.querySelector('form[data-search]');
  if (!form || !window.fetch || !('normalize' in String.prototype)) return;

  var input = form.querySelector('#search-q');
  var older = form.querySelector('#search-older');
  var status = document.getElementById('search-status');
  var section = document.getElementById('search-results-section');
  var list = document.getElementById('search-results');
  var pageLang = document.documentElement.lang;
  var MAX_SHOWN = 20;

  // The site may live under a path of its own: the form's action is the
  // search page under that path, the manifest's is the same page's folder
  // from the site's root.
  var manifestPath = form.dataset.manifest;
  var pagePath = manifestPath.replace(/index\.json$/, '');
  var action = form.getAttribute('action');
  var base = action.slice(0, action.length - pagePath.length);

  var noScript = document.querySelector('[data-search-no-script]');
  if (noScript) noScript.hidden = true;

  // ------------------------------------------------------------ folding
  // One character for one, as policypress folds the words of its index:
  // the first character of the canonical decomposition, lowercased.
  var foldCache = new Map();
  function foldChar(c) {
    var f = foldCache.get(c);
    if (f !== undefined) return f;
    var base0 = String.fromCodePoint(c.normalize('NFD').codePointAt(0));
    var lower = base0.toLowerCase();
    f = String.fromCodePoint(lower.codePointAt(0));
    if (f.length !== c.length) f = c;
    foldCache.set(c, f);
    return f;
  }
  function fold(s) {
    if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
    var out = '';
    for (var ch of s) out += ch.charCodeAt(0) < 128 ? ch.toLowerCase() : foldChar(ch);
    return out;
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  // ------------------------------------------------------------ the index
  var manifest = null;
  var current = null; // [{doc, entry, section}] with folded text, once loaded
  var olderParts = null; // [{title, foldedTitle, entries, terms, sections}]
  var loadingCurrent = null;
  var loadingOlder = null;

  function getJson(path) {
    return fetch(base + path, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      return r.json();
    });
  }

  function loadManifest() {
    if (!manifest) manifest = getJson(manifestPath);
    return manifest;
  }

  function loadCurrent() {
    if (loadingCurrent) return loadingCurrent;
    loadingCurrent = loadManifest().then(function (m) {
      return Promise.all(m.documents.map(function (d) { return getJson(d.current); }));
    }).then(function (parts) {
      var all = [];
      parts.forEach(function (p, docIndex) {
        var foldedTitle = fold(p.title);
        p.entries.forEach(function (e) {
          e.sections.forEach(function (s) {
            all.push({
              doc: docIndex, title: p.title, foldedTitle: foldedTitle, entry: e,
              anchor: s[0], heading: s[1], text: s[2],
              foldedHeading: fold(s[1]), foldedText: fold(s[2])
            });
          });
        });
      });
      current = all;
      return all;
    });
    loadingCurrent.catch(function () { loadingCurrent = null; });
    return loadingCurrent;
  }

  function loadOlder() {
    if (loadingOlder) return loadingOlder;
    loadingOlder = loadManifest().then(function (m) {
      return Promise.all(m.documents.map(function (d) { return getJson(d.older); }));
    }).then(function (parts) {
      olderParts = parts.map(function (p, docIndex) {
        var sections = [];
        p.entries.forEach(function (e) {
          e.sections.forEach(function (s) {
            sections.push({ doc: docIndex, title: p.title, entry: e, anchor: s[0], heading: s[1], foldedHeading: fold(s[1]) });
          });
        });
        return { foldedTitle: fold(p.title), terms: p.terms, sections: sections };
      });
      return olderParts;
    });
    loadingOlder.catch(function () { loadingOlder = null; });
    return loadingOlder;
  }

  // ------------------------------------------------------------ matching
  // A query word matches where a word of the text starts with it.
  function Word(w) {
    this.w = w;
    this.re = new RegExp('(?<![\\p{L}\\p{N}])' + escapeRegExp(w), 'gu');
  }
  // How often the word occurs in s, at most cap times.
  Word.prototype.count = function (s, cap) {
    if (s.indexOf(this.w) < 0) return 0;
    var re = this.re;
    re.lastIndex = 0;
    var n = 0;
    while (n < cap && re.exec(s)) n++;
    return n;
  };

  function searchCurrent(qs) {
    var res = [];
    for (var i = 0; i < current.length; i++) {
      var s = current[i];
      var score = 0;
      var all = true;
      for (var k = 0; k < qs.length; k++) {
        var q = qs[k];
        var h = q.count(s.foldedHeading, 5);
        var t = q.count(s.foldedText, 10);
        var d = q.count(s.foldedTitle, 1);
        if (h + t + d === 0) { all = false; break; }
        score += h * 10 + t + d * 2;
      }
      if (all) res.push({ s: s, score: score, order: i, older: false });
    }
    return res;
  }

  // Marks in `into` the sections of the older versions that hold a word
  // starting with w (the terms are sorted: a binary search finds the first).
  function mark(part, w, into) {
    var terms = part.terms;
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid][0] < w) lo = mid + 1; else hi = mid;
    }
    for (var i = lo; i < terms.length && terms[i][0].startsWith(w); i++) {
      var ids = terms[i][1];
      for (var j = 0; j < ids.length; j++) into[ids[j]] = 1;
    }
  }

  function searchOlder(qs) {
    var res = [];
    var order = current ? current.length : 0;
    olderParts.forEach(function (part) {
      var n = part.sections.length;
      var hit = new Uint8Array(n).fill(1);
      for (var k = 0; k < qs.length; k++) {
        // A word of the title matches every section.
        if (qs[k].count(part.foldedTitle, 1)) continue;
        var found = new Uint8Array(n);
        mark(part, qs[k].w, found);
        for (var i = 0; i < n; i++) hit[i] &= found[i];
      }
      for (var id = 0; id < n; id++) {
        if (!hit[id]) continue;
        var s = part.sections[id];
        var score = 0;
        for (var k2 = 0; k2 < qs.length; k2++) score += qs[k2].count(s.foldedHeading, 5) * 10 + 1;
        res.push({ s: s, score: score / 2, order: order + id, older: true });
      }
      order += n;
    });
    return res;
  }

  // ------------------------------------------------------------ showing
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function say(text) {
    status.textContent = text;
  }

  // The part of `text` around the first match, with every query word
  // marked.
  function snippet(text, folded, qs) {
    var first = -1;
    qs.forEach(function (q) {
      q.re.lastIndex = 0;
      var m = q.re.exec(folded);
      if (m && (first < 0 || m.index < first)) first = m.index;
    });
    var start = 0, end = Math.min(text.length, 180);
    if (first > 60) {
      start = text.lastIndexOf(' ', first - 60) + 1;
      end = Math.min(text.length, start + 180);
    }
    if (end < text.length) {
      var space = text.lastIndexOf(' ', end);
      if (space > first) end = space;
    }
    var p = document.createElement('p');
    p.className = 'result-snippet';
    if (start > 0) p.append('… ');
    var part = folded.slice(start, end);
    var marks = [];
    qs.forEach(function (q) {
      q.re.lastIndex = 0;
      var m;
      while ((m = q.re.exec(part))) marks.push([m.index, m.index + q.w.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] < at) return;
      p.append(text.slice(start + at, start + m[0]));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(start + m[0], start + m[1]);
      p.append(mark);
      at = m[1];
    });
    p.append(text.slice(start + at, end));
    if (end < text.length) p.append(' …');
    return p;
  }

  function resultItem(r, qs) {
    var s = r.s;
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.className = 'result-title';
    a.href = base + s.entry.url + (s.anchor ? '#' + encodeURIComponent(s.anchor) : '');
    a.textContent = s.heading || form.dataset.start;
    if (s.entry.lang !== pageLang) a.lang = s.entry.lang;
    li.append(a);
    var meta = document.createElement('p');
    meta.className = 'result-meta';
    var label = form.getAttribute('data-status-' + s.entry.status) || s.entry.status;
    meta.textContent = s.title + ' · ' + form.dataset.version + ' ' + s.entry.version + ' · ' + label;
    li.append(meta);
    if (!r.older && s.text) {
      var p = snippet(s.text, s.foldedText, qs);
      if (s.entry.lang !== pageLang) p.lang = s.entry.lang;
      li.append(p);
    }
    return li;
  }

  var lastQuery = null;

  // Runs the query now, with whatever parts are loaded; returns whether
  // it could.
  function runNow(query, announce) {
    var ws = words(query);
    var qs = ws.map(function (w) { return new Word(w); });
    var withOlder = older.checked;
    if (!current || (withOlder && !olderParts)) return false;
    var key = ws.join(' ') + (withOlder ? ' +older' : '');
    if (key === lastQuery && !announce) return true;
    lastQuery = key;
    list.textContent = '';
    if (ws.length === 0 || (ws.length === 1 && ws[0].length < 2 && !/\d/.test(ws[0]))) {
      section.hidden = true;
      say(query.trim() ? form.dataset.tooShort : '');
      return true;
    }
    var results = searchCurrent(qs);
    if (withOlder) results = results.concat(searchOlder(qs));
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    var shown = results.slice(0, MAX_SHOWN);
    var frag = document.createDocumentFragment();
    shown.forEach(function (r) { frag.append(resultItem(r, qs)); });
    list.append(frag);
    section.hidden = results.length === 0;
    var q = query.trim();
    var text = results.length === 0 ? fill(form.dataset.none, { query: q })
      : results.length === 1 ? fill(form.dataset.one, { query: q })
        : fill(form.dataset.many, { query: q, count: results.length });
    if (results.length > MAX_SHOWN) text += ' ' + fill(form.dataset.more, { count: MAX_SHOWN });
    say(text);
    return true;
  }

  function run(announce) {
    var query = input.value;
    remember(query);
    if (runNow(query, announce)) return;
    say(form.dataset.loading);
    var loads = [loadCurrent()];
    if (older.checked) loads.push(loadOlder());
    Promise.all(loads).then(function () {
      if (input.value === query) runNow(query, true);
    }, function () {
      say(form.dataset.failed);
    });
  }

  // The query in the address, so a search can be bookmarked, shared and
  // found again with the Back button.
  function remember(query) {
    var url = new URL(window.location.href);
    if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
    if (older.checked) url.searchParams.set('older', '1'); else url.searchParams.delete('older');
    window.history.replaceState(null, '', url);
  }

  var timer = 0;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(false); }, 150);
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    run(true);
  });
  older.addEventListener('change', function () {
    lastQuery = null;
    run(true);
  });

  // Arrow keys move between the field and the results; Escape goes back
  // to the field.
  function links() {
    return Array.prototype.slice.call(list.querySelectorAll('a.result-title'));
  }
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown') {
      var l = links();
      if (l.length) { ev.preventDefault(); l[0].focus(); }
    }
  });
  list.addEventListener('keydown', function (ev) {
    var l = links();
    var i = l.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === 'ArrowDown' && i + 1 < l.length) { ev.preventDefault(); l[i + 1].focus(); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? l[i - 1] : input).focus(); }
    else if (ev.key === 'Escape') { ev.preventDefault(); input.focus(); }
  });

  // A search in the address (a bookmark, a shared link, the form sent
  // before this script ran) runs at once; otherwise the index is fetched
  // when the reader starts to use the form.
  var params = new URLSearchParams(window.location.search);
  if (params.get('older') === '1') older.checked = true;
  if (params.get('q')) {
    input.value = params.get('q');
    run(true);
  } else {
    input.addEventListener('focus', function () {
      loadCurrent().catch(function () { say(form.dataset.failed); });
    }, { once: true });
  }
})();
