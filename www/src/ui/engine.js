// The engine: a thin wrapper over `window.iamPlayground` (the wasm glue, docs/web-api.md).
// Results are normalised so the UI never breaks on a missing field or a thrown error.

import { managedUrl } from '../engine.js';

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
 * document (steps, expectations, diagnostics, invalid) or null when the engine failed. While
 * the engine is still loading, `{report: null, failure: null, loading: true}` (not an error).
 */
export function simulate(text) {
  const a = api();
  if (!a) return { report: null, ms: 0, failure: null, loading: true };
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

/** A JSON API request (its text) answered on the page's thread: {answer, ms}, never throws. */
export function callApi(requestText) {
  const a = api();
  const t0 = performance.now();
  if (!a || typeof a.api !== 'function') return { answer: { type: 'failure', errors: [{ code: 'internal-error', message: 'the evaluation engine is still loading' }] }, ms: 0 };
  try {
    return { answer: asObject(a.api(requestText)), ms: performance.now() - t0 };
  } catch (e) {
    return { answer: { type: 'failure', errors: [{ code: 'internal-error', message: `the engine failed: ${e && e.message ? e.message : e}` }] }, ms: performance.now() - t0 };
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

/**
 * The engine in a Web Worker (www/src/worker.js), loading the same wasm as the page. Returns
 * null when workers or module workers are unavailable. `simulate(text)` resolves with
 * {report, ms, failure, id}: step traces are left in the worker (`trace: null`) and fetched
 * with `trace(id, index)`.
 */
export function createWorkerEngine() {
  if (typeof Worker === 'undefined') return null;
  const glue = document.querySelector('link[rel="modulepreload"][href*="iam-playground-web"]');
  const wasm = document.querySelector('link[rel="preload"][href$=".wasm"]');
  if (!glue || !wasm) return null;
  let worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'iam-playground-engine' });
  } catch {
    return null;
  }
  let nextId = 1;
  let nextReq = 1;
  const waiting = new Map();
  const traceWaiting = new Map();
  const apiWaiting = new Map();
  const catalogueWaiting = [];
  let readyResolve;
  let readyReject;
  const ready = new Promise((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  ready.catch(() => {});
  worker.onmessage = (e) => {
    const m = e.data || {};
    if (m.type === 'ready') readyResolve(m.version);
    else if (m.type === 'init-failed') readyReject(new Error(m.message));
    else if (m.type === 'result') {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (!w) return;
      const a = m.answer;
      if (a && a.type === 'failure') {
        const errs = Array.isArray(a.errors) ? a.errors : [];
        w({ report: null, ms: m.ms, failure: `the engine could not run the scenario: ${errs.map((x) => x.message).join('; ') || 'no reason given'}`, id: m.id });
      } else w({ report: normaliseReport(a && a.report ? a.report : a), ms: m.ms, failure: null, id: m.id });
    } else if (m.type === 'progress') {
      const w = apiWaiting.get(m.id);
      if (w && w.onProgress) w.onProgress({ stage: m.stage, bytes: m.bytes });
    } else if (m.type === 'apiResult') {
      const w = apiWaiting.get(m.id);
      apiWaiting.delete(m.id);
      if (w) w.resolve({ answer: m.answer, ms: m.ms });
    } else if (m.type === 'catalogue') {
      const w = catalogueWaiting.shift();
      if (w) w(m.answer);
    } else if (m.type === 'trace') {
      const w = traceWaiting.get(m.req);
      traceWaiting.delete(m.req);
      if (w) w(m.stale ? undefined : m.trace);
    }
  };
  worker.onerror = () => readyReject(new Error('the engine worker failed to start'));
  worker.postMessage({ type: 'init', glue: new URL(glue.getAttribute('href'), document.baseURI).href, wasm: new URL(wasm.getAttribute('href'), document.baseURI).href, managed: managedUrl() });
  return {
    ready,
    simulate(text) {
      const id = nextId++;
      return new Promise((res) => {
        waiting.set(id, res);
        worker.postMessage({ type: 'simulate', id, text });
      });
    },
    /** A step's trace of evaluation `id`; undefined when a newer evaluation replaced it. */
    trace(id, index) {
      const req = nextReq++;
      return new Promise((res) => {
        traceWaiting.set(req, res);
        worker.postMessage({ type: 'trace', id, index, req });
      });
    },
    /**
     * A JSON API request (its text) answered in the worker: resolves with {answer, ms};
     * `onProgress({stage})` hears 'engine' when the worker starts on it. A `scenario` text
     * sent beside the request becomes its `scenario` field, or, when it is the text the
     * worker's world already holds, the request asks that world (no second load).
     */
    api(requestText, onProgress, scenario) {
      const id = nextId++;
      return new Promise((resolve) => {
        apiWaiting.set(id, { resolve, onProgress });
        worker.postMessage({ type: 'api', id, request: requestText, scenario });
      });
    },
    /**
     * Downloads the AWS action catalogue at `url` in the worker and installs it in the
     * worker's engine: resolves with the `installCatalogue` answer (or a failure).
     */
    installCatalogue(url) {
      return new Promise((resolve) => {
        catalogueWaiting.push(resolve);
        worker.postMessage({ type: 'catalogue', url });
      });
    },
    terminate: () => worker.terminate(),
  };
}

/** Installs the AWS action catalogue's text in the page's own engine: the answer object. */
export function installCatalogueOnPage(text) {
  const b = window.wasmBindings;
  if (!b || typeof b.catalogueInstall !== 'function') return { type: 'failure', errors: [{ code: 'internal-error', message: 'the engine cannot install the AWS action catalogue' }] };
  try {
    return JSON.parse(b.catalogueInstall(text));
  } catch (e) {
    return { type: 'failure', errors: [{ code: 'internal-error', message: `the engine failed: ${e && e.message ? e.message : e}` }] };
  }
}
