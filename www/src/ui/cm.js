// CodeMirror 6 setup, loaded lazily (a separate chunk) so the first decision does not wait for it.
import { EditorState, Compartment, Prec } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine, highlightActiveLineGutter } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, HighlightStyle } from '@codemirror/language';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter, setDiagnostics } from '@codemirror/lint';
import { tags } from '@lezer/highlight';
import { catalogueHelp } from './cm-help.js';

const darkHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: '#9cdcfe' },
  { tag: tags.string, color: '#ce9178' },
  { tag: tags.number, color: '#b5cea8' },
  { tag: [tags.bool, tags.null], color: '#569cd6' },
  { tag: tags.punctuation, color: '#d4d4d4' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--editor-bg)', color: 'var(--fg)', fontSize: '13px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--editor-gutter)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active)' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-scroller': { maxHeight: '28em', overflow: 'auto' },
});

const parseLint = jsonParseLinter();

// Ctrl/Cmd+Enter is the page's "run now" (a document keydown listener runs it): before
// CodeMirror's default keymap can insert a blank line, take the key and change nothing.
const runNowKey = Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => true, preventDefault: true }]));

/**
 * A CodeMirror JSON editor. `getEngineDiagnostics(text)` returns the engine's diagnostics for
 * exactly that text (as CM diagnostics with UTF-16 from/to), or null when they are stale.
 * `help` (optional, see cm-help.js) adds completion and hover from the AWS catalogue.
 */
export function createCodeMirror({ parent, doc, label, readOnly, onChange, getEngineDiagnostics, help }) {
  const forced = document.documentElement.dataset.theme;
  const dark = forced ? forced === 'dark' : !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  const ro = new Compartment();
  const source = (view) => {
    const text = view.state.doc.toString();
    const engine = getEngineDiagnostics ? getEngineDiagnostics(text) : null;
    const syntax = parseLint(view);
    if (engine && engine.length) {
      // the engine reports syntax errors too; avoid a duplicate when both do
      return engine.some((d) => d.code === 'json-syntax' || d.severity === 'error') && syntax.length ? engine : [...syntax, ...engine];
    }
    return syntax;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        runNowKey,
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        json(),
        syntaxHighlighting(dark ? darkHighlight : defaultHighlightStyle, { fallback: true }),
        linter(source, { delay: 120 }),
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        help ? catalogueHelp(help) : [],
        theme,
        ro.of([EditorState.readOnly.of(!!readOnly), EditorView.editable.of(!readOnly)]),
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged || !onChange) return;
          // a paste (or typing) over the whole text: one change over all of it, or input while
          // everything was selected (CodeMirror may trim what the old and new text share)
          const old = u.startState.doc.length;
          const sel = u.startState.selection.main;
          let whole = old > 0;
          let n = 0;
          u.changes.iterChangedRanges((fromA, toA) => {
            n += 1;
            if (fromA !== 0 || toA !== old) whole = false;
          });
          const typedOverAll = old > 0 && sel.from === 0 && sel.to === old && u.transactions.some((tr) => tr.isUserEvent('input'));
          onChange(u.state.doc.toString(), (whole && n === 1) || typedOverAll);
        }),
      ],
    }),
  });
  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    // push the engine's diagnostics now (forceLinting only runs a lint that is pending)
    refreshDiagnostics: () => view.dispatch(setDiagnostics(view.state, source(view))),
    select(from, to) {
      const len = view.state.doc.length;
      const a = Math.max(0, Math.min(from, len));
      const b = Math.max(a, Math.min(to, len));
      view.dispatch({ selection: { anchor: a, head: b }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
