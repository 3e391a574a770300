// The playground application: layout, state, evaluation loop, presets, share, embed,
// autosave, import/export, the import of AWS exports (drop or pick), the query panels (who
// can, reach) and the what-if panel (baseline flips, excluded policies); in an embed, the
// embed's views (embed-view.js) and its "Edit here" mode. Everything runs in the page; nothing
// is uploaded.
import { h, append, clear, debounce, downloadBlob, fileSlug } from './dom.js';
import { whenEngineReady, engineVersion, simulate, createWorkerEngine, callApi } from './engine.js';
import { createEditor, setEditorMode, initEditorMode, editorMode, pruneEditors, loadCodeMirror, setEditorHelp } from './editor.js';
import { createCatalogue } from './catalogue.js';
import { setTraceHelp } from './iam-trace.js';
import { renderResults } from './results-view.js';
import { createLastGood } from './last-good.js';
import { renderWorld, renderSteps, suggestions } from './world.js';
import { refreshFields } from './form.js';
import { renameReferences, referencesText, renameText } from './renames.js';
import { showFieldErrors } from './field-errors.js';
import { normalisePolicies, scenarioText, emptyScenario, policyLocations } from './scenario.js';
import { parsePath, getAt, formatPath, pathStartsWith } from './jsonpath.js';
import { byteToUtf16, positionToUtf16 } from './offsets.js';
import { valueRange, literalOffsetToDecoded } from './jsonspan.js';
import { encodeShare, decodeShare, parseFragment, ShareError, WARN_LINK_CHARS } from './share.js';
import { markdownText, markdownUrl } from './share-markdown.js';
import { storage } from './storage.js';
import { presetIndex, presetText } from './presets.js';
import { renderMarkdown } from './markdown.js';
import { describeStep, decisionLabel } from './labels.js';
import { enableOffline } from './offline.js';
import { droppedFiles, pickedFiles, readFiles, isScenarioText } from './export-files.js';
import { renderImportReport } from './import-view.js';
import { createWhoCanPanel, createReachPanel } from './queries.js';
import { createMatrixPanel } from './matrix.js';
import { isBarePolicy, wrapOffer } from './bare-policy.js';
import { createGallery } from './gallery.js';
import { createWhatIfPanel } from './whatif.js';
import { withoutPolicies } from './exclusions.js';
import { createProgress, sizeText, nextPaint } from './progress.js';
import { createStatementPopover, statementText, SHOW_STATEMENT_TITLE } from './statement-popover.js';
import { createDiagramPanel } from './diagram-view.js';
import { principalPolicies } from './diagram-policies.js';
import { createEmbedView } from './embed-view.js';

const AUTOSAVE_KEY = 'iam-playground:work';
const SETTINGS_KEY = 'iam-playground:settings';
const DEFAULT_PRESET = '01-dev-prod-readonly-mfa';
const RUN_DEBOUNCE_MS = 60;

export const metrics = { navigationToFirstDecisionMs: null, evaluations: [], renders: [] };

/** Remembers that the reader has opened a step: the first-run hint is not shown again. */
const HINT_KEY = 'iam-playground:hint-seen';

