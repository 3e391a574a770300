// The world-and-chain diagram (issue 11, "a picture of the world and the chain"): the
// Diagram tab of the results pane draws the accounts, their principals, the trust arrows with
// their MFA / ExternalId badges and the chosen step's path coloured by its decision; a node
// opens its editor card (a popover in an embed); SVG and PNG export. The world is a
// three-account chain (Identity → Tooling → Prod, tests/whatif/chains.json). Screenshots:
// e2e/screenshots/diagram-*.png at 1440×900 and 390×844, light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { useSite, newPage, ready, screenshot, repoRoot, screenshotDir } from './playground-support.mjs';
import { encodeShare } from '../../www/src/ui/share.js';

const site = useSite();
const CHAINS = await readFile(join(repoRoot, 'tests', 'whatif', 'chains.json'), 'utf8');

/** The chain scenario opened through a share link, its Diagram tab shown. */
async function openDiagram(page, { embed = false } = {}) {
  await page.goto(`${site.server.url}${embed ? '?embed=1' : ''}#s=${await encodeShare(CHAINS, 'e2e')}`);
  await ready(page);
  if (!embed) await page.click('[data-testid="rtab-diagram"]');
  else await page.click('[data-testid="embed-diagram"] > summary');
  await page.locator('[data-testid="diagram"] svg').waitFor();
}

/** Choose the step whose path is drawn, in the list under the diagram. */
async function chooseStep(page, index) {
  await page.click(`[data-testid="diagram-step"][data-step-index="${index}"] button`);
  await page.locator(`[data-testid="diagram"] .dg-path[data-step-index="${index}"]`).waitFor();
}

async function noSidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

