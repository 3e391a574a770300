// Bundles the page's JavaScript and CSS (www/src/) into www/site/, which index.html copies
// into dist/ (Trunk `rel="copy-dir"`). Trunk runs this as a pre_build hook; it also runs alone:
//   node www/build.mjs            (minified)
//   node www/build.mjs --dev      (readable, with source maps)
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { rmSync, mkdirSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
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

await esbuild.build({
  entryPoints: [join(here, 'src/main.js')],
  outdir,
  bundle: true,
  format: 'esm',
  splitting: true,
  target: ['es2020'],
  minify: !dev,
  sourcemap: dev,
  legalComments: 'eof',
  logLevel: 'warning',
});
console.log(`www/build.mjs: bundled www/src/main.js into www/site/${dev ? ' (dev)' : ''}`);
