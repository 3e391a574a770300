// Pickers of the structured editor: a step's principal chosen from the world's users, roles and
// account root users (with a free-text escape for an ARN outside the scenario), and a user's
// groups ticked from its account's groups. Both re-read the world when they are used, so a user
// or role added in the World tab is offered at once.
import { h, uid, clear } from './dom.js';
import { formatPath } from './jsonpath.js';
import { iamArn } from './renames.js';

const OTHER = '#other'; // never an ARN

function wrapField(label, control, path, hintEl) {
  const id = control.id || uid('f');
  control.id = id;
  return h('div', { class: 'field', dataset: { fieldPath: path } }, h('label', { for: id }, label), control, hintEl);
}

/**
 * The principals of the world, grouped by account: [{label, options: [{value, label}]}].
 * `kinds`: any of 'user', 'root', 'role'.
 */
export function principalChoices(scenario, kinds) {
  const groups = [];
  const accounts = scenario && Array.isArray(scenario.accounts) ? scenario.accounts : [];
  for (const a of accounts) {
    if (!a || typeof a !== 'object' || typeof a.id !== 'string') continue;
    const where = a.name ? `${a.name} (${a.id})` : a.id;
    const options = [];
    if (kinds.includes('user')) {
      for (const u of Array.isArray(a.users) ? a.users : []) {
        if (u && typeof u.name === 'string' && u.name) options.push({ value: iamArn(a.id, 'user', u.name, u.path), label: `${u.name} — user in ${where}` });
      }
    }
    if (kinds.includes('root')) options.push({ value: `arn:aws:iam::${a.id}:root`, label: `root user of ${where}` });
    if (kinds.includes('role')) {
      for (const r of Array.isArray(a.roles) ? a.roles : []) {
        if (r && typeof r.name === 'string' && r.name) options.push({ value: iamArn(a.id, 'role', r.name, r.path), label: `${r.name} — role in ${where}` });
      }
    }
    if (options.length) groups.push({ label: `Account ${where}`, options });
  }
  return groups;
}

/**
 * A <select> of the world's principals for `obj[f.key]`, plus a text box for any other ARN.
 * f: {key, label, kinds, otherLabel, datalist, hint}.
 */
export function pickField(obj, f, segs, ctx) {
  const path = formatPath([...segs, f.key]);
  const sel = h('select', { dataset: { field: f.key, testid: 'pick' } });
  const other = h('input', {
    type: 'text',
    spellcheck: 'false',
    placeholder: 'arn:aws:iam::111111111111:role/Name',
    'aria-label': `${f.label}: ARN`,
    list: f.datalist ? ctx.datalistId(f.datalist) : null,
    dataset: { field: `${f.key}-arn`, testid: 'pick-other' },
  });
  const arnNote = h('div', { class: 'hint pick-arn', dataset: { testid: 'pick-arn' } });
  let signature = '';
  let typing = false; // the person chose "another ARN": keep the text box even for a listed ARN

  function fill() {
    const groups = principalChoices(ctx.scenario, f.kinds);
    const cur = typeof obj[f.key] === 'string' ? obj[f.key] : '';
    const known = groups.some((g) => g.options.some((o) => o.value === cur));
    const showOther = typing || (cur !== '' && !known);
    const sig = JSON.stringify([groups, cur, showOther]);
    if (sig !== signature) {
      signature = sig;
      clear(sel);
      if (!cur && !showOther) sel.append(h('option', { value: '', selected: true, disabled: true }, `(choose ${f.noun || 'one'})`));
      for (const g of groups) {
        sel.append(h('optgroup', { label: g.label }, g.options.map((o) => h('option', { value: o.value, title: o.value, selected: !showOther && o.value === cur }, o.label))));
      }
      sel.append(h('option', { value: OTHER, selected: showOther }, f.otherLabel || 'Another ARN (type it)…'));
    }
    other.hidden = !showOther;
    if (document.activeElement !== other) other.value = cur;
    arnNote.textContent = !showOther && cur ? cur : '';
  }

  sel.addEventListener('change', () => {
    if (sel.value === OTHER) {
      typing = true;
      fill();
      other.focus();
      return;
    }
    typing = false;
    obj[f.key] = sel.value;
    ctx.changed();
    fill();
  });
  other.addEventListener('input', () => {
    typing = true;
    obj[f.key] = other.value;
    ctx.changed();
    arnNote.textContent = '';
  });
  // the world may have changed since this card was drawn
  sel.addEventListener('focus', fill);
  sel.addEventListener('mousedown', fill);
  fill();
  const wrap = wrapField(f.label, sel, path, h('div', null, other, arnNote, f.hint ? h('div', { class: 'hint' }, f.hint) : null));
  wrap.classList.add('pick-field');
  wrap._refresh = fill;
  return wrap;
}

/**
 * Checkboxes for a list of names (a user's groups) from `f.choices(obj)`; names listed but not
 * offered stay, ticked and marked, until unticked. f: {key, label, choices, missing, empty}.
 */
export function checksField(obj, f, segs, ctx) {
  const path = formatPath([...segs, f.key]);
  const box = h('div', { class: 'checks', role: 'group' });
  let signature = '';

  function fill() {
    const offered = f.choices(obj).filter((n) => typeof n === 'string' && n);
    const listed = Array.isArray(obj[f.key]) ? obj[f.key] : [];
    const names = [...offered, ...listed.filter((n) => !offered.includes(n))];
    const sig = JSON.stringify([offered, listed]);
    if (sig === signature) return;
    signature = sig;
    clear(box);
    if (!names.length) box.append(h('span', { class: 'hint' }, f.empty || 'Nothing to choose from yet.'));
    for (const n of names) {
      const cb = h('input', { type: 'checkbox', checked: listed.includes(n), value: typeof n === 'string' ? n : JSON.stringify(n) });
      cb.addEventListener('change', () => {
        const cur = Array.isArray(obj[f.key]) ? obj[f.key] : [];
        const next = cb.checked ? [...cur, n] : cur.filter((x) => x !== n);
        if (next.length) obj[f.key] = next;
        else delete obj[f.key];
        ctx.changed();
        if (offered.includes(n)) {
          // the same boxes still hold: keep them (and the keyboard focus)
          signature = JSON.stringify([offered, Array.isArray(obj[f.key]) ? obj[f.key] : []]);
        } else {
          // an unticked name that is not offered goes away
          fill();
          box.querySelector('input')?.focus();
        }
      });
      const missing = !offered.includes(n);
      box.append(h('label', { class: `check${missing ? ' missing' : ''}` }, cb, ` ${typeof n === 'string' ? n : JSON.stringify(n)}`, missing ? h('span', { class: 'hint' }, ` — ${f.missing || 'not offered'}`) : null));
    }
  }
  fill();
  box.addEventListener('focusin', fill);
  box.addEventListener('pointerenter', fill);
  const labelId = uid('f');
  box.setAttribute('aria-labelledby', labelId);
  const wrap = h('div', { class: 'field checks-field', dataset: { fieldPath: path } }, h('div', { class: 'policy-label', id: labelId }, f.label), box, f.hint ? h('div', { class: 'hint' }, f.hint) : null);
  wrap._refresh = fill;
  return wrap;
}
