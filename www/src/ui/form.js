// A small schema-driven form builder for the scenario's world and steps. Fields edit the
// scenario object in place and call ctx.changed(); structural edits (add, remove, move)
// call ctx.rerender(). Cards are <details> whose bodies are built on first open, so a large
// world stays fast; ctx.openPaths remembers which are open across re-renders.
import { h, uid } from './dom.js';
import { formatPath, pathStartsWith } from './jsonpath.js';
import { createEditor } from './editor.js';
import { pickField, checksField } from './pickers.js';

/** A field's wrapper: its label, control and hint; `path` (the value's JSON path) lets a
 * diagnostic find the field and a rename refresh it. */
function labelled(label, control, hint, path) {
  const id = control.id || uid('f');
  control.id = id;
  return h('div', { class: 'field', dataset: path ? { fieldPath: path } : null }, h('label', { for: id }, label), control, hint ? h('div', { class: 'hint' }, hint) : null);
}

/**
 * A field whose value names something (a user's name, an account id…): committing a new value
 * (change: Enter or leaving the field, not each keystroke) asks ctx.renamed to rewrite the
 * references, with the scenario's text from before the first keystroke for an undo.
 */
function renameTracker(obj, f, ctx) {
  let pending = null;
  return {
    beforeEdit() {
      if (f.rename && !pending) pending = { before: obj[f.key], snapshot: ctx.snapshot ? ctx.snapshot() : null };
    },
    commit() {
      if (!pending) return;
      const { before, snapshot } = pending;
      pending = null;
      const change = f.rename(obj, before, obj[f.key]);
      if (change && ctx.renamed) ctx.renamed(change, snapshot);
    },
  };
}

function setOrDelete(obj, key, value) {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
}

function textField(obj, f, segs, ctx) {
  const input = h('input', {
    type: 'text',
    value: obj[f.key] == null ? '' : String(obj[f.key]),
    placeholder: f.placeholder || null,
    list: f.datalist ? ctx.datalistId(f.datalist) : null,
    spellcheck: 'false',
    dataset: { field: f.key },
  });
  const renames = renameTracker(obj, f, ctx);
  input.addEventListener('input', () => {
    renames.beforeEdit();
    const v = input.value;
    setOrDelete(obj, f.key, v === '' && !f.required ? undefined : v);
    ctx.changed({ titleOnly: f.titleKey });
  });
  input.addEventListener('change', () => renames.commit());
  const wrap = labelled(f.label, input, f.hint, formatPath([...segs, f.key]));
  wrap._refresh = () => {
    input.value = obj[f.key] == null ? '' : String(obj[f.key]);
  };
  return wrap;
}

function textareaField(obj, f, segs, ctx) {
  const ta = h('textarea', { rows: String(f.rows || 3), value: obj[f.key] == null ? '' : String(obj[f.key]), dataset: { field: f.key } });
  ta.addEventListener('input', () => {
    setOrDelete(obj, f.key, ta.value === '' ? undefined : ta.value);
    ctx.changed();
  });
  return labelled(f.label, ta, f.hint, formatPath([...segs, f.key]));
}

function numberField(obj, f, segs, ctx) {
  const input = h('input', { type: 'number', value: obj[f.key] == null ? '' : String(obj[f.key]), min: f.min ?? null, step: '1', dataset: { field: f.key } });
  input.addEventListener('input', () => {
    const v = input.value.trim();
    setOrDelete(obj, f.key, v === '' ? undefined : Number(v));
    ctx.changed();
  });
  return labelled(f.label, input, f.hint, formatPath([...segs, f.key]));
}

function selectField(obj, f, segs, ctx) {
  const current = obj[f.key] === undefined ? '' : JSON.stringify(obj[f.key]);
  const sel = h(
    'select',
    { dataset: { field: f.key } },
    f.options.map(([value, label]) => h('option', { value: value === undefined ? '' : JSON.stringify(value), selected: (value === undefined ? '' : JSON.stringify(value)) === current }, label)),
  );
  sel.addEventListener('change', () => {
    setOrDelete(obj, f.key, sel.value === '' ? undefined : JSON.parse(sel.value));
    ctx.changed({ titleOnly: f.titleKey });
  });
  return labelled(f.label, sel, f.hint, formatPath([...segs, f.key]));
}

