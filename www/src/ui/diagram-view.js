// The "Diagram" view of the results pane (and the embed's Diagram section): the picture of the
// world and the chain (diagram-model.js → diagram-layout.js → diagram-svg.js), the SVG / PNG
// export buttons (diagram-export.js), and the list of steps: one sentence each, which is both
// the picture's text for screen readers and the way to choose the step whose path is drawn.
// Clicking a principal, resource or account asks the app to open its policies.
import { h, clear } from './dom.js';
import { decisionLabel } from './labels.js';
import { buildModel, stepSentence } from './diagram-model.js';
import { layoutDiagram } from './diagram-layout.js';
import { renderSvg, decisionStyle } from './diagram-svg.js';
import { downloadSvg, downloadPng } from './diagram-export.js';

/**
 * ctx: {scenario(), report(), onOpenNode(path, name), notice(msg)}.
 * Returns {el, refresh(), invalidate(), select(index)}.
 */
export function createDiagramPanel(ctx) {
  let selected = null; // the step whose path is drawn (null: the first with a path)
  let stale = true;
  let scrolledFor = null; // the step the box last scrolled to
  let model = null;
  let layout = null;
  const status = h('p', { class: 'muted small dg-status', role: 'status' });
  const svgBtn = h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'diagram-export-svg' }, title: 'Download the diagram as an SVG file', onclick: () => exportAs('svg') }, 'SVG');
  const pngBtn = h('button', { type: 'button', class: 'small-btn', dataset: { testid: 'diagram-export-png' }, title: 'Download the diagram as a PNG image (twice the size)', onclick: () => exportAs('png') }, 'PNG');
  const canvas = h('div', { class: 'dg-scroll', dataset: { testid: 'diagram' }, tabindex: '0', 'aria-label': 'Diagram of the accounts, trust relationships and the chosen step' });
  let fitChosen = false; // until the reader chooses, a diagram is fitted when it would shrink little
  const fitToggle = h('input', {
    type: 'checkbox',
    dataset: { testid: 'diagram-fit' },
    onchange: () => {
      fitChosen = true;
      canvas.classList.toggle('dg-fitted', fitToggle.checked);
    },
  });
  const list = h('ol', { class: 'dg-steps', dataset: { testid: 'diagram-steps' }, 'aria-label': 'Steps: choose one to draw its path' });
  const el = h(
    'section',
    { class: 'diagram-panel', dataset: { testid: 'diagram-panel' } },
    h(
      'div',
      { class: 'dg-head' },
      h('p', { class: 'hint' }, 'Accounts as boxes, trust relationships as arrows (from who may assume to the role), and the chosen step’s path: 1 is the sign-in, then each hop; the last hop has the step’s decision colour. Click a principal to open its policies. ', h('a', { href: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html', target: '_blank', rel: 'noopener' }, 'AWS: Roles terms and concepts')),
      h('span', { class: 'dg-export', role: 'group', 'aria-label': 'Export the diagram' }, h('label', { class: 'dg-fit' }, fitToggle, 'Fit to width'), h('span', { class: 'muted small' }, 'Export'), svgBtn, pngBtn),
    ),
    status,
    canvas,
    h('h3', { class: 'dg-steps-title' }, 'Steps'),
    list,
  );

  canvas.addEventListener('click', (e) => {
    const g = e.target instanceof Element ? e.target.closest('[data-path]') : null;
    if (!g || !canvas.contains(g)) return;
    const name = g.querySelector('.dg-node-name, .dg-account-title');
    ctx.onOpenNode(g.dataset.path, name ? name.textContent : '');
  });

  function render() {
    stale = false;
    const scenario = ctx.scenario();
    clear(canvas);
    clear(list);
    if (!scenario || typeof scenario !== 'object' || Array.isArray(scenario)) {
      status.textContent = 'The scenario JSON does not parse: fix it in the JSON tab to see the diagram.';
      layout = null;
      return;
    }
    const report = ctx.report();
    model = buildModel(scenario, report);
    layout = layoutDiagram(model);
    const drawable = layout.steps.filter((s) => s.path.length);
    if (selected === null || !drawable.some((s) => s.index === selected)) {
      const first = drawable.find((s) => s.hops.length && s.decision) || drawable[0];
      selected = first ? first.index : null;
    }
    const realAccounts = model.accounts.filter((a) => !a.outside).length;
    const principals = model.nodes.filter((n) => n.kind !== 'resource' && n.kind !== 'external').length;
    status.textContent = `${realAccounts} account${realAccounts === 1 ? '' : 's'}, ${principals} principal${principals === 1 ? '' : 's'}, ${model.trusts.length} trust relationship${model.trusts.length === 1 ? '' : 's'}${report ? '' : ' (no results yet)'}.`;
    const sentence = (i) => {
      const st = model.steps.find((s) => s.index === i);
      return st ? stepSentence(model, st, decisionLabel) : '';
    };
    const svg = renderSvg(layout, {
      title: `Diagram: ${model.title}`,
      desc: `${status.textContent} ${selected !== null ? `Drawn: ${sentence(selected)}.` : ''}`,
      selected,
      stepText: sentence,
    });
    // The page's Content-Security-Policy refuses style attributes in markup (style-src-attr
    // 'none'); styles set through the CSSOM are allowed. The markup carries them as data-s
    // (every text in it is escaped, so ` style="` only starts an attribute) and they are applied
    // one by one; the SVG export serializes them back as style attributes.
    canvas.innerHTML = svg.replace(/ style="/g, ' data-s="');
    for (const el of canvas.querySelectorAll('[data-s]')) {
      el.style.cssText = el.getAttribute('data-s');
      el.removeAttribute('data-s');
    }
    if (!fitChosen) {
      const room = canvas.clientWidth;
      fitToggle.checked = room > 0 && room < layout.width && room / layout.width >= 0.7;
      canvas.classList.toggle('dg-fitted', fitToggle.checked);
    }
    // a diagram wider than its box scrolls to the start of the drawn path when it changes
    const drawn = layout.steps.find((x) => x.index === selected);
    if (drawn && drawn.start && scrolledFor !== selected && !fitToggle.checked && canvas.scrollWidth > canvas.clientWidth) {
      scrolledFor = selected;
      canvas.scrollLeft = Math.max(0, drawn.start.x - 24);
    }
    for (const st of model.steps) {
      if (st.kind === 'advanceTime' || st.kind === 'setTime' || st.kind === 'revokeSessions' || st.kind === 'unknown') continue;
      const { cls } = decisionStyle(st);
      const canDraw = st.path.length > 0;
      list.append(
        h(
          'li',
          { class: `dg-step dg-step-${cls}${st.index === selected ? ' dg-step-selected' : ''}`, dataset: { testid: 'diagram-step', stepIndex: String(st.index), decision: st.decision || '' } },
          canDraw
            ? h('button', { type: 'button', class: 'linklike', 'aria-pressed': String(st.index === selected), onclick: () => select(st.index) }, sentence(st.index))
            : h('span', { class: 'muted' }, sentence(st.index)),
        ),
      );
    }
  }

  function select(index) {
    if (!Number.isInteger(index)) return;
    selected = index;
    if (el.isConnected && !el.closest('[hidden]')) render();
    else stale = true;
  }

  async function exportAs(kind) {
    if (stale) render();
    const svg = canvas.querySelector('svg');
    if (!svg) {
      ctx.notice('There is no diagram to export: the scenario JSON does not parse.');
      return;
    }
    const title = model ? model.title : 'scenario';
    try {
      if (kind === 'svg') downloadSvg(svg, title);
      else await downloadPng(svg, title);
    } catch (e) {
      ctx.notice(`Could not export the diagram as ${kind.toUpperCase()}: ${e && e.message ? e.message : e}.`);
    }
  }

  return {
    el,
    /** Draw now if the view is on screen; otherwise at the next refresh. */
    invalidate() {
      stale = true;
      if (el.isConnected && !el.closest('[hidden]') && el.offsetParent !== null) render();
    },
    refresh() {
      if (stale) render();
    },
    select,
    /** A new scenario: the path drawn goes back to its first step's. */
    reset() {
      selected = null;
      scrolledFor = null;
      stale = true;
    },
    get selected() {
      return selected;
    },
  };
}
