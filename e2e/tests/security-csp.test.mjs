// The page's Content-Security-Policy (issue 13, "the page locked down"): index.html carries it
// as a <meta http-equiv>, with no inline script, no eval and only the site's own origin. These
// tests record every `securitypolicyviolation` event and every console message about the CSP
// while the page does what people do with it (the home page, every preset, an embed on another
// origin, a share link round trip, the matrix, an imported AWS export and who-can), assert that
// there are none and that each shows decisions; and they prove the policy is live: a script
// element added by the page with inline text does not run, and eval throws.
// Screenshot: e2e/screenshots/security-csp-home.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launch, newPage, ready, serve, stepsOnScreen, screenshot, presetIndex, repoRoot, distDir } from './playground-support.mjs';

const EXPORT = join(repoRoot, 'e2e', 'fixtures', 'export');
let server;
let browser;

before(async () => {
  // the host page of the embed test is served from 127.0.0.1 and frames the site as localhost
  server = await serve(undefined, {
    '/host.html': { type: 'text/html', body: '<!doctype html><title>wiki</title><h1>Wiki page</h1><iframe id="f" sandbox="allow-scripts allow-same-origin allow-popups" width="900" height="600"></iframe>' },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records CSP violations (every frame) and console messages about the CSP. */
async function watchedPage(options = {}) {
  const page = await newPage(browser, options);
  const violations = [];
  await page.context().exposeBinding('__iampCspViolation', ({ frame }, v) => violations.push({ ...v, frame: frame.url() }));
  await page.context().addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__iampCspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber });
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push({ console: m.text() });
  });
  page.violations = violations;
  return page;
}

function clean(page, where) {
  assert.deepEqual(page.violations, [], `${where}: CSP violations`);
  assert.deepEqual(page.errors, [], `${where}: page errors`);
}

async function decisions(page) {
  return (await stepsOnScreen(page)).filter((s) => s.decision);
}

test('the built page carries the CSP, keeps no inline script, and the policy holds on the home page', async () => {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  assert.ok(meta, 'dist/index.html has the CSP meta');
  const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(policy['default-src'], ["'self'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  assert.ok(!meta[1].includes("'unsafe-eval'"));
  // CodeMirror writes its theme into <style> elements: inline styles are allowed as elements
  // only, never as style="…" attributes in markup
  assert.deepEqual(policy['style-src'], ["'self'", "'unsafe-inline'"]);
  assert.deepEqual(policy['style-src-attr'], ["'none'"]);
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(attrs, /\bsrc=/, `an inline script is left in dist/index.html: ${body.slice(0, 80)}`);
  }

  const page = await watchedPage();
  await page.goto(server.url);
  await ready(page);
  assert.equal(await page.getAttribute('[data-testid="engine-status"]', 'data-state'), 'ready');
  assert.ok((await decisions(page)).length >= 2, 'the built-in example shows decisions');
  assert.match(await page.textContent('[data-testid="summary"]'), /expectation|allowed|denied/i);
  // the AWS catalogue (fetched and inflated in the worker) arrives too
  assert.equal(await page.getAttribute('[data-testid="catalogue-status"]', 'data-state'), 'ready');
  await screenshot(page, 'security-csp-home');
  clean(page, 'home page');

  // the policy is live: an inline script added by the page does not run, eval throws
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = 1';
    document.body.append(s);
    const m = document.createElement('script');
    m.type = 'module';
    m.textContent = 'window.__inlineModuleRan = 1';
    document.body.append(m);
    const img = document.createElement('img');
    img.setAttribute('src', 'data:,x');
    img.setAttribute('onerror', 'window.__handlerRan = 1');
    document.body.append(img);
    await new Promise((r) => setTimeout(r, 300));
    let evalRan;
    try {
      evalRan = eval('1 + 1') === 2;
    } catch (e) {
      evalRan = e instanceof EvalError ? false : String(e);
    }
    let fnRan;
    try {
      fnRan = new Function('return 1')() === 1;
    } catch (e) {
      fnRan = e instanceof EvalError ? false : String(e);
    }
    img.remove();
    return { inline: window.__inlineRan, module: window.__inlineModuleRan, handler: window.__handlerRan, evalRan, fnRan };
  });
  assert.deepEqual(ran, { inline: undefined, module: undefined, handler: undefined, evalRan: false, fnRan: false });
  assert.ok(page.violations.some((v) => v.directive && v.directive.startsWith('script-src')), 'the blocked script was reported as a violation');
  await page.context().close();
});

test('every preset opens and decides under the CSP', async () => {
  const presets = await presetIndex();
  assert.ok(presets.length >= 10);
  const page = await watchedPage();
  for (const p of presets) {
    await page.goto('about:blank');
    await page.goto(`${server.url}?editor=plain#preset=${encodeURIComponent(p.id)}`);
    await ready(page);
    const steps = await stepsOnScreen(page);
    assert.equal(steps.length, p.steps, `${p.id}: every step is on screen`);
    assert.ok(steps.some((s) => s.decision), `${p.id}: decisions on screen`);
    clean(page, p.id);
  }
  await page.context().close();
});