export async function startPlayground(root, options = {}) {
  const params = new URLSearchParams(location.search);
  const frag = parseFragment(location.hash);
  const embed = params.get('embed') === '1' || frag.get('embed') === '1';
  // an embed that starts in its "Edit here" mode (&edit=1, <iam-playground editable>)
  const editAtStart = embed && (params.get('edit') === '1' || frag.get('edit') === '1');
  const settings = readSettings();
  const plain = params.get('editor') === 'plain' || frag.get('editor') === 'plain' || settings.editor === 'plain';
  // editors start as plain text areas and become CodeMirror once its chunk has loaded, so the
  // first decision never waits for the editor bundle
  initEditorMode(plain || embed ? 'plain' : 'code');
  if (settings.theme && settings.theme !== 'system') document.documentElement.dataset.theme = settings.theme;

  // the last results that ran, shown dimmed while the scenario cannot run (last-good.js)
  const lastGood = createLastGood();
  const state = {
    hintSeen: storage.read(HINT_KEY) === '1',
    scenario: null,
    text: '',
    report: null,
    failure: null,
    ms: null,
    presetId: null,
    presetEntry: null,
    dirty: false,
    openSteps: new Set(),
    openPaths: new Set(),
    tab: 'world',
    structStale: false,
    embed,
    editing: false, // an embed in its "Edit here" mode
    undo: [],
    lastHash: null,
    sharedEngine: null,
    engineMode: 'page',
    baseline: null, // each step's decision when the scenario was loaded: what-if comparisons
    baselineText: null, // the scenario's text when the baseline was pinned (the `diff` op's "before")
    baselineAt: null,
    scenarioGen: 0, // counts scenario replacements: results of a replaced scenario are dropped
    excluded: new Set(), // policies left out of evaluation (exclusions.js keys)
    exclusionRef: null, // each step's decision with every policy included, while some are excluded
    evalMap: null, // {scenario, toOriginal} of the copy evaluated while policies are excluded
    resultsTab: 'results',
  };
  const policyEditors = new Map();
  const cards = new Set();
  // the AWS action catalogue: loaded after the first decision is on screen (or at the first
  // completion or hover), then the scenario is evaluated again so its findings appear
  let firstDecisionSeen;
  const firstDecision = new Promise((resolve) => (firstDecisionSeen = resolve));
  const catalogue = createCatalogue({ worker: () => (workerEngine ? workerEngine : null), api: (request) => runApi(request), onInstalled: () => runNow(false) });
  setEditorHelp(catalogue.help);
  setTraceHelp(catalogue.help);

  // ---------- layout ----------
  // the gallery of presets, with the built-in example first
  const builtinInfo = (() => {
    try {
      const d = JSON.parse(options.defaultScenario || 'null');
      return { title: d && d.title, summary: d && (d.summary || null), steps: d && Array.isArray(d.steps) ? d.steps.length : 0 };
    } catch {
      return { title: 'The built-in example' };
    }
  })();
  const gallery = createGallery({
    list: () => presetIndex(),
    builtin: builtinInfo,
    onOpen: (id) => (id ? loadPreset(id) : loadText(options.defaultScenario, { source: 'default' })),
  });
  const presetSelect = h('select', { id: 'preset-select', dataset: { testid: 'preset-select' } }, h('option', { value: '' }, 'Choose a preset…'));
  // stable hooks (docs/web-api.md): engine-status data-state loading → ready | error,
  // with engine-version (the bare version) inside once ready
  const versionEl = h('span', { class: 'version', dataset: { testid: 'engine-status', state: 'loading' }, title: 'Evaluation engine version', 'aria-live': 'polite' }, 'loading the engine…');
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true', dataset: { testid: 'import-input' } });
  // AWS exports: several files, or a whole folder (webkitdirectory); drops are handled below
  const exportFilesInput = h('input', { type: 'file', multiple: true, class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true', dataset: { testid: 'import-aws-files-input' } });
  const exportDirInput = h('input', { type: 'file', multiple: true, webkitdirectory: true, class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true', dataset: { testid: 'import-aws-folder-input' } });
  const mergeToggle = h('input', { type: 'checkbox', id: 'merge-toggle', dataset: { testid: 'merge-toggle' } });
  const importOut = h('div', { class: 'share-out import-out', hidden: true, dataset: { testid: 'import-report' } });
  const importProgress = createProgress('import-progress');
  const dropOverlay = h('div', { class: 'drop-overlay', hidden: true, dataset: { testid: 'drop-overlay' } }, h('div', null, 'Drop AWS export files or a folder to import them', h('div', { class: 'small' }, 'Nothing is uploaded: the engine reads them in this page.')));
  const plainToggle = h('input', { type: 'checkbox', id: 'plain-toggle', checked: editorMode() === 'plain', dataset: { testid: 'plain-toggle' } });
  const themeSelect = h(
    'select',
    { id: 'theme-select' },
    ['system', 'light', 'dark'].map((t) => h('option', { value: t, selected: (settings.theme || 'system') === t }, t === 'system' ? 'System' : t === 'light' ? 'Light' : 'Dark')),
  );
  const notices = h('div', { class: 'notices', role: 'alert', 'aria-live': 'assertive', dataset: { testid: 'notices' } });
  const toast = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', dataset: { testid: 'toast' } });
  const shareOut = h('div', { class: 'share-out', hidden: true, dataset: { testid: 'share-panel' } });

  const header = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'brand' }, h('h1', null, 'IAM Policy Playground'), versionEl, catalogue.status),
    h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Scenario actions' },
      h('label', { for: 'preset-select', class: 'inline-label' }, 'Preset'),
      presetSelect,
      gallery.button,
      h('button', { type: 'button', dataset: { testid: 'new-button' }, onclick: () => loadText(scenarioText(emptyScenario()), { source: 'new' }) }, 'New'),
      h('button', { type: 'button', dataset: { testid: 'import-button' }, onclick: () => fileInput.click() }, 'Import…'),
      h('span', { class: 'import-group', role: 'group', 'aria-label': 'Import an AWS export' },
        h('button', { type: 'button', dataset: { testid: 'import-aws-files' }, title: 'Pick the JSON files an AWS export wrote (or drop files or a folder anywhere on the page)', onclick: () => exportFilesInput.click() }, 'Import AWS export…'),
        h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'import-aws-folder' }, title: 'Pick an export folder', onclick: () => exportDirInput.click() }, 'Folder…'),
        h('span', { class: 'toggle' }, mergeToggle, h('label', { for: 'merge-toggle' }, 'Merge into the current scenario')),
      ),
      h('button', { type: 'button', dataset: { testid: 'export-button' }, onclick: exportFile }, 'Export'),
      h('button', { type: 'button', dataset: { testid: 'share-button' }, onclick: share }, 'Share link'),
      h('button', { type: 'button', dataset: { testid: 'embed-button' }, onclick: embedSnippet }, 'Embed'),
      h('span', { class: 'toggle' }, plainToggle, h('label', { for: 'plain-toggle' }, 'Plain text editors')),
      h('label', { for: 'theme-select', class: 'inline-label' }, 'Theme'),
      themeSelect,
    ),
    fileInput,
    exportFilesInput,
    exportDirInput,
  );

  const tabs = [
    { id: 'world', label: 'World' },
    { id: 'steps', label: 'Steps' },
    { id: 'json', label: 'JSON' },
  ];
  const tabButtons = tabs.map((t, i) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${t.id}`,
        'aria-controls': `panel-${t.id}`,
        'aria-selected': 'false',
        tabindex: '-1',
        dataset: { testid: `tab-${t.id}` },
        onclick: () => showTab(t.id),
        onkeydown: (e) => {
          const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
          if (!d) return;
          e.preventDefault();
          const next = tabs[(i + d + tabs.length) % tabs.length];
          showTab(next.id);
          document.getElementById(`tab-${next.id}`).focus();
        },
      },
      t.label,
    ),
  );
  const panels = {
    world: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'panel-world', 'aria-labelledby': 'tab-world', dataset: { testid: 'panel-world' } }),
    steps: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'panel-steps', 'aria-labelledby': 'tab-steps', dataset: { testid: 'panel-steps' } }),
    json: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'panel-json', 'aria-labelledby': 'tab-json', dataset: { testid: 'panel-json' } }),
  };
  const rawEditor = createEditor({ label: 'Scenario JSON', text: '', testid: 'raw-editor', rows: 30, onChange: onRawChange });
  // a bare IAM policy pasted or imported where a scenario is expected: the offer to wrap it
  const wrapHolder = h('div', { class: 'wrap-holder', dataset: { testid: 'wrap-holder' } });
  function offerWrap(doc) {
    clear(wrapHolder);
    if (!doc) return;
    wrapHolder.append(
      wrapOffer(
        doc,
        (scenario) => {
          clear(wrapHolder);
          loadText(scenarioText(scenario), { source: 'import' });
        },
        () => clear(wrapHolder),
      ),
    );
  }
  panels.json.append(
    h('p', { class: 'hint' }, 'The whole scenario as JSON (format iam-playground/scenario@1). Edits here and in the World and Steps tabs stay in sync.'),
    rawEditor.el,
  );
  const datalists = h('div', { hidden: true });

  const aboutEl = h('section', { class: 'about', 'aria-label': 'About this scenario', dataset: { testid: 'about' } });
  const resultsEl = h('div', { class: 'results', dataset: { testid: 'results' } });
  const runButton = h('button', { type: 'button', class: 'primary', dataset: { testid: 'run-button' }, onclick: () => runNow(true), title: 'Ctrl+Enter' }, 'Run now');
  const openFull = h('a', { class: 'open-full', target: '_blank', rel: 'noopener', dataset: { testid: 'open-full' }, href: '#' }, 'Open in full playground ↗');

  const editorPane = h(
    'section',
    { class: 'pane editor-pane', 'aria-label': 'Scenario editor' },
    h('div', { class: 'tablist', role: 'tablist', 'aria-label': 'Scenario editor views' }, tabButtons),
    wrapHolder,
    Object.values(panels),
    datalists,
  );
  // the results pane's views: the run's results, and the questions asked of the world
  const queryCtx = {
    scenario: () => state.scenario,
    text: () => state.text,
    runApi: (req, onProgress) => runApi(req, onProgress),
    openSteps: (steps, label) => openAsSteps(steps, label),
    gotoPolicy: (path) => {
      const ed = reveal(path);
      if (ed) {
        ed.el.scrollIntoView({ block: 'nearest' });
        ed.focus();
      } else {
        showTab('json');
      }
    },
  };
  const whoCan = createWhoCanPanel(queryCtx);
  const reach = createReachPanel(queryCtx);
  const whatIf = createWhatIfPanel({
    ...queryCtx,
    effectiveText: () => evalText(),
    baselineText: () => state.baselineText,
    baselineWhen: () => (state.baselineAt ? `at ${state.baselineAt.toLocaleTimeString('en-GB')}` : 'when the scenario was opened'),
    pinBaseline: () => pinBaseline(),
    excluded: state.excluded,
    setExcluded: (key, on) => {
      if (on) state.excluded.add(key);
      else state.excluded.delete(key);
      exclusionsChanged();
    },
    clearExclusions: () => {
      state.excluded.clear();
      exclusionsChanged();
    },
    onExclusionDiff: (answer) => {
      if (!answer && state.exclusionRef === null) return;
      const next = answer && Array.isArray(answer.steps) ? answer.steps : null;
      const ref = next && state.report ? state.report.steps.map((x) => (x && 'decision' in x ? x.decision : null)) : null;
      if (ref) for (const f of next) if (f && Number.isInteger(f.index) && f.before) ref[f.index] = f.before;
      state.exclusionRef = ref;
      rerenderResults();
    },
  });
  const matrix = createMatrixPanel({ ...queryCtx, effectiveText: () => evalText(), onGoto: (origin, span) => gotoOrigin(origin, span) });
  // the world-and-chain diagram: a results tab, and a collapsible section in an embed
  const diagram = createDiagramPanel({
    scenario: () => state.scenario,
    report: () => state.report,
    notice: (msg) => notice(msg),
    onOpenNode: (path, name) => openNode(path, name),
  });
  const embedDiagram = embed ? h('details', { class: 'embed-diagram', dataset: { testid: 'embed-diagram' } }, h('summary', null, 'Diagram'), diagram.el) : null;
  if (embedDiagram) embedDiagram.addEventListener('toggle', () => embedDiagram.open && diagram.refresh());
  const resultTabs = [
    { id: 'results', label: 'Results' },
    { id: 'whocan', label: 'Who can?' },
    { id: 'reach', label: 'Reach' },
    { id: 'matrix', label: 'Test matrix' },
    { id: 'whatif', label: 'What if' },
    { id: 'diagram', label: 'Diagram' },
  ];
  const resultPanels = {
    results: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'rpanel-results', 'aria-labelledby': 'rtab-results' }, aboutEl, resultsEl),
    whocan: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'rpanel-whocan', 'aria-labelledby': 'rtab-whocan', hidden: true }, whoCan.el),
    reach: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'rpanel-reach', 'aria-labelledby': 'rtab-reach', hidden: true }, reach.el),
    matrix: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'rpanel-matrix', 'aria-labelledby': 'rtab-matrix', hidden: true }, matrix.el),
    whatif: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'rpanel-whatif', 'aria-labelledby': 'rtab-whatif', hidden: true }, whatIf.el),
    diagram: h('div', { class: 'tabpanel', role: 'tabpanel', id: 'rpanel-diagram', 'aria-labelledby': 'rtab-diagram', hidden: true }, embed ? null : diagram.el),
  };
  const resultTabButtons = resultTabs.map((t, i) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `rtab-${t.id}`,
        'aria-controls': `rpanel-${t.id}`,
        'aria-selected': String(t.id === 'results'),
        tabindex: t.id === 'results' ? '0' : '-1',
        dataset: { testid: `rtab-${t.id}` },
        onclick: () => showResultsTab(t.id),
        onkeydown: (e) => {
          const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
          if (!d) return;
          e.preventDefault();
          const next = resultTabs[(i + d + resultTabs.length) % resultTabs.length];
          showResultsTab(next.id);
          document.getElementById(`rtab-${next.id}`).focus();
        },
      },
      t.label,
    ),
  );
  // an embed's bar, lesson and Results / Policies views (embed-view.js)
  const embedView = embed
    ? createEmbedView({
        openFull,
        scenario: () => state.scenario,
        text: () => state.text,
        report: () => state.report,
        reportText: () => state.reportText,
        editing: () => state.editing,
        dirty: () => state.dirty,
        setEditing: (on) => setEditing(on),
        reset: () => resetEmbed(),
        gotoPolicy: (path) => queryCtx.gotoPolicy(path),
        baseline: () => state.baseline,
        showResults: () => resultsEl.scrollIntoView({ block: 'start' }),
      })
    : null;
  const resultsPane = h(
    'section',
    { class: 'pane results-pane', 'aria-label': 'Results' },
    h('div', { class: 'results-head' }, h('h2', { id: 'results-title', tabindex: '-1' }, 'Results'), embed ? null : runButton),
    embed ? null : h('div', { class: 'tablist', role: 'tablist', 'aria-label': 'Results and questions' }, resultTabButtons),
    embed ? embedView.content(aboutEl, embedDiagram, resultsEl) : Object.values(resultPanels),
  );

  function showResultsTab(id) {
    state.resultsTab = id;
    resultTabButtons.forEach((b, i) => {
      const sel = resultTabs[i].id === id;
      b.setAttribute('aria-selected', String(sel));
      b.tabIndex = sel ? 0 : -1;
    });
    for (const [k, p] of Object.entries(resultPanels)) p.hidden = k !== id;
    if (id === 'whocan') whoCan.refreshLists();
    if (id === 'reach') reach.refreshLists();
    if (id === 'matrix') matrix.refreshLists();
    if (id === 'whatif') whatIf.refresh({ visible: true });
    // the diagram is wide: its tab gives the results pane most of the width
    root.querySelector('.layout')?.classList.toggle('diagram-wide', id === 'diagram');
    if (id === 'diagram') diagram.refresh();
  }
  clear(root);
  root.classList.add('iam-playground');
  if (embed) document.documentElement.classList.add('embed');
  const footer = embed
    ? null
    : h(
        'footer',
        { class: 'footer muted small' },
        'Everything runs in your browser: nothing you type is uploaded. Keyboard: Ctrl/⌘+Enter runs now; ← → switch the editor tabs; Tab leaves a policy editor (Esc first if a completion is open).',
      );
  // append() skips the parts an embed leaves out (Element.append would print them as "null")
  // an embed's editor pane stays hidden until "Edit here"
  if (embed) editorPane.hidden = true;
  append(root, [embed ? embedView.bar : header, notices, importProgress.el, importOut, shareOut, h('div', { class: 'layout' }, editorPane, resultsPane), footer, toast, embed ? null : dropOverlay, embed ? null : gallery.dialog]);

  // ---------- context for the structured editor ----------
  const formCtx = {
    openPaths: state.openPaths,
    get scenario() {
      return state.scenario;
    },
    changed: () => onStructChange(),
    rerender: () => renderStructured(),
    registerEditor(path, ed) {
      policyEditors.set(path, ed);
      applyEditorDiagnostics(path, ed);
    },
    registerCard(det) {
      cards.add(det);
    },
    datalistId: (name) => `dl-${name}`,
    // renames and field diagnostics (renames.js, field-errors.js)
    snapshot: () => state.text,
    renamed: (change, before) => onRename(change, before),
    cardBuilt: (det) => showFieldErrors(det, fieldDiagnostics()),
  };

  /** A name committed in the form: its references follow, with an undo back to `before`. */
  function onRename(change, before) {
    const { count, paths } = renameReferences(state.scenario, change);
    if (!count) return;
    onStructChange();
    refreshFields(editorPane, paths);
    for (const [path, ed] of policyEditors) {
      if (!paths.some((p) => pathStartsWith(p, path))) continue;
      const doc = getAt(state.scenario, parsePath(path));
      ed.setText(typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
    }
    const undo = () => {
      onRawChange(before);
      if (state.tab === 'json') rawEditor.setText(before);
      else renderStructured();
      showToast('Rename undone.', false);
    };
    showToast(`Renamed ${renameText(change)}; ${referencesText(count)} to it followed.`, typeof before === 'string' ? { label: 'Undo rename', testid: 'undo-rename', run: undo } : false);
  }

  /** The report's diagnostics, their paths in the scenario's own spelling. */
  function fieldDiagnostics() {
    if (!state.report || !Array.isArray(state.report.diagnostics)) return [];
    const map = state.reportEvalMap;
    return map ? state.report.diagnostics.map((d) => (typeof d.path === 'string' ? { ...d, path: map.toOriginal(d.path) } : d)) : state.report.diagnostics;
  }

  function renderDatalists() {
    clear(datalists);
    if (!state.scenario) return;
    const s = suggestions(state.scenario);
    for (const [name, values] of Object.entries(s)) {
      datalists.append(h('datalist', { id: `dl-${name}` }, [...new Set(values.filter((v) => typeof v === 'string'))].map((v) => h('option', { value: v }))));
    }
  }

  function renderStructured() {
    policyEditors.clear();
    cards.clear();
    clear(panels.world);
    clear(panels.steps);
    const s = state.scenario;
    const isObjList = (v) => v === undefined || (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && !Array.isArray(x)));
    const shapeOk =
      s && typeof s === 'object' && !Array.isArray(s) && isObjList(s.accounts) && isObjList(s.steps) && (s.organization === undefined || (s.organization && typeof s.organization === 'object'));
    if (!shapeOk) {
      const msg = h(
        'p',
        { class: 'notice notice-error', dataset: { testid: 'structured-unavailable' } },
        s === null ? 'The scenario JSON does not parse, so the structured editor is unavailable. Fix it in the JSON tab.' : 'The scenario does not have the shape of a scenario (accounts and steps must be lists of objects), so the structured editor is unavailable. Fix it in the JSON tab.',
      );
      panels.world.append(msg);
      panels.steps.append(msg.cloneNode(true));
    } else {
      if (!Array.isArray(state.scenario.accounts)) state.scenario.accounts = [];
      renderWorld(panels.world, state.scenario, formCtx);
      renderSteps(panels.steps, state.scenario, formCtx);
      renderDatalists();
      showFieldErrors(editorPane, fieldDiagnostics());
    }
    state.structStale = false;
    pruneEditors();
  }

  function showTab(id) {
    state.tab = id;
    tabButtons.forEach((b, i) => {
      const sel = tabs[i].id === id;
      b.setAttribute('aria-selected', String(sel));
      b.tabIndex = sel ? 0 : -1;
    });
    for (const [k, p] of Object.entries(panels)) p.hidden = k !== id;
    if ((id === 'world' || id === 'steps') && state.structStale) renderStructured();
    if (id === 'json') rawEditor.setText(state.text);
  }

  // ---------- about / title ----------
  function renderAbout() {
    clear(aboutEl);
    const s = state.scenario;
    const title = s && typeof s.title === 'string' ? s.title : 'Untitled scenario';
    document.title = `${title} — IAM Policy Playground`;
    if (embedView) embedView.setTitle(title);
    const isLesson = state.presetEntry && state.presetEntry.kind === 'lesson';
    aboutEl.append(h('h2', { class: 'scenario-title', dataset: { testid: 'scenario-title' } }, title));
    if (state.sharedEngine && engineVersion() && state.sharedEngine !== engineVersion()) {
      aboutEl.append(h('p', { class: 'notice' }, `Shared with engine ${state.sharedEngine}; this playground runs engine ${engineVersion()}. Results may differ.`));
    }
    if (state.presetEntry && state.dirty && !state.embed) {
      aboutEl.append(
        h(
          'p',
          { class: 'muted small' },
          `You changed this ${isLesson ? 'lesson' : 'preset'}. `,
          h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'reset-preset' }, onclick: () => loadPreset(state.presetEntry.id) }, `Start the ${isLesson ? 'lesson' : 'preset'} again`),
        ),
      );
    }
    if (embedView) {
      append(aboutEl, [embedView.lesson(s, state.presetEntry ? state.presetEntry.kind || 'walkthrough' : null)]);
      embedView.sync();
    } else if (s && typeof s.description === 'string' && s.description.trim()) {
      const det = h('details', { class: 'description', open: isLesson, dataset: { testid: 'description' } }, h('summary', null, isLesson ? 'Lesson' : 'Description'), renderMarkdown(s.description));
      aboutEl.append(det);
    }
  }

  // ---------- evaluation ----------
  // the pause before re-evaluating grows with the engine's last time, so typing never
  // queues up evaluations of a large scenario (and a small one re-runs almost at once)
  let scheduleRun = debounce(() => runNow(false), RUN_DEBOUNCE_MS);
  let debounceMs = RUN_DEBOUNCE_MS;
  function tuneDebounce(lastMs) {
    const want = Math.min(600, Math.max(RUN_DEBOUNCE_MS, Math.round(lastMs * 2)));
    if (Math.abs(want - debounceMs) < 20) return;
    scheduleRun.cancel();
    debounceMs = want;
    scheduleRun = debounce(() => runNow(false), debounceMs);
  }

  // evaluations run in a Web Worker once it is ready (typing stays smooth whatever the size
  // of the trace); before that, and where workers are unavailable, on the page's thread
  let workerEngine = null;
  let workerReady = false;
  let inFlight = false;
  let rerun = false;

  function runNow(userAsked) {
    scheduleRun.cancel();
    if (userAsked) document.getElementById('results-title')?.focus();
    if (workerEngine && workerReady) {
      runInWorker();
      return;
    }
    runOnPage();
  }

  /**
   * The text the engine evaluates: the scenario itself, or while policies are excluded, a copy
   * without them (state.evalMap then maps the copy's paths back to the scenario's).
   */
  function evalText() {
    state.evalMap = null;
    if (!state.excluded.size || !state.scenario || typeof state.scenario !== 'object') return state.text;
    const { scenario, toOriginal } = withoutPolicies(state.scenario, state.excluded);
    state.evalMap = { scenario, toOriginal };
    return scenarioText(scenario);
  }

  function runOnPage() {
    const text = evalText();
    applyResult(simulate(text), text, null);
  }

  async function runInWorker() {
    if (inFlight) {
      rerun = true;
      return;
    }
    inFlight = true;
    const source = state.text;
    const gen = state.scenarioGen;
    const text = evalText();
    const evalMap = state.evalMap;
    const t0 = performance.now();
    const res = await workerEngine.simulate(text);
    inFlight = false;
    state.evalMap = evalMap;
    // a result for a scenario that was replaced meanwhile would become the new one's baseline
    if (gen === state.scenarioGen) applyResult(res, text, res.id, performance.now() - t0);
    if (rerun || source !== state.text) {
      rerun = false;
      runInWorker();
    }
  }

  function applyResult({ report, ms, failure, loading = false }, text, workerId, roundTripMs) {
    const t0 = performance.now();
    state.report = report;
    state.reportText = text;
    state.reportEvalMap = state.evalMap;
    if (report && state.baseline === null && !report.invalid && !state.evalMap) {
      state.baseline = report.steps.map((x) => (x && 'decision' in x ? x.decision : null));
      if (state.baselineText === null) {
        state.baselineText = state.text;
        state.baselineAt = null;
      }
    }
    state.failure = failure;
    state.loading = loading;
    state.ms = report ? ms : null;
    state.workerId = workerId;
    if (report) {
      metrics.evaluations.push(ms);
      tuneDebounce(workerId ? 0 : ms);
    }
    rerenderResults();
    scheduleWhatIf();
    dispatchDiagnostics();
    metrics.renders.push(performance.now() - t0 + (roundTripMs || 0));
    if (report && metrics.navigationToFirstDecisionMs === null) {
      metrics.navigationToFirstDecisionMs = performance.now();
      firstDecisionSeen();
      try {
        performance.mark('iam-playground:first-decision');
      } catch {
        /* ignore */
      }
    }
  }

  /** The results of the last evaluation, drawn again (e.g. when the what-if reference changed). */
  function rerenderResults() {
    if (state.loading && versionEl.dataset.state === 'loading') {
      // the engine is on its way: a neutral status, not an error
      clear(resultsEl);
      resultsEl.append(loadingStatus());
      return;
    }
    const excluding = !!state.reportEvalMap;
    // drawing again replaces the results' elements: a keyboard user's focus on a step's
    // summary moves to the same step's new summary instead of falling back to the page
    const active = document.activeElement;
    const focusedStep = active && resultsEl.contains(active) && active.tagName === 'SUMMARY' ? active.closest('[data-testid="step"]')?.dataset.stepIndex : undefined;
    // while the scenario cannot run, the last results that ran stay, dimmed (last-good.js)
    const shown = lastGood.view(state.report, state.scenario);
    renderResults(resultsEl, {
      report: shown.report,
      scenario: shown.scenario,
      stale: shown.stale,
      lastDecision: shown.lastDecision,
      failure: state.loading ? 'The evaluation engine could not start, so there are no results.' : state.failure,
      ms: state.ms,
      openSteps: state.openSteps,
      baseline: excluding ? state.exclusionRef : state.baseline,
      flipsSince: excluding ? 'with every policy included' : 'since the scenario was opened',
      excluded: excluding ? state.excluded.size : 0,
      onShowWhatIf: state.embed ? null : () => showResultsTab('whatif'),
      onResetBaseline: () => pinBaseline(),
      loadTrace: state.workerId ? ((id) => (i) => workerEngine.trace(id, i))(state.workerId) : null,
      // an embed has no editor (until "Edit here"): a statement link shows the statement's text instead
      onGoto: state.embed && !state.editing ? showStatement : gotoOrigin,
      gotoTitle: state.embed && !state.editing ? SHOW_STATEMENT_TITLE : null,
      onEditStep: state.embed && !state.editing
        ? null
        : (i) => {
            reveal(formatPath(['steps', i]));
            const card = [...cards].find((c) => c.dataset.cardPath === formatPath(['steps', i]));
            if (card) {
              card.scrollIntoView({ block: 'nearest' });
              card.querySelector('summary')?.focus();
            }
          },
      onGotoDiagnostic: gotoDiagnostic,
      hint: !state.hintSeen,
      onToggle: (i, open) => {
        if (open) {
          state.openSteps.add(i);
          diagram.select(i);
          if (!state.hintSeen) {
            state.hintSeen = true;
            storage.write(HINT_KEY, '1');
            resultsEl.querySelector('[data-testid="first-hint"]')?.remove();
          }
        } else state.openSteps.delete(i);
      },
    });
    diagram.invalidate();
    if (focusedStep !== undefined && !resultsEl.contains(document.activeElement)) {
      resultsEl.querySelector(`[data-testid="step"][data-step-index="${CSS.escape(focusedStep)}"] summary`)?.focus();
    }
    if (embedView) embedView.refresh();
  }

  // ---------- what if: baseline, exclusions ----------
  const scheduleWhatIf = debounce(() => {
    if (state.embed) return;
    if (state.resultsTab === 'whatif' || state.excluded.size) whatIf.refresh({ visible: state.resultsTab === 'whatif' });
  }, 250);

  function pinBaseline() {
    state.baseline = null;
    state.baselineText = state.text;
    state.baselineAt = new Date();
    runNow(false);
    if (state.resultsTab === 'whatif') whatIf.refresh({ visible: true });
  }

  /**
   * The scenario was replaced (loaded, imported, pasted over): the next evaluation of the new
   * scenario becomes the baseline, and an evaluation of the old one still in flight is dropped.
   */
  function forgetBaseline() {
    lastGood.reset();
    state.baseline = null;
    state.baselineText = null;
    state.baselineAt = null;
    state.excluded.clear(); // keys name places in the scenario that was replaced
    state.exclusionRef = null;
    state.scenarioGen += 1;
  }

  function exclusionsChanged() {
    state.exclusionRef = null;
    whatIf.renderToggles();
    runNow(false);
  }
  /**
   * Diagnostics come in scenario-file positions. For a policy pasted as a string, find its
   * literal in the simulated text and map the positions into the decoded policy text.
   * Returns Map(path -> [diagnostic with policy-relative start/end]).
   */
  function policyDiagnostics() {
    const out = new Map();
    if (!state.report || !state.scenario || !state.report.diagnostics.length) return out;
    const text = state.reportText;
    // while policies are excluded the report is about a copy: its paths map back to the scenario
    const evaluated = state.reportEvalMap ? state.reportEvalMap.scenario : state.scenario;
    const toOriginal = state.reportEvalMap ? state.reportEvalMap.toOriginal : (x) => x;
    for (const { path: copyPath, segs } of policyLocations(evaluated)) {
      if (typeof getAt(evaluated, segs) !== 'string') continue;
      const path = toOriginal(copyPath);
      const mine = state.report.diagnostics.filter((d) => typeof d.path === 'string' && pathStartsWith(d.path, copyPath));
      if (!mine.length) continue;
      const range = valueRange(text, segs);
      const mapped = [];
      for (const d of mine) {
        const a = range && d.start ? literalOffsetToDecoded(text, range[0], range[1], positionToUtf16(text, d.start)) : null;
        const b = range && d.end ? literalOffsetToDecoded(text, range[0], range[1], positionToUtf16(text, d.end)) : null;
        mapped.push({ ...d, start: a === null ? { offsetUtf16: 0 } : { offsetUtf16: a }, end: { offsetUtf16: b === null ? (a === null ? 0 : a) : b }, unplaced: a === null });
      }
      out.set(path, mapped);
    }
    return out;
  }
  let policyDiagCache = new Map();

  function applyEditorDiagnostics(path, ed) {
    ed.setEngineDiagnostics(policyDiagCache.get(path) || [], ed.getText());
  }

  function dispatchDiagnostics() {
    policyDiagCache = policyDiagnostics();
    for (const [path, ed] of policyEditors) applyEditorDiagnostics(path, ed);
    rawEditor.setEngineDiagnostics(state.report ? state.report.diagnostics : [], state.reportText);
    showFieldErrors(editorPane, fieldDiagnostics());
  }

  function policyPathOf(d) {
    for (const [path, list] of policyDiagCache) if (list.some((x) => x.code === d.code && x.path === d.path && x.message === d.message)) return path;
    return null;
  }

  // ---------- navigation from the trace / diagnostics to editors ----------
  function reveal(path) {
    const segs = parsePath(path);
    if (!segs) return null;
    showTab(segs[0] === 'steps' ? 'steps' : 'world');
    for (let k = 1; k <= segs.length; k++) {
      const p = formatPath(segs.slice(0, k));
      const det = [...cards].find((c) => c.dataset.cardPath === p);
      if (det) {
        det.open = true;
        state.openPaths.add(p);
        det._build();
      }
    }
    return policyEditors.get(path) || null;
  }

  function gotoOrigin(origin, span) {
    if (state.reportEvalMap) origin = state.reportEvalMap.toOriginal(origin);
    const segs = parsePath(origin);
    const value = segs && state.scenario ? getAt(state.scenario, segs) : undefined;
    if (typeof value !== 'string') {
      // a policy written as a JSON object: its spans are byte offsets into the scenario text
      showTab('json');
      rawEditor.select(byteToUtf16(state.text, span.start), byteToUtf16(state.text, span.end));
      return;
    }
    const ed = reveal(origin);
    if (!ed) return;
    const from = byteToUtf16(value, span.start);
    const to = byteToUtf16(value, span.end);
    ed.select(from, to);
    ed.el.scrollIntoView({ block: 'nearest' });
  }

  const statementPopover = embed ? createStatementPopover() : null;
  if (statementPopover) root.append(statementPopover.el);
  function showStatement(origin, span) {
    const text = statementText(state.reportEvalMap ? state.reportEvalMap.scenario : state.scenario, state.reportText, origin, span);
    statementPopover.show(policyTitle(origin), text === null ? 'The text of this statement is not available.' : text, {
      label: 'Show in Policies',
      testid: 'statement-show-policy',
      run: () => embedView.showStatement(origin, span),
    });
  }
  /** A policy's name for a reader: the names of the objects around its path (user › policy). */
  function policyTitle(origin) {
    const segs = parsePath(origin) || [];
    const names = [];
    for (let k = segs.length; k > 0 && names.length < 2; k--) {
      const v = getAt(state.scenario, segs.slice(0, k));
      if (v && typeof v === 'object' && typeof v.name === 'string') names.unshift(v.name);
    }
    return names.length ? names.join(' › ') : 'Statement';
  }

  /**
   * A diagram node was clicked: the editor's card of that principal, resource or account,
   * opened and focused; in an embed (no editor) its policies read-only in the popover.
   */
  function openNode(path, name) {
    if (embed) {
      const { title, text } = principalPolicies(state.scenario, path, name);
      statementPopover.show(title, text);
      return;
    }
    reveal(path);
    const card = [...cards].find((c) => c.dataset.cardPath === path);
    if (card) {
      card.scrollIntoView({ block: 'nearest' });
      card.querySelector('summary')?.focus({ preventScroll: true });
    }
  }

  // ---------- embed: "Edit here" and "Reset" ----------
  // the scenario the embed opened with (captured at start-up): "Reset" returns to it
  let embedStart = null;
  /** The fragment's flags that keep an embed an embed (and in its edit mode) across reloads. */
  function embedHashFlags() {
    return state.embed ? `&embed=1${state.editing ? '&edit=1' : ''}` : '';
  }
  /** Rewrite the address's edit flag (and, given, its fragment) without a history entry. */
  function writeEmbedAddress(hash = location.hash) {
    try {
      const u = new URL(location.href);
      u.searchParams.delete('edit');
      const parts = hash
        .replace(/^#/, '')
        .split('&')
        .filter((x) => x && x !== 'edit=1');
      if (state.editing) parts.push('edit=1');
      u.hash = parts.length ? `#${parts.join('&')}` : '';
      history.replaceState(null, '', u.toString());
      state.lastHash = location.hash;
    } catch {
      /* the address just stays as it was */
    }
  }
  /** Switch an embed between reading and editing in place (nothing leaves the frame). */
  function setEditing(on) {
    if (!embed || state.editing === !!on) return;
    state.editing = !!on;
    document.documentElement.classList.toggle('embed-editing', state.editing);
    editorPane.hidden = !state.editing;
    if (state.editing) {
      if (state.structStale) renderStructured();
      if (!plain) setEditorMode('code').catch(() => {});
    }
    rerenderResults();
    embedView.sync();
    writeEmbedAddress();
  }
  /** Back to the scenario the embed opened with. */
  function resetEmbed() {
    if (!embedStart) return;
    updateHash.cancel();
    loadText(embedStart.text, { source: 'autosave', presetEntry: embedStart.presetEntry, undoable: false, sharedEngine: embedStart.sharedEngine });
    state.dirty = false;
    openFull.href = embedStart.openFull;
    writeEmbedAddress(embedStart.hash);
    renderAbout();
    flash('Back to the scenario as it was embedded.');
  }

  function gotoDiagnostic(d) {
    const path = policyPathOf(d);
    if (path) {
      const ed = reveal(path);
      const diag = ed && ed.diagnostics().find((x) => x.message.startsWith(d.message));
      if (ed && diag) ed.select(diag.from, Math.max(diag.to, diag.from + 1));
      else if (ed) ed.focus();
      return;
    }
    showTab('json');
    const diag = rawEditor.diagnostics().find((x) => x.message.startsWith(d.message));
    if (diag) rawEditor.select(diag.from, Math.max(diag.to, diag.from + 1));
    else rawEditor.focus();
  }

  // ---------- changes ----------
  const autosave = debounce(() => {
    // an embed never writes the work saved in this browser: it would replace the reader's own
    if (state.embed) return;
    storage.write(AUTOSAVE_KEY, JSON.stringify({ text: state.text, preset: state.presetEntry, dirty: state.dirty, savedAt: new Date().toISOString() }));
  }, 400);
  const updateHash = debounce(async () => {
    if (!state.dirty) return;
    try {
      const value = await encodeShare(state.text, engineVersion());
      const hash = `#s=${value}${embedHashFlags()}`;
      state.lastHash = hash;
      history.replaceState(null, '', hash);
      openFull.href = fullUrl(value);
    } catch {
      /* the URL just stays as it was */
    }
  }, 1000);

  function refreshTitles() {
    for (const c of cards) c._refreshTitle && c._refreshTitle();
  }

  function changedCommon() {
    const wasDirty = state.dirty;
    state.dirty = true;
    if (!wasDirty) renderAboutDebounced();
    if (embedView) embedView.sync();
    scheduleRun();
    autosave();
    updateHash();
  }

  function onStructChange() {
    state.text = scenarioText(state.scenario);
    if (state.tab === 'json') rawEditor.setText(state.text);
    refreshTitles();
    renderDatalists();
    changedCommon();
  }

  function onRawChange(text, { replacedAll = false } = {}) {
    if (text === state.text) return;
    // a whole new scenario pasted over the JSON: what-if compares with it, not the old one
    if (replacedAll) forgetBaseline();
    state.text = text;
    try {
      state.scenario = JSON.parse(text);
    } catch {
      state.scenario = null;
    }
    offerWrap(isBarePolicy(state.scenario) ? state.scenario : null);
    state.structStale = true;
    changedCommon();
    renderAboutDebounced();
  }
  const renderAboutDebounced = debounce(renderAbout, 300);

  // ---------- loading ----------
  /**
   * Replace the current scenario. source: 'preset' | 'share' | 'import' | 'autosave' | 'new'.
   * Presets and imports get their policies normalised to text; shares and autosaves open
   * exactly as saved.
   */
  function loadText(text, { source, presetEntry = null, undoable = true, sharedEngine = null }) {
    if (undoable && state.dirty && state.text && state.text !== text) {
      state.undo.push({ text: state.text, presetEntry: state.presetEntry });
      showToast(`${source === 'preset' ? `Loaded “${presetEntry ? presetEntry.title : 'preset'}”` : source === 'import' ? 'Imported a file' : 'Replaced the scenario'} over your edits.`, true);
    }
    let parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (parsed && (source === 'preset' || source === 'import' || source === 'new' || source === 'default')) {
      normalisePolicies(parsed);
      text = scenarioText(parsed);
    }
    state.scenario = parsed;
    state.text = text;
    state.presetId = presetEntry ? presetEntry.id : null;
    state.presetEntry = presetEntry;
    state.sharedEngine = sharedEngine;
    state.dirty = source === 'import' || source === 'new' || (source === 'autosave' && !presetEntry);
    state.openSteps.clear();
    state.openPaths.clear();
    diagram.reset();
    forgetBaseline();
    presetSelect.value = state.presetId || '';
    rawEditor.setText(text);
    renderStructured();
    renderAbout();
    if (!parsed) showTab('json');
    runNow(false);
    autosave();
    if (state.dirty) updateHash();
    openFull.href = state.presetId ? `${baseUrl()}#preset=${encodeURIComponent(state.presetId)}` : openFull.href;
  }

  async function loadPreset(id, { undoable = true, setHash = true } = {}) {
    try {
      const { text, entry } = await presetText(id);
      loadText(text, { source: 'preset', presetEntry: entry, undoable });
      if (setHash) {
        // a preset the user chose is a history entry: Back returns to what was open before
        const hash = `#preset=${encodeURIComponent(id)}${embedHashFlags()}`;
        state.lastHash = hash;
        try {
          if (location.hash === hash) history.replaceState(null, '', hash);
          else history.pushState(null, '', hash);
        } catch {
          /* ignore */
        }
      }
      return true;
    } catch (e) {
      notice(`Could not load the preset: ${e.message}.`);
      return false;
    }
  }

  function undoLoad() {
    const prev = state.undo.pop();
    if (!prev) return;
    loadText(prev.text, { source: 'autosave', presetEntry: prev.presetEntry, undoable: false });
    state.dirty = true;
    updateHash();
    showToast('Restored your previous scenario.', false);
  }

  // ---------- share / embed / export / import ----------
  function baseUrl() {
    const u = new URL(location.href);
    u.hash = '';
    u.searchParams.delete('embed');
    u.searchParams.delete('edit');
    return u.toString().replace(/#$/, '');
  }
  function fullUrl(value) {
    return `${baseUrl()}#s=${value}`;
  }

  async function shareLink() {
    const value = await encodeShare(state.text, engineVersion());
    return fullUrl(value);
  }

  async function share() {
    let url;
    try {
      url = await shareLink();
    } catch (e) {
      notice(`Could not make a share link: ${e.message}`);
      return;
    }
    const copied = await copy(url);
    showSharePanel('Share link', url, copied ? 'Copied to the clipboard.' : 'Copy the link below.', url.length > WARN_LINK_CHARS ? `This link is ${url.length.toLocaleString('en')} characters long: some chat and wiki tools cut long links. Export the scenario as a file instead if it does not open.` : null, [
      h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'copy-markdown' }, onclick: async (e) => flashCopied(e.target, await copy(markdown(url))) }, 'Copy as Markdown with results'),
    ]);
  }

  async function embedSnippet() {
    let url;
    try {
      url = await shareLink();
    } catch (e) {
      notice(`Could not make an embed snippet: ${e.message}`);
      return;
    }
    // the page's own query (e.g. ?editor=plain) stays; embed=1 joins it rather than starting a second one
    const embedUrl = new URL(url);
    embedUrl.searchParams.set('embed', '1');
    if (state.presetId && !state.dirty) embedUrl.hash = `preset=${encodeURIComponent(state.presetId)}`;
    const src = embedUrl.toString();
    const title = (state.scenario && state.scenario.title) || 'scenario';
    const snippet = `<iframe src="${src.replace(/"/g, '&quot;')}" width="100%" height="480" loading="lazy" title="IAM playground: ${String(title).replace(/[<>"&]/g, ' ')}" sandbox="allow-scripts allow-same-origin allow-popups"></iframe>`;
    const copied = await copy(snippet);
    showSharePanel('Embed snippet', snippet, copied ? 'Copied to the clipboard.' : 'Copy the snippet below.', null);
  }

  /** A Markdown summary for wikis and tickets: the link and a table of the steps' results. */
  function markdown(url) {
    const title = (state.scenario && state.scenario.title) || 'IAM playground scenario';
    const rows = state.report ? state.report.steps.filter((x) => 'decision' in x || typeof x.notEvaluated === 'string') : [];
    const cell = markdownText;
    const lines = [`[${cell(title)}](${markdownUrl(url)})`, ''];
    if (rows.length) {
      lines.push('| # | request | decision | expected |', '| - | - | - | - |');
      for (const r of rows) {
        const step = state.scenario && Array.isArray(state.scenario.steps) ? state.scenario.steps[r.index] : null;
        const shown = typeof r.notEvaluated === 'string' ? 'Not evaluated' : r.error && r.error.code === 'CannotEvaluate' ? 'Cannot evaluate' : decisionLabel(r.decision);
        const expected = r.expect ? `${decisionLabel(r.expect)} ${r.met === true ? '✓' : r.met === false ? '✗' : '(not counted)'}` : r.unexpectedCannotEvaluate ? '✗ could not be evaluated' : '';
        lines.push(`| ${r.index + 1} | ${cell(step ? describeStep(step) : r.kind)} | ${shown} | ${expected} |`);
      }
      lines.push('', `Engine ${engineVersion() || '?'}.`);
    }
    return `${lines.join('\n')}\n`;
  }

  function flashCopied(button, ok) {
    const old = button.textContent;
    button.textContent = ok ? 'Copied' : 'Copy failed (no clipboard access)';
    setTimeout(() => (button.textContent = old), 1500);
  }

  function showSharePanel(title, value, status, warning, extra) {
    clear(shareOut);
    const input = h('textarea', { readonly: true, rows: value.length > 300 ? '4' : '2', 'aria-label': title, dataset: { testid: 'share-url' } });
    input.value = value;
    append(shareOut, [
      h('div', { class: 'share-head' }, h('strong', null, title), ' ', h('span', { class: 'muted' }, status), h('button', { type: 'button', class: 'small-btn', onclick: () => (shareOut.hidden = true) }, 'Close')),
      input,
      warning ? h('p', { class: 'notice' }, warning) : null,
      extra ? h('div', { class: 'card-actions' }, extra) : null,
    ]);
    shareOut.hidden = false;
    input.focus();
    input.select();
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }

  function exportFile() {
    const title = (state.scenario && state.scenario.title) || 'scenario';
    downloadBlob(`${fileSlug(title)}.json`, new Blob([state.text], { type: 'application/json' }));
  }

  fileInput.addEventListener('change', async () => {
    const f = fileInput.files && fileInput.files[0];
    if (!f) return;
    if (f.size > 5_000_000) {
      notice(`“${f.name}” is larger than 5 MB; a scenario is usually a few kilobytes.`);
      return;
    }
    const text = await f.text();
    fileInput.value = '';
    let doc = null;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      doc = null;
    }
    if (isBarePolicy(doc)) {
      // a policy on its own: offer to wrap it, and keep the current scenario until then
      showTab('json');
      offerWrap(doc);
      return;
    }
    loadText(text, { source: 'import' });
  });

  // ---------- the JSON API (import, whoCan, reach, diff): in the worker when it is ready ----------
  async function runApi(request, onProgress) {
    if (workerEngine && workerReady && typeof request.scenario === 'string') {
      // the worker may already hold this scenario as a world
      const { scenario, ...rest } = request;
      return workerEngine.api(JSON.stringify(rest), onProgress, scenario);
    }
    const text = JSON.stringify(request);
    if (workerEngine && workerReady) return workerEngine.api(text, onProgress);
    // on the page's thread: let the progress line paint first
    if (onProgress) onProgress({ stage: 'engine' });
    await nextPaint();
    return callApi(text);
  }

  /** Replace the scenario's steps by a query answer's (the world stays; Undo brings them back). */
  function openAsSteps(steps, label) {
    if (!state.scenario || typeof state.scenario !== 'object' || !Array.isArray(steps) || !steps.length) {
      notice('This answer has no steps to open.');
      return;
    }
    state.undo.push({ text: state.text, presetEntry: state.presetEntry });
    state.scenario.steps = JSON.parse(JSON.stringify(steps));
    normalisePolicies(state.scenario);
    state.openSteps.clear();
    state.openSteps.add(steps.length - 1); // the last step decides: its trace explains the path
    state.baseline = null; // the steps are new: compare with their first run
    state.baselineText = null;
    onStructChange();
    renderStructured();
    showResultsTab('results');
    runNow(false);
    showToast(`Opened ${label} as the scenario’s steps.`, true);
  }

  // ---------- import of AWS exports (files, a folder, or a drop) ----------
  async function importExport(list) {
    const merge = mergeToggle.checked && !!state.scenario;
    importProgress.set('world', `Reading ${list.length} file${list.length === 1 ? '' : 's'}`);
    const { files, skipped } = await readFiles(list);
    if (!files.length) {
      importProgress.set('failed', skipped.length ? `Nothing to import: ${skipped.map((x) => `${x.name} (${x.reason})`).join('; ')}.` : 'Nothing to import: no files.');
      return;
    }
    // a single scenario file (the playground's own format) opens as a scenario
    if (files.length === 1 && !merge && isScenarioText(files[0].text)) {
      importProgress.hide();
      loadText(files[0].text, { source: 'import' });
      return;
    }
    const bytes = files.reduce((n, f) => n + f.text.length, 0);
    importProgress.set('world', `Sending ${files.length} file${files.length === 1 ? '' : 's'} (${sizeText(bytes)}) to the engine`);
    const request = { op: 'import', files };
    if (merge) request.into = state.text;
    const t0 = performance.now();
    const { answer } = await runApi(request, ({ stage }) => stage === 'engine' && importProgress.set('engine', `Importing ${files.length} file${files.length === 1 ? '' : 's'}`));
    if (!answer || answer.type !== 'success' || !answer.scenario || typeof answer.scenario !== 'object') {
      const errs = answer && Array.isArray(answer.errors) ? answer.errors : [];
      importProgress.set('failed', `The import failed: ${errs.map((e) => e.message).join('; ') || 'the engine gave no scenario'}.`);
      return;
    }
    importProgress.set('rendering', 'Loading the imported scenario');
    const previous = { text: state.text, presetEntry: state.presetEntry };
    loadText(scenarioText(answer.scenario), { source: 'import', undoable: false });
    state.undo.push(previous); // nothing is lost: "Undo import" brings the previous scenario back
    clear(toast);
    renderImportReport(importOut, answer, {
      files: files.length,
      skipped,
      merged: merge,
      ms: performance.now() - t0,
      onUndo: () => {
        undoLoad();
        importOut.hidden = true;
      },
      onClose: () => (importOut.hidden = true),
    });
    importProgress.hide();
  }

  for (const input of [exportFilesInput, exportDirInput]) {
    input.addEventListener('change', async () => {
      const list = pickedFiles(input.files);
      input.value = '';
      if (list.length) await importExport(list);
    });
  }

  // a drop anywhere on the page (files or folders): the overlay shows while dragging files
  let dragDepth = 0;
  const hasFiles = (e) => !!e.dataTransfer && [...(e.dataTransfer.types || [])].includes('Files');
  if (!embed) {
    document.addEventListener('dragenter', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth += 1;
      dropOverlay.hidden = false;
    });
    document.addEventListener('dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    document.addEventListener('dragleave', () => {
      dragDepth = Math.max(0, dragDepth - 1);
      if (!dragDepth) dropOverlay.hidden = true;
    });
    document.addEventListener('drop', async (e) => {
      dragDepth = 0;
      dropOverlay.hidden = true;
      if (!e.dataTransfer) return;
      e.preventDefault();
      let list;
      try {
        list = await droppedFiles(e.dataTransfer);
      } catch (err) {
        notice(`Could not read what was dropped: ${err && err.message ? err.message : err}.`);
        return;
      }
      if (list.length) await importExport(list);
    });
  }

  // ---------- notices and toasts ----------
  function loadingStatus() {
    return h('p', { class: 'muted loading-status', role: 'status', dataset: { testid: 'loading' } }, 'Loading the evaluation engine…');
  }
  function notice(msg) {
    notices.append(
      h(
        'div',
        { class: 'notice notice-error', dataset: { testid: 'notice' } },
        h('span', null, msg),
        ' ',
        h('button', { type: 'button', class: 'small-btn', onclick: (e) => e.target.closest('.notice').remove() }, 'Dismiss'),
      ),
    );
  }
  function showToast(msg, withUndo) {
    clear(toast);
    append(toast, [
      h('span', null, msg),
      withUndo && withUndo.run
        ? h('button', { type: 'button', class: 'small-btn', dataset: { testid: withUndo.testid }, onclick: () => withUndo.run() }, withUndo.label)
        : withUndo
          ? h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'undo-load' }, onclick: undoLoad }, 'Undo')
          : null,
      h('button', { type: 'button', class: 'small-btn', 'aria-label': 'Dismiss', onclick: () => clear(toast) }, '×'),
    ]);
  }
  function flash(msg) {
    showToast(msg, false);
  }

  // ---------- settings ----------
  plainToggle.addEventListener('change', async () => {
    await setEditorMode(plainToggle.checked ? 'plain' : 'code');
    writeSettings({ ...readSettings(), editor: plainToggle.checked ? 'plain' : 'code' });
    dispatchDiagnostics();
  });
  themeSelect.addEventListener('change', () => {
    const t = themeSelect.value;
    if (t === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = t;
    writeSettings({ ...readSettings(), theme: t });
  });

  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      // run now; typing in an editor or a field keeps the focus there, elsewhere (a menu, a
      // button) the focus moves to the results a keyboard user asked for
      e.preventDefault();
      const typing = e.target instanceof Element && !!e.target.closest('.editor, textarea, input, [contenteditable="true"]');
      runNow(!typing);
    }
  });

  presetSelect.addEventListener('change', async () => {
    const id = presetSelect.value;
    if (id) await loadPreset(id);
  });

  // Back/Forward (popstate) and a link typed or pasted into the address (hashchange) open the
  // state the address names; an address without one returns to what the page first opened
  let startup = null;
  async function onNavigate() {
    if (location.hash === state.lastHash) return;
    updateHash.cancel();
    const f = parseFragment(location.hash);
    if (!f.has('s') && !f.has('preset') && startup) {
      state.lastHash = location.hash;
      loadText(startup.text, { source: 'default', presetEntry: startup.presetEntry, undoable: true });
      return;
    }
    await openFromLocation({ undoable: true });
  }
  window.addEventListener('popstate', onNavigate);
  window.addEventListener('hashchange', onNavigate);

  // ---------- start ----------
  /** Why a share link could not be opened, as a sentence (what is shown instead is added by the caller). */
  function shareProblem(e) {
    const kind = e instanceof ShareError ? e.kind : 'damaged';
    if (kind === 'version') return `This share link cannot be opened: ${e.message}.`;
    if (kind === 'oversized') return `This share link is too large to open: ${e.message}.`;
    return `This share link is damaged and cannot be opened: ${e.message}.`;
  }

  /** Open the scenario the address names (#s= or #preset=); false when it names none or fails. */
  async function openFromLocation({ undoable, onProblem = (p) => notice(`${p} The scenario you had open is still shown.`) }) {
    const f = parseFragment(location.hash);
    state.lastHash = location.hash;
    if (f.has('s')) {
      try {
        const { scenario, engine } = await decodeShare(f.get('s'));
        loadText(scenario, { source: 'share', undoable, sharedEngine: engine });
        state.dirty = false;
        openFull.href = fullUrl(f.get('s'));
        return true;
      } catch (e) {
        onProblem(shareProblem(e));
        return false;
      }
    }
    if (f.has('preset')) return loadPreset(f.get('preset'), { undoable, setHash: false });
    return false;
  }

  // presets list (does not block the first decision)
  presetIndex().then((list) => {
    const groups = [
      ['walkthrough', 'Walk-throughs'],
      ['lesson', 'Lessons'],
    ];
    for (const [kind, label] of groups) {
      const items = list.filter((p) => (p.kind || 'walkthrough') === kind);
      if (!items.length) continue;
      presetSelect.append(h('optgroup', { label }, items.map((p) => h('option', { value: p.id }, p.title || p.id))));
    }
    presetSelect.value = state.presetId || '';
  });

  showTab('world');
  resultsEl.append(loadingStatus());

  const engineReady = whenEngineReady().then(
    () => {
      clear(versionEl);
      versionEl.append('engine ', h('span', { dataset: { testid: 'engine-version' } }, engineVersion() || '?'));
      versionEl.dataset.state = 'ready';
      return true;
    },
    (e) => {
      versionEl.textContent = 'engine unavailable';
      versionEl.dataset.state = 'error';
      notice(`The evaluation engine could not start: ${e.message}. Editing still works; results need the engine.`);
      return false;
    },
  );

  const saved = readAutosave();
  let linkProblem = null;
  let shownInstead = '';
  let opened = await openFromLocation({ undoable: false, onProblem: (p) => (linkProblem = p) });
  if (opened && saved && saved.dirty && saved.text !== state.text) {
    // a link replaced work saved in this browser: keep it one click away
    state.undo.push({ text: saved.text, presetEntry: saved.presetEntry });
    showToast('This link replaced the work saved in this browser.', true);
  }
  if (!opened) {
    if (saved) {
      loadText(saved.text, { source: 'autosave', presetEntry: saved.presetEntry, undoable: false });
      state.dirty = saved.dirty || saved.presetEntry === null;
      if (state.dirty) showToast('Restored your work from this browser.', false);
      shownInstead = state.dirty ? 'Your work saved in this browser is shown instead.' : `“${state.presetEntry ? state.presetEntry.title : 'The scenario'}”, last opened in this browser, is shown instead.`;
      opened = true;
    }
  }
  if (!opened && options.defaultScenario) {
    loadText(options.defaultScenario, { source: 'default', undoable: false });
    shownInstead = 'The built-in example is shown instead.';
    opened = true;
  }
  if (!opened) {
    opened = await loadPreset(DEFAULT_PRESET, { undoable: false, setHash: false });
    if (opened) shownInstead = `The walk-through “${state.presetEntry ? state.presetEntry.title : DEFAULT_PRESET}” is shown instead.`;
  }
  if (!opened) {
    loadText(scenarioText(emptyScenario()), { source: 'new', undoable: false });
    shownInstead = 'An empty scenario is shown instead.';
  }
  if (linkProblem) notice(`${linkProblem} ${shownInstead}`);
  if (!state.dirty) startup = { text: state.text, presetEntry: state.presetEntry };
  if (embed) {
    embedStart = { text: state.text, presetEntry: state.presetEntry, sharedEngine: state.sharedEngine, hash: location.hash, openFull: openFull.href };
    if (editAtStart) setEditing(true);
  }

  await engineReady;
  runNow(false);
  renderAbout();
  if (!embed && editorMode() === 'code') setEditorMode('code').catch(() => {});
  if (params.get('worker') !== '0' && frag.get('worker') !== '0') {
    workerEngine = createWorkerEngine();
    if (workerEngine) {
      workerEngine.ready.then(
        () => {
          workerReady = true;
          state.engineMode = 'worker';
        },
        () => {
          workerEngine = null;
          state.engineMode = 'page';
        },
      );
    }
  }
  firstDecision.then(nextPaint).then(() => catalogue.ensure());
  enableOffline().then((r) => (state.offline = r)).catch(() => {});

  window.iamPlaygroundUI = {
    metrics,
    state,
    get text() {
      return state.text;
    },
    runNow: () => runNow(false),
    /** For the browser benchmark: one edit (the title) and its synchronous re-evaluation. */
    measureEdit() {
      if (!state.scenario) return null;
      const t0 = performance.now();
      state.scenario.title = `${state.scenario.title || ''}`.endsWith(' ') ? state.scenario.title.trimEnd() : `${state.scenario.title || ''} `;
      onStructChange();
      const t1 = performance.now();
      scheduleRun.cancel();
      runOnPage();
      const t2 = performance.now();
      return { engineMs: state.ms, evalAndRenderMs: t2 - t1, totalMs: t2 - t0 };
    },
    /** The same through the worker: time until the new decisions are on screen. */
    async measureEditInWorker() {
      if (!workerEngine || !workerReady || !state.scenario) return null;
      const t0 = performance.now();
      state.scenario.title = `${state.scenario.title || ''}`.endsWith(' ') ? state.scenario.title.trimEnd() : `${state.scenario.title || ''} `;
      onStructChange();
      scheduleRun.cancel();
      const text = state.text;
      const res = await workerEngine.simulate(text);
      applyResult(res, text, res.id);
      return { engineMs: res.ms, totalMs: performance.now() - t0 };
    },
    shareLink,
  };
  if (embed && window.parent !== window) {
    // hosts that listen can size the iframe to the content: {type, height}
    const post = () => {
      try {
        window.parent.postMessage({ type: 'iam-playground:height', height: Math.ceil(document.documentElement.scrollHeight) }, '*');
      } catch {
        /* ignore */
      }
    };
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(post).observe(document.body);
    post();
  }
  root.dataset.ready = 'true';
  document.dispatchEvent(new CustomEvent('iam-playground-ui-ready'));

  function readAutosave() {
    const raw = storage.read(AUTOSAVE_KEY);
    if (!raw) return null;
    try {
      const v = JSON.parse(raw);
      if (!v || typeof v.text !== 'string') return null;
      const p = v.preset && typeof v.preset === 'object' && typeof v.preset.id === 'string' ? v.preset : null;
      return { text: v.text, presetEntry: p ? { id: p.id, kind: p.kind === 'lesson' ? 'lesson' : 'walkthrough', title: String(p.title || p.id) } : null, dirty: v.dirty === true };
    } catch {
      return null;
    }
  }
}

function readSettings() {
  try {
    const v = JSON.parse(storage.read(SETTINGS_KEY) || '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}
function writeSettings(v) {
  storage.write(SETTINGS_KEY, JSON.stringify(v));
}
