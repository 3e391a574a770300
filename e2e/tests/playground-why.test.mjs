// One line of "why" on every step row, without opening it (issue 11, "what the page must
// add", item 2): who was calling, and what decided — the statements that allowed or denied, or
// for an implicit deny the closest Allow statement and what in it failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, ready, screenshot } from './playground-support.mjs';

const site = useSite();

async function whyOf(page, index) {
  const line = page.locator(`[data-testid="step"][data-step-index="${index}"] [data-testid="step-why"]`);
  await line.waitFor({ timeout: 10000 });
  return (await line.textContent()).trim();
}

test('every decided step says who called and why, without being opened', async () => {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await ready(page);
  // the built-in example: alice assumes ReportsReader, reads a report, may not delete it
  assert.equal(await whyOf(page, 1), 'as user alice · Allowed by the trust policy of ReportsReader (statement 1)');
  assert.equal(await whyOf(page, 2), 'as role session ReportsReader/alice · Allowed by ReadReports of ReportsReader (statement 1)');
  await page.waitForFunction(() => /Closest/.test(document.querySelector('[data-testid="step"][data-step-index="3"] [data-testid="step-why"]')?.textContent || ''), null, { timeout: 10000 });
  assert.equal(
    await whyOf(page, 3),
    'as role session ReportsReader/alice · Closest in the identity-based policies: Allow ReadReports (statement 1): Action s3:GetObject, s3:ListBucket does not match s3:DeleteObject',
  );
  // the row was not opened to say it
  assert.equal(await page.locator('[data-testid="step"][data-step-index="3"] details').first().evaluate((d) => d.open), false);
  await screenshot(page, 'why-lines');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an explicit deny names the Deny statement; a condition that failed is named with the request value', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}#preset=lesson-explicit-deny-wins`);
  await ready(page);
  const rows = await page.locator('[data-testid="step"][data-decision="explicitDeny"] [data-testid="step-why"]').allTextContents();
  assert.ok(rows.length > 0, 'the lesson has an explicit deny');
  for (const r of rows) assert.match(r, /· Denied by .+/, r);
  await page.goto(`${site.server.url}#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  const denied = page.locator('[data-testid="step"][data-decision="implicitDeny"] [data-testid="step-why"]').first();
  await page.waitForFunction(() => /Closest|Nothing in/.test(document.querySelector('[data-testid="step"][data-decision="implicitDeny"] [data-testid="step-why"]')?.textContent || ''), null, { timeout: 10000 });
  const text = (await denied.textContent()).trim();
  assert.match(text, /^as (user|role session) \S+ · (Closest in .+: Allow .+: .+|Nothing in .+ allows .+)$/, text);
  assert.doesNotMatch(text, /undefined|null|\[object/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
