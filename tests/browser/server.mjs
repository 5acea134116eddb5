// A small static file server for the browser checks: serves one built site
// folder under its base path on 127.0.0.1, the way a plain static host would
// (index.html for folders, the site's 404.html with status 404 for anything
// missing), so the checks see exactly what readers will see.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
  '.csv': 'text/csv; charset=utf-8; header=present',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.atom': 'application/atom+xml',
  '.ics': 'text/calendar; charset=utf-8',
  '.pdf': 'application/pdf',
};

/** Normalises a base path to the form "/", "/privacy/". */
export function normaliseBase(base) {
  let b = base || '/';
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b = `${b}/`;
  return b;
}

/**
 * Starts a server for `root` mounted at `base`; resolves to
 * { origin, base, close() }. Listens on port 0 so parallel runs never clash.
 */
export async function serve(root, base) {
  const mount = normaliseBase(base);
  const absRoot = path.resolve(root);

  async function fileFor(urlPath) {
    if (!urlPath.startsWith(mount)) return null;
    let rel;
    try {
      rel = decodeURIComponent(urlPath.slice(mount.length));
    } catch {
      return null;
    }
    const full = path.resolve(absRoot, rel);
    // Never serve anything outside the folder, however the path is spelled.
    if (full !== absRoot && !full.startsWith(absRoot + path.sep)) return null;
    try {
      const st = await fs.stat(full);
      if (st.isDirectory()) {
        if (!urlPath.endsWith('/')) return { redirect: `${urlPath}/` };
        const index = path.join(full, 'index.html');
        await fs.access(index);
        return { file: index };
      }
      if (st.isFile()) return { file: full };
    } catch {
      return null;
    }
    return null;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const found = await fileFor(url.pathname);
    if (found && found.redirect) {
      res.writeHead(301, { Location: found.redirect + url.search });
      res.end();
      return;
    }
    if (found && found.file) {
      const body = await fs.readFile(found.file);
      const type = TYPES[path.extname(found.file).toLowerCase()] || 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    let body = Buffer.from('not found\n');
    let type = 'text/plain; charset=utf-8';
    try {
      body = await fs.readFile(path.join(absRoot, '404.html'));
      type = TYPES['.html'];
    } catch {
      // A site without a 404.html still gets an honest status.
    }
    res.writeHead(404, { 'Content-Type': type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    base: mount,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Every .html file under `root`, as paths relative to it with "/" separators, sorted. */
export async function htmlFiles(root) {
  const out = [];
  async function walk(dir) {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && e.name.endsWith('.html')) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  }
  await walk(root);
  return out.sort();
}

/** The URL path under which a site-relative HTML file is served. */
export function urlPathFor(base, rel) {
  if (rel === 'index.html') return base;
  if (rel.endsWith('/index.html')) return base + rel.slice(0, -'index.html'.length);
  return base + rel;
}

/** Launch options for Debian's Chromium; never downloads a browser. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
