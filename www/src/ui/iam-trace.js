// A readable rendering of the engine's evaluation trace (docs/trace.md, src/eval/trace.rs):
// the request and its context, the decision and its AWS-worded reason, the decisive
// statements, named assumptions, then each phase in AWS's order with its policies,
// statements (action/resource/principal matches) and conditions (the request's value
// against the policy's). Statements link to their text in the editors.
import { h } from './dom.js';
import { decisionLabel, decisionClass } from './labels.js';

const PHASES = {
  explicitDeny: 'Explicit deny',
  resourceControlPolicies: 'Resource control policies (RCPs)',
  serviceControlPolicies: 'Service control policies (SCPs)',
  resourceBased: 'Resource-based policy',
  identityBased: 'Identity-based policies',
  permissionsBoundary: 'Permissions boundary',
  sessionPolicy: 'Session policies',
};
const OUTCOMES = {
  notApplicable: 'not applicable',
  denied: 'denies',
  noDeny: 'no deny',
  allows: 'allows',
  noAllow: 'no allow',
  unknown: 'cannot evaluate',
};
const KINDS = {
  identity: 'identity policy',
  resource: 'resource-based policy',
  trust: 'trust policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  serviceControl: 'SCP',
  resourceControl: 'RCP',
};

function isObj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Does this value look like one evaluation trace of the engine? */
export function isIamTrace(v) {
  return isObj(v) && Array.isArray(v.phases) && isObj(v.request) && typeof v.decision === 'string';
}

function tri(v, yes = 'yes', no = 'no') {
  if (v === true || v === 'true') return h('span', { class: 'pill pill-yes' }, `✓ ${yes}`);
  if (v === false || v === 'false') return h('span', { class: 'pill pill-no' }, `✗ ${no}`);
  return h('span', { class: 'pill pill-unknown' }, '? cannot evaluate');
}

// An element's verdict in words only: its patterns already carry their ✓/✗ marks.
function verdict(v, yes, no) {
  if (v === true || v === 'true') return h('span', { class: 'pill pill-yes' }, yes);
  if (v === false || v === 'false') return h('span', { class: 'pill pill-no' }, no);
  return h('span', { class: 'pill pill-unknown' }, 'cannot evaluate');
}

function valueText(v) {
  if (v === null || v === undefined) return '(absent)';
  if (Array.isArray(v)) return `[${v.map(valueText).join(', ')}]`;
  if (isObj(v)) {
    // ContextValue may serialise as {type, value} or similar: show its value
    if ('value' in v) return valueText(v.value);
    if ('values' in v) return valueText(v.values);
    return JSON.stringify(v);
  }
  return String(v);
}

function gotoLink(ctx, policyId, span, label, extraClass = '') {
  if (ctx.onGoto && typeof policyId === 'string' && policyId.startsWith('$') && isObj(span) && Number.isInteger(span.start)) {
    return h(
      'button',
      {
        type: 'button',
        class: `goto ${extraClass}`,
        title: ctx.gotoTitle || 'Select this text in its editor',
        dataset: { testid: 'trace-goto', origin: policyId, start: String(span.start), end: String(span.end) },
        onclick: (e) => {
          e.preventDefault();
          e.stopPropagation();
          ctx.onGoto(policyId, span);
        },
      },
      label,
    );
  }
  return h('span', { class: `ttitle ${extraClass}` }, label);
}

function stmtLabel(s) {
  return `Statement ${Number.isInteger(s.index ?? s.statementIndex) ? (s.index ?? s.statementIndex) + 1 : '?'}${s.sid ? ` (Sid ${s.sid})` : ''}`;
}

// The AWS catalogue's help (ui/catalogue.js `help`), set by the page: lists the actions a
// wildcard covers when the reader opens "covers N actions". Null until the page sets it.
let traceHelp = null;

/** Sets the catalogue help the trace uses to list the actions a wildcard covers. */
export function setTraceHelp(help) {
  traceHelp = help || null;
}

