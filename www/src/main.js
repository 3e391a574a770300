// Page entry: starts the engine (engine.js) and shows the built-in scenario's decisions.
// The full playground UI replaces demo.js; engine.js and its `window.iamPlayground` stay.
import './main.css';
import { engineReady } from './engine.js';
import { renderDemo, renderEngineError } from './demo.js';

const app = document.getElementById('app');

const slow = setTimeout(() => {
  if (!window.iamPlayground) {
    renderEngineError(app, 'The engine is taking long to load. Is WebAssembly enabled in this browser?');
  }
}, 15000);

engineReady()
  .then((engine) => {
    clearTimeout(slow);
    renderDemo(app, engine);
  })
  .catch((e) => {
    clearTimeout(slow);
    renderEngineError(app, `The engine failed to start: ${e && e.message ? e.message : e}`);
  });
