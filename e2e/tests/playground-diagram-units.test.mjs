// Unit tests (no browser) of the world-and-chain diagram's pure modules: the model (trust
// arrows and their badges, organizational placement, each step's path), the layout (columns,
// bands, curves) and the SVG text (well-formed, the chosen path's decision class), and the
// export's colour resolution and file names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, conditionBadges, parseIamArn, stepSentence, OUTSIDE } from '../../www/src/ui/diagram-model.js';
import { layoutDiagram, fit } from '../../www/src/ui/diagram-layout.js';
import { renderSvg } from '../../www/src/ui/diagram-svg.js';
import { resolveVars, exportName } from '../../www/src/ui/diagram-export.js';
import { principalPolicies } from '../../www/src/ui/diagram-policies.js';
import { decisionLabel } from '../../www/src/ui/labels.js';
import { repoRoot } from './playground-support.mjs';

const chains = JSON.parse(readFileSync(join(repoRoot, 'tests', 'whatif', 'chains.json'), 'utf8'));
const orgLevels = JSON.parse(readFileSync(join(repoRoot, 'tests', 'scenarios', 'org-scp-rcp-levels.json'), 'utf8'));

/** A report as the engine gives it, with these decisions by step index. */
const reportWith = (scenario, decisions) => ({ steps: scenario.steps.map((_, index) => (index in decisions ? { index, decision: decisions[index] } : { index })) });

test('trust arrows come from the trust policies, with MFA / ExternalId / conditions badges', () => {
  const m = buildModel(chains, null);
  const trust = (to) => m.trusts.filter((t) => t.to === to);
  // an account root in Principal: the arrow starts at the account box
  assert.deepEqual(trust('222222222222:role/Deployer').map((t) => [t.from, t.badges, t.toAccount]), [['account:111111111111', [], true]]);
  assert.deepEqual(trust('333333333333:role/ProdAdmin').map((t) => [t.from, t.badges]), [['222222222222:role/Deployer', ['ExternalId']]]);
  // a bare account id is the account's root too
  assert.deepEqual(trust('333333333333:role/ProdRead').map((t) => [t.from, t.badges]), [['account:111111111111', ['MFA']]]);
  assert.deepEqual(trust('333333333333:role/ProdAudit').map((t) => t.badges), [['conditions']]);
  // a service principal: a node in the column outside the accounts
  const svc = trust('222222222222:role/BuildFn')[0];
  assert.equal(svc.from, `${OUTSIDE}:service:lambda.amazonaws.com`);
  assert.equal(m.nodes.find((n) => n.id === svc.from).account, OUTSIDE);
  assert.deepEqual(conditionBadges({ Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'sts:ExternalId': 'x', 'aws:PrincipalOrgID': 'o-1' } }), ['MFA', 'ExternalId', 'conditions']);
  assert.deepEqual(parseIamArn('arn:aws:iam::111111111111:role/path/to/R'), { account: '111111111111', type: 'role', name: 'R' });
  assert.equal(parseIamArn('not an arn'), null);
});

test('a step path follows the chain: allowed hops push, denied ones do not, exitRole pops', () => {
  const report = reportWith(chains, { 1: 'allowed', 2: 'allowed', 3: 'allowed', 5: 'implicitDeny', 7: 'implicitDeny', 8: 'allowed', 9: 'allowed', 11: 'implicitDeny', 12: 'allowed', 13: 'allowed' });
  const m = buildModel(chains, report);
  const path = (i) => m.steps.find((s) => s.index === i).path;
  assert.deepEqual(path(3), ['111111111111:user/alice', '222222222222:role/Deployer', '333333333333:role/ProdAdmin', 'res:arn:aws:s3:::prod-data']);
  // after exitRole (step 5) alice is Deployer again
  assert.deepEqual(path(5), ['111111111111:user/alice', '222222222222:role/Deployer', '333333333333:role/ProdAdmin']);
  // bob's denied first try leaves him as bob
  assert.deepEqual(path(8), ['111111111111:user/bob', '333333333333:role/ProdRead']);
  assert.deepEqual(path(13), [`${OUTSIDE}:service:lambda.amazonaws.com`, '222222222222:role/BuildFn', 'res:arn:aws:s3:::prod-data']);
  const st = m.steps.find((s) => s.index === 2);
  assert.equal(stepSentence(m, st, decisionLabel), 'Step 3: alice → Deployer → AssumeRole ProdAdmin (account 333333333333 Prod) — Allowed');
  assert.equal(stepSentence(m, m.steps[0], decisionLabel), 'Step 1: Sign in as alice (account 111111111111 Identity)');
});

test('an organization: units, SCPs and RCPs per account, and accounts outside it', () => {
  const m = buildModel(orgLevels, null);
  const acc = (id) => m.accounts.find((a) => a.id === id);
  assert.deepEqual(acc('333333333333').ouPath, ['Prod']);
  assert.deepEqual(acc('333333333333').scps, ['DenyRegionsOutsideEU', 'AllowAll']);
  assert.deepEqual(acc('333333333333').rcps, ['DenyExternalS3']);
  assert.equal(acc('000000000000').management, true);
  assert.equal(acc('555555555555').member, false);
  const l = layoutDiagram(m);
  assert.ok(l.bands.some((b) => b.kind === 'org' && b.label.includes('o-a1b2c3d4e5')));
  assert.ok(l.bands.some((b) => b.kind === 'ou' && b.label === 'OU Prod'));
  // the outside column first, accounts outside the organization last
  assert.equal(l.accounts[0].id, OUTSIDE);
  assert.equal(l.accounts[l.accounts.length - 1].id, '555555555555');
});

