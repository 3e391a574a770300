// The form editor that guides (issue 11, defect 11 and feature 7): renaming a user or an account
// in the form carries every reference along (the steps keep their decisions), a broken reference
// is shown at its field, step principals and group memberships are picked from the world, a new
// role trusts the other account, and a new step has no expectation until one is picked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, ready, screenshot, stepsOnScreen } from './playground-support.mjs';

const site = useSite();
const PRESET = '01-dev-prod-readonly-mfa'; // Dev 444444444440 (Tyler-Dev, Jane-Ops), Prod 123456789012 (two roles)

async function open(page, hash = `#preset=${PRESET}`) {
  await page.goto(`${site.server.url}?editor=plain${hash}`);
  await ready(page);
}

const decisions = async (page) => (await stepsOnScreen(page)).map((s) => s.decision || '-').join(',');

/** Wait until the results show exactly `expected` decisions and no scenario diagnostics. */
async function settle(page, expected) {
  await page.waitForFunction(
    (want) => !document.querySelector('[data-testid="scenario-diagnostics"]') && [...document.querySelectorAll('[data-testid="step"]')].map((e) => e.dataset.decision || '-').join(',') === want,
    expected,
    { timeout: 10000 },
  );
}

async function openCard(locator) {
  const det = locator.first();
  if (!(await det.evaluate((d) => d.open))) await det.locator('summary').first().click();
  return det;
}

async function rawScenario(page) {
  await page.click('[data-testid="tab-json"]');
  const text = await page.locator('[data-testid="raw-editor"] textarea').inputValue();
  return JSON.parse(text);
}

