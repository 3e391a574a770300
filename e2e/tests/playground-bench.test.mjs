// Budgets of the playground, measured in headless Chromium against the built site and
// printed (numbers, not timed assertions): JS+CSS and wasm sizes (gzip), the first decision
// on screen after navigation, and re-evaluation after an edit, per conformance scenario.
// Only the size budget, which is deterministic, is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { newPage, ready, distDir, presetIndex, useSite } from './playground-support.mjs';

const site = useSite();

function walk(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}
const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

test('bundle sizes: JS+CSS under 250 KB gzip (wasm reported)', () => {
  const files = walk(distDir);
  const jsCss = files.filter((f) => /\.(m?js|css)$/.test(f) && !f.endsWith('sw.js'));
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  const jsCssGz = jsCss.reduce((n, f) => n + gz(f), 0);
  const wasmGz = wasm.reduce((n, f) => n + gz(f), 0);
  console.log(`# budget: JS+CSS ${(jsCssGz / 1024).toFixed(1)} KB gzip (limit 250 KB); wasm ${(wasmGz / 1024).toFixed(1)} KB gzip (limit 400 KB)`);
  assert.ok(jsCssGz < 250 * 1024, `JS+CSS is ${jsCssGz} B gzip`);
});

test('timings: first decision after navigation and re-evaluation after an edit', async () => {
  const presets = (await presetIndex()).filter((p) => p.kind !== 'lesson');
  const rows = [];
  for (const p of presets) {
    const page = await newPage(site.browser);
    await page.goto(`${site.server.url}?editor=plain#preset=${p.id}`);
    await ready(page);
    const first = await page.evaluate(() => window.iamPlaygroundUI.metrics.navigationToFirstDecisionMs);
    const runs = [];
    for (let i = 0; i < 15; i++) runs.push(await page.evaluate(() => window.iamPlaygroundUI.measureEdit()));
    const engine = runs.map((r) => r.engineMs);
    const total = runs.map((r) => r.totalMs);
    await page.waitForFunction(() => window.iamPlaygroundUI.state.engineMode === 'worker', null, { timeout: 10000 }).catch(() => {});
    const wruns = [];
    for (let i = 0; i < 15; i++) {
      const r = await page.evaluate(() => window.iamPlaygroundUI.measureEditInWorker());
      if (r) wruns.push(r.totalMs);
    }
    rows.push({ id: p.id, first, engineMedian: median(engine), engineP95: p95(engine), totalMedian: median(total), totalP95: p95(total), worker: wruns.length ? median(wruns) : null });
    await page.context().close();
  }
  for (const r of rows) {
    console.log(
      `# ${r.id}: first decision ${r.first.toFixed(0)} ms after navigation (budget 1000); re-evaluation engine ${r.engineMedian.toFixed(2)} ms median / ${r.engineP95.toFixed(2)} p95, engine+render ${r.totalMedian.toFixed(2)} ms median / ${r.totalP95.toFixed(2)} p95 (budget 16)${r.worker === null ? '' : `; in the worker, edit to decisions on screen ${r.worker.toFixed(2)} ms median (page thread free meanwhile)`}`,
    );
  }
  assert.equal(rows.length, presets.length);
});
