// The embed's own parts (?embed=1): its bar (title, "Edit here", "Reset", "Open full"), the
// lesson text with its "Try it" part, the Results / Policies views, and the Policies view: every
// document of the world read-only and highlighted, one anchor per statement, so a statement link
// from a trace can scroll to its statement and mark it; under each document, the steps its
// statements decided. app.js owns the state and the editors.
import { h, clear, append } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { managedDocuments } from '../engine.js';
import { policyGroups, documentCount, statementRanges, statementAt, jsonTokens, awsManagedReference, decidedSteps, statementSid } from './policy-list.js';
import { decisionLabel, decisionClass } from './labels.js';

/** At least this tall (CSS px), an embed opens the lesson text by default. */
export const ROOMY_HEIGHT = 560;
/** With more documents than this, the Policies view starts with every owner closed. */
const OPEN_LIMIT = 12;

/** A document's text pretty-printed when it parses (AWS's copies come minified). */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A policy's text as a <pre> with JSON highlighting and one span per statement. */
export function highlightedPolicy(text, ranges = statementRanges(text)) {
  const tokens = jsonTokens(text);
  const pre = h('pre', { class: 'emb-json' });
  let ti = 0;
  const slice = (parent, a, b) => {
    let pos = a;
    while (ti < tokens.length && tokens[ti].to <= b) {
      const t = tokens[ti++];
      if (t.from < pos) continue;
      if (t.from > pos) parent.append(text.slice(pos, t.from));
      parent.append(h('span', { class: `j-${t.cls}` }, text.slice(t.from, t.to)));
      pos = t.to;
    }
    if (pos < b) parent.append(text.slice(pos, b));
  };
  let at = 0;
  for (const r of ranges) {
    // a statement on lines of its own is marked as whole lines (inline, so copied text keeps its lines)
    const lineStart = text.lastIndexOf('\n', r.from - 1) + 1;
    const nl = text.indexOf('\n', r.to);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    const whole = /^[ \t]*$/.test(text.slice(lineStart, r.from)) && /^[ \t,]*\n?$/.test(text.slice(r.to, lineEnd));
    const from = whole ? lineStart : r.from;
    const to = whole ? lineEnd : r.to;
    if (from < at) continue;
    slice(pre, at, from);
    const span = h('span', { class: `emb-stmt${whole ? ' emb-stmt-lines' : ''}`, dataset: { testid: 'embed-statement', statementIndex: String(r.index) } });
    slice(span, from, to);
    pre.append(span);
    at = to;
  }
  slice(pre, at, text.length);
  return pre;
}

/**
 * ctx: {openFull (the "Open full" link), scenario(), text() (the scenario's text), report() (the
 * last evaluation's report), reportText() (the text the trace's spans refer to), editing(), dirty(), setEditing(on), reset(),
 * gotoPolicy(path) (reveal a document in the editor), baseline() (each step's decision when the
 * scenario was opened), showResults() (scroll to the results)}.
 * Returns {bar, content(aboutEl, ...resultParts), setTitle, lesson, sync, refresh, showView,
 * showStatement(origin, span)}.
 */
