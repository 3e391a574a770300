// A JSON text editor (a policy or the whole scenario): CodeMirror 6 ("code" mode) or a plain
// labelled <textarea> ("plain" mode), with a list of diagnostics under it in both modes.
import { h, uid, clear } from './dom.js';
import { positionToUtf16, utf16ToLineCol } from './offsets.js';

let cmModule = null;
let cmLoading = null;
/** Load the CodeMirror chunk once. */
export function loadCodeMirror() {
  if (cmModule) return Promise.resolve(cmModule);
  if (!cmLoading) {
    cmLoading = import('./cm.js').then((m) => (cmModule = m)).catch((e) => {
      cmLoading = null;
      throw e;
    });
  }
  return cmLoading;
}

const editors = new Set();
let currentMode = 'code';
let editorHelp = null;
/** The AWS catalogue's help (ui/catalogue.js) for editors mounted from now on. */
export function setEditorHelp(help) {
  editorHelp = help;
}
export function editorMode() {
  return currentMode;
}
/** Choose the mode before any editor exists, without waiting for CodeMirror to load. */
export function initEditorMode(mode) {
  currentMode = mode === 'plain' ? 'plain' : 'code';
}

/** Switch every live editor between "code" and "plain". */
export async function setEditorMode(mode) {
  currentMode = mode === 'plain' ? 'plain' : 'code';
  if (currentMode === 'code') {
    try {
      await loadCodeMirror();
    } catch {
      currentMode = 'plain';
    }
  }
  for (const e of editors) e.remount();
}

/** Syntax error of a JSON text as {from, to, message} (UTF-16), or null. */
export function jsonSyntaxError(text) {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const msg = String(e.message || e);
    let pos = null;
    const m = /position (\d+)/.exec(msg);
    if (m) pos = Number(m[1]);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    if (pos === null && lc) pos = positionToUtf16(text, { line: Number(lc[1]), columnUtf16: Number(lc[2]) });
    if (pos === null) pos = text.length;
    return { from: pos, to: Math.min(text.length, pos + 1), message: msg.replace(/^JSON\.parse: /, '') };
  }
}

/**
 * Convert engine diagnostics (positions relative to `text`) to {from, to, severity, message, code}.
 * Severity maps to CodeMirror's error/warning/info.
 */
export function toEditorDiagnostics(text, diags) {
  const out = [];
  for (const d of diags) {
    let from = positionToUtf16(text, d.start);
    let to = positionToUtf16(text, d.end);
    if (from === null) from = 0;
    if (to === null || to < from) to = from;
    const sev = d.severity === 'error' ? 'error' : d.severity === 'warning' || d.severity === 'securityWarning' ? 'warning' : 'info';
    const message = d.help ? `${d.message} (${d.help})` : String(d.message || d.code || 'problem');
    out.push({ from, to, severity: sev, message, code: d.code || null, source: d.code || 'engine' });
  }
  return out;
}

/**
 * Create an editor. Options: {label, text, onChange(text, {replacedAll}), readOnly, testid, rows}.
 * Returns a handle: el, getText, setText, setEngineDiagnostics(list, forText), select(from, to),
 * focus, destroy.
 */
