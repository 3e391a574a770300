// "Exclude from evaluation", as AWS's IAM policy simulator offers it: the policies of a scenario
// that can be left out one by one, and a copy of the scenario without the excluded ones (the
// scenario itself is never changed). Inline policies are removed from their list; managed
// policies are detached from every user, group and role; boundaries and resource-based
// policies are removed; SCPs and RCPs lose their targets. `toOriginal` maps a JSON path of the
// copy back to the scenario (removing an inline policy shifts the ones after it).
import { formatPath } from './jsonpath.js';

function arnOf(accountId, kind, e) {
  return `arn:aws:iam::${accountId}:${kind}${e.path && e.path !== '/' ? e.path : '/'}${e.name}`;
}

/**
 * Every policy that can be excluded: [{key, group, label, detail}]. `group` is one of
 * 'identity', 'boundary', 'resource', 'scp', 'rcp'.
 */
export function excludablePolicies(s) {
  const out = [];
  if (!s || typeof s !== 'object') return out;
  const managed = new Map(); // key -> entry (one per managed policy, however many attach it)
  const accounts = Array.isArray(s.accounts) ? s.accounts : [];
  accounts.forEach((a, ai) => {
    if (!a || typeof a !== 'object') return;
    const acct = a.name ? `${a.name}` : a.id;
    for (const p of Array.isArray(a.managedPolicies) ? a.managedPolicies : []) {
      if (!p || typeof p.name !== 'string') continue;
      const key = `managed:${arnOf(a.id, 'policy', p)}`;
      managed.set(key, { key, group: 'identity', label: `managed policy ${p.name}`, detail: `customer managed, ${acct}; detached from everyone`, attached: 0 });
    }
    const principals = [
      ['users', 'user'],
      ['groups', 'group'],
      ['roles', 'role'],
    ];
    for (const [list, kind] of principals) {
      (Array.isArray(a[list]) ? a[list] : []).forEach((e, i) => {
        if (!e || typeof e !== 'object') return;
        const who = `${kind} ${e.name} (${acct})`;
        (Array.isArray(e.inlinePolicies) ? e.inlinePolicies : []).forEach((p, pi) => {
          if (!p || typeof p !== 'object') return;
          out.push({ key: `inline:${formatPath(['accounts', ai, list, i, 'inlinePolicies', pi])}`, group: 'identity', label: `inline policy ${p.name || pi + 1} of ${who}`, detail: 'inline' });
        });
        for (const ref of Array.isArray(e.managedPolicies) ? e.managedPolicies : []) {
          if (typeof ref !== 'string') continue;
          const arn = ref.startsWith('arn:') ? ref : `arn:aws:iam::${a.id}:policy/${ref}`;
          const key = `managed:${arn}`;
          const known = managed.get(key) || [...managed.values()].find((m) => m.key.endsWith(`:policy/${ref}`) && m.key.includes(`::${a.id}:`));
          if (known) known.attached += 1;
          else managed.set(key, { key, group: 'identity', label: `managed policy ${arn.split('/').pop()}`, detail: arn.startsWith('arn:aws:iam::aws:') ? 'AWS managed; detached from everyone' : 'detached from everyone', attached: 1 });
        }
        if (typeof e.permissionsBoundary === 'string' && e.permissionsBoundary) {
          out.push({ key: `boundary:${formatPath(['accounts', ai, list, i])}`, group: 'boundary', label: `permissions boundary of ${who}`, detail: e.permissionsBoundary });
        }
      });
    }
    (Array.isArray(a.resources) ? a.resources : []).forEach((r, ri) => {
      if (r && typeof r === 'object' && r.policy !== undefined && r.policy !== null) {
        out.push({ key: `resource:${formatPath(['accounts', ai, 'resources', ri])}`, group: 'resource', label: `resource-based policy of ${r.arn}`, detail: acct });
      }
    });
  });
  for (const m of managed.values()) if (m.attached) out.push({ key: m.key, group: m.group, label: m.label, detail: `${m.detail} (${m.attached} attachment${m.attached === 1 ? '' : 's'})` });
  const org = s.organization && typeof s.organization === 'object' ? s.organization : null;
  if (org) {
    for (const [field, group, word] of [
      ['serviceControlPolicies', 'scp', 'SCP'],
      ['resourceControlPolicies', 'rcp', 'RCP'],
    ]) {
      (Array.isArray(org[field]) ? org[field] : []).forEach((p, i) => {
        if (p && typeof p === 'object') out.push({ key: `${group}:${i}`, group, label: `${word} ${p.name || i + 1}`, detail: `attached to ${(Array.isArray(p.targets) ? p.targets : []).join(', ') || 'nothing'}` });
      });
    }
  }
  const order = { identity: 0, boundary: 1, resource: 2, scp: 3, rcp: 4 };
  return out.sort((x, y) => order[x.group] - order[y.group]);
}

