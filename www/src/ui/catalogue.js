// The AWS action catalogue in the page: when it loads (after the first decision is on screen,
// or at the first completion or hover, whichever comes first), where it is installed (the
// engine's worker, which downloads it itself; the page's own engine when there is no worker),
// the status line naming the dataset the help comes from, and the help the editors ask for
// (the engine's `complete` and `describe` operations).
import { h } from './dom.js';
import { fetchCatalogue } from '../catalogue-fetch.js';
import { installCatalogueOnPage } from './engine.js';

/* global IAMP_CATALOGUE_ASSET */

/** The catalogue asset's address (www/build.mjs names it), or null in a build without one. */
export function catalogueUrl() {
  const name = typeof IAMP_CATALOGUE_ASSET === 'string' ? IAMP_CATALOGUE_ASSET : null;
  return name ? new URL(`site/${name}`, document.baseURI).href : null;
}

const COMPLETE_LIMIT = 60;

function errorsText(answer) {
  const errs = answer && Array.isArray(answer.errors) ? answer.errors : [];
  return errs.map((e) => e.message).join('; ') || 'no reason given';
}

/**
 * `worker()` is the engine's worker (ui/engine.js createWorkerEngine) or null; `api(request)`
 * sends a JSON API request to whichever engine serves the page ({answer}); `onInstalled()`
 * runs once the catalogue is in (the page evaluates again, so its findings appear).
 */
export function createCatalogue({ worker, api, onInstalled }) {
  const status = h('span', { class: 'catalogue-status', dataset: { testid: 'catalogue-status', state: 'idle' }, 'aria-live': 'polite' });
  let loading = null;
  let dataset = null;

  function show(state, text, title) {
    status.dataset.state = state;
    status.textContent = text;
    status.title = title || '';
  }

  async function install(url) {
    const w = worker();
    let answer = w ? await w.installCatalogue(url) : null;
    // no worker, or one whose engine could not start: the page's own engine
    if (!answer || (answer.type === 'failure' && answer.errors?.[0]?.code === 'internal-error')) {
      try {
        answer = installCatalogueOnPage(await fetchCatalogue(url));
      } catch (e) {
        answer = { type: 'failure', errors: [{ code: 'catalogue-unavailable', message: String(e && e.message ? e.message : e) }] };
      }
    }
    return answer;
  }

  async function load() {
    const url = catalogueUrl();
    if (!url) {
      show('error', 'AWS catalogue: not in this build', 'This build of the playground ships no AWS action catalogue: no completion, hover help or checks of action names.');
      return false;
    }
    show('loading', 'AWS catalogue: loading…', 'Downloading the catalogue of AWS actions, resource types and condition keys');
    const answer = await install(url);
    if (!answer || answer.type !== 'success') {
      show('error', 'AWS catalogue: unavailable', `The catalogue of AWS actions could not be loaded: ${errorsText(answer)}. Policies are still evaluated; action names and condition keys are not checked.`);
      return false;
    }
    dataset = answer.dataset;
    show(
      'ready',
      `AWS catalogue: ${answer.dataset}`,
      `Completion, hover help and checks of action names, resource types and condition keys come from AWS's Service Authorization Reference as published in ${answer.dataset}` +
        `${answer.updated ? ` (data of ${answer.updated})` : ''}: ${answer.services} services, ${answer.actions} actions.`,
    );
    status.dataset.dataset = answer.dataset;
    if (onInstalled) onInstalled(answer);
    return true;
  }

  /** Starts loading (once); resolves with whether the catalogue is installed. */
  function ensure() {
    if (!loading) loading = load();
    return loading;
  }

  async function ask(request) {
    if (!(await ensure())) return null;
    const { answer } = await api(request);
    return answer && answer.type === 'success' ? answer : null;
  }

  return {
    status,
    ensure,
    /** The editors' help (ui/cm-help.js). */
    help: {
      complete: (text, context) => ask({ op: 'complete', text, context, limit: COMPLETE_LIMIT }),
      describe: (request) => ask({ op: 'describe', ...request }),
      dataset: () => dataset,
    },
  };
}
