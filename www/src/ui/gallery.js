// The preset gallery: every walk-through and lesson (and the built-in example) as a card with
// its one-line summary, in a dialog opened from the top bar; choosing a card opens it.
import { h, clear } from './dom.js';

const GROUPS = [
  ['builtin', 'Start here'],
  ['lesson', 'Lessons: one IAM rule each'],
  ['walkthrough', 'Walk-throughs: real cross-account set-ups'],
];

/**
 * `list()` resolves with the preset index ([{id, kind, title, summary, steps}]); `builtin` is
 * the built-in example's {title, summary}; `onOpen(id)` opens a preset (`null`: the built-in).
 */
export function createGallery({ list, builtin, onOpen }) {
  const body = h('div', { class: 'gallery-body' });
  const close = h('button', { type: 'button', class: 'small-btn gallery-close', dataset: { testid: 'gallery-close' }, 'aria-label': 'Close the gallery' }, 'Close');
  const dialog = h('dialog', { class: 'gallery', dataset: { testid: 'gallery' }, 'aria-labelledby': 'gallery-title' }, h('div', { class: 'gallery-head' }, h('h2', { id: 'gallery-title' }, 'Presets'), close), body);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close(); // a click on the backdrop
  });

  function card(id, p) {
    return h(
      'li',
      null,
      h(
        'button',
        {
          type: 'button',
          class: 'gallery-card',
          dataset: { testid: 'gallery-card', presetId: id || 'builtin' },
          onclick: () => {
            dialog.close();
            onOpen(id);
          },
        },
        h('strong', { class: 'gallery-title' }, p.title || id),
        p.summary ? h('span', { class: 'gallery-summary' }, p.summary) : null,
        Number.isInteger(p.steps) && p.steps ? h('span', { class: 'muted small' }, `${p.steps} steps`) : null,
      ),
    );
  }

  async function open() {
    clear(body);
    body.append(h('p', { class: 'muted' }, 'Loading…'));
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    const presets = await list().catch(() => []);
    clear(body);
    for (const [kind, label] of GROUPS) {
      const items = kind === 'builtin' ? [[null, builtin]] : presets.filter((p) => (p.kind || 'walkthrough') === kind).map((p) => [p.id, p]);
      if (!items.length) continue;
      body.append(h('section', { class: 'gallery-group' }, h('h3', null, label), h('ul', { class: 'gallery-list' }, items.map(([id, p]) => card(id, p)))));
    }
    body.querySelector('.gallery-card')?.focus();
  }

  const button = h('button', { type: 'button', dataset: { testid: 'gallery-button' }, onclick: () => open() }, 'Gallery');
  return { button, dialog, open };
}