test('the CodeMirror editor, an embed on another origin, and a share link round trip hold under the CSP', async () => {
  const page = await watchedPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${server.url}#preset=lesson-scp`);
  await ready(page);
  // CodeMirror is the default editor: its styles apply (a styled, visible editor)
  await page.click('[data-testid="tab-json"]');
  await page.waitForSelector('.cm-editor', { timeout: 10000 });
  const cm = await page.evaluate(() => {
    const e = document.querySelector('.cm-editor');
    return { visible: e.getBoundingClientRect().height > 50, position: getComputedStyle(e).position, lines: document.querySelectorAll('.cm-line').length };
  });
  assert.ok(cm.visible && cm.lines > 10, `the editor shows the scenario: ${JSON.stringify(cm)}`);
  assert.equal(cm.position, 'relative', 'CodeMirror\'s own styles apply');
  const before = await decisions(page);
  await page.click('[data-testid="share-button"]');
  await page.waitForSelector('[data-testid="share-url"]');
  const link = await page.inputValue('[data-testid="share-url"]');
  assert.match(link, /#s=1\./);
  clean(page, 'share');

  const shared = await watchedPage();
  await shared.goto(link);
  await ready(shared);
  assert.deepEqual(await decisions(shared), before, 'the shared link decides as the original');
  clean(shared, 'shared link');
  await shared.context().close();

  const host = await watchedPage();
  await host.goto(`${server.url}host.html`);
  await host.evaluate((src) => {
    document.getElementById('f').src = src;
  }, `${server.url.replace('127.0.0.1', 'localhost')}?embed=1${new URL(link).hash}`);
  const frame = host.frameLocator('#f');
  await frame.locator('[data-ready="true"]').waitFor({ timeout: 20000 });
  await frame.locator('[data-testid="summary"]').waitFor();
  const framed = await frame.locator('[data-testid="step"][data-decision]').evaluateAll((els) => els.map((e) => e.dataset.decision));
  assert.deepEqual(framed, before.map((s) => s.decision), 'the embed decides as the original');
  clean(host, 'embed');
  await host.context().close();
  await page.context().close();
});

test('the matrix, an imported AWS export and who-can hold under the CSP, and an export downloads', async () => {
  const page = await watchedPage({ acceptDownloads: true });
  await page.goto(`${server.url}?editor=plain`);
  await ready(page);
  await page.waitForFunction(() => window.iamPlaygroundUI && window.iamPlaygroundUI.state.engineMode === 'worker', null, { timeout: 20000 });
  await page.click('[data-testid="rtab-matrix"]');
  const panel = page.locator('[data-testid="matrix-panel"]');
  await panel.locator('[data-testid="matrix-run"]').click();
  await panel.locator('[data-testid="matrix-cell"]').first().waitFor();
  const cells = await panel.locator('[data-testid="matrix-cell"]').evaluateAll((els) => els.map((e) => e.dataset.decision));
  assert.ok(cells.length >= 2 && cells.includes('allowed'), `matrix cells: ${cells}`);
  clean(page, 'matrix');
  // Export downloads the scenario through a blob: URL
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-button"]')]);
  assert.match(download.suggestedFilename(), /\.json$/);
  const saved = await download.path();
  assert.ok(JSON.parse(readFileSync(saved, 'utf8')).steps.length >= 2, 'the export is the scenario');
  clean(page, 'export');

  const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const files = walk(EXPORT).map((f) => ({ name: relative(EXPORT, f).split('/').pop(), mimeType: 'application/json', buffer: readFileSync(f) }));
  await page.setInputFiles('[data-testid="import-aws-files-input"]', files);
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 20000 });
  assert.match(await page.textContent('[data-testid="import-summary"]'), /2 accounts/);
  await page.click('[data-testid="rtab-whocan"]');
  await page.fill('[data-testid="whocan-action"]', 's3:GetObject');
  await page.fill('[data-testid="whocan-resource"]', 'arn:aws:s3:::prod-data/reports/q1.csv');
  await page.click('[data-testid="whocan-run"]');
  await page.waitForSelector('[data-testid="whocan-progress"][data-stage="done"]', { timeout: 20000 });
  const answers = await page.$$eval('[data-testid="whocan-answer"]', (els) => els.map((e) => [e.dataset.principal, e.dataset.decision]));
  assert.ok(answers.some(([p, d]) => /user\/alice$/.test(p) && d === 'allowed'), `who-can answers: ${JSON.stringify(answers)}`);
  clean(page, 'import and who-can');
  await page.context().close();
});

test('the diagram, its exports and a teaching embed (Policies, Edit here) hold under the CSP', async () => {
  const page = await watchedPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.url}#preset=lesson-role-chaining`);
  await ready(page);
  await page.click('[data-testid="rtab-diagram"]');
  const panel = page.locator('[data-testid="diagram-panel"]');
  await panel.locator('svg[role="img"]').waitFor();
  // the diagram's colours come through the CSSOM: a drawn hop has its decision's colour
  const stroke = await panel.locator('.dg-path .dg-hop-last').first().evaluate((p) => getComputedStyle(p).stroke);
  assert.notEqual(stroke, 'none', 'the drawn path is coloured');
  const [svg] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-testid="diagram-export-svg"]').click()]);
  assert.match(svg.suggestedFilename(), /\.svg$/);
  const [png] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-testid="diagram-export-png"]').click()]);
  assert.match(png.suggestedFilename(), /\.png$/);
  clean(page, 'diagram');
  await page.context().close();

  const embed = await watchedPage({ viewport: { width: 600, height: 400 } });
  await embed.goto(`${server.url}?embed=1#preset=lesson-role-chaining`);
  await ready(embed);
  await embed.getByRole('tab', { name: 'Policies' }).click();
  await embed.locator('[data-testid="embed-policy"]').first().waitFor();
  await embed.locator('[data-testid="embed-edit"]').click();
  await embed.locator('[data-testid="embed-edit"][aria-pressed="true"]').waitFor();
  await embed.locator('[data-testid="tab-json"]').waitFor();
  assert.ok((await decisions(embed)).length > 0, 'decisions on screen');
  clean(embed, 'embed');
  await embed.context().close();
});
