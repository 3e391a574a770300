// The results panel: a summary of expectations, the scenario's diagnostics, and one row per
// step with its decision and expectation; a row expands to the step's trace.
import { h, clear } from './dom.js';
import { decisionLabel, decisionClass, describeStep, stepKind } from './labels.js';
import { renderTrace } from './trace-view.js';
import { callerText, decidedWhy, implicitDenyWhy } from './why.js';

/**
 * Render into `root`. args: {report, scenario, failure, ms, openSteps:Set<number>,
 * onGoto(origin, span), onGotoDiagnostic(d), onToggle(index, open)}; while the scenario
 * cannot run, `stale` ({text, diagnostic}, see last-good.js) marks `report` as the last
 * results that ran: drawn dimmed, busy, under a note; `lastDecision(i, r)` gives a step that
 * is not evaluated its last decision.
 */
export function renderResults(root, args) {
  const { report, scenario, failure, stale } = args;
  clear(root);
  root.classList.toggle('results-stale', !!(stale && report));
  if (stale && report) root.setAttribute('aria-busy', 'true');
  else root.removeAttribute('aria-busy');
  if (stale && report) root.append(staleNote(stale, args.onGotoDiagnostic));
  if (failure) {
    root.append(h('div', { class: 'notice notice-error', role: 'alert', dataset: { testid: 'engine-failure' } }, failure));
  }
  if (!report) return;

  const scenSteps = scenario && Array.isArray(scenario.steps) ? scenario.steps : [];
  const decided = report.steps.filter((s) => 'decision' in s || 'expect' in s);
  const met = report.expectations ? report.expectations.met : decided.filter((s) => s.met === true).length;
  const failed = report.expectations ? report.expectations.failed : decided.filter((s) => s.met === false).length;
  // steps the engine could not evaluate and no expectation named (docs/scenario-trace.md,
  // "Cannot evaluate"): failures even without an expectation
  const cannot = report.expectations && Number.isInteger(report.expectations.cannotEvaluate) ? report.expectations.cannotEvaluate : report.steps.filter((s) => s.unexpectedCannotEvaluate === true).length;
  const notEvaluated = report.steps.filter((s) => typeof s.notEvaluated === 'string').length;
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const counts = [];
  if (failed) counts.push(`${plural(failed, 'expectation', 'expectations')} not met`);
  if (cannot) counts.push(`${plural(cannot, 'step', 'steps')} could not be evaluated`);
  let text;
  if (report.invalid) {
    const ran = report.steps.some((st) => 'decision' in st);
    text = `The scenario has errors: ${notEvaluated ? `${plural(notEvaluated, 'step', 'steps')} not evaluated` : ran ? 'no step depends on them' : 'nothing was evaluated'}.`;
    if (counts.length || met) text += ` Of the steps evaluated: ${[...counts, `${met} met`].join(', ')}.`;
  } else if (counts.length) text = `${counts.join(', ')}, ${met} met`;
  else text = met ? `All ${plural(met, 'expectation', 'expectations')} met` : 'No expectations set';
  const summary = h(
    'div',
    {
      class: `summary ${report.invalid ? 'summary-invalid' : failed || cannot ? 'summary-failed' : 'summary-ok'}`,
      dataset: { testid: 'summary', failed: String(failed), cannotEvaluate: String(cannot), notEvaluated: String(notEvaluated) },
      role: 'status',
    },
    text,
    args.ms != null ? h('span', { class: 'timing', dataset: { testid: 'timing' } }, ` · evaluated in ${args.ms < 1 ? args.ms.toFixed(2) : args.ms.toFixed(1)} ms`) : null,
  );
  root.append(summary);
  const flips = args.baseline ? report.steps.filter((st, i) => 'decision' in st && args.baseline[i] !== undefined && args.baseline[i] !== null && args.baseline[i] !== st.decision).length : 0;
  if (args.excluded) {
    root.append(
      h(
        'div',
        { class: 'notice flips', dataset: { testid: 'excluded-banner', excluded: String(args.excluded) } },
        `${args.excluded} polic${args.excluded === 1 ? 'y is' : 'ies are'} excluded from evaluation: these results are for the scenario without ${args.excluded === 1 ? 'it' : 'them'}.`,
        args.onShowWhatIf ? [' ', h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'show-exclusions' }, onclick: args.onShowWhatIf }, 'Show the exclusions')] : null,
      ),
    );
  }
  if (flips) {
    root.append(
      h(
        'div',
        { class: 'notice flips', dataset: { testid: 'flips', count: String(flips) } },
        `What if: ${flips} step${flips === 1 ? '' : 's'} changed decision ${args.flipsSince || 'since the scenario was opened'}.`,
        ' ',
        args.excluded ? null : h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'compare-with-now' }, onclick: args.onResetBaseline }, 'Compare with now'),
        args.onShowWhatIf ? h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'show-whatif' }, onclick: args.onShowWhatIf }, 'What flipped, and why') : null,
      ),
    );
  }

  if (report.diagnostics.length) {
    const list = h(
      'ul',
      { class: 'diag-list scenario-diags', dataset: { testid: 'scenario-diagnostics' } },
      report.diagnostics.map((d) =>
        h(
          'li',
          { class: `diag diag-${d.severity === 'error' ? 'error' : d.severity === 'warning' || d.severity === 'securityWarning' ? 'warning' : 'info'}` },
          h(
            'button',
            { type: 'button', class: 'linklike', onclick: () => args.onGotoDiagnostic(d), title: 'Show in its editor' },
            `${d.file && d.file !== 'scenario' ? d.file : d.path || 'scenario'}${d.start ? `:${d.start.line}:${d.start.columnUtf16 ?? d.start.column}` : ''}`,
          ),
          ` ${d.severity || ''}${d.code ? ` [${d.code}]` : ''}: ${d.message}`,
          d.help ? h('div', { class: 'muted' }, d.help) : null,
        ),
      ),
    );
    root.append(h('section', { 'aria-label': 'Scenario diagnostics' }, h('h3', null, 'Diagnostics'), list));
  }

  const byIndex = new Map(report.steps.map((s, i) => [Number.isInteger(s.index) ? s.index : i, s]));
  const count = Math.max(scenSteps.length, report.steps.length);
  // first run: a hint until the reader opens a step (args.hint; app.js remembers it was seen)
  if (args.hint && report.steps.some((st) => 'decision' in st)) {
    root.append(h('p', { class: 'first-hint', dataset: { testid: 'first-hint' } }, 'Click a step to see why it was allowed or denied: every policy, statement and condition the engine looked at.'));
  }
  const ol = h('ol', { class: 'steps', dataset: { testid: 'steps' } });
  for (let i = 0; i < count; i++) {
    const r = byIndex.get(i) || null;
    const s = scenSteps[i] || null;
    ol.append(renderStep(i, s, r, { ...args, report }));
  }
  root.append(ol);
}

