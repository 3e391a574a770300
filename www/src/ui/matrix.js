// The quick-test matrix: one principal (an IAM user or root, or the identity a step of the
// scenario leaves, such as a role session) × many actions × many resources, decided at once
// by the engine's `decide` operation on the world the page holds, as a grid. A cell opens its
// full trace (asked of the engine for that one request when it is opened).
import { h, clear } from './dom.js';
import { decisionLabel, decisionClass, describeStep } from './labels.js';
import { worldIndex } from './world-index.js';
import { decisiveLabel } from './why.js';
import { renderTrace } from './trace-view.js';

/** At most this many cells in one matrix (each is one evaluation; the grid must stay readable). */
export const MAX_CELLS = 400;

const lines = (text) => [...new Set(String(text).split('\n').map((l) => l.trim()).filter(Boolean))];

/**
 * The principals a matrix can run as: the identity after each step of the scenario that
 * changes who is calling (signing in, assuming a role), then every user and account root.
 * Each is `{id, label, steps}`: the steps that make that identity current.
 */
export function principalChoices(scenario) {
  const out = [];
  const steps = scenario && Array.isArray(scenario.steps) ? scenario.steps : [];
  steps.forEach((s, i) => {
    if (!s || typeof s !== 'object' || !('as' in s || 'assumeRole' in s)) return;
    out.push({ id: `step-${i}`, label: `after step ${i + 1}: ${describeStep(s)}`, steps: steps.slice(0, i + 1).filter((x) => x && !('call' in x) && !('revokeSessions' in x)) });
  });
  const idx = worldIndex(scenario);
  for (const arn of [...idx.users, ...idx.principals.filter((p) => p.endsWith(':root'))]) {
    out.push({ id: arn, label: `as ${arn}`, steps: [{ as: arn }] });
  }
  return out;
}

/** The actions and resources the scenario's call steps name, to start the matrix with. */
export function defaultAxes(scenario) {
  const steps = scenario && Array.isArray(scenario.steps) ? scenario.steps : [];
  const calls = steps.filter((s) => s && typeof s.call === 'string');
  const actions = [...new Set(calls.map((s) => s.call))];
  const resources = [...new Set(calls.map((s) => (typeof s.resource === 'string' ? s.resource : '*')))];
  return { actions, resources: resources.length ? resources : ['*'] };
}

/** The queries of a matrix: rows are actions, columns resources. */
export function matrixQueries(prefix, actions, resources) {
  const queries = [];
  for (const action of actions) for (const resource of resources) queries.push([...prefix, { call: action, resource }]);
  return queries;
}

