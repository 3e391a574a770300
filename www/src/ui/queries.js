// The query panels: "Who can?" (an action on a resource → every principal that can, hop by hop,
// with the conditions the caller must meet) and "Reach" (a principal → the roles it can reach
// and what it can do on the resources the world declares). Both run the engine's `whoCan` /
// `reach` ops in the worker, with a progress line, and every answer opens as scenario steps.
import { h, clear } from './dom.js';
import { decisionLabel, decisionClass } from './labels.js';
import { shortName, statementLabel, conditionText, accountNames } from './names.js';
import { worldIndex } from './world-index.js';
import { createProgress, sizeText } from './progress.js';

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const list = (v) => (Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined) : []);

function datalist(id, values) {
  return h('datalist', { id }, values.slice(0, 5000).map((v) => h('option', { value: v })));
}

function badge(decision) {
  return h('span', { class: `badge badge-${decisionClass(decision)}`, dataset: { testid: 'answer-decision' } }, decisionLabel(decision));
}

function conditionItems(conds, testid) {
  const cs = list(conds);
  if (!cs.length) return null;
  return h(
    'ul',
    { class: 'if-list' },
    cs.map((c) => h('li', { class: 'if', dataset: { testid, key: (c && c.key) || '' } }, h('strong', null, 'if '), conditionText(c).replace(/^if\s+/i, ''), Number.isInteger(c && c.step) ? h('span', { class: 'muted small' }, ` (step ${c.step + 1})`) : null)),
  );
}

function hopLine(hop, names, ctx) {
  const kind = hop && hop.kind;
  const who = hop && hop.principal ? shortName(hop.principal, names) : '';
  const target = hop && hop.target ? shortName(hop.target, names) : '';
  let text;
  if (kind === 'as') text = ['Start as ', h('strong', null, who || target)];
  else if (kind === 'session') text = ['Start from an open session of ', h('strong', null, who || target)];
  else if (kind === 'assumeRole') text = [who ? `${who} calls ` : '', h('code', null, 'sts:AssumeRole'), ' on ', h('strong', null, target)];
  else if (kind === 'call') text = [who ? `${who} calls ` : '', h('code', null, hop.action || 'the action'), target ? [' on ', h('strong', null, target)] : null];
  else text = [kind || 'hop', who ? ` ${who}` : '', target ? ` → ${target}` : ''];
  const decisive = list(hop && hop.decisive);
  return h(
    'li',
    { class: 'hop', dataset: { testid: 'answer-hop', kind: kind || '' } },
    h('div', { class: 'hop-line' }, text, hop && hop.decision ? [' ', h('span', { class: `badge badge-${decisionClass(hop.decision)}` }, decisionLabel(hop.decision))] : null),
    decisive.length
      ? h(
          'div',
          { class: 'hop-decisive small' },
          'decided by ',
          decisive.map((d, i) => [
            i ? '; ' : '',
            ctx.gotoPolicy && d.policyId
              ? h('button', { type: 'button', class: 'linklike decisive-link', title: `Show ${d.policyId}`, dataset: { testid: 'hop-statement', policyId: d.policyId }, onclick: () => ctx.gotoPolicy(d.policyId) }, statementLabel(d))
              : h('span', { class: 'decisive-link', dataset: { testid: 'hop-statement' } }, statementLabel(d)),
          ]),
        )
      : null,
    list(hop && hop.assumptions).length ? h('div', { class: 'muted small' }, 'assumes: ', list(hop.assumptions).map((a, i) => [i ? ', ' : '', h('code', null, String(a).split(':')[0])])) : null,
    conditionItems(hop && hop.conditions, 'hop-condition'),
  );
}

function missingList(missing, testid) {
  const m = list(missing);
  if (!m.length) return null;
  return h(
    'details',
    { class: 'missing', open: m.length <= 5, dataset: { testid } },
    h('summary', null, `What the export could not settle (${m.length})`),
    h('ul', null, m.map((x) => h('li', null, typeof x === 'string' ? x : x && x.message ? x.message : JSON.stringify(x)))),
  );
}

