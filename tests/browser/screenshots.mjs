// Refreshes the screenshots in docs/screenshots/: pages of a built site as a
// parent meets them on a 390 px phone (the school page with its processors
// as cards, a version, the change log, a comparison) and as a data-
// protection officer meets them at 1280 px, in light and dark mode, so a
// reviewer can see the look without building anything.
//
// Usage: node screenshots.mjs [DIR[=BASE]] [--lang CODE] [--out FOLDER]
//   DIR    a built site (default ../../target/ci-public, the example site as CI builds it:
//          `cargo run -- build --as-of 2026-11-25 --out target/ci-public`)
//   --lang the language of the pages (default nl)
//   --out  where to write the PNGs (default ../../docs/screenshots)
// Files are named LANG-PAGE-WIDTH-SCHEME.png. The pages are the example
// site's (see SHOTS below).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, normaliseBase, CHROMIUM } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCHEMES = ['light', 'dark'];
// Tall pages are cut off here: a screenful or two shows the design, and the
// files stay small enough to keep in git.
const MAX_HEIGHT = { 390: 1400, 1280: 1100 };

// What to photograph: a name, the path under the language, the widths, and
// at phone width where to start (the part of the page the shot is about;
// the top of the page when absent).
const SHOTS = [
  { name: 'home', rel: '', widths: [390, 1280] },
  { name: 'document', rel: 'documents/privacyverklaring/', widths: [1280] },
  { name: 'school', rel: 'schools/de-schans/', widths: [390, 1280], from: '#active-title' },
  { name: 'school-rights', rel: 'schools/de-schans/', widths: [390], from: '#rights-title' },
  { name: 'version', rel: 'documents/privacyverklaring/2.0/', widths: [390] },
  { name: 'changes', rel: 'documents/privacyverklaring/changes/', widths: [390, 1280] },
  { name: 'compare', rel: 'documents/privacyverklaring/compare/2.0-2.1/', widths: [390], from: '#outline-title' },
];

function parse(argv) {
  const opts = {
    site: path.join(HERE, '../../target/ci-public'),
    base: '/',
    lang: 'nl',
    out: path.join(HERE, '../../docs/screenshots'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang') opts.lang = argv[++i];
    else if (a === '--out') opts.out = argv[++i];
    else if (a.startsWith('-')) {
      console.error(`error: unknown option ${a}`);
      console.error('usage: node screenshots.mjs [DIR[=BASE]] [--lang CODE] [--out FOLDER]');
      process.exit(2);
    } else {
      const eq = a.lastIndexOf('=');
      opts.site = eq > 0 ? a.slice(0, eq) : a;
      opts.base = eq > 0 ? a.slice(eq + 1) : '/';
    }
  }
  opts.base = normaliseBase(opts.base);
  return opts;
}

async function main() {
  const opts = parse(process.argv.slice(2));
  await fs.mkdir(opts.out, { recursive: true });
  const server = await serve(opts.site, opts.base);
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'policypress-shots-'));
  let ctx;
  let written = 0;
  try {
    ctx = await chromium.launchPersistentContext(userDataDir, CHROMIUM);
    const page = await ctx.newPage();
    for (const shot of SHOTS) {
      const url = `${server.origin}${opts.base}${opts.lang}/${shot.rel}`;
      for (const width of shot.widths) {
        for (const scheme of SCHEMES) {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ colorScheme: scheme });
          const res = await page.goto(url, { waitUntil: 'load' });
          if (!res || res.status() !== 200) throw new Error(`${url} answered ${res ? res.status() : 'nothing'}`);
          const { height, top } = await page.evaluate((sel) => {
            const el = sel && document.querySelector(sel);
            const y = el ? Math.max(0, Math.floor(el.getBoundingClientRect().top + window.scrollY - 16)) : 0;
            return { height: document.documentElement.scrollHeight, top: y };
          }, width < 600 ? shot.from : null);
          const file = path.join(opts.out, `${opts.lang}-${shot.name}-${width}-${scheme}.png`);
          await page.screenshot({
            path: file,
            fullPage: true,
            clip: { x: 0, y: top, width, height: Math.min(height - top, MAX_HEIGHT[width]) },
          });
          written++;
        }
      }
    }
  } finally {
    if (ctx) await ctx.close();
    await server.close();
    await fs.rm(userDataDir, { recursive: true, force: true });
  }
  console.log(`wrote ${written} screenshots to ${path.relative(process.cwd(), opts.out) || '.'}`);
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(2);
});
