// Support for the playground's browser tests: serves the built site (dist/) on 127.0.0.1
// through the harness's static server (../server.mjs), launches Debian's Chromium through
// playwright-core, and reads the page's state.
import { readFile, mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serve as serveStatic } from '../server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const distDir = process.env.IAMP_DIST || join(repoRoot, 'dist');
export const screenshotDir = join(repoRoot, 'e2e', 'screenshots');

/** Serve `root` on 127.0.0.1 (a free port); `extra` maps paths to {type, body} served as-is. */
export async function serve(root = distDir, extra = {}) {
  // IAMP_URL: test a site that is already served (e.g. `trunk serve`) instead of dist/
  if (process.env.IAMP_URL && !Object.keys(extra).length) return { url: process.env.IAMP_URL, port: Number(new URL(process.env.IAMP_URL).port), close: async () => {} };
  const { server, url } = await serveStatic(root, 0, extra);
  const { port } = server.address();
  return { url, port, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Serves the site and launches Chromium once for a test file (node:test `before`/`after`
 * hooks, closed afterwards); `site.server` and `site.browser` are set once both are up.
 */
export function useSite() {
  const site = { server: undefined, browser: undefined };
  before(async () => {
    site.server = await serve();
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
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
  // The AWS catalogue follows the first decision and evaluates again when it lands, redrawing
  // the results: let that settle, so a test does not click into rows being replaced. (A page
  // without the status line, such as an embed, has nothing to wait for.)
  await page
    .waitForFunction(() => {
      const s = document.querySelector('[data-testid="catalogue-status"]');
      return !s || s.dataset.state === 'ready' || s.dataset.state === 'error';
    }, null, { timeout })
    .catch(() => {});
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
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
