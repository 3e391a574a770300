// Trunk post_build hook: keeps the built index.html clean under the page's
// Content-Security-Policy (index.html's <meta http-equiv>, `script-src 'self'`, no inline script).
// Trunk writes an inline module script that starts the wasm; this moves every inline script of
// the staged index.html into a file named by its content (`boot-<hash>.js`, beside the wasm
// glue, so its relative imports still resolve) and loads it with `src`. It fails the build
// (exit 1, with the reason) when the page has no CSP meta, the CSP allows inline script or
// eval, or an inline event handler (`onload="…"`) is left in the page.
//   node www/post-build.mjs [DIR]   (DIR: Trunk's $TRUNK_STAGING_DIR, else dist/)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || join(repo, 'dist');
const file = join(dir, 'index.html');

function fail(message) {
  console.error(`www/post-build.mjs: ${file}: ${message}`);
  process.exit(1);
}

let html;
try {
  html = readFileSync(file, 'utf8');
} catch (e) {
  fail(`cannot read it (${e.message})`);
}

const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
if (!csp) fail('no <meta http-equiv="Content-Security-Policy"> (index.html must carry the page\'s CSP)');
const scriptSrc = /(?:^|;)\s*script-src\s+([^;]*)/.exec(csp[1]);
if (!scriptSrc) fail('the CSP has no script-src');
for (const bad of ["'unsafe-inline'", "'unsafe-eval'", 'data:', 'blob:', '*']) {
  if (scriptSrc[1].split(/\s+/).includes(bad)) fail(`the CSP's script-src allows ${bad}`);
}

let moved = 0;
html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi, (whole, attrs, body) => {
  if (/\bsrc\s*=/i.test(attrs)) return whole;
  if (!body.trim()) return '';
  const name = `boot-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), body);
  moved += 1;
  const kept = attrs.replace(/\s+$/, '');
  return `<script${kept} src="./${name}"></script>`;
});

const handler = /<[a-z][^>]*\son[a-z]+\s*=/i.exec(html);
if (handler) fail(`an inline event handler is left in the page: ${handler[0].slice(0, 80)}`);
if (/\bhref\s*=\s*["']?\s*javascript:/i.test(html)) fail('a javascript: URL is left in the page');

writeFileSync(file, html);
console.log(`www/post-build.mjs: ${moved} inline script(s) moved out of index.html; CSP: ${csp[1]}`);
