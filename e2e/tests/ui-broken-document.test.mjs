// One typo must not blank every step (issue 11, defect 10). A typo in one role's trust policy
// leaves the steps that do not depend on it with their decisions; the steps that do say they
// were not evaluated and name that role's trust policy, with their last decision beside it.
// While the scenario's text does not parse as JSON, the last results stay on screen, dimmed
// and busy, under a note naming the error; fixing it brings the new results back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, ready, screenshot, useSite } from './playground-support.mjs';
import { createLastGood, staleText } from '../../www/src/ui/last-good.js';

const site = useSite();

const PRESET = '01-dev-prod-readonly-mfa';
const TRUST = '$.accounts[1].roles[0].trustPolicy';

/** Every step row's decision text (or "Not evaluated"), by index. */
function decisionTexts(page) {
  return page.$$eval('[data-testid="step"]', (els) =>
    els.map((e) => {
      const b = e.querySelector('[data-testid="decision"], [data-testid="not-evaluated"]');
      return b ? b.textContent.trim() : '';
    }),
  );
}

function step(page, i) {
  return page.locator(`[data-testid="step"][data-step-index="${i}"]`);
}

async function openPreset() {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}?editor=plain#preset=${PRESET}`);
  await ready(page);
  return page;
}

/** The hop (1), the session's calls (2–5) and Jane's hop (13) depend on the broken trust policy. */
const DEPENDENT = [1, 2, 3, 4, 5, 13];

async function assertOnlyDependentBlanked(page, before) {
  await page.waitForSelector('[data-testid="step"][data-step-index="1"][data-not-evaluated="true"]');
  const after = await decisionTexts(page);
  assert.equal(after.length, before.length);
  for (let i = 0; i < after.length; i++) {
    if (DEPENDENT.includes(i)) assert.equal(after[i], 'Not evaluated', `step ${i + 1}`);
    else assert.equal(after[i], before[i], `step ${i + 1} keeps its decision`);
  }
  // the hop names the role's own trust policy, and shows the decision it had
  const hop = step(page, 1);
  const reason = (await hop.locator('[data-testid="not-evaluated-reason"]').textContent()).trim();
  assert.ok(reason.includes(`${TRUST} (trust policy of role DevReadOnly-CrossAccount), which has errors`), reason);
  assert.equal((await hop.locator('[data-testid="last-decision"]').textContent()).trim(), 'last: Allowed');
  assert.equal(await hop.locator('[data-testid="not-evaluated-goto"]').getAttribute('data-path'), TRUST);
  // a call of the session says where its caller went, naming the same document
  const call = (await step(page, 3).locator('[data-testid="not-evaluated-reason"]').textContent()).trim();
  assert.match(call, /runs as the session the earlier sts:AssumeRole of arn:aws:iam::123456789012:role\/DevReadOnly-CrossAccount would have made/);
  assert.ok(call.includes(TRUST), call);
  // the other role's hop is decided and names nothing broken
  assert.equal(await step(page, 9).getAttribute('data-decision'), 'allowed');
  assert.equal(await step(page, 9).locator('[data-testid="not-evaluated"]').count(), 0);
  // fresh results: not dimmed
  assert.equal(await page.locator('[data-testid="stale-results"]').count(), 0);
  assert.equal(await page.locator('[data-testid="results"]').getAttribute('aria-busy'), null);
}

