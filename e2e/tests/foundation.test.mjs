// The built site's foundation: the wasm engine loads in Chromium, `window.iamPlayground` answers
// (docs/web-api.md), bad input gives structured failures, and the built-in scenario's decisions
// are on screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite } from '../harness.mjs';

const builtin = JSON.parse(readFileSync(new URL('../../www/src/builtin-scenario.json', import.meta.url), 'utf8'));
let site;

before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

test('the engine loads, announces itself and reports its version', async () => {
  const page = await site.open('', { waitForEngine: false });
  const fired = page.evaluate(
    () =>
      new Promise((ok) => {
        if (window.iamPlayground) ok('already');
        window.addEventListener('iam-playground-ready', (e) => ok(e.detail === window.iamPlayground ? 'event' : 'bad'));
      }),
  );
  assert.match(await fired, /^(already|event)$/);
  const version = await page.evaluate(() => window.iamPlayground.version);
  const answer = await page.evaluate(() => window.iamPlayground.api({ op: 'version' }));
  assert.equal(answer.type, 'success');
  assert.equal(answer.engine, version);
  assert.equal(answer.scenarioFormat, 'iam-playground/scenario@1');
  await page.locator('[data-testid="engine-status"][data-state="ready"]').waitFor();
  assert.equal(await page.locator('[data-testid="engine-version"]').textContent(), version);
  assert.deepEqual(page.errors, []);
});

test('bad input to the wasm API is a structured failure, never a throw', async () => {
  const page = await site.open();
  const answers = await page.evaluate(() => {
    const p = window.iamPlayground;
    return {
      notJson: p.api('{"op":'),
      unknownOp: p.api({ op: 'simulat' }),
      noScenario: p.api({ op: 'simulate' }),
      wrongType: p.simulate(42),
      badKind: p.validatePolicy('{}', 'trsut'),
    };
  });
  assert.equal(answers.notJson.type, 'failure');
  assert.equal(answers.notJson.errors[0].code, 'invalid-request-json');
  assert.equal(answers.unknownOp.errors[0].code, 'unknown-op');
  assert.equal(answers.unknownOp.errors[0].help, 'did you mean `simulate`?');
  assert.equal(answers.noScenario.errors[0].code, 'missing-field');
  assert.equal(answers.wrongType.errors[0].code, 'wrong-type');
  assert.equal(answers.badKind.errors[0].code, 'unknown-policy-kind');
  assert.deepEqual(page.errors, []);
});

test('a policy syntax error comes back with its line and column', async () => {
  const page = await site.open();
  const answer = await page.evaluate(() =>
    window.iamPlayground.validatePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [\n}', 'identity'),
  );
  assert.equal(answer.type, 'success');
  assert.equal(answer.valid, false);
  const [first] = answer.diagnostics;
  assert.equal(first.severity, 'error');
  assert.equal(first.start.line, 4);
  assert.equal(first.start.column, 1);
  // Plain objects (json_compatible serializer), not Maps; absent fields are absent, not undefined.
  assert.equal(typeof first.start, 'object');
});

test('the built-in scenario shows each step\'s decision', async () => {
  const page = await site.open();
  const report = await page.evaluate((s) => window.iamPlayground.simulate(s).report, builtin);
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
  await page.locator('[data-testid="step"][data-decision]').first().waitFor();
  const shown = await page.$$eval('[data-testid="step"][data-decision]', (els) =>
    els.map((e) => ({ index: Number(e.dataset.stepIndex), kind: e.dataset.kind, decision: e.dataset.decision, met: e.dataset.met })),
  );
  assert.deepEqual(shown, [
    { index: 1, kind: 'assumeRole', decision: 'allowed', met: 'true' },
    { index: 2, kind: 'call', decision: 'allowed', met: 'true' },
    { index: 3, kind: 'call', decision: 'implicitDeny', met: 'true' },
  ]);
  await site.screenshot(page, 'builtin-scenario');
  assert.deepEqual(page.errors, []);
});

test('the page renders in a narrow window and in dark mode', async () => {
  const page = await site.open('', { viewport: { width: 390, height: 800 } });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.locator('[data-testid="engine-status"][data-state="ready"]').waitFor();
  await site.screenshot(page, 'home-narrow-dark');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, 'no horizontal scrolling on a phone-sized screen');
});
