// What-if at real account sizes in the wasm build, as the page's worker runs it: read a
// generated export folder, `api({op: "import", files})`, then `api({op: "whoCan", scenario,
// action, resource})` for an object of the shared artifacts bucket (s3:GetObject) and for the
// first production account's access/Admin role (sts:AssumeRole). Prints one JSON line per
// figure and a summary; asserts nothing about time (goal, issue 8: import then who-can < 3 s).
//
// Usage, from the project root, after building the site into dist/ and generating a folder:
//   cargo run --release --example gen-export -- target/whatif/full
//   node benches/wasm/whatif-wasm.mjs target/whatif/full
// Without Trunk, the same engine files come from (the glue is then named without a hash):
//   (. scripts/env.sh && cargo build --release --target wasm32-unknown-unknown \
//      --bin iam-playground-web --no-default-features --features web)
//   wasm-bindgen --target web --out-dir target/wasm/dist-bench \
//      target/wasm/wasm32-unknown-unknown/release/iam-playground-web.wasm
//   IAMP_DIST=target/wasm/dist-bench node benches/wasm/whatif-wasm.mjs target/whatif/full
// Env: IAMP_DIST (default ./dist): the folder with Trunk's --target web glue and the wasm;
//      WHATIF_OBJECT / WHATIF_ROLE override the two probes.
// Given a scenario file (an import saved by `iam-playground import`) instead of a folder, the
// import is skipped and only the who-can queries run (set both probes then).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { engineFiles, managedFile } from './engine.mjs'

const folder = process.argv[2]
if (!folder) {
  console.error('usage: node benches/wasm/whatif-wasm.mjs EXPORT_FOLDER   (env IAMP_DIST=dist)')
  process.exit(2)
}

const now = () => process.hrtime.bigint()
const ms = (t0) => Math.round(Number(now() - t0) / 1e5) / 10
const mb = (bytes) => Math.round(bytes / 104857.6) / 10
const emit = (figure, value, extra = {}) => console.log(JSON.stringify({ figure, value, ...extra }))

function readFolder(dir) {
  const out = []
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out.push({ name: relative(dir, p).split(sep).join('/'), text: readFileSync(p, 'utf8') })
    }
  }
  walk(dir)
  return out
}

// The probes, found in the export itself: the bucket whose name ends in -shared-artifacts
// (its policy file sits in the first production account's folder) and that account's
// access/Admin role.
function probes(files) {
  const policy = files.find((f) => /\/resource-policies\/s3\/.*-shared-artifacts\.json$/.test(f.name))
  if (!policy) throw new Error('no shared-artifacts bucket policy in the folder: set WHATIF_OBJECT and WHATIF_ROLE')
  const account = policy.name.split('/')[0]
  const bucket = decodeURIComponent(policy.name.split('/').pop().replace(/\.json$/, ''))
  return {
    object: process.env.WHATIF_OBJECT ?? `${bucket}/releases/app-1.4.2.zip`,
    role: process.env.WHATIF_ROLE ?? `arn:aws:iam::${account}:role/access/Admin`
  }
}

function call(engine, request, label) {
  const c0 = process.cpuUsage()
  const t0 = now()
  const requestText = JSON.stringify(request)
  const stringifyMs = ms(t0)
  const t1 = now()
  const answerText = engine.api(requestText)
  const apiMs = ms(t1)
  const t2 = now()
  const answer = JSON.parse(answerText)
  const parseMs = ms(t2)
  if (answer.type !== 'success') throw new Error(`${label}: ${answerText.slice(0, 600)}`)
  const totalMs = ms(t0)
  const c = process.cpuUsage(c0)
  // Process CPU (all threads, so the garbage collector's too): steadier than wall time on a
  // machine shared with other builds.
  const cpuMs = Math.round((c.user + c.system) / 100) / 10
  return { answer, stringifyMs, apiMs, parseMs, totalMs, cpuMs, requestBytes: requestText.length, answerBytes: answerText.length }
}

const t0 = now()
const single = statSync(folder).isFile()
const files = single ? [] : readFolder(folder)
const bytes = files.reduce((n, f) => n + f.text.length, 0)
emit('read', ms(t0), { unit: 'ms', files: files.length, mb: mb(bytes) })
const { object, role } = single ? { object: process.env.WHATIF_OBJECT, role: process.env.WHATIF_ROLE } : probes(files)
if (!object || !role) throw new Error('set WHATIF_OBJECT and WHATIF_ROLE')

const { glue: gluePath, wasm: wasmPath } = engineFiles()
const t1 = now()
const glue = await import(pathToFileURL(gluePath).href)
const exports = glue.initSync({ module: readFileSync(wasmPath) })
if (typeof glue.managedInstall === 'function') glue.managedInstall(readFileSync(managedFile(), 'utf8'))
emit('instantiate', ms(t1), { unit: 'ms', wasm: wasmPath.split('/').pop(), engine: glue.engineVersion() })

let imp = { totalMs: 0, answer: { scenario: single ? JSON.parse(readFileSync(folder, 'utf8')) : null } }
if (!single) {
  imp = call(glue, { op: 'import', files }, 'import')
  const errors = (imp.answer.diagnostics ?? []).filter((d) => d.severity === 'error').length
  emit('import', imp.totalMs, { unit: 'ms', cpuMs: imp.cpuMs, apiMs: imp.apiMs, stringifyMs: imp.stringifyMs, parseMs: imp.parseMs, scenarioMb: mb(imp.answerBytes), diagnostics: (imp.answer.diagnostics ?? []).length, errors, summary: imp.answer.summary })
}
const scenario = imp.answer.scenario

const results = {}
for (const [key, action, resource] of [['getObject', 's3:GetObject', object], ['assumeRole', 'sts:AssumeRole', role]]) {
  const r = call(glue, { op: 'whoCan', scenario, action, resource }, `whoCan ${action}`)
  results[key] = r
  emit(`whoCan ${action}`, r.totalMs, { unit: 'ms', cpuMs: r.cpuMs, apiMs: r.apiMs, stringifyMs: r.stringifyMs, resource, answers: r.answer.summary?.answers, evaluations: r.answer.summary?.evaluations, invalid: r.answer.invalid ?? false })
}
const memory = exports?.memory?.buffer?.byteLength ?? 0
const usage = process.resourceUsage()
emit('memory', mb(memory), { unit: 'MB', what: 'wasm linear memory', peakRssMb: Math.round(usage.maxRSS / 102.4) / 10 })
const total = Math.round((imp.totalMs + results.getObject.totalMs) * 10) / 10
const totalCpu = Math.round(((imp.cpuMs ?? 0) + results.getObject.cpuMs) * 10) / 10
emit('importToWhoCan', total, { unit: 'ms', cpuMs: totalCpu, goalMs: 3000, files: files.length, mb: mb(bytes), node: process.version })
