// Statement links in an embed (issue 11, defect 4): an embed has no editor, so a statement link
// in the trace shows the statement's text in a popover, and its title says so (not "Select this
// text in its editor").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, ready, screenshot, useSite } from './playground-support.mjs';

const site = useSite();

/** Open the explicit deny step and every part of its trace (the statement links are inside). */
async function openTrace(page) {
  const step = '[data-testid="step"][data-decision="explicitDeny"]';
  await page.click(`${step} details > summary`);
  await page.waitForSelector(`${step} [data-testid="trace-goto"]`, { state: 'attached' });
  await page.$$eval(`${step} details`, (els) => els.forEach((d) => (d.open = true)));
}

test('in an embed a statement link shows the statement text in a popover', async () => {
  const page = await newPage(site.browser, { viewport: { width: 600, height: 400 } });
  await page.goto(`${site.server.url}?embed=1#preset=lesson-explicit-deny-wins`);
  await ready(page);
  // open the first evaluated step: its trace has the statement links
  await openTrace(page);
  const link = page.locator('[data-testid="trace-goto"]:visible').first();
  await link.waitFor();
  const title = await link.getAttribute('title');
  assert.doesNotMatch(title, /editor/i, `the link's title promises an editor: ${title}`);
  assert.match(title, /statement/i, `the link's title says it shows the statement: ${title}`);
  const start = Number(await link.getAttribute('data-start'));
  const end = Number(await link.getAttribute('data-end'));
  assert.ok(end > start, 'the link names a span of text');
  await link.scrollIntoViewIfNeeded();
  const scrollBefore = await page.evaluate(() => window.scrollY);
  await link.click();
  const pop = page.locator('[data-testid="statement-popover"]');
  await pop.waitFor({ state: 'visible' });
  const text = await pop.locator('[data-testid="statement-text"]').textContent();
  assert.match(text, /"Effect"\s*:\s*"(Allow|Deny)"/, `the popover shows the statement's JSON: ${text}`);
  assert.match(text.trim(), /^\{[\s\S]*\}$/, 'the excerpt is the whole statement object');
  const box = await pop.boundingBox();
  assert.ok(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 600 && box.y + box.height <= 400, `the popover fits the 600×400 frame: ${JSON.stringify(box)}`);
  await screenshot(page, 'ui-editor-embed-statement-popover');
  // Escape closes it, and the page did not jump
  await page.keyboard.press('Escape');
  await pop.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => window.scrollY), scrollBefore);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('in the full playground a statement link still selects its text in the editor', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain#preset=lesson-explicit-deny-wins`);
  await ready(page);
  await openTrace(page);
  const link = page.locator('[data-testid="trace-goto"]:visible').first();
  await link.waitFor();
  assert.match(await link.getAttribute('title'), /editor/i);
  await link.click();
  const selected = await page.evaluate(() => {
    const a = document.activeElement;
    return a && a.tagName === 'TEXTAREA' ? a.value.slice(a.selectionStart, a.selectionEnd) : null;
  });
  assert.ok(selected && /"Effect"/.test(selected), `the statement is selected in its editor: ${selected}`);
  assert.equal(await page.locator('[data-testid="statement-popover"]').count(), 0, 'no popover outside embeds');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
