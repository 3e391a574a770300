// Shared set-up for the end-to-end tests: serve dist/, start Debian's Chromium headless through
// playwright-core (no browser download), open pages, save screenshots to e2e/screenshots/.
//
//   import { startSite } from '../harness.mjs';
//   const site = await startSite();            // in before()
//   const page = await site.open('#preset=x'); // a fresh page, engine ready
//   await site.screenshot(page, 'name');
//   await site.close();                        // in after()
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve, DIST } from './server.mjs';

export const SCREENSHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

/** Chromium flags for a root user on a machine without outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (p && existsSync(p)) return p;
  }
  throw new Error('no Chromium found: install Debian\'s `chromium` (scripts/setup.sh does) or set CHROMIUM');
}

export async function startSite({ root = DIST } = {}) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: build the site first (trunk build --release)`);
  }
  const { server, url } = await serve(root);
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const pages = [];

  return {
    url,
    browser,
    /** A new page at `path` (relative to the site), with console errors collected. */
    async open(path = '', { waitForEngine = true, viewport = { width: 1200, height: 800 } } = {}) {
      const page = await browser.newPage({ viewport });
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') page.errors.push(m.text());
      });
      pages.push(page);
      await page.goto(new URL(path, url).href);
      if (waitForEngine) {
        await page.waitForFunction(() => window.iamPlayground !== undefined, null, { timeout: 30000 });
      }
      return page;
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => {});
      await new Promise((ok) => server.close(ok));
    },
  };
}
