// The engine as JavaScript sees it: wraps the wasm exports that Trunk puts on
// `window.wasmBindings` into `window.iamPlayground` (documented in docs/web-api.md).
// Every function returns a tagged answer object ({type: "success", ...} or
// {type: "failure", errors: [...]}) and never throws, even if the wasm traps.

const READY_EVENT = 'iam-playground-ready';

function failure(code, message) {
  return { type: 'failure', errors: [{ code, message }] };
}

function guarded(fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      return failure('internal-error', `the engine stopped: ${e && e.message ? e.message : String(e)}`);
    }
  };
}

function asText(doc) {
  return typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
}

function wrap(b) {
  return Object.freeze({
    /** Engine version (string), stamped on reports and share links. */
    version: b.engineVersion(),
    /** Runs a scenario (object or JSON text). Options: {file}. */
    simulate: guarded((scenario, options = {}) => {
      if (typeof scenario !== 'string' && (typeof scenario !== 'object' || scenario === null)) {
        return failure('wrong-type', 'the scenario must be a JSON object or its text');
      }
      const text = asText(scenario);
      return options.file ? b.simulateFile(String(options.file), text) : b.simulate(text);
    }),
    /** Validates one policy document (object or JSON text) used as `kind`. */
    validatePolicy: guarded((policy, kind = 'identity') => {
      if (typeof policy !== 'string' && (typeof policy !== 'object' || policy === null)) {
        return failure('wrong-type', 'the policy must be a JSON object or its text');
      }
      return b.validatePolicy(asText(policy), String(kind));
    }),
    /** The JSON API: a request (object or JSON text) in, the answer object out. */
    api: guarded((request) => {
      const text = typeof request === 'string' ? request : JSON.stringify(request);
      if (text === undefined) return failure('invalid-request', 'the request must be a JSON object');
      return JSON.parse(b.api(text));
    }),
  });
}

/* global IAMP_MANAGED_ASSET */

/** The AWS managed policy documents' asset (www/build.mjs names it), or null in a build without one. */
export function managedUrl() {
  const name = typeof IAMP_MANAGED_ASSET === 'string' ? IAMP_MANAGED_ASSET : null;
  return name ? new URL(`site/${name}`, document.baseURI).href : null;
}

let managedText = null;

/** The managed policy documents' text, fetched once (started as soon as this module runs). */
function fetchManaged() {
  const url = managedUrl();
  if (!managedText) {
    managedText = url
      ? fetch(url).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status} for ${url}`))))
      : Promise.resolve(null);
    managedText.catch(() => {});
  }
  return managedText;
}

/**
 * The AWS managed policy documents (policy name to document text) for reading, e.g. in an
 * embed's Policies view; null when the build has none or the download failed.
 */
export async function managedDocuments() {
  try {
    const text = await fetchManaged();
    const docs = text === null ? null : JSON.parse(text);
    return docs && typeof docs === 'object' ? docs : null;
  } catch {
    return null;
  }
}

/**
 * Installs the AWS managed policy documents in the page's engine (the wasm does not compile
 * them in). A download that fails leaves the engine without them: a scenario naming one then
 * gets an error saying so, every other scenario runs.
 */
async function installManaged(b) {
  if (typeof b.managedInstall !== 'function') return;
  try {
    const text = await fetchManaged();
    if (text !== null) b.managedInstall(text);
  } catch {
    /* reported by the scenario that needs a document */
  }
}

let readyPromise;

/** Resolves with `window.iamPlayground` once the wasm engine is initialised. */
export function engineReady() {
  if (readyPromise) return readyPromise;
  fetchManaged();
  readyPromise = new Promise((resolve, reject) => {
    const publish = async () => {
      try {
        await installManaged(window.wasmBindings);
        if (!window.iamPlayground) {
          window.iamPlayground = wrap(window.wasmBindings);
          window.dispatchEvent(new CustomEvent(READY_EVENT, { detail: window.iamPlayground }));
        }
        resolve(window.iamPlayground);
      } catch (e) {
        reject(e);
      }
    };
    if (window.wasmBindings) publish();
    else window.addEventListener('TrunkApplicationStarted', publish, { once: true });
  });
  return readyPromise;
}