/** The note above kept results: what is shown, and the error to fix first. */
function staleNote(stale, onGotoDiagnostic) {
  const d = stale.diagnostic;
  return h(
    'div',
    { class: 'notice stale-note', role: 'status', dataset: { testid: 'stale-results' } },
    stale.text,
    d && onGotoDiagnostic ? [' ', h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'stale-goto' }, onclick: () => onGotoDiagnostic(d) }, 'Show the error')] : null,
  );
}

/** The JSON path of the policy document a `notEvaluated` reason names (run.rs: "… at $.…, which has errors"). */
export function notEvaluatedPath(reason) {
  const m = typeof reason === 'string' ? /(\$(?:\.[A-Za-z_][\w-]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])*)/.exec(reason) : null;
  return m && m[1] !== '$' ? m[1] : null;
}

/** The first diagnostic inside the document at `path` (an error first), or null. */
function diagnosticUnder(diagnostics, path) {
  if (!path || !Array.isArray(diagnostics)) return null;
  const under = diagnostics.filter((d) => typeof d.path === 'string' && (d.path === path || d.path.startsWith(`${path}.`) || d.path.startsWith(`${path}[`)));
  return under.find((d) => d.severity === 'error') || under[0] || null;
}

/** Is this step's error the engine's own CannotEvaluate (docs/scenario-trace.md)? */
export function isCannotEvaluate(r) {
  return !!r && r.decision === 'error' && !!r.error && r.error.code === 'CannotEvaluate';
}

