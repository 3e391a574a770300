// The offline what-if in the browser (issue 8): an AWS export folder dropped onto the page (and
// picked with the folder and file inputs), its import report, the who-can and reach panels with
// their progress lines, "Open as steps" explained by the trace, merging an export into the
// current scenario and undoing an import, the what-if flips of an edit (the `diff` op) and the
// per-policy "exclude from evaluation" toggle. Screenshots: e2e/screenshots/whatif-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { newPage, ready, stepsOnScreen, screenshot, repoRoot, useSite } from './playground-support.mjs';

const EXPORT = join(repoRoot, 'e2e', 'fixtures', 'export');
const OBJECT = 'arn:aws:s3:::prod-data/reports/q1.csv';
const ALICE = 'arn:aws:iam::111111111111:user/alice';
const PROD_READ = 'arn:aws:iam::222222222222:role/ProdRead';

const site = useSite();

/** The fixture export as {relative path: text}, the folder named as a user would drop it. */
function exportFolder() {
  const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  return Object.fromEntries(walk(EXPORT).map((f) => [`export/${relative(EXPORT, f).split('\\').join('/')}`, readFileSync(f, 'utf8')]));
}

/**
 * Drop a folder on the page the way Chromium delivers one: a drop event whose DataTransfer item
 * gives a FileSystemDirectoryEntry (webkitGetAsEntry), walked with createReader/readEntries.
 * Headless Chromium cannot drag from the OS, so the entries are built in the page from the
 * fixture's files (real File objects).
 */
async function dropFolder(page, files) {
  await page.evaluate((files) => {
    const dir = (name, children) => ({
      isFile: false,
      isDirectory: true,
      name,
      createReader() {
        let done = false;
        // two batches, then an empty one, as readEntries does for large folders
        const half = Math.ceil(children.length / 2);
        const batches = [children.slice(0, half), children.slice(half)];
        return { readEntries: (ok) => setTimeout(() => ok(done ? [] : batches.length ? batches.shift() : ((done = true), [])), 0) };
      },
    });
    const file = (name, text) => ({ isFile: true, isDirectory: false, name, file: (ok) => setTimeout(() => ok(new File([text], name, { type: 'application/json' })), 0) });
    const tree = {};
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split('/');
      let node = tree;
      for (const p of parts.slice(0, -1)) node = node[p] ||= {};
      node[parts.at(-1)] = text;
    }
    const toEntry = (name, v) => (typeof v === 'string' ? file(name, v) : dir(name, Object.entries(v).map(([k, c]) => toEntry(k, c))));
    const roots = Object.entries(tree).map(([k, v]) => toEntry(k, v));
    const dt = { types: ['Files'], files: [], items: roots.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })) };
    for (const type of ['dragenter', 'dragover']) {
      const e = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'dataTransfer', { value: { ...dt, dropEffect: 'none' } });
      document.body.dispatchEvent(e);
    }
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: dt });
    document.body.dispatchEvent(drop);
  }, files);
}

async function openFresh(page, hash = '') {
  await page.goto(`${site.server.url}?editor=plain${hash}`);
  await ready(page);
  // the query panels run in the engine worker once it is up
  await page.waitForFunction(() => window.iamPlaygroundUI && window.iamPlaygroundUI.state.engineMode === 'worker', null, { timeout: 20000 });
}

async function importSummary(page) {
  await page.waitForSelector('[data-testid="import-summary"]');
  return page.$$eval('[data-testid="import-summary"] [data-count]', (els) => Object.fromEntries(els.map((e) => [e.dataset.count, e.textContent])));
}

function noStrays(text, where) {
  assert.doesNotMatch(text, /undefined|null|\[object Object\]|NaN/, `${where} shows a stray value: ${text}`);
}