test('the diagram shows the accounts, the trust arrows with their badges and a step’s path coloured by its decision', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await openDiagram(page);
  const svg = page.locator('[data-testid="diagram"] svg');
  assert.equal(await svg.getAttribute('role'), 'img');
  assert.match(await svg.locator('title#dg-title').textContent(), /^Diagram: Who can read prod-data/);
  assert.deepEqual(await svg.locator('.dg-account-title').allTextContents(), ['Outside the accounts', 'Identity', 'Tooling', 'Prod']);
  assert.match(await page.locator('.dg-status').textContent(), /^3 accounts, 13 principals, 7 trust relationships\.$/);
  // trust arrows: from the Identity account to ProdRead (MFA), from Deployer to ProdAdmin (ExternalId)
  assert.equal(await svg.locator('.dg-trust[data-from="account:111111111111"][data-to="333333333333:role/ProdRead"]').count(), 1);
  assert.equal(await svg.locator('.dg-badge[data-to="333333333333:role/ProdRead"] text').textContent(), 'MFA');
  assert.equal(await svg.locator('.dg-trust[data-from="222222222222:role/Deployer"][data-to="333333333333:role/ProdAdmin"]').count(), 1);
  assert.equal(await svg.locator('.dg-badge[data-to="333333333333:role/ProdAdmin"] text').textContent(), 'ExternalId');
  assert.ok(await svg.locator('.dg-badge[data-to="333333333333:role/ProdRead"]').isVisible());

  // step 4: alice → Deployer → ProdAdmin → GetObject on prod-data, allowed: a green path through all four
  await chooseStep(page, 3);
  const path = svg.locator('.dg-path');
  assert.match(await path.getAttribute('class'), /\bdg-path-allowed\b/);
  assert.equal(await path.getAttribute('data-decision'), 'allowed');
  const colours = await page.evaluate(() => {
    const p = document.querySelector('[data-testid="diagram"] .dg-path .dg-hop-last');
    const root = getComputedStyle(document.documentElement);
    const probe = document.createElement('span');
    document.body.append(probe);
    const resolve = (v) => {
      probe.style.color = v;
      return getComputedStyle(probe).color;
    };
    return { stroke: getComputedStyle(p).stroke, allowed: resolve(root.getPropertyValue('--allowed').trim()), ideny: resolve(root.getPropertyValue('--ideny').trim()) };
  });
  assert.equal(colours.stroke, colours.allowed);
  assert.equal(await path.locator('path').count(), 3);
  assert.deepEqual(await path.locator('text').allTextContents(), ['1', '2', '3', '4']);
  assert.deepEqual(
    await svg.locator('.dg-on-path .dg-node-name').allTextContents(),
    ['alice', 'Deployer', 'ProdAdmin', 'prod-data'],
  );
  const row = page.locator('[data-testid="diagram-step"][data-step-index="3"]');
  assert.equal(await row.textContent(), 'Step 4: alice → Deployer → ProdAdmin → s3:GetObject on prod-data (account 333333333333 Prod) — Allowed');
  assert.equal(await row.locator('button').getAttribute('aria-pressed'), 'true');
  await page.locator('[data-testid="diagram"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'diagram-1440-light');

  // step 6: ProdAdmin again without the ExternalId: an implicit deny, in its own colour
  await chooseStep(page, 5);
  assert.match(await svg.locator('.dg-path').getAttribute('class'), /\bdg-path-implicit-deny\b/);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="diagram"] .dg-path .dg-hop-last')).stroke), colours.ideny);
  assert.match(await page.locator('[data-testid="diagram-step"][data-step-index="5"]').textContent(), /— Implicit deny$/);
  // explicit deny: dave's own policy denies SourceIdentity admin
  await chooseStep(page, 16);
  assert.match(await svg.locator('.dg-path').getAttribute('class'), /\bdg-path-explicit-deny\b/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('opening a step row in the results draws its path; clicking a node opens that principal’s editor card', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  await openDiagram(page);
  await page.click('[data-testid="rtab-results"]');
  await page.click('[data-testid="step"][data-step-index="8"] summary');
  await page.click('[data-testid="rtab-diagram"]');
  const path = page.locator('[data-testid="diagram"] .dg-path');
  await path.waitFor();
  assert.equal(await path.getAttribute('data-step-index'), '8');
  assert.match(await path.getAttribute('class'), /dg-path-allowed/);
  // bob → ProdRead with MFA
  assert.deepEqual(await page.locator('[data-testid="diagram"] .dg-on-path .dg-node-name').allTextContents(), ['bob', 'ProdRead']);

  await page.click('[data-testid="diagram"] .dg-node[data-node-id="333333333333:role/ProdRead"]');
  assert.equal(await page.getAttribute('[data-testid="tab-world"]', 'aria-selected'), 'true');
  const card = page.locator('details[data-card-path="$.accounts[2].roles[1]"]');
  await card.waitFor();
  assert.equal(await card.evaluate((d) => d.open), true);
  assert.ok(await card.locator(':scope > summary').isVisible());
  assert.equal(await card.locator(':scope > summary').textContent(), 'Role ProdRead');
  assert.match(await card.textContent(), /Trust policy/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('SVG and PNG export download files named after the scenario, in the colours on screen', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
  await openDiagram(page);
  await chooseStep(page, 3);
  await page.locator('[data-testid="diagram"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'diagram-1440-dark');
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="diagram-export-svg"]')]);
  assert.equal(svgDownload.suggestedFilename(), 'who-can-read-prod-data-chains-externalid-mfa-a-service-role-diagram.svg');
  const text = await readFile(await svgDownload.path(), 'utf8');
  for (const name of ['Identity', 'Tooling', 'Prod', 'ProdAdmin', 'ExternalId', 'MFA']) assert.ok(text.includes(`>${name}<`), name);
  assert.doesNotMatch(text, /var\(--/);
  // the dark scheme's panel colour is the background
  assert.match(text, /class="dg-bg"[^>]*style="fill:\s*#1d2126/);
  const xml = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.localName, ns: doc.documentElement.namespaceURI };
  }, text);
  assert.deepEqual(xml, { error: 0, root: 'svg', ns: 'http://www.w3.org/2000/svg' });

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="diagram-export-png"]')]);
  assert.match(pngDownload.suggestedFilename(), /-diagram\.png$/);
  const png = await readFile(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.length > 20000, `PNG of ${png.length} bytes`);
  // kept beside the screenshots, to look at what a slide would get
  await mkdir(screenshotDir, { recursive: true });
  await writeFile(join(screenshotDir, 'diagram-export-dark.png'), png);
  // twice the diagram's size
  const width = png.readUInt32BE(16);
  assert.equal(width, 2 * Number(await page.locator('[data-testid="diagram"] svg').getAttribute('width')));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  test(`at 390×844 (${scheme}) the diagram scrolls in its own box and the page does not scroll sideways`, async () => {
    const page = await newPage(site.browser, { viewport: { width: 390, height: 844 }, colorScheme: scheme });
    await openDiagram(page);
    await chooseStep(page, 3);
    const box = page.locator('[data-testid="diagram"]');
    const sizes = await box.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
    assert.ok(sizes.scroll > sizes.client, 'the diagram is wider than its box and scrolls inside it');
    assert.ok(await noSidewaysScroll(page), 'no horizontal page overflow');
    // the box has scrolled to where the drawn path starts: alice, in Identity
    await page.locator('[data-testid="rtab-diagram"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const alice = await page.locator('[data-testid="diagram"] .dg-node[data-node-id="111111111111:user/alice"]').boundingBox();
    assert.ok(alice.x >= 0 && alice.x + alice.width <= 390, `alice at ${alice.x}..${alice.x + alice.width}`);
    await screenshot(page, `diagram-390-${scheme}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('in an embed the diagram is a section, and a node shows its policies read-only', async () => {
  const page = await newPage(site.browser, { viewport: { width: 800, height: 700 } });
  await openDiagram(page, { embed: true });
  assert.deepEqual(await page.locator('[data-testid="diagram"] .dg-account-title').allTextContents(), ['Outside the accounts', 'Identity', 'Tooling', 'Prod']);
  await page.click('[data-testid="diagram"] .dg-node[data-node-id="333333333333:role/ProdAdmin"]');
  const pop = page.locator('[data-testid="statement-popover"]');
  await pop.waitFor({ state: 'visible' });
  assert.equal(await pop.locator('.stmt-pop-title').textContent(), 'Role ProdAdmin');
  const text = await pop.locator('[data-testid="statement-text"]').textContent();
  assert.match(text, /^Trust policy:\n/);
  assert.match(text, /sts:ExternalId/);
  assert.match(text, /Inline policy AdminData:/);
  assert.ok(await noSidewaysScroll(page));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an organization: its band, the unit’s band and the SCPs on each account box', async () => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  await page.goto(`${site.server.url}#preset=lesson-scp`);
  await ready(page);
  await page.click('[data-testid="rtab-diagram"]');
  const svg = page.locator('[data-testid="diagram"] svg');
  await svg.waitFor();
  assert.deepEqual(await svg.locator('.dg-band text').allTextContents(), ['Organization o-a1b2c3d4e5', 'OU Sandbox']);
  const sandbox = svg.locator('.dg-account[data-account-id="222222222222"]');
  assert.deepEqual(await sandbox.locator('.dg-scp').evaluateAll((els) => els.map((e) => e.lastChild.textContent)), ['SCP AllowAll,', 'SandboxServices,', 'RegionGuard']);
  assert.match(await svg.locator('.dg-account[data-account-id="111111111111"] .dg-mgmt').textContent(), /management account/);
  await page.locator('[data-testid="rtab-diagram"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'diagram-org-1440-light');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