test('the layout: one column per account, nodes inside their box, equal heights, curves between sides', () => {
  const m = buildModel(chains, null);
  const l = layoutDiagram(m);
  assert.deepEqual(l.accounts.map((a) => a.id), [OUTSIDE, '111111111111', '222222222222', '333333333333']);
  for (const n of l.nodes) {
    const a = l.accounts.find((x) => x.id === n.account);
    assert.ok(n.x >= a.x && n.x + n.w <= a.x + a.w && n.y >= a.y && n.y + n.h <= a.y + a.h, `${n.id} inside ${a.id}`);
  }
  assert.equal(new Set(l.accounts.map((a) => a.h)).size, 1);
  assert.ok(l.width >= l.accounts[3].x + l.accounts[3].w && l.height >= l.accounts[0].y + l.accounts[0].h);
  for (const t of l.trusts) assert.match(t.d, /^M[\d.-]+ [\d.-]+ [CH]/);
  // an arrow that skips a column runs in a lane above the boxes, not behind the middle column
  const lambda = l.trusts.find((t) => t.to === '222222222222:role/BuildFn');
  const laneY = Number(/V([\d.]+)/.exec(lambda.d)[1]);
  assert.ok(laneY < l.accounts[1].y, `lane at ${laneY} above the boxes at ${l.accounts[1].y}`);
  // an arrow between neighbouring columns is one curve
  assert.match(l.trusts.find((t) => t.to === '333333333333:role/ProdAdmin').d, /^M[\d.]+ [\d.]+ C[^HV]+$/);
  const badge = l.trusts.find((t) => t.to === '333333333333:role/ProdRead').badge;
  assert.equal(badge.text, 'MFA');
  assert.equal(fit('abcdefghijklmnopqrstuvwxyz', 66, 6.6), 'abcdefghi…');
  // odd input never throws
  for (const s of [null, 7, { accounts: 'x', steps: [null, 3, { assumeRole: 5 }] }, { accounts: [{ id: '1', roles: [{ name: 'R', trustPolicy: '{not json' }] }] }]) {
    const lm = buildModel(s, { steps: 'nope' });
    layoutDiagram(lm);
  }
});

test('the SVG is well-formed, names the accounts and marks the chosen step’s decision', () => {
  const report = reportWith(chains, { 1: 'allowed', 2: 'allowed', 3: 'allowed', 5: 'implicitDeny' });
  const m = buildModel(chains, report);
  const l = layoutDiagram(m);
  const svg = renderSvg(l, { title: 'Diagram: <chains> & co', selected: 5 });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* role="img"/);
  assert.ok(svg.includes('<title id="dg-title">Diagram: &lt;chains&gt; &amp; co</title>'));
  for (const name of ['Identity', 'Tooling', 'Prod']) assert.ok(svg.includes(`>${name}</text>`), name);
  assert.match(svg, /class="dg-path dg-path-implicit-deny" data-step-index="5" data-decision="implicitDeny"/);
  // balanced tags (a cheap well-formedness check; the browser test parses it as XML)
  const opens = (svg.match(/<(?!\/)[a-z]+[^>]*[^/]>/g) || []).length;
  const closes = (svg.match(/<\/[a-z]+>/g) || []).length;
  assert.equal(opens, closes);
  const allowed = renderSvg(l, { selected: 3 });
  assert.match(allowed, /dg-path dg-path-allowed/);
  // the hops are numbered: 1 sign-in, then 2, 3, 4
  assert.equal((allowed.match(/<circle /g) || []).length, 4);
});

test('export: CSS variables resolve to colours, files are named after the title', () => {
  const text = '<rect style="fill:var(--panel, #ffffff);stroke:var(--border, #d5dae1)"/><path style="stroke:var(--nope)"/>';
  assert.equal(resolveVars(text, (n) => (n === 'panel' ? '#1d2126' : '')), '<rect style="fill:#1d2126;stroke:#d5dae1"/><path style="stroke:currentColor"/>');
  assert.equal(exportName('Who can read prod-data: chains, ExternalId', 'svg'), 'who-can-read-prod-data-chains-externalid-diagram.svg');
  assert.equal(exportName('', 'png'), 'scenario-diagram.png');
});

test('an embed shows a node’s policies as text', () => {
  const { title, text } = principalPolicies(chains, '$.accounts[2].roles[1]', 'ProdRead');
  assert.equal(title, 'Role ProdRead');
  assert.match(text, /^Trust policy:\n/);
  assert.match(text, /aws:MultiFactorAuthPresent/);
  assert.match(text, /Inline policy ReadData:/);
  assert.equal(principalPolicies(chains, '$.accounts[9]', '').text, 'This item is no longer in the scenario.');
});

test('a trust arrow says what it means', () => {
  const m = buildModel(chains, null);
  const t = (to) => m.trusts.find((x) => x.to === to).text;
  assert.equal(t('333333333333:role/ProdRead'), "Any principal of account 111111111111 (Identity) that its own IAM policies allow may assume ProdRead when the trust policy's conditions hold (MFA)");
  assert.equal(t('333333333333:role/ProdAdmin'), "Deployer may assume ProdAdmin when the trust policy's conditions hold (ExternalId)");
});
