// A stage-based progress line for work done in the engine worker: "Loading the world (…)" →
// "Querying…" → "Rendering 12 answers" → done ("12 answers in 85 ms"). The page stays
// responsive: the engine runs in the worker and this only updates text.
import { h } from './dom.js';

export function createProgress(testid) {
  const bar = h('progress', { class: 'progress-bar', max: '3' });
  const label = h('span', { class: 'progress-label' });
  const el = h('div', { class: 'progress', role: 'status', 'aria-live': 'polite', hidden: true, dataset: { testid, stage: 'idle' } }, bar, label);
  const steps = { world: 1, engine: 2, rendering: 3 };
  let started = 0;
  return {
    el,
    /** stage: 'world' | 'engine' | 'rendering' | 'done' | 'failed'; text: what is happening. */
    set(stage, text) {
      if (stage === 'world') started = performance.now();
      el.hidden = false;
      el.dataset.stage = stage;
      el.classList.toggle('progress-done', stage === 'done' || stage === 'failed');
      if (steps[stage]) bar.value = steps[stage] - 0.5;
      else bar.value = 3;
      bar.hidden = stage === 'done' || stage === 'failed';
      label.textContent = stage === 'done' || stage === 'failed' ? text : `${text} (${Math.round(performance.now() - started)} ms)`;
    },
    hide() {
      el.hidden = true;
      el.dataset.stage = 'idle';
    },
  };
}

/** "1.2 MB", "340 KB": the size of a request sent to the engine. */
export function sizeText(chars) {
  if (chars >= 1_000_000) return `${(chars / 1_000_000).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(chars / 1000))} KB`;
}

/** Wait for the browser to paint (so a stage shows before synchronous work starts). */
export function nextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
