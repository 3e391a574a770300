// The world-and-chain diagram's model (pure, no DOM): a scenario and its report become the
// accounts (with their organizational unit, SCPs and RCPs), the principals and resources in
// them, the trust relationships read from each role's trust policy (with MFA / ExternalId /
// conditions badges) and each step's path (sign-in → hop → hop → call) with its decision.
// diagram-layout.js gives it coordinates; diagram-svg.js draws it.

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** The column of principals that are not in any account: AWS services, `*`, federated. */
export const OUTSIDE = 'outside';

/** A policy document given as an object or as pasted text, parsed; null when it does not parse. */
export function policyDoc(p) {
  if (isObj(p)) return p;
  if (typeof p !== 'string') return null;
  try {
    const d = JSON.parse(p);
    return isObj(d) ? d : null;
  } catch {
    return null;
  }
}

/** `arn:aws:iam::111111111111:role/path/Name` → {account, type, name}; null for anything else. */
export function parseIamArn(arn) {
  if (typeof arn !== 'string') return null;
  let m = /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(arn);
  if (m) return { account: m[1], type: 'root', name: null };
  m = /^arn:aws[\w-]*:iam::(\d{12}):(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (m) return { account: m[1], type: m[2], name: m[3] };
  m = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/.*$/.exec(arn);
  if (m) return { account: m[1], type: 'role', name: m[2] };
  if (/^\d{12}$/.test(arn)) return { account: arn, type: 'root', name: null };
  return null;
}

/** The 12-digit account in any ARN, or null (S3 ARNs have none). */
function arnAccount(arn) {
  const m = typeof arn === 'string' ? /^arn:aws[\w-]*:[^:]*:[^:]*:(\d{12}):/.exec(arn) : null;
  return m ? m[1] : null;
}

/** The trust-condition badges of a statement: MFA, ExternalId, conditions (anything else). */
export function conditionBadges(condition) {
  const out = new Set();
  if (!isObj(condition)) return [];
  for (const block of Object.values(condition)) {
    if (!isObj(block)) continue;
    for (const key of Object.keys(block)) {
      const k = key.toLowerCase();
      if (k === 'aws:multifactorauthpresent' || k === 'aws:multifactorauthage') out.add('MFA');
      else if (k === 'sts:externalid') out.add('ExternalId');
      else out.add('conditions');
    }
  }
  return ['MFA', 'ExternalId', 'conditions'].filter((b) => out.has(b));
}

function allowsAssume(actions) {
  return arr(actions).some((a) => typeof a === 'string' && /^(\*|sts:\*|sts:assumerole\*?|sts:assumerole(withsaml|withwebidentity)?)$/i.test(a));
}

/**
 * Organizational placement of every account: the unit path (names from the top), whether it is
 * a member, the management account, and the SCP / RCP names attached at the root, a unit above it
 * or the account itself.
 */
function orgPlacement(org, accountIds) {
  const out = new Map();
  if (!isObj(org)) return out;
  const units = arr(org.units).filter(isObj);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const unitOf = new Map();
  for (const u of units) for (const a of arr(u.accounts)) unitOf.set(String(a), u);
  const members = Array.isArray(org.members) ? new Set(org.members.map(String)) : null;
  const attached = (list, targets) =>
    arr(list)
      .filter((p) => isObj(p) && arr(p.targets).some((t) => targets.has(String(t))))
      .map((p) => String(p.name || '(unnamed)'));
  for (const id of accountIds) {
    const member = members ? members.has(id) : true;
    if (!member) {
      out.set(id, { member: false, ouPath: [], ouIds: [], scps: [], rcps: [], management: false });
      continue;
    }
    const chain = [];
    const seen = new Set();
    for (let u = unitOf.get(id); u && !seen.has(u.id); u = unitById.get(u.parent)) {
      seen.add(u.id);
      chain.unshift(u);
    }
    const targets = new Set(['root', id, ...chain.map((u) => String(u.id))]);
    const management = org.managementAccount === id;
    out.set(id, {
      member: true,
      management,
      ouPath: chain.map((u) => String(u.name || u.id)),
      ouIds: chain.map((u) => String(u.id)),
      scps: attached(org.serviceControlPolicies, targets),
      rcps: attached(org.resourceControlPolicies, targets),
    });
  }
  return out;
}

/** The model: {title, org, accounts, nodes, trusts, steps}. Never throws on odd input. */
export function buildModel(scenario, report) {
  const s = isObj(scenario) ? scenario : {};
  const accounts = [];
  const accountById = new Map();
  const nodes = [];
  const nodeById = new Map();
  const addAccount = (id, extra) => {
    if (accountById.has(id)) return accountById.get(id);
    const a = { id, name: null, declared: false, path: null, member: false, management: false, ouPath: [], ouIds: [], scps: [], rcps: [], ...extra };
    accounts.push(a);
    accountById.set(id, a);
    return a;
  };
  const addNode = (n) => {
    if (nodeById.has(n.id)) return nodeById.get(n.id);
    const node = { declared: true, path: null, sub: '', ...n };
    nodes.push(node);
    nodeById.set(node.id, node);
    if (!accountById.has(node.account)) addAccount(node.account, node.account === OUTSIDE ? { name: 'Outside the accounts', outside: true } : {});
    return node;
  };

  arr(s.accounts).forEach((a, ai) => {
    if (!isObj(a)) return;
    const id = String(a.id ?? `account ${ai + 1}`);
    const acc = addAccount(id, {});
    Object.assign(acc, { name: typeof a.name === 'string' ? a.name : null, declared: true, path: `$.accounts[${ai}]` });
    arr(a.users).forEach((u, i) => {
      if (!isObj(u)) return;
      const groups = arr(u.groups).filter((g) => typeof g === 'string');
      addNode({ id: `${id}:user/${u.name}`, kind: 'user', account: id, name: String(u.name ?? '(unnamed)'), path: `$.accounts[${ai}].users[${i}]`, sub: groups.length ? `user · in ${groups.join(', ')}` : 'user', groups });
    });
    arr(a.groups).forEach((g, i) => {
      if (!isObj(g)) return;
      const members = arr(a.users).filter((u) => isObj(u) && arr(u.groups).includes(g.name)).map((u) => String(u.name));
      addNode({ id: `${id}:group/${g.name}`, kind: 'group', account: id, name: String(g.name ?? '(unnamed)'), path: `$.accounts[${ai}].groups[${i}]`, sub: members.length ? `group · ${members.join(', ')}` : 'group' });
    });
    arr(a.roles).forEach((r, i) => {
      if (!isObj(r)) return;
      addNode({ id: `${id}:role/${r.name}`, kind: 'role', account: id, name: String(r.name ?? '(unnamed)'), path: `$.accounts[${ai}].roles[${i}]`, sub: 'role', trustPolicy: r.trustPolicy });
    });
    arr(a.resources).forEach((r, i) => {
      if (!isObj(r) || typeof r.arn !== 'string') return;
      addNode({ id: `res:${r.arn}`, kind: 'resource', account: id, arn: r.arn, region: arnRegion(r.arn), name: resourceName(r.arn), path: `$.accounts[${ai}].resources[${i}]`, sub: resourceKind(r.arn) + (r.policy !== undefined && r.policy !== null ? ' · resource policy' : '') });
    });
  });

  /** The node for an IAM principal ARN (or account id), added as undeclared when unknown. */
  const principalNode = (value) => {
    const p = parseIamArn(value);
    if (!p) return null;
    if (p.type === 'root') {
      addAccount(p.account, {});
      return `account:${p.account}`;
    }
    const id = `${p.account}:${p.type}/${p.name}`;
    if (!nodeById.has(id)) addNode({ id, kind: p.type, account: p.account, name: p.name, declared: false, sub: `${p.type} (not in the scenario)` });
    return id;
  };
  const outsideNode = (key, name, sub) => addNode({ id: `${OUTSIDE}:${key}`, kind: 'external', account: OUTSIDE, name, sub }).id;

  // trust relationships: every Allow statement of a trust policy that lets a principal assume
  const trusts = [];
  for (const role of nodes.filter((n) => n.kind === 'role' && n.declared)) {
    const doc = policyDoc(role.trustPolicy);
    if (!doc) continue;
    for (const st of arr(doc.Statement)) {
      if (!isObj(st) || st.Effect !== 'Allow' || !allowsAssume(st.Action)) continue;
      const badges = conditionBadges(st.Condition);
      const froms = [];
      if (st.Principal === '*') froms.push(outsideNode('*', 'Anyone (*)', 'every principal'));
      else if (isObj(st.Principal)) {
        for (const v of arr(st.Principal.AWS)) {
          if (v === '*') froms.push(outsideNode('*', 'Anyone (*)', 'every principal'));
          else {
            const n = principalNode(String(v));
            if (n) froms.push(n);
          }
        }
        for (const v of arr(st.Principal.Service)) froms.push(outsideNode(`service:${v}`, String(v), 'AWS service'));
        for (const v of arr(st.Principal.Federated)) froms.push(outsideNode(`federated:${v}`, String(v).replace(/^arn:aws[\w-]*:iam::\d{12}:/, ''), 'federated identity'));
      }
      for (const from of froms) {
        const prev = trusts.find((t) => t.from === from && t.to === role.id);
        if (prev) prev.badges = [...new Set([...prev.badges, ...badges])];
        else trusts.push({ from, to: role.id, badges, toAccount: from.startsWith('account:') });
      }
    }
  }

  const steps = stepPaths(s, report, { principalNode, outsideNode, nodeById, addNode, addAccount, nodes });
  for (const t of trusts) t.text = trustSentence({ accounts, nodes }, t);

  const placement = orgPlacement(s.organization, accounts.map((a) => a.id));
  for (const a of accounts) Object.assign(a, placement.get(a.id) || {});
  const org = isObj(s.organization) ? { id: String(s.organization.id || ''), managementAccount: s.organization.managementAccount || null } : null;
  return { title: typeof s.title === 'string' ? s.title : 'Untitled scenario', org, accounts, nodes, trusts, steps };
}

function arnRegion(arn) {
  return String(arn).split(':')[3] || '';
}

function resourceName(arn) {
  const m = /^arn:aws[\w-]*:s3:::([^/]+)(\/.*)?$/.exec(arn);
  if (m) return m[2] ? `${m[1]}${m[2]}` : m[1];
  const parts = String(arn).split(':');
  const tail = parts.slice(5).join(':');
  return tail || String(arn);
}

function resourceKind(arn) {
  const m = /^arn:aws[\w-]*:([^:]+):/.exec(String(arn));
  if (!m) return 'resource';
  if (m[1] === 's3') return 'S3 bucket';
  const region = String(arn).split(':')[3];
  return `${m[1]} resource${region ? ` · ${region}` : ''}`;
}

/**
 * Each step's path over the nodes: who signed in, the roles assumed since (an allowed
 * `assumeRole` pushes, `exitRole` pops, `as` starts afresh) and what the step reaches.
 */
function stepPaths(s, report, { principalNode, outsideNode, nodeById, addNode, addAccount, nodes }) {
  const results = new Map();
  for (const [i, r] of arr(report && report.steps).entries()) if (isObj(r)) results.set(Number.isInteger(r.index) ? r.index : i, r);
  let chain = [];
  const out = [];
  arr(s.steps).forEach((step, index) => {
    if (!isObj(step)) return;
    const r = results.get(index) || null;
    const decision = r && typeof r.decision === 'string' ? r.decision : null;
    const notEvaluated = !!(r && typeof r.notEvaluated === 'string');
    const base = { index, decision, notEvaluated, kind: null, path: [], action: null, target: null };
    if ('as' in step) {
      const who = principalNode(String(step.as));
      if (typeof step.via === 'string' && step.via) {
        const svc = outsideNode(`service:${step.via}`, step.via, 'AWS service');
        chain = who ? [svc, who] : [svc];
        out.push({ ...base, kind: 'as', path: [...chain], action: `sign in via ${step.via}` });
      } else {
        chain = who ? [who] : [];
        out.push({ ...base, kind: 'as', path: [...chain], action: 'sign in' });
      }
    } else if ('assumeRole' in step) {
      const role = principalNode(String(step.assumeRole));
      const path = role ? [...chain, role] : [...chain];
      out.push({ ...base, kind: 'assumeRole', path, action: 'sts:AssumeRole', target: role });
      // without a report (not run yet) the hop is taken as it is written
      if (role && (decision === 'allowed' || !r)) chain = [...chain, role];
    } else if ('call' in step) {
      const target = callTarget(step, chain, { nodeById, addNode, addAccount, nodes });
      out.push({ ...base, kind: 'call', path: target ? [...chain, target] : [...chain], action: String(step.call), target });
    } else if ('exitRole' in step) {
      if (chain.length > 1 && !(chain.length === 2 && chain[0].startsWith(`${OUTSIDE}:`))) chain = chain.slice(0, -1);
      out.push({ ...base, kind: 'exitRole', path: [], action: 'switch back' });
    } else {
      const kind = ['revokeSessions', 'advanceTime', 'setTime'].find((k) => k in step) || 'unknown';
      out.push({ ...base, kind, path: [] });
    }
  });
  return out;
}

/** The node a `call` reaches: a listed resource (a bucket covers its objects), else one made for it. */
function callTarget(step, chain, { nodeById, addNode, nodes }) {
  const arn = typeof step.resource === 'string' ? step.resource : '*';
  const listed = nodes.find((n) => n.kind === 'resource' && n.declared && (n.arn === arn || (n.arn && /^arn:aws[\w-]*:s3:::[^/]+$/.test(n.arn) && arn.startsWith(`${n.arn}/`))));
  if (listed) return listed.id;
  const iam = parseIamArn(arn);
  if (iam && iam.type !== 'root') {
    const id = `${iam.account}:${iam.type}/${iam.name}`;
    if (nodeById.has(id)) return id;
  }
  const last = chain.length ? nodeById.get(chain[chain.length - 1]) : null;
  const callerAccount = last && last.account !== OUTSIDE ? last.account : null;
  const account = arnAccount(arn) || callerAccount || (chain[0] && chain[0].startsWith('account:') ? chain[0].slice(8) : null);
  if (!account) return null;
  const service = String(step.call).split(':')[0] || 'service';
  const name = arn === '*' ? `${service} (*)` : resourceName(arn);
  return addNode({ id: `res:${account}:${arn === '*' ? `${service}:*` : arn}`, kind: 'resource', account, arn, region: arnRegion(arn), name, declared: false, sub: arn === '*' ? `${service} · any resource` : resourceKind(arn) }).id;
}

/** A node's name for a sentence: "alice", "ProdAdmin", "the account 222222222222 (Tooling)". */
export function nodeName(model, id) {
  if (typeof id !== 'string') return '?';
  if (id.startsWith('account:')) {
    const a = model.accounts.find((x) => x.id === id.slice(8));
    return `the root user of ${id.slice(8)}${a && a.name ? ` (${a.name})` : ''}`;
  }
  const n = model.nodes.find((x) => x.id === id);
  return n ? n.name : id;
}

function accountText(model, accountId) {
  const a = model.accounts.find((x) => x.id === accountId);
  if (!a || a.outside) return '';
  return ` (account ${a.id}${a.name ? ` ${a.name}` : ''})`;
}

/**
 * One sentence per step for the text list beside the diagram:
 * "Step 2: alice → AssumeRole ProdAdmin (account 222222222222 Prod) — Allowed".
 */
export function stepSentence(model, st, decisionText) {
  const names = st.path.map((id) => nodeName(model, id));
  const outcome = st.notEvaluated ? 'Not evaluated' : st.decision ? decisionText(st.decision) : null;
  const tail = outcome ? ` — ${outcome}` : '';
  const lead = `Step ${st.index + 1}: `;
  if (st.kind === 'as') {
    const who = st.path.length ? st.path[st.path.length - 1] : null;
    const n = who ? model.nodes.find((x) => x.id === who) : null;
    return `${lead}Sign in as ${names[names.length - 1] || '?'}${n ? accountText(model, n.account) : ''}${st.path.length > 1 ? ` via ${names[0]}` : ''}${tail}`;
  }
  if (st.kind === 'assumeRole' || st.kind === 'call') {
    const before = names.slice(0, -1);
    const target = st.path.length ? st.path[st.path.length - 1] : null;
    const tn = target ? model.nodes.find((x) => x.id === target) : null;
    const what = st.kind === 'assumeRole' ? `AssumeRole ${names[names.length - 1] || '?'}` : `${st.action} on ${tn ? `${tn.name}${tn.region ? ` in ${tn.region}` : ''}` : '?'}`;
    return `${lead}${before.length ? `${before.join(' → ')} → ` : ''}${what}${tn ? accountText(model, tn.account) : ''}${tail}`;
  }
  if (st.kind === 'exitRole') return `${lead}Switch back`;
  return `${lead}${st.kind}`;
}

/** What a trust arrow means, in words (the arrow's tooltip). */
export function trustSentence(model, t) {
  const role = nodeName(model, t.to);
  const cond = t.badges.length ? ` when the trust policy's conditions hold (${t.badges.join(', ')})` : '';
  if (t.from.startsWith('account:')) {
    const id = t.from.slice(8);
    const a = model.accounts.find((x) => x.id === id);
    return `Any principal of account ${id}${a && a.name ? ` (${a.name})` : ''} that its own IAM policies allow may assume ${role}${cond}`;
  }
  return `${nodeName(model, t.from)} may assume ${role}${cond}`;
}
