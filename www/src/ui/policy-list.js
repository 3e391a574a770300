// The documents of a scenario's world, listed for reading (the embed's Policies view): per
// account, each user, group, role and resource with its inline policies, attached managed
// policies, permissions boundary, trust policy or resource-based policy; the account's own
// managed policies; the organization's SCPs and RCPs; the steps' session policies. Also a
// small JSON tokenizer for highlighting and the ranges of a document's statements. Pure: no DOM.
import { formatPath, parsePath, getAt } from './jsonpath.js';
import { valueRange } from './jsonspan.js';
import { byteToUtf16 } from './offsets.js';

const AWS_MANAGED = /^arn:aws:iam::aws:policy\/(?:[^\s]*\/)?([^/\s]+)$/;
const CUSTOMER_MANAGED = /^arn:aws:iam::(\d{12}):policy\/(?:[^\s]*\/)?([^/\s]+)$/;

const isObj = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v) => (Array.isArray(v) ? v : []);
const str = (v) => (typeof v === 'string' ? v : null);

/** A policy document as text to show: a string as it is, an object pretty-printed; else null. */
export function documentText(value) {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value, null, 2);
  return null;
}

/**
 * An attached managed policy (or a permissions boundary) by ARN: {arn, name, aws: true} for an
 * AWS managed policy, {arn, name, aws: false, path} for a customer managed policy the scenario
 * defines (path: its document's JSON path), {arn, name, aws: false, path: null} otherwise.
 */
export function attachment(arn, scenario) {
  if (typeof arn !== 'string') return null;
  const aws = AWS_MANAGED.exec(arn);
  if (aws) return { arn, name: aws[1], aws: true };
  const cm = CUSTOMER_MANAGED.exec(arn);
  const name = cm ? cm[2] : arn;
  let path = null;
  if (cm) {
    list(isObj(scenario) ? scenario.accounts : []).forEach((a, ai) => {
      if (path || !isObj(a) || a.id !== cm[1]) return;
      list(a.managedPolicies).forEach((p, pi) => {
        if (!path && isObj(p) && p.name === name && p.document !== undefined && p.document !== null) path = formatPath(['accounts', ai, 'managedPolicies', pi, 'document']);
      });
    });
  }
  return { arn, name, aws: false, path };
}

/**
 * The world's documents as groups: [{title, entities: [{title, kind, docs, attached}]}], where a
 * doc is {path, kind, name, text, targets?} (kind in words: "Inline policy", "Trust policy",
 * "Resource-based policy", "Managed policy", "SCP", "RCP", "Session policy") and attached lists
 * {label, ...attachment} ("Attached managed policy", "Permissions boundary").
 */
export function policyGroups(scenario) {
  const s = isObj(scenario) ? scenario : {};
  const groups = [];
  const doc = (segs, kind, name, extra = {}) => {
    const text = documentText(getAt(s, segs));
    return text === null ? null : { path: formatPath(segs), kind, name: name || '', text, ...extra };
  };
  const inline = (owner, base) =>
    list(owner.inlinePolicies)
      .map((p, i) => (isObj(p) ? doc([...base, 'inlinePolicies', i, 'document'], 'Inline policy', str(p.name)) : null))
      .filter(Boolean);
  const attachedOf = (owner) => {
    const out = [];
    for (const arn of list(owner.managedPolicies)) {
      const a = attachment(arn, s);
      if (a) out.push({ label: 'Attached managed policy', ...a });
    }
    const b = attachment(owner.permissionsBoundary, s);
    if (b) out.push({ label: 'Permissions boundary', ...b });
    return out;
  };
  list(s.accounts).forEach((a, ai) => {
    if (!isObj(a)) return;
    const A = ['accounts', ai];
    const entities = [];
    const push = (e) => (e.docs.length || e.attached.length) && entities.push(e);
    list(a.users).forEach((u, i) => isObj(u) && push({ title: `User ${str(u.name) || i + 1}`, kind: 'user', docs: inline(u, [...A, 'users', i]), attached: attachedOf(u) }));
    list(a.groups).forEach((g, i) => isObj(g) && push({ title: `Group ${str(g.name) || i + 1}`, kind: 'group', docs: inline(g, [...A, 'groups', i]), attached: attachedOf(g) }));
    list(a.roles).forEach((r, i) => {
      if (!isObj(r)) return;
      const R = [...A, 'roles', i];
      const trust = doc([...R, 'trustPolicy'], 'Trust policy', '');
      push({ title: `Role ${str(r.name) || i + 1}`, kind: 'role', docs: [trust, ...inline(r, R)].filter(Boolean), attached: attachedOf(r) });
    });
    list(a.resources).forEach((r, i) => {
      if (!isObj(r)) return;
      const arn = str(r.arn) || `resource ${i + 1}`;
      const kind = arn.startsWith('arn:aws:s3:::') ? 'Bucket policy' : 'Resource-based policy';
      const d = doc([...A, 'resources', i, 'policy'], kind, '');
      push({ title: arn, kind: 'resource', docs: d ? [d] : [], attached: [] });
    });
    const managed = list(a.managedPolicies)
      .map((p, i) => (isObj(p) ? doc([...A, 'managedPolicies', i, 'document'], 'Customer managed policy', str(p.name)) : null))
      .filter(Boolean);
    push({ title: 'Customer managed policies', kind: 'managed', docs: managed, attached: [] });
    if (entities.length) groups.push({ title: `Account ${str(a.name) ? `${a.name} (${a.id})` : str(a.id) || ai + 1}`, entities });
  });
  const org = isObj(s.organization) ? s.organization : null;
  if (org) {
    const entities = [];
    for (const [key, kind, title] of [
      ['serviceControlPolicies', 'SCP', 'Service control policies (SCPs)'],
      ['resourceControlPolicies', 'RCP', 'Resource control policies (RCPs)'],
    ]) {
      const docs = list(org[key])
        .map((p, i) => (isObj(p) ? doc(['organization', key, i, 'document'], kind, str(p.name), { targets: list(p.targets).filter((t) => typeof t === 'string') }) : null))
        .filter(Boolean);
      if (docs.length) entities.push({ title, kind: key, docs, attached: [] });
    }
    if (entities.length) groups.push({ title: 'Organization', entities });
  }
  const sessions = list(s.steps)
    .map((st, i) => (isObj(st) ? doc(['steps', i, 'sessionPolicy'], 'Session policy', `step ${i + 1}`) : null))
    .filter(Boolean);
  if (sessions.length) groups.push({ title: 'Steps', entities: [{ title: 'Session policies', kind: 'session', docs: sessions, attached: [] }] });
  return groups;
}