test('a dropped export folder imports; who can s3:GetObject answers with the MFA hop, and an answer opens as steps the trace allows', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  await openFresh(page);
  await dropFolder(page, exportFolder());
  const counts = await importSummary(page);
  assert.match(counts.accounts || '', /^2 accounts$/);
  assert.match(counts.users || '', /^2 users$/);
  assert.match(counts.roles || '', /^1 role$/);
  const report = await page.textContent('[data-testid="import-report"]');
  noStrays(report, 'the import report');
  // the world arrived in the editor
  const state = await page.evaluate(() => window.iamPlaygroundUI.state.scenario.accounts.map((a) => a.id).sort());
  assert.deepEqual(state, ['111111111111', '222222222222']);
  await screenshot(page, 'whatif-import-1440');

  await page.click('[data-testid="rtab-whocan"]');
  // suggestions come from the world: actions in its policies, resources and roles it declares
  const actions = await page.$$eval('#whocan-dl-action option', (os) => os.map((o) => o.value));
  assert.ok(actions.includes('s3:GetObject') && actions.includes('sts:AssumeRole'), actions.join(', '));
  const resources = await page.$$eval('#whocan-dl-resource option', (os) => os.map((o) => o.value));
  assert.ok(resources.includes(PROD_READ), resources.join(', '));
  await page.fill('[data-testid="whocan-action"]', 's3:GetObject');
  await page.fill('[data-testid="whocan-resource"]', OBJECT);
  await page.click('[data-testid="whocan-run"]');
  await page.waitForSelector('[data-testid="whocan-progress"][data-stage="done"]');
  const answers = await page.$$eval('[data-testid="whocan-answer"]', (els) =>
    els.map((e) => ({
      principal: e.dataset.principal,
      decision: e.dataset.decision,
      name: e.querySelector('[data-testid="answer-principal"]').textContent,
      hops: [...e.querySelectorAll('[data-testid="answer-hop"]')].map((x) => x.dataset.kind),
      conditions: [...e.querySelectorAll('[data-testid="answer-condition"], [data-testid="hop-condition"]')].map((x) => x.textContent),
      text: e.textContent,
    })),
  );
  const byPrincipal = Object.fromEntries(answers.map((a) => [a.principal, a]));
  assert.ok(byPrincipal[PROD_READ], `ProdRead is an answer: ${answers.map((a) => a.principal).join(', ')}`);
  const alice = byPrincipal[ALICE];
  assert.ok(alice, `alice is an answer: ${answers.map((a) => a.principal).join(', ')}`);
  assert.equal(alice.decision, 'allowed');
  assert.match(alice.name, /alice/);
  assert.ok(alice.hops.includes('assumeRole'), `alice's path assumes a role: ${alice.hops.join(' → ')}`);
  assert.ok(alice.conditions.some((c) => /^if .*(MFA|MultiFactorAuth)/i.test(c.trim())), `alice's path says "if MFA": ${alice.conditions.join(' | ')}`);
  assert.ok(!byPrincipal['arn:aws:iam::111111111111:user/bob'], 'bob, without a policy, is not an answer');
  noStrays(await page.textContent('[data-testid="whocan-panel"]'), 'the who-can panel');
  await screenshot(page, 'whatif-whocan-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('[data-testid="whocan-answer"]').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'whatif-whocan-390');
  await page.setViewportSize({ width: 1440, height: 900 });

  // "Open as steps": the world stays, the steps become alice's path, and the trace decides it
  const aliceAnswer = page.locator(`[data-testid="whocan-answer"][data-principal="${ALICE}"]`);
  await aliceAnswer.locator('[data-testid="open-as-steps"]').click();
  await page.waitForSelector('[data-testid="rtab-results"][aria-selected="true"]');
  await page.waitForFunction(() => {
    const steps = [...document.querySelectorAll('[data-testid="step"]')];
    return steps.length > 1 && steps.at(-1).dataset.decision;
  });
  const steps = await stepsOnScreen(page);
  assert.equal(steps[0].kind, 'as');
  assert.ok(steps.some((s) => s.kind === 'assumeRole' && s.decision === 'allowed'), JSON.stringify(steps));
  const last = steps.at(-1);
  assert.equal(last.kind, 'call');
  assert.equal(last.decision, 'allowed');
  // the last step is open: its trace explains the decision
  await page.waitForSelector('[data-testid="step"]:last-child [data-testid="trace"], [data-testid="step"]:last-child .step-trace');
  const ids = await page.evaluate(() => window.iamPlaygroundUI.state.scenario.accounts.map((a) => a.id).sort());
  assert.deepEqual(ids, ['111111111111', '222222222222'], 'the world is kept');
  await screenshot(page, 'whatif-open-as-steps-1440');
  // the previous (empty) steps are one click away
  await page.click('[data-testid="undo-load"]');
  await page.waitForFunction(() => (window.iamPlaygroundUI.state.scenario.steps || []).length === 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('reach: everything alice can reach, the role behind MFA and what it may do on the declared bucket', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  await openFresh(page);
  await page.setInputFiles('[data-testid="import-aws-folder-input"]', EXPORT);
  await importSummary(page);
  await page.click('[data-testid="rtab-reach"]');
  const principals = await page.$$eval('#reach-dl-principal option', (os) => os.map((o) => o.value));
  assert.ok(principals.includes(ALICE), principals.join(', '));
  await page.fill('[data-testid="reach-principal"]', ALICE);
  await page.fill('[data-testid="reach-actions"]', 's3:GetObject');
  await page.fill('[data-testid="reach-resources"]', OBJECT);
  await page.click('[data-testid="reach-run"]');
  await page.waitForSelector('[data-testid="reach-progress"][data-stage="done"]');
  const roles = await page.$$eval('[data-testid="reach-role"]', (els) => els.map((e) => ({ role: e.dataset.role, text: e.textContent })));
  const prod = roles.find((r) => r.role === PROD_READ);
  assert.ok(prod, `alice reaches ProdRead: ${roles.map((r) => r.role).join(', ')}`);
  assert.match(prod.text, /if .*(MFA|MultiFactorAuth)/i);
  const access = await page.$$eval('[data-testid="reach-access"]', (els) => els.map((e) => ({ ...e.dataset })));
  assert.ok(
    access.some((a) => a.action === 's3:GetObject' && a.resource === OBJECT && a.decision === 'allowed'),
    JSON.stringify(access),
  );
  noStrays(await page.textContent('[data-testid="reach-panel"]'), 'the reach panel');
  await screenshot(page, 'whatif-reach-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('[data-testid="reach-role"]').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'whatif-reach-390');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('merge into the current scenario keeps its steps; undo brings the previous scenario back, and so does undoing a replacing import', async () => {
  const page = await newPage(site.browser);
  await openFresh(page, '#preset=01-dev-prod-readonly-mfa');
  const before = await page.evaluate(() => window.iamPlaygroundUI.text);
  const beforeSteps = (await stepsOnScreen(page)).length;
  // merge: the preset's accounts and steps stay, the export's accounts join them
  await page.check('[data-testid="merge-toggle"]');
  const files = Object.entries(exportFolder()).map(([name, text]) => ({ name: name.split('/').pop(), mimeType: 'application/json', buffer: Buffer.from(text) }));
  // two files with the same base name (one per account) cannot go through a plain file input: pick one account's
  await page.setInputFiles('[data-testid="import-aws-files-input"]', [files.find((f) => f.name === 'authorization-details.json' && f.buffer.toString().includes('"RoleName": "ProdRead"'))]);
  await importSummary(page);
  assert.match(await page.textContent('[data-testid="import-report"]'), /Merged/);
  const merged = await page.evaluate(() => window.iamPlaygroundUI.state.scenario);
  const ids = merged.accounts.map((a) => a.id);
  assert.ok(ids.includes('222222222222'), `the export's account arrived: ${ids.join(', ')}`);
  const presetIds = JSON.parse(before).accounts.map((a) => a.id);
  for (const id of presetIds) assert.ok(ids.includes(id), `the preset's account ${id} is kept`);
  assert.equal(merged.steps.length, beforeSteps, 'the preset steps are kept');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="step"][data-decision]').length > 0 && document.querySelectorAll('[data-testid="step"]').length === n, beforeSteps);
  await page.click('[data-testid="import-undo"]');
  await page.waitForFunction((t) => window.iamPlaygroundUI.text === t, before);

  // replace (merge off): the previous scenario is still one click away
  await page.uncheck('[data-testid="merge-toggle"]');
  await page.setInputFiles('[data-testid="import-aws-folder-input"]', EXPORT);
  await importSummary(page);
  assert.match(await page.textContent('[data-testid="import-report"]'), /Imported/);
  assert.notEqual(await page.evaluate(() => window.iamPlaygroundUI.text), before);
  await page.click('[data-testid="import-undo"]');
  await page.waitForFunction((t) => window.iamPlaygroundUI.text === t, before);
  assert.equal((await stepsOnScreen(page)).length, beforeSteps);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('excluding a policy from evaluation flips the step it allowed; the toggle shows and reverses', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => localStorage.clear());
  await openFresh(page); // the built-in scenario: alice → ReportsReader → s3:GetObject allowed
  const get = async () => (await stepsOnScreen(page)).find((s) => s.index === 2);
  assert.equal((await get()).decision, 'allowed');
  await page.click('[data-testid="rtab-whatif"]');
  const key = 'inline:$.accounts[0].roles[0].inlinePolicies[0]';
  const toggle = page.locator(`[data-testid="exclude-toggle"][data-key="${key}"]`);
  assert.match(await toggle.locator('xpath=..').textContent(), /ReadReports/);
  await toggle.check();
  // the step the policy allowed is now denied, marked as flipped against the run with every policy
  await page.waitForFunction(() => document.querySelector('[data-testid="step"][data-step-index="2"]')?.dataset.decision === 'implicitDeny');
  await page.waitForSelector('[data-testid="step"][data-step-index="2"][data-was="allowed"]', { state: 'attached' }); // in the Results tab, behind this one
  await page.waitForSelector('[data-testid="exclusion-flip"][data-step-index="2"][data-before="allowed"][data-after="implicitDeny"]');
  assert.match(await page.textContent('[data-testid="exclusion-status"]'), /1 policy is excluded/);
  assert.ok(await toggle.isChecked());
  noStrays(await page.textContent('[data-testid="whatif-panel"]'), 'the what-if panel');
  await screenshot(page, 'whatif-exclude-1440');
  await page.click('[data-testid="rtab-results"]');
  assert.equal(await page.getAttribute('[data-testid="excluded-banner"]', 'data-excluded'), '1');
  // the scenario itself is unchanged
  assert.equal(await page.evaluate(() => window.iamPlaygroundUI.state.scenario.accounts[0].roles[0].inlinePolicies.length), 1);
  await screenshot(page, 'whatif-exclude-results-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'whatif-exclude-results-390');
  // reversible
  await page.click('[data-testid="show-exclusions"]');
  await toggle.uncheck();
  await page.waitForFunction(() => document.querySelector('[data-testid="step"][data-step-index="2"]')?.dataset.decision === 'allowed');
  assert.equal(await page.locator('[data-testid="excluded-banner"]').count(), 0);
  assert.equal(await page.locator('[data-testid="step"][data-was]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('what if: after an edit, the flipped step is listed with the statement that decided each side', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  await openFresh(page, '#preset=01-dev-prod-readonly-mfa');
  await page.click('[data-testid="tab-world"]');
  const account = page.locator('[data-testid="account-card"]').nth(1);
  if (!(await account.evaluate((d) => d.open))) await account.locator('summary').first().click();
  const role = account.locator('[data-testid="role-card"]', { hasText: 'Role DevReadOnlyAccesswithMFA' });
  if (!(await role.evaluate((d) => d.open))) await role.locator('summary').first().click();
  const textarea = role.locator('.policy-field', { hasText: 'Trust policy' }).locator('textarea');
  // drop the MFA condition: the AssumeRole without MFA (step 9) flips to allowed
  await textarea.fill((await textarea.inputValue()).replace(/,\s*"Condition": \{[\s\S]*?\}\s*\}\s*\}/, '}'));
  await page.waitForSelector('[data-testid="flips"]');
  await page.click('[data-testid="show-whatif"]');
  const flip = page.locator('[data-testid="whatif-flip"][data-step-index="8"]');
  await flip.waitFor();
  assert.equal(await flip.getAttribute('data-before'), 'implicitDeny');
  assert.equal(await flip.getAttribute('data-after'), 'allowed');
  const text = await flip.textContent();
  assert.match(text, /after: .*DevReadOnlyAccesswithMFA|after: .*trust/i, text);
  noStrays(await page.textContent('[data-testid="whatif-panel"]'), 'the what-if panel');
  await screenshot(page, 'whatif-diff-1440');
  // pinning the edited scenario as the baseline: nothing flipped since
  await page.click('[data-testid="pin-baseline"]');
  await page.waitForSelector('[data-testid="whatif-unchanged"]');
  assert.equal(await page.locator('[data-testid="whatif-flip"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
