// policypress serve: live reload. Injected into served pages only, never
// into `build` output. Listens for the server's events: reload when this
// page's output changed (keeping the scroll position), swap stylesheets on
// a CSS-only change, and show build errors over the last good page.
(function () {
  "use strict";
  var me = document.currentScript;
  var page = me ? me.getAttribute("data-page") || "" : "";
  var hash = me ? me.getAttribute("data-hash") || "" : "";
  var scrollKey = "policypress-scroll:" + location.pathname;

  // Restore the position saved just before a live reload.
  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved) {
      sessionStorage.removeItem(scrollKey);
      var xy = JSON.parse(saved);
      var restore = function () { window.scrollTo(xy[0], xy[1]); };
      if (document.readyState === "complete") restore();
      else window.addEventListener("load", restore, { once: true });
    }
  } catch (e) { /* storage may be disabled; reloading still works */ }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) { /* ignore */ }
    location.reload();
  }

  function swapStyles(paths, generation) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      if (paths.length && paths.indexOf(url.pathname) < 0) return;
      url.searchParams.set("policypress", String(generation));
      var fresh = link.cloneNode();
      fresh.href = url.pathname + url.search;
      // Keep the old sheet until the new one has loaded: no flash of
      // unstyled content.
      fresh.addEventListener("load", function () { link.remove(); }, { once: true });
      fresh.addEventListener("error", function () { fresh.remove(); }, { once: true });
      link.after(fresh);
    });
  }

  var OVERLAY_ID = "policypress-error-overlay";

  function hideErrors() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  // Built with textContent only: a message quoting the editor's text can
  // never inject markup into the page.
  function el(tag, text, css) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (css) e.style.cssText = css;
    return e;
  }

  function showErrors(report) {
    hideErrors();
    var box = el("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.88);color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem;");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    // The overlay speaks the preview's language, whatever the page's.
    box.setAttribute("lang", report.lang || "en");
    var inner = el("div", "", "max-width:60rem;margin:0 auto;background:#2b0b0b;" +
      "border:3px solid #ff6b6b;border-radius:6px;padding:1.5rem;");
    inner.appendChild(el("h2", report.title || "The site could not be rebuilt",
      "margin:0 0 .5rem;font-size:1.4rem;color:#fff;"));
    inner.appendChild(el("p", report.intro || "", "margin:0 0 1rem;"));
    var list = el("ol", "", "margin:0;padding-left:1.5rem;");
    (report.errors || []).forEach(function (d) {
      var item = el("li", "", "margin:0 0 1rem;");
      var where = d.file || "";
      if (where && d.line) where += ":" + d.line + (d.column ? ":" + d.column : "");
      if (where) item.appendChild(el("div", where,
        "font-family:ui-monospace,monospace;color:#ffd166;font-weight:bold;"));
      item.appendChild(el("div", d.message || ""));
      if (d.source_line) item.appendChild(el("pre", d.source_line,
        "margin:.25rem 0;padding:.25rem .5rem;background:#000;white-space:pre-wrap;"));
      if (d.hint) item.appendChild(el("div", (report.hint_label || "hint") + ": " + d.hint,
        "color:#b8f2c3;"));
      list.appendChild(item);
    });
    inner.appendChild(list);
    box.appendChild(inner);
    (document.body || document.documentElement).appendChild(box);
  }

  if (!window.EventSource) return;
  var url = "/__policypress/events?page=" + encodeURIComponent(page) +
    "&hash=" + encodeURIComponent(hash);
  var source = new EventSource(url);
  source.addEventListener("reload", reload);
  source.addEventListener("css", function (e) {
    var data = JSON.parse(e.data);
    swapStyles(data.paths || [], data.generation || Date.now());
  });
  source.addEventListener("error-report", function (e) { showErrors(JSON.parse(e.data)); });
  source.addEventListener("ok", hideErrors);
  window.policypressLive = { page: page, hash: hash, source: source };
})();
