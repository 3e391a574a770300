// One line of "why" for a step, shown on its row without opening it: who was calling, and
// for an allowed or explicitly denied request the statements that decided (from the report's
// `decisive`, no trace needed); for an implicit deny the closest Allow statement of the gate
// that failed and what in it did not match (from the step's trace, fetched for that row).
import { parsePath, getAt } from './jsonpath.js';

const GATES = {
  resourceControlPolicies: 'resource control policies',
  serviceControlPolicies: 'service control policies',
  resourceBased: 'the resource-based policy',
  identityBased: 'the identity-based policies',
  permissionsBoundary: 'the permissions boundary',
  sessionPolicy: 'the session policy',
};

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v) => (Array.isArray(v) ? v : []);

/** The policy document a decisive statement's id points at in the scenario, parsed. */
function documentAt(scenario, segs) {
  let doc = getAt(scenario, segs);
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return null;
    }
  }
  return isObj(doc) ? doc : null;
}

/**
 * A statement that decided, as the engine names it ({policyId, statementIndex}): its policy's
 * name and holder's when the id is a path into the scenario
 * (`$.accounts[0].roles[0].inlinePolicies[0].document` → "ReadReports of ReportsReader"), and
 * its Sid or number.
 */
export function decisiveLabel(d, scenario) {
  if (!isObj(d)) return String(d);
  let name = d.policyId || 'a policy';
  let sid = null;
  const segs = typeof d.policyId === 'string' && d.policyId.startsWith('$') ? parsePath(d.policyId) : null;
  if (segs && segs.length > 1) {
    const last = segs[segs.length - 1];
    const policy = getAt(scenario, last === 'document' ? segs.slice(0, -1) : segs);
    const holder = getAt(scenario, segs.slice(0, last === 'document' ? -3 : -2));
    const owner = getAt(scenario, segs.slice(0, -1));
    if (isObj(policy) && typeof policy.name === 'string') name = isObj(holder) && typeof holder.name === 'string' ? `${policy.name} of ${holder.name}` : policy.name;
    else if (isObj(owner) && typeof owner.name === 'string') name = `${last === 'trustPolicy' ? 'the trust policy' : last} of ${owner.name}`;
    const doc = documentAt(scenario, segs);
    const stmts = doc ? (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : [];
    const st = Number.isInteger(d.statementIndex) ? stmts[d.statementIndex] : null;
    if (isObj(st) && typeof st.Sid === 'string' && st.Sid) sid = st.Sid;
  }
  const which = sid ? `Sid ${sid}` : Number.isInteger(d.statementIndex) ? `statement ${d.statementIndex + 1}` : '';
  return which ? `${name} (${which})` : name;
}

/** Who made the request, in words: "user alice", "role session ReportsReader/alice", "root of 111111111111". */
export function callerText(arn) {
  if (typeof arn !== 'string' || !arn) return null;
  let m = /^arn:aws[\w-]*:sts::\d{12}:assumed-role\/(.+)$/.exec(arn);
  if (m) return `role session ${m[1]}`;
  m = /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(arn);
  if (m) return `root user of ${m[1]}`;
  m = /^arn:aws[\w-]*:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (m) return `${m[1]} ${m[2]}`;
  m = /^arn:aws[\w-]*:sts::\d{12}:federated-user\/(.+)$/.exec(arn);
  if (m) return `federated user ${m[1]}`;
  return arn;
}

/** The line for an allowed or explicitly denied step, from its `decisive` statements; null otherwise. */
export function decidedWhy(r, scenario) {
  const decisive = list(r && r.decisive);
  if (!decisive.length || !r || (r.decision !== 'allowed' && r.decision !== 'explicitDeny')) return null;
  const shown = decisive.slice(0, 3).map((d) => decisiveLabel(d, scenario));
  const more = decisive.length > shown.length ? ` and ${decisive.length - shown.length} more` : '';
  return `${r.decision === 'allowed' ? 'Allowed by' : 'Denied by'} ${shown.join('; ')}${more}`;
}

function patternsText(el) {
  const pats = list(el && el.patterns).map((p) => p && p.pattern).filter((p) => typeof p === 'string');
  const tried = Number.isInteger(el && el.patternsTried) ? el.patternsTried : pats.length;
  const shown = pats.slice(0, 2);
  const more = tried - shown.length;
  if (!shown.length) return tried ? `none of its ${tried} patterns` : 'nothing';
  return `${shown.map((p) => `\`${p}\``).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function valuesText(v) {
  if (v === null || v === undefined) return 'the key is absent';
  const vals = Array.isArray(v) ? v : [v];
  return vals.length ? vals.map((x) => `\`${typeof x === 'string' ? x : JSON.stringify(x)}\``).join(', ') : 'an empty set';
}

/** What in a statement did not match the request: the first element that failed. */
function failedPart(s, action, resource) {
  if (isObj(s.principal) && s.principal.matched === false) return `${s.principal.element || 'Principal'} does not name the caller`;
  if (isObj(s.action) && s.action.matched === false) return `${s.action.element || 'Action'} ${patternsText(s.action)} does not match \`${action}\``;
  if (isObj(s.resource) && s.resource.matched === false) {
    const note = typeof s.resource.note === 'string' ? `: ${s.resource.note}` : '';
    return `${s.resource.element || 'Resource'} ${patternsText(s.resource)} does not match \`${resource}\`${note}`;
  }
  const cond = list(s.conditions).find((c) => isObj(c) && c.result !== true && c.result !== 'true');
  if (cond) return `its condition ${cond.operator} on \`${cond.key}\` is ${cond.result === 'unknown' ? 'not decidable' : 'false'} (the request has ${valuesText(cond.requestValues)})`;
  return null;
}

// How close a statement came: a statement about the request's action counts most.
function score(s) {
  let n = 0;
  if (!isObj(s.principal) || s.principal.matched !== false) n++;
  if (!isObj(s.action) || s.action.matched !== false) n += 2;
  if (!isObj(s.resource) || s.resource.matched !== false) n++;
  n += list(s.conditions).filter((c) => isObj(c) && (c.result === true || c.result === 'true')).length / 100;
  return n;
}

/**
 * The line for an implicit deny, from the step's trace: the first gate that allowed nothing
 * and, among its Allow statements, the one that came closest and what in it failed.
 */
export function implicitDenyWhy(trace) {
  for (const entry of list(trace)) {
    if (!isObj(entry) || entry.phase !== 'authorization' || entry.decision !== 'implicitDeny' || !isObj(entry.evaluation)) continue;
    const phases = list(entry.evaluation.phases);
    const gate = phases.find((p) => isObj(p) && p.outcome === 'noAllow');
    if (!gate) continue;
    const gateName = GATES[gate.phase] || gate.phase;
    const policies = [...list(gate.policies), ...list(gate.levels).flatMap((l) => list(l && l.policies))];
    const candidates = policies.flatMap((p) => list(p && p.statements).filter((s) => isObj(s) && s.effect === 'Allow').map((s) => ({ p, s })));
    if (!candidates.length) return `Nothing in ${gateName} allows \`${entry.action}\`${gate.summary ? ` (${gate.summary})` : ''}`;
    let best = candidates[0];
    for (const c of candidates) if (score(c.s) > score(best.s)) best = c;
    const part = failedPart(best.s, entry.action, entry.resource);
    const origin = isObj(best.p.origin) ? best.p.origin : {};
    const label = `${origin.name || 'a policy'}${typeof best.s.sid === 'string' && best.s.sid ? ` (Sid ${best.s.sid})` : Number.isInteger(best.s.index) ? ` (statement ${best.s.index + 1})` : ''}`;
    return part ? `Closest in ${gateName}: Allow ${label}: ${part}` : `Nothing in ${gateName} allows \`${entry.action}\``;
  }
  return null;
}
