// Support for the playground's browser tests: serves the built site (dist/) on 127.0.0.1,
// launches Debian's Chromium through playwright-core, and reads the page's state.
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const distDir = process.env.IAMP_DIST || join(repoRoot, 'dist');
export const screenshotDir = join(repoRoot, 'e2e', 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Serve `root` on 127.0.0.1 (a free port); `extra` maps paths to {type, body} served as-is. */
export async function serve(root = distDir, extra = {}) {
  // IAMP_URL: test a site that is already served (e.g. `trunk serve`) instead of dist/
  if (process.env.IAMP_URL && !Object.keys(extra).length) return { url: process.env.IAMP_URL, port: Number(new URL(process.env.IAMP_URL).port), close: async () => {} };
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (extra[path]) {
        res.writeHead(200, { 'content-type': extra[path].type, 'cache-control': 'no-store' });
        res.end(extra[path].body);
        return;
      }
      let file = normalize(join(root, path));
      if (!file.startsWith(normalize(root))) throw new Error('outside');
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, port, close: () => new Promise((r) => server.close(r)) };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** A new page that records page errors (returned in `errors`). */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  return page;
}

/** Wait until the playground UI is ready and has rendered a report. */
export async function ready(page, timeout = 20000) {
  await page.waitForSelector('[data-ready="true"]', { timeout });
  await page.waitForSelector('[data-testid="summary"], [data-testid="engine-failure"]', { timeout });
}

/** The steps on screen: [{index, kind, decision, expect, met}]. */
export function stepsOnScreen(page) {
  return page.$$eval('[data-testid="step"]', (els) =>
    els.map((e) => ({ index: Number(e.dataset.stepIndex), kind: e.dataset.kind, decision: e.dataset.decision || null, expect: e.dataset.expect || null, met: e.dataset.met || null })),
  );
}

export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export async function presetIndex() {
  return JSON.parse(await readFile(join(distDir, 'site', 'presets', 'index.json'), 'utf8'));
}
