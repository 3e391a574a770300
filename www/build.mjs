// Builds the playground's front end: www/src/ → www/site/, which index.html copies into dist/
// (Trunk `rel="copy-dir"`; Trunk runs this as a pre_build hook). It bundles the UI with
// esbuild (CodeMirror in a lazily loaded chunk), copies the presets (tests/conformance and
// tests/lessons), writes the AWS action catalogue (data/iam-catalogue.txt) gzip-compressed
// under a versioned name, writes the service worker with the list of files to precache, and
// prints the JS+CSS size budget.
//   node www/build.mjs            (minified)
//   node www/build.mjs --dev      (readable, with source maps)
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { rmSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildPresets } from './src/ui/build/presets.mjs';
import { reportBudget } from './src/ui/build/budget.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const dev = process.argv.includes('--dev');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('www/build.mjs: esbuild is not installed; run scripts/setup.sh (or `npm ci` in www/)');
  process.exit(1);
}

const outdir = join(here, 'site');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// The AWS action catalogue: a separate asset the page's worker fetches after the first
// decision is on screen. Named by its dataset version and content, so a cached copy is never
// stale; the page learns the name through `IAMP_CATALOGUE_ASSET`.
const catalogueText = readFileSync(join(repo, 'data', 'iam-catalogue.txt'));
const datasetLine = /^dataset \S+ (\S+)/m.exec(catalogueText.toString('utf8'));
if (!datasetLine) {
  console.error('www/build.mjs: data/iam-catalogue.txt has no `dataset` line; regenerate it with tools/iam-catalogue');
  process.exit(1);
}
const catalogueHash = createHash('sha256').update(catalogueText).digest('hex').slice(0, 10);
const catalogueAsset = `iam-catalogue-${datasetLine[1]}-${catalogueHash}.txt.gz`;
writeFileSync(join(outdir, catalogueAsset), gzipSync(catalogueText, { level: 9 }));

// The AWS managed policy documents: the browser's engine does not compile them in (they are
// 34 KB of its gzip budget); the page and its worker fetch this asset while the engine starts
// and install it before the first decision. One JSON object, policy name to document text,
// named by its content; the page learns the name through `IAMP_MANAGED_ASSET`.
const managedDir = join(repo, 'src', 'managed', 'documents');
const managed = {};
for (const f of readdirSync(managedDir).filter((n) => n.endsWith('.json')).sort()) {
  managed[f.slice(0, -'.json'.length)] = readFileSync(join(managedDir, f), 'utf8');
}
const managedText = JSON.stringify(managed);
const managedAsset = `managed-policies-${createHash('sha256').update(managedText).digest('hex').slice(0, 10)}.json`;
writeFileSync(join(outdir, managedAsset), managedText);

await esbuild.build({
  entryPoints: { main: join(here, 'src/main.js'), worker: join(here, 'src/worker.js') },
  outdir,
  bundle: true,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: ['es2022'],
  minify: !dev,
  sourcemap: dev,
  legalComments: 'eof',
  logLevel: 'warning',
  define: { IAMP_CATALOGUE_ASSET: JSON.stringify(catalogueAsset), IAMP_MANAGED_ASSET: JSON.stringify(managedAsset) },
});

// <iam-playground> loader: a classic script (loads from any origin) at a stable name
await esbuild.build({
  entryPoints: { embed: join(here, 'src/embed.js') },
  outdir,
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: !dev,
  legalComments: 'eof',
  logLevel: 'warning',
});

const presets = buildPresets(
  [
    { dir: join(repo, 'tests', 'conformance'), kind: 'walkthrough' },
    { dir: join(repo, 'tests', 'lessons'), kind: 'lesson' },
  ],
  join(outdir, 'presets'),
);

// The service worker: precache everything built here (paths relative to the site root,
// where index.html copies site/), versioned by the content so a new build replaces the cache.
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const files = walk(outdir)
  .map((f) => relative(outdir, f).split('\\').join('/'))
  .sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(outdir, f)));
const version = hash.digest('hex').slice(0, 12);
const template = readFileSync(join(here, 'src/ui/build/sw-template.js'), 'utf8');
writeFileSync(join(outdir, 'sw.js'), template.replace('__VERSION__', version).replace('__PRECACHE__', JSON.stringify(['./', ...files.map((f) => `site/${f}`)])));

console.log(`www/build.mjs: bundled www/src/main.js into www/site/ with ${presets.length} presets and ${catalogueAsset}, build ${version}${dev ? ' (dev)' : ''}`);
reportBudget(outdir);