function listField(obj, f, segs, ctx) {
  const v = Array.isArray(obj[f.key]) ? obj[f.key].join('\n') : '';
  const ta = h('textarea', { rows: String(Math.max(2, (obj[f.key] || []).length + 1)), value: v, spellcheck: 'false', list: null, dataset: { field: f.key } });
  ta.addEventListener('input', () => {
    const items = ta.value.split('\n').map((s) => s.trim()).filter(Boolean);
    setOrDelete(obj, f.key, items.length ? items : undefined);
    ctx.changed();
  });
  const wrap = labelled(f.label, ta, f.hint || 'One per line.', formatPath([...segs, f.key]));
  wrap._refresh = () => {
    ta.value = Array.isArray(obj[f.key]) ? obj[f.key].join('\n') : '';
  };
  return wrap;
}

function tagsField(obj, f, segs, ctx) {
  const cur = obj[f.key] && typeof obj[f.key] === 'object' ? obj[f.key] : {};
  const ta = h('textarea', { rows: String(Math.max(2, Object.keys(cur).length + 1)), value: Object.entries(cur).map(([k, v]) => `${k}=${v}`).join('\n'), spellcheck: 'false', dataset: { field: f.key } });
  ta.addEventListener('input', () => {
    const out = {};
    for (const line of ta.value.split('\n')) {
      const t = line.trim();
      if (!t) continue;
      const eq = t.indexOf('=');
      if (eq < 0) out[t] = '';
      else out[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
    }
    setOrDelete(obj, f.key, Object.keys(out).length ? out : undefined);
    ctx.changed();
  });
  return labelled(f.label, ta, f.hint || 'One key=value per line.', formatPath([...segs, f.key]));
}

function jsonField(obj, f, segs, ctx) {
  const ta = h('textarea', { rows: '3', spellcheck: 'false', value: obj[f.key] === undefined ? '' : JSON.stringify(obj[f.key], null, 2), dataset: { field: f.key } });
  const err = h('div', { class: 'hint field-error', 'aria-live': 'polite' });
  ta.addEventListener('input', () => {
    const t = ta.value.trim();
    if (t === '') {
      delete obj[f.key];
      err.textContent = '';
      ta.removeAttribute('aria-invalid');
      ctx.changed();
      return;
    }
    try {
      const v = JSON.parse(t);
      if (f.object && (v === null || typeof v !== 'object' || Array.isArray(v))) throw new Error('expected a JSON object such as {"aws:SourceIp": "10.0.0.1"}');
      obj[f.key] = v;
      err.textContent = '';
      ta.removeAttribute('aria-invalid');
      ctx.changed();
    } catch (e) {
      err.textContent = `Not applied: ${e.message}`;
      ta.setAttribute('aria-invalid', 'true');
    }
  });
  const wrap = labelled(f.label, ta, f.hint, formatPath([...segs, f.key]));
  wrap.append(err);
  wrap._refresh = () => {
    if (document.activeElement !== ta) ta.value = obj[f.key] === undefined ? '' : JSON.stringify(obj[f.key], null, 2);
  };
  return wrap;
}

function nestedTextField(obj, f, segs, ctx) {
  // a field inside an optional sub-object, e.g. assumeRole.mfa.serialNumber
  const sub = obj[f.parent] && typeof obj[f.parent] === 'object' ? obj[f.parent] : null;
  const input = h('input', { type: 'text', value: sub && sub[f.key] != null ? String(sub[f.key]) : '', placeholder: f.placeholder || null, spellcheck: 'false', list: f.datalist ? ctx.datalistId(f.datalist) : null });
  input.addEventListener('input', () => {
    const cur = obj[f.parent] && typeof obj[f.parent] === 'object' ? obj[f.parent] : {};
    if (input.value === '') delete cur[f.key];
    else cur[f.key] = input.value;
    if (Object.keys(cur).length) obj[f.parent] = cur;
    else delete obj[f.parent];
    ctx.changed();
  });
  const wrap = labelled(f.label, input, f.hint, formatPath([...segs, f.parent, f.key]));
  wrap._refresh = () => {
    const cur = obj[f.parent] && typeof obj[f.parent] === 'object' ? obj[f.parent] : null;
    input.value = cur && cur[f.key] != null ? String(cur[f.key]) : '';
  };
  return wrap;
}

function policyField(obj, f, segs, ctx) {
  const path = formatPath([...segs, f.key]);
  const wrap = h('div', { class: 'field policy-field', dataset: { policyPath: path } });
  const heading = h('div', { class: 'policy-label' }, f.label);
  wrap.append(heading);
  const present = obj[f.key] !== undefined && obj[f.key] !== null;
  if (!present) {
    if (f.optional) {
      wrap.append(
        h(
          'button',
          {
            type: 'button',
            class: 'small-btn',
            onclick: () => {
              obj[f.key] = f.template ? f.template() : emptyPolicy();
              ctx.openPaths.add(path);
              ctx.changed();
              ctx.rerender();
            },
          },
          `Add ${f.label.toLowerCase()}`,
        ),
      );
    }
    return wrap;
  }
  const text = typeof obj[f.key] === 'string' ? obj[f.key] : JSON.stringify(obj[f.key], null, 2);
  const ed = createEditor({
    label: ctx.describe ? `${f.label} — ${ctx.describe}` : f.label,
    text,
    testid: 'policy-editor',
    onChange: (t) => {
      obj[f.key] = t;
      ctx.changed();
    },
  });
  ed.el.dataset.policyPath = path;
  ctx.registerEditor(path, ed);
  wrap.append(ed.el);
  if (f.optional) {
    wrap.append(
      h(
        'button',
        {
          type: 'button',
          class: 'small-btn danger',
          onclick: () => {
            delete obj[f.key];
            ctx.changed();
            ctx.rerender();
          },
        },
        `Remove ${f.label.toLowerCase()}`,
      ),
    );
  }
  return wrap;
}

export function emptyPolicy() {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, null, 2);
}