export function createEditor(opts) {
  const id = uid('ed');
  const diagId = `${id}-diags`;
  const wrap = h('div', { class: 'editor', dataset: { testid: opts.testid || 'editor' } });
  const host = h('div', { class: 'editor-host' });
  const diagList = h('ul', { class: 'diag-list', id: diagId, 'aria-live': 'polite', dataset: { testid: 'diagnostics' } });
  wrap.append(host, diagList);

  let text = opts.text ?? '';
  let engine = { text: null, list: [] };
  let impl = null; // {kind, getText, setText, select, focus, destroy, refresh}

  function currentDiagnostics() {
    const syntax = jsonSyntaxError(text);
    const eng = engine.text === text ? engine.list : [];
    if (syntax && !eng.some((d) => d.severity === 'error')) return [{ ...syntax, severity: 'error', code: 'json-syntax', source: 'JSON' }, ...eng];
    return eng;
  }

  function renderDiagList() {
    const list = currentDiagnostics();
    clear(diagList);
    for (const d of list) {
      const { line, column } = utf16ToLineCol(text, d.from);
      const item = h(
        'li',
        { class: `diag diag-${d.severity}`, dataset: { line: String(line), column: String(column) } },
        h(
          'button',
          {
            type: 'button',
            class: 'linklike',
            title: 'Select this text in the editor',
            onclick: () => handle.select(d.from, Math.max(d.to, d.from + 1)),
          },
          `Line ${line}, column ${column}`,
        ),
        ` ${d.severity}${d.code ? ` [${d.code}]` : ''}: ${d.message}`,
      );
      diagList.append(item);
    }
    const hasError = list.some((d) => d.severity === 'error');
    wrap.classList.toggle('has-error', hasError);
    if (impl && impl.kind === 'plain') impl.textarea.setAttribute('aria-invalid', hasError ? 'true' : 'false');
  }

  // `replacedAll`: the edit replaced the whole text (a paste over everything), not part of it
  function changed(newText, replacedAll = false) {
    text = newText;
    renderDiagList();
    if (opts.onChange) opts.onChange(newText, { replacedAll });
  }

  function mountPlain() {
    const textarea = h('textarea', {
      class: 'plain-editor',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-label': opts.label,
      'aria-describedby': diagId,
      rows: String(opts.rows || Math.min(24, Math.max(4, text.split('\n').length + 1))),
      readonly: !!opts.readOnly,
      dataset: { testid: 'plain-editor' },
    });
    textarea.value = text;
    let wholeSelected = false;
    textarea.addEventListener('beforeinput', () => {
      wholeSelected = textarea.value.length > 0 && textarea.selectionStart === 0 && textarea.selectionEnd === textarea.value.length;
    });
    textarea.addEventListener('input', () => {
      changed(textarea.value, wholeSelected);
      wholeSelected = false;
    });
    // Ctrl/Cmd+Enter is the page's "run now": it must not type a line break here
    textarea.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') e.preventDefault();
    });
    host.append(textarea);
    return {
      kind: 'plain',
      textarea,
      getText: () => textarea.value,
      setText: (t) => {
        if (textarea.value !== t) textarea.value = t;
      },
      select(from, to) {
        textarea.focus();
        textarea.setSelectionRange(from, to);
        // scroll the selection into view: approximate by line height
        const line = utf16ToLineCol(textarea.value, from).line;
        textarea.scrollTop = Math.max(0, (line - 3) * 18);
      },
      focus: () => textarea.focus(),
      destroy: () => textarea.remove(),
      refresh() {},
    };
  }

  function mountCode() {
    const cm = cmModule.createCodeMirror({
      parent: host,
      doc: text,
      label: opts.label,
      readOnly: opts.readOnly,
      onChange: (t, replacedAll) => changed(t, replacedAll),
      getEngineDiagnostics: (t) => (engine.text === t ? engine.list : null),
      help: editorHelp,
    });
    return {
      kind: 'code',
      getText: cm.getText,
      setText: cm.setText,
      select: cm.select,
      focus: cm.focus,
      destroy: cm.destroy,
      refresh: cm.refreshDiagnostics,
    };
  }

  function remount() {
    const wanted = currentMode === 'code' && cmModule ? 'code' : 'plain';
    if (impl && impl.kind === wanted) return;
    if (impl) {
      text = impl.getText();
      impl.destroy();
      clear(host);
    }
    impl = wanted === 'code' ? mountCode() : mountPlain();
    wrap.dataset.mode = wanted;
    renderDiagList();
  }

  const handle = {
    el: wrap,
    getText: () => text,
    setText(t) {
      if (t === text) return;
      text = t;
      impl.setText(t);
      renderDiagList();
    },
    /** Engine diagnostics (raw engine objects, positions relative to `forText`). */
    setEngineDiagnostics(list, forText) {
      engine = { text: forText, list: toEditorDiagnostics(forText, list || []) };
      renderDiagList();
      impl.refresh();
    },
    diagnostics: () => currentDiagnostics(),
    select(from, to) {
      impl.select(from, to);
    },
    focus: () => impl.focus(),
    remount,
    destroy() {
      editors.delete(handle);
      if (impl) impl.destroy();
    },
    get isConnected() {
      return wrap.isConnected;
    },
  };
  editors.add(handle);
  remount();
  return handle;
}

/** Forget editors whose element left the document (after a re-render). */
export function pruneEditors() {
  for (const e of editors) if (!e.isConnected) e.destroy();
}
