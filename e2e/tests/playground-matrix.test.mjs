// The quick-test matrix (issue 11, "a quick-test matrix for security engineers"): one
// principal × many actions × many resources decided at once on the world the page holds, as a
// grid whose cells open their traces. Screenshots: e2e/screenshots/matrix-*.png (1440×900 and
// 390×844, light and dark).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, ready, screenshot } from './playground-support.mjs';

const site = useSite();

const OBJECT = 'arn:aws:s3:::example-reports/2026/q1.csv';
const BUCKET = 'arn:aws:s3:::example-reports';

/** The built-in example's matrix with three actions and two resources, decided. */
async function decidedMatrix(page) {
  await page.goto(site.server.url);
  await ready(page);
  await page.click('[data-testid="rtab-matrix"]');
  const panel = page.locator('[data-testid="matrix-panel"]');
  await panel.waitFor();
  return panel;
}

async function cells(panel) {
  return panel.locator('[data-testid="matrix-cell"]').evaluateAll((els) => els.map((e) => [e.dataset.action, e.dataset.resource, e.dataset.decision, e.textContent.trim()]));
}

test('the matrix decides every action on every resource as the session the scenario builds, and a cell opens its trace', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  const panel = await decidedMatrix(page);
  // by default: who the scenario's calls run as (after its AssumeRole step), and its calls
  const principal = panel.locator('[data-testid="matrix-principal"]');
  assert.match(await principal.locator('option:checked').textContent(), /^after step 2: .*ReportsReader/);
  assert.deepEqual((await panel.locator('[data-testid="matrix-actions"]').inputValue()).split('\n'), ['s3:GetObject', 's3:DeleteObject']);
  assert.equal(await panel.locator('[data-testid="matrix-resources"]').inputValue(), OBJECT);
  await panel.locator('[data-testid="matrix-actions"]').fill('s3:GetObject\ns3:DeleteObject\ns3:ListBucket');
  await panel.locator('[data-testid="matrix-resources"]').fill(`${OBJECT}\n${BUCKET}`);
  await panel.locator('[data-testid="matrix-run"]').click();
  await panel.locator('[data-testid="matrix-cell"]').first().waitFor();
  // ReadReports allows s3:GetObject and s3:ListBucket on the bucket and its objects, nothing else
  assert.deepEqual(await cells(panel), [
    ['s3:GetObject', OBJECT, 'allowed', 'Allowed'],
    ['s3:GetObject', BUCKET, 'allowed', 'Allowed'],
    ['s3:DeleteObject', OBJECT, 'implicitDeny', 'Implicit deny'],
    ['s3:DeleteObject', BUCKET, 'implicitDeny', 'Implicit deny'],
    ['s3:ListBucket', OBJECT, 'allowed', 'Allowed'],
    ['s3:ListBucket', BUCKET, 'allowed', 'Allowed'],
  ]);
  assert.match(await panel.locator('[data-testid="matrix-status"]').textContent(), /^6 requests as .* in \d+ ms: 4 allowed, 2 implicit deny\. Click a cell for its trace\.$/);
  // the allowed cells name the statement that allowed them
  assert.match(await panel.locator('[data-testid="matrix-cell"]').first().getAttribute('title'), /decided by .*ReadReports/);
  // a cell opens its trace
  await panel.locator(`[data-testid="matrix-cell"][data-action="s3:DeleteObject"][data-resource="${OBJECT}"]`).click();
  const detail = panel.locator('[data-testid="matrix-detail"]');
  await detail.locator('[data-testid="trace-phase"]').first().waitFor({ timeout: 10000 });
  const text = await detail.textContent();
  assert.match(text, /s3:DeleteObject on arn:aws:s3:::example-reports\/2026\/q1\.csv Implicit deny/);
  assert.match(text, /no identity-based policy allows the s3:DeleteObject action/);
  assert.doesNotMatch(text, /\bnull\b|undefined/);
  await screenshot(page, 'matrix-1440-light');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the matrix runs as any user of the world, and refuses an empty axis with a reason', async () => {
  const page = await newPage(site.browser, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  const panel = await decidedMatrix(page);
  await panel.locator('[data-testid="matrix-principal"]').selectOption('arn:aws:iam::111111111111:user/alice');
  await panel.locator('[data-testid="matrix-run"]').click();
  await panel.locator('[data-testid="matrix-cell"]').first().waitFor();
  // alice herself has no S3 permission: only her role does
  assert.deepEqual(
    (await cells(panel)).map((c) => c[2]),
    ['implicitDeny', 'implicitDeny'],
  );
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at phone width');
  await screenshot(page, 'matrix-390-dark');
  await panel.locator('[data-testid="matrix-resources"]').fill('');
  await panel.locator('[data-testid="matrix-run"]').click();
  assert.equal(await panel.locator('[data-testid="matrix-status"]').textContent(), 'List at least one action and one resource, one per line.');
  assert.equal(await panel.locator('[data-testid="matrix-cell"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
