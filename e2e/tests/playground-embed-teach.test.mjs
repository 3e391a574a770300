// Embeds that teach (issue 11): a host page on another origin embeds a lesson with
// <iam-playground> and with a plain sandboxed iframe, 600×400 each. Inside each frame a reader
// sees the title, the lesson text with its "Try it" part, the results with their decisions, a
// statement's text in a popover and in the Policies view (every document, read-only), and
// "Edit here": an edit flips a step's decision, "Open in full playground" carries the edit,
// "Reset" returns to the lesson. Nothing overflows sideways; no script errors, in any frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { newPage, ready, screenshot, screenshotDir, serve, stepsOnScreen, useSite } from './playground-support.mjs';

const site = useSite();
const LESSON = 'lesson-explicit-deny-wins';
const TITLE = 'Lesson: an explicit Deny wins over every Allow';
// the lesson's steps as the engine decides them (the first signs in)
const DECISIONS = [null, 'allowed', 'explicitDeny', 'allowed', 'explicitDeny', 'allowed'];
const GROUP_POLICY = '$.accounts[0].groups[0].inlinePolicies[0].document';

/** The host page: an article on another origin with the two embeds of the lesson. */
function hostPage(siteUrl, { editable = false } = {}) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Course: how AWS evaluates policies</title>
<style>
  :root { color-scheme: light dark; font: 16px/1.5 system-ui, sans-serif; }
  body { margin: 0; background: #ffffff; color: #1b1f24; }
  @media (prefers-color-scheme: dark) { body { background: #101316; color: #e4e7eb; } }
  main { max-width: 760px; margin: 0 auto; padding: 12px 16px 40px; }
  h1 { font-size: 1.4em; margin: 0.3em 0; }
  .frame { width: 600px; max-width: 100%; }
  iframe.plain { box-sizing: border-box; display: block; width: 600px; max-width: 100%; height: 400px; border: 1px solid #8891a0; border-radius: 8px; }
</style>
<script src="${siteUrl}site/embed.js" defer></script>
</head><body><main>
<h1>Lesson 3: an explicit Deny wins</h1>
<p>Read the lesson in the playground below, then try its exercise: nothing you change leaves this page.</p>
<div class="frame"><iam-playground id="element" preset="${LESSON}" height="400"${editable ? ' editable' : ''}></iam-playground></div>
<h2>The same lesson in a plain iframe</h2>
<iframe class="plain" id="plain" src="${siteUrl}?embed=1#preset=${LESSON}" sandbox="allow-scripts allow-same-origin allow-popups" title="IAM playground: an explicit Deny wins"></iframe>
</main></body></html>`;
}

let host;
let hostRoot;
before(async () => {
  hostRoot = await mkdtemp(join(tmpdir(), 'iamp-host-'));
  // the host is served by a second server: another port, so another origin
  const siteUrl = () => site.server.url;
  host = await serve(hostRoot, {
    '/lesson.html': { type: 'text/html; charset=utf-8', body: hostPage(siteUrl()) },
    '/editable.html': { type: 'text/html; charset=utf-8', body: hostPage(siteUrl(), { editable: true }) },
  });
  assert.notEqual(new URL(host.url).origin, new URL(site.server.url).origin, 'the host page is on another origin');
});
after(async () => {
  await host?.close();
  await rm(hostRoot, { recursive: true, force: true });
});

/** A page whose every frame records its script errors (window.__iampErrors). */
async function hostTab(viewport, colorScheme = 'light') {
  const page = await newPage(site.browser, { viewport, colorScheme });
  await page.addInitScript(() => {
    window.__iampErrors = [];
    window.addEventListener('error', (e) => window.__iampErrors.push(String(e.message)));
    window.addEventListener('unhandledrejection', (e) => window.__iampErrors.push(String(e.reason && e.reason.message ? e.reason.message : e.reason)));
  });
  return page;
}

/** The playground frame inside `selector` (an <iframe>, or the one in <iam-playground>'s shadow root), ready. */
async function embedFrame(page, selector) {
  const el = page.locator(selector);
  await el.scrollIntoViewIfNeeded();
  const handle = await el.elementHandle();
  let frame = null;
  for (let i = 0; i < 100 && !(frame = await handle.contentFrame()); i++) await page.waitForTimeout(100);
  assert.ok(frame, `${selector} has a frame`);
  await frame.waitForURL(/embed=1/);
  await ready(frame);
  return frame;
}

async function noSidewaysScroll(frame, when) {
  const m = await frame.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(m.scroll <= m.client, `${when}: the frame scrolls sideways (${m.scroll} > ${m.client})`);
}

async function frameErrors(page) {
  const out = [];
  for (const f of page.frames()) out.push(...(await f.evaluate(() => window.__iampErrors || []).catch(() => [])));
  return out;
}

/** The text a person sees in the decision of step `i`. */
const decisionText = (frame, i) => frame.locator(`[data-testid="step"][data-step-index="${i}"] [data-testid="decision"]`).first().innerText();

/** Everything a reader does in one 600×400 embed. */
async function teachInFrame(page, selector, shot) {
  const frame = await embedFrame(page, selector);
  let box = await page.locator(selector).boundingBox();
  assert.ok(Math.abs(box.width - 600) <= 1 && Math.abs(box.height - 400) <= 1, `the embed is 600×400: ${JSON.stringify(box)}`);
  const inner = await frame.evaluate(() => [window.innerWidth, window.innerHeight]);
  assert.ok(inner[0] >= 590 && inner[1] <= 400, `the frame's own size: ${inner}`);

  // the title
  const title = frame.locator('[data-testid="embed-title"]');
  assert.ok(await title.isVisible(), 'the title is visible');
  assert.equal((await title.textContent()).trim(), TITLE);

  // the lesson: at 400 px tall a compact toggle, opened with one click; its "Try it" part
  const lesson = frame.locator('[data-testid="description"]');
  await lesson.locator('summary').waitFor();
  assert.match(await lesson.locator('summary').innerText(), /^Lesson/);
  if (!(await lesson.evaluate((d) => d.open))) await lesson.locator('summary').click();
  const rule = lesson.locator('p', { hasText: 'The rule.' });
  assert.ok(await rule.isVisible(), 'the lesson text is visible');
  assert.match(await rule.innerText(), /explicit deny/);
  const tryIt = lesson.locator('[data-testid="try-it"]');
  assert.ok(await tryIt.isVisible(), 'the "Try it" part is visible');
  assert.match(await tryIt.innerText(), /^Try it\. Delete the group's policy/);
  assert.ok(await tryIt.locator('[data-testid="try-it-edit"]').isVisible(), '"Try it" offers to edit here');
  await noSidewaysScroll(frame, 'with the lesson open');
  if (shot) await page.locator(selector).screenshot({ path: join(screenshotDir, `${shot}-lesson.png`) });
  await lesson.locator('summary').click(); // closed again: the results come first

  // the results with their decisions, in words
  assert.deepEqual(
    (await stepsOnScreen(frame)).map((s) => s.decision),
    DECISIONS,
  );
  assert.equal(await decisionText(frame, 2), 'Explicit deny');
  assert.equal(await decisionText(frame, 1), 'Allowed');
  await noSidewaysScroll(frame, 'on the results');
  if (shot) await page.locator(selector).screenshot({ path: join(screenshotDir, `${shot}.png`) });

  // a statement link opens the statement's text in a popover
  const step = frame.locator('[data-testid="step"][data-step-index="2"]');
  await step.locator('details > summary').first().click();
  await step.locator('[data-testid="trace-goto"]').first().waitFor({ state: 'attached' });
  await step.locator('details').evaluateAll((els) => els.forEach((d) => (d.open = true)));
  // the group's Deny statement, named in the trace by its Sid
  const link = step.locator(`[data-testid="trace-goto"][data-origin="${GROUP_POLICY}"]:visible`, { hasText: 'NoDeletesInAuditLogs' }).first();
  await link.scrollIntoViewIfNeeded();
  await link.click();
  const pop = frame.locator('[data-testid="statement-popover"]');
  await pop.waitFor({ state: 'visible' });
  const stmt = await pop.locator('[data-testid="statement-text"]').innerText();
  assert.match(stmt, /"Sid": "NoDeletesInAuditLogs"/);
  assert.match(stmt, /"Effect": "Deny"/);
  const popBox = await pop.boundingBox();
  box = await page.locator(selector).boundingBox(); // (the host page may have scrolled)
  assert.ok(popBox.x >= box.x && popBox.y >= box.y && popBox.x + popBox.width <= box.x + box.width + 1 && popBox.y + popBox.height <= box.y + box.height + 1, `the popover stays inside the frame: ${JSON.stringify(popBox)}`);
  if (shot) await page.locator(selector).screenshot({ path: join(screenshotDir, `${shot}-popover.png`) });

  // … and "Show in Policies" shows it among the world's documents, marked
  await pop.locator('[data-testid="statement-show-policy"]').click();
  await pop.waitFor({ state: 'hidden' });
  const policies = frame.locator('[data-testid="embed-policies"]');
  assert.ok(await policies.isVisible(), 'the Policies view is shown');
  assert.equal(await frame.locator('[data-testid="embed-view-policies"]').getAttribute('aria-selected'), 'true');
  const marked = policies.locator('[data-marked="true"]');
  await marked.waitFor({ state: 'visible' });
  assert.match(await marked.innerText(), /"Sid": "NoDeletesInAuditLogs"/);
  const markedBox = await marked.boundingBox();
  box = await page.locator(selector).boundingBox();
  assert.ok(markedBox.y >= box.y && markedBox.y < box.y + box.height, 'the marked statement is scrolled into the frame');
  assert.equal(await marked.evaluate((el) => el.closest('[data-testid="embed-policy"]').dataset.path), GROUP_POLICY);
  // under it, the step that statement decided
  const decides = marked.locator('xpath=ancestor::*[@data-testid="embed-policy"]').locator('[data-testid="embed-decides"]');
  assert.match(await decides.innerText(), /^Sid NoDeletesInAuditLogs decided step 3: Explicit deny$/);

  // the Policies view lists every document, read-only, and what is attached
  const docs = policies.locator('[data-testid="embed-policy"]');
  assert.equal(await docs.count(), 3);
  const heads = await docs.locator('.emb-doc-head').allInnerTexts();
  assert.ok(heads.some((t) => /Inline policy\s+AllowDeletingOneLogObject/.test(t)), heads.join(' | '));
  assert.ok(heads.some((t) => /Bucket policy/.test(t)), heads.join(' | '));
  const aws = policies.locator('[data-testid="embed-attached"][data-aws="true"]');
  assert.match(await aws.innerText(), /Attached managed policy\s+AmazonS3FullAccess\s+AWS managed/);
  await aws.locator('[data-testid="embed-aws-document"] summary').click();
  await aws.locator('.emb-json').waitFor();
  assert.match(await aws.locator('.emb-json').innerText(), /"s3:\*"/);
  assert.equal(await aws.locator('a').getAttribute('href'), 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3FullAccess.html');
  assert.equal(await policies.locator('textarea, [contenteditable="true"]').count(), 0, 'nothing in the Policies view is editable');
  await noSidewaysScroll(frame, 'on the Policies view');
  if (shot) await page.locator(selector).screenshot({ path: join(screenshotDir, `${shot}-policies.png`) });

  // Edit here: "Edit" on the group's policy opens it in the frame's editor
  assert.equal(await frame.locator('[data-testid="panel-world"]').isVisible(), false, 'no editor before "Edit here"');
  const groupDoc = docs.filter({ has: frame.locator(`.emb-doc-name`, { hasText: 'DenyDeletingAuditLogs' }) });
  const original = await groupDoc.locator('.emb-json').innerText();
  await groupDoc.locator('[data-testid="embed-policy-edit"]').click();
  assert.equal(await frame.locator('[data-testid="embed-edit"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await frame.locator('[data-testid="embed-edit"]').innerText(), 'Close the editor');
  assert.equal(await frame.locator('[data-testid="embed-view-results"]').getAttribute('aria-selected'), 'true', 'the results follow the edits');
  const editor = frame.locator(`[data-testid="policy-editor"][data-policy-path="${GROUP_POLICY}"]`);
  await editor.waitFor({ state: 'visible' });
  await frame.waitForSelector(`[data-testid="policy-editor"][data-policy-path="${GROUP_POLICY}"][data-mode="code"] .cm-content`);
  // the reader pastes the policy with its Deny turned into an Allow
  await editor.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(original.replace('"Effect": "Deny"', '"Effect": "Allow"'));
  await frame.waitForSelector('[data-testid="step"][data-step-index="2"][data-decision="allowed"]');
  assert.equal(await decisionText(frame, 2), 'Allowed', 'the step reads Allowed now');
  // the line under the bar says so without scrolling down to the results
  const live = frame.locator('[data-testid="embed-live"]');
  assert.ok(await live.isVisible(), 'the change is announced under the bar');
  assert.match(await live.innerText(), /^Step 3: Explicit deny → Allowed\. Show the results$/);
  assert.deepEqual(
    (await stepsOnScreen(frame)).map((s) => s.decision),
    [null, 'allowed', 'allowed', 'allowed', 'explicitDeny', 'allowed'],
  );
  await noSidewaysScroll(frame, 'while editing');
  if (shot) await page.locator(selector).screenshot({ path: join(screenshotDir, `${shot}-editing.png`) });

  // "Open in full playground" carries the edit
  const openFull = frame.locator('[data-testid="open-full"]');
  await frame.waitForFunction(() => /#s=1\./.test(document.querySelector('[data-testid="open-full"]').href));
  const href = await openFull.getAttribute('href');
  assert.doesNotMatch(href, /embed=1|edit=1/, 'the full playground is not an embed');
  const shared = JSON.parse(inflateRawSync(Buffer.from(new URL(href).hash.replace(/^#s=1\./, ''), 'base64url')).toString('utf8'));
  const edited = JSON.parse(shared.scenario);
  assert.match(edited.accounts[0].groups[0].inlinePolicies[0].document, /"Effect": "Allow"/);

  // Reset: back to the lesson as embedded
  const reset = frame.locator('[data-testid="embed-reset"]');
  assert.ok(await reset.isVisible(), 'Reset is offered once something changed');
  await reset.click();
  await frame.waitForSelector('[data-testid="step"][data-step-index="2"][data-decision="explicitDeny"]');
  assert.equal(await decisionText(frame, 2), 'Explicit deny');
  assert.equal(await reset.isVisible(), false, 'nothing to reset any more');
  assert.match(await openFull.getAttribute('href'), new RegExp(`#preset=${LESSON}$`));
  // closing the editor returns to reading
  await frame.locator('[data-testid="embed-edit"]').click();
  assert.equal(await frame.locator('[data-testid="panel-world"]').isVisible(), false);
  assert.equal(await frame.locator('[data-testid="embed-edit"]').innerText(), 'Edit here');
  assert.equal(await live.isVisible(), false, 'no change line while reading');
  await noSidewaysScroll(frame, 'after Reset');
  // an embed never writes the reader's saved work
  assert.equal(await frame.evaluate(() => localStorage.getItem('iam-playground:work')), null);
  return frame;
}

for (const [name, selector] of [
  ['<iam-playground>', '#element iframe'],
  ['a plain sandboxed iframe', '#plain'],
]) {
  test(`a lesson embedded with ${name} at 600×400 on another origin teaches, and edits in place`, async () => {
    const page = await hostTab({ width: 1440, height: 900 });
    await page.goto(`${host.url}lesson.html`);
    const plain = selector === '#plain';
    await teachInFrame(page, selector, plain ? null : 'embed-600x400-light');
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await frameErrors(page), []);
    await page.context().close();
  });
}

test('the embed at 600×400 in dark mode', async () => {
  const page = await hostTab({ width: 1440, height: 900 }, 'dark');
  await page.goto(`${host.url}lesson.html`);
  const frame = await embedFrame(page, '#element iframe');
  assert.equal(await frame.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true);
  const bg = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(21, 24, 28)', 'the frame is dark');
  await page.locator('#element iframe').screenshot({ path: join(screenshotDir, 'embed-600x400-dark.png') });
  await frame.locator('[data-testid="embed-view-policies"]').click();
  await frame.locator('[data-testid="embed-policy"]').first().waitFor();
  await page.locator('#element iframe').screenshot({ path: join(screenshotDir, 'embed-600x400-dark-policies.png') });
  await noSidewaysScroll(frame, 'dark, on the Policies view');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(await frameErrors(page), []);
  await page.context().close();
});

for (const [w, hgt] of [
  [1440, 900],
  [390, 844],
]) {
  for (const scheme of ['light', 'dark']) {
    test(`the host page at ${w}×${hgt} (${scheme})`, async () => {
      const page = await hostTab({ width: w, height: hgt }, scheme);
      await page.goto(`${host.url}lesson.html`);
      const frame = await embedFrame(page, '#element iframe');
      assert.equal((await frame.locator('[data-testid="embed-title"]').textContent()).trim(), TITLE);
      assert.deepEqual(
        (await stepsOnScreen(frame)).map((s) => s.decision),
        DECISIONS,
      );
      await noSidewaysScroll(frame, `in the host page at ${w} px`);
      const hostOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(hostOverflow <= 0, `the host page scrolls sideways by ${hostOverflow} px`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `embed-host-${w}x${hgt}-${scheme}`);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(await frameErrors(page), []);
      await page.context().close();
    });
  }
}

test('<iam-playground editable> opens in "Edit here", and the frame keeps the mode in its address', async () => {
  const page = await hostTab({ width: 1440, height: 900 });
  await page.goto(`${host.url}editable.html`);
  const src = await page.locator('#element iframe').getAttribute('src');
  assert.match(src, /[?&]edit=1/);
  const frame = await embedFrame(page, '#element iframe');
  await frame.locator('[data-testid="panel-world"]').waitFor({ state: 'visible' });
  assert.equal(await frame.locator('[data-testid="embed-edit"]').getAttribute('aria-pressed'), 'true');
  // the plain iframe on the same page did not ask for it
  const plain = await embedFrame(page, '#plain');
  assert.equal(await plain.locator('[data-testid="panel-world"]').isVisible(), false);
  assert.equal(await plain.locator('[data-testid="embed-edit"]').getAttribute('aria-pressed'), 'false');
  await noSidewaysScroll(frame, 'editable, at start');
  await page.locator('#element iframe').screenshot({ path: join(screenshotDir, 'embed-600x400-editable.png') });
  assert.deepEqual(page.errors, []);
  assert.deepEqual(await frameErrors(page), []);
  await page.context().close();
});
