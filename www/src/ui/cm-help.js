// The AWS catalogue's help in a CodeMirror JSON editor (part of the lazily loaded CodeMirror
// chunk): completion of service prefixes, action names and condition keys, and hover
// descriptions of an action (access level, resource types, condition keys), a wildcard action
// (the actions it covers) or a condition key (its type). `help` is the page's catalogue
// (ui/catalogue.js): `complete(text, context)` and `describe(request)` resolve with the
// engine's answer or null, `dataset()` names the data the help comes from.
import { autocompletion, insertCompletionText, startCompletion } from '@codemirror/autocomplete';
import { hoverTooltip } from '@codemirror/view';
import { syntaxTree } from '@codemirror/language';
import { jsonLanguage } from '@codemirror/lang-json';
import { helpContext } from './help-context.js';

const REPARSE_LIMIT = 200_000; // characters: larger documents get help only inside closed strings
const HOVER_LIST = 15;

function contextAt(state, pos, side, typing) {
  const slice = (a, b) => state.sliceDoc(a, b);
  const found = helpContext(syntaxTree(state), pos, slice, side);
  if (found || !typing || state.doc.length > REPARSE_LIMIT) return found;
  // a string still being typed has no closing quote yet: read the text as if it had one
  const text = `${state.sliceDoc(0, pos)}"${state.sliceDoc(pos)}`;
  return helpContext(jsonLanguage.parser.parse(text), pos, (a, b) => text.slice(a, b), side);
}

/** What inserting a candidate writes: a key's placeholder (`${TagKey}`) is left for the user. */
function insertion(label) {
  const i = label.indexOf('${');
  return i > 0 ? label.slice(0, i) : label;
}

function completionSource(help) {
  return async (ctx) => {
    const at = contextAt(ctx.state, ctx.pos, -1, true);
    if (!at) return null;
    const typed = ctx.state.sliceDoc(at.from, ctx.pos);
    if (/[*?"\\\s]/.test(typed)) return null;
    const answer = await help.complete(typed, at.kind);
    if (!answer || ctx.aborted || !Array.isArray(answer.candidates)) return null;
    const options = answer.candidates.map((c) => ({
      label: c.label,
      detail: c.detail,
      type: at.kind === 'action' ? (c.label.endsWith(':') ? 'namespace' : 'function') : 'property',
      apply: (view, completion, from, to) => {
        const text = insertion(completion.label);
        view.dispatch(insertCompletionText(view.state, text, from, to));
        // a service prefix goes on to its actions
        if (text.endsWith(':')) startCompletion(view);
      },
    }));
    if (answer.more) options.push({ label: `… ${answer.more} more: keep typing`, apply: () => {}, type: 'text', boost: -99 });
    return { from: at.from, options, filter: false };
  };
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'testid') e.dataset.testid = v;
    else e.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

function referenceLink(ref) {
  return ref && ref.url ? el('a', { href: ref.url, target: '_blank', rel: 'noopener' }, ref.title) : null;
}

/** The hover card for a `describe` answer. */
export function describeCard(a, dataset) {
  const rows = [];
  if (a.kind === 'action' && a.found) {
    rows.push(el('div', { class: 'cat-title' }, el('code', null, a.action), ` — ${a.service}`));
    rows.push(el('div', { testid: 'hover-access-level' }, 'Access level: ', el('strong', null, a.accessLevel)));
    const types = a.resourceTypes || [];
    rows.push(
      el(
        'div',
        null,
        'Resource types: ',
        types.length
          ? types.map((r, i) => [i ? ', ' : '', el('span', { title: (r.arns || []).join('\n') }, r.name, r.required ? '*' : '')])
          : 'none: the action takes only "Resource": "*"',
      ),
    );
    if (types.some((r) => r.required)) rows.push(el('div', { class: 'cat-note' }, '* required'));
    const keys = a.conditionKeys || [];
    if (keys.length) rows.push(el('div', null, 'Condition keys: ', keys.map((k, i) => [i ? ', ' : '', el('code', null, k.name), ` (${k.type})`])));
    rows.push(el('div', null, referenceLink(a.reference)));
  } else if (a.kind === 'action') {
    const [prefix] = String(a.action).split(':');
    const why = !String(a.action).includes(':') ? ' is not written service:Action (such as s3:GetObject)' : a.serviceKnown ? ` is not an action of the service ${prefix}` : ` names no service AWS documents`;
    rows.push(el('div', null, el('code', null, a.action), why));
    if (a.didYouMean) rows.push(el('div', null, 'Did you mean ', el('code', null, a.didYouMean), '?'));
  } else if (a.kind === 'pattern') {
    rows.push(el('div', { class: 'cat-title', testid: 'hover-covers' }, el('code', null, a.pattern), ` covers ${a.count} action${a.count === 1 ? '' : 's'}`));
    const list = (a.actions || []).slice(0, HOVER_LIST);
    if (list.length) rows.push(el('ul', { class: 'cat-list' }, list.map((x) => el('li', null, el('code', null, x.action), ` (${x.accessLevel})`))));
    const rest = a.count - list.length;
    if (rest > 0) rows.push(el('div', { class: 'cat-note' }, `… and ${rest} more`));
  } else if (a.kind === 'conditionKey' && a.found) {
    rows.push(el('div', { class: 'cat-title' }, el('code', null, a.key), a.global ? ' — global condition key' : ` — condition key of ${a.service}`));
    if (a.name !== a.key) rows.push(el('div', null, 'Listed as ', el('code', null, a.name)));
    rows.push(el('div', { testid: 'hover-key-type' }, 'Type: ', el('strong', null, a.keyType), String(a.keyType).startsWith('ArrayOf') ? ' (multivalued: use ForAnyValue or ForAllValues)' : ''));
    rows.push(el('div', null, referenceLink(a.reference)));
  } else if (a.kind === 'conditionKey') {
    rows.push(el('div', null, el('code', null, a.key), ' is not a condition key AWS documents'));
    if (a.didYouMean) rows.push(el('div', null, 'Did you mean ', el('code', null, a.didYouMean), '?'));
  } else return null;
  rows.push(el('div', { class: 'cat-source' }, `From ${a.dataset || dataset || 'the AWS catalogue'} (AWS's Service Authorization Reference)`));
  return el('div', { class: 'cat-hover', testid: 'catalogue-hover' }, rows);
}

function hover(help) {
  return hoverTooltip(
    async (view, pos, side) => {
      const at = contextAt(view.state, pos, side > 0 ? 1 : -1, false);
      if (!at || !at.value || at.value.length > 256) return null;
      const answer = await help.describe(at.kind === 'action' ? { action: at.value, limit: HOVER_LIST } : { conditionKey: at.value });
      const dom = answer ? describeCard(answer, help.dataset()) : null;
      if (!dom) return null;
      return { pos: at.from, end: at.to, above: true, create: () => ({ dom }) };
    },
    { hoverTime: 250, hideOnChange: true },
  );
}

/** The editor extensions of the catalogue's help. */
export function catalogueHelp(help) {
  return [autocompletion({ override: [completionSource(help)], activateOnTyping: true, maxRenderedOptions: 60 }), hover(help)];
}