/**
 * Every named assumption in a step's trace, once each: the runner's `assumption` entries
 * ({name, text}) and the evaluator's (`authorization.assumptions` as "id: text" strings,
 * `evaluation.assumptions` as {id, text}).
 */
export function stepAssumptions(trace) {
  const out = new Map();
  const add = (id, text, source) => {
    if (typeof id !== 'string' || !id) return;
    const prev = out.get(id);
    if (!prev) out.set(id, { id, text: text || '', sources: new Set([source]) });
    else {
      prev.sources.add(source);
      if (!prev.text && text) prev.text = text;
    }
  };
  for (const e of Array.isArray(trace) ? trace : []) {
    if (!e || typeof e !== 'object') continue;
    if (e.phase === 'assumption') add(e.name ?? e.id, e.text, 'runner');
    if (e.phase !== 'authorization') continue;
    const label = `evaluator (${e.action || 'request'})`;
    for (const a of Array.isArray(e.assumptions) ? e.assumptions : []) {
      if (typeof a === 'string') {
        const i = a.indexOf(': ');
        if (i > 0) add(a.slice(0, i), a.slice(i + 2), label);
        else add(a, '', label);
      } else if (a && typeof a === 'object') add(a.id ?? a.name, a.text, label);
    }
    const ev = e.evaluation && typeof e.evaluation === 'object' ? e.evaluation : null;
    const evAssumptions = ev ? (Array.isArray(ev.assumptions) ? ev.assumptions : ev.trace && Array.isArray(ev.trace.assumptions) ? ev.trace.assumptions : []) : [];
    for (const a of evAssumptions) if (a && typeof a === 'object') add(a.id ?? a.name, a.text, label);
  }
  return [...out.values()];
}

function renderAssumptions(trace) {
  const list = stepAssumptions(trace);
  if (!list.length) return null;
  return h(
    'section',
    { class: 'step-assumptions', 'aria-label': 'Assumptions', dataset: { testid: 'step-assumptions' } },
    h('div', { class: 'tkey' }, list.length === 1 ? 'This result depends on a named assumption:' : `This result depends on ${list.length} named assumptions:`),
    h(
      'ul',
      { class: 'assumptions' },
      list.map((a) =>
        h(
          'li',
          // the sentence, not the id: ids are stable names for tools (data-assumption-id, the tooltip)
          { title: a.id, dataset: { testid: 'step-assumption', assumptionId: a.id } },
          h('span', { class: 'pill' }, 'assumption'),
          ' ',
          a.text || a.id,
          h('span', { class: 'muted small' }, ` (${[...a.sources].join(', ')})`),
        ),
      ),
    ),
  );
}

