// The playground in a real headless Chromium against the built site (dist/): presets and
// their expectations, diagnostics at the right line, share links, damaged links, embed
// mode (also in a sandboxed cross-origin iframe), autosave and undo, a keyboard-only run,
// and screenshots of the main views (e2e/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, newPage, ready, stepsOnScreen, screenshot, presetIndex, distDir } from './playground-support.mjs';

let server;
let browser;
let presets;

before(async () => {
  server = await serve();
  browser = await launch();
  presets = await presetIndex();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const policyWithUnknownElement = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Efect": "Allow", "Action": "s3:GetObject", "Resource": "*" }
  ]
}`;

test('the site lists every conformance scenario and lesson as a preset', async () => {
  const ids = presets.map((p) => p.id);
  for (const id of ['01-dev-prod-readonly-mfa', '02-crossaccount-access-role-external-id', '03-security-readonly-role-usera-only', '04-s3-production-access-role-revoke', '05-lambda-role-cross-account-s3']) {
    assert.ok(ids.includes(id), `preset ${id} is missing`);
  }
  assert.ok(presets.some((p) => p.kind === 'lesson'), 'no lesson preset');
});

test('every preset loads and its decisions on screen equal its expectations', async () => {
  const page = await newPage(browser);
  const failures = [];
  for (const p of presets) {
    await page.goto(`${server.url}#preset=${p.id}`);
    await page.reload(); // hash-only navigation: make it a fresh load
    await ready(page);
    const title = await page.textContent('[data-testid="scenario-title"]');
    assert.equal(title.trim(), p.title, `${p.id}: title on screen`);
    const steps = await stepsOnScreen(page);
    assert.equal(steps.length, p.steps, `${p.id}: one row per step`);
    const expected = steps.filter((s) => s.expect);
    assert.ok(expected.length > 0, `${p.id}: has expectations`);
    for (const s of expected) {
      if (s.decision !== s.expect) failures.push(`${p.id} step ${s.index + 1}: expected ${s.expect}, screen shows ${s.decision || 'no decision'}`);
      else assert.equal(s.met, 'true', `${p.id} step ${s.index + 1}: marked as met`);
    }
    if (p.kind === 'lesson') assert.ok(await page.isVisible('[data-testid="description"] .markdown'), `${p.id}: lesson text shown`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

async function openRoleTrustPolicy(page, accountIndex, roleName) {
  await page.click('[data-testid="tab-world"]');
  const account = page.locator('[data-testid="account-card"]').nth(accountIndex);
  if (!(await account.evaluate((d) => d.open))) await account.locator('summary').first().click();
  const role = account.locator('[data-testid="role-card"]', { hasText: `Role ${roleName}` });
  if (!(await role.evaluate((d) => d.open))) await role.locator('summary').first().click();
  return role.locator('.policy-field', { hasText: 'Trust policy' });
}

test('editing a policy shows the engine diagnostic at the right line (plain editor)', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  const field = await openRoleTrustPolicy(page, 1, 'DevReadOnly-CrossAccount');
  const textarea = field.locator('textarea');
  await textarea.fill(policyWithUnknownElement);
  const diag = field.locator('[data-testid="diagnostics"] li.diag-error', { hasText: 'Efect' }).first();
  await diag.waitFor({ timeout: 5000 });
  assert.equal(await diag.getAttribute('data-line'), '4', await diag.textContent());
  assert.equal(await diag.getAttribute('data-column'), '7', await diag.textContent());
  // a JSON syntax error is shown at once, at its line
  await textarea.fill('{\n  "Version": "2012-10-17"\n  "Statement": []\n}');
  const syntax = field.locator('[data-testid="diagnostics"] li.diag-error').first();
  await syntax.waitFor();
  assert.equal(await syntax.getAttribute('data-line'), '3', await syntax.textContent());
  assert.equal(await textarea.getAttribute('aria-invalid'), 'true');
  await page.context().close();
});