export function createEmbedView(ctx) {
  const title = h('strong', { class: 'embed-title', dataset: { testid: 'embed-title' } }, '');
  const editBtn = h(
    'button',
    { type: 'button', class: 'small-btn', 'aria-pressed': 'false', dataset: { testid: 'embed-edit' }, title: 'Change the scenario in this frame (nothing leaves it)', onclick: () => ctx.setEditing(!ctx.editing()) },
    'Edit here',
  );
  const resetBtn = h('button', { type: 'button', class: 'small-btn', hidden: true, dataset: { testid: 'embed-reset' }, title: 'Return to the scenario as it was embedded', onclick: () => ctx.reset() }, 'Reset');
  // while editing, the results are below the editor: a line under the bar says what changed
  const live = h('div', { class: 'embed-live', hidden: true, role: 'status', 'aria-live': 'polite', dataset: { testid: 'embed-live' } });
  const bar = h(
    'header',
    { class: 'topbar embed-bar' },
    h('div', { class: 'embed-bar-row' }, h('div', { class: 'brand' }, title), h('div', { class: 'embed-actions' }, editBtn, resetBtn, ctx.openFull)),
    live,
  );

  // ---------- the views: Results | Policies ----------
  const views = [
    { id: 'results', label: 'Results' },
    { id: 'policies', label: 'Policies' },
  ];
  let view = 'results';
  const tabButtons = views.map((v, i) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `etab-${v.id}`,
        'aria-controls': `epanel-${v.id}`,
        'aria-selected': String(i === 0),
        tabindex: i === 0 ? '0' : '-1',
        dataset: { testid: `embed-view-${v.id}` },
        onclick: () => showView(v.id),
        onkeydown: (e) => {
          const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
          if (!d) return;
          e.preventDefault();
          const next = views[(i + d + views.length) % views.length];
          showView(next.id);
          tabButtons[views.indexOf(next)].focus();
        },
      },
      v.label,
    ),
  );
  const tabs = h('div', { class: 'tablist embed-views', role: 'tablist', 'aria-label': 'What the embed shows' }, tabButtons);
  const policiesEl = h('div', { class: 'embed-policies', dataset: { testid: 'embed-policies' } });
  const panels = {
    results: h('div', { class: 'embed-panel', role: 'tabpanel', id: 'epanel-results', 'aria-labelledby': 'etab-results' }),
    policies: h('div', { class: 'embed-panel', role: 'tabpanel', id: 'epanel-policies', 'aria-labelledby': 'etab-policies', hidden: true }, policiesEl),
  };

  function content(aboutEl, ...resultParts) {
    panels.results.append(...resultParts.filter(Boolean));
    return [aboutEl, tabs, panels.results, panels.policies];
  }

  function showView(id) {
    view = id;
    views.forEach((v, i) => {
      tabButtons[i].setAttribute('aria-selected', String(v.id === id));
      tabButtons[i].tabIndex = v.id === id ? 0 : -1;
      panels[v.id].hidden = v.id !== id;
    });
    if (id === 'policies') renderPolicies();
  }

  // ---------- the Policies view ----------
  let renderedFor = { text: null, report: null };
  let marked = null; // {path, index} of the statement a trace link pointed at
  let decided = new Map();

  function renderPolicies() {
    const text = ctx.text();
    const report = ctx.report();
    if (text === renderedFor.text && report === renderedFor.report) return;
    renderedFor = { text, report };
    decided = decidedSteps(report);
    clear(policiesEl);
    const s = ctx.scenario();
    if (!s || typeof s !== 'object') {
      policiesEl.append(h('p', { class: 'muted' }, 'The scenario’s JSON does not parse, so its policies cannot be listed.'));
      return;
    }
    const groups = policyGroups(s);
    const count = documentCount(groups);
    if (!groups.length) {
      policiesEl.append(h('p', { class: 'muted' }, 'This world has no policy documents.'));
      return;
    }
    policiesEl.append(h('p', { class: 'muted small emb-policies-note' }, `${count} document${count === 1 ? '' : 's'}, read-only. “Edit” opens one in the editor of this frame.`));
    const open = count <= OPEN_LIMIT;
    for (const g of groups) {
      const sec = h('section', { class: 'emb-group', dataset: { testid: 'embed-group' } }, h('h3', { class: 'emb-group-title' }, g.title));
      for (const e of g.entities) {
        sec.append(h('details', { class: 'emb-entity', open, dataset: { testid: 'embed-entity' } }, h('summary', null, e.title), e.attached.map(attachedLine), e.docs.map(docBlock)));
      }
      policiesEl.append(sec);
    }
    if (marked) mark(marked.path, marked.index, false);
  }

  function docBlock(d) {
    const what = `${d.kind}${d.name ? ` ${d.name}` : ''}`;
    return h(
      'section',
      { class: 'emb-doc', dataset: { testid: 'embed-policy', path: d.path, kind: d.kind } },
      h(
        'div',
        { class: 'emb-doc-head' },
        h('span', { class: 'emb-doc-kind' }, d.kind),
        d.name ? h('strong', { class: 'emb-doc-name' }, d.name) : null,
        d.targets && d.targets.length ? h('span', { class: 'muted small' }, `attached to ${d.targets.join(', ')}`) : null,
        h(
          'button',
          {
            type: 'button',
            class: 'small-btn emb-doc-edit',
            'aria-label': `Edit ${what}`,
            dataset: { testid: 'embed-policy-edit' },
            onclick: () => {
              // the editor shows the document; the results under it follow each change
              if (!ctx.editing()) ctx.setEditing(true);
              showView('results');
              ctx.gotoPolicy(d.path);
            },
          },
          'Edit',
        ),
      ),
      highlightedPolicy(d.text),
      decidedList(d),
    );
  }

  /** Under a document: which steps its statements decided (allowed or explicitly denied). */
  function decidedList(d) {
    const byIndex = decided.get(d.path);
    if (!byIndex || !byIndex.size) return null;
    return h(
      'ul',
      { class: 'emb-decides small' },
      [...byIndex.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([index, steps]) => {
          const sid = statementSid(d.text, index);
          return h(
            'li',
            { dataset: { testid: 'embed-decides', statementIndex: String(index) } },
            `${sid ? `Sid ${sid}` : `Statement ${index + 1}`} decided `,
            steps.map((x, k) => [k ? ', ' : '', `step ${x.step + 1}: `, h('span', { class: `badge badge-${decisionClass(x.decision)}` }, decisionLabel(x.decision))]),
          );
        }),
    );
  }

  function attachedLine(a) {
    const line = h(
      'div',
      { class: 'emb-attached', dataset: { testid: 'embed-attached', aws: String(a.aws) } },
      h('span', { class: 'emb-doc-kind' }, a.label),
      h('strong', { class: 'emb-doc-name' }, a.name),
      h('span', { class: 'muted small' }, a.aws ? 'AWS managed' : a.path ? 'customer managed' : 'not defined in this scenario'),
    );
    if (a.path) {
      line.append(h('button', { type: 'button', class: 'small-btn', onclick: () => mark(a.path, null, true) }, 'Show'));
    }
    if (a.aws) {
      const ref = awsManagedReference(a.name);
      const holder = h('div', { class: 'emb-aws-doc-body' }, h('p', { class: 'muted small' }, 'Loading the document…'));
      const det = h('details', { class: 'emb-aws-doc', dataset: { testid: 'embed-aws-document' } }, h('summary', null, 'Its document'), holder);
      let loaded = false;
      det.addEventListener('toggle', () => {
        if (!det.open || loaded) return;
        loaded = true;
        managedDocuments().then((docs) => {
          clear(holder);
          const text = docs && typeof docs[a.name] === 'string' ? pretty(docs[a.name]) : null;
          holder.append(text ? highlightedPolicy(text) : h('p', { class: 'muted small' }, 'This playground has no copy of this document.'));
          holder.append(h('p', { class: 'small' }, 'AWS documentation: ', h('a', { href: ref.url, target: '_blank', rel: 'noopener noreferrer' }, ref.title)));
        });
      });
      line.append(det);
    }
    return line;
  }

  /** Scroll to a document (and, with `index`, mark one of its statements). */
  function mark(path, index, scroll) {
    for (const el of policiesEl.querySelectorAll('.emb-stmt-marked, .emb-doc-marked')) {
      el.classList.remove('emb-stmt-marked', 'emb-doc-marked');
      delete el.dataset.marked;
    }
    const doc = [...policiesEl.querySelectorAll('[data-testid="embed-policy"]')].find((d) => d.dataset.path === path);
    if (!doc) return false;
    const det = doc.closest('details');
    if (det) det.open = true;
    const target = index === null ? doc : doc.querySelector(`[data-statement-index="${index}"]`) || doc;
    target.classList.add(target === doc ? 'emb-doc-marked' : 'emb-stmt-marked');
    target.dataset.marked = 'true';
    if (scroll) target.scrollIntoView({ block: 'center' });
    return true;
  }

  /** A statement link from a trace: the Policies view, scrolled to the statement, marked. */
  function showStatement(origin, span) {
    const s = ctx.scenario();
    const hit = statementAt(s, ctx.reportText() || ctx.text(), origin, span);
    showView('policies');
    marked = hit;
    if (hit) mark(hit.path, hit.index, true);
    else mark(origin, null, true);
  }

  // ---------- the lesson ----------
  let lessonOpen = null; // the reader's own choice, once made

  /** The scenario's description as the embed shows it (kind: 'lesson' | 'walkthrough' | null), or null. */
  function lesson(s, kind) {
    const desc = s && typeof s.description === 'string' && s.description.trim() ? s.description : null;
    if (!desc) return null;
    const label = kind === 'lesson' ? 'Lesson' : kind === 'walkthrough' ? 'About this walk-through' : 'Description';
    const md = renderMarkdown(desc);
    for (const p of md.querySelectorAll('p')) {
      const first = p.firstChild;
      if (first && first.nodeName === 'STRONG' && /^try it\b/i.test(first.textContent || '')) {
        p.classList.add('try-it');
        p.dataset.testid = 'try-it';
        p.append(' ', h('button', { type: 'button', class: 'small-btn try-edit', dataset: { testid: 'try-it-edit' }, onclick: () => ctx.setEditing(true) }, 'Edit here to try it'));
      }
    }
    const plain = desc.replace(/^\s*\*\*[^*]{1,40}\*\*\s*/, '').replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
    const teaser = (/^(.{0,160}?[.!?])(\s|$)/.exec(plain) || [null, plain.slice(0, 160)])[1];
    const open = lessonOpen === null ? window.innerHeight >= ROOMY_HEIGHT : lessonOpen;
    const det = h(
      'details',
      { class: 'description embed-lesson', open, dataset: { testid: 'description' } },
      h('summary', null, h('span', { class: 'emb-lesson-label' }, label), h('span', { class: 'emb-teaser muted' }, teaser)),
      md,
    );
    det.addEventListener('toggle', () => (lessonOpen = det.open));
    return det;
  }

  function setTitle(text) {
    title.textContent = text;
    title.title = text;
  }

  /** The bar follows the state: editing or not, edited or not. */
  function sync() {
    const editing = ctx.editing();
    editBtn.textContent = editing ? 'Close the editor' : 'Edit here';
    editBtn.setAttribute('aria-pressed', String(editing));
    resetBtn.hidden = !ctx.dirty();
    renderLive();
  }

  /** After an evaluation: the Policies view follows the scenario's text while it is shown. */
  function refresh() {
    if (view === 'policies') renderPolicies();
    renderLive();
  }

  /** The line under the bar while editing: the steps whose decision changed, or that none did. */
  function renderLive() {
    live.hidden = !ctx.editing();
    if (live.hidden) return;
    clear(live);
    const report = ctx.report();
    const baseline = ctx.baseline();
    const steps = report && Array.isArray(report.steps) ? report.steps : [];
    const flips = steps.filter((st) => st && typeof st.decision === 'string' && Array.isArray(baseline) && baseline[st.index] && baseline[st.index] !== st.decision);
    const show = h('button', { type: 'button', class: 'linklike embed-live-show', onclick: () => (showView('results'), ctx.showResults()) }, 'Show the results');
    if (!report) {
      live.append('No results yet. ', show);
      return;
    }
    if (!flips.length) {
      live.append(h('span', { class: 'muted' }, 'No decision changed yet. '), show);
      return;
    }
    live.dataset.flips = String(flips.length);
    append(live, [
      flips.slice(0, 3).map((st, k) => [
        k ? '; ' : '',
        `Step ${st.index + 1}: `,
        h('span', { class: `badge badge-${decisionClass(baseline[st.index])}` }, decisionLabel(baseline[st.index])),
        ' → ',
        h('span', { class: `badge badge-${decisionClass(st.decision)}`, dataset: { testid: 'embed-live-flip', stepIndex: String(st.index), decision: st.decision } }, decisionLabel(st.decision)),
      ]),
      flips.length > 3 ? ` and ${flips.length - 3} more` : '',
      '. ',
      show,
    ]);
  }

  return { bar, content, setTitle, lesson, sync, refresh, showView, showStatement };
}
