// The browser gate: opens every page of one or more built sites in Debian's
// Chromium and fails on anything a reader with a screen reader, a keyboard, a
// phone or magnification would trip over that a machine can see: axe-core's
// WCAG 2.x A/AA rules in light and dark mode, invalid HTML, broken links,
// assets and #fragments, missing lang/title, heading structure, reflow at
// 320 CSS px (also with text-spacing overrides), the skip link, focus order
// and a visible focus indicator with enough contrast; on a 390 px phone, the
// tables the pages make themselves fit the screen and tables written in the
// text scroll in a labelled region a keyboard can reach.
//
// Usage: node gate.mjs DIR[=BASE] [DIR[=BASE] ...]
//   DIR   a built output folder (e.g. ../../target/ci-public)
//   BASE  the path the site is hosted under (the path of its base_url; default "/")
// Prints one line per finding as `page: rule: detail`, then `N passed, M failed`
// (pages). Exit 0 when nothing was found, 1 on any finding, 2 on a usage or
// internal error.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HtmlValidate, StaticConfigLoader } from 'html-validate';
import { serve, htmlFiles, urlPathFor, normaliseBase, CHROMIUM } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const NARROW = 320;
// A common phone: the tables a page makes must fit it without scrolling.
const PHONE = 390;
const WIDE = { width: 1280, height: 900 };
const JOBS = Math.max(1, Number(process.env.GATE_JOBS || 2));

// WCAG 1.4.12: the spacing a reader may force on the text; nothing may be
// lost or overflow when it is applied.
const TEXT_SPACING_CSS = `
*, *::before, *::after {
  line-height: 1.5 !important;
  letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important;
}
p { margin-bottom: 2em !important; }
`;

function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error('usage: node gate.mjs DIR[=BASE] [DIR[=BASE] ...]');
  console.error('hint: build a site first, e.g. `cargo run -- build --out target/ci-public`, then `node gate.mjs ../../target/ci-public=/`');
  process.exit(2);
}

async function parseArgs(argv) {
  if (argv.length === 0) usage('no site folder given');
  const sites = [];
  for (const arg of argv) {
    if (arg === '-h' || arg === '--help') usage();
    const eq = arg.lastIndexOf('=');
    const dir = eq > 0 ? arg.slice(0, eq) : arg;
    const base = normaliseBase(eq > 0 ? arg.slice(eq + 1) : '/');
    try {
      const st = await fs.stat(dir);
      if (!st.isDirectory()) usage(`${dir} is not a folder`);
    } catch {
      usage(`cannot read the site folder ${dir}`);
    }
    sites.push({ dir, base });
  }
  return sites;
}

async function loadValidator() {
  const rcPath = path.join(HERE, '.htmlvalidaterc');
  const config = JSON.parse(await fs.readFile(rcPath, 'utf8'));
  // The rc file documents its relaxations in "//" keys; the validator does not know them.
  for (const k of Object.keys(config)) if (k.startsWith('//')) delete config[k];
  for (const k of Object.keys(config.rules || {})) if (k.startsWith('//')) delete config.rules[k];
  config.root = true;
  return new HtmlValidate(new StaticConfigLoader(config));
}

// ---------------------------------------------------------------------------
// Code evaluated inside the page. Kept as plain functions so they can be
// passed to page.evaluate; they share helpers by being defined in one string.
// ---------------------------------------------------------------------------