test('editing a policy in CodeMirror underlines the diagnostic on the right line', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  await page.waitForSelector('.cm-editor', { state: 'attached', timeout: 10000 }).catch(() => {});
  const field = await openRoleTrustPolicy(page, 1, 'DevReadOnly-CrossAccount');
  await field.locator('.cm-content').waitFor();
  await field.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(policyWithUnknownElement);
  const range = field.locator('.cm-lintRange-error', { hasText: 'Efect' }).first();
  await range.waitFor({ timeout: 5000 });
  const line = await range.evaluate((el) => {
    const lineEl = el.closest('.cm-line');
    return [...lineEl.parentElement.children].filter((c) => c.classList.contains('cm-line')).indexOf(lineEl) + 1;
  });
  assert.equal(line, 4);
  assert.match(await range.textContent(), /Efect/);
  await screenshot(page, 'playground-diagnostic');
  await page.context().close();
});

test('clicking a statement in the trace selects its text in its editor', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  // the AWS catalogue's arrival evaluates again and redraws the results: let it land first
  await page.waitForSelector('[data-testid="catalogue-status"][data-state="ready"]', { timeout: 20000 });
  await page.locator('[data-testid="step"][data-step-index="1"] summary').first().click();
  const link = page.locator('[data-testid="step"][data-step-index="1"] .decisive-list [data-testid="trace-goto"][data-origin="$.accounts[0].groups[0].inlinePolicies[0].document"]').first();
  await link.click();
  const selected = await page.evaluate(() => {
    const el = document.activeElement;
    return el && el.tagName === 'TEXTAREA' ? el.value.slice(el.selectionStart, el.selectionEnd) : null;
  });
  assert.ok(selected, 'a policy editor has the focus with a selection');
  assert.match(selected, /^\{[\s\S]*"Effect": "Allow"[\s\S]*DevReadOnly-CrossAccount"[\s\S]*\}$/);
  await page.context().close();
});

test('the trace tree shows phases, the decisive statement and conditions with the request value', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  // step 2: allowed by the trust policy and the group's policy, both decisive
  const allowed = page.locator('[data-testid="step"][data-step-index="1"]');
  await allowed.locator('summary').first().click();
  await allowed.locator('[data-testid="trace-decisive"]').first().waitFor();
  assert.ok((await allowed.locator('[data-testid="trace-decisive"]').count()) >= 2);
  const phases = await allowed.locator('[data-testid="trace-phase"]').evaluateAll((els) => els.map((e) => e.dataset.phase));
  assert.deepEqual(phases.slice(0, 1), ['explicitDeny']);
  assert.ok(phases.includes('identityBased') && phases.includes('resourceBased'), phases.join(','));
  // step 9: MFA required by the trust policy, no MFA passed: the key is absent
  const denied = page.locator('[data-testid="step"][data-step-index="8"]');
  await denied.locator('summary').first().click();
  const cond = denied.locator('[data-testid="trace-condition"]', { hasText: 'aws:MultiFactorAuthPresent' }).first();
  await cond.waitFor();
  const text = await cond.textContent();
  assert.match(text, /Bool/);
  assert.match(text, /key absent/);
  assert.match(text, /true/);
  await page.context().close();
});