test('renaming a user in the form renames the steps that sign in as it; the decisions stay; Undo rename', async () => {
  const page = await newPage(site.browser);
  await open(page);
  const before = await decisions(page);
  await page.click('[data-testid="tab-world"]');
  const dev = await openCard(page.locator('[data-testid="account-card"]').nth(0));
  const tyler = await openCard(dev.locator('[data-testid="user-card"]').nth(0));
  const name = tyler.locator('input[data-field="name"]').first();
  assert.equal(await name.inputValue(), 'Tyler-Dev');
  await name.fill('Tyler');
  // nothing is rewritten while typing: only when the name is committed
  await name.press('Tab');
  const toast = page.locator('[data-testid="toast"]');
  await toast.getByText('Renamed user Tyler-Dev to Tyler').waitFor();
  assert.match(await toast.textContent(), /Renamed user Tyler-Dev to Tyler; 1 reference to it followed\./);
  await settle(page, before);
  // the step's field shows the new name
  await page.click('[data-testid="tab-steps"]');
  const step0 = await openCard(page.locator('[data-testid="step-card"]').nth(0));
  const pick = step0.locator('select[data-testid="pick"]');
  assert.equal(await pick.inputValue(), 'arn:aws:iam::444444444440:user/Tyler');
  assert.equal((await pick.locator('option:checked').textContent()).trim(), 'Tyler — user in Dev (444444444440)');
  assert.equal((await step0.locator('[data-testid="pick-arn"]').textContent()).trim(), 'arn:aws:iam::444444444440:user/Tyler');
  assert.match(await step0.locator('summary').first().textContent(), /Sign in as arn:aws:iam::444444444440:user\/Tyler$/);
  // the other user's step is untouched
  const s = await rawScenario(page);
  assert.deepEqual(s.steps.filter((x) => x.as).map((x) => x.as), ['arn:aws:iam::444444444440:user/Tyler', 'arn:aws:iam::444444444440:user/Jane-Ops']);
  // undo brings the old name back everywhere
  await page.click('[data-testid="undo-rename"]');
  const back = await rawScenario(page);
  assert.equal(back.accounts[0].users[0].name, 'Tyler-Dev');
  assert.equal(back.steps[0].as, 'arn:aws:iam::444444444440:user/Tyler-Dev');
  await settle(page, before);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('renaming account ids: role ARNs in steps and trust policies follow, the decisions stay', async () => {
  const page = await newPage(site.browser);
  await open(page);
  const before = await decisions(page);
  await page.click('[data-testid="tab-world"]');
  const prod = await openCard(page.locator('[data-testid="account-card"]').nth(1));
  const prodId = prod.locator('input[data-field="id"]').first();
  await prodId.fill('210987654321');
  await prodId.press('Tab');
  await page.locator('[data-testid="toast"]').getByText('Renamed account 123456789012 to 210987654321').waitFor();
  await settle(page, before);
  const dev = await openCard(page.locator('[data-testid="account-card"]').nth(0));
  const devId = dev.locator('input[data-field="id"]').first();
  await devId.fill('555555555550');
  await devId.press('Tab');
  await page.locator('[data-testid="toast"]').getByText('Renamed account 444444444440 to 555555555550').waitFor();
  await settle(page, before);
  const s = await rawScenario(page);
  const roleSteps = s.steps.filter((x) => x.assumeRole).map((x) => x.assumeRole);
  assert.ok(roleSteps.length >= 3);
  for (const arn of roleSteps) assert.match(arn, /^arn:aws:iam::210987654321:role\//);
  for (const x of s.steps.filter((st) => st.as)) assert.match(x.as, /^arn:aws:iam::555555555550:user\//);
  const trusts = s.accounts[1].roles.map((r) => JSON.parse(r.trustPolicy).Statement[0].Principal.AWS);
  assert.deepEqual(trusts, ['arn:aws:iam::555555555550:root', '555555555550']);
  // nothing in the steps or policies still names the old ids
  assert.doesNotMatch(JSON.stringify({ steps: s.steps, accounts: s.accounts }), /444444444440|123456789012/);
  // the account cards say their new ids
  await page.click('[data-testid="tab-world"]');
  assert.match(await page.locator('[data-testid="account-card"]').nth(1).locator('summary').first().textContent(), /Account 210987654321 · Prod/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a step naming a missing role shows the error under its field, and its card counts it', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  await open(page);
  await page.click('[data-testid="tab-steps"]');
  const step = await openCard(page.locator('[data-testid="step-card"]').nth(1));
  const pick = step.locator('select[data-testid="pick"]');
  await pick.selectOption({ label: 'Another role ARN (type it)…' });
  const other = step.locator('[data-testid="pick-other"]');
  assert.equal(await other.isVisible(), true);
  await other.fill('arn:aws:iam::123456789012:role/NoSuchRole');
  const field = page.locator('[data-field-path="$.steps[1].assumeRole"]');
  const err = field.locator('[data-testid="field-error"]');
  await err.waitFor({ timeout: 10000 });
  assert.equal(await err.getAttribute('data-code'), 'unknown-role');
  assert.match(await err.textContent(), /^Error: there is no role arn:aws:iam::123456789012:role\/NoSuchRole in the scenario — declare the role under its account's roles/);
  assert.equal(await field.evaluate((f) => f.classList.contains('has-field-error')), true);
  assert.equal(await other.getAttribute('aria-invalid'), 'true');
  assert.equal((await step.locator('[data-testid="card-error-count"]').textContent()).trim(), '1 error');
  // only that step is marked
  assert.equal(await page.locator('[data-testid="panel-steps"] [data-testid="field-error"]').count(), 1);
  await field.scrollIntoViewIfNeeded();
  await screenshot(page, 'form-guides-missing-role');
  // fixing it by picking a role from the list clears the error
  await pick.selectOption('arn:aws:iam::123456789012:role/DevReadOnly-CrossAccount');
  await page.waitForFunction(() => !document.querySelector('[data-field-path="$.steps[1].assumeRole"] [data-testid="field-error"]'), null, { timeout: 10000 });
  assert.equal(await other.isVisible(), false);
  assert.equal(await step.locator('[data-testid="card-error-count"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a group membership naming a missing group is shown at the user’s Groups, even from a closed card', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  await open(page);
  const s = await rawScenario(page);
  s.accounts[0].users[0].groups = ['Developers', 'Testers'];
  await page.locator('[data-testid="raw-editor"] textarea').fill(JSON.stringify(s, null, 2));
  await page.click('[data-testid="tab-world"]');
  const dev = page.locator('[data-testid="account-card"]').nth(0);
  // closed, the account card already says it holds an error
  await dev.locator(':scope > summary [data-testid="card-error-count"]').waitFor({ timeout: 10000 });
  assert.equal((await dev.locator(':scope > summary [data-testid="card-error-count"]').textContent()).trim(), '1 error');
  await openCard(dev);
  const tyler = await openCard(dev.locator('[data-testid="user-card"]').nth(0));
  const groups = tyler.locator('[data-field-path="$.accounts[0].users[0].groups"]');
  const err = groups.locator('[data-testid="field-error"]');
  await err.waitFor();
  assert.match(await err.textContent(), /there is no group Testers in account 444444444440/);
  // said once, at the field (not again at the top of the account's card)
  assert.equal(await page.locator('[data-testid="panel-world"] [data-testid="field-error"]').count(), 1);
  // the missing group is listed, ticked and marked; the account's group is offered
  const labels = (await groups.locator('label.check').allTextContents()).map((t) => t.trim());
  assert.deepEqual(labels, ['Developers', 'Testers — not a group of this account']);
  await groups.scrollIntoViewIfNeeded();
  await screenshot(page, 'form-guides-missing-group');
  // unticking it fixes the scenario
  await groups.locator('label.check', { hasText: 'Testers' }).locator('input').click();
  assert.deepEqual((await groups.locator('label.check').allTextContents()).map((t) => t.trim()), ['Developers']);
  await page.waitForFunction(() => !document.querySelector('[data-testid="panel-world"] [data-testid="field-error"]'), null, { timeout: 10000 });
  assert.deepEqual((await rawScenario(page)).accounts[0].users[0].groups, ['Developers']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('pickers list the world’s principals: users, root users and roles to sign in as, roles to assume', async () => {
  const page = await newPage(site.browser);
  await open(page);
  await page.click('[data-testid="tab-steps"]');
  const step0 = await openCard(page.locator('[data-testid="step-card"]').nth(0));
  const asOptions = await step0.locator('select[data-testid="pick"] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(asOptions.slice(0, -1), [
    ['arn:aws:iam::444444444440:user/Tyler-Dev', 'Tyler-Dev — user in Dev (444444444440)'],
    ['arn:aws:iam::444444444440:user/Jane-Ops', 'Jane-Ops — user in Dev (444444444440)'],
    ['arn:aws:iam::444444444440:root', 'root user of Dev (444444444440)'],
    ['arn:aws:iam::123456789012:root', 'root user of Prod (123456789012)'],
    ['arn:aws:iam::123456789012:role/DevReadOnly-CrossAccount', 'DevReadOnly-CrossAccount — role in Prod (123456789012)'],
    ['arn:aws:iam::123456789012:role/DevReadOnlyAccesswithMFA', 'DevReadOnlyAccesswithMFA — role in Prod (123456789012)'],
  ]);
  assert.equal(asOptions.at(-1)[1], 'Another principal ARN (type it)…');
  const step1 = await openCard(page.locator('[data-testid="step-card"]').nth(1));
  const roleOptions = await step1.locator('select[data-testid="pick"] optgroup').evaluateAll((gs) => gs.map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)]));
  assert.deepEqual(roleOptions, [['Account Prod (123456789012)', ['arn:aws:iam::123456789012:role/DevReadOnly-CrossAccount', 'arn:aws:iam::123456789012:role/DevReadOnlyAccesswithMFA']]]);
  // picking the other role changes the step
  await step1.locator('select[data-testid="pick"]').selectOption('arn:aws:iam::123456789012:role/DevReadOnlyAccesswithMFA');
  assert.equal((await rawScenario(page)).steps[1].assumeRole, 'arn:aws:iam::123456789012:role/DevReadOnlyAccesswithMFA');
  // a user's groups are ticked from the account's groups
  await page.click('[data-testid="tab-world"]');
  const dev = await openCard(page.locator('[data-testid="account-card"]').nth(0));
  const jane = await openCard(dev.locator('[data-testid="user-card"]').nth(1));
  const box = jane.locator('[data-field-path="$.accounts[0].users[1].groups"] input[type="checkbox"]');
  assert.equal(await box.count(), 1);
  assert.equal(await box.isChecked(), false);
  await box.check();
  assert.deepEqual((await rawScenario(page)).accounts[0].users[1].groups, ['Developers']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a new role trusts the other account (its own in a one-account world); a new step has no expectation', async () => {
  const page = await newPage(site.browser);
  await open(page);
  await page.click('[data-testid="tab-world"]');
  const dev = await openCard(page.locator('[data-testid="account-card"]').nth(0));
  await dev.getByRole('button', { name: 'Add role', exact: true }).click();
  const role = dev.locator('[data-testid="role-card"]').last();
  const trust = JSON.parse(await role.locator('[data-policy-path$=".trustPolicy"] textarea').first().inputValue());
  assert.equal(trust.Statement[0].Principal.AWS, 'arn:aws:iam::123456789012:root');
  // and in Prod, a new role trusts Dev
  const prod = await openCard(page.locator('[data-testid="account-card"]').nth(1));
  await prod.getByRole('button', { name: 'Add role', exact: true }).click();
  const s = await rawScenario(page);
  assert.equal(JSON.parse(s.accounts[1].roles.at(-1).trustPolicy).Statement[0].Principal.AWS, 'arn:aws:iam::444444444440:root');

  // a new AssumeRole step: the first role picked, no expectation
  await page.click('[data-testid="tab-steps"]');
  const count = await page.locator('[data-testid="step-card"]').count();
  await page.selectOption('select[aria-label="Kind of step to add"]', 'assumeRole');
  await page.click('[data-testid="add-step"]');
  const card = page.locator('[data-testid="step-card"]').nth(count);
  assert.equal(await card.evaluate((d) => d.open), true);
  assert.equal((await card.locator('select[data-field="expect"] option:checked').textContent()).trim(), '(no expectation)');
  assert.doesNotMatch(await card.locator('summary').first().textContent(), /expect/);
  assert.equal(await card.locator('select[data-testid="pick"]').inputValue(), (await rawScenario(page)).steps[count].assumeRole);
  assert.equal((await rawScenario(page)).steps[count].expect, undefined);
  await page.click('[data-testid="tab-steps"]');
  await page.selectOption('select[aria-label="Kind of step to add"]', 'call');
  await page.click('[data-testid="add-step"]');
  assert.equal((await rawScenario(page)).steps[count + 1].expect, undefined);
  await page.waitForFunction((n) => document.querySelector(`[data-testid="step"][data-step-index="${n}"]`) && !document.querySelector(`[data-testid="step"][data-step-index="${n}"]`).dataset.expect, count + 1, { timeout: 10000 });

  assert.deepEqual(page.errors, []);
  await page.context().close();

  // the built-in example has one account: a new role there trusts its own account
  const one = await newPage(site.browser);
  await open(one, '');
  await one.click('[data-testid="tab-world"]');
  assert.equal(await one.locator('[data-testid="account-card"]').count(), 1);
  const only = await openCard(one.locator('[data-testid="account-card"]').nth(0));
  const id = await only.locator('input[data-field="id"]').first().inputValue();
  await only.getByRole('button', { name: 'Add role', exact: true }).click();
  const own = await rawScenario(one);
  assert.equal(JSON.parse(own.accounts[0].roles.at(-1).trustPolicy).Statement[0].Principal.AWS, `arn:aws:iam::${id}:root`);
  assert.deepEqual(one.errors, []);
  await one.context().close();
});
