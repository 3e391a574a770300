// No sideways page scroll (issue 11, defect 5): at phone width (390×844) and on the desktop
// (1440×900), every preset, with its lesson text open and every step's trace open, fits the
// window's width (long URLs and ARNs wrap), and the results pane does not overflow its box.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newPage, ready, screenshot, presetIndex, distDir, useSite } from './playground-support.mjs';

const site = useSite();

async function openEverything(page) {
  await page.$$eval('[data-testid="description"]', (els) => els.forEach((d) => (d.open = true)));
  await page.$$eval('[data-testid="step"] details', (els) => els.forEach((d) => (d.open = true)));
  // traces load from the worker on opening: wait until each opened step has drawn one
  // (the step rows' own details only: a trace's nested sections never hold a whole trace)
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="step"] > details[open]')].every((d) => d.querySelector('[data-testid="trace"], .iam-trace, .raw-trace')), null, { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(100);
}

function widths(page) {
  return page.evaluate(() => {
    const pane = document.querySelector('.results-pane');
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed' && e.getClientRects().length)
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, pane: pane ? pane.scrollWidth - pane.clientWidth : 0, wide };
  });
}

for (const [w, hgt] of [
  [390, 844],
  [1440, 900],
]) {
  test(`no horizontal page scroll at ${w}×${hgt} for every preset`, async () => {
    const presets = await presetIndex();
    assert.ok(presets.length > 5);
    const page = await newPage(site.browser, { viewport: { width: w, height: hgt } });
    const failures = [];
    for (const p of presets) {
      await page.goto(`${site.server.url}?editor=plain#preset=${p.id}`);
      await ready(page);
      await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent === t, p.title);
      await openEverything(page);
      const m = await widths(page);
      if (m.scroll > m.inner) failures.push(`${p.id}: page ${m.scroll} > ${m.inner} (${m.wide.join(', ')})`);
      if (m.pane > 1) failures.push(`${p.id}: the results pane overflows by ${m.pane}px`);
      if (p.kind === 'lesson' && p.id === presets.find((x) => x.kind === 'lesson').id) await screenshot(page, `ui-editor-overflow-${w}`);
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

// a lesson whose text cites AWS pages by bare URL and by a long code span, and a step on a
// long object key: all of it wraps
const LONG_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html';
async function longWordsScenario() {
  const s = JSON.parse(await readFile(join(distDir, 'site', 'presets', 'lesson-explicit-deny-wins.json'), 'utf8'));
  s.title = `${s.title} (${'VeryLongUnbrokenTitleWord'.repeat(4)})`;
  s.description = `${s.description}\n\nRead ${LONG_URL} and [Policy evaluation logic](${LONG_URL}).\n\n- \`arn:aws:s3:::example-audit-logs/${'a-very-long-prefix/'.repeat(8)}object.log\``;
  return JSON.stringify(s, null, 2);
}

for (const [w, hgt] of [
  [390, 844],
  [1440, 900],
]) {
  test(`long URLs and ARNs in a lesson wrap at ${w}×${hgt}`, async () => {
    const page = await newPage(site.browser, { viewport: { width: w, height: hgt } });
    await page.goto(`${site.server.url}?editor=plain`);
    await ready(page);
    const text = await longWordsScenario();
    await page.setInputFiles('input[type=file][accept=".json,application/json"]', { name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent === t, JSON.parse(text).title);
    await openEverything(page);
    const m = await widths(page);
    await screenshot(page, `ui-editor-overflow-long-${w}`);
    assert.ok(m.scroll <= m.inner, `the page scrolls sideways: ${m.scroll} > ${m.inner} (${m.wide.join(', ')})`);
    assert.ok(m.pane <= 1, `the results pane overflows by ${m.pane}px`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