/** How many documents policyGroups lists. */
export function documentCount(groups) {
  return groups.reduce((n, g) => n + g.entities.reduce((m, e) => m + e.docs.length, 0), 0);
}

/**
 * The statements of a policy document's text: [{index, from, to}] (UTF-16), one per statement
 * of a `Statement` list, or index 0 for a single statement object; [] when the text does not parse.
 */
export function statementRanges(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  return rangesAt(text, [], parsed);
}

function rangesAt(text, base, docValue) {
  if (!isObj(docValue)) return [];
  const st = docValue.Statement;
  const out = [];
  if (Array.isArray(st)) {
    st.forEach((_, i) => {
      const r = valueRange(text, [...base, 'Statement', i]);
      if (r) out.push({ index: i, from: r[0], to: r[1] });
    });
  } else if (isObj(st)) {
    const r = valueRange(text, [...base, 'Statement']);
    if (r) out.push({ index: 0, from: r[0], to: r[1] });
  }
  return out;
}

/**
 * The statement a trace link names: `origin` is the policy's JSON path, `span` UTF-8 byte
 * offsets into the policy's own text (a policy written as a string) or into `scenarioText`
 * (a policy written as an object). Returns {path, index} or null.
 */
export function statementAt(scenario, scenarioText, origin, span) {
  const segs = parsePath(origin);
  if (!segs || !scenario || !span || !Number.isInteger(span.start)) return null;
  const value = getAt(scenario, segs);
  let ranges;
  let at;
  if (typeof value === 'string') {
    ranges = statementRanges(value);
    at = byteToUtf16(value, span.start);
  } else if (isObj(value) && typeof scenarioText === 'string') {
    ranges = rangesAt(scenarioText, segs, value);
    at = byteToUtf16(scenarioText, span.start);
  } else {
    return null;
  }
  const hit = ranges.find((r) => r.from <= at && at < r.to);
  return hit ? { path: formatPath(segs), index: hit.index } : null;
}

/**
 * JSON tokens for highlighting: [{from, to, cls}] with cls `key`, `str`, `num`, `lit` (true,
 * false, null) or `punc`; whatever lies between tokens (white space, stray text) is plain.
 */
export function jsonTokens(text) {
  const out = [];
  const re = /"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b|[{}[\],:]/g;
  let m;
  while ((m = re.exec(text))) {
    const t = m[0];
    let cls = 'punc';
    if (t[0] === '"') cls = /^\s*:/.test(text.slice(re.lastIndex, re.lastIndex + 40)) ? 'key' : 'str';
    else if (t === 'true' || t === 'false' || t === 'null') cls = 'lit';
    else if (/^-?\d/.test(t)) cls = 'num';
    out.push({ from: m.index, to: re.lastIndex, cls });
  }
  return out;
}

/** The AWS documentation page of an AWS managed policy: {title, url}. */
export function awsManagedReference(name) {
  return { title: `${name} - AWS Managed Policy Reference Guide`, url: `https://docs.aws.amazon.com/aws-managed-policy/latest/reference/${encodeURIComponent(name)}.html` };
}

/**
 * The steps each statement decided, from a report's `decisive` statements:
 * Map(document path → Map(statement index → [{step, decision}])), steps in order.
 */
export function decidedSteps(report) {
  const out = new Map();
  for (const st of list(isObj(report) ? report.steps : null)) {
    if (!isObj(st) || !Number.isInteger(st.index) || typeof st.decision !== 'string') continue;
    for (const d of list(st.decisive)) {
      if (!isObj(d) || !Number.isInteger(d.statementIndex)) continue;
      const segs = parsePath(d.policyId);
      if (!segs) continue;
      const path = formatPath(segs);
      if (!out.has(path)) out.set(path, new Map());
      const byIndex = out.get(path);
      if (!byIndex.has(d.statementIndex)) byIndex.set(d.statementIndex, []);
      const steps = byIndex.get(d.statementIndex);
      if (!steps.some((x) => x.step === st.index)) steps.push({ step: st.index, decision: st.decision });
    }
  }
  return out;
}

/** A statement's Sid in a document's text, or null. */
export function statementSid(text, index) {
  try {
    const doc = JSON.parse(text);
    const st = isObj(doc) ? (Array.isArray(doc.Statement) ? doc.Statement[index] : index === 0 ? doc.Statement : null) : null;
    return isObj(st) && typeof st.Sid === 'string' && st.Sid ? st.Sid : null;
  } catch {
    return null;
  }
}
