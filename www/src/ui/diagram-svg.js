// The world-and-chain diagram as SVG text (pure, no DOM): account boxes with their unit and
// SCP / RCP lines, principals inside, trust arrows with their badges, and one step's path drawn
// over it, numbered and coloured by its decision. Colours are the page's CSS variables (with
// the light theme's values as fallbacks), so the picture follows light and dark; the export
// (diagram-export.js) resolves them into plain colours.

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** A CSS variable of styles.css with its light-theme value as the fallback. */
const V = {
  bg: 'var(--bg, #f7f8fa)',
  panel: 'var(--panel, #ffffff)',
  fg: 'var(--fg, #1b1f24)',
  muted: 'var(--muted, #5b6470)',
  border: 'var(--border, #d5dae1)',
  accent: 'var(--accent, #1a5fb4)',
  allowed: 'var(--allowed, #137333)',
  xdeny: 'var(--xdeny, #b3261e)',
  ideny: 'var(--ideny, #8a4b00)',
  err: 'var(--err, #6b2fa0)',
  decisiveBg: 'var(--decisive-bg, #fff4c2)',
  decisiveBorder: 'var(--decisive-border, #e0b400)',
};

/** The colour and class of a step's decision. */
export function decisionStyle(st) {
  if (st.notEvaluated) return { cls: 'not-evaluated', color: V.muted };
  switch (st.decision) {
    case 'allowed':
      return { cls: 'allowed', color: V.allowed };
    case 'explicitDeny':
      return { cls: 'explicit-deny', color: V.xdeny };
    case 'implicitDeny':
      return { cls: 'implicit-deny', color: V.ideny };
    case 'error':
      return { cls: 'error', color: V.err };
    default:
      return st.kind === 'as' ? { cls: 'sign-in', color: V.accent } : { cls: 'not-evaluated', color: V.muted };
  }
}

const KIND_MARK = { user: 'U', group: 'G', role: 'R', resource: '▣', external: '◇' };

/**
 * The SVG text. opts: {title, desc, selected (a step index or null), stepText(index) → string}.
 * Nodes carry data-node-id / data-path, the selected path data-step-index and its decision class.
 */