test('a share link round-trips the exact scenario, with the engine version stamped', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=02-crossaccount-access-role-external-id`);
  await ready(page);
  await page.click('[data-testid="tab-world"]');
  await page.locator('details.card summary').first().click();
  await page.fill('input[data-field="title"]', 'Shared — with ünïcode ✓ and "quotes"');
  await page.waitForTimeout(200);
  const before = await page.evaluate(() => window.iamPlaygroundUI.text);
  await page.click('[data-testid="share-button"]');
  const link = await page.inputValue('[data-testid="share-url"]');
  assert.match(link, /#s=1\.[A-Za-z0-9_-]+$/);
  const other = await newPage(browser);
  await other.goto(link);
  await ready(other);
  const after = await other.evaluate(() => window.iamPlaygroundUI.text);
  assert.equal(after, before);
  assert.equal((await other.textContent('[data-testid="scenario-title"]')).trim(), 'Shared — with ünïcode ✓ and "quotes"');
  // the payload carries the engine version
  const engine = await other.evaluate(async (l) => {
    const value = l.split('#s=')[1];
    const b64 = value.slice(2).replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '==='.slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
    const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
    return JSON.parse(text).engine;
  }, link);
  assert.equal(engine, await other.evaluate(() => window.iamPlayground.version));
  assert.deepEqual(other.errors, []);
  await page.context().close();
  await other.context().close();
});

test('the share panel copies a Markdown summary with the results', async () => {
  const page = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${server.url}#preset=lesson-explicit-deny-wins`);
  await ready(page);
  await page.click('[data-testid="share-button"]');
  const link = await page.inputValue('[data-testid="share-url"]');
  await page.click('[data-testid="copy-markdown"]');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(md.startsWith(`[Lesson: an explicit Deny wins over every Allow](${link})`), md.slice(0, 200));
  assert.match(md, /\| 3 \| s3:DeleteObject on arn:aws:s3:::example-audit-logs\/2026\/01\/01\/app.log \| Explicit deny \| Explicit deny ✓ \|/);
  await page.context().close();
});

