// The report of an AWS export import: what arrived (the importer's summary counts), what the
// export could not settle (`missing`), every diagnostic located as file:line:column, the files
// that were skipped, and the way back ("Undo import").
import { h, clear } from './dom.js';

const WORDS = {
  accounts: ['account', 'accounts'],
  users: ['user', 'users'],
  groups: ['group', 'groups'],
  roles: ['role', 'roles'],
  managedPolicies: ['managed policy', 'managed policies'],
  customerManagedPolicies: ['customer managed policy', 'customer managed policies'],
  awsManagedPolicies: ['AWS managed policy', 'AWS managed policies'],
  resources: ['resource', 'resources'],
  resourcePolicies: ['resource policy', 'resource policies'],
  scps: ['SCP', 'SCPs'],
  rcps: ['RCP', 'RCPs'],
  units: ['organizational unit', 'organizational units'],
  profiles: ['profile', 'profiles'],
  steps: ['step', 'steps'],
  files: ['file', 'files'],
  filesRecognised: ['file recognised', 'files recognised'],
  filesUnrecognised: ['file not recognised', 'files not recognised'],
  recognised: ['file recognised', 'files recognised'],
  unrecognised: ['file not recognised', 'files not recognised'],
};

function words(key, n) {
  const w = WORDS[key];
  if (w) return `${n} ${n === 1 ? w[0] : w[1]}`;
  const spaced = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${spaced}: ${n}`;
}

/** [{key, n}] of the summary's counts (nested objects flattened: files.recognised → filesRecognised). */
export function summaryCounts(summary) {
  const out = [];
  const walk = (obj, prefix) => {
    for (const [k, v] of Object.entries(obj || {})) {
      const key = prefix ? `${prefix}${k[0].toUpperCase()}${k.slice(1)}` : k;
      if (typeof v === 'number' && Number.isFinite(v)) out.push({ key, n: v });
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v, key);
    }
  };
  walk(summary, '');
  return out;
}

function location(d) {
  const file = d.file || 'import';
  const line = d.start && Number.isInteger(d.start.line) ? d.start.line : Number.isInteger(d.line) ? d.line : null;
  const col = d.start && Number.isInteger(d.start.column) ? d.start.column : Number.isInteger(d.column) ? d.column : null;
  return `${file}${line !== null ? `:${line}${col !== null ? `:${col}` : ''}` : ''}`;
}

/**
 * Render an import answer into `root`. opts: {files: n, skipped: [{name, reason}], merged: bool,
 * ms, onUndo(), onClose()}.
 */
export function renderImportReport(root, answer, opts) {
  clear(root);
  const summary = answer.summary && typeof answer.summary === 'object' ? answer.summary : {};
  const counts = summaryCounts(summary).filter((c) => c.n > 0 || ['accounts', 'users', 'roles'].includes(c.key));
  const diags = Array.isArray(answer.diagnostics) ? answer.diagnostics.filter((d) => d && typeof d === 'object') : [];
  const missing = Array.isArray(summary.missing) ? summary.missing : Array.isArray(answer.missing) ? answer.missing : [];
  const errors = diags.filter((d) => d.severity === 'error').length;
  const parts = [
    h(
      'div',
      { class: 'share-head' },
      h('strong', null, opts.merged ? 'Merged an AWS export into the scenario' : 'Imported an AWS export'),
      ' ',
      h('span', { class: 'muted' }, `${opts.files} file${opts.files === 1 ? '' : 's'} read${opts.ms != null ? ` · ${Math.round(opts.ms)} ms` : ''}`),
      h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'import-undo' }, onclick: opts.onUndo }, opts.merged ? 'Undo the merge' : 'Undo import'),
      h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'import-close' }, onclick: opts.onClose }, 'Close'),
    ),
    h('p', { class: 'import-counts', dataset: { testid: 'import-summary' } }, counts.length ? counts.map((c, i) => [i ? ' · ' : '', h('span', { dataset: { count: c.key } }, words(c.key, c.n))]) : 'Nothing was recognised in these files.'),
    missing.length
      ? h(
          'details',
          { class: 'missing', open: true, dataset: { testid: 'import-missing' } },
          h('summary', null, `What the export does not settle (${missing.length})`),
          h('ul', null, missing.map((m) => h('li', null, typeof m === 'string' ? m : m && m.message ? m.message : JSON.stringify(m)))),
        )
      : null,
    diags.length
      ? h(
          'details',
          { class: 'missing', open: true, dataset: { testid: 'import-diagnostics' } },
          h('summary', null, `${diags.length} finding${diags.length === 1 ? '' : 's'}${errors ? ` (${errors} error${errors === 1 ? '' : 's'}: that part was not imported, the rest was)` : ''}`),
          h(
            'ul',
            { class: 'diag-list' },
            diags.map((d) =>
              h(
                'li',
                { class: `diag diag-${d.severity === 'error' ? 'error' : d.severity === 'warning' || d.severity === 'securityWarning' ? 'warning' : 'info'}`, dataset: { testid: 'import-diagnostic', severity: d.severity || '' } },
                h('code', null, location(d)),
                ` ${d.severity || ''}${d.code ? ` [${d.code}]` : ''}: ${d.message || ''}`,
                d.path ? h('span', { class: 'muted small' }, ` at ${d.path}`) : null,
                d.help ? h('div', { class: 'muted small' }, d.help) : null,
              ),
            ),
          ),
        )
      : null,
    opts.skipped && opts.skipped.length
      ? h('p', { class: 'notice', dataset: { testid: 'import-skipped' } }, `Not read: ${opts.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.`)
      : null,
  ];
  root.append(...parts.filter(Boolean));
  root.hidden = false;
}
