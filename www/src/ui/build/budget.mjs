// Build step: report gzip sizes of the built JS and CSS against the budget (250 KB gzip).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const JS_CSS_BUDGET_GZIP = 250 * 1024;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Print one line per JS/CSS file and a total; returns {total, ok}. */
export function reportBudget(siteDir, { log = console.log } = {}) {
  let total = 0;
  let raw = 0;
  const rows = [];
  for (const f of walk(siteDir).filter((p) => /\.(m?js|css)$/.test(p) && !p.endsWith('sw.js'))) {
    const buf = readFileSync(f);
    const gz = gzipSync(buf, { level: 9 }).length;
    total += gz;
    raw += buf.length;
    rows.push([relative(siteDir, f), buf.length, gz]);
  }
  rows.sort((a, b) => b[2] - a[2]);
  for (const [name, size, gz] of rows) log(`  ${name.padEnd(40)} ${String(size).padStart(9)} B  ${String(gz).padStart(8)} B gzip`);
  const ok = total <= JS_CSS_BUDGET_GZIP;
  log(`budget: JS+CSS ${raw} B raw, ${total} B gzip (${(total / 1024).toFixed(1)} KB) of ${JS_CSS_BUDGET_GZIP / 1024} KB gzip: ${ok ? 'OK' : 'OVER BUDGET'}`);
  return { total, ok };
}
