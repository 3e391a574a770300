// The what-if baseline belongs to one scenario (issue 11, defect 8): loading another preset,
// importing a file or pasting a whole new scenario over the JSON pins a new baseline, so no
// "N steps changed decision since the scenario was opened" compares against the old scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newPage, ready, screenshot, distDir, useSite } from './playground-support.mjs';

const site = useSite();
const FIRST = '01-dev-prod-readonly-mfa';
const OTHER = 'lesson-explicit-deny-wins';

const presetFile = (id) => readFile(join(distDir, 'site', 'presets', `${id}.json`), 'utf8');

/** Open the first preset with the plain editors and edit it in the JSON tab so a step flips. */
async function openAndFlip(page) {
  await page.goto(`${site.server.url}?editor=plain#preset=${FIRST}`);
  await ready(page);
  await page.waitForFunction(() => window.iamPlaygroundUI.state.engineMode === 'worker', null, { timeout: 20000 });
  await page.click('[data-testid="tab-json"]');
  await page.$eval('[data-testid="raw-editor"] textarea', (ta) => {
    ta.focus();
    ta.value = ta.value.replace('"call": "s3:ListAllMyBuckets"', '"call": "iam:CreateUser"');
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
  });
  await page.waitForSelector('[data-testid="flips"]');
}

/** After the other scenario is on screen and evaluated: no flips against the first one. */
async function assertNoStaleFlips(page, title) {
  await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent === t, title);
  await page.waitForFunction((t) => window.iamPlaygroundUI.state.reportText === window.iamPlaygroundUI.text, null);
  await page.waitForTimeout(400);
  assert.equal(await page.locator('[data-testid="flips"]').count(), 0, 'no "steps changed decision" comparison against the previous scenario');
  const baseline = await page.evaluate(() => window.iamPlaygroundUI.state.baselineText === window.iamPlaygroundUI.text);
  assert.equal(baseline, true, 'the baseline is the new scenario');
  await page.click('[data-testid="rtab-whatif"]');
  await page.waitForSelector('[data-testid="whatif-unchanged"]');
  assert.match(await page.textContent('[data-testid="baseline-status"]'), /nothing changed since/);
}

test('loading another preset pins a new what-if baseline', async () => {
  const page = await newPage(site.browser);
  await openAndFlip(page);
  await page.selectOption('[data-testid="preset-select"]', OTHER);
  await assertNoStaleFlips(page, JSON.parse(await presetFile(OTHER)).title);
  await screenshot(page, 'ui-editor-baseline-preset');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('loading another preset while an evaluation is in flight pins a new what-if baseline', async () => {
  const page = await newPage(site.browser);
  await openAndFlip(page);
  // the old scenario's evaluation is still running in the worker when the other one loads
  await page.evaluate(() => window.iamPlaygroundUI.runNow());
  await page.selectOption('[data-testid="preset-select"]', OTHER);
  await assertNoStaleFlips(page, JSON.parse(await presetFile(OTHER)).title);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('importing a scenario file pins a new what-if baseline', async () => {
  const page = await newPage(site.browser);
  await openAndFlip(page);
  const text = await presetFile(OTHER);
  await page.setInputFiles('input[type=file][accept=".json,application/json"]', { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await assertNoStaleFlips(page, JSON.parse(text).title);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('pasting a whole new scenario over the JSON pins a new what-if baseline', async () => {
  const page = await newPage(site.browser);
  await openAndFlip(page);
  const text = await presetFile(OTHER);
  await page.focus('[data-testid="raw-editor"] textarea');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await assertNoStaleFlips(page, JSON.parse(text).title);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an edit after the paste is compared with the pasted scenario', async () => {
  const page = await newPage(site.browser);
  await openAndFlip(page);
  const text = await presetFile(FIRST);
  await page.focus('[data-testid="raw-editor"] textarea');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await page.waitForFunction(() => window.iamPlaygroundUI.state.reportText === window.iamPlaygroundUI.text);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('[data-testid="flips"]').count(), 0);
  // the same edit as before flips the same step again, now against the pasted text
  await page.$eval('[data-testid="raw-editor"] textarea', (ta) => {
    ta.value = ta.value.replace('"call": "s3:ListAllMyBuckets"', '"call": "iam:CreateUser"');
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
  });
  await page.waitForSelector('[data-testid="flips"][data-count="1"]');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('pasting a whole new scenario into the CodeMirror editor pins a new what-if baseline', async () => {
  const page = await newPage(site.browser);
  await openAndFlip(page);
  // back to CodeMirror (the setting is kept in this browser context only)
  await page.click('[data-testid="plain-toggle"]');
  await page.waitForSelector('[data-testid="raw-editor"][data-mode="code"] .cm-content');
  const text = await presetFile(OTHER);
  await page.click('[data-testid="raw-editor"] .cm-content');
  await page.keyboard.press('Control+A');
  await page.$eval('[data-testid="raw-editor"] .cm-content', (el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await assertNoStaleFlips(page, JSON.parse(text).title);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('typing a whole new scenario over everything selected in CodeMirror pins a new what-if baseline', async () => {
  const page = await newPage(site.browser);
  await openAndFlip(page);
  await page.click('[data-testid="plain-toggle"]');
  await page.waitForSelector('[data-testid="raw-editor"][data-mode="code"] .cm-content');
  const text = await presetFile(OTHER);
  await page.click('[data-testid="raw-editor"] .cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await assertNoStaleFlips(page, JSON.parse(text).title);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
