// What a scenario's world names, for the query panels' suggestions: the actions its policies and
// steps mention, the resource ARNs it declares (and those its policies name), its principals
// and roles. Computed once per scenario text (a large import has thousands of policies).
import { policyLocations } from './scenario.js';
import { getAt } from './jsonpath.js';

function iamArn(accountId, kind, e) {
  return `arn:aws:iam::${accountId}:${kind}${e.path && e.path !== '/' ? e.path : '/'}${e.name}`;
}

function asList(v) {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

let cache = { text: null, index: null };

/** {actions, resources, principals, roles, users, counts} of the scenario (sorted, unique). */
export function worldIndex(scenario, text) {
  if (text !== undefined && cache.text === text && cache.index) return cache.index;
  const actions = new Set();
  const resources = new Set();
  const principals = [];
  const roles = [];
  const users = [];
  const counts = { accounts: 0, users: 0, groups: 0, roles: 0, policies: 0, resources: 0 };
  const s = scenario && typeof scenario === 'object' ? scenario : {};
  for (const a of Array.isArray(s.accounts) ? s.accounts : []) {
    if (!a || typeof a !== 'object' || typeof a.id !== 'string') continue;
    counts.accounts += 1;
    principals.push(`arn:aws:iam::${a.id}:root`);
    for (const u of Array.isArray(a.users) ? a.users : []) {
      if (!u || typeof u.name !== 'string') continue;
      counts.users += 1;
      users.push(iamArn(a.id, 'user', u));
    }
    for (const r of Array.isArray(a.roles) ? a.roles : []) {
      if (!r || typeof r.name !== 'string') continue;
      counts.roles += 1;
      roles.push(iamArn(a.id, 'role', r));
    }
    counts.groups += Array.isArray(a.groups) ? a.groups.length : 0;
    for (const r of Array.isArray(a.resources) ? a.resources : []) {
      if (r && typeof r.arn === 'string') {
        counts.resources += 1;
        resources.add(r.arn);
      }
    }
  }
  principals.push(...users, ...roles);
  for (const { segs } of policyLocations(s)) {
    counts.policies += 1;
    let doc = getAt(s, segs);
    if (typeof doc === 'string') {
      try {
        doc = JSON.parse(doc);
      } catch {
        continue;
      }
    }
    if (!doc || typeof doc !== 'object') continue;
    for (const st of asList(doc.Statement)) {
      if (!st || typeof st !== 'object') continue;
      for (const act of asList(st.Action)) if (typeof act === 'string') actions.add(act);
      for (const res of asList(st.Resource)) if (typeof res === 'string' && res !== '*' && res.startsWith('arn:')) resources.add(res);
    }
  }
  for (const st of Array.isArray(s.steps) ? s.steps : []) {
    if (st && typeof st.call === 'string') actions.add(st.call);
    if (st && typeof st.resource === 'string') resources.add(st.resource);
    if (st && typeof st.assumeRole === 'string') roles.includes(st.assumeRole) || resources.add(st.assumeRole);
  }
  if (roles.length) actions.add('sts:AssumeRole');
  for (const r of roles) resources.add(r);
  const sorted = (xs) => [...new Set(xs)].sort();
  const index = { actions: sorted([...actions]), resources: sorted([...resources]), principals: sorted(principals), roles: sorted(roles), users: sorted(users), counts };
  if (text !== undefined) cache = { text, index };
  return index;
}
