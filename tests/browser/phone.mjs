// What a parent meets on a phone, what a data-protection officer meets on a
// laptop and what anyone meets on paper, checked in Debian's Chromium:
//
//   - lists keep their markers as written (a., a), A., i., i), 1)), nested
//     under numbered items, loose or tight alike, on screen, in a comparison
//     and in print, and screen readers still get lists with their items;
//   - the tables the pages make are cards of "label: value" at 320 and
//     390 px (table semantics kept), tables again at 1366 px, and the change
//     log fits at 1024 px; a table written in the text scrolls in a named,
//     focusable region with a shadow on the side that has more;
//   - pages say where you are: a version's own title, the last breadcrumb,
//     a table of contents not numbered twice, "vanaf" for dates to come,
//     "wordt vervangen op" for the version in force, no empty sections,
//     changed sections named with their parent, a 404 page with the header;
//   - print: A4 sheets, no navigation, the permanent link, version, date and
//     (for a sealed version) digest in the running footer and at the end;
//   - axe's WCAG rules at 390 px, light and dark (the gate runs them at
//     1280 px, where the cards do not show).
//
// Usage: node tests/browser/phone.mjs [path/to/policypress]
// Builds tests/fixtures/regulations, the example site and a sealed copy of
// the example site into a temporary folder, then prints one line per check
// and "N passed, M failed". Exit 0 when all pass, 1 otherwise, 2 when it
// cannot run.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const BINARY = process.argv[2] ? path.resolve(process.argv[2]) : path.join(REPO, 'target', 'debug', 'policypress');
const AS_OF = '2026-11-25';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// The ways a page is read: width, colour scheme and medium.
const MODES = {
  phone: { width: 390, scheme: 'light', media: 'screen' },
  'phone-dark': { width: 390, scheme: 'dark', media: 'screen' },
  narrow: { width: 320, scheme: 'light', media: 'screen' },
  'narrow-dark': { width: 320, scheme: 'dark', media: 'screen' },
  laptop: { width: 1024, scheme: 'light', media: 'screen' },
  wide: { width: 1366, scheme: 'light', media: 'screen' },
  'wide-dark': { width: 1366, scheme: 'dark', media: 'screen' },
  // A4 at 96 px to the inch, less the sheet's margins.
  print: { width: 658, scheme: 'light', media: 'print' },
};

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${String(e.message).split('\n')[0]}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function run(args, env = {}) {
  const r = spawnSync(BINARY, args, { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`policypress ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

// Builds the three sites: the fixture, the example site, a sealed copy of it.
async function buildSites(tmp) {
  const out = {
    regulations: path.join(tmp, 'regulations'),
    example: path.join(tmp, 'example'),
    sealed: path.join(tmp, 'sealed'),
  };
  run(['build', '--site', path.join(REPO, 'tests', 'fixtures', 'regulations'), '--as-of', AS_OF, '--out', out.regulations]);
  run(['build', '--site', REPO, '--as-of', AS_OF, '--out', out.example]);
  const site = path.join(tmp, 'sealed-site');
  await fs.cp(path.join(REPO, 'content'), path.join(site, 'content'), { recursive: true });
  await fs.appendFile(path.join(site, 'content', 'site.toml'), '\n[transparency]\norigin = "privacy.waterlinie.example/log"\n');
  const env = {
    POLICYPRESS_KEY_PASSWORD: 'phone-check-throwaway',
    XDG_CONFIG_HOME: path.join(tmp, 'config'),
    XDG_STATE_HOME: path.join(tmp, 'state'),
  };
  run(['keygen', '--site', site], env);
  run(['publish', '--site', site, '--as-of', AS_OF], env);
  run(['build', '--site', site, '--as-of', AS_OF, '--out', out.sealed], env);
  return out;
}

// ---------------------------------------------------------------------------
// Code run in the page.
// ---------------------------------------------------------------------------

// The marker each item of every list in a text must show, from the list's
// own attributes (type, class, start), as the source wrote it. Tags each
// item with data-item so the accessibility tree can be matched to it. A
// comparison's folded passages are opened first: their lists count too.
const EXPECTED_MARKERS = () => {
  for (const d of document.querySelectorAll('main details')) d.open = true;
  const roman = (n) => {
    const digits = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
    let s = '';
    for (const [v, d] of digits) while (n >= v) { s += d; n -= v; }
    return s;
  };
  const items = [];
  let i = 0;
  document.querySelectorAll('main ol').forEach((ol, k) => {
    if (ol.getClientRects().length) ol.setAttribute('data-list', String(k));
  });
  for (const ol of document.querySelectorAll('main .prose ol')) {
    const type = ol.getAttribute('type');
    const paren = [...ol.classList].some((c) => c.endsWith('-paren'));
    const start = Number(ol.getAttribute('start') || 1);
    const lis = [...ol.children].filter((c) => c.tagName === 'LI');
    lis.forEach((li, k) => {
      const n = start + k;
      let text;
      if (type === 'a') text = String.fromCharCode(96 + n);
      else if (type === 'A') text = String.fromCharCode(64 + n);
      else if (type === 'i') text = roman(n);
      else if (type === 'I') text = roman(n).toUpperCase();
      else text = String(n);
      li.setAttribute('data-item', String(i));
      const style = `${type || '1'}${paren ? ')' : '.'}`;
      const nested = !!ol.parentElement.closest('main .prose li');
      const loose = lis.some((x) => x.querySelector(':scope > p'));
      items.push({ i, expected: `${text}${paren ? ')' : '.'}`, style, nested, loose, text: li.textContent.trim().slice(0, 60) });
      i++;
    });
  }
  return items;
};

// The vertical rhythm of a list: the gaps between its items, in px.
const ITEM_GAPS = (selector) => {
  const ol = document.querySelector(selector);
  if (!ol) return null;
  const lis = [...ol.children].filter((c) => c.tagName === 'LI');
  const gaps = [];
  for (let k = 1; k < lis.length; k++) {
    const a = lis[k - 1].querySelector(':scope > p') || lis[k - 1];
    const b = lis[k].querySelector(':scope > p') || lis[k];
    gaps.push(Math.round(b.getBoundingClientRect().top - a.getBoundingClientRect().bottom));
  }
  return gaps;
};

// The tables the page makes (outside a document's text) and how they lie.
const GENERATED_TABLES = () =>
  [...document.querySelectorAll('main table')]
    .filter((t) => !t.closest('.prose'))
    .map((t) => {
      const r = t.getBoundingClientRect();
      const wrap = t.parentElement;
      const row = t.querySelector('tbody tr');
      const thead = t.querySelector('thead');
      const cells = [...t.querySelectorAll('tbody [data-label]')];
      return {
        caption: (t.caption ? t.caption.textContent : '').trim(),
        right: r.right,
        width: r.width,
        wrapScrolls: wrap.scrollWidth > wrap.clientWidth + 1,
        wrapWidth: wrap.clientWidth,
        rowDisplay: row ? getComputedStyle(row).display : null,
        theadHeight: thead ? thead.getBoundingClientRect().height : null,
        labels: cells.map((c) => ({ label: c.getAttribute('data-label'), before: getComputedStyle(c, '::before').content, shown: getComputedStyle(c).display !== 'none' })),
      };
    });

// ---------------------------------------------------------------------------

class Pages {
  constructor(ctx, origins) {
    this.ctx = ctx;
    this.origins = origins;
  }
  async open(site, rel, mode) {
    const m = MODES[mode];
    const page = await this.ctx.newPage();
    await page.setViewportSize({ width: m.width, height: 900 });
    await page.emulateMedia({ colorScheme: m.scheme, media: m.media });
    const res = await page.goto(`${this.origins[site]}/${rel}`, { waitUntil: 'load' });
    page.status = res ? res.status() : 0;
    return page;
  }
  async with(site, rel, mode, fn) {
    const page = await this.open(site, rel, mode);
    try {
      return await fn(page);
    } finally {
      await page.close();
    }
  }
}

// The value of attribute `name` of the DOM node behind an accessibility node.
async function attribute(cdp, backendNodeId, name) {
  const { node } = await cdp.send('DOM.describeNode', { backendNodeId });
  const attrs = node.attributes || [];
  const at = attrs.indexOf(name);
  return at >= 0 ? attrs[at + 1] : null;
}

// The list markers the accessibility tree gives each tagged item, and the
// tagged lists it exposes as lists: what a screen reader announces.
async function axMarkers(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const markers = new Map();
    const lists = new Set();
    for (const n of nodes) {
      const role = n.role && n.role.value;
      if (role === 'list' && !n.ignored && n.backendDOMNodeId) {
        const list = await attribute(cdp, n.backendDOMNodeId, 'data-list');
        if (list !== null) lists.add(list);
      }
      if (role !== 'ListMarker' || n.ignored) continue;
      const item = byId.get(n.parentId);
      if (!item || !item.backendDOMNodeId) continue;
      const at = await attribute(cdp, item.backendDOMNodeId, 'data-item');
      if (at !== null) markers.set(at, ((n.name && n.name.value) || '').trim());
    }
    return { markers, lists };
  } finally {
    await cdp.detach();
  }
}

async function runAxe(page, axeSource) {
  // Evaluated, not added as a <script>: the pages' Content-Security-Policy
  // refuses inline scripts, and the test's tooling must not need a hole in it.
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  return result.violations.map((v) => `${v.id} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

async function main() {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'policypress-phone-'));
  const servers = [];
  let ctx;
  try {
    const dirs = await buildSites(tmp);
    const origins = {};
    for (const [name, dir] of Object.entries(dirs)) {
      const s = await serve(dir, '/');
      servers.push(s);
      origins[name] = s.origin;
    }
    const axeSource = await fs.readFile(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    ctx = await chromium.launchPersistentContext(path.join(tmp, 'profile'), CHROMIUM);
    const pages = new Pages(ctx, origins);
    await listChecks(pages);
    await tableChecks(pages);
    await registerChecks(pages);
    await whereChecks(pages);
    await printChecks(pages);
    await axeChecks(pages, axeSource);
  } catch (e) {
    console.error(`error: the phone checks could not run: ${e.message}`);
    console.error("hint: build policypress first (cargo build), install Debian's chromium and run `npm ci` in tests/browser");
    process.exitCode = 2;
    return;
  } finally {
    if (ctx) await ctx.close();
    for (const s of servers) await s.close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

// ---------------------------------------------------------------------------
// 1. Lists keep their letters as written.

const LIST_PAGES = [
  'nl/documents/privacyreglement/1.1/',
  'nl/documents/privacyreglement/2.0/',
  'en/documents/privacyreglement/2.0/',
  'nl/documents/rekenwonder-privacyverklaring/1.1/',
  'nl/documents/privacyreglement/compare/1.1-2.0/',
  'nl/documents/rekenwonder-privacyverklaring/compare/1.0-1.1/',
];

async function listChecks(pages) {
  const styles = new Set();
  for (const rel of LIST_PAGES) {
    for (const mode of ['phone', 'narrow-dark', 'wide', 'print']) {
      await check(`markers as written: ${rel} (${mode})`, () =>
        pages.with('regulations', rel, mode, async (page) => {
          const items = await page.evaluate(EXPECTED_MARKERS);
          assert(items.length > 0, 'no lists in the text');
          const { markers, lists } = await axMarkers(page);
          const wrong = [];
          for (const it of items) {
            const got = markers.get(String(it.i));
            if (got !== it.expected) wrong.push(`"${it.text}" shows ${got === undefined ? 'no marker' : `"${got}"`}, not "${it.expected}"`);
            styles.add(`${it.style}${it.nested ? ' nested' : ''}${it.loose ? ' loose' : ' tight'}`);
          }
          assert(wrong.length === 0, `${wrong.length} item(s) wrong, e.g. ${wrong.slice(0, 3).join('; ')}`);
          const shown = await page.evaluate(() => [...document.querySelectorAll('main ol[data-list]')].map((o) => o.getAttribute('data-list')));
          const lost = shown.filter((l) => !lists.has(l));
          assert(lost.length === 0, `${lost.length} of ${shown.length} lists are not lists to a screen reader`);
        }),
      );
    }
  }
  await check('every marker style is covered: a. a) A. i. i) 1), nested under numbered items, loose and tight', async () => {
    const seen = [...styles].join(', ');
    for (const want of ['a. nested tight', 'a. nested loose', 'a. tight', 'a) tight', 'A. tight', 'a) nested tight', 'i. nested tight', 'i. nested loose', 'i) tight', '1) tight']) {
      assert(styles.has(want), `no list "${want}" among: ${seen}`);
    }
  });
  await check('"k. andere dan de onder a tot en met j" keeps its lowercase k', () =>
    pages.with('regulations', 'nl/documents/privacyreglement/1.1/', 'phone', async (page) => {
      const items = await page.evaluate(EXPECTED_MARKERS);
      const k = items.find((it) => it.text.startsWith('andere dan de onder a tot en met j'));
      assert(k, 'the item is missing');
      const { markers } = await axMarkers(page);
      assert(markers.get(String(k.i)) === 'k.', `it shows "${markers.get(String(k.i))}"`);
      const style = await page.evaluate(() => {
        const li = [...document.querySelectorAll('main .prose li')].find((x) => x.textContent.trim().startsWith('andere dan de onder a'));
        return getComputedStyle(li).listStyleType;
      });
      assert(style === 'lower-alpha', `its list-style-type is ${style}`);
    }),
  );
  await check('a) lists use the counter style with a parenthesis', () =>
    pages.with('regulations', 'nl/documents/rekenwonder-privacyverklaring/1.1/', 'phone', async (page) => {
      const types = await page.evaluate(() => [...document.querySelectorAll('main .prose ol[class$="-paren"]')].map((o) => `${o.className}=${getComputedStyle(o).listStyleType}`));
      assert(types.length >= 3, `only ${types.length} such lists`);
      for (const t of types) {
        const [cls, style] = t.split('=');
        assert(cls === style, `ol.${cls} is drawn with ${style}`);
      }
    }),
  );
  for (const mode of ['phone', 'wide']) {
    await check(`loose and tight lists have the same rhythm (${mode})`, () =>
      pages.with('regulations', 'nl/documents/privacyreglement/1.1/', mode, async (page) => {
        // Article 2 is written tight, article 3 with blank lines (loose).
        const tight = await page.evaluate(ITEM_GAPS, '#artikel-2-reikwijdte ~ ol ol[type="a"]');
        const loose = await page.evaluate(ITEM_GAPS, '#artikel-3-doel-van-de-verwerking ~ ol ol[type="a"]');
        assert(tight && loose, 'the lists were not found');
        const spread = Math.max(...tight, ...loose) - Math.min(...tight, ...loose);
        // A nested list inside an item adds its own margin; compare items
        // whose content is one paragraph: the smallest gaps.
        assert(Math.abs(Math.min(...tight) - Math.min(...loose)) <= 1, `tight gaps ${tight}, loose gaps ${loose} (spread ${spread})`);
      }),
    );
  }
}

// ---------------------------------------------------------------------------
// 2. Tables that fit.

const TABLE_PAGES = [
  ['regulations', 'nl/schools/de-regenboog/'],
  ['regulations', 'en/schools/de-regenboog/'],
  ['regulations', 'nl/relationships/'],
  ['regulations', 'nl/documents/privacyreglement/'],
  ['regulations', 'nl/documents/privacyreglement/changes/'],
  ['example', 'nl/schools/de-schans/'],
  ['example', 'nl/documents/privacyverklaring/changes/'],
  ['example', 'en/documents/privacyverklaring/changes/'],
  ['example', 'nl/relationships/'],
  ['example', 'en/relationships/'],
];

async function tableChecks(pages) {
  for (const [site, rel] of TABLE_PAGES) {
    for (const mode of ['narrow', 'phone-dark']) {
      await check(`generated tables are cards: ${site} ${rel} (${mode})`, () =>
        pages.with(site, rel, mode, async (page) => {
          const tables = await page.evaluate(GENERATED_TABLES);
          assert(tables.length > 0, 'no table the page makes');
          const width = MODES[mode].width;
          for (const t of tables) {
            assert(t.right <= width + 0.5 && !t.wrapScrolls, `"${t.caption}" is ${Math.round(t.width)} px wide and ends at ${Math.round(t.right)} px`);
            assert(t.rowDisplay === 'block', `"${t.caption}": its rows are display: ${t.rowDisplay}, not cards`);
            assert(t.theadHeight !== null && t.theadHeight <= 1, `"${t.caption}": the header row is still shown (${t.theadHeight} px)`);
            for (const c of t.labels.filter((x) => x.shown)) {
              assert(c.before.startsWith(`"${c.label}: "`), `"${t.caption}": a cell labelled "${c.label}" shows ${c.before} before its value`);
              assert(c.before.endsWith('/ ""'), `"${t.caption}": the label "${c.label}" is not hidden from screen readers, who hear the header cell`);
            }
          }
          // Screen readers still meet a table with its header cells.
          const cdp = await page.context().newCDPSession(page);
          const { nodes } = await cdp.send('Accessibility.getFullAXTree');
          await cdp.detach();
          const roles = new Set(nodes.filter((n) => !n.ignored).map((n) => n.role && n.role.value));
          for (const r of ['table', 'row', 'columnheader', 'cell']) assert(roles.has(r), `the accessibility tree has no ${r}`);
        }),
      );
    }
    for (const mode of ['laptop', 'wide', 'wide-dark']) {
      await check(`generated tables are tables that fit: ${site} ${rel} (${mode})`, () =>
        pages.with(site, rel, mode, async (page) => {
          const tables = await page.evaluate(GENERATED_TABLES);
          for (const t of tables) {
            assert(t.rowDisplay === 'table-row', `"${t.caption}": its rows are display: ${t.rowDisplay}`);
            assert(!t.wrapScrolls && t.width <= t.wrapWidth + 0.5, `"${t.caption}" is ${Math.round(t.width)} px wide in a box of ${t.wrapWidth} px`);
          }
        }),
      );
    }
  }
  for (const mode of ['phone', 'phone-dark']) {
    await check(`a table in the text scrolls in a named, focusable region with a cue (${mode})`, () =>
      pages.with('regulations', 'nl/documents/privacyreglement/1.1/', mode, async (page) => {
        const region = await page.evaluate(() => {
          const t = document.querySelector('main .prose table');
          const w = t.parentElement;
          const ids = (w.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
          const name = w.getAttribute('aria-label') || ids.map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
          const rows = t.querySelectorAll('tbody tr').length;
          const cols = t.querySelectorAll('thead th').length;
          return { role: w.getAttribute('role'), tabIndex: w.tabIndex, name, scrolls: w.scrollWidth > w.clientWidth + 1, rows, cols, pageWidth: document.scrollingElement.scrollWidth };
        });
        assert(region.rows >= 15 && region.cols >= 6, `the annex has ${region.rows} rows and ${region.cols} columns`);
        assert(region.role === 'region' && region.tabIndex === 0 && region.name, `role=${region.role} tabindex=${region.tabIndex} name="${region.name}"`);
        assert(region.scrolls, 'the annex does not scroll: its columns were squeezed');
        assert(region.pageWidth <= MODES[mode].width, `the page is ${region.pageWidth} px wide`);
        // The keyboard reaches it and scrolls it.
        const wrap = page.locator('main .prose .table-wrap').first();
        await wrap.evaluate((w) => w.scrollIntoView({ block: 'start' }));
        const box = await wrap.boundingBox();
        const edge = (x) => ({ x: Math.round(x), y: Math.round(box.y + 60), width: 10, height: 80 });
        const atStart = { right: await page.screenshot({ clip: edge(box.x + box.width - 12) }), left: await page.screenshot({ clip: edge(box.x + 2) }) };
        await wrap.focus();
        assert(await wrap.evaluate((w) => w === document.activeElement), 'the region does not take focus');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(() => document.activeElement.scrollLeft > 0, null, { timeout: 2000 }).catch(() => {});
        assert(await wrap.evaluate((w) => w.scrollLeft > 0), 'the arrow keys do not scroll it');
        await wrap.evaluate((w) => { w.scrollLeft = w.scrollWidth; });
        const atEnd = { right: await page.screenshot({ clip: edge(box.x + box.width - 12) }), left: await page.screenshot({ clip: edge(box.x + 2) }) };
        assert(!atStart.right.equals(atEnd.right), 'the right edge looks the same whether or not there is more to the right');
        assert(!atStart.left.equals(atEnd.left), 'the left edge looks the same whether or not there is more to the left');
      }),
    );
  }
  await check('the change log keeps a table of seven columns at 1024 px', () =>
    pages.with('example', 'nl/documents/privacyverklaring/changes/', 'laptop', async (page) => {
      const cols = await page.evaluate(() => document.querySelectorAll('table.change-log thead th').length);
      assert(cols === 7, `${cols} columns`);
    }),
  );
}

// ---------------------------------------------------------------------------
// 3. Pages that say where you are.

async function whereChecks(pages) {
  const crumbs = (page) => page.evaluate(() => [...document.querySelectorAll('.breadcrumbs li')].map((li) => li.textContent.trim()));
  await check('a version page has its own title and is the last breadcrumb', () =>
    pages.with('regulations', 'nl/documents/privacyreglement/1.1/', 'phone', async (page) => {
      const title = await page.title();
      assert(title.startsWith('Privacyreglement, versie 1.1 – '), `title "${title}"`);
      const c = await crumbs(page);
      assert(c[c.length - 1] === 'Versie 1.1' && c[c.length - 2] === 'Privacyreglement', `breadcrumbs ${c.join(' › ')}`);
    }),
  );
  await check('an English version page has its own title', () =>
    pages.with('regulations', 'en/documents/privacyreglement/2.0/', 'phone', async (page) => {
      const title = await page.title();
      assert(title.startsWith('Privacy regulation, version 2.0 – '), `title "${title}"`);
    }),
  );
  await check('the last breadcrumb of a comparison is the comparison', () =>
    pages.with('regulations', 'nl/documents/privacyreglement/compare/1.1-2.0/', 'phone', async (page) => {
      const c = await crumbs(page);
      assert(c[c.length - 1] === 'Versie 1.1 en versie 2.0 vergeleken', `breadcrumbs ${c.join(' › ')}`);
      assert(new Set(c).size === c.length, `a breadcrumb repeats: ${c.join(' › ')}`);
    }),
  );
  await check('a table of contents of numbered headings is not numbered again', () =>
    pages.with('regulations', 'nl/documents/privacyreglement/1.1/', 'phone', async (page) => {
      const toc = await page.evaluate(() => {
        const ol = document.querySelector('.toc ol');
        return { style: getComputedStyle(ol).listStyleType, first: ol.querySelector('li').textContent.trim() };
      });
      assert(toc.first.startsWith('Artikel 1'), `the first entry is "${toc.first}"`);
      assert(toc.style === 'none', `the contents are numbered (${toc.style})`);
    }),
  );
  await check('a table of contents of unnumbered headings keeps its numbers', () =>
    pages.with('example', 'nl/documents/privacyverklaring/2.0/', 'phone', async (page) => {
      const style = await page.evaluate(() => getComputedStyle(document.querySelector('.toc ol')).listStyleType);
      assert(style === 'decimal', `list-style-type ${style}`);
    }),
  );
  await check('dates to come read "vanaf", not "sinds"', () =>
    pages.with('regulations', 'nl/schools/de-regenboog/', 'phone', async (page) => {
      const text = await page.evaluate(() => document.querySelector('#upcoming-title').parentElement.textContent.replace(/\s+/g, ' '));
      assert(/vanaf 1 januari 2027/.test(text) && !/sinds 1 januari 2027/.test(text), `"${text.trim()}"`);
    }),
  );
  await check('a relationship that starts later reads "Vanaf"', () =>
    pages.with('regulations', 'nl/schools/de-regenboog/kinderopvang-overdracht/', 'phone', async (page) => {
      const text = await page.evaluate(() => document.querySelector('main').textContent.replace(/\s+/g, ' '));
      assert(/Vanaf 1 januari 2027/.test(text) && !/Sinds 1 januari 2027/.test(text), 'no "Vanaf 1 januari 2027"');
    }),
  );
  await check('the version in force reads "wordt vervangen op" and names the version to come', () =>
    pages.with('regulations', 'nl/documents/privacyreglement/1.1/', 'phone', async (page) => {
      const facts = await page.evaluate(() => [...document.querySelectorAll('main dl.facts > div')].map((d) => [...d.children].map((c) => c.textContent.trim()).join(' ').replace(/\s+/g, ' ')));
      assert(facts.some((f) => f === 'Wordt vervangen op 1 januari 2027'), `facts: ${facts.join(' | ')}`);
      const notice = await page.evaluate(() => document.querySelector('.notice-ok').textContent);
      assert(/Versie 2\.0 treedt in werking op 1 januari 2027/.test(notice), `notice "${notice}"`);
    }),
  );
  await check('no section is empty: a school without documents has no documents section', () =>
    pages.with('regulations', 'nl/schools/het-kompas/', 'phone', async (page) => {
      const empty = await page.evaluate(() =>
        [...document.querySelectorAll('main section')]
          .filter((s) => {
            const h = s.querySelector('h2, h3');
            return s.textContent.trim() === (h ? h.textContent.trim() : '');
          })
          .map((s) => s.textContent.trim()),
      );
      assert(empty.length === 0, `empty: ${empty.join(', ')}`);
      const text = await page.evaluate(() => document.querySelector('main').textContent);
      assert(!text.includes('Documenten die voor deze school gelden'), 'the documents heading is there');
    }),
  );
  await check('a changed section is named with its parent', () =>
    pages.with('regulations', 'nl/documents/privacyreglement/compare/1.1-2.0/', 'phone', async (page) => {
      const outline = await page.evaluate(() => [...document.querySelectorAll('.compare-outline li a')].map((a) => a.textContent.trim()));
      assert(outline.includes('Bijlage 1 Ontvangers van persoonsgegevens › 3. Sollicitanten'), `outline: ${outline.join(' | ')}`);
    }),
  );
  await check('the 404 page has the site header and a way back', async () => {
    const menu = () => [...document.querySelectorAll('.main-nav a')].map((a) => a.getAttribute('href'));
    const homeMenu = await pages.with('regulations', 'nl/', 'phone', (page) => page.evaluate(menu));
    await pages.with('regulations', 'nl/bestaat-niet/', 'phone', async (page) => {
      assert(page.status === 404, `status ${page.status}`);
      const p = await page.evaluate(() => ({
        home: document.querySelector('.site-header .site-title a')?.getAttribute('href'),
        nav: [...document.querySelectorAll('.main-nav a')].map((a) => a.getAttribute('href')),
        langs: document.querySelectorAll('.lang-switch a').length,
        back: [...document.querySelectorAll('main a')].map((a) => a.getAttribute('href')),
      }));
      assert(p.home === '/nl/', `the site title links to ${p.home}`);
      assert(homeMenu.length >= 5 && p.nav.join(' ') === homeMenu.join(' '), `menu ${p.nav.join(', ')}; on the home page ${homeMenu.join(', ')}`);
      assert(p.langs === 2, `${p.langs} languages`);
      assert(p.back.includes('/nl/') && p.back.includes('/en/'), `links in main: ${p.back.join(', ')}`);
    });
  });
}

// ---------------------------------------------------------------------------
// 4. Print.

const PRINT_PAGES = [
  ['regulations', 'nl/documents/privacyreglement/1.1/', 'https://privacy.rivierenland.example/nl/documents/privacyreglement/1.1/', 'Versie 1.1'],
  // A document prints as its version in force, at that version's own link.
  ['regulations', 'nl/documents/privacyreglement/', 'https://privacy.rivierenland.example/nl/documents/privacyreglement/1.1/', 'Versie 1.1'],
  ['regulations', 'nl/documents/privacyreglement/compare/1.1-2.0/', 'https://privacy.rivierenland.example/nl/documents/privacyreglement/compare/1.1-2.0/', 'Versie 1.1 en versie 2.0 vergeleken'],
  ['regulations', 'nl/schools/de-regenboog/', 'https://privacy.rivierenland.example/nl/schools/de-regenboog/', null],
  ['regulations', 'nl/documents/privacyreglement/changes/', 'https://privacy.rivierenland.example/nl/documents/privacyreglement/changes/', null],
  ['sealed', 'nl/documents/privacyverklaring/2.0/', 'https://privacy.waterlinie.example/nl/documents/privacyverklaring/2.0/', 'Versie 2.0'],
];

async function printChecks(pages) {
  for (const [site, rel, url, version] of PRINT_PAGES) {
    await check(`print: ${site} ${rel}`, () =>
      pages.with(site, rel, 'print', async (page) => {
        const p = await page.evaluate(() => {
          const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length);
          const rules = [];
          const walk = (list) => {
            for (const r of list) {
              if (r.cssRules && !(r instanceof CSSPageRule)) walk(r.cssRules);
              if (r instanceof CSSPageRule) rules.push({ size: r.style.getPropertyValue('size'), text: r.cssText });
            }
          };
          for (const s of document.styleSheets) walk(s.cssRules);
          const colophon = document.querySelector('.print-colophon');
          return {
            navigation: ['.main-nav', '.lang-switch', '.breadcrumbs', '.skip-link', '.site-footer', '.toc'].filter(shown),
            colophon: colophon && getComputedStyle(colophon).display !== 'none' ? colophon.textContent.replace(/\s+/g, ' ') : null,
            pageRules: rules,
            verify: document.querySelector('.verify-version code')?.textContent.trim() || null,
            width: document.scrollingElement.scrollWidth,
          };
        });
        assert(p.navigation.length === 0, `navigation is printed: ${p.navigation.join(', ')}`);
        assert(p.colophon, 'nothing at the end says where the page lives');
        assert(p.colophon.includes(url), `the end of the page does not give ${url}: "${p.colophon}"`);
        assert(p.colophon.includes('25 november 2026'), 'the end of the page does not give the date it describes');
        if (version) assert(p.colophon.includes(version), `the end of the page does not give "${version}"`);
        assert(p.pageRules.some((r) => r.size.toLowerCase() === 'a4'), 'no @page rule with size: A4');
        const running = p.pageRules.map((r) => r.text).join('\n');
        assert(running.includes('@bottom-left') && running.includes(url), 'the running footer does not give the permanent link');
        assert(running.includes('25 november 2026'), 'the running footer does not give the date');
        if (version) assert(running.includes(version), `the running footer does not give "${version}"`);
        if (site === 'sealed') {
          assert(p.verify && /^[0-9a-f]{64}$/.test(p.verify), 'the sealed version shows no digest');
          assert(p.colophon.includes('SHA-256 van versie 2.0') && p.colophon.includes(p.verify), 'the end of the page does not give the digest');
          assert(running.includes(`SHA-256 2.0: ${p.verify}`), 'the running footer does not give the digest');
        } else if (version) {
          assert(p.colophon.includes('niet ondertekend'), 'an unsealed version does not say it is not signed');
        }
        assert(p.width <= MODES.print.width + 1, `the printed page is ${p.width} px wide, wider than the sheet`);
        // The sheets themselves: A4 (595 × 842 pt).
        const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
        const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
        assert(boxes.length > 0, 'the PDF has no pages');
        assert(boxes.every(([w, h]) => Math.abs(w - 595.3) < 1.5 && Math.abs(h - 841.9) < 1.5), `sheets of ${boxes[0].join(' × ')} pt`);
      }),
    );
  }
}

// ---------------------------------------------------------------------------
// The register of processing: on a phone each field is a label above its
// value and nothing scrolls sideways; on a wide screen label and value
// stand side by side; its downloads are served as what they are.

const REGISTER_PAGES = ['nl/register/', 'en/register/', 'nl/schools/de-schans/register/'];

const REGISTER_LAYOUT = () => {
  const entries = [...document.querySelectorAll('main .register-entry')];
  const fields = entries.flatMap((e) => [...e.querySelectorAll('dl > div')]).map((d) => {
    const dt = d.querySelector('dt').getBoundingClientRect();
    const dd = d.querySelector('dd').getBoundingClientRect();
    return { label: d.querySelector('dt').textContent.trim(), below: dd.top >= dt.bottom - 1, beside: dd.left >= dt.right - 1 && Math.abs(dd.top - dt.top) < 4 };
  });
  return {
    entries: entries.length,
    headed: entries.every((e) => e.querySelector('h3 a[href]')),
    fields,
    width: document.documentElement.scrollWidth,
    downloads: [...document.querySelectorAll('main a[type]')].map((a) => ({ href: a.href, type: a.getAttribute('type') })),
  };
};

async function registerChecks(pages) {
  for (const rel of REGISTER_PAGES) {
    for (const mode of ['phone', 'phone-dark', 'narrow']) {
      await check(`register reads as label above value: ${rel} (${mode})`, () =>
        pages.with('example', rel, mode, async (page) => {
          const r = await page.evaluate(REGISTER_LAYOUT);
          assert(r.entries > 0, 'no entries in the register');
          assert(r.headed, 'an entry has no linked heading');
          assert(r.width <= MODES[mode].width, `the page is ${r.width} px wide`);
          const side = r.fields.filter((f) => !f.below);
          assert(side.length === 0, `values not below their labels: ${side.slice(0, 3).map((f) => f.label).join(', ')}`);
        }),
      );
    }
    await check(`register reads as label beside value: ${rel} (wide)`, () =>
      pages.with('example', rel, 'wide', async (page) => {
        const r = await page.evaluate(REGISTER_LAYOUT);
        const below = r.fields.filter((f) => !f.beside);
        assert(below.length === 0, `values not beside their labels: ${below.slice(0, 3).map((f) => f.label).join(', ')}`);
      }),
    );
    await check(`register downloads are served as what they are: ${rel}`, () =>
      pages.with('example', rel, 'wide', async (page) => {
        const r = await page.evaluate(REGISTER_LAYOUT);
        const types = new Set(r.downloads.map((d) => d.type));
        assert(types.has('text/csv') && types.has('application/json'), `downloads offered: ${[...types].join(', ')}`);
        for (const d of r.downloads) {
          const res = await page.request.get(d.href);
          assert(res.status() === 200, `${d.href} answers ${res.status()}`);
          const got = res.headers()['content-type'] || '';
          assert(got.startsWith(d.type), `${d.href} is served as ${got}, the link says ${d.type}`);
          if (d.type === 'text/csv') {
            const body = await res.body();
            assert(body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf, 'the CSV has no UTF-8 byte order mark');
            assert(body.includes(Buffer.from('\r\n')), 'the CSV lines do not end in CRLF');
          }
        }
        const alt = await page.evaluate(() => [...document.querySelectorAll('head link[rel=alternate][type="application/json"]')].map((l) => l.href));
        assert(alt.length === 1, `${alt.length} JSON alternates in the head`);
      }),
    );
  }
}

// ---------------------------------------------------------------------------
// 5. WCAG at phone width, light and dark: the cards and the narrow layout
// the gate (which runs axe at 1280 px) does not see.

const AXE_PAGES = [
  ['regulations', 'nl/schools/de-regenboog/'],
  ['regulations', 'nl/documents/privacyreglement/1.1/'],
  ['regulations', 'nl/documents/privacyreglement/changes/'],
  ['regulations', 'nl/documents/privacyreglement/compare/1.1-2.0/'],
  ['regulations', 'nl/relationships/'],
  ['example', 'nl/documents/privacyverklaring/'],
  ['example', 'nl/register/'],
  ['example', 'en/schools/de-schans/register/'],
];

async function axeChecks(pages, axeSource) {
  for (const [site, rel] of AXE_PAGES) {
    for (const mode of ['phone', 'phone-dark']) {
      await check(`axe at 390 px: ${site} ${rel} (${mode})`, () =>
        pages.with(site, rel, mode, async (page) => {
          const v = await runAxe(page, axeSource);
          assert(v.length === 0, v.join('; '));
        }),
      );
    }
  }
}

main();