export function renderSvg(layout, opts = {}) {
  const { width, height } = layout;
  const out = [];
  const font = 'font-family:system-ui,-apple-system,&quot;Segoe UI&quot;,Roboto,sans-serif';
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="dg-svg" role="img" aria-labelledby="dg-title dg-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="${font};font-size:12px;color:${V.fg}">`,
  );
  out.push(`<title id="dg-title">${esc(opts.title || 'Diagram')}</title><desc id="dg-desc">${esc(opts.desc || '')}</desc>`);
  const colours = { trust: V.muted, allowed: V.allowed, 'explicit-deny': V.xdeny, 'implicit-deny': V.ideny, error: V.err, 'not-evaluated': V.muted, 'sign-in': V.accent };
  out.push('<defs>');
  for (const [k, c] of Object.entries(colours)) out.push(`<marker id="dg-arrow-${k}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" style="fill:${c}"/></marker>`);
  out.push('</defs>');
  out.push(`<rect class="dg-bg" x="0" y="0" width="${width}" height="${height}" style="fill:${V.panel}"/>`);

  for (const b of layout.bands) {
    out.push(
      `<g class="dg-band dg-band-${b.kind}"><title>${esc(b.full)}</title><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4" style="fill:${b.kind === 'org' ? V.bg : V.decisiveBg};stroke:${b.kind === 'org' ? V.border : V.decisiveBorder}"/><text x="${b.x + 8}" y="${b.y + 15}" style="fill:${V.fg};font-weight:600;font-size:11px">${esc(b.label)}</text></g>`,
    );
  }

  for (const a of layout.accounts) {
    const dash = a.outside || !a.declared ? ';stroke-dasharray:5 4' : '';
    out.push(`<g class="dg-account" data-account-id="${esc(a.id)}"${a.path ? ` data-path="${esc(a.path)}"` : ''}>`);
    out.push(`<title>${esc(a.outside ? a.fullTitle : `Account ${a.fullTitle}`)}</title>`);
    out.push(`<rect x="${a.x}" y="${a.y}" width="${a.w}" height="${a.h}" rx="8" style="fill:${V.bg};stroke:${V.border};stroke-width:1.5${dash}"/>`);
    out.push(`<text class="dg-account-title" x="${a.x + 10}" y="${a.y + 22}" style="fill:${V.fg};font-weight:700;font-size:13px">${esc(a.title)}</text>`);
    let y = a.y + 22;
    if (a.subtitle) {
      y += 16;
      out.push(`<text x="${a.x + 10}" y="${y}" style="fill:${V.muted};font-size:11px">${esc(a.subtitle)}</text>`);
    }
    for (const l of a.lines) {
      y += 16;
      const colour = l.kind === 'scp' || l.kind === 'rcp' ? V.fg : V.muted;
      out.push(`<text class="dg-guardrail dg-${l.kind}" x="${a.x + 10}" y="${y}" style="fill:${colour};font-size:11px${l.kind === 'scp' || l.kind === 'rcp' ? ';font-weight:600' : ''}"><title>${esc(l.full)}</title>${esc(l.text)}</text>`);
    }
    out.push('</g>');
  }

  // trust arrows under the principals
  for (const t of layout.trusts) {
    out.push(`<path class="dg-trust" data-from="${esc(t.from)}" data-to="${esc(t.to)}" d="${t.d}" style="fill:none;stroke:${V.muted};stroke-width:1.3;stroke-dasharray:${t.toAccount ? '6 4' : 'none'}" marker-end="url(#dg-arrow-trust)"><title>${esc(t.text)}</title></path>`);
  }

  const selected = layout.steps.find((s) => s.index === opts.selected) || null;
  const onPath = new Set(selected ? selected.path : []);
  // the hops before the last were allowed (the chain got there); the last one has the step's decision
  const last = selected && selected.path.length ? selected.path[selected.path.length - 1] : null;
  const nodeColour = (id) => (id === last || selected.path.length < 2 ? decisionStyle(selected).color : V.allowed);
  for (const n of layout.nodes) {
    const hl = onPath.has(n.id);
    const stroke = hl ? nodeColour(n.id) : n.kind === 'role' ? V.accent : V.border;
    out.push(`<g class="dg-node dg-node-${n.kind}${hl ? ' dg-on-path' : ''}" data-node-id="${esc(n.id)}"${n.path ? ` data-path="${esc(n.path)}" tabindex="-1"` : ''} style="cursor:${n.path ? 'pointer' : 'default'}">`);
    out.push(`<title>${esc(`${n.fullName} — ${n.sub}${n.path ? ' (click to open its policies)' : ''}`)}</title>`);
    out.push(`<rect x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" rx="6" style="fill:${V.panel};stroke:${stroke};stroke-width:${hl ? 2.5 : 1.2}${n.declared ? '' : ';stroke-dasharray:4 3'}"/>`);
    out.push(`<text x="${n.x + n.w - 14}" y="${n.y + 15}" text-anchor="middle" style="fill:${V.muted};font-size:10px">${esc(KIND_MARK[n.kind] || '')}</text>`);
    out.push(`<text class="dg-node-name" x="${n.x + 8}" y="${n.y + 16}" style="fill:${V.fg};font-weight:600">${esc(n.name)}</text>`);
    out.push(`<text x="${n.x + 8}" y="${n.y + 30}" style="fill:${V.muted};font-size:10px">${esc(n.sub)}</text>`);
    out.push('</g>');
  }

  for (const t of layout.trusts) {
    if (!t.badge) continue;
    const b = t.badge;
    out.push(
      `<g class="dg-badge" data-to="${esc(t.to)}"><title>${esc(t.text)}</title><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" style="fill:${V.panel};stroke:${V.muted}"/><text x="${b.x + b.w / 2}" y="${b.y + 12}" text-anchor="middle" style="fill:${V.fg};font-size:10px;font-weight:600">${esc(b.text)}</text></g>`,
    );
  }

  if (selected) {
    const { cls, color } = decisionStyle(selected);
    out.push(`<g class="dg-path dg-path-${cls}" data-step-index="${selected.index}" data-decision="${esc(selected.decision || (selected.notEvaluated ? 'notEvaluated' : ''))}">`);
    out.push(`<title>${esc(opts.stepText ? opts.stepText(selected.index) : `Step ${selected.index + 1}`)}</title>`);
    const n = selected.hops.length;
    selected.hops.forEach((hop, k) => {
      const final = k === n - 1;
      const c = final ? color : V.allowed;
      out.push(`<path class="dg-hop${final ? ' dg-hop-last' : ''}" d="${hop.d}" style="fill:none;stroke:${c};stroke-width:${final ? 3 : 2.2};stroke-linecap:round" marker-end="url(#dg-arrow-${final ? cls : 'allowed'})"/>`);
    });
    const marks = [];
    if (selected.start) marks.push({ x: selected.start.x - 2, y: selected.start.y, n: 1, c: n ? V.allowed : color });
    selected.hops.forEach((hop, k) => marks.push({ x: hop.mid.x, y: hop.mid.y, n: hop.number, c: k === n - 1 ? color : V.allowed }));
    for (const m of marks) out.push(`<circle cx="${m.x}" cy="${m.y}" r="9" style="fill:${m.c};stroke:${V.panel};stroke-width:2"/><text x="${m.x}" y="${m.y + 4}" text-anchor="middle" style="fill:${V.panel};font-size:11px;font-weight:700">${m.n}</text>`);
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('');
}