/** Principals that might, under conditions the query could not settle, and outsiders let in. */
function unsettledList(answer, names) {
  const u = list(answer.unsettled);
  const ext = list(answer.external);
  return [
    u.length
      ? h(
          'details',
          { class: 'missing', dataset: { testid: 'query-unsettled' } },
          h('summary', null, `${plural(u.length, 'principal', 'principals')} might, under conditions the query could not settle`),
          h('ul', null, u.map((x) => h('li', null, h('strong', null, shortName(x.principal, names)), ' → ', shortName(x.target, names), ': ', decisionLabel(x.decision), list(x.conditions).length ? ` unless ${list(x.conditions).join('; ')}` : ''))),
        )
      : null,
    ext.length
      ? h(
          'details',
          { class: 'missing', dataset: { testid: 'query-external' } },
          h('summary', null, `${plural(ext.length, 'principal', 'principals')} outside this world are let in by trust policies`),
          h('ul', null, ext.map((x) => h('li', null, x.text || `${x.principal} → ${x.role}`))),
        )
      : null,
  ];
}

function invalidNotice(answer) {
  if (answer.invalid !== true) return null;
  return h('p', { class: 'notice notice-error', dataset: { testid: 'query-invalid' } }, 'The scenario has errors, so the query was not run. Fix the diagnostics below (they are also shown in the Results tab).');
}

function diagnosticsList(diags) {
  const d = list(diags);
  if (!d.length) return null;
  return h(
    'ul',
    { class: 'diag-list', dataset: { testid: 'query-diagnostics' } },
    d.map((x) => h('li', { class: `diag diag-${x.severity === 'error' ? 'error' : 'warning'}` }, `${x.file || ''}${x.start ? `:${x.start.line}:${x.start.column}` : ''} ${x.message || ''}`)),
  );
}

function failureText(answer) {
  const errs = list(answer && answer.errors);
  return errs.map((e) => `${e.message || e.code}${e.help ? ` (${e.help})` : ''}`).join('; ') || 'the engine gave no answer';
}

/**
 * One query panel's frame: a form, a progress line and an answer area. `run(form values)`
 * returns the request; `render(answer, out, names)` fills the answer area.
 */
function queryPanel(ctx, { id, intro, fields, request, render, label }) {
  const progress = createProgress(`${id}-progress`);
  const out = h('div', { class: 'query-out', dataset: { testid: `${id}-answers` } });
  const lists = h('div', { hidden: true });
  const inputs = {};
  const runBtn = h('button', { type: 'submit', class: 'primary', dataset: { testid: `${id}-run` } }, label);
  const form = h(
    'form',
    {
      class: 'query-form',
      onsubmit: (e) => {
        e.preventDefault();
        run();
      },
    },
    fields.map((f) => {
      const input = h('input', { type: 'text', id: `${id}-${f.name}`, name: f.name, placeholder: f.placeholder || '', list: f.list ? `${id}-dl-${f.name}` : null, autocomplete: 'off', spellcheck: 'false', dataset: { testid: `${id}-${f.name}` } });
      inputs[f.name] = input;
      return h('div', { class: 'field' }, h('label', { for: `${id}-${f.name}` }, f.label), input, f.hint ? h('div', { class: 'hint' }, f.hint) : null);
    }),
    h('div', { class: 'card-actions' }, runBtn),
  );
  let seq = 0;
  async function run() {
    const values = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value.trim()]));
    const req = request(values);
    if (typeof req === 'string') {
      progress.set('failed', req);
      return;
    }
    const my = ++seq;
    const idx = worldIndex(ctx.scenario(), ctx.text());
    const text = ctx.text();
    progress.set('world', `Loading the world: ${plural(idx.counts.users + idx.counts.roles, 'principal', 'principals')} in ${plural(idx.counts.accounts, 'account', 'accounts')}, ${sizeText(text.length)}`);
    runBtn.disabled = true;
    const t0 = performance.now();
    const { answer, ms } = await ctx.runApi({ ...req, scenario: text }, ({ stage }) => {
      if (stage === 'engine' && my === seq) progress.set('engine', `Querying: ${req.op === 'whoCan' ? `who can ${req.action} on ${req.resource}` : `what ${shortName(req.principal)} can reach`}`);
    });
    runBtn.disabled = false;
    if (my !== seq) return;
    clear(out);
    if (!answer || answer.type !== 'success') {
      progress.set('failed', `The engine could not answer: ${failureText(answer)}`);
      out.append(h('p', { class: 'notice notice-error', dataset: { testid: `${id}-failure` } }, `The engine could not answer: ${failureText(answer)}`));
      return;
    }
    const count = render.count(answer);
    progress.set('rendering', `Rendering ${plural(count, 'answer', 'answers')}`);
    await new Promise((r) => setTimeout(r, 0));
    if (my !== seq) return;
    render(answer, out, accountNames(ctx.scenario()));
    progress.set('done', `${plural(count, 'answer', 'answers')} · engine ${ms.toFixed(0)} ms, total ${Math.round(performance.now() - t0)} ms`);
  }
  function refreshLists() {
    clear(lists);
    const idx = worldIndex(ctx.scenario(), ctx.text());
    for (const f of fields) if (f.list) lists.append(datalist(`${id}-dl-${f.name}`, idx[f.list] || []));
  }
  const el = h('section', { class: 'query-panel', 'aria-label': label, dataset: { testid: `${id}-panel` } }, h('p', { class: 'hint' }, intro), form, lists, progress.el, out);
  return { el, run, inputs, refreshLists };
}

