// Unit tests (no browser) of renames.js: renaming a user, role, group, customer managed policy,
// resource, account id or organizational unit rewrites every reference to it in the scenario
// (steps, memberships, managed policy references, ARNs in policy documents, the organization),
// and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameReferences, renameOf, rewritePolicyText, iamArn, referencesText, renameText } from '../../www/src/ui/renames.js';

const trust = (principal) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] }, null, 2);

function world() {
  return {
    format: 'iam-playground/scenario@1',
    title: 'John reads prod through arn:aws:iam::111111111111:user/John',
    description: 'John (arn:aws:iam::111111111111:user/John) and account 111111111111',
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccount: '111111111111',
      members: ['111111111111', '222222222222'],
      units: [
        { id: 'ou-prod', name: 'Prod', parent: 'root', accounts: ['222222222222'] },
        { id: 'ou-inner', name: 'Inner', parent: 'ou-prod', accounts: [] },
      ],
      serviceControlPolicies: [{ name: 'Deny', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } }] }, targets: ['ou-prod', '111111111111'] }],
    },
    accounts: [
      {
        id: '111111111111',
        name: 'Dev',
        managedPolicies: [{ name: 'S3Read', document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/ProdRead"}]}' }],
        users: [
          { name: 'John', groups: ['Developers', 'Ops'], managedPolicies: ['S3Read', 'arn:aws:iam::111111111111:policy/S3Read'], mfaDevices: ['arn:aws:iam::111111111111:mfa/John'], tags: { owner: 'John' } },
          { name: 'Jane', path: '/eng/', groups: ['Developers'] },
        ],
        groups: [{ name: 'Developers', managedPolicies: ['S3Read'] }, { name: 'Ops' }],
        roles: [{ name: 'Builder', trustPolicy: trust('arn:aws:iam::111111111111:user/John'), permissionsBoundary: 'arn:aws:iam::111111111111:policy/S3Read' }],
      },
      {
        id: '222222222222',
        name: 'Prod',
        managedPolicies: [{ name: 'S3Read', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-bucket/*' }] } }],
        users: [{ name: 'John', groups: ['Developers'] }],
        groups: [{ name: 'Developers' }],
        roles: [
          {
            name: 'ProdRead',
            path: '/',
            trustPolicy: trust(['arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:user/John', 'arn:aws:iam::111111111111:user/Johnny']),
            managedPolicies: ['S3Read'],
          },
        ],
        resources: [
          { arn: 'arn:aws:s3:::prod-bucket', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/ProdRead' }, Action: 's3:*', Resource: ['arn:aws:s3:::prod-bucket', 'arn:aws:s3:::prod-bucket/*', 'arn:aws:s3:::prod-bucket-logs/*'] }] }, null, 2) },
          { arn: 'arn:aws:sqs:us-east-1:222222222222:queue' },
        ],
      },
    ],
    steps: [
      { as: 'arn:aws:iam::111111111111:user/John', mfa: true, note: 'John signs in' },
      { assumeRole: 'arn:aws:iam::222222222222:role/ProdRead', expect: 'allowed' },
      { call: 's3:GetObject', resource: 'arn:aws:s3:::prod-bucket/report.csv', context: { 'aws:PrincipalArn': 'arn:aws:sts::222222222222:assumed-role/ProdRead/John' } },
      { revokeSessions: 'arn:aws:iam::222222222222:role/ProdRead' },
      { as: 'arn:aws:iam::222222222222:user/John' },
    ],
  };
}

test('renaming a user rewrites the steps that sign in as it and the policies naming its ARN exactly', () => {
  const s = world();
  s.accounts[0].users[0].name = 'Johann';
  const r = renameReferences(s, { kind: 'user', account: '111111111111', from: { name: 'John' }, to: { name: 'Johann' } });
  assert.equal(s.steps[0].as, 'arn:aws:iam::111111111111:user/Johann');
  assert.match(s.accounts[0].roles[0].trustPolicy, /"arn:aws:iam::111111111111:user\/Johann"/);
  // the trust policy written as text keeps its layout; the other ARNs stay
  const prodTrust = JSON.parse(s.accounts[1].roles[0].trustPolicy);
  assert.deepEqual(prodTrust.Statement[0].Principal.AWS, ['arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:user/Johann', 'arn:aws:iam::111111111111:user/Johnny']);
  assert.equal(s.accounts[1].roles[0].trustPolicy, trust(['arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:user/Johann', 'arn:aws:iam::111111111111:user/Johnny']));
  // the same name in another account is another user; prose, tags and MFA devices are not references
  assert.equal(s.steps[4].as, 'arn:aws:iam::222222222222:user/John');
  assert.equal(s.accounts[1].users[0].name, 'John');
  assert.match(s.title, /user\/John$/);
  assert.equal(s.accounts[0].users[0].tags.owner, 'John');
  assert.deepEqual(s.accounts[0].users[0].mfaDevices, ['arn:aws:iam::111111111111:mfa/John']);
  assert.equal(r.count, 3);
  assert.deepEqual(r.paths.sort(), ['$.accounts[0].roles[0].trustPolicy', '$.accounts[1].roles[0].trustPolicy', '$.steps[0].as'].sort());
});

test('a user with a path: its ARN includes the path, and a path change is a rename too', () => {
  const s = world();
  s.steps.push({ as: 'arn:aws:iam::111111111111:user/eng/Jane' });
  const r = renameReferences(s, { kind: 'user', account: '111111111111', from: { name: 'Jane', path: '/eng/' }, to: { name: 'Jane', path: '/ops/' } });
  assert.equal(r.count, 1);
  assert.equal(s.steps[5].as, 'arn:aws:iam::111111111111:user/ops/Jane');
  assert.deepEqual(renameOf('user', { account: '1', entity: { name: 'Jane', path: '/ops/' }, key: 'path', before: '/eng/', after: '/ops/' }), { kind: 'user', account: '1', from: { name: 'Jane', path: '/eng/' }, to: { name: 'Jane', path: '/ops/' } });
});

test('renaming a role rewrites assumeRole, revokeSessions, policies and its sessions’ ARNs', () => {
  const s = world();
  s.accounts[1].roles[0].name = 'ProdReader';
  const r = renameReferences(s, { kind: 'role', account: '222222222222', from: { name: 'ProdRead', path: '/' }, to: { name: 'ProdReader', path: '/' } });
  assert.equal(s.steps[1].assumeRole, 'arn:aws:iam::222222222222:role/ProdReader');
  assert.equal(s.steps[3].revokeSessions, 'arn:aws:iam::222222222222:role/ProdReader');
  assert.equal(s.steps[2].context['aws:PrincipalArn'], 'arn:aws:sts::222222222222:assumed-role/ProdReader/John');
  assert.equal(JSON.parse(s.accounts[0].managedPolicies[0].document).Statement[0].Resource, 'arn:aws:iam::222222222222:role/ProdReader');
  assert.equal(JSON.parse(s.accounts[1].resources[0].policy).Statement[0].Principal.AWS, 'arn:aws:iam::222222222222:role/ProdReader');
  // a pasted policy without spaces keeps its compact form
  assert.equal(s.accounts[0].managedPolicies[0].document, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/ProdReader"}]}');
  assert.equal(r.count, 5);
});

test('renaming a group rewrites the memberships of its own account only', () => {
  const s = world();
  s.accounts[0].groups[0].name = 'Engineers';
  const r = renameReferences(s, { kind: 'group', account: '111111111111', from: { name: 'Developers' }, to: { name: 'Engineers' } });
  assert.deepEqual(s.accounts[0].users[0].groups, ['Engineers', 'Ops']);
  assert.deepEqual(s.accounts[0].users[1].groups, ['Engineers']);
  assert.deepEqual(s.accounts[1].users[0].groups, ['Developers']);
  assert.equal(r.count, 2);
  assert.deepEqual(r.paths, ['$.accounts[0].users[0].groups[0]', '$.accounts[0].users[1].groups[0]']);
});

test('renaming a customer managed policy rewrites names in its account and its ARN everywhere', () => {
  const s = world();
  s.accounts[0].managedPolicies[0].name = 'S3ReadOnly';
  const r = renameReferences(s, { kind: 'policy', account: '111111111111', from: { name: 'S3Read' }, to: { name: 'S3ReadOnly' } });
  assert.deepEqual(s.accounts[0].users[0].managedPolicies, ['S3ReadOnly', 'arn:aws:iam::111111111111:policy/S3ReadOnly']);
  assert.deepEqual(s.accounts[0].groups[0].managedPolicies, ['S3ReadOnly']);
  assert.equal(s.accounts[0].roles[0].permissionsBoundary, 'arn:aws:iam::111111111111:policy/S3ReadOnly');
  // account 2222's own S3Read is another policy
  assert.deepEqual(s.accounts[1].roles[0].managedPolicies, ['S3Read']);
  assert.equal(r.count, 4);
});

test('renaming an S3 bucket rewrites the bucket and its objects, not a bucket whose name starts the same', () => {
  const s = world();
  s.accounts[1].resources[0].arn = 'arn:aws:s3:::prod-data';
  const r = renameReferences(s, { kind: 'resource', from: 'arn:aws:s3:::prod-bucket', to: 'arn:aws:s3:::prod-data' });
  assert.equal(s.steps[2].resource, 'arn:aws:s3:::prod-data/report.csv');
  assert.deepEqual(JSON.parse(s.accounts[1].resources[0].policy).Statement[0].Resource, ['arn:aws:s3:::prod-data', 'arn:aws:s3:::prod-data/*', 'arn:aws:s3:::prod-bucket-logs/*']);
  assert.equal(s.accounts[1].managedPolicies[0].document.Statement[0].Resource, 'arn:aws:s3:::prod-data/*');
  assert.equal(r.count, 4);
});

test('renaming an account id rewrites every ARN of the account, bare ids and the organization', () => {
  const s = world();
  s.accounts[0].id = '333333333333';
  const r = renameReferences(s, { kind: 'account', from: '111111111111', to: '333333333333' });
  assert.equal(s.steps[0].as, 'arn:aws:iam::333333333333:user/John');
  assert.equal(s.organization.managementAccount, '333333333333');
  assert.deepEqual(s.organization.members, ['333333333333', '222222222222']);
  assert.deepEqual(s.organization.serviceControlPolicies[0].targets, ['ou-prod', '333333333333']);
  assert.equal(s.organization.serviceControlPolicies[0].document.Statement[0].Condition.StringEquals['aws:PrincipalAccount'], '333333333333');
  assert.deepEqual(s.accounts[0].users[0].managedPolicies, ['S3Read', 'arn:aws:iam::333333333333:policy/S3Read']);
  assert.deepEqual(s.accounts[0].users[0].mfaDevices, ['arn:aws:iam::333333333333:mfa/John']);
  assert.equal(s.accounts[0].roles[0].permissionsBoundary, 'arn:aws:iam::333333333333:policy/S3Read');
  assert.deepEqual(JSON.parse(s.accounts[1].roles[0].trustPolicy).Statement[0].Principal.AWS, ['arn:aws:iam::333333333333:root', 'arn:aws:iam::333333333333:user/John', 'arn:aws:iam::333333333333:user/Johnny']);
  // prose keeps the old id; the other account is untouched
  assert.match(s.description, /111111111111/);
  assert.equal(s.steps[1].assumeRole, 'arn:aws:iam::222222222222:role/ProdRead');
  assert.ok(r.count >= 11, `count ${r.count}`);
});

test('renaming account 2222 follows into resource ARNs that carry the account', () => {
  const s = world();
  s.accounts[1].id = '444444444444';
  renameReferences(s, { kind: 'account', from: '222222222222', to: '444444444444' });
  assert.equal(s.accounts[1].resources[1].arn, 'arn:aws:sqs:us-east-1:444444444444:queue');
  assert.equal(s.steps[1].assumeRole, 'arn:aws:iam::444444444444:role/ProdRead');
  assert.equal(s.steps[2].context['aws:PrincipalArn'], 'arn:aws:sts::444444444444:assumed-role/ProdRead/John');
  assert.deepEqual(s.organization.units[0].accounts, ['444444444444']);
  // S3 ARNs carry no account
  assert.equal(s.accounts[1].resources[0].arn, 'arn:aws:s3:::prod-bucket');
});

test('renaming an organizational unit rewrites targets and parents', () => {
  const s = world();
  s.organization.units[0].id = 'ou-production';
  const r = renameReferences(s, { kind: 'unit', from: 'ou-prod', to: 'ou-production' });
  assert.deepEqual(s.organization.serviceControlPolicies[0].targets, ['ou-production', '111111111111']);
  assert.equal(s.organization.units[1].parent, 'ou-production');
  assert.equal(r.count, 2);
});

test('no change, malformed changes and malformed scenarios rename nothing and never throw', () => {
  const s = world();
  const before = JSON.stringify(s);
  assert.equal(renameReferences(s, { kind: 'user', account: '111111111111', from: { name: 'John' }, to: { name: 'John' } }).count, 0);
  assert.equal(renameReferences(s, { kind: 'user', account: '111111111111', from: { name: '' }, to: { name: 'X' } }).count, 0);
  assert.equal(renameReferences(s, { kind: 'account', from: '111111111111', to: '' }).count, 0);
  assert.equal(renameReferences(s, { kind: 'nonsense', from: 'a', to: 'b' }).count, 0);
  assert.equal(renameReferences(s, null).count, 0);
  assert.equal(JSON.stringify(s), before);
  for (const bad of [null, 42, 'text', [], { accounts: 'x', steps: [null, 3, { as: 7 }] }, { accounts: [null, { id: 5, users: [null, { groups: 'x' }] }] }]) {
    assert.doesNotThrow(() => renameReferences(bad, { kind: 'group', account: '111111111111', from: { name: 'A' }, to: { name: 'B' } }));
    assert.doesNotThrow(() => renameReferences(bad, { kind: 'account', from: '111111111111', to: '222222222222' }));
  }
});

test('policy text: only string values are rewritten, keys and broken text are left alone', () => {
  const fn = (v) => (v === 'a' ? 'b' : v);
  assert.deepEqual(rewritePolicyText('{"a": "a", "x": ["a", "ab"]}', fn), ['{"a": "b", "x": ["b", "ab"]}', 2]);
  assert.deepEqual(rewritePolicyText('{"k" : "v", "a"\n: "a"}', fn), ['{"k" : "v", "a"\n: "b"}', 1]);
  assert.deepEqual(rewritePolicyText('{"x": "a\\"b", "y": "a"', fn), ['{"x": "a\\"b", "y": "b"', 1]);
  assert.deepEqual(rewritePolicyText('', fn), ['', 0]);
});

test('renameOf builds a change from a form edit, or null when nothing changed', () => {
  assert.deepEqual(renameOf('role', { account: '2', entity: { name: 'New' }, key: 'name', before: 'Old', after: 'New' }), { kind: 'role', account: '2', from: { name: 'Old', path: undefined }, to: { name: 'New', path: undefined } });
  assert.equal(renameOf('role', { account: '2', entity: {}, key: 'name', before: 'Old', after: 'Old' }), null);
  assert.equal(renameOf('role', { account: '2', entity: {}, key: 'name', before: 'Old', after: '' }), null);
  assert.deepEqual(renameOf('account', { before: '111111111111', after: '222222222222' }), { kind: 'account', from: '111111111111', to: '222222222222' });
  assert.equal(iamArn('1', 'role', 'R', '/a/'), 'arn:aws:iam::1:role/a/R');
  assert.equal(referencesText(1), '1 reference');
  assert.equal(referencesText(3), '3 references');
});

test('renameText says what was renamed', () => {
  assert.equal(renameText({ kind: 'user', account: '1', from: { name: 'John' }, to: { name: 'Johann' } }), 'user John to Johann');
  assert.equal(renameText({ kind: 'role', account: '1', from: { name: 'R', path: '/a/' }, to: { name: 'R', path: '/b/' } }), 'the path of role R to /b/');
  assert.equal(renameText({ kind: 'account', from: '111111111111', to: '222222222222' }), 'account 111111111111 to 222222222222');
  assert.equal(renameText(null), '');
});
