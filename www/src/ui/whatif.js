// The "What if" panel: what flipped since the pinned baseline (the engine's `diff` op: every step
// whose decision changed, with the statement that decided each side, and for worlds without
// steps who can assume each role and what each principal can do on the declared resources),
// and the "exclude from evaluation" toggles of AWS's policy simulator, with what the exclusions
// flip against the run that includes every policy.
import { h, clear, debounce } from './dom.js';
import { decisionLabel, decisionClass } from './labels.js';
import { shortName, statementLabel, accountNames } from './names.js';
import { excludablePolicies } from './exclusions.js';
import { createProgress } from './progress.js';

const list = (v) => (Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined) : []);
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const MAX_TOGGLES = 200;

const WORDS = { notEvaluated: 'Not evaluated', absent: 'Absent' };

/** A decision word as a badge; "allowed if …" (a conditional assume) keeps its words. */
function pill(decision) {
  const d = typeof decision === 'string' ? decision : '';
  const m = /^(allowed|explicitDeny|implicitDeny|error)\b\s*(.*)$/.exec(d);
  const text = WORDS[d] || (m ? `${decisionLabel(m[1])}${m[2] ? ` ${m[2]}` : ''}` : decisionLabel(d));
  return h('span', { class: `badge badge-${decisionClass(m ? m[1] : d)}` }, text);
}
const isAllowed = (d) => typeof d === 'string' && (d === 'allowed' || d.startsWith('allowed '));

function statements(label, stmts) {
  const s = list(stmts);
  return h('div', { class: 'small flip-side' }, h('span', { class: 'tkey' }, `${label}: `), s.length ? s.map((d, i) => [i ? '; ' : '', h('span', { class: 'decisive-link' }, statementLabel(d))]) : h('span', { class: 'muted' }, 'no statement (nothing allowed it)'));
}

/** Sentences for a diff answer, into `out`. `prefix` names the test hooks (whatif / exclusion). */
export function renderDiff(answer, out, names, prefix, scenario) {
  const steps = list(answer.steps);
  const assume = list(answer.assume);
  const access = list(answer.access);
  const scenSteps = scenario && Array.isArray(scenario.steps) ? scenario.steps : [];
  const notes = list(answer.notes);
  const remarks = [
    answer.invalid === true ? h('p', { class: 'notice notice-error', dataset: { testid: `${prefix}-invalid` } }, 'One of the two scenarios has errors, so they could not be compared.') : null,
    answer.truncated ? h('p', { class: 'notice' }, 'The world is too large to compare every principal, action and resource: the comparison stopped early.') : null,
    notes.length ? h('ul', { class: 'muted small', dataset: { testid: `${prefix}-notes` } }, notes.map((n) => h('li', null, n))) : null,
  ];
  if (!steps.length && !assume.length && !access.length) {
    out.append(h('p', { class: 'muted', dataset: { testid: `${prefix}-unchanged` } }, 'No decision changed.'), ...remarks.filter(Boolean));
    return 0;
  }
  out.append(...remarks.filter(Boolean));
  if (steps.length) {
    out.append(
      h('h4', null, `${plural(steps.length, 'step', 'steps')} flipped`),
      h(
        'ol',
        { class: 'flip-list' },
        steps.map((s) =>
          h(
            'li',
            { class: 'flip', dataset: { testid: `${prefix}-flip`, stepIndex: String(s.index), before: s.before || '', after: s.after || '' } },
            h(
              'div',
              null,
              h('strong', null, `Step ${Number.isInteger(s.index) ? s.index + 1 : '?'}`),
              ' ',
              h('span', { class: 'mono small' }, [s.principal ? shortName(s.principal, names) : null, s.kind === 'assumeRole' ? `sts:AssumeRole ${shortName(s.resource, names)}` : s.action ? `${s.action}${s.resource && s.resource !== '*' ? ` on ${s.resource}` : ''}` : (scenSteps[s.index] && scenSteps[s.index].call) || s.kind || ''].filter(Boolean).join(': ')),
              ': ',
              pill(s.before),
              ' → ',
              pill(s.after),
            ),
            statements('before', s.beforeStatements),
            statements('after', s.afterStatements),
          ),
        ),
      ),
    );
  }
  if (assume.length) {
    out.append(
      h('h4', null, 'Who can assume which role'),
      h(
        'ul',
        { class: 'flip-list' },
        assume.map((x) => {
          const who = shortName(x.principal, names);
          const role = shortName(x.role, names);
          const text = isAllowed(x.after) && !isAllowed(x.before) ? `${who} can now assume ${role}` : isAllowed(x.before) && !isAllowed(x.after) ? `${who} can no longer assume ${role}` : `${who} → ${role}`;
          return h('li', { class: 'flip', dataset: { testid: `${prefix}-assume`, principal: x.principal || '', role: x.role || '' } }, text, ' ', h('span', { class: 'muted small' }, '('), pill(x.before), ' → ', pill(x.after), h('span', { class: 'muted small' }, ')'));
        }),
      ),
    );
  }
  if (access.length) {
    out.append(
      h('h4', null, 'Access on the declared resources'),
      h(
        'ul',
        { class: 'flip-list' },
        access.map((x) => {
          const who = shortName(x.principal, names);
          const verb = isAllowed(x.after) && !isAllowed(x.before) ? 'gains' : isAllowed(x.before) && !isAllowed(x.after) ? 'loses' : 'changes on';
          return h(
            'li',
            { class: 'flip', dataset: { testid: `${prefix}-access`, principal: x.principal || '', action: x.action || '' } },
            `${who} ${verb} `,
            h('code', null, x.action),
            ' on ',
            h('span', { class: 'mono small' }, x.resource),
            ' ',
            pill(x.before),
            ' → ',
            pill(x.after),
          );
        }),
      ),
    );
  }
  return steps.length + assume.length + access.length;
}

