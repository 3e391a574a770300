// The results panel: a summary of expectations, the scenario's diagnostics, and one row per
// step with its decision and expectation; a row expands to the step's trace.
import { h, clear } from './dom.js';
import { decisionLabel, decisionClass, describeStep, stepKind } from './labels.js';
import { renderTrace } from './trace-view.js';

/**
 * Render into `root`. args: {report, scenario, failure, ms, openSteps:Set<number>,
 * onGoto(origin, span), onGotoDiagnostic(d), onToggle(index, open)}
 */
export function renderResults(root, args) {
  const { report, scenario, failure } = args;
  clear(root);
  if (failure) {
    root.append(h('div', { class: 'notice notice-error', role: 'alert', dataset: { testid: 'engine-failure' } }, failure));
  }
  if (!report) return;

  const scenSteps = scenario && Array.isArray(scenario.steps) ? scenario.steps : [];
  const decided = report.steps.filter((s) => 'decision' in s || 'expect' in s);
  const met = report.expectations ? report.expectations.met : decided.filter((s) => s.met === true).length;
  const failed = report.expectations ? report.expectations.failed : decided.filter((s) => s.met === false).length;

  const summary = h(
    'div',
    { class: `summary ${report.invalid ? 'summary-invalid' : failed ? 'summary-failed' : 'summary-ok'}`, dataset: { testid: 'summary' }, role: 'status' },
    report.invalid
      ? 'The scenario has errors: steps that depend on them are not evaluated.'
      : failed
        ? `${failed} expectation${failed === 1 ? '' : 's'} not met, ${met} met`
        : met
          ? `All ${met} expectation${met === 1 ? '' : 's'} met`
          : 'No expectations set',
    args.ms != null ? h('span', { class: 'timing', dataset: { testid: 'timing' } }, ` · evaluated in ${args.ms < 1 ? args.ms.toFixed(2) : args.ms.toFixed(1)} ms`) : null,
  );
  root.append(summary);
  const flips = args.baseline ? report.steps.filter((st, i) => 'decision' in st && args.baseline[i] !== undefined && args.baseline[i] !== null && args.baseline[i] !== st.decision).length : 0;
  if (flips) {
    root.append(
      h(
        'div',
        { class: 'notice flips', dataset: { testid: 'flips' } },
        `What if: ${flips} step${flips === 1 ? '' : 's'} changed decision since the scenario was opened.`,
        ' ',
        h('button', { type: 'button', class: 'small-btn', onclick: args.onResetBaseline }, 'Compare with now'),
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
  const ol = h('ol', { class: 'steps', dataset: { testid: 'steps' } });
  for (let i = 0; i < count; i++) {
    const r = byIndex.get(i) || null;
    const s = scenSteps[i] || null;
    ol.append(renderStep(i, s, r, args));
  }
  root.append(ol);
}

function renderStep(i, step, r, args) {
  const kind = (r && r.kind) || stepKind(step);
  const decision = r && 'decision' in r ? r.decision : null;
  const expect = (r && r.expect) || (step && step.expect) || null;
  const met = r && typeof r.met === 'boolean' ? r.met : null;
  const evaluated = decision !== null;
  const desc = step ? describeStep(step) : `${kind || 'step'} ${r && r.action ? r.action : ''}`;
  // stable hooks (docs/web-api.md): data-testid="step", data-step-index, data-kind, and on
  // evaluated steps data-decision and data-met; data-expect when an expectation is set
  const dataset = { testid: 'step', stepIndex: String(i), kind: kind || '' };
  if (decision) dataset.decision = decision;
  if (expect) dataset.expect = expect;
  if (met !== null) dataset.met = String(met);
  const attrs = { class: `step step-${decisionClass(decision)}${met === false ? ' step-unmet' : ''}`, dataset };
  const was = args.baseline && decision && args.baseline[i] && args.baseline[i] !== decision ? args.baseline[i] : null;
  if (was) dataset.was = was;
  const head = [
    h('span', { class: 'step-num' }, `${i + 1}`),
    h('span', { class: 'step-desc' }, desc),
    was ? h('span', { class: 'pill pill-flip', title: 'The decision when the scenario was opened', dataset: { testid: 'flip' } }, `was ${decisionLabel(was)} →`) : null,
    evaluated ? h('span', { class: `badge badge-${decisionClass(decision)}`, dataset: { testid: 'decision' } }, decisionLabel(decision)) : null,
    expect
      ? h(
          'span',
          { class: `expect ${met === false ? 'expect-failed' : met === true ? 'expect-met' : ''}`, dataset: { testid: 'expectation' } },
          met === true ? `✓ expected ${decisionLabel(expect)}` : met === false ? `✗ expected ${decisionLabel(expect)}` : `expects ${decisionLabel(expect)}`,
        )
      : null,
  ];
  const details = [];
  if (r && r.principal && kind !== 'as') details.push(h('div', { class: 'muted small' }, 'as ', h('code', null, r.principal)));
  if (args.onEditStep && step) details.push(h('button', { type: 'button', class: 'small-btn edit-step', dataset: { testid: 'edit-step' }, onclick: () => args.onEditStep(i) }, `Edit step ${i + 1}`));
  if (step && step.note) details.push(h('div', { class: 'note' }, step.note));
  if (r && r.error) details.push(h('div', { class: 'notice notice-error' }, `${r.error.code || 'Error'}: ${r.error.message || ''}`));
  if (!evaluated && !(r && (r.trace === null ? args.loadTrace : r.trace && r.trace.length))) {
    if (step && step.note) head.push(h('span', { class: 'note inline-note' }, step.note));
    return h('li', attrs, h('div', { class: 'step-head plain' }, head));
  }
  const open = args.openSteps.has(i);
  const det = h('details', { open }, h('summary', { class: 'step-head' }, head));
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    const traceHolder = h('div', { class: 'trace-holder' });
    det.append(h('div', { class: 'step-body' }, details, r && r.reason ? h('p', { class: 'reason' }, r.reason) : null, traceHolder));
    if (r && r.trace === null && args.loadTrace) {
      // the trace stayed in the engine worker: fetch it now
      traceHolder.append(h('p', { class: 'muted' }, 'Loading the trace…'));
      args.loadTrace(i).then((trace) => {
        clear(traceHolder);
        if (trace === undefined) traceHolder.append(h('p', { class: 'muted' }, 'The scenario changed; the new trace is on its way.'));
        else traceHolder.append(renderTrace(trace, { onGoto: args.onGoto }), rawJson({ ...r, trace }));
      });
    } else traceHolder.append(renderTrace(r ? r.trace : null, { onGoto: args.onGoto }), rawJson(r));
  };
  if (open) fill();
  det.addEventListener('toggle', () => {
    if (det.open) fill();
    args.onToggle(i, det.open);
  });
  return h('li', attrs, det);
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