/** Does a managed-policy reference (name or ARN, in account `accountId`) name `arn`? */
function refersTo(ref, arn, accountId) {
  if (typeof ref !== 'string') return false;
  if (ref === arn) return true;
  return !ref.startsWith('arn:') && arn === `arn:aws:iam::${accountId}:policy/${ref}`;
}

function pathSegs(path) {
  // only the simple paths this module writes: $.a[0].b[1]…
  return path
    .replace(/^\$\.?/, '')
    .split(/\.|\[|\]/)
    .filter((x) => x !== '')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

function at(obj, segs) {
  let v = obj;
  for (const k of segs) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k];
  }
  return v;
}

/**
 * A copy of scenario `s` without the policies whose keys are in `excluded`. Returns
 * {scenario, applied: [key], toOriginal(path)}; keys that no longer exist are skipped.
 */
export function withoutPolicies(s, excluded) {
  const copy = JSON.parse(JSON.stringify(s));
  const applied = [];
  const removed = new Map(); // list path -> [removed indices]
  const inline = [];
  for (const key of excluded) {
    const i = key.indexOf(':');
    const kind = key.slice(0, i);
    const rest = key.slice(i + 1);
    if (kind === 'inline') {
      const segs = pathSegs(rest);
      if (at(copy, segs) && typeof at(copy, segs) === 'object') inline.push(segs);
    } else if (kind === 'managed') {
      let n = 0;
      for (const a of Array.isArray(copy.accounts) ? copy.accounts : []) {
        for (const list of ['users', 'groups', 'roles']) {
          for (const e of Array.isArray(a && a[list]) ? a[list] : []) {
            if (!e || !Array.isArray(e.managedPolicies)) continue;
            const before = e.managedPolicies.length;
            e.managedPolicies = e.managedPolicies.filter((ref) => !refersTo(ref, rest, a.id));
            n += before - e.managedPolicies.length;
          }
        }
      }
      if (n) applied.push(key);
    } else if (kind === 'boundary') {
      const e = at(copy, pathSegs(rest));
      if (e && typeof e === 'object' && e.permissionsBoundary) {
        delete e.permissionsBoundary;
        applied.push(key);
      }
    } else if (kind === 'resource') {
      const r = at(copy, pathSegs(rest));
      if (r && typeof r === 'object' && r.policy !== undefined) {
        delete r.policy;
        applied.push(key);
      }
    } else if (kind === 'scp' || kind === 'rcp') {
      const list = copy.organization && copy.organization[kind === 'scp' ? 'serviceControlPolicies' : 'resourceControlPolicies'];
      const p = Array.isArray(list) ? list[Number(rest)] : null;
      if (p && typeof p === 'object') {
        p.targets = [];
        applied.push(key);
      }
    }
  }
  // inline policies last, from the highest index down, so the paths stay valid while removing
  inline.sort((x, y) => y[y.length - 1] - x[x.length - 1]);
  for (const segs of inline) {
    const listSegs = segs.slice(0, -1);
    const list = at(copy, listSegs);
    const idx = segs[segs.length - 1];
    if (!Array.isArray(list) || !list[idx]) continue;
    list.splice(idx, 1);
    const lp = formatPath(listSegs);
    removed.set(lp, [...(removed.get(lp) || []), idx].sort((x, y) => x - y));
    applied.push(`inline:${formatPath(segs)}`);
  }
  const toOriginal = (path) => {
    if (typeof path !== 'string' || !removed.size) return path;
    for (const [lp, idxs] of removed) {
      if (!path.startsWith(`${lp}[`)) continue;
      const m = /^\[(\d+)\]/.exec(path.slice(lp.length));
      if (!m) continue;
      let n = Number(m[1]);
      for (const r of idxs) if (r <= n) n += 1;
      return `${lp}[${n}]${path.slice(lp.length + m[0].length)}`;
    }
    return path;
  };
  return { scenario: copy, applied, toOriginal };
}
