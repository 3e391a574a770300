// Issue 11's sharing, embedding, loading and navigation defects, each checked as a user sees
// it in headless Chromium: no stray "null" text, Markdown link text that survives any title,
// a damaged link that says what it shows, a neutral loading status, and a Back button that
// walks back through the presets and shared states chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, serve, newPage, ready, screenshot, repoRoot } from './playground-support.mjs';

const site = useSite();
const builtinTitle = JSON.parse(readFileSync(join(repoRoot, 'www', 'src', 'builtin-scenario.json'), 'utf8')).title;

/** Text nodes a user can read that say only "null", "undefined" or "false" (stray values). */
function strayTexts(target) {
  return target.evaluate(() => {
    const out = [];
    const visit = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = walker.currentNode; n; n = walker.nextNode()) {
        if (n.nodeType !== Node.TEXT_NODE) {
          if (n.shadowRoot) visit(n.shadowRoot);
          continue;
        }
        const parent = n.parentElement;
        if (parent && parent.closest('textarea, script, style, .cm-editor')) continue;
        if (/^(null|undefined|false)+$/.test(n.data.trim())) {
          out.push(`${JSON.stringify(n.data)} in <${parent ? parent.tagName.toLowerCase() : '#root'} class="${parent ? parent.className : ''}" data-testid="${parent ? parent.dataset.testid || '' : ''}">`);
        }
      }
    };
    visit(document.documentElement);
    return out;
  });
}

const titleOf = (page) => page.textContent('[data-testid="scenario-title"]').then((t) => t.trim());

test('no stray "null" text in the page, the Share and Embed panels, a toast or an expanded step', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain#preset=lesson-explicit-deny-wins`);
  await ready(page);
  assert.deepEqual(await strayTexts(page), [], 'the page');
  await page.click('[data-testid="share-button"]');
  await page.waitForSelector('[data-testid="share-url"]');
  assert.deepEqual(await strayTexts(page), [], 'the Share panel');
  await page.click('[data-testid="embed-button"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="share-url"]').value.startsWith('<iframe'));
  assert.deepEqual(await strayTexts(page), [], 'the Embed panel');
  // the snippet's address keeps the page's query and adds embed=1 to it (one "?")
  const src = new URL((await page.inputValue('[data-testid="share-url"]')).match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&'));
  assert.equal(src.searchParams.get('embed'), '1');
  assert.equal(src.searchParams.get('editor'), 'plain');
  assert.equal(src.hash, '#preset=lesson-explicit-deny-wins');
  await screenshot(page, 'ui-share-embed-panel');
  await page.locator('[data-testid="step"] summary').first().click();
  await page.waitForSelector('[data-testid="step"] details[open] .step-body');
  assert.deepEqual(await strayTexts(page), [], 'an expanded step');
  // a toast without an Undo button (work restored from this browser)
  await page.click('[data-testid="tab-world"]');
  await page.locator('details.card summary').first().click();
  await page.fill('input[data-field="title"]', 'My own work');
  await page.waitForTimeout(600);
  await page.goto('about:blank');
  await page.goto(`${site.server.url}?editor=plain`);
  await ready(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="toast"]').textContent.includes('Restored'));
  assert.deepEqual(await strayTexts(page), [], 'the toast');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an embed shows no stray "null" text, alone or in an <iam-playground> element', async () => {
  const page = await newPage(site.browser, { viewport: { width: 600, height: 400 } });
  await page.goto(`${site.server.url}?embed=1#preset=lesson-scp`);
  await ready(page);
  assert.deepEqual(await strayTexts(page), [], 'the embed');
  await screenshot(page, 'ui-share-embed-600x400');
  await page.context().close();

  const origin = site.server.url.replace('127.0.0.1', 'localhost');
  const host = await serve(undefined, {
    '/docs.html': { type: 'text/html', body: `<!doctype html><title>docs</title><h1>Training</h1><script src="${origin}site/embed.js"></script><iam-playground preset="lesson-scp" height="400"></iam-playground>` },
  });
  const hostPage = await newPage(site.browser);
  await hostPage.goto(`${host.url}docs.html`);
  let frame = null;
  for (let i = 0; i < 200 && !frame; i++) {
    frame = hostPage.frames().find((f) => f.url().startsWith(origin));
    if (!frame) await hostPage.waitForTimeout(100);
  }
  assert.ok(frame, 'the element made its iframe');
  await frame.waitForSelector('[data-testid="summary"]', { timeout: 20000 });
  assert.deepEqual(await strayTexts(hostPage), [], 'the host page');
  assert.deepEqual(await strayTexts(frame), [], 'the embedded playground');
  assert.deepEqual(hostPage.errors, []);
  await hostPage.context().close();
  await host.close();
});

