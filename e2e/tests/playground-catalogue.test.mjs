// The AWS action catalogue in the browser (headless Chromium, the built site): it arrives
// after the first decision is on screen, the findings it enables appear in the policy
// editor, completion offers action names and condition keys, hover describes an action, a
// wildcard and a condition key, and the service worker keeps it for offline use.
// Screenshots: e2e/screenshots/catalogue-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { useSite, newPage, ready, screenshot } from './playground-support.mjs';

const site = useSite();

const CATALOGUE = '**/iam-catalogue-*.txt.gz';
const DELAY_MS = 2500;

/** The inline policy editor of role ReportsReader in the built-in scenario (CodeMirror). */
async function reportsReaderPolicy(page) {
  await page.click('[data-testid="tab-world"]');
  const account = page.locator('[data-testid="account-card"]').first();
  if (!(await account.evaluate((d) => d.open))) await account.locator('summary').first().click();
  const role = account.locator('[data-testid="role-card"]', { hasText: 'Role ReportsReader' });
  if (!(await role.evaluate((d) => d.open))) await role.locator('summary').first().click();
  // the role's inline policy ReadReports: its card is drawn once the role's card opens
  const policyCard = role.locator('details', { hasText: 'ReadReports' }).first();
  await policyCard.waitFor({ timeout: 10000 });
  if (!(await policyCard.evaluate((d) => d.open))) await policyCard.locator('summary').first().click();
  const field = role.locator('.policy-field', { hasText: 'Policy document' }).first();
  try {
    await field.locator('.cm-content').waitFor({ timeout: 15000 });
  } catch (e) {
    await screenshot(page, 'catalogue-no-editor');
    throw e;
  }
  return field;
}

/** Replaces the editor's text (select all, then insert). */
async function replaceText(page, field, text) {
  await field.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(text);
}

/** Puts the cursor just after the first occurrence of `marker` in `text` (the editor's text). */
async function cursorAfter(page, field, text, marker) {
  const at = text.indexOf(marker) + marker.length;
  const lines = text.slice(0, at).split('\n');
  const line = lines.length - 1;
  const fromEnd = text.split('\n')[line].length - lines[line].length;
  await field.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  for (let i = 0; i < fromEnd; i++) await page.keyboard.press('ArrowLeft');
}

/** A fresh page with the catalogue loaded and ReportsReader's policy replaced by `policy`. */
async function withReportsPolicy(policy) {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await ready(page);
  const field = await reportsReaderPolicy(page);
  await catalogueReady(page);
  await replaceText(page, field, policy);
  return { page, field };
}

async function catalogueReady(page) {
  await page.waitForSelector('[data-testid="catalogue-status"][data-state="ready"]', { timeout: 20000 });
}