// Installs window.__gate with helpers (colour parsing through a canvas so any
// CSS colour syntax is understood, contrast, effective backgrounds).
const PAGE_HELPERS = () => {
  if (window.__gate) return;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  function rgba(css) {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = 'rgba(0,0,0,0)';
    ctx.fillStyle = css;
    const s = ctx.fillStyle;
    if (s.startsWith('#')) {
      return [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16), 1];
    }
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(',').map((x) => parseFloat(x));
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, bottom) {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const c = (i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [c(0), c(1), c(2), a];
  }
  function luminance([r, g, b]) {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  }
  function contrast(a, b) {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function canvasColour() {
    const scheme = getComputedStyle(document.documentElement).colorScheme || '';
    const dark = scheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches;
    return dark ? [18, 18, 18, 1] : [255, 255, 255, 1];
  }
  // The colour painted behind `el` (its ancestors' backgrounds, composited).
  function backdrop(el) {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) layers.push(c);
      if (c && c[3] >= 1) break;
    }
    let acc = canvasColour();
    for (let i = layers.length - 1; i >= 0; i--) acc = over(layers[i], acc);
    return acc;
  }
  function describe(el) {
    if (!el || el === document.body) return 'body';
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ');
    if (text) s += ` "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
    return s;
  }
  window.__gate = { rgba, over, contrast, backdrop, describe };
};

// Structure of the page: lang, title, headings, ids, references.
const PAGE_FACTS = () => {
  const hidden = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (n.hidden || n.getAttribute('aria-hidden') === 'true') return true;
      if (getComputedStyle(n).display === 'none') return true;
    }
    return false;
  };
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter((h) => !hidden(h))
    .map((h) => ({ level: Number(h.tagName[1]), text: h.textContent.trim().replace(/\s+/g, ' ').slice(0, 60) }));
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  const names = [...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name'));
  const refs = [];
  const add = (kind, el, attr) => {
    const raw = el.getAttribute(attr);
    if (raw === null) return;
    let abs;
    try {
      abs = new URL(raw, document.baseURI).href;
    } catch {
      abs = null;
    }
    refs.push({ kind, raw, abs });
  };
  document.querySelectorAll('a[href], area[href]').forEach((e) => add('link', e, 'href'));
  document.querySelectorAll('link[href]').forEach((e) => add(`link rel=${e.rel}`, e, 'href'));
  document.querySelectorAll('img[src], script[src], source[src], iframe[src], video[src], audio[src], track[src]').forEach((e) => add(e.tagName.toLowerCase(), e, 'src'));
  document.querySelectorAll('meta[http-equiv="x-gate-refresh"]').forEach((m) => {
    const c = m.getAttribute('content') || '';
    const mm = c.match(/^\s*(\d+)\s*(?:[;,]\s*(?:url\s*=\s*)?['"]?([^'"]*)['"]?)?\s*$/i);
    if (mm && mm[2]) {
      refs.push({ kind: 'meta refresh', raw: mm[2], abs: new URL(mm[2], document.baseURI).href, delay: Number(mm[1]) });
    } else {
      refs.push({ kind: 'meta refresh', raw: c, abs: null, delay: mm ? Number(mm[1]) : -1 });
    }
  });
  const badLang = [...document.querySelectorAll('[lang]')]
    .map((e) => e.getAttribute('lang'))
    .filter((l) => !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(l));
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    headings,
    ids,
    names,
    refs,
    badLang,
    positiveTabindex: [...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).length,
  };
};

// Marks every element a keyboard user can reach with Tab, in document order,
// and says whether any of them comes before <main> (then a skip link is needed).
const MARK_TABBABLES = () => {
  const sel = 'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), iframe, details > summary:first-of-type, [tabindex], [contenteditable=""], [contenteditable=true]';
  const visible = (el) => {
    // Content of a closed <details> is not rendered (only its summary is), so
    // Tab rightly skips it.
    const closed = el.closest('details:not([open])');
    if (closed && !(el.matches('summary') && el.parentElement === closed)) return false;
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) return false;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') return false;
    return el.getClientRects().length > 0;
  };
  const all = [...document.querySelectorAll(sel)].filter((el) => el.tabIndex >= 0 && !el.closest('[inert]') && visible(el));
  all.forEach((el, i) => el.setAttribute('data-gate-tab', String(i)));
  const main = document.querySelector('main, [role=main]');
  let beforeMain = 0;
  if (main) {
    for (const el of all) {
      if (main.contains(el)) continue;
      if (el.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING) beforeMain++;
    }
  }
  return { count: all.length, beforeMain, mainId: main ? main.id : null, hasMain: !!main };
};

// What has focus now, and whether its focus indicator can be seen.
const FOCUS_STATE = () => {
  const g = window.__gate;
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { idx: null, what: 'body' };
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const width = parseFloat(cs.outlineWidth) || 0;
  const style = cs.outlineStyle;
  const colour = g.rgba(cs.outlineColor);
  const offset = parseFloat(cs.outlineOffset) || 0;
  let ratio = null;
  if (colour && style !== 'none' && width > 0) {
    // The outline is drawn over what lies around the element (offset >= 0)
    // or over the element itself (negative offset); compare with both sides
    // it touches.
    const outside = g.backdrop(el.parentElement || el);
    const inside = g.backdrop(el);
    const painted = g.over(colour, offset >= 0 ? outside : inside);
    ratio = Math.min(g.contrast(painted, outside), offset < 0 ? g.contrast(painted, inside) : Infinity);
  }
  const clip = cs.clipPath !== 'none' || (cs.clip && cs.clip !== 'auto');
  return {
    idx: el.getAttribute('data-gate-tab'),
    what: g.describe(el),
    tag: el.tagName.toLowerCase(),
    href: el.getAttribute('href'),
    outline: { style, width, ratio },
    visible:
      r.width >= 1 && r.height >= 1 && !clip && cs.visibility !== 'hidden' && Number(cs.opacity) > 0 &&
      r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    inMain: !!el.closest('main, [role=main]'),
    isMain: el.matches('main, [role=main]'),
  };
};

// Elements that stick out past the right edge of a narrow viewport.
const OVERFLOW = (limit) => {
  const width = document.scrollingElement.scrollWidth;
  if (width <= limit) return { width, culprits: [] };
  const g = window.__gate;
  const culprits = [];
  const sticksOut = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit + 0.5) return Math.round(r.right);
    // Text can overflow a box that itself fits.
    const cs = getComputedStyle(el);
    if (cs.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) return Math.round(r.left + el.scrollWidth);
    return 0;
  };
  for (const el of document.querySelectorAll('body *')) {
    const right = sticksOut(el);
    if (!right) continue;
    // Report the innermost offenders only: skip an element whose child also sticks out.
    if ([...el.children].some((c) => sticksOut(c))) continue;
    culprits.push(`${g.describe(el)} (right edge ${right}px)`);
    if (culprits.length >= 3) break;
  }
  return { width, culprits };
};

// Tables at phone width. A table the page makes itself (outside the text of a
// document, `.prose`) must fit the screen: it becomes cards, never a box to
// scroll sideways. A table written in the text may scroll, in a region that
// is named and reachable with the keyboard.
const TABLES = (limit) => {
  const g = window.__gate;
  const found = [];
  for (const t of document.querySelectorAll('main table')) {
    const r = t.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (!t.closest('.prose')) {
      let box = t.parentElement;
      while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
      const scrolls = box && box !== document.body && box.scrollWidth > box.clientWidth + 1;
      if (r.right > limit + 0.5 || r.width > limit || scrolls) {
        found.push({ rule: 'table-fit', detail: `${g.describe(t.querySelector('caption') || t)} is ${Math.round(Math.max(r.width, t.scrollWidth))} px wide at ${limit} px${scrolls ? ' and scrolls sideways' : ''}; a table the page makes must fit a phone (as cards)` });
      }
      continue;
    }
    const wrap = t.parentElement;
    if (!wrap || wrap.scrollWidth <= wrap.clientWidth + 1) continue;
    const named = wrap.getAttribute('aria-label') || (wrap.getAttribute('aria-labelledby') || '').split(/\s+/).some((id) => id && document.getElementById(id));
    if (wrap.getAttribute('role') !== 'region' || !named || wrap.tabIndex !== 0) {
      found.push({ rule: 'table-region', detail: `${g.describe(t)} scrolls sideways at ${limit} px outside a named region with tabindex="0"` });
    }
  }
  return found;
};

// Text cut off by a box that hides its overflow (WCAG 1.4.12 with spacing applied).
const CLIPPED = () => {
  const g = window.__gate;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    if (!/(hidden|clip)/.test(cs.overflowX + cs.overflowY)) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue; // visually-hidden text is meant to be clipped
    if (!el.textContent.trim()) continue;
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) out.push(g.describe(el));
    if (out.length >= 3) break;
  }
  return out;
};

// ---------------------------------------------------------------------------

class Findings {
  constructor() {
    this.byPage = new Map();
  }
  add(page, rule, detail) {
    if (!this.byPage.has(page)) this.byPage.set(page, []);
    this.byPage.get(page).push(`${page}: ${rule}: ${detail}`);
  }
  count(page) {
    return (this.byPage.get(page) || []).length;
  }
}

async function checkKeyboard(page, url, label, scheme, f) {
  await page.evaluate(PAGE_HELPERS);
  const marks = await page.evaluate(MARK_TABBABLES);
  const where = `(${scheme})`;
  if (!marks.hasMain) {
    f.add(label, 'landmark-main', 'the page has no <main>');
  }
  // Walk the whole page with Tab, as a keyboard user would.
  const seen = [];
  let first = null;
  for (let i = 0; i < marks.count + 3; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(FOCUS_STATE);
    if (i === 0) first = s;
    if (s.idx === null) break; // focus left the page: the end of the tab order
    if (seen.length && seen[seen.length - 1] === s.idx) {
      f.add(label, 'keyboard-trap', `${where} Tab does not move focus away from ${s.what}`);
      break;
    }
    if (seen.includes(s.idx)) break; // wrapped around
    seen.push(s.idx);
    if (!s.visible) f.add(label, 'focus-visible', `${where} ${s.what} has focus but cannot be seen`);
    if (s.outline.style === 'none' || s.outline.width < 1) {
      f.add(label, 'focus-visible', `${where} ${s.what} has no outline when focused`);
    } else if (s.outline.ratio !== null && s.outline.ratio < 3) {
      f.add(label, 'focus-contrast', `${where} the focus outline of ${s.what} has contrast ${s.outline.ratio.toFixed(2)}:1 against its surroundings (needs 3:1)`);
    }
  }
  const expected = Array.from({ length: marks.count }, (_, i) => String(i));
  if (seen.join(',') !== expected.join(',')) {
    const at = seen.findIndex((x, i) => x !== expected[i]);
    f.add(label, 'focus-order', `${where} Tab reached ${seen.length} of ${marks.count} focusable elements; the order departs from the reading order at step ${at < 0 ? seen.length + 1 : at + 1}`);
  }
  // Skip link: needed whenever something focusable comes before <main>.
  if (marks.beforeMain > 0) {
    const target = marks.mainId ? `#${marks.mainId}` : null;
    if (!first || first.idx === null || first.tag !== 'a' || !target || first.href !== target) {
      f.add(label, 'skip-link', `${where} the first Tab focuses ${first ? first.what : 'nothing'}, not a link to ${target || 'main (which has no id)'}`);
      return;
    }
    if (!first.visible) f.add(label, 'skip-link', `${where} the skip link is not visible when focused`);
    await page.goto(url, { waitUntil: 'load' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const after = await page.evaluate(() => {
      const el = document.activeElement;
      return { inMain: !!(el && el.closest('main, [role=main]')), what: el ? el.tagName.toLowerCase() : 'nothing' };
    });
    if (!after.inMain) f.add(label, 'skip-link', `${where} activating the skip link leaves focus on ${after.what}, not in main`);
  }
}

async function runAxe(page, label, scheme, f, axeSource) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  // Evaluated, not added as a <script>: the pages' Content-Security-Policy
  // refuses inline scripts, and the gate's tooling must not need a hole in it.
  if (!hasAxe) await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  for (const v of result.violations) {
    const nodes = v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ');
    const more = v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : '';
    f.add(label, `axe/${v.id}`, `(${scheme}) ${v.help} — ${nodes}${more}`);
  }
}

