// Ctrl/Cmd+Enter is "run now" (issue 11, defect 3): pressed in an editor (CodeMirror and the
// plain text area), it evaluates again without typing a line break, without marking the lesson
// changed, without rewriting the URL and without moving the keyboard focus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, ready, screenshot, useSite } from './playground-support.mjs';

const site = useSite();
const LESSON = 'lesson-explicit-deny-wins';

/** Press Ctrl+Enter in the JSON tab's editor (`inside` is the element that takes the focus). */
async function runKeyIn(page, inside) {
  await page.click('[data-testid="tab-json"]');
  await page.waitForSelector(inside);
  await page.click(inside);
  await page.keyboard.press('End');
  const before = await page.evaluate(() => ({ text: window.iamPlaygroundUI.text, url: location.href, runs: window.iamPlaygroundUI.metrics.renders.length }));
  await page.keyboard.press('Control+Enter');
  // a new evaluation is drawn (the run), then wait past the URL's and the lesson banner's debounce
  await page.waitForFunction((n) => window.iamPlaygroundUI.metrics.renders.length > n, before.runs);
  await page.waitForTimeout(1300);
  const after = await page.evaluate(
    (sel) => ({
      text: window.iamPlaygroundUI.text,
      url: location.href,
      dirty: window.iamPlaygroundUI.state.dirty,
      focusInEditor: !!document.activeElement && !!document.activeElement.closest(sel),
      changedBanner: !!document.querySelector('[data-testid="reset-preset"]'),
    }),
    '[data-testid="raw-editor"]',
  );
  return { before, after };
}

test('Ctrl+Enter in the CodeMirror editor runs now and changes neither the text, the URL nor the focus', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}#preset=${LESSON}`);
  await ready(page);
  await page.waitForSelector('[data-testid="raw-editor"][data-mode="code"]', { state: 'attached' });
  const { before, after } = await runKeyIn(page, '[data-testid="raw-editor"] .cm-content');
  assert.equal(after.text, before.text, 'the scenario text is unchanged (no blank line)');
  assert.equal(after.url, before.url, 'the URL is unchanged');
  assert.equal(after.dirty, false, 'the lesson is not marked changed');
  assert.equal(after.changedBanner, false, 'no "You changed this lesson" banner');
  assert.equal(after.focusInEditor, true, 'the focus stays in the editor');
  await screenshot(page, 'ui-editor-run-key-code');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Ctrl+Enter in the plain text editor runs now and changes neither the text, the URL nor the focus', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain#preset=${LESSON}`);
  await ready(page);
  const { before, after } = await runKeyIn(page, '[data-testid="raw-editor"] textarea');
  assert.equal(after.text, before.text, 'the scenario text is unchanged (no line break)');
  assert.equal(after.url, before.url, 'the URL is unchanged');
  assert.equal(after.dirty, false, 'the lesson is not marked changed');
  assert.equal(after.changedBanner, false, 'no "You changed this lesson" banner');
  assert.equal(after.focusInEditor, true, 'the focus stays in the editor');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
