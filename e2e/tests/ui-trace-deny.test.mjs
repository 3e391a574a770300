// The trace of an explicit deny (issue 11, defect 2): the explicit-deny phase names the Deny
// statement(s) that apply, links each to its text, and never says that no policy applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, ready, stepsOnScreen, screenshot } from './playground-support.mjs';

const site = useSite();

test('the explicit-deny phase shows the Deny statement it counts, not "No policy of this type applies"', async () => {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}#preset=lesson-explicit-deny-wins`);
  await ready(page);
  // the AWS catalogue re-renders the results when it arrives: open a step after that
  await page.waitForSelector('[data-testid="catalogue-status"][data-state="ready"]', { timeout: 20000 });
  const denied = (await stepsOnScreen(page)).find((s) => s.decision === 'explicitDeny');
  assert.ok(denied, 'the lesson has an explicit-deny step');
  const step = page.locator(`[data-testid="step"][data-step-index="${denied.index}"]`);
  await step.locator('summary').first().click();
  const phase = step.locator('[data-testid="trace-phase"][data-phase="explicitDeny"]').first();
  await phase.waitFor();
  const text = (await phase.textContent()).replace(/\s+/g, ' ');
  assert.match(text, /1 Deny statement\(s\) apply|Deny statement/, text);
  assert.doesNotMatch(text, /No policy of this type applies/, text);
  const matched = phase.locator('[data-testid="trace-phase-matched"] li');
  assert.equal(await matched.count(), 1, text);
  const row = (await matched.first().innerText()).replace(/\s+/g, ' ');
  assert.match(row, /DenyDeletingAuditLogs/, row);
  assert.match(row, /Sid NoDeletesInAuditLogs/, row);
  assert.match(row, /Deny/, row);
  // the statement links to its text in the editor
  assert.equal(await matched.first().locator('[data-testid="trace-goto"]').count(), 1);
  await phase.scrollIntoViewIfNeeded();
  await screenshot(page, 'ui-trace-deny-phase');
  // an allowed step's explicit-deny phase says that no Deny statement applies, in those words
  const allowed = (await stepsOnScreen(page)).find((s) => s.decision === 'allowed');
  if (allowed) {
    const a = page.locator(`[data-testid="step"][data-step-index="${allowed.index}"]`);
    await a.locator('summary').first().click();
    const p = a.locator('[data-testid="trace-phase"][data-phase="explicitDeny"]').first();
    await p.waitFor();
    const t = (await p.textContent()).replace(/\s+/g, ' ');
    assert.doesNotMatch(t, /No policy of this type applies/, t);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
