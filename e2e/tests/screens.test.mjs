// The screenshot matrix of the playground (issue 11, "Tests"): the home page, a lesson, the
// diagram of a three-account chain, an embed at 600×400 and the test matrix, each at 1440×900
// and 390×844 in light and dark. Every screen is also checked for what a person would notice
// first: no sideways scrolling, no stray `null` or `undefined`, no page error, and the thing
// the screen is for (the steps' decisions, the lesson's text, the grid's cells).
// Screenshots: e2e/screenshots/screen-<name>-<width>-<scheme>.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, ready, screenshot } from './playground-support.mjs';

const site = useSite();

const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];
const SCHEMES = ['light', 'dark'];

/** Each size × scheme, as [label, viewport, scheme]. */
const COMBOS = SIZES.flatMap((v) => SCHEMES.map((s) => [`${v.width}-${s}`, v, s]));

/** What any screen must satisfy before its screenshot counts. */
async function assertClean(page, what) {
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(sideways <= 1, `${what}: the page scrolls sideways by ${sideways} px`);
  const text = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /\bnull\b|\bundefined\b|\[object Object\]/, `${what}: stray text`);
  assert.deepEqual(page.errors, [], `${what}: page errors`);
}

/** The decisions of the step rows as their badges say them. */
function decisions(page) {
  return page.$$eval('[data-testid="step"]', (els) => els.map((e) => e.dataset.decision || null));
}

/** The scheme the page really renders in (the body's computed background is dark or light). */
async function renderedScheme(page) {
  const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = rgb.match(/\d+/g).map(Number);
  return (r + g + b) / 3 < 128 ? 'dark' : 'light';
}

for (const [label, viewport, scheme] of COMBOS) {
  test(`home page at ${label}`, async () => {
    const page = await newPage(site.browser, { viewport, colorScheme: scheme });
    await page.goto(site.server.url);
    await ready(page);
    assert.equal(await renderedScheme(page), scheme);
    // the built-in example decides its steps on load
    // the built-in example decides its requests on load (its sign-in step has no decision)
    const ds = (await decisions(page)).slice(1);
    assert.ok(ds.length > 0 && ds.every((d) => ['allowed', 'implicitDeny', 'explicitDeny'].includes(d)), `every request decided: ${ds}`);
    await assertClean(page, `home ${label}`);
    await screenshot(page, `screen-home-${label}`);
    await page.context().close();
  });

  test(`a lesson at ${label}`, async () => {
    const page = await newPage(site.browser, { viewport, colorScheme: scheme });
    await page.goto(`${site.server.url}#preset=lesson-role-chaining`);
    await ready(page);
    const lesson = page.locator('[data-testid="description"]');
    assert.match(await lesson.locator('summary').textContent(), /Lesson/);
    assert.match(await lesson.textContent(), /role chaining/);
    // the lesson's expectations all hold
    assert.deepEqual(await decisions(page), [null, 'implicitDeny', 'allowed', 'error', 'allowed', 'allowed', 'implicitDeny']);
    assert.match(await page.locator('[data-testid="summary"]').textContent(), /^All 6 expectations met/);
    await assertClean(page, `lesson ${label}`);
    await screenshot(page, `screen-lesson-${label}`);
    await page.context().close();
  });

  test(`the diagram of a three-account chain at ${label}`, async () => {
    const page = await newPage(site.browser, { viewport, colorScheme: scheme });
    await page.goto(`${site.server.url}#preset=lesson-role-chaining`);
    await ready(page);
    await page.click('[data-testid="rtab-diagram"]');
    const panel = page.locator('[data-testid="diagram-panel"]');
    await panel.locator('svg[role="img"]').waitFor();
    // three accounts, and the chain of the lesson's last AssumeRole drawn over them
    const accounts = await panel.locator('.dg-account-title').allTextContents();
    for (const name of ['Identity', 'Tooling', 'Prod']) assert.ok(accounts.some((t) => t.includes(name)), `${name} in ${accounts}`);
    await panel.locator('[data-testid="diagram-step"][data-step-index="5"] button').click();
    const path = panel.locator('.dg-path[data-step-index="5"]');
    assert.equal(await path.first().getAttribute('data-decision'), 'allowed');
    assert.match(await panel.locator('[data-testid="diagram-step"][data-step-index="5"]').textContent(), /maria → DeployRole → ProdReadRole → s3:GetObject/);
    // the first hop's trust needs MFA, and its badge says so
    assert.ok((await panel.locator('.dg-badge').allTextContents()).some((t) => /MFA/.test(t)), 'an MFA badge');
    await assertClean(page, `diagram ${label}`);
    await screenshot(page, `screen-diagram-${label}`);
    await page.context().close();
  });

  test(`the test matrix at ${label}`, async () => {
    const page = await newPage(site.browser, { viewport, colorScheme: scheme });
    await page.goto(site.server.url);
    await ready(page);
    await page.click('[data-testid="rtab-matrix"]');
    const panel = page.locator('[data-testid="matrix-panel"]');
    await panel.locator('[data-testid="matrix-run"]').click();
    await panel.locator('[data-testid="matrix-cell"]').first().waitFor();
    const cells = await panel.locator('[data-testid="matrix-cell"]').evaluateAll((els) => els.map((e) => e.dataset.decision));
    assert.ok(cells.length >= 2 && cells.every((d) => ['allowed', 'implicitDeny', 'explicitDeny'].includes(d)), `cells: ${cells}`);
    await panel.scrollIntoViewIfNeeded();
    await assertClean(page, `matrix ${label}`);
    await screenshot(page, `screen-matrix-${label}`);
    await page.context().close();
  });
}

for (const scheme of SCHEMES) {
  test(`an embed at 600×400 in ${scheme}`, async () => {
    const page = await newPage(site.browser, { viewport: { width: 600, height: 400 }, colorScheme: scheme });
    await page.goto(`${site.server.url}?embed=1#preset=lesson-role-chaining`);
    await ready(page);
    assert.equal(await renderedScheme(page), scheme);
    assert.match(await page.locator('[data-testid="embed-title"]').textContent(), /role chaining across three accounts/);
    assert.deepEqual(await decisions(page), [null, 'implicitDeny', 'allowed', 'error', 'allowed', 'allowed', 'implicitDeny']);
    // a small embed offers the lesson as a toggle and a way to edit in place
    assert.match(await page.locator('body').innerText(), /Lesson/);
    assert.equal(await page.locator('[data-testid="embed-edit"]').textContent(), 'Edit here');
    await assertClean(page, `embed ${scheme}`);
    await screenshot(page, `screen-embed-600x400-${scheme}`);
    await page.context().close();
  });
}
