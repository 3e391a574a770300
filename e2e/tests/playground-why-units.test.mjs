// Unit tests (no browser) of the pure parts of the one-line why (why.js) and of wrapping a bare
// policy (bare-policy.js): the closest statement and what failed in it, the deciding
// statements' names, the caller in words, and the scenarios a pasted policy becomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerText, decidedWhy, decisiveLabel, implicitDenyWhy } from '../../www/src/ui/why.js';
import { isBarePolicy, wrapPolicy } from '../../www/src/ui/bare-policy.js';

const statement = (over) => ({ index: 0, effect: 'Allow', action: { element: 'Action', matched: true, patternsTried: 1, patterns: [{ pattern: 's3:*', matches: true }] }, resource: { element: 'Resource', matched: true, patternsTried: 1, patterns: [{ pattern: '*', matches: true }] }, conditions: [], ...over });
const traceWith = (statements, phase = 'identityBased') => [
  {
    phase: 'authorization',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    decision: 'implicitDeny',
    evaluation: { phases: [{ phase: 'explicitDeny', outcome: 'noDeny' }, { phase, outcome: 'noAllow', summary: 'nothing allows', policies: [{ origin: { name: 'P' }, statements }] }] },
  },
];

test('an implicit deny names the closest Allow statement and the first thing in it that failed', () => {
  const cond = { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', result: false, requestValues: null };
  assert.equal(
    implicitDenyWhy(traceWith([statement({ conditions: [cond] })])),
    'Closest in the identity-based policies: Allow P (statement 1): its condition Bool on `aws:MultiFactorAuthPresent` is false (the request has the key is absent)',
  );
  // the statement that matched more wins over the first
  const farther = statement({ index: 0, action: { element: 'Action', matched: false, patternsTried: 3, patterns: [{ pattern: 'ec2:*' }] } });
  const closer = statement({ index: 1, sid: 'Read', resource: { element: 'Resource', matched: false, patternsTried: 1, patterns: [{ pattern: 'arn:aws:s3:::b' }], note: 'not an object' } });
  assert.equal(implicitDenyWhy(traceWith([farther, closer])), 'Closest in the identity-based policies: Allow P (Sid Read): Resource `arn:aws:s3:::b` does not match `arn:aws:s3:::b/k`: not an object');
  assert.equal(implicitDenyWhy(traceWith([statement({ effect: 'Deny' })], 'permissionsBoundary')), 'Nothing in the permissions boundary allows `s3:GetObject` (nothing allows)');
  assert.equal(implicitDenyWhy([{ phase: 'context' }]), null);
  assert.equal(implicitDenyWhy(null), null);
});

test('deciding statements are named by policy, holder and Sid; the caller in words', () => {
  const scenario = { accounts: [{ roles: [{ name: 'R', inlinePolicies: [{ name: 'P', document: '{"Statement":[{"Sid":"S1","Effect":"Allow"}]}' }] }] }] };
  assert.equal(decisiveLabel({ policyId: '$.accounts[0].roles[0].inlinePolicies[0].document', statementIndex: 0 }, scenario), 'P of R (Sid S1)');
  assert.equal(decisiveLabel({ policyId: '$.accounts[0].roles[0].trustPolicy', statementIndex: 1 }, scenario), 'the trust policy of R (statement 2)');
  assert.equal(decisiveLabel({ policyId: 'scp:p-1', statementIndex: 0 }, scenario), 'scp:p-1 (statement 1)');
  assert.equal(decidedWhy({ decision: 'explicitDeny', decisive: [{ policyId: 'x', statementIndex: 0 }] }, {}), 'Denied by x (statement 1)');
  assert.equal(decidedWhy({ decision: 'implicitDeny', decisive: [] }, {}), null);
  assert.equal(callerText('arn:aws:sts::111111111111:assumed-role/R/s'), 'role session R/s');
  assert.equal(callerText('arn:aws:iam::111111111111:user/path/alice'), 'user alice');
  assert.equal(callerText('arn:aws:iam::111111111111:root'), 'root user of 111111111111');
});

test('a bare policy is told apart from a scenario and wrapped three ways', () => {
  const policy = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['s3:Get*', 's3:ListBucket'], Resource: 'arn:aws:s3:::data/*' } };
  assert.equal(isBarePolicy(policy), true);
  assert.equal(isBarePolicy({ format: 'iam-playground/scenario@1', accounts: [] }), false);
  assert.equal(isBarePolicy([policy]), false);
  const identity = wrapPolicy(policy, 'identity');
  assert.deepEqual(identity.steps, [{ as: 'arn:aws:iam::111111111111:user/alice' }, { call: 's3:ListBucket', resource: 'arn:aws:s3:::data/example' }]);
  assert.equal(identity.accounts[0].users[0].inlinePolicies[0].document, policy);
  const bucket = wrapPolicy(policy, 'bucket');
  assert.deepEqual(bucket.accounts[0].resources, [{ arn: 'arn:aws:s3:::data', policy }]);
  const trust = wrapPolicy(policy, 'trust');
  assert.equal(trust.accounts[0].roles[0].trustPolicy, policy);
  assert.deepEqual(trust.steps[1], { assumeRole: 'arn:aws:iam::111111111111:role/PastedRole', sessionName: 'alice' });
});
