// The engine in a Web Worker: evaluations run off the page's thread so typing stays smooth
// however large a scenario's trace is. The page sends the URLs of Trunk's wasm glue and
// binary; each answer goes back without its step traces (they can be megabytes), and a
// step's trace is sent when the page asks for it (a step opened in the results).
// Queries of the JSON API (import, whoCan, reach, diff) run here too: the page sends the
// request's text, the worker reports its stages (`progress`) and posts the answer.
// The AWS action catalogue: on `{type: 'catalogue', url}` the worker downloads the asset,
// installs it in its engine and answers `{type: 'catalogue', answer}` (the `installCatalogue`
// answer); completion and hover ask it through `api` (`complete`, `describe`).
import { fetchCatalogue } from './catalogue-fetch.js';

let bindings = null;
let initDone = null; // settles when `init` has finished (well or not)
let catalogue = null; // the installation, started once
// The scenario lives in a compiled world in the engine: each run sends the new text
// (unchanged policy documents are not parsed again), the answer comes back without traces,
// and a step's trace is built only when the page asks for it.
let world = 0;
let lastRun = null; // the id of the run whose world state the traces describe
let worldText = null; // the scenario text the world holds

function failure(message) {
  return { type: 'failure', errors: [{ code: 'internal-error', message }] };
}

self.onmessage = async (event) => {
  const m = event.data || {};
  if (m.type === 'init') {
    let settle;
    initDone = new Promise((r) => (settle = r));
    try {
      // the AWS managed policy documents come beside the engine (it does not compile them in)
      const managed = m.managed ? fetch(m.managed).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`)))) : null;
      const mod = await import(m.glue);
      await mod.default({ module_or_path: m.wasm });
      if (managed && typeof mod.managedInstall === 'function') mod.managedInstall(await managed);
      bindings = mod;
      self.postMessage({ type: 'ready', version: typeof mod.engineVersion === 'function' ? mod.engineVersion() : null });
    } catch (e) {
      self.postMessage({ type: 'init-failed', message: String(e && e.message ? e.message : e) });
    }
    settle();
    return;
  }
  if (m.type === 'catalogue') {
    if (!catalogue) catalogue = installCatalogue(m.url);
    self.postMessage({ type: 'catalogue', answer: await catalogue });
    return;
  }
  if (m.type === 'simulate') {
    const t0 = performance.now();
    let answer;
    try {
      if (!bindings) answer = failure('the engine worker is not ready');
      else if (typeof bindings.worldOpen !== 'function') answer = bindings.simulate(m.text);
      else {
        if (!world) world = bindings.worldOpen('scenario.json', m.text);
        answer = world ? JSON.parse(bindings.worldUpdate(world, m.text)) : bindings.simulate(m.text);
        worldText = world ? m.text : null;
      }
    } catch (e) {
      answer = failure(`the engine stopped: ${e && e.message ? e.message : e}`);
    }
    const ms = performance.now() - t0;
    lastRun = m.id;
    if (answer && answer.type === 'success' && answer.report && Array.isArray(answer.report.steps)) {
      // steps come without traces: `null` tells the page to ask for one when it is opened
      for (const s of answer.report.steps) if (s && Array.isArray(s.trace) && !s.trace.length) s.trace = null;
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
      let request = m.request;
      if (typeof m.scenario === 'string') {
        // a question about the scenario the world holds asks the world: no second load
        const fields = JSON.parse(m.request);
        request = JSON.stringify(world && m.scenario === worldText ? { ...fields, world } : { ...fields, scenario: m.scenario });
      }
      answer = bindings ? JSON.parse(bindings.api(request)) : failure('the engine worker is not ready');
    } catch (e) {
      answer = failure(`the engine stopped: ${e && e.message ? e.message : e}`);
    }
    self.postMessage({ type: 'apiResult', id: m.id, ms: performance.now() - t0, answer });
    return;
  }
  if (m.type === 'trace') {
    const stale = lastRun !== m.id || !world;
    let trace = null;
    if (!stale) {
      try {
        const a = JSON.parse(bindings.worldTrace(world, m.index));
        trace = a && a.type === 'success' && a.step ? a.step.trace : null;
      } catch {
        trace = null;
      }
    }
    self.postMessage({ type: 'trace', req: m.req, trace, stale });
  }
};

/** Downloads the catalogue (while the engine may still be starting) and installs it. */
async function installCatalogue(url) {
  try {
    const text = await fetchCatalogue(url);
    if (initDone) await initDone;
    if (!bindings || typeof bindings.catalogueInstall !== 'function') return { type: 'failure', errors: [{ code: 'internal-error', message: 'the engine cannot install the AWS action catalogue' }] };
    return JSON.parse(bindings.catalogueInstall(text));
  } catch (e) {
    return { type: 'failure', errors: [{ code: 'catalogue-unavailable', message: String(e && e.message ? e.message : e) }] };
  }
}
