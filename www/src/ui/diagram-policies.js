// The policies of one diagram node as read-only text, for an embed (which has no editor): a
// role's trust policy and permission policies, a user's or group's inline and attached
// policies, a resource's resource-based policy, an account's customer managed policies.
import { parsePath, getAt } from './jsonpath.js';

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const docText = (d) => (typeof d === 'string' ? d : JSON.stringify(d, null, 2));

/** {title, text} for the object at `path` (e.g. `$.accounts[1].roles[0]`) of the scenario. */
export function principalPolicies(scenario, path, name) {
  const segs = parsePath(path);
  const obj = segs && scenario ? getAt(scenario, segs) : undefined;
  const kind = segs && segs.length >= 2 ? String(segs[segs.length - 2]) : 'accounts';
  const noun = { users: 'User', groups: 'Group', roles: 'Role', resources: 'Resource', accounts: 'Account' }[kind] || 'Item';
  const title = `${noun} ${name || (isObj(obj) ? obj.name || obj.arn || obj.id : '') || ''}`.trim();
  if (!isObj(obj)) return { title, text: 'This item is no longer in the scenario.' };
  const parts = [];
  if (kind === 'roles' && obj.trustPolicy !== undefined && obj.trustPolicy !== null) parts.push(`Trust policy:\n${docText(obj.trustPolicy)}`);
  for (const p of Array.isArray(obj.inlinePolicies) ? obj.inlinePolicies : []) if (isObj(p)) parts.push(`Inline policy ${p.name || ''}:\n${docText(p.document)}`);
  const managed = Array.isArray(obj.managedPolicies) ? obj.managedPolicies : [];
  if (kind === 'accounts') {
    for (const p of managed) if (isObj(p)) parts.push(`Customer managed policy ${p.name || ''}:\n${docText(p.document)}`);
  } else if (managed.length) parts.push(`Attached managed policies: ${managed.map(String).join(', ')}`);
  if (typeof obj.permissionsBoundary === 'string') parts.push(`Permissions boundary: ${obj.permissionsBoundary}`);
  if (kind === 'users' && Array.isArray(obj.groups) && obj.groups.length) parts.push(`Groups: ${obj.groups.join(', ')} (their policies apply too)`);
  if (kind === 'resources' && obj.policy !== undefined && obj.policy !== null) parts.push(`Resource-based policy:\n${docText(obj.policy)}`);
  return { title, text: parts.length ? parts.join('\n\n') : 'No policies.' };
}
