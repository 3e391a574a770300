// The trace as a readable tree. Known shapes (phases, policies, statements, conditions) get
// friendly labels; anything else renders as a generic JSON tree, so a changing trace shape
// never breaks the page. A node carrying a policy origin (the JSON path of the document in
// the scenario) and a byte span becomes a link that selects that text in its editor.
import { h } from './dom.js';
import { decisionLabel, decisionClass } from './labels.js';
import { isIamTrace, renderIamTrace } from './iam-trace.js';
import { isStepTrace, renderStepTrace } from './step-trace.js';

const TITLE_KEYS = ['phase', 'kind', 'type', 'policyType', 'level'];
const NAME_KEYS = ['name', 'policyName', 'policy', 'label', 'sid', 'Sid', 'statement', 'id', 'arn', 'key', 'target'];
const OUTCOME_KEYS = ['decision', 'result', 'outcome', 'effect', 'Effect', 'matched', 'matches', 'applies'];
const TEXT_KEYS = ['reason', 'message', 'summary', 'detail', 'why', 'assumption', 'text'];
const ORIGIN_KEYS = ['origin', 'policyId', 'policyPath', 'source', 'document'];
const HIDDEN = new Set(['span', 'spans', 'decisive', 'start', 'end']);

function isObj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function scalarText(v) {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function originOf(node, inherited) {
  for (const k of ORIGIN_KEYS) {
    const v = node[k];
    if (typeof v === 'string' && v.startsWith('$')) return v;
    if (isObj(v) && typeof v.path === 'string' && v.path.startsWith('$')) return v.path;
  }
  return inherited;
}

function spanOf(node) {
  const s = node.span;
  if (isObj(s) && Number.isInteger(s.start) && Number.isInteger(s.end)) return s;
  for (const k of ORIGIN_KEYS) {
    const v = node[k];
    if (isObj(v) && isObj(v.span) && Number.isInteger(v.span.start)) return v.span;
  }
  return null;
}

function hasDecisive(v, depth = 0) {
  if (depth > 12) return false;
  if (Array.isArray(v)) return v.some((x) => hasDecisive(x, depth + 1));
  if (!isObj(v)) return false;
  if (v.decisive === true) return true;
  return Object.values(v).some((x) => typeof x === 'object' && hasDecisive(x, depth + 1));
}

function outcomeBadge(node) {
  for (const k of OUTCOME_KEYS) {
    if (!(k in node)) continue;
    const v = node[k];
    if (k === 'decision' && typeof v === 'string') return h('span', { class: `badge badge-${decisionClass(v)}` }, decisionLabel(v));
    if (typeof v === 'boolean') return h('span', { class: `pill ${v ? 'pill-yes' : 'pill-no'}` }, `${k === 'applies' ? 'applies' : 'matched'}: ${v ? 'yes' : 'no'}`);
    if (typeof v === 'string') return h('span', { class: `pill pill-${v.toLowerCase().replace(/[^a-z]/g, '')}` }, v);
  }
  return null;
}

/** A condition entry: show operator, key, the request's value and the policy's values. */
function conditionLine(node) {
  const op = node.operator || node.op;
  const key = node.key || node.conditionKey;
  if (!op || !key) return null;
  const req = 'requestValue' in node ? node.requestValue : 'request' in node ? node.request : 'contextValue' in node ? node.contextValue : undefined;
  const pol = 'policyValues' in node ? node.policyValues : 'values' in node ? node.values : 'policy' in node && !isObj(node.policy) ? node.policy : undefined;
  const absent = node.keyAbsent === true || node.absent === true || node.present === false || req === undefined || req === null;
  return h(
    'span',
    { class: 'cond' },
    h('code', null, op),
    ' ',
    h('code', null, key),
    ': request ',
    absent ? h('em', null, 'key absent') : h('code', { class: 'cond-req' }, scalarText(req)),
    ' vs policy ',
    h('code', { class: 'cond-pol' }, pol === undefined ? '?' : scalarText(pol)),
  );
}

function titleOf(node, keyHint) {
  const parts = [];
  for (const k of TITLE_KEYS) if (typeof node[k] === 'string') {
    parts.push(node[k]);
    break;
  }
  for (const k of NAME_KEYS) {
    const v = node[k];
    if (typeof v === 'string' && !v.startsWith('$')) {
      parts.push(k === 'sid' || k === 'Sid' ? `Sid ${v}` : v);
      break;
    }
    if (typeof v === 'number' && (k === 'statement' || k === 'index')) {
      parts.push(`statement ${v}`);
      break;
    }
  }
  if (!parts.length && keyHint != null) parts.push(String(keyHint));
  return parts.join(' · ');
}

/**
 * Render one trace value. ctx: {onGoto(origin, span), inheritedOrigin}.
 */
function renderNode(value, ctx, keyHint, depth) {
  if (!isObj(value) && !Array.isArray(value)) {
    return h('li', { class: 'tnode leaf' }, keyHint != null ? h('span', { class: 'tkey' }, `${keyHint}: `) : null, h('span', { class: 'tval' }, scalarText(value)));
  }
  if (Array.isArray(value)) {
    if (value.every((x) => !isObj(x) && !Array.isArray(x))) {
      return h('li', { class: 'tnode leaf' }, keyHint != null ? h('span', { class: 'tkey' }, `${keyHint}: `) : null, h('span', { class: 'tval' }, value.map(scalarText).join(', ') || '(none)'));
    }
    const ul = h('ul', { class: 'tlist' }, value.map((x, i) => renderNode(x, ctx, null, depth + 1)));
    const det = h('details', { class: 'tgroup', open: depth < 2 || hasDecisive(value) }, h('summary', null, h('span', { class: 'tkey' }, String(keyHint ?? 'items')), ` (${value.length})`), ul);
    return h('li', { class: 'tnode' }, det);
  }
  const origin = originOf(value, ctx.inheritedOrigin);
  const span = spanOf(value);
  const decisive = value.decisive === true;
  const childCtx = { ...ctx, inheritedOrigin: origin };
  const cond = conditionLine(value);
  const title = titleOf(value, keyHint);
  const badge = outcomeBadge(value);
  const textKey = TEXT_KEYS.find((k) => typeof value[k] === 'string');

  const used = new Set([...HIDDEN]);
  for (const k of TITLE_KEYS) if (typeof value[k] === 'string') used.add(k);
  for (const k of NAME_KEYS) if (typeof value[k] === 'string' && title.includes(value[k])) used.add(k);
  for (const k of OUTCOME_KEYS) if (k in value && !isObj(value[k])) used.add(k);
  if (textKey) used.add(textKey);
  if (cond) ['operator', 'op', 'key', 'conditionKey', 'requestValue', 'request', 'contextValue', 'policyValues', 'values', 'keyAbsent', 'absent', 'present'].forEach((k) => used.add(k));
  for (const k of ORIGIN_KEYS) if (typeof value[k] === 'string' && value[k].startsWith('$')) used.add(k);

  const scalars = [];
  const complex = [];
  for (const [k, v] of Object.entries(value)) {
    if (used.has(k)) continue;
    if (v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => !isObj(x) && !Array.isArray(x)))) complex.push([k, v]);
    else scalars.push([k, v]);
  }

  let titleEl = title ? h('span', { class: 'ttitle' }, title) : null;
  if (origin && span && ctx.onGoto) {
    titleEl = h(
      'button',
      {
        type: 'button',
        class: 'goto',
        title: ctx.gotoTitle || `Select this in its editor (${origin})`,
        dataset: { testid: 'trace-goto', origin, start: String(span.start), end: String(span.end) },
        onclick: (e) => {
          e.preventDefault();
          ctx.onGoto(origin, span);
        },
      },
      title || 'statement',
    );
  }
  const head = [
    titleEl,
    badge ? [' ', badge] : null,
    decisive ? [' ', h('span', { class: 'pill pill-decisive' }, 'decisive')] : null,
    cond ? [' ', cond] : null,
  ];
  const body = [];
  if (textKey) body.push(h('div', { class: 'ttext' }, value[textKey]));
  if (scalars.length) {
    body.push(
      h(
        'div',
        { class: 'tchips' },
        scalars.map(([k, v]) => h('span', { class: 'chip' }, h('span', { class: 'tkey' }, `${k}: `), Array.isArray(v) ? v.map(scalarText).join(', ') : scalarText(v))),
      ),
    );
  }
  const cls = `tnode${decisive ? ' decisive' : ''}`;
  if (!complex.length) {
    return h('li', { class: cls, dataset: { testid: decisive ? 'trace-decisive' : 'trace-node' } }, h('div', { class: 'thead' }, head), body);
  }
  const kids = h('ul', { class: 'tlist' }, complex.map(([k, v]) => (Array.isArray(v) ? renderArrayChildren(k, v, childCtx, depth) : renderNode(v, childCtx, k, depth + 1))));
  return h(
    'li',
    { class: cls, dataset: { testid: decisive ? 'trace-decisive' : 'trace-node' } },
    h('details', { open: depth < 1 || hasDecisive(value) || decisive }, h('summary', { class: 'thead' }, head), body, kids),
  );
}

