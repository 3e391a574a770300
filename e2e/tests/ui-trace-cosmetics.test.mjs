// The trace reads cleanly (issue 11, defect 12): one check mark per verdict, `Resource: *`
// spelled out, each named assumption once per step as a sentence (its id stays a data
// attribute), and no internal fact numbers (`F12`) in anything the trace shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, ready, stepsOnScreen, screenshot } from './playground-support.mjs';
import { encodeShare } from '../../www/src/ui/share.js';

const site = useSite();

async function openPreset(preset) {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}#preset=${preset}`);
  await ready(page);
  // the AWS catalogue re-renders the results when it arrives: open steps after that
  await page.waitForSelector('[data-testid="catalogue-status"][data-state="ready"]', { timeout: 20000 });
  return page;
}

async function openStep(page, index) {
  const step = page.locator(`[data-testid="step"][data-step-index="${index}"]`);
  await step.locator('summary').first().click();
  await step.locator('[data-testid="trace"]').first().waitFor();
  return step;
}

test('no doubled check marks, and a Resource "*" is spelled out', async () => {
  const page = await openPreset('lesson-explicit-deny-wins');
  const denied = (await stepsOnScreen(page)).find((s) => s.decision === 'explicitDeny');
  const step = await openStep(page, denied.index);
  const text = (await step.textContent()).replace(/\s+/g, ' ');
  assert.doesNotMatch(text, /✓\s*✓/, 'a doubled check mark');
  assert.doesNotMatch(text, /✗\s*✗/, 'a doubled cross');
  // AmazonS3FullAccess: "Action": "s3:*", "Resource": "*"
  const lines = await step.locator('.tline').evaluateAll((els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
  const star = lines.find((l) => /^Resource: \*/.test(l));
  assert.ok(star, lines.join('\n'));
  assert.match(star, /^Resource: \* \(every resource\) ✓ matches/, star);
  const code = step.locator('.tline code.m-yes', { hasText: /^\*$/ }).first();
  await code.scrollIntoViewIfNeeded();
  const box = await code.boundingBox();
  assert.ok(box.width >= 12, `the "*" is ${box.width}px wide`);
  await screenshot(page, 'ui-trace-cosmetics-star');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Ann signs in with MFA and assumes Deploy; Deploy's own policy allows s3:ListAllMyBuckets only
// with MFA, so that call reads the session's carried aws:MultiFactorAuthPresent (the mfa-carry
// reading). The hop itself reads Ann's own MFA, not the reading.
const doc = (statements) => ({ Version: '2012-10-17', Statement: statements });
const mfaWorld = `${JSON.stringify(
  {
    format: 'iam-playground/scenario@1',
    title: 'A role session carries MFA',
    accounts: [
      {
        id: '111111111111',
        users: [{ name: 'ann', inlinePolicies: [{ name: 'p', document: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]) }] }],
        roles: [
          {
            name: 'Deploy',
            trustPolicy: doc([{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }]),
            inlinePolicies: [{ name: 'p', document: doc([{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }]) }],
          },
        ],
      },
    ],
    steps: [
      { as: 'arn:aws:iam::111111111111:user/ann', mfa: true },
      { assumeRole: 'arn:aws:iam::111111111111:role/Deploy', expect: 'allowed' },
      { call: 's3:ListAllMyBuckets', expect: 'allowed' },
    ],
  },
  null,
  2,
)}\n`;

async function assumptionsOf(step) {
  return step.locator('[data-assumption-id]').evaluateAll((els) => els.map((e) => ({ id: e.dataset.assumptionId, text: e.textContent.replace(/\s+/g, ' ').trim() })));
}

test('the MFA reading is named once, as a sentence, only on the step whose decision read the MFA key', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain#s=${await encodeShare(mfaWorld, 'e2e')}`);
  await ready(page);
  await page.waitForSelector('[data-testid="catalogue-status"][data-state="ready"]', { timeout: 20000 });
  assert.deepEqual((await stepsOnScreen(page)).map((s) => s.decision), [null, 'allowed', 'allowed']);
  const hop = await openStep(page, 1);
  assert.deepEqual(await assumptionsOf(hop), [], 'the hop reads no carried MFA value');
  const call = await openStep(page, 2);
  const listed = await assumptionsOf(call);
  assert.equal(listed.length, 1, JSON.stringify(listed));
  assert.equal(listed[0].id, 'mfa-carry');
  assert.match(listed[0].text, /^assumption a role session has aws:MultiFactorAuthPresent = true when .* This session: true \(the calling user's session was MFA-authenticated\)/, listed[0].text);
  assert.doesNotMatch(listed[0].text, /mfa-carry/);
  await call.locator('[data-testid="step-assumption"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'ui-trace-cosmetics-assumption');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('no preset step shows the MFA reading where no MFA key decides, nor an internal reference', async () => {
  const page = await openPreset('01-dev-prod-readonly-mfa');
  for (const s of (await stepsOnScreen(page)).filter((x) => x.decision)) {
    const step = await openStep(page, s.index);
    assert.deepEqual(await assumptionsOf(step), [], `step ${s.index}`);
    const text = await step.textContent();
    assert.doesNotMatch(text, /\bF\d+\b(?!-)/, `step ${s.index} names an internal reference`);
    assert.doesNotMatch(text, /IAM spec/, `step ${s.index}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
