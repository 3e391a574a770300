// Build step: copy the conformance scenarios and the lessons next to the bundle as presets.
// Preset id = file name without `.json`. The text is copied exactly (it is what the engine's
// own tests run), and an index lists id, kind, title and a one-line summary.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function summary(description) {
  if (typeof description !== 'string') return '';
  // a leading bold label ("**The rule.**") is a heading, not the summary
  const plain = description.replace(/^\s*\*\*[^*]{1,40}\*\*\s*/, '').replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
  const m = /^(.{0,200}?[.!?])(\s|$)/.exec(plain);
  return m ? m[1] : plain.slice(0, 200);
}

/** Copy presets from `sources` ([{dir, kind}]) into `outDir`; returns the index. */
export function buildPresets(sources, outDir) {
  mkdirSync(outDir, { recursive: true });
  const index = [];
  const seen = new Set();
  for (const { dir, kind } of sources) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const id = file.slice(0, -'.json'.length);
      const text = readFileSync(join(dir, file), 'utf8');
      let doc;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        throw new Error(`${join(dir, file)}: not valid JSON (${e.message})`);
      }
      if (seen.has(id)) throw new Error(`preset id ${id} is defined twice`);
      seen.add(id);
      writeFileSync(join(outDir, `${id}.json`), text);
      index.push({ id, kind, title: typeof doc.title === 'string' ? doc.title : id, summary: typeof doc.summary === 'string' && doc.summary.trim() ? doc.summary.trim() : summary(doc.description), steps: Array.isArray(doc.steps) ? doc.steps.length : 0 });
    }
  }
  writeFileSync(join(outDir, 'index.json'), JSON.stringify(index, null, 1));
  return index;
}