// What the AWS catalogue says about the request's action (docs/trace.md `actionInfo`): its
// service and access level, or that the catalogue does not list it.
function renderActionInfo(info) {
  if (!isObj(info)) return null;
  if (info.notListed) {
    return h('div', { class: 'diag-warning small', dataset: { testid: 'trace-action-info' } }, info.notListed, info.didYouMean ? [' Did you mean ', h('code', null, info.didYouMean), '?'] : null);
  }
  const levels = Array.isArray(info.accessLevels) ? info.accessLevels.filter((l) => typeof l === 'string') : [];
  const parts = [info.serviceName || info.service, levels.length ? `access level ${levels.join(', ')}` : null].filter(Boolean);
  if (!parts.length) return null;
  return h('div', { class: 'muted small', dataset: { testid: 'trace-action-info' }, title: info.dataset ? `From ${info.dataset} (AWS's Service Authorization Reference)` : '' }, parts.join(' · '), info.written ? ` (written ${info.written})` : '');
}

// "covers N actions" after a wildcard action pattern; opening it lists them (asked of the
// engine's catalogue when the reader opens it, not before).
function renderCovers(pattern, count) {
  const list = h('div', { class: 'covers-list small' });
  const box = h('details', { class: 'covers', dataset: { testid: 'trace-covers' } }, h('summary', null, `covers ${fmtCount(count)} action${count === 1 ? '' : 's'}`), list);
  let asked = false;
  box.addEventListener('toggle', async () => {
    if (!box.open || asked) return;
    asked = true;
    list.textContent = 'Loading…';
    const a = traceHelp ? await traceHelp.describe({ action: pattern, limit: 200 }) : null;
    if (!a || !Array.isArray(a.actions)) {
      list.textContent = 'The list of actions is not available (the AWS catalogue has not loaded).';
      return;
    }
    list.textContent = '';
    list.append(
      h('ul', null, a.actions.map((x) => h('li', null, h('code', null, x.action), x.accessLevel ? h('span', { class: 'muted' }, ` ${x.accessLevel}`) : null))),
      a.more ? h('div', { class: 'muted' }, `and ${fmtCount(a.more)} more`) : '',
    );
  });
  return box;
}

function renderRequest(r) {
  const ctxRows = Array.isArray(r.context) ? r.context : [];
  return h(
    'div',
    { class: 'trace-request', dataset: { testid: 'trace-request' } },
    h('div', null, h('code', null, r.principal), ' ', h('span', { class: 'muted' }, r.principalType ? `(${r.principalType})` : ''), ' → ', h('code', null, r.action), ' on ', h('code', null, r.resource)),
    renderActionInfo(r.actionInfo),
    h('div', { class: 'muted small' }, r.sameAccount ? 'same account' : `cross-account${r.resourceAccount ? `: resource in ${r.resourceAccount}` : ''}${r.principalAccount ? `, caller in ${r.principalAccount}` : ''}`),
    ctxRows.length
      ? h(
          'details',
          { class: 'trace-context' },
          h('summary', null, `Request context (${ctxRows.length} keys)`),
          h('table', { class: 'ctx-table' }, h('tbody', null, ctxRows.map((e) => h('tr', null, h('th', { scope: 'row' }, h('code', null, e.key)), h('td', null, h('code', null, valueText(e.value))))))),
        )
      : null,
  );
}

const fmtCount = (n) => Number(n).toLocaleString('en-US');

