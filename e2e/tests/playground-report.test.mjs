// The report fields the results panel explains (docs/scenario-trace.md, docs/trace.md), in a
// real headless Chromium against the built site (dist/): steps of an invalid scenario that were
// not evaluated (`notEvaluated`, with the reason and a link to the broken document), steps the
// engine could not evaluate (`CannotEvaluate`, a failure even without an expectation), the
// compact pattern lists of the evaluator's trace (`patternsTried`), and named assumptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, ready, stepsOnScreen, useSite } from './playground-support.mjs';
import { encodeShare } from '../../www/src/ui/share.js';

const site = useSite();

const doc = (statements) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function scenario(title, users, steps) {
  return `${JSON.stringify({ format: 'iam-playground/scenario@1', title, accounts: [{ id: '111111111111', users }], steps }, null, 2)}\n`;
}

/** Open `text` through a share link (the exact text), in the plain editors. */
async function openScenario(text) {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain#s=${await encodeShare(text, 'e2e')}`);
  await ready(page);
  return page;
}

// A user whose only policy has `Efect` for `Effect`: the scenario is invalid, but its errors are
// all inside a policy document, so the steps that do not depend on it still run (scenario-trace.md).
const brokenPolicyScenario = scenario(
  'A broken policy leaves the steps that depend on it not evaluated',
  [
    { name: 'good', inlinePolicies: [{ name: 'ok', document: doc([{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }]) }] },
    { name: 'bad', inlinePolicies: [{ name: 'broken', document: doc([{ Efect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }]) }] },
  ],
  [
    { as: 'arn:aws:iam::111111111111:user/good' },
    { call: 's3:ListAllMyBuckets', expect: 'allowed' },
    { as: 'arn:aws:iam::111111111111:user/bad' },
    { call: 's3:ListAllMyBuckets', expect: 'allowed' },
  ],
);