/** A list of objects: each a card; add/remove (and move for ordered lists). */
function itemsField(obj, f, segs, ctx) {
  const arr = Array.isArray(obj[f.key]) ? obj[f.key] : [];
  const listPath = formatPath([...segs, f.key]);
  const section = h('div', { class: 'items', dataset: { items: listPath } });
  section.append(h('div', { class: 'items-head' }, h('span', { class: 'items-label' }, `${f.label} (${arr.length})`)));
  arr.forEach((item, i) => {
    section.append(
      card({
        segs: [...segs, f.key, i],
        title: () => f.title(item, i),
        testid: f.testid,
        build: (body) => {
          const innerCtx = { ...ctx, describe: f.describe ? f.describe(item, ctx.describe) : ctx.describe };
          const fields = typeof f.fields === 'function' ? f.fields(item) : f.fields;
          body.append(...renderFields(item, fields, [...segs, f.key, i], innerCtx));
          const actions = h('div', { class: 'card-actions' });
          if (f.ordered) {
            actions.append(
              h('button', { type: 'button', class: 'small-btn', disabled: i === 0, 'aria-label': `Move ${f.noun} ${i + 1} up`, onclick: () => move(arr, i, i - 1, ctx) }, '↑ Up'),
              h('button', { type: 'button', class: 'small-btn', disabled: i === arr.length - 1, 'aria-label': `Move ${f.noun} ${i + 1} down`, onclick: () => move(arr, i, i + 1, ctx) }, '↓ Down'),
            );
          }
          actions.append(
            h(
              'button',
              {
                type: 'button',
                class: 'small-btn danger',
                'aria-label': `Remove ${f.noun} ${f.title(item, i)}`,
                onclick: () => {
                  arr.splice(i, 1);
                  if (!arr.length && !f.keepEmpty) delete obj[f.key];
                  ctx.changed();
                  ctx.rerender();
                },
              },
              `Remove ${f.noun}`,
            ),
          );
          body.append(actions);
        },
        ctx,
      }),
    );
  });
  const addControls = f.addControls
    ? f.addControls((item) => addItem(obj, f, segs, ctx, item))
    : h('button', { type: 'button', class: 'small-btn add', onclick: () => addItem(obj, f, segs, ctx, f.make(arr)) }, `Add ${f.noun}`);
  section.append(addControls);
  return section;
}

