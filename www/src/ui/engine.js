// The engine: a thin wrapper over `window.iamPlayground` (the wasm glue, docs/web-api.md).
// Results are normalised so the UI never breaks on a missing field or a thrown error.

const READY_EVENT = 'iam-playground-ready';

function api() {
  const a = window.iamPlayground;
  return a && typeof a.simulate === 'function' ? a : null;
}

/** Resolves with the engine API once the wasm module is ready (or rejects after `timeoutMs`). */
export function whenEngineReady(timeoutMs = 30000) {
  const ready = api();
  if (ready) return Promise.resolve(ready);
  return new Promise((resolve, reject) => {
    const done = () => {
      const a = api();
      if (a) {
        cleanup();
        resolve(a);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('the evaluation engine (WebAssembly) did not load'));
    }, timeoutMs);
    const poll = setInterval(done, 50);
    function cleanup() {
      clearTimeout(timer);
      clearInterval(poll);
      window.removeEventListener(READY_EVENT, done);
      document.removeEventListener(READY_EVENT, done);
    }
    window.addEventListener(READY_EVENT, done);
    document.addEventListener(READY_EVENT, done);
  });
}

/** The engine's version string, or null before it is ready. */
export function engineVersion() {
  const a = api();
  if (!a) return null;
  try {
    const v = typeof a.version === 'function' ? a.version() : a.version;
    return v == null ? null : String(v);
  } catch {
    return null;
  }
}

function asObject(value) {
  if (typeof value === 'string') return JSON.parse(value);
  return value;
}

/**
 * Simulate a scenario text. Always returns `{report, ms, failure}`: `report` is the engine's
 * document (steps, expectations, diagnostics, invalid) or null when the engine failed.
 */
export function simulate(text) {
  const a = api();
  if (!a) return { report: null, ms: 0, failure: 'the evaluation engine is still loading' };
  const t0 = performance.now();
  try {
    const answer = asObject(a.simulate(text));
    const ms = performance.now() - t0;
    // docs/web-api.md: a tagged answer {type: "success", report} | {type: "failure", errors}
    if (answer && answer.type === 'failure') {
      const errs = Array.isArray(answer.errors) ? answer.errors : [];
      return { report: null, ms, failure: `the engine could not run the scenario: ${errs.map((e) => `${e.message}${e.help ? ` (${e.help})` : ''}`).join('; ') || 'no reason given'}` };
    }
    const report = normaliseReport(answer && answer.type === 'success' && answer.report ? answer.report : answer);
    return { report, ms, failure: null };
  } catch (e) {
    return { report: null, ms: performance.now() - t0, failure: `the engine failed: ${e && e.message ? e.message : e}` };
  }
}

/** Validate one policy text of a kind (`identity`, `trust`, `resource`, `scp`, `rcp`, `session`, `boundary`). */
export function validatePolicy(text, kind) {
  const a = api();
  if (!a || typeof a.validatePolicy !== 'function') return null;
  try {
    return asObject(a.validatePolicy(text, kind));
  } catch {
    return null;
  }
}

export function normaliseReport(r) {
  const report = r && typeof r === 'object' ? r : {};
  const steps = Array.isArray(report.steps) ? report.steps.filter((s) => s && typeof s === 'object') : [];
  const diagnostics = Array.isArray(report.diagnostics) ? report.diagnostics.filter((d) => d && typeof d === 'object') : [];
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return {
    ...report,
    steps,
    diagnostics,
    invalid: typeof report.invalid === 'boolean' ? report.invalid : hasErrors,
    expectations: report.expectations && typeof report.expectations === 'object' ? report.expectations : null,
  };
}