// An Action/Resource element in the engine's compact form (docs/trace.md): `patternsTried`
// patterns were tried; `patterns` lists the informative ones (those that matched, and every
// pattern of a short list). What is left out is summarised against the request's value.
function renderPatterns(el, label, request) {
  if (!isObj(el)) return null;
  const pats = Array.isArray(el.patterns) ? el.patterns : [];
  const tried = Number.isInteger(el.patternsTried) ? el.patternsTried : pats.length;
  const omitted = Math.max(0, tried - pats.length);
  const isResource = /Resource$/.test(el.element || label);
  const target = isObj(request) ? (isResource ? request.resource : request.action) : null;
  const against = target ? [' ', h('code', null, target)] : null;
  let summary = null;
  if (tried === 0) {
    summary = h('span', { class: 'muted' }, '(none)');
  } else if (!pats.length) {
    summary = h('span', { class: 'muted', dataset: { testid: 'trace-patterns-summary' } }, `no pattern among ${fmtCount(tried)} matches`, against);
  } else if (omitted) {
    summary = h('span', { class: 'muted', dataset: { testid: 'trace-patterns-summary' } }, ` and ${fmtCount(omitted)} other ${omitted === 1 ? 'pattern that does' : 'patterns that do'} not match`, against);
  }
  return h(
    'div',
    { class: 'tline' },
    h('span', { class: 'tkey' }, `${el.element || label}: `),
    pats.map((p, i) => [
      i ? ', ' : '',
      h('code', { class: p.matches ? 'm-yes' : 'm-no' }, p.pattern),
      p.pattern === '*' ? h('span', { class: 'muted', dataset: { testid: 'trace-wildcard' } }, isResource ? ' (every resource)' : ' (every action)') : null,
      p.resolved && p.resolved !== p.pattern ? h('span', { class: 'muted' }, ` → ${p.resolved}`) : null,
      p.matches ? ' ✓' : ' ✗',
      p.reason ? h('span', { class: 'muted' }, ` (${p.reason})`) : null,
      Number.isInteger(p.covers) ? renderCovers(p.pattern, p.covers) : null,
    ]),
    summary,
    ' ',
    verdict(el.matched, 'matches', 'no match'),
    el.note ? h('div', { class: 'diag-warning small', dataset: { testid: 'trace-element-note' } }, el.note) : null,
  );
}

function renderPrincipal(p) {
  if (!isObj(p)) return null;
  const vals = Array.isArray(p.values) ? p.values : [];
  return h(
    'div',
    { class: 'tline' },
    h('span', { class: 'tkey' }, `${p.element || 'Principal'}: `),
    vals.map((v, i) => [i ? ', ' : '', h('code', { class: v.level && v.level !== 'noMatch' ? 'm-yes' : 'm-no' }, `${v.principalType ? `${v.principalType}: ` : ''}${v.value}`), v.level ? h('span', { class: 'muted' }, ` (${String(v.level).replace(/([A-Z])/g, ' $1').toLowerCase()})`) : null]),
    ' ',
    tri(p.matched, 'matches', 'no match'),
    p.note ? h('div', { class: 'muted small' }, p.note) : null,
  );
}

function renderCondition(c, ctx, policyId) {
  const req = c.requestValues === null || c.requestValues === undefined ? null : c.requestValues;
  return h(
    'li',
    { class: `cond-row result-${String(c.result)}`, dataset: { testid: 'trace-condition' } },
    gotoLink(ctx, policyId, c.operatorSpan, c.operator, 'cond-op'),
    ' ',
    h('code', null, c.key),
    ': request ',
    req === null ? h('em', { class: 'key-absent' }, 'key absent') : h('code', { class: 'cond-req' }, valueText(req.length === 1 && !c.multivalued ? req[0] : req)),
    ' vs policy ',
    (Array.isArray(c.values) ? c.values : []).map((v, i) => [i ? ', ' : '', h('code', { class: `cond-pol ${v.matched ? 'm-yes' : 'm-no'}` }, v.value), v.resolved && v.resolved !== v.value ? h('span', { class: 'muted' }, ` → ${v.resolved}`) : null, v.error ? h('span', { class: 'diag-error' }, ` (${v.error})`) : null]),
    ' ',
    tri(c.result, 'true', 'false'),
    c.explanation ? h('div', { class: 'muted small' }, c.explanation) : null,
  );
}