function addItem(obj, f, segs, ctx, item) {
  if (!Array.isArray(obj[f.key])) obj[f.key] = [];
  obj[f.key].push(item);
  ctx.openPaths.add(formatPath([...segs, f.key, obj[f.key].length - 1]));
  ctx.changed();
  ctx.rerender();
}

function move(arr, from, to, ctx) {
  if (to < 0 || to >= arr.length) return;
  const [x] = arr.splice(from, 1);
  arr.splice(to, 0, x);
  ctx.changed();
  ctx.rerender();
}

/** A collapsible card whose body is built on first open. */
export function card({ segs, title, build, ctx, testid }) {
  const path = formatPath(segs);
  const summaryText = h('span', { class: 'card-title' }, title());
  const det = h('details', { class: 'card', dataset: { cardPath: path, testid: testid || 'card' } }, h('summary', null, summaryText));
  const body = h('div', { class: 'card-body' });
  let built = false;
  det._build = () => {
    if (built) return;
    built = true;
    build(body);
    det.append(body);
    if (ctx.cardBuilt) ctx.cardBuilt(det);
  };
  det._refreshTitle = () => {
    summaryText.textContent = title();
  };
  if (ctx.openPaths.has(path)) {
    det.open = true;
    det._build();
  }
  det.addEventListener('toggle', () => {
    if (det.open) {
      ctx.openPaths.add(path);
      det._build();
    } else ctx.openPaths.delete(path);
  });
  ctx.registerCard(det);
  return det;
}

/** Render a list of field specs for `obj` at `segs`. */
export function renderFields(obj, fields, segs, ctx) {
  const out = [];
  for (const f of fields) {
    switch (f.type) {
      case 'text':
        out.push(textField(obj, f, segs, ctx));
        break;
      case 'textarea':
        out.push(textareaField(obj, f, segs, ctx));
        break;
      case 'number':
        out.push(numberField(obj, f, segs, ctx));
        break;
      case 'select':
        out.push(selectField(obj, f, segs, ctx));
        break;
      case 'list':
        out.push(listField(obj, f, segs, ctx));
        break;
      case 'tags':
        out.push(tagsField(obj, f, segs, ctx));
        break;
      case 'json':
        out.push(jsonField(obj, f, segs, ctx));
        break;
      case 'nested':
        out.push(nestedTextField(obj, f, segs, ctx));
        break;
      case 'pick':
        out.push(pickField(obj, f, segs, ctx));
        break;
      case 'checks':
        out.push(checksField(obj, f, segs, ctx));
        break;
      case 'policy':
        out.push(policyField(obj, f, segs, ctx));
        break;
      case 'items':
        out.push(itemsField(obj, f, segs, ctx));
        break;
      case 'custom':
        out.push(f.render(obj, segs, ctx));
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * Show again the values at `paths` (JSON paths that something other than the field changed,
 * e.g. a rename): every drawn field at or above one of them re-reads its value.
 */
export function refreshFields(container, paths) {
  for (const el of container.querySelectorAll('[data-field-path]')) {
    const own = el.dataset.fieldPath;
    if (el._refresh && paths.some((p) => pathStartsWith(p, own))) el._refresh();
  }
}
