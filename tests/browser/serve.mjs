// The live preview in a real browser (Debian's Chromium, headless): a tab
// open on a page shows each save without the test reloading it, shows an
// overlay naming file and line when the content breaks, and drops the
// overlay once it is fixed.
//
// Usage: node tests/browser/serve.mjs [path/to/policypress]
// Prints one line per check and closes with "N passed, M failed".

import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const binary = process.argv[2] ?? join(repo, "target", "debug", "policypress");

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message.split("\n")[0]}`);
  }
}

const site = mkdtempSync(join(tmpdir(), "policypress-serve-"));
cpSync(join(repo, "tests", "fixtures", "serve-site"), site, { recursive: true });
const contact = join(site, "content", "pages", "contact", "nl.md");
const versionBody = join(site, "content", "documents", "privacyverklaring", "1.0", "nl.md");

// Saves like an editor: a temp file, then a rename over the original.
function save(file, text) {
  const tmp = join(dirname(file), ".save.tmp");
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const server = spawn(binary, ["serve", "--port", "0", "--as-of", "2026-11-25", "--site", site], {
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((ok, fail) => {
  const timer = setTimeout(() => fail(new Error("serve printed no URL in 60 s")), 60000);
  createInterface({ input: server.stdout }).on("line", (line) => {
    const m = line.match(/http:\/\/\S+/);
    if (m) {
      clearTimeout(timer);
      ok(m[0]);
    }
  });
  server.on("exit", (code) => fail(new Error(`serve exited with ${code}`)));
});

// The server is ours: never leave it running, whatever happens below.
process.on("exit", () => server.kill());

const profile = mkdtempSync(join(tmpdir(), "policypress-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
} catch (e) {
  console.log(`FAIL starting Chromium: ${e.message.split("\n")[0]}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

try {
  const page = await context.newPage();
  let navigations = 0;
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) navigations++;
  });
  await page.goto(new URL("nl/pages/contact/", url).href);
  await page.waitForFunction(() => window.policypressLive?.source?.readyState === 1, null, {
    timeout: 10000,
  });

  await check("the page shows the text on disk", async () => {
    await page.getByText("Oorspronkelijke tekst").waitFor({ timeout: 5000 });
  });

  await check("a save appears without the test reloading", async () => {
    const before = navigations;
    save(contact, "# Contact\n\nMail ons gerust. Tekst uit de browsertest.\n\n" + "Regel.\n\n".repeat(80));
    await page.getByText("Tekst uit de browsertest").waitFor({ timeout: 10000 });
    if (navigations === before) throw new Error("the page did not reload itself");
  });

  await check("the scroll position survives the reload", async () => {
    await page.evaluate(() => window.scrollTo(0, 300));
    await page.waitForFunction(() => window.scrollY === 300, null, { timeout: 2000 });
    save(contact, "# Contact\n\nWeer gewijzigd, verder omlaag gelezen.\n\n" + "Regel.\n\n".repeat(80));
    await page.getByText("verder omlaag gelezen").waitFor({ timeout: 10000 });
    await page.waitForFunction(() => window.scrollY === 300, null, { timeout: 5000 });
  });

  await page.goto(new URL("nl/documents/privacyverklaring/1.0/", url).href);
  await page.waitForFunction(() => window.policypressLive?.source?.readyState === 1, null, {
    timeout: 10000,
  });

  await check("broken content shows an overlay with file and line", async () => {
    save(versionBody, "## Over deze verklaring\n\n# Kop <img src=x onerror=alert(1)>\n");
    const overlay = page.locator("#policypress-error-overlay");
    await overlay.waitFor({ state: "visible", timeout: 10000 });
    const text = await overlay.innerText();
    if (!text.includes("content/documents/privacyverklaring/1.0/nl.md:3:1"))
      throw new Error(`no file:line:column in ${JSON.stringify(text)}`);
    // The preview speaks the site's default language (Dutch here): the hint is a "tip".
    if (!text.includes("tip:")) throw new Error(`no hint (tip:) in ${JSON.stringify(text)}`);
    if ((await overlay.locator("img").count()) > 0) throw new Error("markup from content was injected");
  });

  await check("the last good page stays underneath", async () => {
    await page.getByText("zorgvuldig").first().waitFor({ state: "attached", timeout: 2000 });
  });

  await check("fixing the content removes the overlay by itself", async () => {
    save(versionBody, "## Over deze verklaring\n\nWij zijn hersteld en zorgvuldig.\n");
    await page.locator("#policypress-error-overlay").waitFor({ state: "detached", timeout: 10000 });
    await page.getByText("Wij zijn hersteld").waitFor({ timeout: 10000 });
  });

  await check("a stylesheet change applies without a reload", async () => {
    const before = navigations;
    const css = await (await fetch(new URL("static/style.css", url))).text();
    const dir = join(site, "themes", "default", "static");
    cpSync(join(repo, "themes", "default", "static"), dir, { recursive: true });
    save(join(dir, "style.css"), css + "\nbody { outline: 7px solid rgb(1, 2, 3); }\n");
    await page.waitForFunction(
      () => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)",
      null,
      { timeout: 10000 },
    );
    if (navigations !== before) throw new Error("the page reloaded for a CSS change");
  });
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e.message.split("\n")[0]}`);
} finally {
  await context.close();
  server.kill();
  rmSync(site, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