test('a damaged, unknown-version or oversized link shows a clear message and the page still works', async () => {
  const cases = [
    ['#s=1.AAAA$$$not-base64', /damaged/],
    ['#s=1.q1YqzsgvSs1RslIqSS0uUaoFAA', /damaged/], // valid base64url, not a deflate stream of a scenario
    ['#s=7.AAAA', /version 7/],
    [`#s=1.${'A'.repeat(250000)}`, /too large/],
  ];
  for (const [hash, message] of cases) {
    const page = await newPage(browser);
    await page.goto(`${server.url}${hash}`);
    await ready(page);
    const notice = await page.textContent('[data-testid="notice"]');
    assert.match(notice, message, `${hash.slice(0, 30)}: ${notice}`);
    assert.ok((await stepsOnScreen(page)).length > 0, 'a scenario is still shown');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('embed mode renders compactly with an "Open in full playground" link', async () => {
  const page = await newPage(browser, { viewport: { width: 800, height: 480 } });
  await page.goto(`${server.url}?embed=1#preset=lesson-explicit-deny-wins`);
  await ready(page);
  assert.equal(await page.isVisible('[data-testid="panel-world"]'), false);
  const href = await page.getAttribute('[data-testid="open-full"]', 'href');
  assert.match(href, /#preset=lesson-explicit-deny-wins$/);
  assert.doesNotMatch(href, /embed=1/);
  assert.ok((await stepsOnScreen(page)).some((s) => s.decision));
  await screenshot(page, 'playground-embed');
  await page.context().close();
});

test('embed mode works in a sandboxed iframe on another origin with storage denied', async () => {
  // the host page is served from a different origin (a second server, localhost vs 127.0.0.1)
  const host = await serve(undefined, {
    '/host.html': {
      type: 'text/html',
      body: `<!doctype html><title>wiki</title><h1>Wiki page</h1><iframe id="f" src="${server.url.replace('127.0.0.1', 'localhost')}?embed=1#preset=01-dev-prod-readonly-mfa" sandbox="allow-scripts allow-same-origin allow-popups" width="900" height="600"></iframe>`,
    },
  });
  const page = await newPage(browser);
  await page.addInitScript(() => {
    if (window.top !== window) {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    }
  });
  await page.goto(`${host.url}host.html`);
  const frame = page.frameLocator('#f');
  await frame.locator('[data-ready="true"]').waitFor({ timeout: 20000 });
  await frame.locator('[data-testid="summary"]').waitFor();
  assert.ok(await frame.locator('[data-testid="step"]').count() > 5);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  await host.close();
});

test('the <iam-playground> element embeds a preset from another origin', async () => {
  const site = server.url.replace('127.0.0.1', 'localhost');
  const host = await serve(undefined, {
    '/docs.html': {
      type: 'text/html',
      body: `<!doctype html><title>docs</title><h1>Training</h1><script src="${site}site/embed.js"></script><iam-playground preset="lesson-scp" height="400" autoheight></iam-playground>`,
    },
  });
  const page = await newPage(browser);
  await page.goto(`${host.url}docs.html`);
  await page.waitForFunction(() => document.querySelector('iam-playground')?.shadowRoot?.querySelector('iframe'));
  const src = await page.evaluate(() => document.querySelector('iam-playground').shadowRoot.querySelector('iframe').src);
  assert.equal(src, `${site}?embed=1#preset=lesson-scp`);
  await page.waitForFunction((u) => true && u, site);
  let f = null;
  for (let i = 0; i < 100 && !f; i++) {
    f = page.frames().find((x) => x.url().startsWith(site));
    if (!f) await page.waitForTimeout(100);
  }
  await f.waitForSelector('[data-testid="summary"]', { timeout: 20000 });
  assert.ok((await f.$$('[data-testid="step"][data-decision]')).length > 3);
  // autoheight: the element follows the content's height
  await page.waitForFunction(() => document.querySelector('iam-playground').shadowRoot.querySelector('iframe').style.height !== '400px', null, { timeout: 5000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
  await host.close();
});

test('the Embed button gives an iframe snippet', async () => {
  const page = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${server.url}#preset=03-security-readonly-role-usera-only`);
  await ready(page);
  await page.click('[data-testid="embed-button"]');
  const snippet = await page.inputValue('[data-testid="share-url"]');
  assert.match(snippet, /^<iframe src="[^"]*\?embed=1#preset=03-security-readonly-role-usera-only" width="100%" height="480" loading="lazy" title="IAM playground: [^"]+"/);
  await page.context().close();
});

test('work is autosaved, restored on reload, and loading a preset over it can be undone', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  await page.click('[data-testid="tab-world"]');
  await page.locator('details.card summary').first().click();
  await page.fill('input[data-field="title"]', 'My edited scenario');
  // autosave is debounced: wait until it is written
  await page.waitForFunction(() => (localStorage.getItem('iam-playground:work') || '').includes('My edited scenario'));
  await page.goto(`${server.url}?editor=plain`);
  await ready(page);
  assert.equal((await page.textContent('[data-testid="scenario-title"]')).trim(), 'My edited scenario');
  await page.selectOption('[data-testid="preset-select"]', '04-s3-production-access-role-revoke');
  await page.waitForSelector('[data-testid="undo-load"]');
  assert.notEqual((await page.textContent('[data-testid="scenario-title"]')).trim(), 'My edited scenario');
  await page.click('[data-testid="undo-load"]');
  assert.equal((await page.textContent('[data-testid="scenario-title"]')).trim(), 'My edited scenario');
  await page.context().close();
});

test('the raw JSON view and the structured editor stay in sync both ways', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  await page.click('[data-testid="tab-json"]');
  const raw = page.locator('[data-testid="raw-editor"] textarea');
  const text = await raw.inputValue();
  await raw.fill(text.replace('"name": "Prod"', '"name": "Production"'));
  await page.click('[data-testid="tab-world"]');
  await page.waitForSelector('text=Account 123456789012 · Production');
  const card = page.locator('[data-testid="account-card"]').nth(1);
  await card.locator('summary').first().click();
  await card.locator('input[data-field="name"]').first().fill('Prod2');
  await page.click('[data-testid="tab-json"]');
  assert.match(await raw.inputValue(), /"name": "Prod2"/);
  await page.context().close();
});

test('a keyboard-only path picks a preset, runs it and opens a trace', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain`);
  await ready(page);
  // Tab to the preset chooser: it is the first control after the header links
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'preset-select'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.dataset?.testid || '');
  }
  assert.equal(focused, 'preset-select');
  const target = presets.find((p) => p.id === '02-crossaccount-access-role-external-id');
  const options = await page.$$eval('[data-testid="preset-select"] option', (os) => os.map((o) => o.value));
  const steps = options.indexOf(target.id) - Math.max(0, options.indexOf(await page.inputValue('[data-testid="preset-select"]')));
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent.trim() === t, target.title);
  await page.keyboard.press('Control+Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'results-title');
  // Tab to the first step that has a decision and open it with Enter
  // under load the results may still be rendering: wait for the steps before walking to them
  await page.waitForSelector('[data-testid="step"] details summary');
  let inStep = false;
  const passed = [];
  for (let i = 0; i < 25 && !inStep; i++) {
    await page.keyboard.press('Tab');
    inStep = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="step"]') && document.activeElement.tagName === 'SUMMARY');
    if (!inStep) passed.push(await page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.dataset?.testid || document.activeElement?.textContent?.trim().slice(0, 20) || ''}`));
  }
  assert.ok(inStep, `Tab never reached a step's summary; it passed ${passed.join(', ')}`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="step"] details[open] [data-testid="trace"], [data-testid="step"] details[open] .step-body');
  // from a result to its step in the editor
  await page.locator('[data-testid="step"] details[open] [data-testid="edit-step"]').first().focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-testid="step-card"]')?.open), true);
  await screenshot(page, 'playground-keyboard-trace');
  await page.context().close();
});

