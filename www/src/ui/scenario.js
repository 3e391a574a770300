// Scenario helpers: where policy documents live, normalising them to pasted text (so editor
// positions equal diagnostic positions), and the default empty world.
import { formatPath } from './jsonpath.js';

export const FORMAT = 'iam-playground/scenario@1';

/** Every policy document location in a scenario: [{segs, path}]. */
export function policyLocations(s) {
  const out = [];
  const add = (segs, value) => {
    if (value !== undefined && value !== null) out.push({ segs, path: formatPath(segs) });
  };
  const named = (list, base) => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => p && typeof p === 'object' && add([...base, i, 'document'], p.document));
  };
  (Array.isArray(s.accounts) ? s.accounts : []).forEach((a, ai) => {
    if (!a || typeof a !== 'object') return;
    const A = ['accounts', ai];
    named(a.managedPolicies, [...A, 'managedPolicies']);
    (Array.isArray(a.users) ? a.users : []).forEach((u, i) => u && named(u.inlinePolicies, [...A, 'users', i, 'inlinePolicies']));
    (Array.isArray(a.groups) ? a.groups : []).forEach((g, i) => g && named(g.inlinePolicies, [...A, 'groups', i, 'inlinePolicies']));
    (Array.isArray(a.roles) ? a.roles : []).forEach((r, i) => {
      if (!r || typeof r !== 'object') return;
      add([...A, 'roles', i, 'trustPolicy'], r.trustPolicy);
      named(r.inlinePolicies, [...A, 'roles', i, 'inlinePolicies']);
    });
    (Array.isArray(a.resources) ? a.resources : []).forEach((r, i) => r && typeof r === 'object' && add([...A, 'resources', i, 'policy'], r.policy));
  });
  const org = s.organization;
  if (org && typeof org === 'object') {
    named(org.serviceControlPolicies, ['organization', 'serviceControlPolicies']);
    named(org.resourceControlPolicies, ['organization', 'resourceControlPolicies']);
  }
  (Array.isArray(s.steps) ? s.steps : []).forEach((st, i) => st && typeof st === 'object' && add(['steps', i, 'sessionPolicy'], st.sessionPolicy));
  return out;
}

/** Turn every policy given as a JSON object into its pretty-printed text (in place). */
export function normalisePolicies(s) {
  if (!s || typeof s !== 'object') return s;
  for (const { segs } of policyLocations(s)) {
    let parent = s;
    for (const k of segs.slice(0, -1)) parent = parent[k];
    const key = segs[segs.length - 1];
    if (parent[key] !== null && typeof parent[key] === 'object') parent[key] = JSON.stringify(parent[key], null, 2);
  }
  return s;
}

/** The scenario's canonical text. */
export function scenarioText(s) {
  return `${JSON.stringify(s, null, 2)}\n`;
}

export function emptyScenario() {
  return {
    format: FORMAT,
    title: 'New scenario',
    accounts: [{ id: '111111111111', name: 'Dev', users: [{ name: 'Alice' }] }],
    steps: [{ as: 'arn:aws:iam::111111111111:user/Alice' }, { call: 's3:ListAllMyBuckets', expect: 'implicitDeny' }],
  };
}