function renderStatement(s, ctx, policyId) {
  const applies = s.applies;
  const head = h(
    'span',
    { class: 'thead' },
    gotoLink(ctx, policyId, s.span, stmtLabel(s)),
    ' ',
    h('span', { class: `pill pill-${String(s.effect).toLowerCase()}` }, s.effect),
    ' ',
    applies === true || applies === 'true' ? h('span', { class: 'pill pill-yes' }, 'applies') : applies === false || applies === 'false' ? h('span', { class: 'pill pill-no' }, 'does not apply') : h('span', { class: 'pill pill-unknown' }, 'cannot evaluate'),
    s.decisive ? [' ', h('span', { class: 'pill pill-decisive' }, 'decisive')] : null,
  );
  const body = h(
    'div',
    { class: 'tbody' },
    renderPrincipal(s.principal),
    renderPatterns(s.action, 'Action', ctx.request),
    renderPatterns(s.resource, 'Resource', ctx.request),
    Array.isArray(s.conditions) && s.conditions.length ? h('ul', { class: 'cond-list' }, s.conditions.map((c) => renderCondition(c, ctx, policyId))) : null,
    Array.isArray(s.notes) && s.notes.length ? s.notes.map((n) => h('div', { class: 'muted small' }, n)) : null,
  );
  return h(
    'li',
    { class: `tnode stmt${s.decisive ? ' decisive' : ''}`, dataset: { testid: s.decisive ? 'trace-decisive' : 'trace-statement' } },
    // a statement the AWS catalogue explains (its resources are not a type the action acts on) opens: that is the why
    h('details', { open: !!s.decisive || applies === true || applies === 'true' || !!ctx.openAll || !!(isObj(s.resource) && s.resource.note) }, h('summary', null, head), body),
  );
}

function renderPolicy(p, ctx) {
  const o = isObj(p.origin) ? p.origin : {};
  const id = o.id;
  const stmts = Array.isArray(p.statements) ? p.statements : [];
  const hasDecisive = stmts.some((s) => s.decisive);
  // a statement the AWS catalogue explains (resources of a type the action never acts on) is the why: show it
  const explained = stmts.some((s) => isObj(s.resource) && s.resource.note);
  return h(
    'li',
    { class: 'tnode policy', dataset: { testid: 'trace-policy', origin: id || '' } },
    h(
      'details',
      { open: hasDecisive || explained || ctx.openPolicies || (stmts.length <= 3 && stmts.some((x) => x.conditions && x.conditions.length)) },
      h(
        'summary',
        null,
        h('span', { class: 'ttitle' }, o.name || id || 'policy'),
        ' ',
        h('span', { class: 'muted' }, KINDS[p.policyType] || p.policyType || ''),
        o.attachedTo ? h('span', { class: 'muted small' }, ` · on ${o.attachedTo}`) : null,
        ' ',
        p.denies === true || p.denies === 'true' ? h('span', { class: 'pill pill-deny' }, 'denies') : null,
        p.allows === true || p.allows === 'true' ? h('span', { class: 'pill pill-allow' }, 'allows') : null,
        p.allows === 'unknown' || p.denies === 'unknown' ? h('span', { class: 'pill pill-unknown' }, 'cannot evaluate') : null,
      ),
      h('ul', { class: 'tlist' }, stmts.map((s) => renderStatement(s, { ...ctx, openAll: stmts.length <= 3 }, id))),
    ),
  );
}

// The statements a phase counts (docs/trace.md `matched`), each linked to its text.
function renderMatched(matched, ctx) {
  return h(
    'ul',
    { class: 'tlist tbody', dataset: { testid: 'trace-phase-matched' } },
    matched.map((m) =>
      h(
        'li',
        { class: 'tnode stmt' },
        gotoLink(ctx, m.policyId, m.span, `${m.policyName || m.policyId || 'policy'} · ${stmtLabel(m)}`),
        ' ',
        h('span', { class: `pill pill-${String(m.effect).toLowerCase()}` }, m.effect),
        KINDS[m.policyType] ? h('span', { class: 'muted small' }, ` ${KINDS[m.policyType]}`) : null,
      ),
    ),
  );
}