/** The "Who can?" panel. ctx: {scenario(), text(), runApi(req, onProgress), openSteps(steps, label)}. */
export function createWhoCanPanel(ctx) {
  const render = (answer, out, names) => {
    const s = answer.summary || {};
    const answers = list(answer.answers);
    out.append(
      h(
        'p',
        { class: 'query-summary', dataset: { testid: 'whocan-summary' } },
        answers.length || s.answers ? `${plural(Number.isInteger(s.answers) ? s.answers : answers.length, 'principal', 'principals')} can` : 'No principal can',
        ` ${answer.query && answer.query.action ? answer.query.action : ''}`.trimEnd(),
        answer.query && answer.query.resource ? ` on ${answer.query.resource}` : '',
        '. ',
        h(
          'span',
          { class: 'muted' },
          [
            Number.isInteger(s.principals) ? `${plural(s.principals, 'principal', 'principals')} in the world` : null,
            Number.isInteger(s.evaluations) ? `${plural(s.evaluations, 'evaluation', 'evaluations')}` : null,
            s.conditional ? `${s.conditional} only under conditions` : null,
            Number.isInteger(s.listed) && Number.isInteger(s.answers) && s.listed < s.answers ? `the first ${s.listed} listed` : null,
            s.depthLimited ? `longer chains than ${answer.query && answer.query.maxHops} hops were not followed` : null,
          ]
            .filter(Boolean)
            .join(', '),
        ),
      ),
      invalidNotice(answer) || '',
      missingList(answer.missing, 'whocan-missing') || '',
      ...unsettledList(answer, names).filter(Boolean),
      diagnosticsList(answer.diagnostics) || '',
      h(
        'ol',
        { class: 'answers' },
        answers.map((a, i) =>
          h(
            'li',
            { class: `answer step-${decisionClass(a.decision)}`, dataset: { testid: 'whocan-answer', principal: a.principal || '', decision: a.decision || '', conditional: String(list(a.conditions).length > 0) } },
            h(
              'div',
              { class: 'answer-head' },
              badge(a.decision),
              h('strong', { class: 'answer-principal', dataset: { testid: 'answer-principal' } }, shortName(a.principal, names)),
              a.principalKind ? h('span', { class: 'pill' }, a.principalKind) : null,
              list(a.usedBy).length ? h('span', { class: 'pill', title: 'Services that can use this role' }, `used by ${list(a.usedBy).join(', ')}`) : null,
              list(a.conditions).length ? h('span', { class: 'pill pill-flip' }, 'conditional') : null,
              list(a.steps).length
                ? h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'open-as-steps' }, title: 'Replace the scenario’s steps with this path and run it (the world stays; Undo brings the steps back)', onclick: () => ctx.openSteps(a.steps, `the path of ${shortName(a.principal, names)}`) }, 'Open as steps')
                : null,
            ),
            a.note ? h('div', { class: 'muted small' }, a.note) : null,
            h('div', { class: 'muted small mono' }, a.principal),
            conditionItems(a.conditions, 'answer-condition'),
            h('ol', { class: 'hops' }, list(a.hops).map((hop) => hopLine(hop, names, ctx))),
            h('span', { class: 'visually-hidden' }, `answer ${i + 1}`),
          ),
        ),
      ),
    );
  };
  render.count = (answer) => list(answer.answers).length;
  const panel = queryPanel(ctx, {
    id: 'whocan',
    label: 'Who can?',
    intro: 'Which principals — users, roles, and every session reachable by AssumeRole chains — can perform an action on a resource, and by which path. Conditions the world cannot settle are listed as “if …”.',
    fields: [
      { name: 'action', label: 'Action', placeholder: 's3:GetObject', list: 'actions' },
      { name: 'resource', label: 'Resource ARN', placeholder: 'arn:aws:s3:::bucket/key', list: 'resources', hint: 'An ARN the world declares, a role ARN, or any ARN (“*” for actions without a resource).' },
      { name: 'maxHops', label: 'Longest AssumeRole chain (hops)', placeholder: '4' },
    ],
    request: (v) => {
      if (!v.action) return 'Enter an action, e.g. s3:GetObject.';
      const req = { op: 'whoCan', action: v.action, resource: v.resource || '*' };
      if (v.maxHops) {
        const n = Number(v.maxHops);
        if (!Number.isInteger(n) || n < 0 || n > 10) return 'The longest chain is a whole number of hops from 0 to 10.';
        req.maxHops = n;
      }
      return req;
    },
    render,
  });
  return panel;
}