function renderArrayChildren(key, arr, ctx, depth) {
  // an array of objects under a named key: a titled group
  if (arr.every((x) => !isObj(x) && !Array.isArray(x))) return renderNode(arr, ctx, key, depth + 1);
  return h(
    'li',
    { class: 'tnode' },
    h(
      'details',
      { class: 'tgroup', open: depth < 1 || hasDecisive(arr) },
      h('summary', null, h('span', { class: 'tkey' }, key), ` (${arr.length})`),
      h('ul', { class: 'tlist' }, arr.map((x) => renderNode(x, ctx, null, depth + 2))),
    ),
  );
}

/** Render a step's trace (an array of entries, or any JSON) into an element. */
export function renderTrace(trace, ctx) {
  if (trace == null || (Array.isArray(trace) && trace.length === 0)) {
    return h('p', { class: 'muted' }, 'No trace for this step.');
  }
  if (isStepTrace(trace)) return renderStepTrace(trace, ctx, (v) => h('ul', { class: 'trace' }, renderNode(v, ctx, null, 1)));
  const items = Array.isArray(trace) ? trace : [trace];
  // the engine's own trace shape: render it readably; anything else as a generic tree
  if (items.every((x) => isIamTrace(x) || (isObj(x) && Object.values(x).some(isIamTrace)))) {
    return h(
      'div',
      { class: 'traces' },
      items.map((x) => {
        if (isIamTrace(x)) return renderIamTrace(x, ctx, items.length > 1 ? x.request.action : null);
        const inner = Object.values(x).find(isIamTrace);
        const label = ['action', 'kind', 'authorization', 'name', 'what'].map((k) => x[k]).find((v) => typeof v === 'string') || inner.request.action;
        return renderIamTrace(inner, ctx, items.length > 1 ? label : null);
      }),
    );
  }
  return h('ul', { class: 'trace', dataset: { testid: 'trace' } }, items.map((x) => renderNode(x, ctx, null, 0)));
}
