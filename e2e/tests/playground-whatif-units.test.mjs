// Unit tests of the what-if modules that need no browser: the policies a scenario can exclude
// and the copy without them (paths mapped back), the short names of ARNs and statements, the
// import summary's counts, and the world's suggestions for the query panels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excludablePolicies, withoutPolicies } from '../../www/src/ui/exclusions.js';
import { shortName, statementLabel, conditionText, accountNames } from '../../www/src/ui/names.js';
import { summaryCounts } from '../../www/src/ui/import-view.js';
import { worldIndex } from '../../www/src/ui/world-index.js';

const doc = (action, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

function world() {
  return {
    format: 'iam-playground/scenario@1',
    accounts: [
      {
        id: '111111111111',
        name: 'Dev',
        managedPolicies: [{ name: 'Shared', document: doc('s3:ListBucket', 'arn:aws:s3:::logs') }],
        users: [
          {
            name: 'alice',
            inlinePolicies: [
              { name: 'A', document: doc('sts:AssumeRole', 'arn:aws:iam::111111111111:role/R') },
              { name: 'B', document: doc('s3:GetObject', 'arn:aws:s3:::logs/*') },
              { name: 'C', document: doc('sqs:SendMessage') },
            ],
            managedPolicies: ['Shared', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
            permissionsBoundary: 'arn:aws:iam::111111111111:policy/Shared',
          },
        ],
        groups: [{ name: 'G', managedPolicies: ['arn:aws:iam::111111111111:policy/Shared'] }],
        roles: [{ name: 'R', trustPolicy: doc('sts:AssumeRole'), managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }],
        resources: [{ arn: 'arn:aws:s3:::logs', policy: doc('s3:GetObject', 'arn:aws:s3:::logs/*') }, { arn: 'arn:aws:s3:::plain' }],
      },
    ],
    organization: { id: 'o-abc', serviceControlPolicies: [{ name: 'DenyLeave', document: doc('organizations:LeaveOrganization'), targets: ['root'] }] },
    steps: [{ as: 'arn:aws:iam::111111111111:user/alice' }, { call: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111111111111:key/k' }],
  };
}

test('every excludable policy is listed once: inline, managed (with its attachments), boundary, resource policy, SCP', () => {
  const list = excludablePolicies(world());
  const keys = list.map((p) => p.key);
  assert.deepEqual(keys.filter((k) => k.startsWith('inline:')), ['inline:$.accounts[0].users[0].inlinePolicies[0]', 'inline:$.accounts[0].users[0].inlinePolicies[1]', 'inline:$.accounts[0].users[0].inlinePolicies[2]']);
  const shared = list.find((p) => p.key === 'managed:arn:aws:iam::111111111111:policy/Shared');
  assert.ok(shared, keys.join(', '));
  assert.match(shared.detail, /2 attachments/); // alice by name, the group by ARN
  assert.match(list.find((p) => p.key === 'managed:arn:aws:iam::aws:policy/ReadOnlyAccess').detail, /AWS managed.*2 attachments/);
  assert.ok(keys.includes('boundary:$.accounts[0].users[0]'));
  assert.ok(keys.includes('resource:$.accounts[0].resources[0]'));
  assert.ok(!keys.includes('resource:$.accounts[0].resources[1]'), 'a resource without a policy has nothing to exclude');
  assert.ok(keys.includes('scp:0'));
  assert.ok(!keys.some((k) => k.includes('trustPolicy')), 'trust policies are not offered (the simulator does not exclude them)');
});

test('the copy without excluded policies leaves the scenario alone and maps its paths back', () => {
  const s = world();
  const before = JSON.stringify(s);
  const { scenario, applied, toOriginal } = withoutPolicies(s, new Set(['inline:$.accounts[0].users[0].inlinePolicies[0]', 'managed:arn:aws:iam::111111111111:policy/Shared', 'boundary:$.accounts[0].users[0]', 'resource:$.accounts[0].resources[0]', 'scp:0', 'inline:$.accounts[0].users[0].inlinePolicies[9]']));
  assert.equal(JSON.stringify(s), before, 'the scenario itself is unchanged');
  const alice = scenario.accounts[0].users[0];
  assert.deepEqual(alice.inlinePolicies.map((p) => p.name), ['B', 'C']);
  assert.deepEqual(alice.managedPolicies, ['arn:aws:iam::aws:policy/ReadOnlyAccess'], 'detached by name');
  assert.deepEqual(scenario.accounts[0].groups[0].managedPolicies, [], 'detached by ARN');
  assert.equal(scenario.accounts[0].managedPolicies.length, 1, 'the definition stays');
  assert.equal(alice.permissionsBoundary, undefined);
  assert.equal(scenario.accounts[0].resources[0].policy, undefined);
  assert.deepEqual(scenario.organization.serviceControlPolicies[0].targets, []);
  assert.equal(applied.length, 5, `a key that names nothing is skipped: ${applied.join(', ')}`);
  // B was at index 1 and is at 0 in the copy
  assert.equal(toOriginal('$.accounts[0].users[0].inlinePolicies[0].document'), '$.accounts[0].users[0].inlinePolicies[1].document');
  assert.equal(toOriginal('$.accounts[0].users[0].inlinePolicies[1]'), '$.accounts[0].users[0].inlinePolicies[2]');
  assert.equal(toOriginal('$.accounts[0].roles[0].trustPolicy'), '$.accounts[0].roles[0].trustPolicy');
  const two = withoutPolicies(s, new Set(['inline:$.accounts[0].users[0].inlinePolicies[0]', 'inline:$.accounts[0].users[0].inlinePolicies[1]']));
  assert.deepEqual(two.scenario.accounts[0].users[0].inlinePolicies.map((p) => p.name), ['C']);
  assert.equal(two.toOriginal('$.accounts[0].users[0].inlinePolicies[0]'), '$.accounts[0].users[0].inlinePolicies[2]');
});

test('ARNs, statements and conditions read as short text', () => {
  const names = accountNames(world());
  assert.equal(shortName('arn:aws:iam::111111111111:user/alice', names), 'alice (Dev)');
  assert.equal(shortName('arn:aws:iam::222222222222:role/team/ProdRead', names), 'role ProdRead (222222222222)');
  assert.equal(shortName('arn:aws:iam::111111111111:root', names), 'root of Dev');
  assert.equal(shortName('arn:aws:sts::111111111111:assumed-role/R/s1', names), 'role R, session s1 (Dev)');
  assert.equal(shortName('arn:aws:s3:::logs/x', names), 'arn:aws:s3:::logs/x');
  assert.equal(statementLabel({ policy: 'AssumeProdRead', sid: 'Assume' }), 'AssumeProdRead · Sid Assume');
  assert.equal(statementLabel({ policy: 'P', statement: 0 }), 'P · statement 1');
  assert.equal(statementLabel({ policy: 'P', statement: 'Statement[2]' }), 'P · Statement[2]');
  assert.equal(conditionText({ step: 1, key: 'aws:MultiFactorAuthPresent', text: 'MFA was used' }), 'MFA was used');
  assert.equal(conditionText({ key: 'sts:ExternalId' }), 'sts:ExternalId');
});

test('import summary counts are flattened and named', () => {
  assert.deepEqual(summaryCounts({ accounts: 2, users: 3, files: { recognised: 4, unrecognised: 1 }, missing: ['x'] }), [
    { key: 'accounts', n: 2 },
    { key: 'users', n: 3 },
    { key: 'filesRecognised', n: 4 },
    { key: 'filesUnrecognised', n: 1 },
  ]);
});

test('the world index suggests the actions, resources and principals the world names', () => {
  const s = world();
  const idx = worldIndex(s, JSON.stringify(s));
  for (const a of ['sts:AssumeRole', 's3:GetObject', 's3:ListBucket', 'sqs:SendMessage', 'kms:Decrypt']) assert.ok(idx.actions.includes(a), a);
  for (const r of ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*', 'arn:aws:s3:::plain', 'arn:aws:iam::111111111111:role/R', 'arn:aws:kms:us-east-1:111111111111:key/k']) assert.ok(idx.resources.includes(r), r);
  assert.ok(!idx.resources.includes('*'));
  assert.deepEqual(idx.users, ['arn:aws:iam::111111111111:user/alice']);
  assert.ok(idx.principals.includes('arn:aws:iam::111111111111:root'));
  assert.deepEqual(idx.counts, { accounts: 1, users: 1, groups: 1, roles: 1, policies: 7, resources: 2 });
});
