// The world-and-chain diagram's layout (pure, no DOM): the model of diagram-model.js becomes
// boxes, bands and curves with coordinates. No layout library: the graphs are a few accounts
// with a few principals each, so accounts are columns (grouped by organizational unit, the
// outside principals first), principals are stacked inside them, and every edge is one cubic
// curve between box sides. That costs a few hundred bytes instead of a graph-layout package's
// tens of kilobytes, and the picture stays the same from one edit to the next.
import { OUTSIDE } from './diagram-model.js';

export const SIZES = { pad: 16, colW: 196, gap: 84, nodeH: 38, nodeGap: 8, band: 22, line: 16, char: 6.6, lane: 9, radius: 6 };

/** Cut `text` to fit `px` pixels at the approximate width of a character (`middle`: keep both ends). */
export function fit(text, px, char = SIZES.char, middle = false) {
  const s = String(text ?? '');
  const max = Math.max(4, Math.floor(px / char));
  if (s.length <= max) return s;
  if (!middle) return `${s.slice(0, max - 1)}…`;
  const head = Math.ceil((max - 1) / 2);
  return `${s.slice(0, head)}…${s.slice(s.length - (max - 1 - head))}`;
}

/** Column order: outside principals first, then accounts grouped by unit (members before others). */
function columnOrder(model) {
  const groups = new Map();
  const key = (a) => (a.outside ? '0' : model.org ? (a.member ? `1:${a.ouIds.join('/')}` : '2') : '1');
  for (const a of model.accounts) {
    const k = key(a);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(a);
  }
  const keys = [...groups.keys()].sort((x, y) => (x[0] === y[0] ? 0 : x[0] < y[0] ? -1 : 1));
  return keys.flatMap((k) => groups.get(k));
}

/** "SCP A, B, C" over as many lines as the box needs (at most 3, then "and N more"). */
function wrapNames(label, names, kind, full, max = 24) {
  const lines = [];
  let cur = label;
  names.forEach((n, i) => {
    const piece = `${n}${i < names.length - 1 ? ',' : ''}`;
    if (cur.length + 1 + piece.length > max && cur !== label && cur !== '') {
      lines.push(cur);
      cur = piece;
    } else cur = `${cur} ${piece}`;
  });
  lines.push(cur);
  const shown = lines.slice(0, 3);
  if (lines.length > 3) shown[2] = `${shown[2]} and more`;
  return shown.map((text) => ({ text, kind, full }));
}

function headerLines(model, a) {
  const lines = [];
  if (a.outside) return lines;
  if (!a.declared) lines.push({ text: 'not in the scenario', kind: 'note' });
  if (model.org) {
    if (!a.member) lines.push({ text: 'outside the organization', kind: 'note' });
    if (a.management) lines.push({ text: 'management account', kind: 'mgmt', full: 'The management account: SCPs do not restrict it, RCPs not its resources' });
    if (a.member && a.scps.length) lines.push(...wrapNames('SCP', a.scps, 'scp', `Service control policies: ${a.scps.join(', ')}`));
    if (a.member && a.rcps.length) lines.push(...wrapNames('RCP', a.rcps, 'rcp', `Resource control policies: ${a.rcps.join(', ')}`));
  }
  return lines;
}

const cubicMid = (p0, p1, p2, p3) => ({ x: (p0.x + 3 * p1.x + 3 * p2.x + p3.x) / 8, y: (p0.y + 3 * p1.y + 3 * p2.y + p3.y) / 8 });
const r1 = (n) => Math.round(n * 10) / 10;

