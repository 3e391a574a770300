// Renames in the structured editor: when a user, role, group, customer managed policy, resource,
// account id or organizational unit is renamed, every place in the scenario that names it (steps,
// group memberships, managed policy references, ARNs inside policy documents, the organization's
// lists) is rewritten to the new name. Pure: no DOM; it edits the scenario object in place and
// returns the paths it changed, so the caller can say "also renamed N references" and undo.
import { formatPath } from './jsonpath.js';
import { policyLocations } from './scenario.js';

/** The IAM ARN of a user, role, group or managed policy: arn:aws:iam::ACCOUNT:KIND/PATH/NAME. */
export function iamArn(accountId, kind, name, path) {
  const p = typeof path === 'string' && path && path !== '/' ? path : '/';
  return `arn:aws:iam::${accountId}:${kind}${p}${name}`;
}

const ENTITY_KINDS = { user: 'user', role: 'role', group: 'group', policy: 'policy' };

// fields that are prose or the entity's own identity: never rewritten
const PROSE = new Set(['title', 'description', 'format', 'time', 'note', 'setTime', 'advanceTime']);

/**
 * The string rewriter of a change: value → new value (or the same value). `where` tells what
 * the string is: 'policy' (a string inside a policy document), or the key holding it.
 */
function rewriter(change) {
  switch (change.kind) {
    case 'user':
    case 'group':
    case 'policy': {
      const from = iamArn(change.account, ENTITY_KINDS[change.kind], change.from.name, change.from.path);
      const to = iamArn(change.account, ENTITY_KINDS[change.kind], change.to.name, change.to.path);
      return (v) => (v === from ? to : v);
    }
    case 'role': {
      const from = iamArn(change.account, 'role', change.from.name, change.from.path);
      const to = iamArn(change.account, 'role', change.to.name, change.to.path);
      // a session of the role: arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION (no path in it)
      const sessFrom = `arn:aws:sts::${change.account}:assumed-role/${change.from.name}/`;
      const sessTo = `arn:aws:sts::${change.account}:assumed-role/${change.to.name}/`;
      return (v) => (v === from ? to : v.startsWith(sessFrom) ? sessTo + v.slice(sessFrom.length) : v);
    }
    case 'resource': {
      const { from, to } = change;
      // an S3 bucket's objects are named under it: arn:aws:s3:::bucket/key
      const bucket = /^arn:[^:]+:s3:::[^/]+$/.test(from) && /^arn:[^:]+:s3:::[^/]+$/.test(to);
      return (v) => (v === from ? to : bucket && v.startsWith(`${from}/`) ? to + v.slice(from.length) : v);
    }
    case 'account': {
      const { from, to } = change;
      return (v) => {
        if (v === from) return to;
        // any ARN whose account field is the old id: arn:PARTITION:SERVICE:REGION:ACCOUNT:…
        const m = /^(arn:[^:]*:[^:]*:[^:]*:)([^:]*)(:.*)$/.exec(v);
        return m && m[2] === from ? `${m[1]}${to}${m[3]}` : v;
      };
    }
    case 'unit':
      return (v) => (v === change.from ? change.to : v);
    default:
      return null;
  }
}

/** Is `change` a rename that changes nothing, or malformed? */
function idle(change) {
  if (!change || typeof change !== 'object') return true;
  if (ENTITY_KINDS[change.kind]) {
    const a = change.from || {};
    const b = change.to || {};
    if (typeof change.account !== 'string' || !change.account) return true;
    if (typeof a.name !== 'string' || !a.name || typeof b.name !== 'string' || !b.name) return true;
    return a.name === b.name && (a.path || '/') === (b.path || '/');
  }
  return typeof change.from !== 'string' || typeof change.to !== 'string' || !change.from || !change.to || change.from === change.to;
}

/**
 * Rewrite the JSON string literals of a policy given as text (`"…"` values, not keys), keeping
 * every other character as the person typed it. Returns [text, count].
 */
export function rewritePolicyText(text, fn) {
  let count = 0;
  // every literal in order (keys too, so the scan never loses step); keys are left alone
  const out = text.replace(/"(?:[^"\\\n]|\\.)*"/g, (lit, offset) => {
    if (/^\s*:/.test(text.slice(offset + lit.length, offset + lit.length + 40))) return lit;
    let v;
    try {
      v = JSON.parse(lit);
    } catch {
      return lit;
    }
    const w = fn(v);
    if (w === v) return lit;
    count += 1;
    return JSON.stringify(w);
  });
  return [out, count];
}

/** Rewrite every string value of a JSON value (a policy object); returns the paths changed. */
function rewriteValue(holder, key, segs, fn, out) {
  const v = holder[key];
  if (typeof v === 'string') {
    const w = fn(v);
    if (w !== v) {
      holder[key] = w;
      out.push(formatPath(segs));
    }
  } else if (Array.isArray(v)) {
    v.forEach((_, i) => rewriteValue(v, i, [...segs, i], fn, out));
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) rewriteValue(v, k, [...segs, k], fn, out);
  }
}