test('the first decision is on screen before the catalogue arrives, and the catalogue follows', async () => {
  const page = await newPage(site.browser, { serviceWorkers: 'block' });
  let requested = 0;
  let releasedAt = null;
  const t0 = Date.now();
  await page.context().route(CATALOGUE, async (route) => {
    requested++;
    await new Promise((r) => setTimeout(r, DELAY_MS));
    releasedAt = Date.now() - t0;
    await route.continue();
  });
  await page.goto(site.server.url);
  await page.waitForSelector('[data-testid="step"][data-decision]', { timeout: 20000 });
  const decidedAt = Date.now() - t0;
  assert.equal(releasedAt, null, `the first decision (${decidedAt} ms) waited for the catalogue`);
  const state = await page.getAttribute('[data-testid="catalogue-status"]', 'data-state');
  assert.ok(state === 'idle' || state === 'loading', `catalogue state ${state} before it was sent`);
  await catalogueReady(page);
  assert.ok(releasedAt !== null && requested >= 1, 'the catalogue came through the delayed route');
  const status = await page.textContent('[data-testid="catalogue-status"]');
  assert.match(status, /@cloud-copilot\/iam-data \d+\.\d+\.\d+/);
  const metrics = await page.evaluate(() => window.iamPlaygroundUI.metrics.navigationToFirstDecisionMs);
  assert.ok(metrics !== null && metrics < releasedAt, `first decision at ${metrics} ms, catalogue released at ${releasedAt} ms`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('s3:GetObjects in a policy is an unknown action with its suggestion', async () => {
  const { page, field } = await withReportsPolicy(
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::example-reports/*" }\n  ]\n}',
  );
  const finding = field.locator('[data-testid="diagnostics"] li', { hasText: 'does not exist' }).first();
  await finding.waitFor({ timeout: 10000 });
  const text = await finding.textContent();
  assert.match(text, /s3:GetObjects/);
  assert.match(text, /s3:GetObject\b(?!s)/, `no suggestion in: ${text}`);
  assert.equal(await finding.getAttribute('data-line'), '4', text);
  await screenshot(page, 'catalogue-finding');
  // underlined in the editor too
  const marks = await field.locator('.cm-lintRange').evaluateAll((els) => els.map((e) => [e.className, e.textContent]));
  assert.ok(marks.some(([cls, t]) => /cm-lintRange-(warning|error)/.test(cls) && t.includes('GetObjects')), JSON.stringify(marks));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('completion offers s3:GetObject after s3:GetOb, and condition keys in a Condition', async () => {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await ready(page);
  const field = await reportsReaderPolicy(page);
  const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "", "Resource": "*",\n      "Condition": { "StringEquals": { "": "x" } } }\n  ]\n}';
  await replaceText(page, field, policy);
  await cursorAfter(page, field, policy, '"Action": "');
  await page.keyboard.type('s3:GetOb', { delay: 30 });
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 's3:GetObject' }).first();
  await option.waitFor({ timeout: 15000 });
  const labels = await page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents();
  assert.ok(labels.includes('s3:GetObject'), labels.join(', '));
  assert.ok(labels.every((l) => l.startsWith('s3:GetOb')), labels.join(', '));
  assert.match(await page.locator('.cm-tooltip-autocomplete').textContent(), /Read/);
  await screenshot(page, 'catalogue-completion');
  await page.keyboard.press('Enter');
  const text = await field.locator('.cm-content').textContent();
  assert.match(text, /"Action": "s3:GetObject(Acl|Attributes)?"/);

  // a condition key inside the operator's object
  await cursorAfter(page, field, (await field.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'))), '"StringEquals": { "');
  await page.keyboard.type('aws:PrincipalO', { delay: 30 });
  const key = page.locator('.cm-tooltip-autocomplete li', { hasText: 'aws:PrincipalOrgID' }).first();
  await key.waitFor({ timeout: 10000 });
  assert.match(await key.textContent(), /String/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('hover describes an action, a wildcard and a condition key', async () => {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await ready(page);
  const field = await reportsReaderPolicy(page);
  await replaceText(
    page,
    field,
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow",\n      "Action": ["s3:GetObject", "s3:List*"],\n      "Resource": "*",\n      "Condition": { "StringEquals": { "aws:PrincipalTag/team": "reports" } } }\n  ]\n}',
  );
  const hoverOn = async (needle) => {
    await page.mouse.move(0, 0);
    // the middle of the text `needle` (in one text node of the editor's content)
    const box = await field.locator('.cm-content').evaluate((content, n) => {
      const walk = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        const i = node.data.indexOf(n);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + n.length);
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    }, needle);
    assert.ok(box, `no text ${needle} in the editor`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const card = page.locator('[data-testid="catalogue-hover"]').first();
    await card.waitFor({ timeout: 15000 });
    return card;
  };

  const action = await hoverOn('s3:GetObject');
  assert.equal(await action.locator('[data-testid="hover-access-level"]').textContent(), 'Access level: Read');
  const text = await action.textContent();
  assert.match(text, /Amazon S3/);
  assert.match(text, /Resource types: .*object/);
  assert.match(text, /s3:TlsVersion \(Numeric\)/);
  assert.match(text, /From @cloud-copilot\/iam-data \d/);
  assert.equal(await action.locator('a').getAttribute('href'), 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html');
  await screenshot(page, 'catalogue-hover');

  const wildcard = await hoverOn('s3:List*');
  await page.locator('[data-testid="hover-covers"]').first().waitFor();
  assert.match(await wildcard.locator('[data-testid="hover-covers"]').textContent(), /s3:List\* covers \d+ actions/);
  assert.ok((await wildcard.locator('li').count()) > 3);

  const key = await hoverOn('aws:PrincipalTag/team');
  await page.locator('[data-testid="hover-key-type"]').first().waitFor();
  assert.match(await key.textContent(), /global condition key/);
  assert.equal(await key.locator('[data-testid="hover-key-type"]').textContent(), 'Type: String');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the service worker keeps the catalogue for offline use', async () => {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await ready(page);
  await catalogueReady(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // the service worker precaches the catalogue (and keeps what the page loaded: the wasm…)
  const cached = await page.waitForFunction(
    async () => {
      const urls = [];
      for (const name of await caches.keys()) urls.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
      const catalogue = urls.find((u) => /\/site\/iam-catalogue-[^/]+\.txt\.gz$/.test(u));
      const shell = urls.some((u) => u.endsWith('.wasm')) && urls.some((u) => u.endsWith('/site/main.js')) && urls.some((u) => u.endsWith('/site/worker.js'));
      return catalogue && shell ? catalogue : false;
    },
    null,
    { timeout: 20000, polling: 250 },
  );
  // offline, a new visit still gets the catalogue (from the service worker's cache)
  await page.context().setOffline(true);
  const again = await page.context().newPage();
  await again.goto(site.server.url);
  await again.waitForSelector('[data-testid="catalogue-status"][data-state="ready"]', { timeout: 20000 });
  await page.context().close();
});

test('a catalogue that arrives already decompressed (Content-Encoding: gzip, decoded by the browser) is read as text', async () => {
  const page = await newPage(site.browser, { serviceWorkers: 'block' });
  let served = 0;
  await page.context().route(CATALOGUE, async (route) => {
    const response = await route.fetch();
    const text = gunzipSync(await response.body());
    assert.ok(text.toString('utf8').startsWith('iam-catalogue 1\n'));
    served++;
    await route.fulfill({ status: 200, body: text, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });
  await page.goto(site.server.url);
  await ready(page);
  await catalogueReady(page);
  assert.equal(served, 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('without a worker the page installs the catalogue in its own engine', async () => {
  const page = await newPage(site.browser, { serviceWorkers: 'block' });
  await page.goto(`${site.server.url}?worker=0`);
  await ready(page);
  await catalogueReady(page);
  const status = await page.evaluate(() => window.iamPlayground.api({ op: 'catalogue' }));
  assert.equal(status.installed, true);
  const described = await page.evaluate(() => window.iamPlayground.api({ op: 'describe', action: 's3:getobject' }));
  assert.equal(described.action, 's3:GetObject');
  assert.equal(described.accessLevel, 'Read');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the trace names the access level, counts what a wildcard covers and says when a resource is not a type the action acts on', async () => {
  // s3:Get* on the bucket only: the action matches, the resource names no object
  const { page } = await withReportsPolicy(
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::example-reports" }\n  ]\n}',
  );
  const step = page.locator('[data-testid="step"][data-step-index="2"]');
  try {
    await page.waitForFunction(() => document.querySelector('[data-testid="step"][data-step-index="2"]')?.getAttribute('data-decision') === 'implicitDeny', null, { timeout: 10000 });
  } catch (e) {
    await screenshot(page, 'catalogue-trace-failed');
    const attrs = await page.$$eval('[data-testid="step"]', (els) => els.map((e) => [e.dataset.stepIndex, e.dataset.decision]));
    throw new Error(`${e.message}: steps ${JSON.stringify(attrs)}`);
  }
  await step.locator('summary').first().click();
  const info = step.locator('[data-testid="trace-action-info"]').first();
  await info.waitFor({ timeout: 10000 });
  assert.equal((await info.textContent()).trim(), 'Amazon S3 · access level Read');
  const note = step.locator('[data-testid="trace-element-note"]').first();
  await note.waitFor({ timeout: 10000 });
  assert.match(await note.textContent(), /not a resource type s3:GetObject acts on/);
  assert.match(await note.textContent(), /object: arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}/);
  const covers = step.locator('[data-testid="trace-covers"]').first();
  const summary = (await covers.locator('summary').textContent()).trim();
  const count = Number(/^covers (\d+) actions$/.exec(summary)?.[1]);
  assert.ok(count > 50, summary);
  await covers.locator('summary').click();
  const items = covers.locator('li');
  await items.first().waitFor({ timeout: 10000 });
  assert.equal(await items.count(), count, 'every covered action is listed');
  const listed = await items.allTextContents();
  assert.ok(listed.some((t) => t.startsWith('s3:GetObject Read')), listed.slice(0, 5).join(' | '));
  assert.ok(listed.every((t) => /^s3:Get/.test(t)), 'only s3:Get… actions');
  await screenshot(page, 'catalogue-trace');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