test('a scenario with a broken policy shows the steps that depend on it as not evaluated, with the reason and a link to the error', async () => {
  const page = await openScenario(brokenPolicyScenario);
  const summary = page.locator('[data-testid="summary"]');
  assert.ok(await summary.evaluate((e) => e.classList.contains('summary-invalid')));
  assert.match(await summary.textContent(), /The scenario has errors: 1 step not evaluated\. Of the steps evaluated: 1 met\./);

  const steps = await stepsOnScreen(page);
  assert.equal(steps.length, 4);
  // the good user's call ran and met its expectation
  assert.deepEqual({ decision: steps[1].decision, met: steps[1].met }, { decision: 'allowed', met: 'true' });
  // the bad user's call did not run: no decision, no verdict on its expectation, not an error
  const step = page.locator('[data-testid="step"][data-step-index="3"]');
  assert.equal(await step.getAttribute('data-not-evaluated'), 'true');
  assert.equal(await step.getAttribute('data-decision'), null);
  assert.equal(await step.getAttribute('data-met'), null);
  assert.equal(await step.locator('[data-testid="decision"]').count(), 0);
  assert.equal((await step.locator('[data-testid="not-evaluated"]').textContent()).trim(), 'Not evaluated');
  assert.match(await step.locator('[data-testid="expectation"]').textContent(), /expects Allowed \(not counted\)/);
  const reason = step.locator('[data-testid="not-evaluated-reason"]');
  assert.ok(await reason.isVisible(), 'the reason is shown without opening the step');
  assert.match(await reason.textContent(), /depends on the policy document at \$\.accounts\[0\]\.users\[1\]\.inlinePolicies\[0\]\.document \(broken\), which has errors/);
  assert.equal(await page.locator('[data-testid="step"][data-not-evaluated]').count(), 1, 'only the step that uses the broken policy');

  // the link opens the broken document's editor on its error
  const link = reason.locator('[data-testid="not-evaluated-goto"]');
  assert.equal(await link.getAttribute('data-path'), '$.accounts[0].users[1].inlinePolicies[0].document');
  await link.click();
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'TEXTAREA' && document.activeElement.value.includes('Efect'));
  const selected = await page.evaluate(() => {
    const el = document.activeElement;
    return { text: el.value, from: el.selectionStart, to: el.selectionEnd };
  });
  assert.ok(selected.to > selected.from, 'the error is selected');
  assert.ok(selected.text.slice(selected.from - 8, selected.to + 8).includes('Efect'), `selection near the error: ${selected.text.slice(selected.from, selected.to)}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// `ArnLike` with a policy value that is not an ARN: the engine cannot compare it, so the step is
// `error` / `CannotEvaluate` (the guide's "fail loud"), never a quiet implicit deny.
const arnLikeScenario = scenario(
  'ArnLike against a value that is not an ARN',
  [
    {
      name: 'u',
      inlinePolicies: [{ name: 'arn-cond', document: doc([{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'not-an-arn' } } }]) }],
    },
  ],
  [{ as: 'arn:aws:iam::111111111111:user/u' }, { call: 's3:ListAllMyBuckets' }, { call: 's3:ListAllMyBuckets', expect: 'error', expectError: 'CannotEvaluate', note: 'documented on purpose' }],
);

test('a step the engine cannot evaluate shows a cannot-evaluate badge with the reason and fails the summary', async () => {
  const page = await openScenario(arnLikeScenario);
  const summary = page.locator('[data-testid="summary"]');
  assert.ok(await summary.evaluate((e) => e.classList.contains('summary-failed')), 'the summary is failing');
  assert.equal(await summary.getAttribute('data-cannot-evaluate'), '1');
  assert.match(await summary.textContent(), /^1 step could not be evaluated, 1 met/);

  // no expectation: still a failure, marked as such
  const step = page.locator('[data-testid="step"][data-step-index="1"]');
  assert.equal(await step.getAttribute('data-decision'), 'error');
  assert.equal(await step.getAttribute('data-cannot-evaluate'), 'unexpected');
  assert.ok(await step.evaluate((e) => e.classList.contains('step-unmet')));
  const badge = step.locator('[data-testid="decision"]');
  assert.equal((await badge.textContent()).trim(), 'Cannot evaluate');
  assert.equal(await badge.getAttribute('data-cannot-evaluate'), 'true');
  assert.match(await step.locator('[data-testid="expectation"]').textContent(), /✗ could not be evaluated/);
  const reason = step.locator('[data-testid="cannot-evaluate-reason"]');
  assert.ok(await reason.isVisible(), 'the reason is shown without opening the step');
  assert.match(await reason.textContent(), /policy value "not-an-arn" is not an ARN/);

  // expected on purpose (expect error + expectError CannotEvaluate): met, not a failure
  const expected = page.locator('[data-testid="step"][data-step-index="2"]');
  assert.equal(await expected.getAttribute('data-met'), 'true');
  assert.equal(await expected.getAttribute('data-cannot-evaluate'), 'expected');
  assert.ok(!(await expected.evaluate((e) => e.classList.contains('step-unmet'))));
  assert.equal((await expected.locator('[data-testid="decision"]').textContent()).trim(), 'Cannot evaluate');
  assert.match(await expected.locator('[data-testid="expectation"]').textContent(), /✓ expected Error \(CannotEvaluate\)/);

  // the trace shows the condition value the engine could not compare
  await step.locator('summary').first().click();
  const auth = step.locator('[data-testid="trace-authorization"]').first();
  await auth.waitFor();
  assert.equal(await auth.getAttribute('data-decision'), 'error');
  assert.equal(await auth.getAttribute('data-evaluated'), 'cannotEvaluate');
  assert.equal((await auth.locator('[data-testid="trace-authorization-decision"]').first().textContent()).trim(), 'Cannot evaluate');
  assert.match(await step.locator('[data-testid="trace-condition"]', { hasText: 'ArnLike' }).first().textContent(), /not-an-arn/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('preset 01: a long Action list that does not match says "no pattern among N matches"', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}#preset=01-dev-prod-readonly-mfa`);
  await ready(page);
  // step 6: an action no statement of the role's policies allows; one of them is a list of over a thousand actions
  const step = page.locator('[data-testid="step"][data-step-index="5"]');
  assert.equal(await step.getAttribute('data-decision'), 'implicitDeny');
  await step.locator('summary').first().click();
  const summaries = step.locator('[data-testid="trace-patterns-summary"]');
  await summaries.first().waitFor({ state: 'attached' });
  const texts = (await summaries.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.equal(await step.getAttribute('data-kind'), 'call');
  // the compact trace lists no pattern of a long element that misses; the count of those tried is given
  assert.ok(
    texts.some((t) => /^no pattern among \d{1,3}(,\d{3})+ matches \S+$/.test(t)),
    `a "no pattern among N matches ACTION" summary with a thousands-long count: ${JSON.stringify(texts)}`,
  );
  // and the count equals the engine's patternsTried
  const tried = await page.evaluate(async () => {
    const el = document.querySelector('[data-testid="step"][data-step-index="5"] .raw-trace');
    el.open = true;
    await new Promise((r) => setTimeout(r, 50));
    const report = JSON.parse(el.querySelector('pre').textContent);
    const out = [];
    const walk = (o) => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') {
        if (Number.isInteger(o.patternsTried) && Array.isArray(o.patterns) && o.patterns.length === 0 && o.patternsTried > 5) out.push(o.patternsTried);
        Object.values(o).forEach(walk);
      }
    };
    walk(report.trace);
    return out;
  });
  assert.ok(tried.length > 0, 'the trace has a long element with no matching pattern');
  for (const n of tried) assert.ok(texts.some((t) => t.startsWith(`no pattern among ${n.toLocaleString('en-US')} matches`)), `summary for ${n} patterns`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an expanded step lists its named assumption once, as its sentence (the id a data attribute)', async () => {
  // the evaluator's V12 (a Resource `*` matching across `:`)
  const text = scenario(
    'A trailing star crosses colons',
    [{ name: 'u', inlinePolicies: [{ name: 'p', document: doc([{ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: 'arn:aws:logs:us-east-1:111111111111:*' }]) }] }],
    [{ as: 'arn:aws:iam::111111111111:user/u' }, { call: 'logs:GetLogEvents', resource: 'arn:aws:logs:us-east-1:111111111111:log-group:g:log-stream:s', expect: 'allowed' }],
  );
  const page2 = await openScenario(text);
  const step = page2.locator('[data-testid="step"][data-step-index="1"]');
  assert.equal(await step.getAttribute('data-decision'), 'allowed');
  await step.locator('summary').first().click();
  const v12 = step.locator('[data-testid="step-assumption"][data-assumption-id="V12-trailing-star-crosses-colon"]');
  await v12.waitFor();
  assert.ok(await v12.isVisible());
  assert.match(await v12.textContent(), /^assumption A `\*` in a Resource ARN matches across `:` boundaries \(IAM User Guide, \*IAM JSON policy elements: Resource\*/);
  assert.doesNotMatch(await v12.textContent(), /V12|F47/);
  assert.match(await v12.textContent(), /evaluator \(logs:GetLogEvents\)/);
  assert.equal(await step.locator('[data-testid="step-assumption"]').count(), 1, 'listed once');
  assert.equal(await step.locator('[data-assumption-id="V12-trailing-star-crosses-colon"]').count(), 1, 'not repeated in the evaluator trace');
  assert.deepEqual(page2.errors, []);
  await page2.context().close();
});