/**
 * Rename references in `scenario` (edited in place). `change` is one of
 *   { kind: 'user' | 'role' | 'group' | 'policy', account, from: {name, path}, to: {name, path} }
 *   { kind: 'resource', from: ARN, to: ARN }
 *   { kind: 'account', from: ID, to: ID }
 *   { kind: 'unit', from: OU_ID, to: OU_ID }
 * The entity itself is expected to carry its new name already. Returns { count, paths } with
 * the JSON paths of the references rewritten (a policy document given as text counts each
 * rewritten string; its path is the document's).
 */
export function renameReferences(scenario, change) {
  const paths = [];
  let count = 0;
  if (!scenario || typeof scenario !== 'object' || idle(change)) return { count, paths };
  const fn = rewriter(change);
  if (!fn) return { count, paths };
  const safe = (v) => (typeof v === 'string' ? fn(v) : v);

  // policy documents: every string value (objects) or string literal (text)
  const policyPaths = new Set();
  for (const { segs, path } of policyLocations(scenario)) {
    policyPaths.add(path);
    let parent = scenario;
    for (const k of segs.slice(0, -1)) parent = parent[k];
    const key = segs[segs.length - 1];
    if (typeof parent[key] === 'string') {
      const [text, n] = rewritePolicyText(parent[key], safe);
      if (n) {
        parent[key] = text;
        count += n;
        paths.push(path);
      }
    } else if (parent[key] && typeof parent[key] === 'object') {
      const before = paths.length;
      rewriteValue(parent, key, segs, safe, paths);
      count += paths.length - before;
    }
  }

  // everything else: string values outside prose, names and the documents already done
  const rest = [];
  const walk = (holder, key, segs) => {
    const v = holder[key];
    const path = formatPath(segs);
    if (policyPaths.has(path)) return;
    if (typeof v === 'string') {
      if (PROSE.has(key) || key === 'name' || key === 'id' || key === 'path') return;
      const w = fn(v);
      if (w !== v) {
        holder[key] = w;
        rest.push(path);
      }
    } else if (Array.isArray(v)) {
      v.forEach((_, i) => walk(v, i, [...segs, i]));
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) if (!(segs.length === 0 && PROSE.has(k))) walk(v, k, [...segs, k]);
    }
  };
  for (const k of Object.keys(scenario)) if (!PROSE.has(k)) walk(scenario, k, [k]);

  // references by bare name, inside the entity's own account
  const accounts = Array.isArray(scenario.accounts) ? scenario.accounts : [];
  const ai = accounts.findIndex((a) => a && a.id === change.account);
  const acct = ai >= 0 ? accounts[ai] : null;
  const byName = (list, base, key) => {
    (Array.isArray(list) ? list : []).forEach((e, i) => {
      const refs = e && Array.isArray(e[key]) ? e[key] : null;
      if (!refs) return;
      refs.forEach((r, j) => {
        if (r === change.from.name) {
          refs[j] = change.to.name;
          rest.push(formatPath([...base, i, key, j]));
        }
      });
    });
  };
  if (acct && change.kind === 'group') byName(acct.users, ['accounts', ai, 'users'], 'groups');
  if (acct && change.kind === 'policy') {
    for (const kind of ['users', 'groups', 'roles']) byName(acct[kind], ['accounts', ai, kind], 'managedPolicies');
  }

  // (an organizational unit's children name it as `parent`: the walk above rewrote them)

  return { count: count + rest.length, paths: [...paths, ...rest] };
}

/**
 * The rename a form edit makes, or null: `kind` of the entity, its account id, and its `name`
 * (or `path`) before and after. For `resource`, `account` and `unit`, `before`/`after` are the
 * values themselves.
 */
export function renameOf(kind, { account, entity, key, before, after }) {
  if (before === after || typeof before !== 'string' || typeof after !== 'string' || !before || !after) return null;
  if (ENTITY_KINDS[kind]) {
    const name = key === 'name' ? null : entity && entity.name;
    const path = key === 'path' ? null : entity && entity.path;
    const from = key === 'name' ? { name: before, path } : { name, path: before };
    const to = key === 'name' ? { name: after, path } : { name, path: after };
    if (typeof from.name !== 'string' || !from.name) return null;
    return { kind, account, from, to };
  }
  if (kind === 'resource' || kind === 'account' || kind === 'unit') return { kind, from: before, to: after };
  return null;
}

/** What a rename renamed, in words: "user John to Johann", "account 111111111111 to 222222222222". */
export function renameText(change) {
  if (!change || typeof change !== 'object') return '';
  const noun = { user: 'user', role: 'role', group: 'group', policy: 'managed policy', resource: 'resource', account: 'account', unit: 'unit' }[change.kind] || 'name';
  if (ENTITY_KINDS[change.kind]) {
    const a = change.from || {};
    const b = change.to || {};
    if (a.name !== b.name) return `${noun} ${a.name} to ${b.name}`;
    return `the path of ${noun} ${b.name} to ${b.path || '/'}`;
  }
  return `${noun} ${change.from} to ${change.to}`;
}

/** "3 references" / "1 reference". */
export function referencesText(n) {
  return `${n} reference${n === 1 ? '' : 's'}`;
}