test('"Copy as Markdown" escapes the title in the link text', async () => {
  const page = await newPage(site.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${site.server.url}?editor=plain#preset=lesson-explicit-deny-wins`);
  await ready(page);
  await page.click('[data-testid="tab-world"]');
  await page.locator('details.card summary').first().click();
  await page.fill('input[data-field="title"]', 'Deny *all* [prod] \\ _x_ `y` <b>');
  await page.waitForTimeout(300);
  await page.click('[data-testid="share-button"]');
  const link = await page.inputValue('[data-testid="share-url"]');
  await page.click('[data-testid="copy-markdown"]');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  const first = md.split('\n')[0];
  assert.equal(first, `[Deny \\*all\\* \\[prod\\] \\\\ \\_x\\_ \\\`y\\\` \\<b\\>](${link})`);
  await page.context().close();
});

test('a damaged share link says what it shows instead: the built-in example, or the saved work', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain#s=1.AAAA$$$not-base64`);
  await ready(page);
  const notice = await page.textContent('[data-testid="notice"]');
  assert.match(notice, /damaged/);
  assert.doesNotMatch(notice, /saved work/i, notice);
  assert.match(notice, /built-in example/, notice);
  assert.equal(await titleOf(page), builtinTitle);

  // with work saved in this browser, that work is what is shown, and the notice says so
  await page.click('[data-testid="tab-world"]');
  await page.locator('details.card summary').first().click();
  await page.fill('input[data-field="title"]', 'My saved work');
  await page.waitForTimeout(600);
  await page.goto('about:blank');
  await page.goto(`${site.server.url}?editor=plain#s=1.AAAA$$$not-base64`);
  await ready(page);
  const notice2 = await page.textContent('[data-testid="notice"]');
  assert.match(notice2, /saved in this browser/, notice2);
  assert.equal(await titleOf(page), 'My saved work');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('while the engine loads, the status is neutral, not the red error box', async () => {
  const page = await newPage(site.browser);
  let release;
  const gate = new Promise((r) => (release = r));
  await page.route('**/*.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(`${site.server.url}#preset=lesson-scp`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid="loading"]');
  await page.waitForTimeout(500); // the scenario has loaded and asked for a first run
  const loading = page.locator('[data-testid="loading"]');
  assert.equal(await loading.isVisible(), true);
  assert.match(await loading.textContent(), /Loading the evaluation engine/);
  assert.equal(await loading.getAttribute('role'), 'status');
  assert.equal(await page.locator('.notice-error:visible').count(), 0, 'no red box while loading');
  assert.equal(await page.locator('[data-testid="engine-failure"]').count(), 0);
  await screenshot(page, 'ui-share-loading');
  release();
  await ready(page);
  assert.equal(await page.locator('[data-testid="loading"]').count(), 0);
  assert.equal(await page.locator('.notice-error:visible').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Back and Forward walk through the presets chosen and the edited state; typing adds no entries', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain`);
  await ready(page);
  assert.equal(await titleOf(page), builtinTitle);
  const presets = await page.$$eval('[data-testid="preset-select"] option', (os) => os.filter((o) => o.value).map((o) => ({ id: o.value, title: o.textContent })));
  const [a, b] = presets;
  const choose = async (p) => {
    await page.selectOption('[data-testid="preset-select"]', p.id);
    await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent.trim() === t, p.title);
  };
  const waitTitle = (t) => page.waitForFunction((x) => document.querySelector('[data-testid="scenario-title"]')?.textContent.trim() === x, t, { timeout: 10000 });
  await choose(a);
  await choose(b);
  assert.match(page.url(), new RegExp(`#preset=${b.id}$`));
  // typing in an editor replaces the current entry (no entry per keystroke)
  const length = await page.evaluate(() => history.length);
  await page.click('[data-testid="tab-world"]');
  await page.locator('details.card summary').first().click();
  await page.locator('input[data-field="title"]').fill('');
  await page.locator('input[data-field="title"]').pressSequentially('Edited B', { delay: 30 });
  await page.waitForFunction(() => location.hash.startsWith('#s='), null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => history.length), length);

  await page.evaluate(() => history.back());
  await waitTitle(a.title);
  assert.equal(await page.inputValue('[data-testid="preset-select"]'), a.id);
  assert.match(page.url(), new RegExp(`#preset=${a.id}$`));
  await page.evaluate(() => history.back());
  await waitTitle(builtinTitle);
  await page.evaluate(() => history.forward());
  await waitTitle(a.title);
  await page.evaluate(() => history.forward());
  await waitTitle('Edited B');
  assert.match(page.url(), /#s=1\./);
  assert.equal(await page.locator('[data-testid="notice"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
