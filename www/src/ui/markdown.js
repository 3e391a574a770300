// A deliberately tiny, safe Markdown subset for scenario descriptions: paragraphs, bullet
// lists, `code`, **bold**, *emphasis* and [links](https://…). Builds DOM nodes, never HTML.
import { h } from './dom.js';

function inline(text) {
  const out = [];
  const re = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(\[[^\]]+\]\((https?:\/\/[^)\s]+)\))|(https?:\/\/[^\s)]+)/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1]) out.push(h('code', null, m[1].slice(1, -1)));
    else if (m[2]) out.push(h('strong', null, m[2].slice(2, -2)));
    else if (m[3]) out.push(h('em', null, m[3].slice(1, -1)));
    else if (m[4]) out.push(h('a', { href: m[5], target: '_blank', rel: 'noopener noreferrer' }, m[4].slice(1, m[4].indexOf(']'))));
    else if (m[6]) out.push(h('a', { href: m[6], target: '_blank', rel: 'noopener noreferrer' }, m[6]));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function renderMarkdown(src) {
  const root = h('div', { class: 'markdown' });
  const blocks = String(src || '').split(/\n\s*\n/);
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (!lines.length) continue;
    if (lines.every((l) => /^\s*[-*]\s+/.test(l) || /^\s{2,}\S/.test(l))) {
      const ul = h('ul');
      let cur = null;
      for (const l of lines) {
        if (/^\s*[-*]\s+/.test(l)) {
          cur = h('li', null, inline(l.replace(/^\s*[-*]\s+/, '')));
          ul.append(cur);
        } else if (cur) cur.append(' ', ...inline(l.trim()));
      }
      root.append(ul);
    } else if (/^#{1,4}\s/.test(lines[0])) {
      root.append(h('h4', null, inline(lines[0].replace(/^#+\s*/, ''))));
      if (lines.length > 1) root.append(h('p', null, inline(lines.slice(1).join(' '))));
    } else {
      root.append(h('p', null, inline(lines.join(' '))));
    }
  }
  return root;
}