function renderPhase(ph, ctx) {
  const policies = Array.isArray(ph.policies) ? ph.policies : [];
  const levels = Array.isArray(ph.levels) ? ph.levels : [];
  const matched = Array.isArray(ph.matched) ? ph.matched : [];
  const decisive = policies.some((p) => (p.statements || []).some((s) => s.decisive)) || levels.some((l) => (l.policies || []).some((p) => (p.statements || []).some((s) => s.decisive)));
  const na = ph.outcome === 'notApplicable';
  return h(
    'li',
    { class: `tnode phase outcome-${ph.outcome}${na ? ' muted' : ''}`, dataset: { testid: 'trace-phase', phase: ph.phase } },
    h(
      'details',
      { open: decisive || matched.length > 0 || ph.outcome === 'denied' || ph.outcome === 'noAllow' || ph.outcome === 'unknown' },
      h('summary', null, h('span', { class: 'ttitle' }, PHASES[ph.phase] || ph.phase), ' ', h('span', { class: `pill outcome outcome-${ph.outcome}` }, OUTCOMES[ph.outcome] || ph.outcome), ph.summary ? h('span', { class: 'muted' }, ` — ${ph.summary}`) : null),
      levels.length
        ? h(
            'ul',
            { class: 'tlist' },
            levels.map((l) =>
              h('li', { class: 'tnode level' }, h('div', { class: 'thead' }, h('span', { class: 'ttitle' }, l.target), ' ', tri(l.allows, 'allows', 'allows nothing that matches')), h('ul', { class: 'tlist' }, (l.policies || []).map((p) => renderPolicy(p, ctx)))),
            ),
          )
        : null,
      policies.length ? h('ul', { class: 'tlist' }, policies.map((p) => renderPolicy(p, ctx))) : null,
      // the explicit-deny phase lists no policies: the Deny statements it counts are its `matched`
      !levels.length && !policies.length && matched.length ? renderMatched(matched, ctx) : null,
      !levels.length && !policies.length && !matched.length ? h('div', { class: 'muted small tbody' }, ph.phase === 'explicitDeny' ? 'No Deny statement applies to this request.' : 'No policy of this type applies.') : null,
    ),
  );
}

/** Render one evaluation trace. */
export function renderIamTrace(t, ctx, heading) {
  const decisive = Array.isArray(t.decisive) ? t.decisive : [];
  return h(
    'div',
    { class: 'iam-trace', dataset: { testid: 'trace', decision: t.decision } },
    heading ? h('h4', { class: 'trace-heading' }, heading) : null,
    ctx.compact ? renderActionInfo(isObj(t.request) ? t.request.actionInfo : null) : renderRequest(t.request),
    t.special ? h('p', { class: 'notice' }, t.special) : null,
    ctx.compact ? null : h('p', { class: 'trace-decision' }, h('span', { class: `badge badge-${decisionClass(t.decision)}` }, decisionLabel(t.decision)), ' ', h('span', { dataset: { testid: 'trace-reason' } }, t.reason || '')),
    decisive.length
      ? h(
          'div',
          { class: 'decisive-list' },
          h('span', { class: 'tkey' }, decisive.length === 1 ? 'Decisive statement: ' : 'Decisive statements: '),
          decisive.map((d, i) => [i ? '; ' : '', gotoLink(ctx, d.policyId, d.span, `${d.policyName || d.policyId} · ${stmtLabel(d)} · ${d.effect}`, 'decisive-link')]),
        )
      : null,
    // inside a step (compact) the step lists its assumptions once, above its trace
    !ctx.compact && Array.isArray(t.assumptions) && t.assumptions.length
      ? h('ul', { class: 'assumptions', 'aria-label': 'Assumptions' }, t.assumptions.map((a) => h('li', { title: String(a.id ?? ''), dataset: { testid: 'trace-assumption', assumptionId: String(a.id ?? '') } }, h('span', { class: 'pill' }, 'assumption'), ' ', a.text || String(a.id ?? ''))))
      : null,
    Array.isArray(t.problems) && t.problems.length
      ? h('ul', { class: 'problems' }, t.problems.map((p) => h('li', { class: 'diag-error' }, gotoLink(ctx, p.policyId, p.span, `${stmtLabel(p)}`), `: ${p.message}`)))
      : null,
    h('ol', { class: 'tlist phases' }, t.phases.map((ph) => renderPhase(ph, { ...ctx, request: t.request }))),
  );
}