test('screenshots of the main views', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  await screenshot(page, 'playground-main');
  await page.locator('[data-testid="step"][data-step-index="1"] summary').click();
  await screenshot(page, 'playground-trace');
  await page.locator('[data-testid="step"][data-step-index="1"] [data-testid="trace-goto"]').first().click().catch(() => {});
  await screenshot(page, 'playground-world-editor');
  await page.click('[data-testid="tab-steps"]');
  await screenshot(page, 'playground-steps');
  await page.click('[data-testid="tab-json"]');
  await screenshot(page, 'playground-json');
  const dark = await newPage(browser, { colorScheme: 'dark' });
  await dark.goto(`${server.url}#preset=lesson-mfa-in-trust-policy`);
  await ready(dark);
  await dark.locator('[data-testid="step"] details').first().evaluate((d) => (d.open = true));
  await screenshot(dark, 'playground-dark-lesson');
  await dark.context().close();
  await page.context().close();
});

test('once loaded, the playground works offline (service worker)', async () => {
  // a copy of the site that serves the worker from its root, as index.html opts in to
  const dir = mkdtempSync(join(tmpdir(), 'iamp-offline-'));
  cpSync(distDir, dir, { recursive: true });
  cpSync(join(dir, 'site', 'sw.js'), join(dir, 'sw.js'));
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  if (!index.includes('iam-playground-service-worker')) {
    writeFileSync(join(dir, 'index.html'), index.replace('<head>', '<head><meta name="iam-playground-service-worker" content="sw.js">'));
  }
  const site = await serve(dir);
  const page = await newPage(browser);
  await page.goto(`${site.url}#preset=02-crossaccount-access-role-external-id`);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller || (window.iamPlaygroundUI.state.offline || {}).registered === true);
  // wait until the worker has cached what the page loaded before it took control (the wasm)
  await page.waitForFunction(
    async () => {
      for (const k of await caches.keys()) {
        const c = await caches.open(k);
        const reqs = await c.keys();
        if (reqs.some((r) => r.url.endsWith('.wasm')) && reqs.some((r) => r.url.includes('/site/main.js'))) return true;
      }
      return false;
    },
    null,
    { timeout: 20000, polling: 200 },
  );
  await page.context().setOffline(true);
  await page.reload();
  await ready(page);
  const steps = await stepsOnScreen(page);
  assert.ok(steps.filter((x) => x.decision).length > 3, 'decisions on screen while offline');
  await page.context().close();
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

test('export downloads the scenario JSON and import opens a file (undoably)', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=05-lambda-role-cross-account-s3`);
  await ready(page);
  const text = await page.evaluate(() => window.iamPlaygroundUI.text);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-button"]')]);
  assert.match(download.suggestedFilename(), /\.json$/);
  const saved = readFileSync(await download.path(), 'utf8');
  assert.equal(saved, text);
  const imported = JSON.parse(saved);
  imported.title = 'Imported copy';
  await page.click('[data-testid="tab-world"]'); // any edit makes the current work "unsaved"
  await page.locator('details.card summary').first().click();
  await page.fill('input[data-field="title"]', 'Work in progress');
  await page.setInputFiles('input[type="file"]', { name: 'copy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-title"]')?.textContent.trim() === 'Imported copy');
  await page.click('[data-testid="undo-load"]');
  assert.equal((await page.textContent('[data-testid="scenario-title"]')).trim(), 'Work in progress');
  await page.context().close();
});

test('every control has an accessible name', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}#preset=lesson-session-policy`);
  await ready(page);
  // open every card of the world and the steps so their fields are in the document
  for (const tab of ['world', 'steps']) {
    await page.click(`[data-testid="tab-${tab}"]`);
    for (let round = 0; round < 4; round++) {
      await page.$$eval(`#panel-${tab} details.card:not([open])`, (ds) => ds.forEach((d) => (d.open = true)));
      await page.waitForTimeout(50);
    }
  }
  await page.waitForSelector('.cm-content', { state: 'attached' });
  const unnamed = await page.evaluate(() => {
    const name = (el) => {
      if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return true;
      if (el.labels && el.labels.length) return true;
      if ((el.tagName === 'BUTTON' || el.tagName === 'SUMMARY' || el.tagName === 'A') && el.textContent.trim()) return true;
      return false;
    };
    const els = [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], [contenteditable=true]')].filter((e) => e.getAttribute('aria-hidden') !== 'true');
    return els.filter((e) => !name(e)).map((e) => e.outerHTML.slice(0, 120));
  });
  assert.deepEqual(unnamed, []);
  await page.context().close();
});

