// Page entry: starts the engine (engine.js publishes `window.iamPlayground`) and mounts the
// playground UI (ui/app.js) in place of the page's static placeholder.
import './ui/styles.css';
import { engineReady } from './engine.js';
import { startPlayground } from './ui/app.js';
import builtin from './builtin-scenario.json';

engineReady().catch(() => {
  /* the UI reports a missing engine itself */
});

const app = document.getElementById('app') || document.body.appendChild(document.createElement('div'));
document.querySelector('body > header')?.remove();
startPlayground(app, { defaultScenario: `${JSON.stringify(builtin, null, 2)}\n` });
