// The last results that ran, kept while the scenario is mid-edit. When an evaluation runs no
// step (the text is not JSON, or an error outside the policy documents stops the run), the
// results panel shows the last results that ran instead of blanking, dimmed, with a note
// naming the first error; a step that is not evaluated because a document it depends on is
// mid-edit shows its last decision beside the reason. A run that evaluates steps replaces them.

/** Did this report run its steps (a valid scenario, or one whose errors are all inside policy documents)? */
export function ran(report) {
  return !!report && (!report.invalid || (Array.isArray(report.steps) && report.steps.length > 0));
}

/** The first error of a report (file order), or its first diagnostic, or null. */
export function firstError(report) {
  const list = report && Array.isArray(report.diagnostics) ? report.diagnostics : [];
  return list.find((d) => d && d.severity === 'error') || list[0] || null;
}

/** The note shown above kept results: "Showing the last valid results — fix the error at line L col C: …". */
export function staleText(d) {
  const at = d && d.start ? ` at line ${d.start.line} col ${d.start.columnUtf16 ?? d.start.column}` : '';
  const message = d && d.message ? `: ${d.message}` : '';
  return `Showing the last valid results — fix the error${at}${message}`;
}

/** What identifies a step across edits: a decision kept for it is shown only on the same request. */
function stepKey(r) {
  return r ? `${r.kind || ''}|${r.action || ''}|${r.resource || ''}` : '';
}

/**
 * A keeper of the last results that ran. `view(report, scenario)` answers what to draw:
 * {report, scenario, stale, lastDecision}. `stale` is null, or {text, diagnostic} when the
 * report shown is the kept one; `lastDecision(i, r)` is the last decision step `i` had when it
 * was evaluated, for a step `r` that is not evaluated now (null when unknown or another
 * request). `reset()` forgets everything (another scenario was loaded).
 */
export function createLastGood() {
  let kept = null;
  let decisions = new Map();
  const lastDecision = (i, r) => {
    const d = decisions.get(i);
    return d && r && typeof r.notEvaluated === 'string' && d.key === stepKey(r) ? d.decision : null;
  };
  return {
    view(report, scenario) {
      if (!report) return { report, scenario, stale: null, lastDecision };
      if (ran(report)) {
        if (!kept || kept.report !== report) {
          kept = { report, scenario };
          report.steps.forEach((r, n) => {
            const i = Number.isInteger(r.index) ? r.index : n;
            if (typeof r.decision === 'string') decisions.set(i, { decision: r.decision, key: stepKey(r) });
          });
        }
        return { report, scenario, stale: null, lastDecision };
      }
      if (!kept) return { report, scenario, stale: null, lastDecision };
      const diagnostic = firstError(report);
      // the kept steps, with the diagnostics of the text as it is now
      const shown = { ...kept.report, diagnostics: report.diagnostics };
      return { report: shown, scenario: kept.scenario, stale: { text: staleText(diagnostic), diagnostic }, lastDecision };
    },
    reset() {
      kept = null;
      decisions = new Map();
    },
  };
}