/**
 * ctx: {scenario(), text(), effectiveText(), baselineText(), baselineWhen(), pinBaseline(),
 * excluded: Set, setExcluded(key, on), clearExclusions(), runApi(req, onProgress),
 * onExclusionDiff(answer|null)}
 */
export function createWhatIfPanel(ctx) {
  const baseStatus = h('p', { class: 'hint', dataset: { testid: 'baseline-status' } });
  const baseProgress = createProgress('whatif-progress');
  const baseOut = h('div', { class: 'query-out', dataset: { testid: 'whatif-flips' } });
  const pinBtn = h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'pin-baseline' }, onclick: () => ctx.pinBaseline() }, 'Pin the current scenario as the baseline');
  const exclStatus = h('p', { class: 'hint', dataset: { testid: 'exclusion-status' } });
  const exclProgress = createProgress('exclusion-progress');
  const exclOut = h('div', { class: 'query-out', dataset: { testid: 'exclusion-flips' } });
  const filter = h('input', { type: 'search', placeholder: 'Filter policies', 'aria-label': 'Filter policies', dataset: { testid: 'exclusion-filter' } });
  const toggles = h('ul', { class: 'exclusions' });
  const includeAll = h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'include-all' }, onclick: () => ctx.clearExclusions() }, 'Include every policy again');
  filter.addEventListener('input', debounce(() => renderToggles(), 120));

  const el = h(
    'section',
    { class: 'query-panel', 'aria-label': 'What if', dataset: { testid: 'whatif-panel' } },
    h('h3', null, 'Since the baseline'),
    baseStatus,
    h('div', { class: 'card-actions' }, pinBtn),
    baseProgress.el,
    baseOut,
    h('h3', null, 'Exclude policies from evaluation'),
    h('p', { class: 'hint' }, 'As in the IAM policy simulator, leave a policy out and see what flips. The scenario itself is not changed: the results evaluate a copy without the excluded policies.'),
    exclStatus,
    h('div', { class: 'card-actions' }, filter, includeAll),
    toggles,
    exclProgress.el,
    exclOut,
  );

  function renderToggles() {
    clear(toggles);
    const all = excludablePolicies(ctx.scenario());
    const q = filter.value.trim().toLowerCase();
    const shown = all.filter((p) => ctx.excluded.has(p.key) || !q || p.label.toLowerCase().includes(q) || p.detail.toLowerCase().includes(q));
    for (const p of shown.slice(0, MAX_TOGGLES)) {
      const id = `excl-${p.key.replace(/[^A-Za-z0-9]/g, '_')}`;
      const on = ctx.excluded.has(p.key);
      const box = h('input', { type: 'checkbox', id, checked: on, dataset: { testid: 'exclude-toggle', key: p.key }, onchange: (e) => ctx.setExcluded(p.key, e.target.checked) });
      toggles.append(h('li', { class: on ? 'excluded' : '' }, box, ' ', h('label', { for: id }, on ? h('s', null, p.label) : p.label, h('span', { class: 'muted small' }, ` — ${p.detail}`), on ? h('span', { class: 'pill pill-flip' }, 'excluded') : null)));
    }
    if (shown.length > MAX_TOGGLES) toggles.append(h('li', { class: 'muted small' }, `${shown.length - MAX_TOGGLES} more: filter to find one.`));
    if (!all.length) toggles.append(h('li', { class: 'muted' }, 'This scenario has no policy to exclude.'));
    includeAll.hidden = ctx.excluded.size === 0;
    exclStatus.textContent = ctx.excluded.size ? `${plural(ctx.excluded.size, 'policy is', 'policies are')} excluded: the results show the scenario without ${ctx.excluded.size === 1 ? 'it' : 'them'}.` : 'Every policy is included.';
  }

  let seq = 0;
  async function diffInto(before, after, out, progress, prefix) {
    const my = ++seq;
    progress.set('world', 'Comparing the two worlds');
    const { answer, ms } = await ctx.runApi({ op: 'diff', before, after }, ({ stage }) => stage === 'engine' && progress.set('engine', 'Evaluating both sides'));
    if (my !== seq) return undefined; // a newer comparison replaced this one
    clear(out);
    if (!answer || answer.type !== 'success') {
      const msg = list(answer && answer.errors).map((e) => e.message).join('; ') || 'no answer';
      progress.set('failed', `The engine could not compare: ${msg}`);
      return null;
    }
    progress.set('rendering', 'Rendering the flips');
    const n = renderDiff(answer, out, accountNames(ctx.scenario()), prefix, ctx.scenario());
    progress.set('done', `${plural(n, 'flip', 'flips')} · engine ${ms.toFixed(0)} ms`);
    return answer;
  }

  /** Re-run what the panel shows (the app calls this after an evaluation). */
  async function refresh({ visible }) {
    renderToggles();
    const base = ctx.baselineText();
    const when = ctx.baselineWhen();
    const text = ctx.text();
    if (base === null) baseStatus.textContent = 'No baseline yet: it is pinned when a scenario is opened.';
    else baseStatus.textContent = base === text ? `Baseline pinned ${when}; nothing changed since.` : `Baseline pinned ${when}; the scenario changed since.`;
    // exclusions: compare with the run that includes every policy (drives the results' flip marks too)
    if (ctx.excluded.size) {
      const answer = await diffInto(text, ctx.effectiveText(), exclOut, exclProgress, 'exclusion');
      if (answer !== undefined) ctx.onExclusionDiff(answer);
    } else {
      clear(exclOut);
      exclProgress.hide();
      ctx.onExclusionDiff(null);
    }
    if (!visible) return;
    if (base === null || base === text) {
      clear(baseOut);
      baseProgress.hide();
      if (base !== null) baseOut.append(h('p', { class: 'muted', dataset: { testid: 'whatif-unchanged' } }, 'Edit the scenario (a policy, a trust policy, a step) to see what flips.'));
      return;
    }
    await diffInto(base, text, baseOut, baseProgress, 'whatif');
  }

  return { el, refresh, renderToggles };
}