test('a typo in one trust policy in the form editor blanks only the steps that depend on it', async () => {
  const page = await openPreset();
  const before = await decisionTexts(page);
  assert.equal(before.length, 14);
  assert.ok(before.every((t, i) => (t === '') === [0, 6, 12].includes(i)), before.join(' | '));
  // World tab: Prod's first role, its trust policy editor
  const prod = page.locator('[data-testid="account-card"]').nth(1);
  await prod.locator('summary').first().click();
  const role = prod.locator('[data-testid="role-card"]').first();
  await role.locator('summary').first().click();
  const editor = page.locator(`[data-testid="policy-editor"][data-policy-path="${TRUST}"] textarea`);
  const text = await editor.inputValue();
  assert.match(text, /"Effect": "Allow"/);
  await editor.fill(text.replace('"Effect": "Allow"', '"Effect": "Alow"'));
  await assertOnlyDependentBlanked(page, before);
  await screenshot(page, 'broken-document-form');
  // a syntax-level typo in the same field (the document text is not JSON): the same steps
  await editor.fill(text.replace('"Effect": "Allow",', '"Effect": "Allow"'));
  await page.waitForFunction(() => /\[json-syntax\]/.test(document.querySelector('[data-testid="scenario-diagnostics"]')?.textContent || ''));
  await assertOnlyDependentBlanked(page, before);
  // fixed: every step decided again as before
  await editor.fill(text);
  await page.waitForFunction(() => !document.querySelector('[data-testid="step"][data-not-evaluated]'));
  assert.deepEqual(await decisionTexts(page), before);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('in the code editor: a typo in a trust policy, then text that is not JSON keeps the last results, dimmed, until fixed', async () => {
  const page = await openPreset();
  const before = await decisionTexts(page);
  await page.click('[data-testid="tab-json"]');
  const raw = page.locator('[data-testid="raw-editor"] textarea');
  const text = await raw.inputValue();
  // the role's trust policy is pasted text inside the scenario: its Effect, escaped
  const roleAt = text.indexOf('"name": "DevReadOnly-CrossAccount"');
  const effect = '\\"Effect\\": \\"Allow\\"';
  const at = text.indexOf(effect, roleAt);
  assert.ok(roleAt > 0 && at > roleAt, 'the trust policy is in the JSON');
  // typed as a person edits (not a paste over everything, which starts afresh)
  const allow = at + '\\"Effect\\": \\"'.length;
  await raw.evaluate((ta, [a, b]) => {
    ta.focus();
    ta.setSelectionRange(a, b);
  }, [allow, allow + 'Allow'.length]);
  await page.keyboard.insertText('Alow');
  await assertOnlyDependentBlanked(page, before);
  const partial = await decisionTexts(page);

  // mid-edit: the backslash before a quote deleted, the string ends early: not JSON
  const slash = allow - 2;
  await raw.evaluate((ta, [a, b]) => ta.setSelectionRange(a, b), [slash + 1, slash + 1]);
  await page.keyboard.press('Backspace');
  assert.ok((await raw.inputValue()).includes('\\"Effect\\": "Alow'), 'the text is broken as intended');
  const note = page.locator('[data-testid="stale-results"]');
  await note.waitFor();
  const noteText = (await note.textContent()).trim();
  assert.match(noteText, /^Showing the last valid results — fix the error at line \d+ col \d+: .+/, noteText);
  const line = Number(/line (\d+)/.exec(noteText)[1]);
  assert.equal(line, text.slice(0, at).split('\n').length, 'the note names the line of the error');
  const results = page.locator('[data-testid="results"]');
  assert.equal(await results.getAttribute('aria-busy'), 'true');
  assert.ok(await results.evaluate((e) => e.classList.contains('results-stale')));
  // the last results stay, as they were, dimmed
  assert.deepEqual(await decisionTexts(page), partial);
  const opacity = await step(page, 7).evaluate((e) => Number(getComputedStyle(e.closest('ol')).opacity));
  assert.ok(opacity < 0.8, `dimmed: ${opacity}`);
  assert.equal(await note.evaluate((e) => Number(getComputedStyle(e).opacity)), 1, 'the note is not dimmed');
  await screenshot(page, 'broken-document-stale');

  // fixed: fresh results, no note, not dimmed
  await raw.fill(text);
  await page.waitForFunction(() => !document.querySelector('[data-testid="stale-results"]') && !document.querySelector('[data-testid="step"][data-not-evaluated]'));
  assert.equal(await results.getAttribute('aria-busy'), null);
  assert.equal(await results.evaluate((e) => e.classList.contains('results-stale')), false);
  assert.deepEqual(await decisionTexts(page), before);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the keeper shows the last results that ran while a report runs nothing, and a step\'s last decision', () => {
  const keep = createLastGood();
  const step = (decision, extra = {}) => ({ index: 0, kind: 'call', action: 's3:GetObject', resource: '*', ...(decision ? { decision } : {}), ...extra });
  const good = { invalid: false, steps: [step('allowed')], diagnostics: [] };
  assert.equal(keep.view(good, { v: 1 }).stale, null);
  // the text is not JSON: nothing ran; the good report is shown, with the new diagnostics
  const err = { severity: 'error', code: 'json-syntax', message: 'expected `,` or `}`, found `A`', start: { line: 12, column: 40, columnUtf16: 40 } };
  const none = { invalid: true, steps: [], diagnostics: [err] };
  const v = keep.view(none, null);
  assert.deepEqual(v.report.steps, good.steps);
  assert.deepEqual(v.report.diagnostics, [err]);
  assert.deepEqual(v.scenario, { v: 1 });
  assert.equal(v.stale.text, 'Showing the last valid results — fix the error at line 12 col 40: expected `,` or `}`, found `A`');
  assert.equal(v.stale.diagnostic, err);
  assert.equal(staleText(null), 'Showing the last valid results — fix the error');
  // a partial run replaces it; its not-evaluated step shows the decision it had
  const partial = { invalid: true, steps: [step(null, { notEvaluated: 'depends on …' })], diagnostics: [err] };
  const p = keep.view(partial, { v: 2 });
  assert.equal(p.stale, null);
  assert.equal(p.report, partial);
  assert.equal(p.lastDecision(0, partial.steps[0]), 'allowed');
  // not for another request at that index, nor for a step that is evaluated
  assert.equal(p.lastDecision(0, { ...partial.steps[0], action: 's3:PutObject' }), null);
  assert.equal(p.lastDecision(0, step('allowed')), null);
  // another scenario: nothing kept
  keep.reset();
  assert.equal(keep.view(none, null).stale, null);
  assert.equal(keep.view(none, null).report, none);
});
