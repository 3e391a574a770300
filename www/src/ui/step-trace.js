// A step's trace as the scenario runner reports it (docs/scenario-trace.md): entries tagged
// by `phase` — identity, assumption, parameters, resource, context, policies,
// authorization (with the evaluator's full trace), session, note. Unknown entries fall back
// to the generic tree so a new entry kind never breaks the page.
import { h } from './dom.js';
import { decisionLabel, decisionClass } from './labels.js';
import { isIamTrace, renderIamTrace } from './iam-trace.js';

export const STEP_ENTRY_PHASES = new Set(['identity', 'assumption', 'parameters', 'resource', 'context', 'policies', 'authorization', 'session', 'note']);

function isObj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function isStepTrace(trace) {
  return Array.isArray(trace) && trace.length > 0 && trace.every((e) => isObj(e) && typeof e.phase === 'string') && trace.some((e) => STEP_ENTRY_PHASES.has(e.phase));
}

function val(v) {
  if (Array.isArray(v)) return v.map(val).join(', ');
  if (isObj(v)) return JSON.stringify(v);
  return String(v);
}

function kv(rows) {
  return h('table', { class: 'ctx-table' }, h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, v)))));
}

const POLICY_TYPES = { identity: 'Identity-based', permissionsBoundary: 'Permissions boundary', session: 'Session policies', scp: 'SCPs', rcp: 'RCPs', resource: 'Resource-based' };

