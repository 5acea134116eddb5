// Refreshes the screenshots in docs/screenshots/: the home page, a document
// and a school page of a built site, at 320 and 1280 CSS px, in light and
// dark mode, so a reviewer can see the look without building anything.
//
// Usage: node screenshots.mjs [DIR[=BASE]] [--lang CODE] [--out FOLDER]
//   DIR    a built site (default ../../target/ci-public, the example site as CI builds it)
//   --lang the language of the pages (default nl)
//   --out  where to write the PNGs (default ../../docs/screenshots)
// The pages are the example site's; pass --pages a,b,c (paths under the
// language) to photograph others.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, normaliseBase, CHROMIUM } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WIDTHS = [320, 1280];
const SCHEMES = ['light', 'dark'];
// Tall pages are cut off here: the top of a page shows the whole design, and
// the files stay small enough to keep in git.
const MAX_HEIGHT = { 320: 1600, 1280: 1100 };

function parse(argv) {
  const opts = {
    site: path.join(HERE, '../../target/ci-public'),
    base: '/',
    lang: 'nl',
    out: path.join(HERE, '../../docs/screenshots'),
    pages: { home: '', document: 'documents/privacyverklaring/', school: 'schools/de-schans/' },
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang') opts.lang = argv[++i];
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--pages') {
      const [h, d, s] = argv[++i].split(',');
      opts.pages = { home: h, document: d, school: s };
    } else if (a.startsWith('-')) {
      console.error(`error: unknown option ${a}`);
      console.error('usage: node screenshots.mjs [DIR[=BASE]] [--lang CODE] [--out FOLDER] [--pages HOME,DOC,SCHOOL]');
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
    for (const [name, rel] of Object.entries(opts.pages)) {
      const url = `${server.origin}${opts.base}${opts.lang}/${rel}`;
      for (const width of WIDTHS) {
        for (const scheme of SCHEMES) {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ colorScheme: scheme });
          const res = await page.goto(url, { waitUntil: 'load' });
          if (!res || res.status() !== 200) throw new Error(`${url} answered ${res ? res.status() : 'nothing'}`);
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          const file = path.join(opts.out, `${opts.lang}-${name}-${width}-${scheme}.png`);
          await page.screenshot({
            path: file,
            fullPage: true,
            clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT[width]) },
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
