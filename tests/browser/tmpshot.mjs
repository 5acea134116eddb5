import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
const [dir, ...paths] = process.argv.slice(2);
const s = await serve(dir, '/');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
for (const p of paths) {
  for (const [w, scheme, media] of [[390,'light','screen'],[1366,'dark','screen'],[800,'light','print']]) {
    const pg = await b.newPage({ viewport: { width: w, height: 900 }, colorScheme: scheme });
    await pg.emulateMedia({ media, colorScheme: scheme });
    await pg.goto(s.origin + p);
    const name = '/tmp/shot-' + p.replace(/\W+/g,'_') + `-${w}-${scheme}-${media}.png`;
    await pg.screenshot({ path: name, fullPage: true });
    console.log(name);
    await pg.close();
  }
}
await b.close(); await s.close();