function renderStep(i, step, r, args) {
  const kind = (r && r.kind) || stepKind(step);
  const decision = r && 'decision' in r ? r.decision : null;
  const expect = (r && r.expect) || (step && step.expect) || null;
  const expectError = (r && r.expectError) || (step && step.expectError) || null;
  const met = r && typeof r.met === 'boolean' ? r.met : null;
  const evaluated = decision !== null;
  const notEvaluated = r && typeof r.notEvaluated === 'string' ? r.notEvaluated : null;
  const cannot = isCannotEvaluate(r);
  const unexpectedCannot = cannot && r.unexpectedCannotEvaluate === true;
  const desc = step ? describeStep(step) : `${kind || 'step'} ${r && r.action ? r.action : ''}`;
  // a step not evaluated while a document it depends on is mid-edit: its last decision, dimmed
  const last = notEvaluated && args.lastDecision ? args.lastDecision(i, r) : null;
  // stable hooks (docs/web-api.md): data-testid="step", data-step-index, data-kind, and on
  // evaluated steps data-decision and data-met; data-expect when an expectation is set;
  // data-not-evaluated on steps of an invalid scenario that were not run, data-cannot-evaluate
  // ("expected" or "unexpected") on steps the engine could not evaluate
  const dataset = { testid: 'step', stepIndex: String(i), kind: kind || '' };
  if (decision) dataset.decision = decision;
  if (expect) dataset.expect = expect;
  if (met !== null) dataset.met = String(met);
  if (notEvaluated) dataset.notEvaluated = 'true';
  if (cannot) dataset.cannotEvaluate = unexpectedCannot || met === false ? 'unexpected' : 'expected';
  const failing = met === false || unexpectedCannot;
  const attrs = { class: `step step-${notEvaluated ? 'not-evaluated' : decisionClass(decision)}${failing ? ' step-unmet' : ''}`, dataset };
  const was = args.baseline && decision && args.baseline[i] && args.baseline[i] !== decision ? args.baseline[i] : null;
  if (was) dataset.was = was;
  const cannotReason = cannot ? r.error.message || 'the engine cannot evaluate this request' : null;
  const expectLabel = expect ? `${decisionLabel(expect)}${expect === 'error' && expectError ? ` (${expectError})` : ''}` : '';
  const head = [
    h('span', { class: 'step-num' }, `${i + 1}`),
    h('span', { class: 'step-desc' }, desc),
    was ? h('span', { class: 'pill pill-flip', title: args.excluded ? 'The decision with every policy included' : 'The decision at the baseline', dataset: { testid: 'flip' } }, `was ${decisionLabel(was)} →`) : null,
    cannot
      ? h('span', { class: `badge badge-cannot-evaluate${unexpectedCannot ? ' badge-failing' : ''}`, title: cannotReason, dataset: { testid: 'decision', cannotEvaluate: 'true' } }, 'Cannot evaluate')
      : evaluated
        ? h('span', { class: `badge badge-${decisionClass(decision)}`, dataset: { testid: 'decision' } }, decisionLabel(decision))
        : null,
    notEvaluated ? h('span', { class: 'badge badge-not-evaluated', title: notEvaluated, dataset: { testid: 'not-evaluated' } }, 'Not evaluated') : null,
    last ? h('span', { class: `badge badge-${decisionClass(last)} badge-last`, title: 'The decision before the document it depends on had errors', dataset: { testid: 'last-decision', decision: last } }, `last: ${decisionLabel(last)}`) : null,
    expect
      ? h(
          'span',
          { class: `expect ${met === false ? 'expect-failed' : met === true ? 'expect-met' : ''}`, dataset: { testid: 'expectation' } },
          met === true ? `✓ expected ${expectLabel}` : met === false ? `✗ expected ${expectLabel}` : notEvaluated ? `expects ${expectLabel} (not counted)` : `expects ${expectLabel}`,
        )
      : unexpectedCannot
        ? h('span', { class: 'expect expect-failed', dataset: { testid: 'expectation' } }, '✗ could not be evaluated')
        : null,
  ];
  // shown under the row without opening it: why a step was not run, or could not be decided
  const explain = [];
  if (notEvaluated) {
    const path = (Array.isArray(r.brokenDocuments) && r.brokenDocuments[0] && r.brokenDocuments[0].path) || notEvaluatedPath(notEvaluated);
    const diag = diagnosticUnder(args.report && args.report.diagnostics, path);
    explain.push(
      h(
        'div',
        { class: 'step-explain not-evaluated-reason', dataset: { testid: 'not-evaluated-reason' } },
        h('strong', null, 'Not evaluated: '),
        `this step ${notEvaluated}.`,
        path && args.onGotoDiagnostic
          ? [
              ' ',
              h(
                'button',
                {
                  type: 'button',
                  class: 'small-btn',
                  title: diag ? `${diag.code ? `[${diag.code}] ` : ''}${diag.message}` : 'Show the document',
                  dataset: { testid: 'not-evaluated-goto', path },
                  onclick: (e) => {
                    e.preventDefault();
                    e.stopPropagation();
                    args.onGotoDiagnostic(diag || { path, message: '' });
                  },
                },
                diag ? 'Show the error in the document' : 'Show the document',
              ),
            ]
          : null,
      ),
    );
  }
  if (cannot) {
    explain.push(
      h(
        'div',
        { class: `step-explain cannot-evaluate-reason${unexpectedCannot ? ' failing' : ''}`, dataset: { testid: 'cannot-evaluate-reason' } },
        h('strong', null, unexpectedCannot ? 'Cannot evaluate (a failure): ' : 'Cannot evaluate (as expected): '),
        cannotReason,
      ),
    );
  }
  // one line of why, without opening the row: who called, and what decided
  const why = whyLine(i, r, kind, args);
  if (why) explain.push(why);
  const details = [];
  if (r && r.principal && kind !== 'as') details.push(h('div', { class: 'muted small' }, 'as ', h('code', null, r.principal)));
  if (args.onEditStep && step) details.push(h('button', { type: 'button', class: 'small-btn edit-step', dataset: { testid: 'edit-step' }, onclick: () => args.onEditStep(i) }, `Edit step ${i + 1}`));
  if (step && step.note) details.push(h('div', { class: 'note' }, step.note));
  if (r && r.error && !cannot) details.push(h('div', { class: 'notice notice-error' }, `${r.error.code || 'Error'}: ${r.error.message || ''}`));
  if (!evaluated && !(r && (r.trace === null ? args.loadTrace : r.trace && r.trace.length))) {
    if (step && step.note) head.push(h('span', { class: 'note inline-note' }, step.note));
    return h('li', attrs, h('div', { class: 'step-head plain' }, head), explain);
  }
  const open = args.openSteps.has(i);
  const det = h('details', { open }, h('summary', { class: 'step-head' }, head));
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    const traceHolder = h('div', { class: 'trace-holder' });
    det.append(h('div', { class: 'step-body' }, details, r && r.reason ? h('p', { class: 'reason' }, r.reason) : null, traceHolder));
    const show = (trace) => traceHolder.append(renderAssumptions(trace) || '', renderTrace(trace, { onGoto: args.onGoto, gotoTitle: args.gotoTitle }), rawJson({ ...r, trace }));
    if (r && r.trace === null && args.loadTrace) {
      // the trace stayed in the engine worker: fetch it now
      traceHolder.append(h('p', { class: 'muted' }, 'Loading the trace…'));
      args.loadTrace(i).then((trace) => {
        clear(traceHolder);
        if (trace === undefined) traceHolder.append(h('p', { class: 'muted' }, 'The scenario changed; the new trace is on its way.'));
        else show(trace);
      });
    } else show(r ? r.trace : null);
  };
  if (open) fill();
  det.addEventListener('toggle', () => {
    if (det.open) fill();
    args.onToggle(i, det.open);
  });
  return h('li', attrs, det, explain);
}

