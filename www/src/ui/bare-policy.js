// A bare IAM policy where a scenario is expected (the Import button, the JSON tab): instead of
// failing with "unknown field `Version`", the page offers to wrap it into a scenario: as a
// user's inline policy, as a role's trust policy, or as a bucket policy, each with steps that
// exercise it.
import { h } from './dom.js';

const ACCOUNT = '111111111111';
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const asList = (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Whether `doc` (parsed JSON) is a policy document rather than a scenario. */
export function isBarePolicy(doc) {
  return isObj(doc) && 'Statement' in doc && !('accounts' in doc) && !('steps' in doc) && !('format' in doc);
}

function statements(doc) {
  return asList(doc.Statement).filter(isObj);
}

/** The first literal (no wildcard) value of an element across the statements, or null. */
function firstLiteral(doc, element) {
  for (const st of statements(doc)) {
    for (const v of asList(st[element])) if (typeof v === 'string' && !/[*?]/.test(v) && !v.includes('${')) return v;
  }
  return null;
}

/** A resource ARN a call can name, from the policy's resources (a wildcard filled in). */
function someResource(doc, fallback) {
  const literal = firstLiteral(doc, 'Resource');
  if (literal) return literal;
  for (const st of statements(doc)) {
    for (const v of asList(st.Resource)) if (typeof v === 'string' && v.startsWith('arn:') && !v.includes('${')) return v.replace(/\*/g, 'example').replace(/\?/g, 'x');
  }
  return fallback;
}

/** The ways a policy can be wrapped: {id, label}. */
export const WRAPS = [
  { id: 'identity', label: 'as a user’s policy' },
  { id: 'trust', label: 'as a role’s trust policy' },
  { id: 'bucket', label: 'as an S3 bucket policy' },
];

/** A scenario holding `doc` as `kind` (one of WRAPS), with steps that exercise it. */
export function wrapPolicy(doc, kind) {
  const base = { format: 'iam-playground/scenario@1', description: 'A policy pasted on its own, wrapped into a scenario: change the steps to ask what you want to know.' };
  if (kind === 'trust') {
    return {
      ...base,
      title: 'A pasted trust policy',
      accounts: [{ id: ACCOUNT, name: 'Example', users: [{ name: 'alice' }], roles: [{ name: 'PastedRole', trustPolicy: doc }] }],
      steps: [{ as: USER }, { assumeRole: `arn:aws:iam::${ACCOUNT}:role/PastedRole`, sessionName: 'alice' }],
    };
  }
  const action = firstLiteral(doc, 'Action') || (kind === 'bucket' ? 's3:GetObject' : 's3:ListAllMyBuckets');
  if (kind === 'bucket') {
    const resource = someResource(doc, 'arn:aws:s3:::amzn-s3-demo-bucket/example');
    const bucket = resource.startsWith('arn:aws:s3:::') ? `arn:aws:s3:::${resource.slice('arn:aws:s3:::'.length).split('/')[0]}` : 'arn:aws:s3:::amzn-s3-demo-bucket';
    return {
      ...base,
      title: 'A pasted bucket policy',
      accounts: [{ id: ACCOUNT, name: 'Example', users: [{ name: 'alice' }], resources: [{ arn: bucket, policy: doc }] }],
      steps: [{ as: USER }, { call: action, resource }],
    };
  }
  return {
    ...base,
    title: 'A pasted identity policy',
    accounts: [{ id: ACCOUNT, name: 'Example', users: [{ name: 'alice', inlinePolicies: [{ name: 'PastedPolicy', document: doc }] }] }],
    steps: [{ as: USER }, { call: action, resource: someResource(doc, '*') }],
  };
}

/** The offer shown where the policy was pasted or imported: one button per way to wrap it. */
export function wrapOffer(doc, onWrap, onDismiss) {
  return h(
    'div',
    { class: 'notice notice-info wrap-offer', role: 'status', dataset: { testid: 'wrap-offer' } },
    h('p', null, 'This is an IAM policy, not a scenario. Wrap it into a scenario to evaluate it:'),
    h(
      'div',
      { class: 'wrap-buttons' },
      WRAPS.map((w) => h('button', { type: 'button', class: 'small-btn', dataset: { testid: `wrap-${w.id}` }, onclick: () => onWrap(wrapPolicy(doc, w.id)) }, w.label)),
      onDismiss ? h('button', { type: 'button', class: 'small-btn linklike', dataset: { testid: 'wrap-dismiss' }, onclick: onDismiss }, 'Keep it as it is') : null,
    ),
  );
}