/** The "Reach" panel: everything one principal can reach. */
export function createReachPanel(ctx) {
  const render = (answer, out, names) => {
    const roles = list(answer.roles);
    const access = list(answer.access);
    out.append(
      h('p', { class: 'query-summary', dataset: { testid: 'reach-summary' } }, `${shortName(answer.principal, names)} can reach ${plural(roles.length, 'role', 'roles')} and perform ${plural(access.filter((x) => x.decision === 'allowed').length, 'action', 'actions')} on the resources asked about.`),
      invalidNotice(answer) || '',
      missingList(answer.missing, 'reach-missing') || '',
      ...unsettledList(answer, names).filter(Boolean),
      diagnosticsList(answer.diagnostics) || '',
      h('h4', null, 'Roles it can assume (transitively)'),
      roles.length
        ? h(
            'ol',
            { class: 'answers' },
            roles.map((r) =>
              h(
                'li',
                { class: 'answer', dataset: { testid: 'reach-role', role: r.role || '' } },
                h(
                  'div',
                  { class: 'answer-head' },
                  h('strong', null, shortName(r.role, names)),
                  h('span', { class: 'pill' }, plural(Number.isInteger(r.depth) ? r.depth : list(r.hops).filter((x) => x.kind === 'assumeRole').length, 'hop', 'hops')),
                  list(r.conditions).length ? h('span', { class: 'pill pill-flip' }, 'conditional') : null,
                  h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'open-as-steps' }, onclick: () => ctx.openSteps(r.steps, `the path to ${shortName(r.role, names)}`) }, 'Open as steps'),
                ),
                h('div', { class: 'muted small mono' }, r.role),
                conditionItems(r.conditions, 'answer-condition'),
                h('ol', { class: 'hops' }, list(r.hops).map((hop) => hopLine(hop, names, ctx))),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No role.'),
      h('h4', null, 'Access on the resources'),
      access.length
        ? h(
            'table',
            { class: 'reach-table' },
            h('thead', null, h('tr', null, h('th', null, 'Action'), h('th', null, 'Resource'), h('th', null, 'Decision'), h('th', null, 'As'), h('th', null, ''))),
            h(
              'tbody',
              null,
              access.map((x) =>
                h(
                  'tr',
                  { dataset: { testid: 'reach-access', action: x.action || '', resource: x.resource || '', decision: x.decision || '' } },
                  h('td', null, h('code', null, x.action)),
                  h('td', { class: 'mono small' }, x.resource),
                  h('td', null, badge(x.decision), conditionItems(x.conditions, 'answer-condition')),
                  h('td', null, x.as ? shortName(x.as, names) : ''),
                  h('td', null, list(x.steps).length ? h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'open-as-steps' }, onclick: () => ctx.openSteps(x.steps, `${x.action} on ${x.resource}`) }, 'Open as steps') : null),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No access found on the resources asked about.'),
    );
  };
  render.count = (answer) => list(answer.roles).length + list(answer.access).length;
  const split = (v) =>
    v
      .split(/[\s,]+/)
      .map((x) => x.trim())
      .filter(Boolean);
  return queryPanel(ctx, {
    id: 'reach',
    label: 'Reach',
    intro: 'Everything one principal can reach: the roles it can assume, transitively, with each path and its conditions, and what it can do on the resources the world declares.',
    fields: [
      { name: 'principal', label: 'Principal ARN', placeholder: 'arn:aws:iam::111111111111:user/alice', list: 'principals' },
      { name: 'actions', label: 'Actions (optional, comma-separated patterns)', placeholder: 's3:GetObject, s3:Put*', list: 'actions' },
      { name: 'resources', label: 'Resources (optional, comma-separated ARNs; default: every resource the world declares)', placeholder: 'arn:aws:s3:::bucket/*', list: 'resources' },
    ],
    request: (v) => {
      if (!v.principal) return 'Enter a principal ARN, e.g. arn:aws:iam::111111111111:user/alice.';
      const req = { op: 'reach', principal: v.principal };
      if (v.actions) req.actions = split(v.actions);
      if (v.resources) req.resources = split(v.resources);
      return req;
    },
    render,
  });
}