/** How many implicit-deny rows fetch their trace for the one-line why (each is one trace). */
const WHY_TRACES = 40;

/**
 * The row's one line of why: "as role session ReportsReader/alice · Allowed by ReadReports of
 * ReportsReader (statement 1)"; for an implicit deny the closest statement and what failed,
 * filled in once the step's trace has come from the engine.
 */
function whyLine(i, r, kind, args) {
  if (!r || !('decision' in r) || !r.decision || r.decision === 'error' || kind === 'as') return null;
  const caller = callerText(r.principal);
  const line = h('div', { class: 'step-explain step-why small', dataset: { testid: 'step-why', decision: r.decision } });
  const fill = (text) => {
    clear(line);
    // `…` in the text marks what the policy or the request wrote: shown as code
    const parts = text ? String(text).split('`').map((t, k) => (k % 2 ? h('code', null, t) : t)) : null;
    line.append(caller ? h('span', { class: 'muted' }, `as ${caller}`) : '', caller && text ? h('span', { class: 'muted' }, ' · ') : '', parts ? h('span', { dataset: { testid: 'step-why-text' } }, parts) : '');
  };
  const decided = decidedWhy(r, args.scenario);
  if (decided || r.decision !== 'implicitDeny') {
    fill(decided);
    return line;
  }
  fill(null);
  const seen = (args.whyTraces = (args.whyTraces || 0) + 1);
  if (Array.isArray(r.trace) && r.trace.length) fill(implicitDenyWhy(r.trace));
  else if (r.trace === null && args.loadTrace && seen <= WHY_TRACES) {
    args.loadTrace(i).then((trace) => {
      if (trace !== undefined) fill(implicitDenyWhy(trace));
    });
  }
  return line;
}

/** The step's report as JSON, built only when opened (a trace can be large). */
function rawJson(r) {
  const pre = h('pre');
  const det = h('details', { class: 'raw-trace' }, h('summary', null, 'Trace as JSON'), pre);
  det.addEventListener('toggle', () => {
    if (det.open && !pre.textContent) pre.textContent = JSON.stringify(r, null, 2);
  });
  return det;
}