async function checkPage(ctx, site, rel, f, state) {
  const label = path.join(site.dir, rel);
  const urlPath = urlPathFor(site.base, rel);
  const url = site.server.origin + urlPath;
  const filePath = path.join(site.dir, rel);

  // 1. The HTML as written.
  const report = await state.validator.validateFile(filePath);
  for (const r of report.results) {
    for (const m of r.messages) {
      if (m.severity >= 2) f.add(label, `html-validate/${m.ruleId}`, `${m.message} (line ${m.line}, column ${m.column})`);
    }
  }

  const page = await ctx.newPage();
  try {
    const problems = [];
    page.on('response', (res) => {
      if (res.status() >= 400 && res.request().resourceType() !== 'document') problems.push(`${res.status()} ${res.url()}`);
    });
    page.on('requestfailed', (req) => {
      if (!req.url().startsWith(site.server.origin)) return;
      problems.push(`failed ${req.url()}`);
    });
    // Whatever the page itself does that its Content-Security-Policy
    // refuses (an inline script or style, a load from elsewhere) is a
    // failure: on the reader's browser it would silently not happen.
    const refused = new Set();
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().includes('Content Security Policy')) refused.add(m.text().split('. ')[0]);
    });
    await page.setViewportSize(WIDE);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    const res = await page.goto(url, { waitUntil: 'load' });
    if (!res || res.status() !== 200) f.add(label, 'http', `${url} answered ${res ? res.status() : 'nothing'}`);
    for (const p of problems) f.add(label, 'asset', `a resource of the page did not load: ${p}`);
    const noCsp = await page.evaluate(() => !document.querySelector('meta[http-equiv="Content-Security-Policy" i]'));
    if (noCsp) f.add(label, 'csp', 'the page carries no Content-Security-Policy');

    // 2. Structure.
    const facts = await page.evaluate(PAGE_FACTS);
    if (!facts.lang || !facts.lang.trim()) f.add(label, 'html-lang', '<html> has no lang attribute');
    for (const l of facts.badLang) f.add(label, 'lang-valid', `lang="${l}" is not a language tag`);
    if (!facts.title || !facts.title.trim()) f.add(label, 'title', 'the page has no <title> or it is empty');
    const h1s = facts.headings.filter((h) => h.level === 1).length;
    if (h1s !== 1) f.add(label, 'h1', `the page has ${h1s} <h1> elements; it needs exactly one`);
    if (facts.headings.length && facts.headings[0].level !== 1) {
      f.add(label, 'heading-order', `the first heading is h${facts.headings[0].level} "${facts.headings[0].text}", not the h1`);
    }
    for (let i = 1; i < facts.headings.length; i++) {
      const a = facts.headings[i - 1];
      const b = facts.headings[i];
      if (b.level > a.level + 1) f.add(label, 'heading-order', `h${a.level} "${a.text}" is followed by h${b.level} "${b.text}" (skips a level)`);
    }
    if (facts.positiveTabindex) f.add(label, 'tabindex', `${facts.positiveTabindex} element(s) have a positive tabindex, which breaks the reading order`);
    state.ids.set(url.split('#')[0], new Set([...facts.ids, ...facts.names]));
    const seenIds = new Set();
    for (const id of facts.ids) {
      if (seenIds.has(id)) f.add(label, 'duplicate-id', `id="${id}" occurs more than once`);
      seenIds.add(id);
    }
    for (const r of facts.refs) {
      if (r.kind === 'meta refresh' && r.delay !== 0) f.add(label, 'meta-refresh', `a refresh after ${r.delay} s moves readers on before they can read the page; use 0 or a link`);
      if (!r.abs) {
        f.add(label, 'link', `${r.kind} "${r.raw}" is not a valid URL`);
        continue;
      }
      const u = new URL(r.abs);
      if (u.origin !== site.server.origin) continue; // external: not ours to check offline
      state.refs.push({ label, kind: r.kind, raw: r.raw, url: u });
    }

    // 3. Automated WCAG rules, light then dark; keyboard in both.
    await runAxe(page, label, 'light', f, state.axeSource);
    await checkKeyboard(page, url, label, 'light', f);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(url, { waitUntil: 'load' });
    await runAxe(page, label, 'dark', f, state.axeSource);
    await checkKeyboard(page, url, label, 'dark', f);

    // 4. Tables on a phone.
    await page.setViewportSize({ width: PHONE, height: 800 });
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(PAGE_HELPERS);
    for (const t of await page.evaluate(TABLES, PHONE)) f.add(label, t.rule, t.detail);

    // 5. Reflow at 320 CSS px, then with text spacing overridden.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: NARROW, height: 800 });
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(PAGE_HELPERS);
    for (const t of await page.evaluate(TABLES, NARROW)) f.add(label, t.rule, t.detail);
    let o = await page.evaluate(OVERFLOW, NARROW);
    if (o.width > NARROW) f.add(label, 'reflow', `at ${NARROW} px the page is ${o.width} px wide (horizontal scrolling); sticking out: ${o.culprits.join('; ') || 'unknown'}`);
    // A constructed sheet: an added <style> would be refused by the page's
    // Content-Security-Policy, as it should be.
    await page.evaluate((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }, TEXT_SPACING_CSS);
    o = await page.evaluate(OVERFLOW, NARROW);
    if (o.width > NARROW) f.add(label, 'text-spacing', `with WCAG 1.4.12 text spacing at ${NARROW} px the page is ${o.width} px wide; sticking out: ${o.culprits.join('; ') || 'unknown'}`);
    for (const c of await page.evaluate(CLIPPED)) f.add(label, 'text-spacing', `with WCAG 1.4.12 text spacing, text is cut off in ${c}`);
    for (const r of refused) f.add(label, 'csp', `the page's Content-Security-Policy refused: ${r}`);
  } catch (e) {
    f.add(label, 'browser', `the check could not finish: ${e.message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
}

// Every internal link, asset and fragment must resolve on the served site.
async function checkRefs(site, state, f) {
  const status = new Map();
  async function statusOf(u) {
    const key = u.origin + u.pathname + u.search;
    if (!status.has(key)) {
      status.set(
        key,
        fetch(key, { method: 'GET', redirect: 'manual' }).then(
          (r) => ({ code: r.status, location: r.headers.get('location') }),
          (e) => ({ code: 0, location: e.message }),
        ),
      );
    }
    return status.get(key);
  }
  for (const r of state.refs) {
    if (!r.url.pathname.startsWith(site.base)) {
      f.add(r.label, 'link-base', `${r.kind} "${r.raw}" leaves the base path ${site.base}; it breaks when the site is hosted there`);
      continue;
    }
    const s = await statusOf(r.url);
    if (s.code >= 300 && s.code < 400) {
      f.add(r.label, 'link-redirect', `${r.kind} "${r.raw}" is redirected to ${s.location}; link to that address directly`);
      continue;
    }
    if (s.code !== 200) {
      f.add(r.label, 'broken-link', `${r.kind} "${r.raw}" answers ${s.code || s.location}`);
      continue;
    }
    const frag = decodeURIComponent(r.url.hash.slice(1));
    if (frag && frag !== 'top') {
      const pageKey = r.url.origin + r.url.pathname + r.url.search;
      const ids = state.ids.get(pageKey);
      if (!ids) {
        f.add(r.label, 'broken-fragment', `${r.kind} "${r.raw}" points into a page that is not HTML or was not checked`);
      } else if (!ids.has(frag)) {
        f.add(r.label, 'broken-fragment', `${r.kind} "${r.raw}": no element with id "${frag}" on that page`);
      }
    }
  }
}

async function main() {
  const sites = await parseArgs(process.argv.slice(2));
  const axeSource = await fs.readFile(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const validator = await loadValidator();
  const f = new Findings();
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'policypress-gate-'));
  let ctx;
  let pages = 0;
  const failed = new Set();
  try {
    ctx = await chromium.launchPersistentContext(userDataDir, { ...CHROMIUM, viewport: WIDE });
    for (const site of sites) {
      site.server = await serve(site.dir, site.base);
      try {
        const state = { validator, axeSource, ids: new Map(), refs: [] };
        // Nothing may be fetched from elsewhere: no web fonts, scripts or trackers.
        await ctx.route('**/*', async (route) => {
          const u = route.request().url();
          if (u.startsWith(site.server.origin)) {
            // A root page may forward readers with <meta http-equiv=refresh>; the
            // browser would leave the page before it could be checked, so the
            // refresh is renamed (its target and delay are still checked).
            if (route.request().resourceType() === 'document') {
              const res = await route.fetch();
              let body = await res.text();
              if (/http-equiv\s*=\s*["']?refresh/i.test(body)) {
                body = body.replace(/http-equiv\s*=\s*(["']?)refresh\1/gi, 'http-equiv="x-gate-refresh"');
              }
              await route.fulfill({ response: res, body });
              return;
            }
            await route.continue();
            return;
          }
          if (u.startsWith('data:') || u.startsWith('about:')) {
            await route.continue();
            return;
          }
          state.external = state.external || new Set();
          state.external.add(u);
          await route.abort();
        });
        const files = await htmlFiles(site.dir);
        if (files.length === 0) f.add(site.dir, 'pages', 'the folder holds no HTML pages');
        let next = 0;
        const worker = async () => {
          while (next < files.length) {
            const rel = files[next++];
            await checkPage(ctx, site, rel, f, state);
            pages++;
            const label = path.join(site.dir, rel);
            if (f.count(label)) failed.add(label);
          }
        };
        await Promise.all(Array.from({ length: JOBS }, worker));
        await checkRefs(site, state, f);
        for (const u of state.external || []) f.add(site.dir, 'external-request', `a page asked for ${u}; pages must not load anything from elsewhere`);
        await ctx.unroute('**/*');
        for (const [label, list] of f.byPage) if (list.length && label.startsWith(site.dir)) failed.add(label);
      } finally {
        await site.server.close();
      }
    }
  } catch (e) {
    console.error(`error: the browser gate could not run: ${e.message}`);
    console.error('hint: is Debian\'s chromium installed at /usr/bin/chromium, and did `npm ci` run in tests/browser?');
    process.exitCode = 2;
    return;
  } finally {
    if (ctx) await ctx.close();
    await fs.rm(userDataDir, { recursive: true, force: true });
  }
  let total = 0;
  for (const list of f.byPage.values()) {
    for (const line of list) console.log(line);
    total += list.length;
  }
  const pagesFailed = [...failed].filter((l) => f.count(l) > 0).length;
  // Findings not tied to one page (e.g. external requests) still fail the gate.
  const siteWide = [...f.byPage.keys()].filter((k) => !failed.has(k) && f.count(k) > 0).length;
  console.log(`${pages - pagesFailed} passed, ${pagesFailed + siteWide} failed`);
  process.exitCode = total ? 1 : 0;
}

main();