function entry(e, ctx, renderGeneric) {
  switch (e.phase) {
    case 'identity':
      return h('li', { class: 'sentry' }, h('span', { class: 'tkey' }, 'Caller: '), h('code', null, e.arn), e.credentials ? h('span', { class: 'muted' }, ` — ${e.credentials}`) : null);
    case 'assumption':
      // listed once for the whole step, above its trace (results-view.js renderAssumptions)
      return null;
    case 'note':
      return h('li', { class: 'sentry muted' }, e.text);
    case 'parameters': {
      const checks = Array.isArray(e.checks) ? e.checks : [];
      return h(
        'li',
        { class: 'sentry' },
        h(
          'details',
          { open: checks.some((c) => !c.ok) },
          h('summary', null, h('span', { class: 'ttitle' }, 'STS parameter checks'), ' ', checks.every((c) => c.ok) ? h('span', { class: 'pill pill-yes' }, `✓ ${checks.length} passed`) : h('span', { class: 'pill pill-deny' }, `✗ ${checks.filter((c) => !c.ok).length} failed`)),
          h('ul', { class: 'cond-list' }, checks.map((c) => h('li', { class: c.ok ? '' : 'diag-error' }, c.ok ? '✓ ' : '✗ ', h('code', null, c.parameter), c.value !== undefined && c.value !== '' ? [' = ', h('code', null, val(c.value))] : null, h('span', { class: 'muted' }, ` — ${c.rule}`)))),
        ),
      );
    }
    case 'resource':
      return h(
        'li',
        { class: 'sentry' },
        h('span', { class: 'tkey' }, 'Resource: '),
        h('code', null, e.arn),
        e.account ? [' owned by ', h('code', null, e.account)] : null,
        e.ownership ? h('span', { class: 'muted' }, ` (${e.ownership})`) : null,
        e.policy ? [' · resource-based policy: ', h('code', null, e.policy)] : null,
      );
    case 'context': {
      const keys = isObj(e.keys) ? Object.entries(e.keys) : [];
      return h('li', { class: 'sentry' }, h('details', null, h('summary', null, h('span', { class: 'ttitle' }, `Request context of ${e.action || 'the request'}`), h('span', { class: 'muted' }, ` (${keys.length} keys)`)), kv(keys.map(([k, v]) => [h('code', null, k), h('code', null, val(v))]))));
    }
    case 'policies': {
      const applied = isObj(e.applied) ? Object.entries(e.applied) : [];
      return h(
        'li',
        { class: 'sentry' },
        h(
          'details',
          null,
          h('summary', null, h('span', { class: 'ttitle' }, `Policies in force for ${e.action || 'the request'}`), h('span', { class: 'muted' }, ` (${applied.reduce((n, [, v]) => n + (Array.isArray(v) ? v.length : 0), 0)})`)),
          kv(applied.map(([k, v]) => [POLICY_TYPES[k] || k, Array.isArray(v) ? v.join(', ') || '(none)' : val(v)])),
          e.managedDataset ? h('div', { class: 'muted small' }, `AWS managed policies from ${e.managedDataset}`) : null,
        ),
      );
    }
    case 'session':
      return h(
        'li',
        { class: 'sentry', dataset: { testid: 'trace-session' } },
        h(
          'details',
          null,
          h('summary', null, h('span', { class: 'ttitle' }, 'Role session: '), h('code', null, e.arn)),
          kv(
            [
              ['aws:PrincipalArn', e.principalArn],
              ['aws:userid', e.userid],
              ['aws:TokenIssueTime', e.tokenIssueTime],
              ['Expiration', e.expiration || 'does not expire in the simulation'],
              ['aws:MultiFactorAuthPresent', String(e.mfaPresent)],
              ['Principal tags', isObj(e.tags) && Object.keys(e.tags).length ? Object.entries(e.tags).map(([k, v]) => `${k}=${v}`).join(', ') : '(none)'],
              ['Transitive tag keys', Array.isArray(e.transitiveTagKeys) && e.transitiveTagKeys.length ? e.transitiveTagKeys.join(', ') : '(none)'],
              ['aws:SourceIdentity', e.sourceIdentity || '(none)'],
              ['Session policies', Array.isArray(e.sessionPolicies) && e.sessionPolicies.length ? e.sessionPolicies.join(', ') : '(none)'],
              ['Role chaining', e.chained ? 'yes (one-hour limit)' : 'no'],
            ].map(([k, v]) => [k, h('code', null, v === undefined ? '' : String(v))]),
          ),
        ),
      );
    case 'authorization': {
      // the runner reports the evaluator's cannotEvaluate as the step decision `error`: say which
      const shown = isObj(e.evaluation) && e.evaluation.decision === 'cannotEvaluate' ? 'cannotEvaluate' : e.decision;
      return h(
        'li',
        { class: 'sentry authorization', dataset: { testid: 'trace-authorization', decision: e.decision || '', evaluated: shown || '' } },
        h(
          'details',
          { open: true },
          h(
            'summary',
            null,
            h('span', { class: 'ttitle' }, `${e.action || 'request'}`),
            e.resource ? [' on ', h('code', null, e.resource)] : null,
            ' ',
            h('span', { class: `badge badge-${shown === 'cannotEvaluate' ? 'cannot-evaluate' : decisionClass(shown)}`, dataset: { testid: 'trace-authorization-decision' } }, decisionLabel(shown)),
          ),
          e.reason ? h('p', { class: 'reason' }, e.reason) : null,
          isIamTrace(e.evaluation) ? renderIamTrace(e.evaluation, { ...ctx, compact: true }) : e.evaluation !== undefined ? renderGeneric(e.evaluation) : null,
          !isIamTrace(e.evaluation) && Array.isArray(e.assumptions) && e.assumptions.length
            ? h('ul', { class: 'assumptions', 'aria-label': 'Assumptions' }, e.assumptions.map((a) => h('li', { dataset: { testid: 'trace-assumption' } }, h('span', { class: 'pill' }, 'assumption'), ' ', typeof a === 'string' ? a : `${a.id ?? a.name}: ${a.text ?? ''}`)))
            : null,
        ),
      );
    }
    default:
      return h('li', { class: 'sentry' }, renderGeneric(e));
  }
}

/** Render the scenario runner's trace entries. */
export function renderStepTrace(trace, ctx, renderGeneric) {
  return h('ul', { class: 'step-trace', dataset: { testid: 'trace' } }, trace.map((e) => entry(e, ctx, renderGeneric)));
}