/** Layout: {width, height, bands, accounts, nodes, trusts, steps}; coordinates in px. */
export function layoutDiagram(model, sizes = SIZES) {
  const S = { ...SIZES, ...sizes };
  const cols = columnOrder(model);
  const bandRows = model.org ? 2 : 0;
  const colOf = new Map(cols.map((a, i) => [a.id, i]));
  const accountOf = (id) => (typeof id === 'string' && id.startsWith('account:') ? id.slice(8) : (model.nodes.find((n) => n.id === id) || {}).account);
  // an edge that skips a column runs in a lane of its own above the boxes (never behind a box)
  const lanes = new Map();
  const pairs = [...model.trusts.map((t) => [t.from, t.to]), ...model.steps.flatMap((st) => st.path.slice(1).map((id, k) => [st.path[k], id]))];
  for (const [from, to] of pairs) {
    const ca = colOf.get(accountOf(from));
    const cb = colOf.get(accountOf(to));
    const key = `${from}\u0000${to}`;
    if (ca !== undefined && cb !== undefined && Math.abs(ca - cb) > 1 && !lanes.has(key)) lanes.set(key, lanes.size);
  }
  const laneTop = S.pad + bandRows * (S.band + 4) + 6;
  const top = laneTop + (lanes.size ? lanes.size * S.lane + 8 : 0);
  const accounts = [];
  const nodes = [];
  const col = new Map(); // account id → column index
  const place = new Map(); // node id → box
  let maxH = 0;
  cols.forEach((a, ci) => {
    col.set(a.id, ci);
    const x = S.pad + ci * (S.colW + S.gap);
    const lines = headerLines(model, a);
    const headH = 10 + 18 + (a.outside ? 0 : S.line) + lines.length * S.line + 6;
    const inner = S.colW - 20;
    let y = top + headH;
    for (const n of model.nodes.filter((n) => n.account === a.id)) {
      const box = { id: n.id, kind: n.kind, x: x + 10, y, w: inner, h: S.nodeH, name: fit(n.name, inner - 26, 7.6, true), fullName: n.name, sub: fit(n.sub, inner - 16, 6), path: n.path, declared: n.declared, account: a.id };
      nodes.push(box);
      place.set(n.id, box);
      y += S.nodeH + S.nodeGap;
    }
    const h = Math.max(y - top + 4, headH + 24);
    maxH = Math.max(maxH, h);
    accounts.push({
      id: a.id,
      x,
      y: top,
      w: S.colW,
      h,
      headH,
      outside: !!a.outside,
      declared: a.declared,
      path: a.path,
      title: fit(a.outside ? a.name : a.name || a.id, S.colW - 20, 7.6),
      fullTitle: a.outside ? a.name : a.name ? `${a.name} (${a.id})` : a.id,
      subtitle: a.outside ? '' : a.name ? a.id : 'account',
      lines: lines.map((l) => ({ ...l, text: fit(l.text, S.colW - 20, 6.8), full: l.full || l.text })),
    });
  });
  for (const a of accounts) a.h = maxH; // equal heights: the columns read as a row

  // bands: the organization over its member columns, each unit over its consecutive columns
  const bands = [];
  if (model.org) {
    const memberCols = cols.map((a, i) => (a.member && !a.outside ? i : -1)).filter((i) => i >= 0);
    if (memberCols.length) {
      const x0 = S.pad + memberCols[0] * (S.colW + S.gap);
      const x1 = S.pad + memberCols[memberCols.length - 1] * (S.colW + S.gap) + S.colW;
      bands.push({ kind: 'org', x: x0, y: S.pad, w: x1 - x0, h: S.band, label: fit(`Organization ${model.org.id}`, x1 - x0 - 16), full: `Organization ${model.org.id}` });
    }
    let i = 0;
    while (i < cols.length) {
      const a = cols[i];
      if (!a.member || a.outside || !a.ouIds.length) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < cols.length && cols[j + 1].member && cols[j + 1].ouIds.join('/') === a.ouIds.join('/')) j++;
      const x0 = S.pad + i * (S.colW + S.gap);
      const x1 = S.pad + j * (S.colW + S.gap) + S.colW;
      const label = `OU ${a.ouPath.join(' › ')}`;
      bands.push({ kind: 'ou', x: x0, y: S.pad + S.band + 4, w: x1 - x0, h: S.band, label: fit(label, x1 - x0 - 16), full: label, ouId: a.ouIds[a.ouIds.length - 1] });
      i = j + 1;
    }
  }

  const accountBox = new Map(accounts.map((a) => [a.id, a]));
  const box = (id) => {
    if (typeof id === 'string' && id.startsWith('account:')) {
      const a = accountBox.get(id.slice(8));
      return a ? { x: a.x, y: a.y + 4, w: a.w, h: 36, account: a.id } : null;
    }
    return place.get(id) || null;
  };
  /** A curve from box `a` to box `b`: {d, mid, end} or null. */
  const curve = (fromId, toId) => {
    const a = box(fromId);
    const b = box(toId);
    if (!a || !b) return null;
    const ca = col.get(a.account);
    const cb = col.get(b.account);
    const ya = a.y + a.h / 2;
    const yb = b.y + b.h / 2;
    let p0;
    let p1;
    let p2;
    let p3;
    const lane = lanes.get(`${fromId}\u0000${toId}`);
    if (lane !== undefined && ca !== cb) {
      // out of the source's side into the gap beside it, up to the lane, along, down the gap
      // beside the target, into its side; each lane has its own x in the gaps
      const L = laneTop + lane * S.lane;
      const right = ca < cb;
      const sgn = right ? 1 : -1;
      const x0 = right ? a.x + a.w : a.x;
      const x3 = right ? b.x - 6 : b.x + b.w + 6;
      const colX = (c) => S.pad + c * (S.colW + S.gap);
      const shift = ((lane % 6) - 2.5) * 7;
      const g1 = right ? colX(ca) + S.colW + S.gap / 2 + shift : colX(ca) - S.gap / 2 + shift;
      const g2 = right ? colX(cb) - S.gap / 2 + shift : colX(cb) + S.colW + S.gap / 2 + shift;
      const r = S.radius;
      const d = [
        `M${r1(x0)} ${r1(ya)}`,
        `H${r1(g1 - sgn * r)}`,
        `Q${r1(g1)} ${r1(ya)} ${r1(g1)} ${r1(ya - r)}`,
        `V${r1(L + r)}`,
        `Q${r1(g1)} ${r1(L)} ${r1(g1 + sgn * r)} ${r1(L)}`,
        `H${r1(g2 - sgn * r)}`,
        `Q${r1(g2)} ${r1(L)} ${r1(g2)} ${r1(L + r)}`,
        `V${r1(yb - r)}`,
        `Q${r1(g2)} ${r1(yb)} ${r1(g2 + sgn * r)} ${r1(yb)}`,
        `H${r1(x3)}`,
      ].join(' ');
      return { d, mid: { x: r1((g1 + g2) / 2), y: r1(L) }, near: { x: r1(g2), y: r1(Math.max(L + 14, yb - 22)) } };
    }
    if (fromId === toId) {
      p0 = { x: a.x + a.w, y: ya - 6 };
      p3 = { x: a.x + a.w, y: ya + 6 };
      p1 = { x: p0.x + 36, y: p0.y - 18 };
      p2 = { x: p3.x + 36, y: p3.y + 18 };
    } else if (ca === cb) {
      p0 = { x: a.x + a.w, y: ya };
      p3 = { x: b.x + b.w + 6, y: yb };
      const out = Math.min(S.gap - 12, 28 + Math.abs(yb - ya) / 6);
      p1 = { x: p0.x + out, y: ya };
      p2 = { x: p3.x + out, y: yb };
    } else if (ca < cb) {
      p0 = { x: a.x + a.w, y: ya };
      p3 = { x: b.x - 6, y: yb };
      const dx = Math.max(40, (p3.x - p0.x) / 2.2);
      p1 = { x: p0.x + dx, y: ya };
      p2 = { x: p3.x - dx, y: yb };
    } else {
      p0 = { x: a.x, y: ya };
      p3 = { x: b.x + b.w + 6, y: yb };
      const dx = Math.max(40, (p0.x - p3.x) / 2.2);
      p1 = { x: p0.x - dx, y: ya };
      p2 = { x: p3.x + dx, y: yb };
    }
    const d = `M${r1(p0.x)} ${r1(p0.y)} C${r1(p1.x)} ${r1(p1.y)} ${r1(p2.x)} ${r1(p2.y)} ${r1(p3.x)} ${r1(p3.y)}`;
    const mid = cubicMid(p0, p1, p2, p3);
    // a badge sits just above the curve's end, in the gap before the target
    const near = ca === cb || fromId === toId ? { x: r1(mid.x), y: r1(mid.y - 14) } : { x: r1(p3.x + (ca < cb ? -S.gap / 2 : S.gap / 2)), y: r1(p3.y - 18) };
    return { d, mid: { x: r1(mid.x), y: r1(mid.y) }, near };
  };

  const trusts = [];
  for (const t of model.trusts) {
    const c = curve(t.from, t.to);
    if (c) trusts.push({ from: t.from, to: t.to, badges: t.badges, toAccount: t.toAccount, text: t.text || '', d: c.d, mid: c.mid, near: c.near });
  }
  // a badge where several arrows meet: shift it down until it no longer covers another
  const taken = [];
  for (const t of trusts) {
    if (!t.badges.length) continue;
    const w = t.badges.join(' · ').length * 6.2 + 12;
    let y = t.near.y;
    while (taken.some((b) => Math.abs(b.x - t.near.x) < (b.w + w) / 2 && Math.abs(b.y - y) < 16)) y -= 17;
    taken.push({ x: t.near.x, y, w });
    t.badge = { x: r1(t.near.x - w / 2), y: r1(y - 8), w: r1(w), h: 16, text: t.badges.join(' · ') };
  }

  const steps = model.steps.map((st) => {
    const hops = [];
    for (let k = 1; k < st.path.length; k++) {
      const c = curve(st.path[k - 1], st.path[k]);
      if (c) hops.push({ d: c.d, mid: c.mid, number: k + 1 });
    }
    const first = st.path.length ? box(st.path[0]) : null;
    const start = first ? { x: r1(first.x), y: r1(first.y + first.h / 2) } : null;
    return { index: st.index, kind: st.kind, decision: st.decision, notEvaluated: st.notEvaluated, path: st.path, hops, start };
  });

  const width = S.pad * 2 + Math.max(1, cols.length) * S.colW + Math.max(0, cols.length - 1) * S.gap + 40;
  const height = top + maxH + S.pad;
  return { width: Math.round(width), height: Math.round(height), bands, accounts, nodes, trusts, steps };
}
