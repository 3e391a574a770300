// A bare IAM policy where a scenario is expected (issue 11, "what the page must add", item 6):
// imported with the Import button or pasted into the JSON tab, it is offered to be wrapped into
// a scenario (as a user's policy, a role's trust policy or a bucket policy) instead of failing
// with "unknown field `Version`".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, ready, screenshot, stepsOnScreen } from './playground-support.mjs';

const site = useSite();

const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' }],
};

test('an imported policy is offered to be wrapped, and wrapped as a user policy it runs', async () => {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await ready(page);
  const title = await page.textContent('[data-testid="about"]');
  await page.setInputFiles('[data-testid="import-input"]', { name: 'policy.json', mimeType: 'application/json', buffer: Buffer.from(`\uFEFF${JSON.stringify(POLICY, null, 2)}`) });
  const offer = page.locator('[data-testid="wrap-offer"]');
  await offer.waitFor();
  assert.match(await offer.textContent(), /This is an IAM policy, not a scenario/);
  // nothing was replaced yet
  assert.equal(await page.textContent('[data-testid="about"]'), title);
  await screenshot(page, 'bare-policy-offer');
  await offer.locator('[data-testid="wrap-identity"]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="wrap-offer"]'));
  await page.waitForFunction(() => document.querySelector('[data-testid="step"][data-step-index="1"]')?.dataset.decision === 'allowed', null, { timeout: 10000 });
  const steps = await stepsOnScreen(page);
  assert.deepEqual(steps.map((s) => [s.kind, s.decision]), [['as', null], ['call', 'allowed']]);
  assert.match(await page.textContent('[data-testid="step"][data-step-index="1"]'), /s3:GetObject on arn:aws:s3:::example-reports\/example/);
  assert.doesNotMatch(await page.textContent('[data-testid="results"]'), /unknown field/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a policy pasted into the JSON tab is offered to be wrapped as a trust policy or a bucket policy', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain`);
  await ready(page);
  await page.click('[data-testid="tab-json"]');
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 'sts:AssumeRole' }] };
  await page.locator('[data-testid="panel-json"] textarea').fill(JSON.stringify(trust, null, 2));
  const offer = page.locator('[data-testid="wrap-offer"]');
  await offer.waitFor();
  await offer.locator('[data-testid="wrap-trust"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="step"][data-step-index="1"]')?.dataset.decision === 'allowed', null, { timeout: 10000 });
  assert.equal((await stepsOnScreen(page))[1].kind, 'assumeRole');

  await page.click('[data-testid="tab-json"]');
  await page.locator('[data-testid="panel-json"] textarea').fill(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::public-site/*' }] }));
  await offer.waitFor();
  await offer.locator('[data-testid="wrap-bucket"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="step"][data-step-index="1"]')?.dataset.decision === 'allowed', null, { timeout: 10000 });
  assert.match(await page.textContent('[data-testid="step"][data-step-index="1"]'), /s3:GetObject on arn:aws:s3:::public-site\/example/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
