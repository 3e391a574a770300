// Unit tests (no browser) of the embed's Policies view's pure parts (policy-list.js): the world's
// documents grouped by owner, attached managed policies, the statements' ranges, the statement a
// trace link names, the steps each statement decided, and the JSON tokens used for highlighting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachment, decidedSteps, documentCount, jsonTokens, policyGroups, statementAt, statementRanges, statementSid } from '../../www/src/ui/policy-list.js';
import { repoRoot } from './playground-support.mjs';

const lesson = (id) => JSON.parse(readFileSync(join(repoRoot, 'tests', 'lessons', `${id}.json`), 'utf8'));
/** The app keeps policy documents as their pretty-printed text (scenario.js normalisePolicies). */
function asText(s) {
  const walk = (v, key) => {
    if (Array.isArray(v)) v.forEach((x, i) => (v[i] = walk(x, i)));
    else if (v && typeof v === 'object') {
      if (['document', 'trustPolicy', 'policy', 'sessionPolicy'].includes(key)) return JSON.stringify(v, null, 2);
      for (const k of Object.keys(v)) v[k] = walk(v[k], k);
    }
    return v;
  };
  return walk(s, null);
}
const utf8 = (text, from) => Buffer.byteLength(text.slice(0, from), 'utf8');

test('the documents are grouped per account and owner, with what is attached', () => {
  const groups = policyGroups(lesson('lesson-explicit-deny-wins'));
  assert.deepEqual(
    groups.map((g) => g.title),
    ['Account Workloads (111111111111)'],
  );
  const entities = groups[0].entities;
  assert.deepEqual(
    entities.map((e) => e.title),
    ['User alice', 'Group Contractors', 'arn:aws:s3:::example-audit-logs'],
  );
  assert.deepEqual(
    entities.map((e) => e.docs.map((d) => `${d.kind} ${d.name}`.trim())),
    [['Inline policy AllowDeletingOneLogObject'], ['Inline policy DenyDeletingAuditLogs'], ['Bucket policy']],
  );
  assert.deepEqual(entities[0].attached, [{ label: 'Attached managed policy', arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess', name: 'AmazonS3FullAccess', aws: true }]);
  assert.equal(entities[1].docs[0].path, '$.accounts[0].groups[0].inlinePolicies[0].document');
  assert.match(entities[1].docs[0].text, /"Effect": "Deny"/);
  assert.equal(documentCount(groups), 3);
});

test('SCPs list their targets; a boundary names the customer managed policy it is', () => {
  const scp = policyGroups(lesson('lesson-scp'));
  const org = scp.find((g) => g.title === 'Organization');
  assert.ok(org, 'the organization has its own group');
  assert.deepEqual(
    org.entities[0].docs.map((d) => [d.kind, d.name, d.targets]),
    [
      ['SCP', 'AllowAll', ['root', 'ou-sandbox']],
      ['SCP', 'SandboxServices', ['222222222222']],
      ['SCP', 'RegionGuard', ['root']],
    ],
  );
  const pb = policyGroups(lesson('lesson-permissions-boundary'));
  const attached = pb.flatMap((g) => g.entities.flatMap((e) => e.attached));
  const boundary = attached.find((a) => a.label === 'Permissions boundary');
  assert.ok(boundary, 'the permissions boundary is listed');
  assert.equal(boundary.name, 'DevBoundary');
  assert.equal(boundary.aws, false);
  assert.match(boundary.path, /^\$\.accounts\[\d+\]\.managedPolicies\[\d+\]\.document$/);
  assert.deepEqual(attachment('arn:aws:iam::123456789012:policy/Missing', {}), { arn: 'arn:aws:iam::123456789012:policy/Missing', name: 'Missing', aws: false, path: null });
  assert.equal(attachment(42, {}), null);
});

test('anything that is not a scenario lists nothing and never throws', () => {
  for (const bad of [null, 'text', 42, [], { accounts: 'x' }, { accounts: [null, 1, { users: [null, { inlinePolicies: [null, { document: 5 }] }] }] }, { organization: [] }]) {
    assert.deepEqual(policyGroups(bad), [], JSON.stringify(bad));
  }
  assert.deepEqual(statementRanges('not json'), []);
  assert.deepEqual(statementRanges('{"Statement": 3}'), []);
  assert.equal(statementAt(null, '', '$.x', { start: 0, end: 1 }), null);
  assert.equal(statementAt({}, '', 'not a path', { start: 0, end: 1 }), null);
});

test('statement ranges cover each statement of a list, or the single statement object', () => {
  const text = '{\n  "Statement": [\n    {"Effect": "Allow"},\n    {"Effect": "Deny"}\n  ]\n}';
  const r = statementRanges(text);
  assert.deepEqual(
    r.map((x) => [x.index, text.slice(x.from, x.to)]),
    [
      [0, '{"Effect": "Allow"}'],
      [1, '{"Effect": "Deny"}'],
    ],
  );
  const single = '{"Statement": {"Effect": "Allow"}}';
  assert.deepEqual(
    statementRanges(single).map((x) => single.slice(x.from, x.to)),
    ['{"Effect": "Allow"}'],
  );
});

test('a trace link (UTF-8 bytes) finds its statement, in a policy written as text or as an object', () => {
  const s = asText(lesson('lesson-explicit-deny-wins'));
  const origin = '$.accounts[0].groups[0].inlinePolicies[0].document';
  const doc = s.accounts[0].groups[0].inlinePolicies[0].document;
  const at = doc.indexOf('"Effect"');
  assert.deepEqual(statementAt(s, '', origin, { start: utf8(doc, at), end: utf8(doc, at + 8) }), { path: origin, index: 0 });
  // outside every statement (the Version line): no statement
  assert.equal(statementAt(s, '', origin, { start: utf8(doc, doc.indexOf('Version')), end: utf8(doc, doc.indexOf('Version') + 3) }), null);
  // a policy written as an object: spans are in the scenario's text
  const obj = { accounts: [{ id: '111111111111', users: [{ name: 'é', inlinePolicies: [{ name: 'P', document: { Statement: [{ Effect: 'Allow' }, { Effect: 'Deny', Sid: 'ü' }] } }] }] }] };
  const text = JSON.stringify(obj, null, 2);
  const deny = text.indexOf('"Deny"');
  assert.deepEqual(statementAt(obj, text, '$.accounts[0].users[0].inlinePolicies[0].document', { start: utf8(text, deny), end: utf8(text, deny + 6) }), {
    path: '$.accounts[0].users[0].inlinePolicies[0].document',
    index: 1,
  });
});

test('JSON tokens tell keys from strings, numbers, literals and punctuation', () => {
  const text = '{"Effect": "Allow", "n": -1.5e3, "b": true, "x": null, "s": "a\\"b"}';
  const got = jsonTokens(text).map((t) => [t.cls, text.slice(t.from, t.to)]);
  assert.deepEqual(
    got.filter(([c]) => c !== 'punc'),
    [
      ['key', '"Effect"'],
      ['str', '"Allow"'],
      ['key', '"n"'],
      ['num', '-1.5e3'],
      ['key', '"b"'],
      ['lit', 'true'],
      ['key', '"x"'],
      ['lit', 'null'],
      ['key', '"s"'],
      ['str', '"a\\"b"'],
    ],
  );
  // every character is either in a token or plain white space
  const covered = jsonTokens(text).reduce((n, t) => n + (t.to - t.from), 0);
  assert.equal(text.length - covered, text.replace(/"(?:[^"\\]|\\.)*"/g, '').replace(/[^\s]/g, '').length);
});

test('the steps each statement decided, from the report\'s decisive statements', () => {
  const doc = '$.accounts[0].groups[0].inlinePolicies[0].document';
  const report = {
    steps: [
      { index: 0, kind: 'as' },
      { index: 1, decision: 'allowed', decisive: [{ policyId: 'aws-managed:AmazonS3FullAccess', statementIndex: 0 }] },
      { index: 2, decision: 'explicitDeny', decisive: [{ policyId: doc, statementIndex: 0 }] },
      { index: 4, decision: 'explicitDeny', decisive: [{ policyId: doc, statementIndex: 0 }, { policyId: doc, statementIndex: 0 }, null, { policyId: doc }] },
    ],
  };
  const got = decidedSteps(report);
  assert.deepEqual([...got.keys()], [doc]);
  assert.deepEqual(got.get(doc).get(0), [
    { step: 2, decision: 'explicitDeny' },
    { step: 4, decision: 'explicitDeny' },
  ]);
  for (const bad of [null, {}, { steps: 'x' }, { steps: [null, 1, { index: 'x' }] }]) assert.equal(decidedSteps(bad).size, 0);
  assert.equal(statementSid('{"Statement": [{"Sid": "A"}, {"Effect": "Deny"}]}', 0), 'A');
  assert.equal(statementSid('{"Statement": [{"Sid": "A"}, {"Effect": "Deny"}]}', 1), null);
  assert.equal(statementSid('{"Statement": {"Sid": "One"}}', 0), 'One');
  assert.equal(statementSid('nope', 0), null);
});
