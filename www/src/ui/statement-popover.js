// Statement links where there is no editor (embeds): a popover that shows the text a trace link
// points at (a statement of a policy) instead of selecting it in an editor.
import { h, clear } from './dom.js';
import { parsePath, getAt } from './jsonpath.js';
import { byteToUtf16 } from './offsets.js';

/** The title of a statement link that opens this popover. */
export const SHOW_STATEMENT_TITLE = 'Show this statement’s text';

/**
 * The text a trace span names: `origin` is the policy's JSON path in the scenario; a policy
 * written as a string has spans in its own text (UTF-8 bytes), a policy written as a JSON
 * object has spans in the scenario text. Continuation lines lose the first line's indent.
 * Returns null when the span does not fit the text.
 */
export function statementText(scenario, scenarioText, origin, span) {
  const segs = parsePath(origin);
  const value = segs && scenario ? getAt(scenario, segs) : undefined;
  const whole = typeof value === 'string' ? value : scenarioText;
  if (typeof whole !== 'string' || !span || !Number.isInteger(span.start) || !Number.isInteger(span.end)) return null;
  const from = byteToUtf16(whole, span.start);
  const to = byteToUtf16(whole, span.end);
  if (from === null || to === null || to <= from || to > whole.length) return null;
  const lineStart = whole.lastIndexOf('\n', from - 1) + 1;
  const indent = /^[ \t]*/.exec(whole.slice(lineStart, from))[0].length;
  const lines = whole.slice(from, to).split('\n');
  return lines.map((l, i) => (i === 0 ? l : l.replace(new RegExp(`^[ \\t]{0,${indent}}`), ''))).join('\n');
}

/**
 * A popover for statement texts (one per page, reused). `show(title, text, action?)` opens it
 * (`action`: {label, testid, run} adds a button that closes the popover and runs); Escape,
 * the Close button or a click outside closes it.
 */
export function createStatementPopover() {
  const heading = h('strong', { class: 'stmt-pop-title' });
  const pre = h('pre', { class: 'stmt-pop-text', dataset: { testid: 'statement-text' } });
  const actions = h('span', { class: 'stmt-pop-actions' });
  const close = h('button', { type: 'button', class: 'small-btn', onclick: () => hide() }, 'Close');
  const el = h(
    'div',
    { class: 'stmt-pop', popover: 'auto', role: 'dialog', 'aria-label': 'Statement text', dataset: { testid: 'statement-popover' } },
    h('div', { class: 'stmt-pop-head' }, heading, actions, close),
    pre,
  );
  const supported = typeof el.showPopover === 'function';
  if (!supported) el.hidden = true;
  function hide() {
    if (supported) el.hidePopover();
    else el.hidden = true;
  }
  function show(title, text, action = null) {
    heading.textContent = title;
    clear(pre);
    pre.textContent = text;
    clear(actions);
    if (action) {
      const run = () => {
        hide();
        action.run();
      };
      actions.append(h('button', { type: 'button', class: 'small-btn', dataset: { testid: action.testid || 'statement-action' }, onclick: run }, action.label));
    }
    if (supported) {
      if (el.matches(':popover-open')) el.hidePopover();
      el.showPopover();
    } else {
      el.hidden = false;
    }
    close.focus({ preventScroll: true });
  }
  if (!supported) document.addEventListener('keydown', (e) => e.key === 'Escape' && hide());
  return { el, show, hide };
}
