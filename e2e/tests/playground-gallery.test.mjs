// The preset gallery (every lesson and walk-through with its one-line summary, the built-in
// example first) and the first-run hint "click a step to see why" (issue 11, "what the page
// must add", item 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, ready, screenshot } from './playground-support.mjs';

const site = useSite();

test('the gallery lists every preset with its summary and opens the one chosen', async () => {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await ready(page);
  await page.click('[data-testid="gallery-button"]');
  const gallery = page.locator('[data-testid="gallery"]');
  await gallery.locator('[data-testid="gallery-card"]').first().waitFor();
  const cards = await gallery.locator('[data-testid="gallery-card"]').evaluateAll((els) => els.map((e) => [e.dataset.presetId, e.querySelector('.gallery-title')?.textContent, e.querySelector('.gallery-summary')?.textContent || '']));
  const index = await page.evaluate(() => fetch('site/presets/index.json').then((r) => r.json()));
  assert.equal(cards.length, index.length + 1, 'every preset and the built-in example');
  assert.deepEqual(cards[0], ['builtin', 'Alice assumes a read-only role', 'A user assumes a read-only role: she may read a report but not delete it.']);
  for (const [id, title, summary] of cards) {
    assert.ok(title && title.trim(), `${id} has a title`);
    assert.ok(summary.trim().length > 10, `${id} has a summary: "${summary}"`);
    assert.doesNotMatch(`${title} ${summary}`, /\bnull\b|undefined/);
  }
  await screenshot(page, 'gallery');
  await gallery.locator('[data-testid="gallery-card"][data-preset-id="lesson-explicit-deny-wins"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="preset-select"]')?.value === 'lesson-explicit-deny-wins');
  assert.equal(await gallery.evaluate((d) => d.open), false, 'the gallery closed');
  await page.waitForSelector('[data-testid="step"][data-decision="explicitDeny"]');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a first visit shows "click a step to see why" until a step is opened, and not again', async () => {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await ready(page);
  const hint = page.locator('[data-testid="first-hint"]');
  await hint.waitFor();
  assert.match(await hint.textContent(), /^Click a step to see why it was allowed or denied/);
  await page.locator('[data-testid="step"][data-step-index="2"] summary').first().click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="first-hint"]'));
  await page.reload();
  await ready(page);
  await page.waitForSelector('[data-testid="step"][data-decision]');
  assert.equal(await page.locator('[data-testid="first-hint"]').count(), 0, 'remembered');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
