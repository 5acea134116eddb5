// What a parent meets who wants to know what is coming for their school,
// checked in Debian's Chromium on a phone (390 px), with the keyboard only:
//
//   - the school page's "coming up" section is there, says the date it
//     describes, lists the dates to come as <time> elements, and fits the
//     screen (nothing wider than the viewport);
//   - Tab reaches the calendar link, and following it gives an iCalendar
//     file (text/calendar) that starts with BEGIN:VCALENDAR and holds an
//     event for every date the section lists;
//   - the footer of the page states the same as-of date.
//
// Usage: node tests/browser/calendar.mjs [path/to/policypress]
// Builds the example site into a temporary folder, prints one line per
// check and "N passed, M failed". Exit 0 when all pass, 1 otherwise, 2 when
// it cannot run.

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

async function main() {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'policypress-calendar-'));
  const out = path.join(tmp, 'example');
  const r = spawnSync(BINARY, ['build', '--site', REPO, '--as-of', AS_OF, '--out', out], {
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(`policypress build failed (${r.status}): ${r.stderr}`);
    process.exit(2);
  }
  const server = await serve(out, '/');
  const browser = await chromium.launch(CHROMIUM);
  try {
    for (const lang of ['nl', 'en']) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const url = `${server.origin}/${lang}/schools/de-schans/`;
      await page.goto(url);
      const section = await page.evaluate(() => {
        const s = document.querySelector('main section.coming');
        if (!s) return null;
        const times = [...s.querySelectorAll('.coming-list time')].map((t) => t.getAttribute('datetime'));
        const asOf = s.querySelector('.as-of-note time')?.getAttribute('datetime');
        const footer = document.querySelector('footer .as-of time')?.getAttribute('datetime');
        const wide = [...s.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.tagName);
        const heading = s.querySelector('h2')?.textContent;
        return { times, asOf, footer, wide, heading, labelled: s.getAttribute('aria-labelledby') };
      });
      await check(`${lang}: the school page has a "coming up" section`, async () => {
        assert(section, 'no section.coming in main');
        assert(section.heading && section.labelled === 'coming-title', 'the section is not named by its heading');
      });
      if (!section) continue;
      await check(`${lang}: it says the date it describes, as the footer does`, async () => {
        assert(section.asOf === AS_OF, `as-of ${section.asOf}`);
        assert(section.footer === AS_OF, `footer as-of ${section.footer}`);
      });
      await check(`${lang}: it lists the dates to come and fits 390 px`, async () => {
        assert(section.times.length > 0, 'no dates listed');
        assert(section.times.every((t) => t > AS_OF), `a date not after the as-of date: ${section.times}`);
        assert(section.wide.length === 0, `wider than the screen: ${section.wide.join(', ')}`);
      });
      await check(`${lang}: the keyboard reaches the calendar link and it gives the calendar`, async () => {
        let found = null;
        for (let i = 0; i < 200 && !found; i++) {
          await page.keyboard.press('Tab');
          found = await page.evaluate(() => {
            const a = document.activeElement;
            return a && a.tagName === 'A' && a.getAttribute('href').endsWith('/calendar.ics') ? a.href : null;
          });
        }
        assert(found, 'Tab never reached the calendar link');
        const visible = await page.evaluate(() => {
          const a = document.activeElement;
          const s = getComputedStyle(a);
          return a.getClientRects().length > 0 && (s.outlineStyle !== 'none' || s.boxShadow !== 'none');
        });
        assert(visible, 'the focused calendar link shows no focus indicator');
        const res = await page.request.get(found);
        assert(res.status() === 200, `status ${res.status()}`);
        assert((res.headers()['content-type'] || '').startsWith('text/calendar'), `content type ${res.headers()['content-type']}`);
        const body = await res.text();
        assert(body.startsWith('BEGIN:VCALENDAR\r\n'), 'not an iCalendar file');
        const unfolded = body.replace(/\r\n /g, '');
        const starts = [...unfolded.matchAll(/^BEGIN:VEVENT\r\n(?:.*\r\n)*?DTSTART;VALUE=DATE:(\d{8})/gm)].map((m) => `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6)}`);
        assert(JSON.stringify(starts) === JSON.stringify(section.times), `events ${starts} but the page lists ${section.times}`);
      });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
