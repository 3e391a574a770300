// The engine's scenario diagnostics shown at their place in the structured editor: a finding
// whose JSON path points at a field (a step's role ARN, a user's group, an account id) outlines
// that field in red with the message under it; one about a whole step or entity is written at
// the top of its card; and a card that holds errors says how many on its title line, so a
// closed card still shows that something inside it is broken.
import { h } from './dom.js';
import { parsePath, formatPath } from './jsonpath.js';

const SHOWN = new Set(['error', 'warning']);

/** Text with `code` spans, as the engine writes names in its messages. */
function codeText(text) {
  return String(text)
    .split('`')
    .map((part, i) => (i % 2 ? h('code', null, part) : part));
}

function message(d) {
  return h(
    'div',
    { class: `field-diag field-diag-${d.severity === 'error' ? 'error' : 'warning'}`, role: 'note', dataset: { testid: 'field-error', code: d.code || '' } },
    h('strong', null, d.severity === 'error' ? 'Error: ' : 'Warning: '),
    codeText(d.message || ''),
    d.help ? h('span', { class: 'field-diag-help' }, ' — ', codeText(d.help)) : null,
  );
}

/** The paths from `path` up to the root: $.a[0].b, $.a[0], $.a, $. */
function ancestry(path) {
  const segs = parsePath(path);
  if (!segs) return [];
  const out = [];
  for (let k = segs.length; k >= 0; k--) out.push(formatPath(segs.slice(0, k)));
  return out;
}

function within(root, selector) {
  const found = [...root.querySelectorAll(selector)];
  if (root.matches && root.matches(selector)) found.unshift(root);
  return found;
}

/** Remove what showFieldErrors drew inside `root`. */
export function clearFieldErrors(root) {
  for (const el of within(root, '.field-diag, .card-diag-count')) el.remove();
  for (const el of within(root, '.has-field-error')) el.classList.remove('has-field-error');
  for (const el of within(root, '[data-field-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('data-field-invalid');
  }
}

/**
 * Draw `diagnostics` (paths in the scenario's own spelling) at their fields inside `root` (a
 * panel, or a card just built). Returns how many were placed at a field or card.
 */
export function showFieldErrors(root, diagnostics) {
  clearFieldErrors(root);
  const list = (Array.isArray(diagnostics) ? diagnostics : []).filter((d) => d && typeof d.path === 'string' && SHOWN.has(d.severity));
  if (!list.length) return 0;
  const fields = new Map();
  for (const el of within(root, '[data-field-path]')) if (!fields.has(el.dataset.fieldPath)) fields.set(el.dataset.fieldPath, el);
  const cards = within(root, 'details[data-card-path]');
  const cardAt = new Map(cards.map((c) => [c.dataset.cardPath, c]));
  let placed = 0;
  for (const d of list) {
    for (const p of ancestry(d.path)) {
      const field = fields.get(p);
      if (field) {
        field.classList.add('has-field-error');
        if (d.severity === 'error') {
          for (const control of field.querySelectorAll('input:not([hidden]):not([type="checkbox"]), select, textarea')) {
            control.setAttribute('aria-invalid', 'true');
            control.setAttribute('data-field-invalid', '');
          }
        }
        field.append(message(d));
        placed += 1;
        break;
      }
      const c = cardAt.get(p);
      if (c) {
        // about the whole step or entity: at the top of its card; in a card not drawn yet,
        // only its title's count says so (until it is opened)
        const body = c.querySelector(':scope > .card-body');
        if (body) {
          body.prepend(message(d));
          placed += 1;
        }
        break;
      }
    }
  }
  // each card's title says how many errors are inside it
  const errorsUnder = new Map();
  for (const d of list) if (d.severity === 'error') for (const p of ancestry(d.path)) errorsUnder.set(p, (errorsUnder.get(p) || 0) + 1);
  for (const c of cards) {
    const n = errorsUnder.get(c.dataset.cardPath) || 0;
    if (!n) continue;
    const summary = c.querySelector(':scope > summary');
    if (summary) summary.append(h('span', { class: 'card-diag-count', dataset: { testid: 'card-error-count' } }, `${n} error${n === 1 ? '' : 's'}`));
  }
  return placed;
}
