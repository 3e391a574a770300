// Renders the built-in scenario and each step's decision: the page's first real round trip
// through the wasm engine. Stable hooks for tests: data-testid="step" with data-decision,
// data-kind, data-step-index and data-met on each step.
import builtin from './builtin-scenario.json';

const DECISION_WORDS = {
  allowed: 'Allowed',
  explicitDeny: 'Explicit deny',
  implicitDeny: 'Implicit deny',
  error: 'Error',
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  }
  for (const child of children) {
    if (child !== undefined && child !== null) {
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  }
  return node;
}

// What a step did, from the report and the scenario step it came from.
function describeStep(step, input = {}) {
  switch (step.kind) {
    case 'as':
      return `Signed in as ${step.principal ?? input.as ?? ''}`;
    case 'assumeRole':
      return `sts:AssumeRole ${input.assumeRole ?? ''}`.trim();
    case 'call':
      return `${step.action ?? input.call ?? ''} on ${step.resource ?? input.resource ?? '*'}`;
    default:
      return step.kind ?? 'step';
  }
}

function renderStep(step, input) {
  const decision = step.decision;
  const li = el('li', {
    class: 'step',
    'data-testid': 'step',
    'data-step-index': step.index,
    'data-kind': step.kind,
    'data-decision': decision,
    'data-met': step.met === undefined ? undefined : String(step.met),
  });
  li.append(el('span', { class: 'step-index' }, `${step.index}`));
  li.append(el('span', { class: 'step-what' }, describeStep(step, input)));
  if (step.principal && step.kind !== 'as') {
    li.append(el('span', { class: 'step-principal' }, `as ${step.principal}`));
  }
  if (decision) {
    li.append(
      el('span', { class: `decision decision-${decision}`, 'data-testid': 'decision' }, DECISION_WORDS[decision] ?? decision),
    );
  }
  if (step.expect) {
    const ok = step.met === true;
    li.append(el('span', { class: `expect ${ok ? 'met' : 'unmet'}` }, ok ? `as expected` : `expected ${step.expect}`));
  }
  if (step.error && step.error.message) {
    li.append(el('span', { class: 'step-error' }, `${step.error.code ?? 'error'}: ${step.error.message}`));
  }
  return li;
}

function renderDiagnostics(diags) {
  const ul = el('ul', { class: 'diagnostics', 'data-testid': 'diagnostics' });
  for (const d of diags) {
    const where = d.start ? `${d.file}:${d.start.line}:${d.start.column}` : d.file;
    ul.append(
      el(
        'li',
        { class: `diagnostic severity-${d.severity}`, 'data-testid': 'diagnostic', 'data-code': d.code },
        `${where}: ${d.severity}[${d.code}]: ${d.message}`,
        d.help ? el('div', { class: 'help' }, `help: ${d.help}`) : null,
      ),
    );
  }
  return ul;
}

export function renderDemo(root, engine) {
  const answer = engine.simulate(builtin, { file: 'builtin-scenario.json' });
  const section = el('section', { class: 'demo', 'data-testid': 'demo', 'aria-live': 'polite' });
  section.append(el('h2', {}, builtin.title));
  section.append(el('p', { class: 'lede' }, builtin.description));
  if (answer.type !== 'success') {
    section.append(renderDiagnostics(answer.errors.map((e) => ({ ...e, file: 'api', severity: 'error' }))));
  } else {
    const report = answer.report;
    if (report.diagnostics && report.diagnostics.length) section.append(renderDiagnostics(report.diagnostics));
    const ol = el('ol', { class: 'steps', 'data-testid': 'steps' });
    for (const step of report.steps ?? []) ol.append(renderStep(step, builtin.steps[step.index]));
    section.append(ol);
    if (report.expectations) {
      const { met, failed } = report.expectations;
      section.append(el('p', { class: 'summary', 'data-testid': 'summary' }, `${met} expectations met, ${failed} failed`));
    }
  }
  const status = el(
    'p',
    { class: 'engine', 'data-testid': 'engine-status', 'data-state': 'ready' },
    'Engine ',
    el('span', { 'data-testid': 'engine-version' }, engine.version),
    ' running in your browser; nothing is uploaded.',
  );
  root.replaceChildren(section, status);
}

export function renderEngineError(root, message) {
  root.replaceChildren(el('p', { class: 'engine-error', role: 'alert', 'data-testid': 'engine-status', 'data-state': 'error' }, message));
}
