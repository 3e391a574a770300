// The engine in a Web Worker: evaluations run off the page's thread so typing stays smooth
// however large a scenario's trace is. The page sends the URLs of Trunk's wasm glue and
// binary; each answer goes back without its step traces (they can be megabytes), and a
// step's trace is sent when the page asks for it (a step opened in the results).
// Queries of the JSON API (import, whoCan, reach, diff) run here too: the page sends the
// request's text, the worker reports its stages (`progress`) and posts the answer.

let bindings = null;
let last = null; // { id, steps: [trace per step] }

function failure(message) {
  return { type: 'failure', errors: [{ code: 'internal-error', message }] };
}

self.onmessage = async (event) => {
  const m = event.data || {};
  if (m.type === 'init') {
    try {
      const mod = await import(m.glue);
      await mod.default({ module_or_path: m.wasm });
      bindings = mod;
      self.postMessage({ type: 'ready', version: typeof mod.engineVersion === 'function' ? mod.engineVersion() : null });
    } catch (e) {
      self.postMessage({ type: 'init-failed', message: String(e && e.message ? e.message : e) });
    }
    return;
  }
  if (m.type === 'simulate') {
    const t0 = performance.now();
    let answer;
    try {
      answer = bindings ? bindings.simulate(m.text) : failure('the engine worker is not ready');
    } catch (e) {
      answer = failure(`the engine stopped: ${e && e.message ? e.message : e}`);
    }
    const ms = performance.now() - t0;
    if (answer && answer.type === 'success' && answer.report && Array.isArray(answer.report.steps)) {
      const traces = answer.report.steps.map((s) => (s && s.trace) || null);
      last = { id: m.id, traces };
      for (const s of answer.report.steps) if (s && Array.isArray(s.trace) && s.trace.length) s.trace = null;
    }
    self.postMessage({ type: 'result', id: m.id, ms, answer });
    return;
  }
  if (m.type === 'api') {
    // stage 1 (the page): sending the world; stage 2 (here): the engine works on it
    self.postMessage({ type: 'progress', id: m.id, stage: 'engine', bytes: typeof m.request === 'string' ? m.request.length : 0 });
    const t0 = performance.now();
    let answer;
    try {
      answer = bindings ? JSON.parse(bindings.api(m.request)) : failure('the engine worker is not ready');
    } catch (e) {
      answer = failure(`the engine stopped: ${e && e.message ? e.message : e}`);
    }
    self.postMessage({ type: 'apiResult', id: m.id, ms: performance.now() - t0, answer });
    return;
  }
  if (m.type === 'trace') {
    const trace = last && last.id === m.id ? last.traces[m.index] ?? null : null;
    self.postMessage({ type: 'trace', req: m.req, trace, stale: !(last && last.id === m.id) });
  }
};