test('a broken scenario never breaks the page: JSON errors and odd shapes are reported', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=02-crossaccount-access-role-external-id`);
  await ready(page);
  await page.click('[data-testid="tab-json"]');
  const raw = page.locator('[data-testid="raw-editor"] textarea');
  await raw.fill('{\n  "format": "iam-playground/scenario@1",\n  "accounts": [1, 2],\n  "steps": "no"\n}');
  await page.waitForSelector('[data-testid="summary"].summary-invalid');
  await page.click('[data-testid="tab-world"]');
  await page.waitForSelector('[data-testid="structured-unavailable"]');
  await page.click('[data-testid="tab-json"]');
  await raw.fill('{ "format": ');
  const diag = page.locator('[data-testid="raw-editor"] [data-testid="diagnostics"] li.diag-error').first();
  await diag.waitFor();
  assert.equal(await diag.getAttribute('data-line'), '1');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('what-if: editing a policy shows which steps flipped', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?editor=plain#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  const field = await openRoleTrustPolicy(page, 1, 'DevReadOnlyAccesswithMFA');
  const textarea = field.locator('textarea');
  // drop the MFA condition: the AssumeRole without MFA (step 9) flips to allowed
  await textarea.fill((await textarea.inputValue()).replace(/,\s*"Condition": \{[\s\S]*?\}\s*\}\s*\}/, '}'));
  await page.waitForSelector('[data-testid="flips"]');
  const flipped = await page.$$eval('[data-testid="step"][data-was]', (els) => els.map((e) => [Number(e.dataset.stepIndex) + 1, e.dataset.was, e.dataset.decision]));
  assert.deepEqual(flipped[0], [9, 'implicitDeny', 'allowed']);
  await screenshot(page, 'playground-what-if');
  await page.context().close();
});

test('an unknown preset id says so and still shows a scenario', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}#preset=no-such-preset`);
  await ready(page);
  assert.match(await page.textContent('[data-testid="notice"]'), /no preset named “no-such-preset”/);
  assert.ok((await stepsOnScreen(page)).some((s) => s.decision));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