/** ctx: {scenario(), effectiveText(), runApi(request)} as the other query panels get it. */
export function createMatrixPanel(ctx) {
  const principal = h('select', { class: 'matrix-principal', dataset: { testid: 'matrix-principal' }, 'aria-label': 'Principal' });
  const actionsBox = h('textarea', { rows: 5, class: 'matrix-axis', spellcheck: 'false', dataset: { testid: 'matrix-actions' }, 'aria-label': 'Actions, one per line' });
  const resourcesBox = h('textarea', { rows: 5, class: 'matrix-axis', spellcheck: 'false', dataset: { testid: 'matrix-resources' }, 'aria-label': 'Resources, one per line' });
  const status = h('p', { class: 'muted small', dataset: { testid: 'matrix-status' }, 'aria-live': 'polite' });
  const grid = h('div', { class: 'matrix-grid-holder' });
  const detail = h('div', { class: 'matrix-detail', dataset: { testid: 'matrix-detail' } });
  let choices = [];
  let lastText = null;

  function refreshLists() {
    const scenario = ctx.scenario();
    const text = ctx.effectiveText();
    if (text === lastText) return;
    const keep = principal.value;
    choices = principalChoices(scenario);
    clear(principal);
    principal.append(...choices.map((c) => h('option', { value: c.id }, c.label)));
    // the identity of the scenario's last sign-in or hop by default: what its calls run as
    const lastStep = [...choices].reverse().find((c) => c.id.startsWith('step-'));
    principal.value = choices.some((c) => c.id === keep) ? keep : lastStep ? lastStep.id : choices.length ? choices[0].id : '';
    if (lastText === null || (!actionsBox.value.trim() && !resourcesBox.value.trim())) {
      const axes = defaultAxes(scenario);
      actionsBox.value = axes.actions.join('\n');
      resourcesBox.value = axes.resources.join('\n');
    }
    lastText = text;
  }

  async function decide(queries, options) {
    const text = ctx.effectiveText();
    // the worker answers on the world it holds for this text; otherwise open one for the question
    let { answer } = await ctx.runApi({ op: 'decide', scenario: text, queries, ...options });
    if (answer && answer.type === 'failure') {
      const opened = (await ctx.runApi({ op: 'open', scenario: JSON.parse(text) })).answer;
      if (!opened || opened.type !== 'success') return opened;
      answer = (await ctx.runApi({ op: 'decide', world: opened.world, queries, ...options })).answer;
      await ctx.runApi({ op: 'close', world: opened.world });
    }
    return answer;
  }

  async function openCell(prefix, action, resource, cell) {
    for (const c of grid.querySelectorAll('.matrix-cell[aria-pressed="true"]')) c.setAttribute('aria-pressed', 'false');
    cell.setAttribute('aria-pressed', 'true');
    clear(detail);
    detail.append(h('p', { class: 'muted' }, 'Tracing…'));
    const answer = await decide([[...prefix, { call: action, resource }]], { trace: true });
    clear(detail);
    const outcome = answer && Array.isArray(answer.outcomes) ? answer.outcomes[0] : null;
    const step = outcome && outcome.step;
    detail.append(
      h('h3', { class: 'matrix-detail-title' }, h('code', null, action), ' on ', h('code', null, resource), ' ', h('span', { class: `badge badge-${decisionClass(outcome && outcome.decision)}` }, decisionLabel(outcome && outcome.decision))),
      step && step.trace ? renderTrace(step.trace, { onGoto: ctx.onGoto }) : h('p', { class: 'muted' }, outcome && outcome.message ? outcome.message : 'No trace for this request.'),
    );
  }

  async function run() {
    refreshLists();
    const choice = choices.find((c) => c.id === principal.value);
    const actions = lines(actionsBox.value);
    const resources = lines(resourcesBox.value);
    clear(grid);
    clear(detail);
    if (!choice) return void (status.textContent = 'Choose who makes the requests: the scenario has no user, account or sign-in step.');
    if (!actions.length || !resources.length) return void (status.textContent = 'List at least one action and one resource, one per line.');
    if (actions.length * resources.length > MAX_CELLS) {
      status.textContent = `${actions.length} actions × ${resources.length} resources is ${actions.length * resources.length} requests: at most ${MAX_CELLS} at once.`;
      return;
    }
    status.textContent = `Deciding ${actions.length * resources.length} requests…`;
    const t0 = performance.now();
    const answer = await decide(matrixQueries(choice.steps, actions, resources), { explain: true });
    const outcomes = answer && Array.isArray(answer.outcomes) ? answer.outcomes : null;
    if (!outcomes) {
      const errs = answer && Array.isArray(answer.errors) ? answer.errors.map((e) => e.message).join('; ') : 'no answer';
      status.textContent = `The engine could not decide: ${errs}`;
      return;
    }
    const ms = performance.now() - t0;
    const counts = {};
    for (const o of outcomes) counts[o.decision || 'invalid'] = (counts[o.decision || 'invalid'] || 0) + 1;
    status.textContent = `${outcomes.length} requests as ${choice.label.replace(/^as /, '')} in ${ms.toFixed(0)} ms: ${Object.entries(counts).map(([d, n]) => `${n} ${decisionLabel(d === 'invalid' ? null : d).toLowerCase()}`).join(', ')}. Click a cell for its trace.`;
    const table = h(
      'table',
      { class: 'matrix', dataset: { testid: 'matrix' } },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Action \\ Resource'), resources.map((r) => h('th', { scope: 'col' }, h('code', null, r))))),
      h(
        'tbody',
        null,
        actions.map((action, i) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, h('code', null, action)),
            resources.map((resource, j) => {
              const o = outcomes[i * resources.length + j] || {};
              const decision = o.invalid ? null : o.decision;
              const why = o.invalid ? o.message : Array.isArray(o.decisive) && o.decisive.length ? `decided by ${o.decisive.map((d) => decisiveLabel(d, ctx.scenario())).join('; ')}` : o.error || '';
              const cell = h(
                'button',
                { type: 'button', class: `matrix-cell badge badge-${decisionClass(decision)}`, title: why, 'aria-pressed': 'false', dataset: { testid: 'matrix-cell', action, resource, decision: decision || 'invalid' } },
                o.invalid ? 'Invalid' : decisionLabel(decision),
              );
              cell.addEventListener('click', () => openCell(choice.steps, action, resource, cell));
              return h('td', null, cell);
            }),
          ),
        ),
      ),
    );
    grid.append(table);
  }

  const el = h(
    'div',
    { class: 'query-panel matrix-panel', dataset: { testid: 'matrix-panel' } },
    h('p', { class: 'muted small' }, 'Test one principal against many actions and resources at once, as in AWS’s IAM policy simulator. Each request runs in the scenario’s world as it is now.'),
    h('label', { class: 'field' }, h('span', null, 'Who makes the requests'), principal),
    h('div', { class: 'matrix-axes' }, h('label', { class: 'field' }, h('span', null, 'Actions (one per line)'), actionsBox), h('label', { class: 'field' }, h('span', null, 'Resources (one per line)'), resourcesBox)),
    h('button', { type: 'button', class: 'primary', dataset: { testid: 'matrix-run' }, onclick: () => run() }, 'Decide every pair'),
    status,
    grid,
    detail,
  );
  return { el, refreshLists, run };
}
